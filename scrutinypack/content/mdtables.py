"""Find the pipe tables in a report's Markdown so their printed totals can be checked."""

from __future__ import annotations

import re

from ..model import Cell, Table, TotalRow
from ..money import Amount, MoneyError, parse_amount

_RULE_CELL = re.compile(r":?-{2,}:?")


def markdown_tables(body: str, first_line: int, file: str, unit: str) -> list[Table]:
    lines = body.split("\n")
    tables, index = [], 0
    while index < len(lines):
        if _is_row(lines[index]) and index + 1 < len(lines) and _is_rule(lines[index + 1]):
            start = index
            index += 2
            while index < len(lines) and _is_row(lines[index]):
                index += 1
            tables.append(_table(lines[start:index], first_line + start, file, unit))
        else:
            index += 1
    return tables


def _is_row(line: str) -> bool:
    """A line between pipes (``| a | b |``)."""
    line = line.strip()
    return len(line) > 1 and line[0] == line[-1] == "|"


def _is_rule(line: str) -> bool:
    """The rule under a table's head (``|---|:--:|``), read cell by cell: a pattern for the
    whole line backtracks on a long run of spaces."""
    line = line.strip()
    line = line[1:] if line.startswith("|") else line
    line = line[:-1] if line.endswith("|") else line
    return all(_RULE_CELL.fullmatch(cell.strip()) for cell in line.split("|"))


def _split(line: str) -> list[str]:
    return [c.strip() for c in re.split(r"(?<!\\)\|", line.strip().strip("|"))]


def _plain(text: str) -> str:
    return re.sub(r"(\*\*|__|<\/?b>|<\/?strong>)", "", text).strip()


def _bold(text: str) -> bool:
    return bool(re.fullmatch(r"(\*\*|__).+(\*\*|__)|<(b|strong)>.+</(b|strong)>", text.strip()))


def _table(lines: list[str], line: int, file: str, unit: str) -> Table:
    columns = [_plain(c) for c in _split(lines[0])]
    table = Table(file, line, caption="", unit=unit, columns=columns)
    body = [_split(row) for row in lines[2:]]
    for offset, raw in enumerate(body):
        cells = [Cell(_plain(c), _figure(_plain(c), unit)) for c in raw]
        table.rows.append(cells)
        table.row_lines.append(line + 2 + offset)
    if table.rows and _is_total(body[-1]):
        cells = table.rows.pop()
        table.totals.append(TotalRow(cells, "rows", table.row_lines.pop()))
    return table


def _is_total(raw: list[str]) -> bool:
    label = _plain(raw[0]).lower() if raw else ""
    if label.startswith("total"):
        return True
    figures = [c for c in raw[1:] if c.strip()]
    return label == "" and bool(figures) and all(_bold(c) for c in figures)


def _figure(text: str, unit: str) -> Amount | None:
    try:
        amount = parse_amount(text, unit)
    except MoneyError:
        return None
    return amount if amount.is_figure else None
