"""Starter files for clerks: a commented proposal, committee, meeting, report or site.

Every starter builds and checks clean as written: what the clerk has not filled in yet is
a comment, never a placeholder figure. Nothing here overwrites a file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path
from string import Template

from .. import schemas
from ..content import fence, validate
from ..content.load import MAX_FILE_BYTES
from ..content.yamldoc import read_yaml
from ..model import SiteConfig, slugify
from ..money import UNIT_LABEL
from ..program import command
from . import yamltext

DEFAULT_PREFIX, DEFAULT_DIGITS = "P", 3
#: A ref as clerks write them: a prefix and a number (SC002, CS01, A/R.6.255).
NUMBERED = re.compile(r"^(.*?)(?<!\d)(\d+)$")  # digits from the start of their run: linear
#: The top-level ``ref:`` line of a proposal; read by pattern, as parsing every file to
#: find the next free ref would make ``new`` slow on a site of thousands.
REF_LINE = re.compile(r"""^ref:[ \t]*(?:"([^"]*)"|'([^']*)'|([^#\n]*?))[ \t]*(?:#.*)?$""", re.MULTILINE)


class ScaffoldError(Exception):
    """The starter cannot be written; the message says what to do."""


def site_config(content_dir: Path) -> SiteConfig:
    """site.yaml as the build reads it; ScaffoldError when there is none to read."""
    path = Path(content_dir) / "site.yaml"
    if not path.is_file():
        raise ScaffoldError(
            f"{path} does not exist: give --content the folder that holds site.yaml, "
            f"or start a new site with: {command('new site')} --content {content_dir}"
        )
    data, problems = read_yaml(_read(path, content_dir).removeprefix("\ufeff"), "site.yaml")
    config, more = (
        validate.site_record(data, "site.yaml") if data is not None else (SiteConfig("site.yaml", 1), [])
    )
    if problems + more:
        raise ScaffoldError(
            f"{path} cannot be read as written ({(problems + more)[0].as_text()}): "
            f"run '{command('check')}' and correct it first"
        )
    return config


def existing_refs(content_dir: Path) -> list[str]:
    folder = Path(content_dir) / "proposals"
    refs = []
    for path in sorted(folder.glob("*.y*ml")) if folder.is_dir() else []:
        try:  # a file the build refuses has no ref to take, and is never read
            match = REF_LINE.search(
                fence.read_inside(path, content_dir, MAX_FILE_BYTES).decode("utf-8", errors="replace")
            )
        except OSError:
            continue
        if match:
            refs.append(next(g for g in match.groups() if g is not None).strip())
    return refs


def next_ref(refs: list[str], prefix: str | None = None, taken=lambda ref: False) -> str:
    """The next free ref: the most used prefix (or ``prefix``), its highest number + 1, with
    as many digits as its refs have (SC811 → SC812, CS01 → CS02)."""
    numbered = [(m[1], m[2]) for ref in refs if (m := NUMBERED.match(ref.strip()))]
    if prefix is None:
        prefix = Counter(p for p, _ in numbered).most_common(1)[0][0] if numbered else DEFAULT_PREFIX
    mine = [digits for p, digits in numbered if p == prefix]
    width = (
        Counter(len(d) for d in mine or [d for _, d in numbered]).most_common(1)[0][0]
        if numbered
        else DEFAULT_DIGITS
    )
    number = max((int(d) for d in mine), default=0) + 1
    used = {ref.strip().casefold() for ref in refs}
    while f"{prefix}{number:0{width}d}".casefold() in used or taken(f"{prefix}{number:0{width}d}"):
        number += 1
    return f"{prefix}{number:0{width}d}"


