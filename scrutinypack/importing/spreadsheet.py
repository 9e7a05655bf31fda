"""Turn a finance spreadsheet into proposal files: each row becomes ``proposals/<slug>.yaml``.

The mapping is a proposal written as usual, with ``{Column heading}`` where a row's cell goes
(``total: "{Total Saving Identified}"``); everything else in it is copied into every file.
Each file is read back by the same validator as the build before anything is written, so a
row that would not build is reported with its row, column and value, and then nothing is
written at all. A written file carries a hash of its text: a later import replaces it only
while it is exactly as imported, so a clerk's edits are never lost without ``--force``.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..clerk import yamltext
from ..content import validate
from ..content.yamldoc import Map, Scalar, Seq, read_yaml
from ..model import slugify
from ..problems import Problem
from .place import Planned, with_header
from .readers.sheet import Cell, Sheet, column_letter

MAPPING_FIELDS = ("sheet", "header_row", "proposal")
PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")


@dataclass
class Mapping:
    file: str
    sheet: str | None
    header_row: int
    template: Map


@dataclass
class Plan:
    rows: list[Planned] = field(default_factory=list)
    mapping_problems: list[Problem] = field(default_factory=list)  # file:line of the mapping
    row_problems: list[Problem] = field(default_factory=list)  # line is the sheet's row
    notes: list[Problem] = field(default_factory=list)  # warnings, by row; written anyway

    @property
    def ok(self) -> bool:
        return not self.mapping_problems and not self.row_problems


def read_map_file(path: Path):
    """A map's YAML (either kind), or the problems that stop it being read."""
    path = Path(path)
    name = str(path)
    if not path.is_file():
        return None, [
            Problem(
                name,
                0,
                "no-mapping",
                "this mapping file does not exist: give --map "
                "the YAML file that says which column goes where "
                "(examples/import/ has one to copy)",
            )
        ]
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return None, [Problem(name, 0, "not-utf8", "the mapping is not UTF-8 text: save it as UTF-8")]
    data, problems = read_yaml(text, name)
    if problems or data is None:
        return None, problems or [
            Problem(name, 1, "empty-file", "the mapping is empty: see examples/import/ for one to copy")
        ]
    return data, []


def mapping_from(data, name: str) -> tuple[Mapping | None, list[Problem]]:
    r = validate.Reader(name)
    m = r.mapping(data, getattr(data, "line", 1), "the mapping", MAPPING_FIELDS, ("proposal",))
    if m is None or r.problems:
        return None, r.problems
    header_row = r.text(m, "header_row") or "1"
    if not header_row.isdigit() or int(header_row) < 1:
        r.problem(
            m.line_of("header_row"),
            "invalid-value",
            "'header_row' is the number of the row holding the column headings, e.g. 1",
        )
    template = r.mapping(
        m["proposal"], m.line_of("proposal"), "'proposal'", validate.PROPOSAL_FIELDS, ("ref", "title")
    )
    if r.problems:
        return None, r.problems
    return Mapping(name, r.text(m, "sheet") or None, int(header_row), template), []


# -- planning ------------------------------------------------------------------------------


def plan_import(sheet: Sheet, mapping: Mapping, site_unit: str) -> Plan:
    """Every row as the file it becomes, or the reasons it cannot be one."""
    plan = Plan()
    rows = dict(sheet.rows)
    if mapping.header_row not in rows:
        plan.mapping_problems.append(
            Problem(
                mapping.file,
                0,
                "no-header-row",
                f"{sheet.name} has no row {mapping.header_row} to take the column headings from: "
                "set 'header_row' to the row that has them",
            )
        )
        return plan
    columns = _columns(rows[mapping.header_row], mapping, plan)
    if plan.mapping_problems:
        return plan
    used = sorted(set(columns.values()))
    seen: dict[str, int] = {}
    for number, cells in sheet.rows:
        if number <= mapping.header_row:
            continue
        cell = _Cells(cells, columns, rows[mapping.header_row])
        if not any(cell.at(index).text for index in used):
            continue
        first = next((c.text for c in cells if c.text), "")
        if first.casefold().startswith("total"):
            plan.notes.append(
                Problem(
                    sheet.name, number, "total-row", f"skipped: a total row ('{_short(first)}')", "warning"
                )
            )
            continue
        problems = [
            _row_problem(sheet.name, number, cell, index, f"the cell {c.error}")
            for index in used
            if (c := cell.at(index)).error
        ]
        plan.notes += [
            _row_problem(
                sheet.name,
                number,
                cell,
                index,
                f"the cell holds {c.stored} but shows {c.text}; imported as "
                "shown, as a printed paper shows it (widen the number format "
                "if the full figure is meant)",
                "hidden-digits",
                "warning",
            )
            for index in used
            if (c := cell.at(index)).stored
        ]
        if problems:
            plan.row_problems += problems
            continue
        lines = _Emitter(cell).document(mapping.template)
        body = "".join(line.text + "\n" for line in lines)
        data, found = read_yaml(body, "import")
        record, more = (
            validate.proposal_record(data, "import", "import", site_unit) if not found else (None, [])
        )
        found += more
        for problem in found:
            _attribute(problem, lines, sheet.name, number, mapping, cell, plan)
        if found or record is None:
            continue
        slug = slugify(record.ref)
        if slug in seen:
            plan.row_problems.append(
                _row_problem(
                    sheet.name,
                    number,
                    cell,
                    _ref_column(lines),
                    f"row {seen[slug]} already has a ref that makes the file proposals/{slug}.yaml: "
                    "each proposal needs its own ref",
                )
            )
            continue
        seen[slug] = number
        plan.rows.append(
            Planned(
                f"proposals/{slug}.yaml", with_header(f"{sheet.name}, row {number}", body), f"row {number}"
            )
        )
    return plan


