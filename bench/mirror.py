"""The same site as Markdown, for Hugo and for MkDocs: the yardsticks of the benchmark.

Each page scrutinypack builds from a content folder has a Markdown twin here, made from the
same generated text and figures: the home page, the lists of proposals, services,
committees and reports, the checks and search pages, and one page per proposal, service,
committee, meeting and report. Tables are Markdown tables; figures are shown as written.
The generators then turn the same number of pages, of about the same words, into HTML.

What the yardsticks do not do, and scrutinypack does, is listed in docs/performance.md:
no arithmetic checks, no charts, no per-page filters, no Pagefind index (MkDocs builds its
own lunr search index; Hugo builds none).
"""

from __future__ import annotations

import posixpath
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

try:
    Loader = yaml.CBaseLoader
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    Loader = yaml.BaseLoader

SECTIONS = (
    ("Proposals", "proposals"),
    ("Services", "services"),
    ("Committees", "committees"),
    ("Reports", "reports"),
    ("Checks", "checks"),
    ("Search", "search"),
)


@dataclass
class Page:
    path: str  # the page's site path: "" (home), "proposals/", "proposals/sc001/" …
    title: str
    body: str  # Markdown; links written with {{link:site/path/}} until a target is chosen


def slugify(text: str) -> str:
    import re

    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "item"


