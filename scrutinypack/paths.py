"""The one path helper: where each page lives, and relative links between pages.

Every link the site writes is relative, so the same output works from a web server, a
sub-folder and a file share. Paths here are site paths: forward slashes, no leading '/',
pages named by their folder (``proposals/sc002/``).
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Callable, Iterator

from .delivery import MonitoringReport
from .format.committee import AGENDA_ITEM, COMMITTEE, MEETING
from .format.fields import Kind
from .format.proposal import PROPOSAL
from .format.site import SITE
from .model import Committee, Located, Meeting, Proposal, Report, Site, slugify


def home() -> str:
    return ""


def proposal(p: Proposal) -> str:
    return f"proposals/{p.slug}/"


def proposal_pdf(p: Proposal) -> str:
    return f"proposals/{p.slug}/{p.slug}.pdf"


def service(name: str) -> str:
    return f"services/{slugify(name)}/"


def committee(c: Committee) -> str:
    return f"committees/{c.slug}/"


def meeting(m: Meeting) -> str:
    assert m.committee is not None, "build_site gives each meeting its committee"
    return f"committees/{m.committee.slug}/{m.slug}/"


def meeting_pack(m: Meeting) -> str:
    return meeting(m) + "pack.pdf"


def publication_pdf() -> str:
    """The whole publication in one PDF (built with ``--pdf all``)."""
    return "publication.pdf"


def report(r: Report) -> str:
    return f"reports/{r.slug}/"


def monitoring(r: MonitoringReport) -> str:
    """A savings delivery report's page."""
    return f"monitoring/{r.slug}/"


def monitoring_csv() -> str:
    return "data/monitoring.csv"


def calendar(c: Committee | None = None) -> str:
    """The meetings as an iCalendar file: one committee's, or every committee's."""
    return (committee(c) if c else "") + "meetings.ics"


def data() -> str:
    """The page that explains the data files."""
    return "data/"


def proposal_record(p: Proposal) -> str:
    """A proposal's row of the open data, on its own, as JSON."""
    return f"data/proposals/{p.slug}.json"


def data_package() -> str:
    return "data/datapackage.json"


def search() -> str:
    return "search/"


def feed() -> str:
    return "feed.xml"


def service_feed(name: str) -> str:
    return service(name) + "feed.xml"


def changes_index() -> str:
    """Every publication, with what changed in each."""
    return "changes/"


def changes(date: dt.date | str) -> str:
    """What changed in the publication of ``date`` (a date or YYYY-MM-DD)."""
    return f"changes/{date if isinstance(date, str) else date.isoformat()}/"


def glossary() -> str:
    return "glossary/"


def scrutiny() -> str:
    """How scrutiny works here."""
    return "how-scrutiny-works/"


def accessibility() -> str:
    """The accessibility statement, linked from every page's footer."""
    return "accessibility/"


INDEX_PAGES = (
    "",
    "proposals/",
    "services/",
    "committees/",
    "reports/",
    "checks/",
    "search/",
    "glossary/",
    "how-scrutiny-works/",
    "accessibility/",
    "data/",
)
DATA_FILES = (
    "data/proposals.csv",
    "data/proposals.json",
    "data/datapackage.json",
    "feed.xml",
    "meetings.ics",
)


def file_of(page: str) -> str:
    """The file a site path is written to."""
    return page + "index.html" if page == "" or page.endswith("/") else page


def relative(from_page: str, to: str) -> str:
    """A link from the page at ``from_page`` to the site path ``to``.

    Both are site paths (no '..', no leading '/'), so this is string work, not
    ``posixpath.relpath``: a page holds dozens of links and a site thousands of pages.
    """
    folder = file_of(from_page).split("/")[:-1]
    page = to.endswith("/") or to == ""
    target = file_of(to).split("/") if page else to.split("/")
    common = 0
    while common < len(folder) and common < len(target) - 1 and folder[common] == target[common]:
        common += 1
    parts = [".."] * (len(folder) - common) + target[common:]
    if page:
        parts.pop()  # index.html: link to the folder
        return "/".join(parts) + "/" if parts else "./"
    return "/".join(parts)


