"""The checks of a printed table (a proposal's, a report's, or one in a report's Markdown):
its total rows and total columns against the figures they add up, and its years in sequence."""

from __future__ import annotations

from .checks_common import Checked, not_checked, shown_plain, sum_of
from .content.reader import YEAR
from .model import Cell, Table
from .money import NOT_FIGURES, agree, tolerance_of
from .problems import Problem

# code: (severity, what it means), on the checks page with the others (checks.CODES).
CODES = {
    "table-total": ("error", "a table's printed total is not the sum of its rows"),
    "table-row-total": ("error", "a table's printed total column is not the sum of its columns"),
    "table-years": ("error", "a table's years repeat or do not run in sequence"),
}


def _find(code: str, file: str, line: int, message: str, ref: str = "", subject: str = "") -> Problem:
    return Problem(file, line, code, message, CODES[code][0], ref, subject)


def _no_figure(cells: list[Cell]) -> list[Cell] | None:
    """The cells of a column that give no figure (N/A, TBC), or None when some hold other
    words: then it is not a column of figures, and there is nothing to check."""
    words = [c for c in cells if c.amount is None and c.text]
    return words if all(c.text.lower() in NOT_FIGURES for c in words) else None


def check_table(table: Table, ref: str, subject: str = "") -> Checked:
    checked = Checked()
    out = checked.findings
    name = f"'{table.caption}'" if table.caption else f"the table on line {table.line}"
    for total in table.totals:
        if total.sums == "nothing":
            continue
        sources = (
            table.rows
            if total.sums == "rows"
            else [[Cell(label, None)] + _cells_of(table, label) for label in total.sums]
        )
        for col in range(1, len(total.cells)):
            stated = total.cells[col].amount
            if stated is None:
                continue
            column = [row[col] for row in sources if col < len(row)]
            parts = [c.amount for c in column if c.amount is not None]
            missing = _no_figure(column)
            if missing is None or not parts:
                continue  # words in the column: not a column of figures
            heading = table.columns[col] if col < len(table.columns) else f"column {col + 1}"
            row = f"the row '{total.label}'" if total.label else "the total row"
            if missing:
                out.append(
                    not_checked(
                        table.file,
                        total.line,
                        f"in {name}, {row}'s figure for '{heading}'",
                        [
                            f"'{r[0].text}' ({r[col].text})"
                            for r in sources
                            if col < len(r) and r[col] in missing
                        ],
                        ref,
                        subject,
                    )
                )
                continue
            computed = sum_of(parts, stated.unit)
            checked.made += 1
            if not agree(computed.pounds(), stated.pounds(), tolerance_of(stated, *parts)):
                out.append(
                    _find(
                        "table-total",
                        table.file,
                        total.line,
                        (
                            f"in {name}, {row} prints {shown_plain(stated)} for "
                            f"'{heading}' but the rows above add up to {shown_plain(computed)}"
                        ),
                        ref,
                        subject,
                    )
                )
    checked.add(_row_totals(table, name, ref, subject))
    out += _years_in_sequence(table, name, ref, subject)
    return checked


def _row_totals(table: Table, name: str, ref: str, subject: str) -> Checked:
    """Each row's figure in a total column against the figures of the columns it adds up;
    a row with words in those columns is left alone, a blank cell adds nothing."""
    checked = Checked()
    out = checked.findings
    rows = list(zip(table.rows, table.row_lines)) + [(t.cells, t.line) for t in table.totals]
    for total in table.total_columns:
        for row, line in rows:
            stated = row[total.column].amount if total.column < len(row) else None
            cells = [row[i] for i in total.parts if i < len(row)]
            missing = _no_figure(cells)
            parts = [c.amount for c in cells if c.amount is not None]
            if stated is None or missing is None or not parts:
                continue
            label = f"the row '{row[0].text}'" if row and row[0].text else f"the row on line {line}"
            if missing:
                out.append(
                    not_checked(
                        table.file,
                        line,
                        f"in {name}, {label}'s figure for '{table.columns[total.column]}'",
                        [
                            f"'{table.columns[i]}' ({row[i].text})"
                            for i in total.parts
                            if i < len(row) and row[i] in missing
                        ],
                        ref,
                        subject,
                    )
                )
                continue
            computed = sum_of(parts, stated.unit)
            checked.made += 1
            if not agree(computed.pounds(), stated.pounds(), tolerance_of(stated, *parts)):
                added = " and ".join(f"'{table.columns[i]}'" for i in total.parts)
                out.append(
                    _find(
                        "table-row-total",
                        table.file,
                        line,
                        (
                            f"in {name}, {label} prints {shown_plain(stated)} for '{table.columns[total.column]}' "
                            f"but {added} add up to {shown_plain(computed)}"
                        ),
                        ref,
                        subject,
                    )
                )
    return checked


def _cells_of(table: Table, label: str) -> list[Cell]:
    for total in table.totals:
        if total.label == label:
            return total.cells[1:]
    return []


def _years_in_sequence(table: Table, name: str, ref: str, subject: str) -> list[Problem]:
    out: list[Problem] = []
    labels = [(row[0].text, line) for row, line in zip(table.rows, table.row_lines) if row]
    years = [(text, line) for text, line in labels if YEAR.match(text)]
    if len(years) >= 2:
        out += _sequence(table, [y for y, _ in years], [at for _, at in years], name, ref, subject)
    header = [c for c in table.columns if YEAR.match(c)]
    if len(header) >= 2:
        out += _sequence(table, header, [table.line] * len(header), name, ref, subject)
    return out


def _sequence(
    table: Table, years: list[str], lines: list[int], name: str, ref: str, subject: str
) -> list[Problem]:
    """Years should run on from the first one; each one out of place is reported once."""
    out = []
    first = int(years[0][:4])
    for index, year in enumerate(years):
        start = first + index
        expected = f"{start}/{(start + 1) % 100:02d}"
        if year == expected:
            continue
        if year in years[:index]:
            message = f"in {name}, {year} appears twice; in its place the year {expected} was expected"
        else:
            message = f"in {name}, {year} is out of sequence; the year {expected} was expected"
        out.append(_find("table-years", table.file, lines[index], message, ref, subject))
    return out