def new_proposal(
    content_dir: Path, title: str | None, ref: str | None = None, prefix: str | None = None
) -> tuple[Path, str]:
    config = site_config(content_dir)
    folder = Path(content_dir) / "proposals"
    refs = existing_refs(content_dir)
    if ref is None:
        ref = next_ref(refs, prefix, lambda r: (folder / f"{slugify(r)}.yaml").exists())
    elif ref.strip().casefold() in {r.casefold() for r in refs}:
        raise ScaffoldError(
            f"the ref {ref} is already used in {folder}: choose another --ref, "
            "or leave it out to take the next free one"
        )
    path = folder / f"{slugify(ref)}.yaml"
    years = config.years or [_financial_year(dt.date.today())]
    unit = UNIT_LABEL.get(config.unit, config.unit)
    committees = _committees(content_dir)[:3]
    profile = "".join(f"#   {year}: null\n" for year in years)
    text = (
        schemas.modeline("proposal")
        + f"""\
# A savings proposal, started by 'scrutinypack new proposal'.
# Copy the paper's words and figures exactly as printed. Never correct a figure: where the
# paper's sums do not add up, the checks say so publicly. Only ref and title are required.
# To fill in a field, remove the '# ' before it; delete what the paper does not have.
# Every field is described in docs/content-format.md. Then run: scrutinypack check
ref: {yamltext.text(ref)}
title: {yamltext.text(title or "New proposal: write its title as printed")}
status: proposed          # proposed | consultation | approved | rejected | withdrawn | delivered
# service: Waste          # groups the summary tables
# directorate: Growth, Environment, Transport and Community Services
# committees: [{", ".join(committees) or "budget-scrutiny"}]   # slugs of committees/ files
# start_year: {years[0]}
# owner: Jane Example     # the senior responsible officer
# project_code: TR001543

# Figures are written as printed: a bare number is in {unit} (site.yaml's unit); "£250k" and
# "£766,400" carry their own. "N/A", "TBC" and null (not stated) are kept as written.
# baseline: {{year: {_year_before(years[0])}, gross: null, income: null, net: null}}
# budget_change:          # signed as printed: a saving is negative (e.g. -0.250)
{profile}# total: null             # the total as printed
# Where the paper prints savings as positive figures, write savings: instead of budget_change:.

# decisions: |
#   The decisions needed, in Markdown.
# impact: |
#   The impact on people and services.
# actions: |
#   What will be done, and when.
# consultation: {{required: false, note: Why not, or how.}}
# equality: {{required: true, note: What the equality analysis found.}}
# risks:
#   - risk: What could go wrong.
#     mitigation: What will be done about it.
# reported:
#   - {{body: Cabinet, date: {dt.date.today().isoformat()}, item: "6", appendix: D}}
"""
    )
    _create(path, text, content_dir)
    return path, ref


def new_committee(content_dir: Path, name: str | None, slug: str | None = None) -> Path:
    site_config(content_dir)
    name = name or "New committee"
    path = _free(Path(content_dir) / "committees", slug or slugify(name), ".yaml", slug is not None)
    text = (
        schemas.modeline("committee")
        + f"""\
# A committee, started by 'scrutinypack new committee'. Its file name ({path.stem}) is
# what proposals list under 'committees:' and what agendas call it.
name: {yamltext.text(name)}
# description: |
#   What the committee does, in Markdown.
meetings:
# Add a meeting with: scrutinypack new meeting --committee {path.stem} --date YYYY-MM-DD
"""
    )
    _create(path, text, content_dir)
    return path


def new_report(
    content_dir: Path,
    title: str | None,
    slug: str | None = None,
    committee: str | None = None,
    date: dt.date | None = None,
) -> Path:
    site_config(content_dir)
    title = title or "New report"
    if committee is not None:
        _committee_path(content_dir, committee)
    path = _free(Path(content_dir) / "reports", slug or slugify(title), ".md", slug is not None)
    committees = _committees(content_dir)
    line = (
        f"committee: {committee}"
        if committee
        else f"# committee: {committees[0] if committees else 'budget-scrutiny'}      # its file name in committees/"
    )
    text = (
        "---\n"
        + schemas.modeline("report")
        + f"""\
# A committee report, started by 'scrutinypack new report'. These lines between the
# '---' lines are its details; below them is the report itself, in Markdown. A Markdown
# table whose last row starts with "Total" has that row checked.
title: {yamltext.text(title)}
date: {(date or dt.date.today()).isoformat()}
{line}
# author: Jane Example
# reference: CAB/2019/01     # the paper's own reference, as printed
---
Write the report here, in Markdown.
"""
    )
    _create(path, text, content_dir)
    return path


