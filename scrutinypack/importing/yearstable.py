"""A small table of figures by year (``as: years``), as forms print it: a row of years (one
year alone, or with a 'Total' or another column the map names), a unit row or a unit beside
the year ('2020/21 £000's'), then rows of figures. A row labelled in its first cell can feed
a field of its own (savings, then FTE); a column the map names feeds its field a figure.

What the table says about its unit is kept as a :class:`~.units.Stated` unit: it beats the
site's, and is dropped again when it is the site's own."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..format.proposal import PROPOSAL
from .document import Piece
from .mapshape import Rule, norm, put
from .narrative import markdown, note, table_rows
from .units import Stated, unit_of, year_cell


@dataclass
class _Head:
    """The row of years: what each filled cell heads, and where it was."""

    keys: list[tuple[str, str]]  # ("year", "2020/21"), ("total", ""), ("field", "fte")
    positions: list[int]
    width: int


@dataclass
class _Block:
    into: str
    label: str
    years: dict = field(default_factory=dict)
    total: str | None = None
    note: str | None = None


def years_value(rule: Rule, span: list[Piece], fields: dict) -> list[Piece]:
    """The figures under the row of years; rows labelled 'Temporary:' or 'Recurrent:' make
    labelled blocks, and a note printed under the figures is kept (a footnote-marked note
    under labelled blocks is the last block's)."""
    blocks: list[_Block] = []
    head: _Head | None = None
    label, units, notes = "", [], []
    for row in table_rows(span):
        texts = [p.text for p in row]
        filled = [t for t in texts if t]
        if not filled:
            continue
        found = _head(rule, texts, units, row[0].in_table)
        if found is not None:
            head = found
        elif all(unit_of(t) for t in filled):
            units += [unit_of(t) for t in filled]
        elif len(filled) == 1 and filled[0].endswith(":") and len(filled[0]) < 40:
            label = filled[0].rstrip(":").strip()
        elif head is not None and (figures := _figures(rule, head, texts, label, fields)) is not None:
            blocks.append(figures)
            label = ""
        else:
            notes += [p for p in row if p.text]
    if len(set(units)) == 1 and "unit" not in fields:  # a record has one unit: the first table's
        put(fields, "unit", Stated(units[0]))
    notes = _put_blocks(rule, blocks, notes, fields)
    return note(rule, notes, fields)


def _head(rule: Rule, texts: list[str], units: list, in_table: bool) -> _Head | None:
    """The row of years, or None: at least one year, every other filled cell a total, a unit
    or a column the map names (one year alone only in a table)."""
    keys, positions, stated = [], [], []
    for index, text in enumerate(texts):
        if not text:
            continue
        year = year_cell(text)
        words = norm(text)
        if year is not None:
            keys.append(("year", year[0]))
            stated += [year[1]] if year[1] else []
        elif words == "total" or (words.startswith("total ") and unit_of(text[5:])):
            keys.append(("total", ""))
            stated += [unit_of(text[5:])] if words != "total" else []
        elif (into := _named(rule.columns, words)) is not None:
            keys.append(("field", into))
        elif unit_of(text) and index == 0:
            stated.append(unit_of(text))
            continue
        else:
            return None
        positions.append(index)
    years = sum(kind == "year" for kind, _ in keys)
    if not years or (len(keys) == 1 and not in_table):
        return None
    units += stated
    return _Head(keys, positions, len(texts))


def _named(named: dict[str, str], words: str) -> str | None:
    """The field a printed row or column label feeds (its words begin with the map's)."""
    return next(
        (into for label, into in named.items() if words == label or words.startswith(label + " ")), None
    )


def _figures(rule: Rule, head: _Head, texts: list[str], label: str, fields: dict) -> _Block | None:
    """A row of figures under the years: one cell per heading, or per cell of the heading
    row, or a label in its first cell then one per heading."""
    own_label = ""
    if len(texts) == len(head.keys):
        values = texts
    elif len(texts) == head.width and head.positions[0] > 0:
        own_label, values = texts[0], [texts[i] for i in head.positions]
    elif len(texts) == len(head.keys) + 1:
        own_label, values = texts[0], texts[1:]
    else:
        return None
    into = _named(rule.rows, norm(own_label)) if own_label else None
    block = _Block(into or rule.into[0], "" if into else label)
    for (kind, key), value in zip(head.keys, values):
        if kind == "year":
            block.years[key] = value or None
        elif kind == "total":
            block.total = value or None
        elif value:
            put(fields, key, value)
    return block


def _put_blocks(rule: Rule, blocks: list[_Block], notes: list[Piece], fields: dict) -> list[Piece]:
    """Each field's figures: its years, or its labelled blocks; its total to the total field
    (``total:`` for the map's field, '<field>_total' for another)."""
    for into in dict.fromkeys(b.into for b in blocks):
        mine = [b for b in blocks if b.into == into]
        if len(mine) > 1 or mine[0].label:
            if notes and notes[0].text.startswith("*"):
                mine[-1].note = markdown(notes)
                notes = []
            put(fields, into, [_block_fields(b) for b in mine])
            continue
        put(fields, into, mine[0].years)
        total = rule.total if into == rule.into[0] else f"{into}_total"
        if total and mine[0].total is not None and total.split(".")[0] in PROPOSAL.names():
            put(fields, total, mine[0].total)
    return notes


def _block_fields(block: _Block) -> dict:
    out = {"label": block.label, "years": block.years, "total": block.total, "note": block.note}
    return {k: v for k, v in out.items() if v is not None and v != ""}