def linker(base_url: str, from_path: str) -> Callable[[str], str]:
    """Links for a file others copy away from the site (a feed, a calendar, a data package):
    absolute under ``base_url`` when the site has one, else relative to ``from_path``."""
    if base_url:
        base = base_url if base_url.endswith("/") else base_url + "/"
        return lambda target: base + target
    return lambda target: relative(from_path, target)


def known_paths(site: Site) -> set[str]:
    pages = set(INDEX_PAGES) | set(DATA_FILES)
    pages |= {proposal(p) for p in site.proposals}
    pages |= {proposal_record(p) for p in site.proposals}
    pages |= {service(name) for name in site.services()}
    pages |= {service_feed(name) for name in site.services()}
    pages |= {committee(c) for c in site.committees}
    pages |= {calendar(c) for c in site.committees}
    pages |= {meeting(m) for m in site.meetings()}
    pages |= {report(r) for r in site.reports}
    if site.recommendations:  # the tracker and its data (1.2)
        pages |= {"recommendations/", "data/recommendations.csv"}
    if site.config.publications:
        pages |= {changes_index()} | {changes(p.date) for p in site.config.publications}
    return pages


def is_external(target: str) -> bool:
    return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target)) or target.startswith("//")


def normalise_site_path(target: str) -> str:
    """'/proposals/sc002', './proposals/sc002/index.html#x' → 'proposals/sc002/'."""
    path = target.split("#", 1)[0].split("?", 1)[0]
    path = posixpath.normpath("/" + path.lstrip("./") if path.startswith("./") else "/" + path.lstrip("/"))
    path = path.lstrip("/")
    if path in ("", "."):
        return ""
    if path == "index.html" or path.endswith("/index.html"):
        path = path[: -len("index.html")]
    elif "." not in posixpath.basename(path):
        path += "/"
    return path


def _declared_markdown(record: Located, kind: Kind) -> Iterator[tuple[str, str]]:
    """The record's fields that ``format`` declares Markdown, with any it keeps in ``extra``."""
    for f in kind.fields:
        text = getattr(record, f.name) if hasattr(record, f.name) else record.extra.get(f.name, "")
        if f.markdown and text:
            yield f.name, text


def markdown_fields(site: Site) -> Iterator[tuple[str, int, str, str]]:
    """Every Markdown text of the site: (file, line, ref, text)."""
    for name, text in _declared_markdown(site.config, SITE):
        yield site.config.file, site.config.line_of(name), "", text
    statement = site.config.accessibility
    for name in ("known_issues", "disproportionate_burden"):
        for index, text in enumerate(getattr(statement, name)):
            yield statement.file, statement.line_of((name, index)), "", text
    if statement.enforcement:
        yield statement.file, statement.line_of("enforcement"), "", statement.enforcement
    for p in site.proposals:
        for name, text in _declared_markdown(p, PROPOSAL):
            yield p.file, p.line_of(name), p.ref, text
        if p.baseline and p.baseline.note:
            yield p.file, p.line_of("baseline"), p.ref, p.baseline.note
        for block in p.fte + p.investment:
            if block.note:
                yield p.file, block.line, p.ref, block.note
        for name in ("consultation", "equality"):
            answer = getattr(p, name)
            if answer and answer.note:
                yield p.file, p.line_of(name), p.ref, answer.note
        if isinstance(p.risks, str):
            if p.risks:
                yield p.file, p.line_of("risks"), p.ref, p.risks
        else:
            for risk in p.risks:
                yield p.file, p.line_of("risks"), p.ref, risk.risk + "\n" + risk.mitigation
        for section in p.sections:
            if section.body:
                yield p.file, p.line_of("sections"), p.ref, section.body
        for item in p.items:
            yield p.file, item.line, p.ref, item.description + "\n" + item.impact
    for c in site.committees:
        for name, text in _declared_markdown(c, COMMITTEE):
            yield c.file, c.line_of(name), "", text
        for m in c.meetings:
            for name, text in _declared_markdown(m, MEETING):
                yield m.file, m.line_of(name), "", text
            for agenda_item in m.agenda:
                for name, text in _declared_markdown(agenda_item, AGENDA_ITEM):
                    yield agenda_item.file, agenda_item.line_of(name), "", text
    for r in site.reports:
        yield r.file, r.body_line, "", r.body