def new_monitoring(
    content_dir: Path,
    title: str | None,
    slug: str | None = None,
    committee: str | None = None,
    date: dt.date | None = None,
) -> Path:
    """A savings delivery report (1.2) that builds as written: its first saving is the site's
    first proposal, with every figure still to be confirmed (TBC)."""
    site_config(content_dir)
    if committee is not None:
        _committee_path(content_dir, committee)
    as_at = date or dt.date.today()
    title = title or f"Savings delivery {_financial_year(as_at)}"
    path = _free(Path(content_dir) / "monitoring", slug or slugify(title), ".yaml", slug is not None)
    refs = existing_refs(content_dir)
    saving = (
        f"  {yamltext.text(refs[0])}:\n    target: TBC\n    delivered: TBC\n    forecast: TBC\n"
        "    shortfall: TBC\n    # rag: amber             # red | amber | green | blue (delivered in full)\n"
        if refs
        else "  # SC002: {target: 0.250, delivered: 0.180, forecast: 0.050, shortfall: 0.020}\n"
    )
    text = (
        schemas.modeline("monitoring")
        + f"""\
# A savings delivery report, started by 'scrutinypack new monitoring'. One file is one
# report as printed: where each saving stood on 'as_at'. Savings are written positive.
title: {yamltext.text(title)}
as_at: {as_at.isoformat()}
year: {_financial_year(as_at)}
{f"committee: {committee}" if committee else "# committee: budget-scrutiny   # its file name in committees/"}
# meeting: YYYY-MM-DD        # that committee's meeting: the report joins its pack
savings:                     # keyed by proposal ref, in printed order; TBC: not known yet
{saving}# total: {{target: 0.250, delivered: 0.180, forecast: 0.050, shortfall: 0.020}}   # printed totals
"""
    )
    _create(path, text, content_dir)
    return path


def new_site(content_dir: Path, title: str | None, council: str | None = None) -> list[Path]:
    """A content folder that builds as written (site.yaml, a committee with a meeting, two
    example proposals) and, in the folder that holds it, the files of its repository
    (:func:`_repository`). Returns the files written."""
    path = Path(content_dir) / "site.yaml"
    first = _financial_year(dt.date.today())
    start = int(first[:4])
    columns = [f"{y}/{(y + 1) % 100:02d}" for y in range(start, start + 4)]
    years = ", ".join(columns)
    council = council or "Example County Council"
    records = _example_records(content_dir, columns)
    for existing in [path, *records]:
        if existing.exists():
            raise ScaffoldError(
                f"{existing} already exists and is never overwritten: give --content a new folder"
            )
    text = (
        schemas.modeline("site")
        + f"""\
# The publication, started by 'scrutinypack new site'. Proposals go in proposals/,
# committees in committees/, reports in reports/: 'scrutinypack new proposal' starts one.
# To use a field, remove the '# ' before it. Every field: scrutinypack's docs/content-format.md.
council: {yamltext.text(council)}   # shown on every page and PDF
title: {yamltext.text(title or "Savings proposals")}   # the publication's title
unit: m                  # what a bare figure means: pounds | k (£000) | m (£m)
years: [{years}]   # the profile columns, in order
# profile_basis: discrete   # or cumulative, where each year's figure is a running position
# description: |
#   Where the figures come from, in Markdown, shown on the home page.
# licence: Open Government Licence v3.0
# contact: democratic.services@example.org
# as_of: 2019-11-30        # the date the site speaks for: a response to recommendations due before it
#                          # and not given is overdue (default: the day of the build)
# base_url: https://example.org/scrutiny/

# The council's own look (docs/content-format.md). The colour is checked for contrast:
# one too light for white text or links is refused, with the nearest shade that passes.
# brand:
#   colour: "#1d70b8"        # in quotes: the accent of the header and links
#   logo: assets/logo.svg    # an SVG or PNG in assets/: the header, PDF covers and headers
#   logo_print: assets/logo-dark.svg   # optional: for white paper (PDFs), where the logo is light
#   logo_alt: Example County Council   # what a screen reader says for the logo
#   footer_links:            # https://, mailto: or a path in this site
#     - {{label: Privacy notice, url: "https://example.org/privacy"}}
#     - {{label: Contact us, url: "mailto:democratic.services@example.org"}}

# The accessibility statement (site/accessibility/, linked from every page), after GOV.UK's
# model statement. 'check' warns until contact, prepared, reviewed and compliance are given.
# accessibility:
#   contact: democratic.services@example.org   # email or web address, for problems and formats
#   phone: 01234 567890
#   prepared: {dt.date.today().isoformat()}     # YYYY-MM-DD
#   reviewed: {dt.date.today().isoformat()}
#   compliance: partially    # fully | partially | not (WCAG 2.2 AA)
#   known_issues:            # Markdown, one entry a problem
#     - Some older papers are scanned images without text.
#   disproportionate_burden: []   # Markdown: what would cost too much to fix, and why
#   enforcement: |           # optional: the EHRC (and ECNI) paragraph is used without it
#     Markdown text.
"""
    )
    _create(path, text, content_dir)
    for folder in ("proposals", "committees", "reports"):
        fence.make_folders(Path(content_dir) / folder, content_dir)
    for record, record_text in records.items():
        _create(record, record_text, content_dir)
    return [path, *records, *_repository(Path(content_dir), council)]