def _columns(header: list[Cell], mapping: Mapping, plan: Plan) -> dict[str, int]:
    """Each heading the template names → its column; unknown or doubled headings are problems."""
    by_heading: dict[str, list[int]] = {}
    for index, cell in enumerate(header):
        if cell.text:
            by_heading.setdefault(_norm(cell.text), []).append(index)
    columns = {}
    for name, line in _unquoted(mapping.template):
        plan.mapping_problems.append(
            Problem(
                mapping.file,
                line,
                "unquoted-column",
                f'write "{{{name}}}" in quotes: without them YAML reads the braces as a mapping',
            )
        )
    for name, line in _placeholders(mapping.template):
        found = by_heading.get(_norm(name), [])
        if len(found) == 1:
            columns[_norm(name)] = found[0]
            continue
        if found:
            where = " and ".join(column_letter(i) for i in found)
            message = f"two columns are headed '{name}' ({where}): rename one in the spreadsheet"
        else:
            headings = [c.text for c in header if c.text]
            close = difflib.get_close_matches(name, headings, n=1, cutoff=0.6)
            if close:
                hint = f"did you mean {{{close[0]}}}?"
            elif re.fullmatch(r"[A-Z]{1,3}", name.strip()):
                hint = "write a column by its heading, not its letter"
            else:
                hint = "the headings are: " + ", ".join(headings)
            message = f"the sheet has no column headed '{name}' in row {mapping.header_row}: {hint}"
        problem = Problem(mapping.file, line, "unknown-column", message)
        if problem not in plan.mapping_problems:
            plan.mapping_problems.append(problem)
    return columns


def _placeholders(node):
    """Each {Heading} of the template, with its line."""
    if isinstance(node, (Map, Seq)):
        for value in node.values() if isinstance(node, Map) else node:
            yield from _placeholders(value)
    elif isinstance(node, Scalar):
        for match in PLACEHOLDER.finditer(node):
            if match[1] is not None:
                yield match[1], node.line


def _unquoted(node):
    """{Heading} written without quotes, which YAML reads as the mapping {Heading: null}."""
    if isinstance(node, Map) and len(node) == 1 and next(iter(node.values())) is None:
        yield next(iter(node)), node.line
    elif isinstance(node, (Map, Seq)):
        for value in node.values() if isinstance(node, Map) else node:
            yield from _unquoted(value)


def _norm(heading: str) -> str:
    return " ".join(heading.split()).casefold()


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


class _Cells:
    """One row's cells, found by heading."""

    def __init__(self, cells: list[Cell], columns: dict[str, int], header: list[Cell]):
        self.cells, self.columns, self.header = cells, columns, header

    def at(self, index: int) -> Cell:
        return self.cells[index] if index < len(self.cells) else Cell("")

    def heading(self, index: int) -> str:
        return self.header[index].text if index < len(self.header) else ""


def _row_problem(
    sheet: str,
    number: int,
    cells: _Cells,
    index: int | None,
    message: str,
    code: str = "bad-cell",
    severity: str = "error",
) -> Problem:
    if index is None:
        return Problem(sheet, number, code, message, severity)
    value = cells.at(index).text
    shown = f"'{_short(value)}'" if value else "empty"
    return Problem(
        sheet,
        number,
        code,
        f"column {column_letter(index)} '{cells.heading(index)}' ({shown}): {message}",
        severity,
        subject=cells.heading(index),
    )


