"""A paper imported whole as a committee report, ``reports/<slug>.md``: front matter from the
map, then the body as Markdown: headings, paragraphs, list items and tables in printed order.

Headings are the Word document's own (its Heading styles), or the paragraphs the map's
``headings`` pattern matches (a text export prints them ``**bold**``). Tables become pipe
tables, their first row the heading row; the build then checks each table's total row as
it checks any report's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..content import validate
from ..content.load import _split_front_matter
from ..content.yamldoc import Map, read_yaml
from ..problems import Problem
from .document import Block, Document, Source
from .mapshape import merge
from .patterns import Pattern, compile_pattern
from .place import Planned, dump, with_header

REPORT_FIELDS = ("slug", "front", "start", "end", "headings", "layout")


@dataclass
class ReportMap:
    slug: str
    front: Map | None
    start: Pattern | None = None
    end: Pattern | None = None
    headings: Pattern | None = None


@dataclass
class ReportFile:
    planned: Planned | None = None
    problems: list[Problem] = field(default_factory=list)
    unplaced: list[tuple[Source, str]] = field(default_factory=list)


def read_report_map(r: validate.Reader, m: Map) -> ReportMap | None:
    m = r.mapping(m, getattr(m, "line", 1), "'report'", REPORT_FIELDS, ("slug",))
    if m is None:
        return None
    slug = r.text(m, "slug")
    if not re.fullmatch(r"[a-z0-9-]+", slug or ""):
        r.problem(
            m.line_of("slug"),
            "invalid-value",
            "'slug' names the report's file, reports/<slug>.md: lower-case letters, digits "
            "and hyphens, e.g. mtfs-savings-2014",
        )
    front = (
        r.mapping(m.get("front"), m.line_of("front"), "'front'", validate.REPORT_FIELDS, ("title",))
        if m.get("front") is not None
        else None
    )
    patterns = {}
    for key in ("start", "end", "headings"):
        if m.get(key):
            made = compile_pattern(str(m[key]), r.file, m.line_of(key))
            if isinstance(made, str):
                r.problem(m.line_of(key), "bad-pattern", f"the pattern cannot be read ({made})")
            else:
                patterns[key] = made
    return ReportMap(slug, front, **patterns)


def plan_report(document: Document, report_map: ReportMap, site_unit: str) -> ReportFile:
    out = ReportFile()
    lines: list[str] = []
    started = report_map.start is None
    for block in document.blocks:
        text = block.text if block.kind != "table" else ""
        if not started:
            started = bool(text and report_map.start.match(text))
            if not started:
                if block.kind != "table" and text:
                    out.unplaced.append((block.source, text))
                continue
        if report_map.end is not None and text and report_map.end.match(text):
            break
        lines.append(_markdown(block, report_map.headings))
    body = "\n\n".join(line for line in lines if line) + "\n"
    front = dump(merge(report_map.front, {})) if report_map.front is not None else ""
    text = with_header(
        f"{document.file}, {document.blocks[0].source.place()}".rstrip(", ")
        if document.blocks
        else document.file,
        front + "---\n\n" + body,
        before="---\n",
    )
    front_text, markdown, body_line = _split_front_matter(text)
    data, problems = read_yaml(front_text or "", "import", first_line=2)
    if not problems:
        problems = validate.report_record(data, "import", report_map.slug, site_unit, markdown, body_line)[1]
    out.problems = [
        Problem(document.file, 0, p.code, f"{p.message}: correct the paper or the map", p.severity)
        for p in problems
    ]
    if not any(p.severity == "error" for p in problems):
        out.planned = Planned(f"reports/{report_map.slug}.md", text, f"the report ({document.file})")
    return out


def _markdown(block: Block, headings: Pattern | None) -> str:
    if block.kind == "heading":
        return "#" * min(max(block.level, 1) + 1, 4) + " " + block.text
    if block.kind == "list":
        return "- " + block.text
    if block.kind == "paragraph":
        match = headings.fullmatch(block.text) if headings is not None else None
        if match:
            return "## " + (match.groupdict().get("heading") or match[0]).strip()
        return block.text
    rows = [[_cell(c.text) for c in row] for row in block.rows if any(c.text for c in row)]
    if not rows:
        return ""
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    figures = [all(_is_figure(row[i]) for row in rows[1:] if row[i]) for i in range(width)]
    rule = ["---:" if figures[i] and i else "---" for i in range(width)]
    return "\n".join("| " + " | ".join(row) + " |" for row in [rows[0], rule] + rows[1:])


def _cell(text: str) -> str:
    """A cell's text on one line, with its pipes escaped so they cannot make columns."""
    return " ".join(text.split()).replace("|", "\\|")


def _is_figure(text: str) -> bool:
    return bool(re.fullmatch(r"[(£\-−]*[\d,.]+[)mk%]*|(\*\*|<b>)[\d,.()£-]+(\*\*|</b>)", text))
