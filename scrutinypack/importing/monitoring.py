"""A savings delivery table imported as ``monitoring/<slug>.yaml`` (1.2): one saving a row.

The map gives the report's own fields (``front``: title, as_at, year …) and the table's
headings in printed order, each with the field its column fills (``ref``, ``target``,
``delivered``, ``forecast``, ``shortfall``, ``rag``, ``note``; nothing: left out). After the
row that prints the headings, each row is a saving, and the row whose first cell starts
with ``total`` (default "Total") is the printed totals row. Figures keep their printed text;
the file is read back by the validator before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..content.reader import SLUG
from ..content.validate_monitoring import monitoring_record
from ..content.yamldoc import Map, read_yaml
from ..delivery import COLUMNS
from ..format.monitoring import MONITORING, SAVING
from ..problems import Problem
from .document import Cell, Document, Source
from .mapshape import as_written, norm
from .place import Planned, dump, with_header

MONITORING_MAP_FIELDS = ("slug", "front", "columns", "total", "layout")
ROW_FIELDS = ("ref",) + SAVING.names()
FRONT_FIELDS = tuple(name for name in MONITORING.names() if name not in ("savings", "total"))


@dataclass
class MonitoringMap:
    slug: str
    front: Map | None
    columns: list[tuple[str, str]]  # (heading as compared, field or "" to leave it out)
    total: str = "total"


@dataclass
class MonitoringFile:
    planned: Planned | None = None
    problems: list[Problem] = field(default_factory=list)
    unplaced: list[tuple[Source, str]] = field(default_factory=list)


def read_monitoring_map(r, m: Map) -> MonitoringMap | None:
    m = r.mapping(m, getattr(m, "line", 1), "'monitoring'", MONITORING_MAP_FIELDS, ("slug", "columns"))
    if m is None:
        return None
    slug = r.text(m, "slug")
    if not SLUG.match(slug):
        r.problem(
            m.line_of("slug"),
            "invalid-value",
            "'slug' names the file, monitoring/<slug>.yaml: "
            "lower-case letters, digits and hyphens, e.g. 2019-20-quarter-2",
        )
    front = r.mapping(m["front"], m.line_of("front"), "'front'", FRONT_FIELDS) if m.get("front") else None
    columns = r.mapping(m["columns"], m.line_of("columns"), "'columns'", None)
    made = []
    for heading in columns or {}:
        into = r.choice(columns, heading, ROW_FIELDS, "")
        made.append((norm(str(heading)), into))
    if columns is not None and "ref" not in [into for _, into in made]:
        r.problem(
            m.line_of("columns"),
            "missing-field",
            "one column must give each saving's ref: write 'into' ref after its heading, e.g. 'Ref: ref'",
        )
    return MonitoringMap(slug, front, made, norm(r.text(m, "total") or "Total"))


def plan_monitoring(document: Document, mmap: MonitoringMap, site_unit: str) -> MonitoringFile:
    out = MonitoringFile()
    savings, total = _rows(document, mmap, out)
    fields = _plain(mmap.front) | {"savings": savings} | ({"total": total} if total else {})
    text = with_header(document.file, dump(fields))
    data, problems = read_yaml(text, "import")
    if not problems:
        problems = monitoring_record(data, "import", mmap.slug, site_unit)[1]
    if not savings:
        problems.append(
            Problem(
                document.file,
                0,
                "no-header",
                "no table prints the map's headings: check them against the paper",
            )
        )
    out.problems = [
        Problem(document.file, 0, p.code, f"{p.message}: correct the paper or the map", p.severity, p.ref)
        for p in problems
    ]
    if not any(p.severity == "error" for p in out.problems):
        out.planned = Planned(f"monitoring/{mmap.slug}.yaml", text, f"the delivery report ({document.file})")
    return out


def _rows(document: Document, mmap: MonitoringMap, out: MonitoringFile) -> tuple[dict, dict]:
    """The savings (by ref, in printed order) and the printed totals of the table."""
    headings = [heading for heading, _ in mmap.columns]
    savings: dict[str, dict] = {}
    total: dict[str, str] = {}
    for block in (b for b in document.blocks if b.kind == "table"):
        found = next(
            (
                i
                for i, row in enumerate(block.rows)
                if [norm(c.text) for c in row[: len(headings)]] == headings
            ),
            None,
        )
        for row in block.rows[found + 1 :] if found is not None else ():
            values = _values(row, mmap)
            first = norm(row[0].text) if row else ""
            if first.startswith(mmap.total):
                total = {k: v for k, v in values.items() if k in COLUMNS}
            elif values.get("ref"):
                savings[values.pop("ref")] = values
            elif any(c.text.strip() for c in row):
                out.unplaced += [(c.source, c.text) for c in row if c.text.strip()]
    return savings, total


def _values(row: list[Cell], mmap: MonitoringMap) -> dict[str, str]:
    """A row's cells by field, on one line each; a rating in lower case ("Amber" is amber)."""
    values = {
        into: " ".join(cell.text.split())
        for (_, into), cell in zip(mmap.columns, row)
        if into and cell.text.strip()
    }
    if "rag" in values:
        values["rag"] = values["rag"].lower()
    return values


def _plain(front: Map | None) -> dict:
    return {key: as_written(value) for key, value in (front or {}).items() if value is not None}