def read(content: Path) -> dict:
    def load(path: Path):
        return yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)

    reports = {}
    for path in sorted((content / "reports").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        _, front, body = text.split("---\n", 2)
        reports[path.stem] = (yaml.load(front, Loader=Loader), body)
    return {
        "site": load(content / "site.yaml"),
        "proposals": {p.stem: load(p) for p in sorted((content / "proposals").glob("*.yaml"))},
        "committees": {p.stem: load(p) for p in sorted((content / "committees").glob("*.yaml"))},
        "reports": reports,
    }


def pages(content: Path) -> list[Page]:
    data = read(content)
    site, proposals, committees, reports = (data[k] for k in ("site", "proposals", "committees", "reports"))
    years = site.get("years", [])
    by_ref = {p["ref"]: slug for slug, p in proposals.items()}
    services: dict[str, list[str]] = {}
    for slug, p in proposals.items():
        services.setdefault(p.get("service", "Service not stated"), []).append(slug)
    out = [
        Page(
            "",
            site["title"],
            f"{site.get('council', '')}\n\n{site.get('description', '')}\n\n"
            + _service_totals(services, proposals),
        )
    ]
    rows = [
        f"| {{{{link:proposals/{slug}/|{p['ref']}}}}} | {p['title']} | {p.get('service', '')} | "
        f"{p.get('status', '')} | {p.get('total', '')} |"
        for slug, p in proposals.items()
    ]
    out.append(
        Page(
            "proposals/",
            "All proposals",
            "| Ref | Proposal | Service | Status | Total |\n|---|---|---|---|---:|\n" + "\n".join(rows),
        )
    )
    for slug, p in proposals.items():
        out.append(Page(f"proposals/{slug}/", f"{p['ref']}: {p['title']}", _proposal(p, years)))
    out.append(Page("services/", "Services", _service_totals(services, proposals)))
    for name, members in services.items():
        out.append(
            Page(
                f"services/{slugify(name)}/",
                name,
                _proposal_table([(s, proposals[s]) for s in members], years),
            )
        )
    out.append(
        Page(
            "committees/",
            "Committees",
            "\n".join(f"- {{{{link:committees/{slug}/|{c['name']}}}}}" for slug, c in committees.items()),
        )
    )
    for slug, c in committees.items():
        meetings = c.get("meetings", [])
        out.append(
            Page(
                f"committees/{slug}/",
                c["name"],
                c.get("description", "")
                + "\n\n## Meetings\n\n"
                + "\n".join(
                    f"- {{{{link:committees/{slug}/{m['date']}/|{m['date']}: {m.get('title', '')}}}}}"
                    for m in meetings
                ),
            )
        )
        for m in meetings:
            out.append(
                Page(
                    f"committees/{slug}/{m['date']}/",
                    f"{c['name']}, {m['date']}",
                    _meeting(slug, m, proposals, by_ref, years),
                )
            )
    out.append(
        Page(
            "reports/",
            "Reports",
            "\n".join(
                f"- {{{{link:reports/{slug}/|{front['title']}}}}} ({front.get('date', '')})"
                for slug, (front, _) in reports.items()
            ),
        )
    )
    for slug, (front, body) in reports.items():
        out.append(
            Page(
                f"reports/{slug}/",
                front["title"],
                f"{front.get('author', '')}, {front.get('date', '')}\n\n{body}",
            )
        )
    out.append(
        Page(
            "checks/",
            "What the checks found",
            "The arithmetic of every proposal, table "
            "and summary is checked by scrutinypack; the yardsticks check nothing.",
        )
    )
    out.append(Page("search/", "Search", "Search the proposals, meetings and reports."))
    out.append(Page("glossary/", "Glossary", "The words of council finance, in plain language."))
    out.append(
        Page(
            "how-scrutiny-works/",
            "How scrutiny works here",
            "Which committees scrutinise the proposals, and how to follow them.",
        )
    )
    out.append(
        Page(
            "data/",
            "Open data",
            "The proposals as CSV and JSON, described for data tools, and the meetings as calendars.",
        )
    )
    out.append(
        Page(
            "accessibility/",
            "Accessibility statement",
            "How accessible this website is, and how to report a problem.",
        )
    )
    return out


def _service_totals(services: dict[str, list[str]], proposals: dict) -> str:
    lines = ["| Service | Proposals |", "|---|---:|"]
    lines += [
        f"| {{{{link:services/{slugify(name)}/|{name}}}}} | {len(members)} |"
        for name, members in services.items()
    ]
    return "\n".join(lines)


def _proposal_table(rows: list[tuple[str, dict]], years: list[str]) -> str:
    head = "| Ref | Proposal | " + " | ".join(years) + " | Total |\n|---|---|" + "---:|" * (len(years) + 1)
    lines = [head]
    for slug, p in rows:
        profile = p.get("budget_change") or p.get("savings") or {}
        lines.append(
            f"| {{{{link:proposals/{slug}/|{p['ref']}}}}} | {p['title']} | "
            + " | ".join(str(profile.get(y, "")) for y in years)
            + f" | {p.get('total', '')} |"
        )
    return "\n".join(lines)


def _meeting(committee: str, m: dict, proposals: dict, by_ref: dict, years: list[str]) -> str:
    parts = [f"{m.get('time', '')}, {m.get('location', '')}", "## Agenda"]
    for number, item in enumerate(m.get("agenda", []), start=1):
        parts.append(f"### {number}. {item['title']}")
        selector = item.get("proposals")
        if isinstance(selector, list):
            chosen = [by_ref[ref] for ref in selector if ref in by_ref]
        elif isinstance(selector, dict) and "committee" in selector:
            chosen = [s for s, p in proposals.items() if committee in p.get("committees", [])]
        else:
            chosen = []
        if chosen:
            parts.append(_proposal_table([(s, proposals[s]) for s in chosen], years))
        if item.get("report"):
            parts.append(f"{{{{link:reports/{item['report']}/|The report}}}}")
        if item.get("note"):
            parts.append(item["note"])
    return "\n\n".join(parts)


def _proposal(p: dict, years: list[str]) -> str:
    facts = [
        ("Reference", p["ref"]),
        ("Service", p.get("service", "")),
        ("Directorate", p.get("directorate", "")),
        ("Status", p.get("status", "")),
        ("Start year", p.get("start_year", "")),
        ("Senior responsible officer", p.get("owner", "")),
    ]
    parts = ["\n".join(f"- **{label}:** {value}" for label, value in facts if value)]
    baseline = p.get("baseline")
    if baseline:
        parts.append(
            f"## Budget {baseline.get('year', '')}\n\n| Gross | Income | Net |\n|---:|---:|---:|\n"
            f"| {baseline.get('gross', '')} | {baseline.get('income', '')} | {baseline.get('net', '')} |"
        )
    for key, heading in (
        ("budget_change", "Budget change"),
        ("savings", "Savings"),
        ("fte", "Staffing (FTE)"),
        ("investment", "Investment required"),
    ):
        profile = p.get(key)
        total = p.get({"budget_change": "total", "savings": "total"}.get(key, f"{key}_total"), "")
        if isinstance(profile, dict):
            parts.append(
                f"## {heading}\n\n| "
                + " | ".join(profile)
                + " | Total |\n|"
                + "---:|" * (len(profile) + 1)
                + "\n| "
                + " | ".join(profile.values())
                + f" | {total} |"
            )
        elif profile:
            parts.append(f"## {heading}\n\n{profile}")
    for key, heading in (
        ("description", "Description"),
        ("decisions", "Decisions needed"),
        ("impact", "Impact"),
        ("actions", "Actions needed"),
    ):
        if p.get(key):
            parts.append(f"## {heading}\n\n{p[key]}")
    for key, heading in (("consultation", "Consultation"), ("equality", "Equality analysis")):
        answer = p.get(key)
        if isinstance(answer, dict):
            parts.append(
                f"## {heading}\n\nRequired: {answer.get('required', '')}\n\n{answer.get('note', '')}"
            )
    risks = p.get("risks")
    if isinstance(risks, list):
        parts.append(
            "## Risks and mitigation\n\n| Risk | Mitigation |\n|---|---|\n"
            + "\n".join(f"| {r.get('risk', '')} | {r.get('mitigation', '')} |" for r in risks)
        )
    for section in p.get("sections", []):
        parts.append(f"## {section.get('heading', '')}\n\n{section.get('body', '')}")
    for table in p.get("tables", []):
        columns = table["columns"]
        rows = table.get("rows", []) + ([table["total"]] if "total" in table else [])
        parts.append(
            f"**{table.get('caption', '')}**\n\n| "
            + " | ".join(columns)
            + " |\n|---|"
            + "---:|" * (len(columns) - 1)
            + "\n"
            + "\n".join("| " + " | ".join(r) + " |" for r in rows)
        )
    reported = p.get("reported", [])
    parts.append(
        "## History\n\n"
        + (
            "\n".join(
                f"- {r.get('date', '')}: {r.get('body', '')}, item {r.get('item', '')}" for r in reported
            )
            or "Not reported."
        )
    )
    return "\n\n".join(parts)


# -- the two layouts ----------------------------------------------------------------------


def _resolve(body: str, page: str, link) -> str:
    import re

    return re.sub(r"\{\{link:([^|}]*)\|([^}]*)\}\}", lambda m: f"[{m[2]}]({link(page, m[1])})", body)


def write_hugo(content: Path, out: Path) -> int:
    """A Hugo project in ``out`` (replaced); returns the number of pages."""
    if out.exists():
        shutil.rmtree(out)
    (out / "content").mkdir(parents=True)
    (out / "layouts").mkdir()
    made = pages(content)
    title = made[0].title.replace('"', "'")
    (out / "hugo.toml").write_text(
        f'baseURL = "https://example.org/"\ntitle = "{title}"\nrelativeURLs = true\n'
        'disableKinds = ["taxonomy", "term"]\n',
        encoding="utf-8",
    )
    nav = "".join(
        f'<li><a href="{{{{ "{folder}/" | relURL }}}}">{label}</a></li>' for label, folder in SECTIONS
    )
    (out / "layouts" / "baseof.html").write_text(
        '<!doctype html>\n<html lang="en-GB"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>{{ .Title }} – {{ site.Title }}</title></head><body>"
        f'<header><a href="{{{{ "" | relURL }}}}">{{{{ site.Title }}}}</a><nav><ul>{nav}</ul></nav></header>'
        '<main>{{ block "main" . }}{{ end }}</main><footer>Built with Hugo.</footer></body></html>\n',
        encoding="utf-8",
    )
    for name in ("single.html", "list.html"):
        (out / "layouts" / name).write_text(
            '{{ define "main" }}<h1>{{ .Title }}</h1>\n{{ .Content }}{{ end }}\n', encoding="utf-8"
        )

    def link(page: str, target: str) -> str:
        return posixpath.relpath(target or ".", page or ".") + "/"

    sections = {p.path.rsplit("/", 2)[0] + "/" for p in made if p.path.count("/") >= 2}
    for page in made:
        if page.path == "" or page.path in sections or page.path.count("/") == 1:
            file = out / "content" / page.path / "_index.md"
        else:
            file = out / "content" / (page.path.rstrip("/") + ".md")
        file.parent.mkdir(parents=True, exist_ok=True)
        title = page.title.replace("\\", "\\\\").replace('"', '\\"')
        file.write_text(
            f'---\ntitle: "{title}"\n---\n\n' + _resolve(page.body, page.path, link), encoding="utf-8"
        )
    return len(made)


def write_mkdocs(content: Path, out: Path) -> int:
    """An MkDocs project in ``out`` (replaced); returns the number of pages."""
    if out.exists():
        shutil.rmtree(out)
    (out / "docs").mkdir(parents=True)
    made = pages(content)
    nav = "\n".join(f"  - {label}: {folder}/index.md" for label, folder in SECTIONS)
    title = made[0].title.replace('"', "'")
    (out / "mkdocs.yml").write_text(
        f'site_name: "{title}"\ntheme:\n  name: mkdocs\nnav:\n  - Home: index.md\n{nav}\n', encoding="utf-8"
    )

    folders = {p.path.rsplit("/", 2)[0] + "/" for p in made if p.path.count("/") >= 2}

    def md_file(path: str) -> str:
        return (
            path + "index.md"
            if path == "" or path in folders or path.count("/") == 1
            else path.rstrip("/") + ".md"
        )

    def link(page: str, target: str) -> str:
        return posixpath.relpath(md_file(target), posixpath.dirname(md_file(page)) or ".")

    for page in made:
        file = out / "docs" / md_file(page.path)
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(f"# {page.title}\n\n" + _resolve(page.body, page.path, link), encoding="utf-8")
    return len(made)
