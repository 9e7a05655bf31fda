"""Tables of records: one record per row (a summary table), or, with a ``start`` pattern,
one record per group of rows (an appendix whose proposals run over several rows each).

One record per row: the map names the table's headings in order. After the row that prints
them, each cell fills the next column, and a paragraph between cells continues the cell
before it (Word's text puts a cell's second paragraph on a line of its own); after the last
column, the next cell starts the next record. So a row whose cells run over several lines,
or across a page, is still one record.

Groups of rows: a row whose first cell matches ``start`` (a ref) begins a record, and the
rows up to the next such row are its own; each column's cells are read in position, the
headings printed again after a page break are passed over, and a line that stops mid-
sentence is joined to the next. Numbered parts ("1. …") in one column make ``items``.
"""

from __future__ import annotations

import re

from ..content import validate
from ..content.yamldoc import Map
from ..problems import Problem
from .document import Document, Piece
from .fieldkinds import FIELD_KINDS, table_rows
from .mapshape import DocumentMap, Record, Result, Unplaced, in_order, merge, norm, put, status_of
from .patterns import Match


def apply_rows(document: Document, doc_map: DocumentMap, numberer=None) -> Result:
    """The records of the table; ``numberer`` (numbering.py) numbers them when the map says."""
    if doc_map.start is not None:
        return _grouped(document, doc_map)
    columns = doc_map.columns
    result = Result()
    pieces = document.pieces()
    start = _header_end(pieces, [h for h, _ in columns])
    if start is None:
        result.warnings.append(
            Problem(
                document.file,
                0,
                "no-header",
                "no row prints the map's headings "
                f"({', '.join(h for h, _ in columns)}): check them "
                "against the paper",
            )
        )
        return result
    end_pattern = doc_map.end
    skip = [norm(str(s)) for s in (doc_map.rows.get("skip") or ["Total"])]
    result.unplaced += [Unplaced("", p.source, p.text) for p in pieces[: start - len(columns)] if p.text]
    records: list[list[list[Piece]]] = []
    column = len(columns) - 1
    for index, piece in enumerate(pieces[start:], start):
        if end_pattern and piece.text and end_pattern.match(piece.text):
            result.unplaced += [Unplaced("", p.source, p.text) for p in pieces[index:] if p.text]
            break
        if piece.in_table:
            column += 1
            if column == len(columns):
                records.append([[] for _ in columns])
                column = 0
        if records:
            records[-1][column].append(piece)
        elif piece.text:
            result.unplaced.append(Unplaced("", piece.source, piece.text))
    for cells in records:
        first = " ".join(p.text for p in cells[0]).strip()
        if any(norm(first).startswith(word) for word in skip) or not any(
            p.text for column_pieces in cells for p in column_pieces
        ):
            continue
        result.records.append(_record(cells, columns, numberer, doc_map, result))
    return result


def _header_end(pieces: list[Piece], headings: list[str]) -> int | None:
    """The index just after the cells that print the headings, in order."""
    wanted = [norm(h) for h in headings]
    for index in range(len(pieces) - len(wanted) + 1):
        if all(norm(pieces[index + i].text) == wanted[i] for i in range(len(wanted))):
            return index + len(wanted)
    return None


def _record(cells: list[list[Piece]], columns, numberer, doc_map: DocumentMap, result: Result) -> Record:
    fields: dict = {}
    for (_heading, rule), pieces in zip(columns, cells):
        if rule is None:
            continue
        if rule.kind == "text":  # a cell's text wrapped onto lines of its own is one line
            text = re.sub(r"(?<=/) ", "", " ".join(p.text for p in pieces if p.text))
            pieces = [Piece(text, pieces[0].source, pieces[0].row)] if text else []
        FIELD_KINDS[rule.kind](rule, pieces, fields)
    if numberer is not None:  # the paper prints no refs
        fields["ref"] = numberer.ref(str(fields.get("title", "")))
    ref = str(fields.get("ref", ""))
    status = status_of(doc_map, [p.text for column in cells for p in column])
    if status is not None:
        fields["status"] = status
    source = next((p.source for column in cells for p in column), None)
    for (_heading, rule), pieces in zip(columns, cells):
        if rule is None:
            result.unplaced += [Unplaced(ref, p.source, p.text) for p in pieces if p.text]
    merged = merge(doc_map.fixed, fields)
    for key, value in merged.items():  # "{ref}" in a fixed text is the record's ref
        if isinstance(value, str) and key not in fields and "{ref}" in value:
            merged[key] = value.replace("{ref}", ref)
    return Record(ref, in_order(merged), source)