# -- the new site's examples and repository ----------------------------------------------------

STARTER = Path(__file__).resolve().parents[1] / "starter"
#: The repository's files, from ``starter/``: the name there → the path beside the content folder.
REPOSITORY = {
    "README.md": "README.md",
    "gitignore": ".gitignore",
    "github-publish.yml": ".github/workflows/publish.yml",
    "gitlab-ci.yml": ".gitlab-ci.yml",
}


class _Starter(Template):
    delimiter = "%"  # the files are full of $ (shell, GitHub's ${{ }}, GitLab's $CI_…)


def _repository(content_dir: Path, council: str) -> list[Path]:
    """The clerk's README, the CI workflows (GitHub and GitLab Pages) and a .gitignore, in the
    folder that holds the content folder: the repository's root, where the commands are run
    and site/ is built. A file already there is kept as it is."""
    root = repository_root(content_dir)
    values = {"content": content_dir.resolve().name, "council": council}
    written = []
    for name, target in REPOSITORY.items():
        try:
            fence.create(
                root / target,
                _Starter((STARTER / name).read_text(encoding="utf-8")).substitute(values).encode("utf-8"),
                root,
            )
            written.append(root / target)
        except FileExistsError:
            pass
    return written


def repository_root(content_dir: Path) -> Path:
    """The folder that holds the content folder: the repository's root."""
    content_dir = Path(content_dir)
    return content_dir.parent if content_dir.name not in ("", ".", "..") else content_dir.resolve().parent