def _attribute(
    problem: Problem, lines: list[_Line], sheet: str, number: int, mapping: Mapping, cells: _Cells, plan: Plan
) -> None:
    """A problem in a generated file belongs to the row's cell on that line, or else to the mapping."""
    line = lines[problem.line - 1] if 0 < problem.line <= len(lines) else None
    if line is not None and line.columns:
        plan.row_problems.append(
            _row_problem(
                sheet, number, cells, line.columns[0], f"{problem.message}; correct the cell and import again"
            )
        )
    else:
        mapped = Problem(
            mapping.file,
            line.source if line else 0,
            problem.code,
            f"{problem.message} (in the mapping's proposal)",
        )
        if mapped not in plan.mapping_problems:
            plan.mapping_problems.append(mapped)


def _ref_column(lines: list[_Line]) -> int | None:
    return next((line.columns[0] for line in lines if line.text.startswith("ref:") and line.columns), None)


# -- writing YAML --------------------------------------------------------------------------


@dataclass
class _Line:
    text: str
    source: int  # the mapping's line it comes from
    columns: tuple[int, ...] = ()  # the row's cells written on this line


class _Emitter:
    """The template with one row's cells put in, as YAML lines that remember their origin."""

    def __init__(self, cells: _Cells):
        self.cells = cells

    def document(self, template: Map) -> list[_Line]:
        out: list[_Line] = []
        self._mapping(template, 0, out)
        return out

    def _mapping(self, m: Map, indent: int, out: list[_Line]) -> None:
        for key, value in m.items():
            line = m.line_of(key)
            head = " " * indent + yamltext.key(str(key)) + ":"
            if isinstance(value, Map) and value:
                out.append(_Line(head, line))
                self._mapping(value, indent + 2, out)
            elif isinstance(value, Seq) and any(isinstance(v, Map) for v in value):
                out.append(_Line(head, line))
                for index, item in enumerate(value):
                    self._item(item, value.line_of(index), indent + 2, out)
            else:
                text, columns = self._fill(value)
                lines = yamltext.block(text, indent + 2) if text and "\n" in text else None
                if lines is None:
                    out.append(_Line(f"{head} {self._flow(value)}", line, columns))
                else:
                    out += [_Line(head + " " + lines[0], line, columns)]
                    out += [_Line(text_line, line, columns) for text_line in lines[1:]]

    def _item(self, item, line: int, indent: int, out: list[_Line]) -> None:
        if isinstance(item, Map) and item:
            start = len(out)
            self._mapping(item, indent + 2, out)
            first = out[start]
            first.text = " " * indent + "- " + first.text[indent + 2 :]
        else:
            text, columns = self._fill(item)
            if text is None and columns:
                return  # an empty cell leaves no item
            out.append(_Line(" " * indent + "- " + self._flow(item), line, columns))

    def _fill(self, value) -> tuple[str | None, tuple[int, ...]]:
        """A scalar with the row's cells put in: None for null or an empty cell standing alone."""
        if isinstance(value, (Map, Seq)):
            return "", self._columns_in(value)
        if value is None:
            return None, ()
        columns: list[int] = []

        def put(match):
            if match[1] is None:
                return match[0][0]  # {{ or }}
            index = self.cells.columns[_norm(match[1])]
            columns.append(index)
            return self.cells.at(index).text

        text = PLACEHOLDER.sub(put, value)
        if columns and PLACEHOLDER.fullmatch(value) and not text:
            return None, tuple(columns)
        return text, tuple(columns)

    def _columns_in(self, node) -> tuple[int, ...]:
        items = node.values() if isinstance(node, Map) else node
        out: tuple[int, ...] = ()
        for item in items:
            out += self._fill(item)[1]
        return out

    def _flow(self, value) -> str:
        """A value on one line: a scalar, [a, b] or {k: v}."""
        if isinstance(value, Map):
            return "{" + ", ".join(f"{yamltext.key(str(k))}: {self._flow(v)}" for k, v in value.items()) + "}"
        if isinstance(value, Seq):
            items = [v for v in value if not (self._fill(v)[0] is None and self._fill(v)[1])]
            return "[" + ", ".join(self._flow(v) for v in items) + "]"
        text, columns = self._fill(value)
        if text is None:
            return "null"
        if columns or "{" in value:
            return yamltext.quoted(text)
        return str(value) if value.kind != "str" else yamltext.text(text)