# -- groups of rows ------------------------------------------------------------------------


def _grouped(document: Document, doc_map: DocumentMap) -> Result:
    result = Result()
    columns = doc_map.columns
    rows_map = doc_map.rows
    headings = {norm(h) for h, _ in columns}
    skip = [norm(str(s)) for s in (rows_map.get("skip") or ["Total"])]
    groups: list[tuple[Match, list[Piece], list[list[Piece]]]] = []
    ended = False
    for row in table_rows(document.pieces()):
        texts = [p.text for p in row]
        first = next((t for t in texts if t), "")
        if not first:
            continue
        if ended or not row[0].in_table:
            result.unplaced += [
                Unplaced(groups[-1][0]["ref"] if groups else "", p.source, p.text) for p in row if p.text
            ]
            continue
        if any(norm(t) in headings for t in texts if t):
            continue  # the headings, printed again after a page break
        if any(norm(first).startswith(word) for word in skip):
            ended = True
            result.warnings.append(
                Problem(
                    str(row[0].source),
                    0,
                    "total-row",
                    f"skipped: a total row ('{' '.join(t for t in texts if t)}')",
                    "warning",
                )
            )
            continue
        match = doc_map.start.fullmatch(texts[0])
        if match:
            groups.append((match, row, []))
        elif groups:
            groups[-1][2].append(row)
        else:
            result.unplaced += [Unplaced("", p.source, p.text) for p in row if p.text]
    items = rows_map.get("items")
    for match, start, body in groups:
        fields: dict = {k: v.strip() for k, v in match.groupdict().items() if v}
        for index, (_heading, rule) in enumerate(columns):
            if rule is not None and index < len(start) and start[index].text:
                for name in rule.first:
                    put(fields, name, start[index].text)
        parts = _parts(body, columns, items, doc_map.number)
        _fill(fields, parts[0][1], columns, result, match["ref"])
        numbered = []
        for number, rows in parts[1:]:
            item: dict = {"number": number}
            _fill(item, rows, columns, result, match["ref"])
            numbered.append(in_order(item, validate.ITEM_FIELDS))
        if numbered:
            fields["items"] = numbered
        status = status_of(doc_map, [p.text for row in [start, *body] for p in row])
        if status is not None:
            fields["status"] = status
        ref = fields.get("ref", "")
        result.records.append(Record(ref, in_order(merge(doc_map.fixed, fields)), start[0].source))
    return result


def _parts(body: list[list[Piece]], columns, items, number) -> list[tuple[str, list[list[Piece]]]]:
    """The record's own rows, then each numbered part's: a part starts at a row whose cell in
    the items' column begins with its number ('1. A reduction …'), which is taken off."""
    parts: list[tuple[str, list[list[Piece]]]] = [("", [])]
    if not isinstance(items, Map):
        return [("", body)]
    headings = [norm(h) for h, _ in columns]
    column = (
        headings.index(norm(str(items.get("column")))) if norm(str(items.get("column"))) in headings else 1
    )
    for row in body:
        cell = row[column] if column < len(row) else None
        found = number.match(cell.text) if cell is not None else None
        if found:
            row = list(row)
            row[column] = Piece(cell.text[found.end() :], cell.source, cell.row, cell.kind)
            parts.append((found[1], []))
        parts[-1][1].append(row)
    return parts


def _fill(fields: dict, rows: list[list[Piece]], columns, result: Result, ref: str) -> None:
    for index, (_heading, rule) in enumerate(columns):
        pieces = [row[index] for row in rows if index < len(row) and row[index].text]
        if rule is None:
            result.unplaced += [Unplaced(ref, p.source, p.text) for p in pieces]
            continue
        if rule.kind in ("markdown", "text"):
            pieces = _unwrapped(pieces)
        if pieces:
            leftover = FIELD_KINDS[rule.kind](rule, pieces, fields)
            result.unplaced += [Unplaced(ref, p.source, p.text) for p in leftover if p.text]


def _unwrapped(pieces: list[Piece]) -> list[Piece]:
    """Lines that stop mid-sentence joined to the next: a page or a column broke them."""
    out: list[Piece] = []
    for piece in pieces:
        if out and not re.search(r"[.:;!?)]$", out[-1].text):
            out[-1] = Piece(f"{out[-1].text} {piece.text}", out[-1].source, out[-1].row)
        else:
            out.append(piece)
    return out