def _example_records(content_dir: Path, years: list[str]) -> dict[Path, str]:
    """A committee with one meeting, today, whose agenda holds two example proposals."""
    root = Path(content_dir)
    zeros = "".join(f"  {year}: 0.000\n" for year in years[2:])
    header = (
        "# An example proposal, written by 'scrutinypack new site': replace it with a real one\n"
        "# (or delete it, and its ref from committees/budget-scrutiny.yaml). Every field: "
        "scrutinypack's docs/content-format.md\n"
    )
    return {
        root / "committees" / "budget-scrutiny.yaml": schemas.modeline("committee")
        + f"""\
# An example committee, written by 'scrutinypack new site'. Its file name (budget-scrutiny)
# is what proposals list under 'committees:'. Add a meeting with:
#   scrutinypack new meeting --committee budget-scrutiny --date YYYY-MM-DD
name: Budget Scrutiny Committee
description: |
  Examines the council's savings proposals before the Cabinet decides on the budget.
meetings:
  - date: {dt.date.today().isoformat()}
    title: Savings proposals {years[0]}
    location: Committee Room 1, County Hall
    agenda:
      - title: Savings proposals {years[0]} to {years[-1]}
        proposals: [P001, P002]
        summary: {{group_by: service}}   # a table of their figures, by service
""",
        root / "proposals" / "p001.yaml": schemas.modeline("proposal")
        + f"""{header}\
ref: P001
title: Send committee papers by email instead of printing them
status: proposed          # proposed | consultation | approved | rejected | withdrawn | delivered
service: Democratic services
committees: [budget-scrutiny]
start_year: {years[0]}
baseline: {{year: {_year_before(years[0])}, gross: 0.420, income: 0.000, net: 0.420}}
budget_change:            # signed as printed: a saving is negative
  {years[0]}: -0.030
  {years[1]}: -0.020
{zeros}total: -0.050
decisions: |
  Agree that agendas and reports go to members by email, with printed copies on request.
impact: |
  Members and the public can still ask for paper copies.
""",
        root / "proposals" / "p002.yaml": schemas.modeline("proposal")
        + f"""{header}\
ref: P002
title: Share a library management system with a neighbouring council
status: consultation
service: Libraries
committees: [budget-scrutiny]
start_year: {years[0]}
baseline: {{year: {_year_before(years[0])}, gross: 2.150, income: 0.150, net: 2.000}}
budget_change:
  {years[0]}: -0.100
  {years[1]}: -0.050
{zeros}total: -0.150
consultation: {{required: true, note: Library users are asked for their views for twelve weeks.}}
risks:
  - risk: The two councils' systems cannot be merged in time.
    mitigation: Each keeps its own system until the shared one has been tested.
""",
    }


# -- meetings are added to a committee's file -------------------------------------------------


def new_meeting(
    content_dir: Path, committee: str | None, date: dt.date | None, title: str | None = None
) -> tuple[Path, str]:
    """Add a meeting at the end of a committee's meetings, leaving the rest of its text as it
    was (the clerk's comments included); returns the file and the meeting's date."""
    site_config(content_dir)
    if committee is None:
        committees = _committees(content_dir)
        if len(committees) != 1:
            raise ScaffoldError(
                "say which committee the meeting belongs to, e.g. --committee "
                f"{committees[0] if committees else 'budget-scrutiny'}"
                + (
                    f" (this site has: {', '.join(committees)})"
                    if committees
                    else ": this site has no committees yet; start one with "
                    f"'{command('new committee')} \"Budget Scrutiny\"'"
                )
            )
        committee = committees[0]
    path = _committee_path(content_dir, committee)
    old = _read(path, content_dir)
    before, dates = _meetings(old, path)
    day = (date or dt.date.today()).isoformat()
    if day in dates:
        raise ScaffoldError(
            f"{committee} already has a meeting on {day}: give another --date "
            "(YYYY-MM-DD), or add an agenda item to that meeting in "
            f"{path}"
        )
    title = title or "Savings proposals"
    meeting = [
        f"- date: {day}",
        f"  title: {yamltext.text(title)}",
        '  # time: "10:00"',
        "  # location: Committee Room B, County Hall",
        "  agenda:",
        f"    - title: {yamltext.text(title)}",
        "      proposals: []        # the refs of this item, e.g. [SC002, SC003], or {service: Waste}",
        "      # summary: {group_by: service}   # a table of their figures",
        "    # - title: Medium term financial strategy",
        "    #   report: mtfs-2019   # a report in reports/, by its file name",
    ]
    new = _append_meeting(old, meeting)
    try:  # the file must read back as before, with one more meeting
        added = _meetings(new, path) if new is not None else None
    except ScaffoldError:
        added = None
    if added != (before, dates + [day]):
        raise ScaffoldError(
            f"{path} is laid out in a way this command cannot add to safely: add "
            "the meeting by hand at the end of 'meetings:', e.g.\n"
            + "\n".join("  " + line for line in meeting)
        )
    fence.replace(path, new.encode("utf-8"), content_dir)
    return path, day


def _meetings(text: str, path: Path) -> tuple[list[str], list[str]]:
    """The committee's problems (as text) and meeting dates, as the build reads them."""
    data, problems = read_yaml(text, path.name)
    if problems:
        raise ScaffoldError(
            f"{path} cannot be read as written ({problems[0].as_text()}): "
            f"correct it first ({command('check')} lists every problem)"
        )
    if data is None:
        return [], []
    record, found = validate.committee_record(data, path.name, path.stem, "m")
    return [p.message for p in found], [m.date.isoformat() for m in record.meetings] if record else []


def _append_meeting(text: str, meeting: list[str]) -> str | None:
    """The committee text with ``meeting`` added as the last item of its 'meetings:' list;
    None when the list is written on one line ([{date: …}]), which only a person should edit."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if re.match(r"meetings[ \t]*:", line)), None)
    if start is None:
        return text.rstrip("\n") + "\nmeetings:\n" + "".join(f"  {line}\n" for line in meeting)
    value = re.sub(r"(^|\s)#.*$", "", lines[start].split(":", 1)[1]).strip()
    if value not in ("", "[]"):
        return None
    lines[start] = lines[start].replace("[]", "", 1)  # its comment, if any, stays
    end = next((i for i in range(start + 1, len(lines)) if re.match(r"[^\s#-]", lines[i])), len(lines))
    last = max((i for i in range(start, end) if lines[i].strip()), default=start)
    items = [line for line in lines[start + 1 : end] if re.match(r"\s*- ", line)]
    indent = len(items[0]) - len(items[0].lstrip()) if items else 2
    added = [" " * indent + line for line in meeting]
    return "\n".join(lines[: last + 1] + added + lines[last + 1 :]) + "\n"


# -- helpers -------------------------------------------------------------------------------


def _committee_path(content_dir: Path, committee: str) -> Path:
    folder = Path(content_dir) / "committees"
    for suffix in (".yaml", ".yml") if validate.SLUG.match(committee) else ():
        if (folder / f"{committee}{suffix}").is_file():
            return folder / f"{committee}{suffix}"
    known = _committees(content_dir)
    raise ScaffoldError(
        f"there is no committee '{committee}' in {folder}: "
        + (
            f"this site has {', '.join(known)}"
            if known
            else f"start one with '{command('new committee')} \"Budget Scrutiny\"'"
        )
    )


def _committees(content_dir: Path) -> list[str]:
    folder = Path(content_dir) / "committees"
    return sorted(p.stem for p in folder.glob("*.y*ml")) if folder.is_dir() else []


def _free(folder: Path, slug: str, suffix: str, chosen: bool) -> Path:
    """``slug`` in ``folder``; when taken, a numbered one (new-report-2), unless the clerk chose it."""
    if not validate.SLUG.match(slug):
        raise ScaffoldError(f"'{slug}' cannot be a file name here: use only a-z, 0-9 and '-'")
    path, number = folder / f"{slug}{suffix}", 2
    while path.exists():
        if chosen:
            raise ScaffoldError(f"{path} already exists and is never overwritten: choose another --slug")
        path, number = folder / f"{slug}-{number}{suffix}", number + 1
    return path


def _financial_year(day: dt.date) -> str:
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def _year_before(year: str) -> str:
    start = int(year[:4]) - 1
    return f"{start}/{(start + 1) % 100:02d}"


def _read(path: Path, content_dir: Path) -> str:
    """A content file's text with its line ends made \\n, read only when the build would read
    it (inside the folder, a plain file): a link out is refused without a word of what it
    leads to."""
    try:
        data = fence.read_inside(path, content_dir, MAX_FILE_BYTES)
    except fence.Refused as refusal:
        raise ScaffoldError(str(refusal)) from None
    try:
        return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError:
        raise ScaffoldError(
            f"{path} is not UTF-8 text: save it as UTF-8, then run the command again"
        ) from None


def _create(path: Path, text: str, content_dir: Path) -> None:
    """Write a new starter, and first the schemas its first line points at (the folder's own
    copy): a ``.schemas`` the fence refuses leaves no starter behind."""
    schemas.write(content_dir)
    try:
        fence.create(path, text.encode("utf-8"), content_dir)
    except FileExistsError:
        raise ScaffoldError(f"{path} already exists and is never overwritten: choose another name") from None
