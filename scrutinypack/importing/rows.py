"""A table with one record per row (a summary table), read cell by cell.

The map names the table's headings in order. After the row that prints them, each cell
fills the next column, and a paragraph between cells continues the cell before it (Word's
text puts a cell's second paragraph on a line of its own); after the last column, the next
cell starts the next record. So a row whose cells run over several lines, or across a page,
is still one record.
"""
from __future__ import annotations

import re

from ..content.yamldoc import Map
from ..problems import Problem
from .document import Document, Piece
from .maps import FIELD_KINDS, DocumentMap, Record, Result, Unplaced, in_order, merge, norm


def apply_rows(document: Document, doc_map: DocumentMap) -> Result:
    columns = doc_map.columns
    result = Result()
    pieces = document.pieces()
    start = _header_end(pieces, [h for h, _ in columns])
    if start is None:
        result.warnings.append(Problem(document.file, 0, "no-header",
                                       "no row prints the map's headings "
                                       f"({', '.join(h for h, _ in columns)}): check them "
                                       "against the paper"))
        return result
    end_pattern = doc_map.rows.get("end")
    skip = [norm(str(s)) for s in (doc_map.rows.get("skip") or ["Total"])]
    ref_rule = doc_map.rows.get("ref")
    result.unplaced += [Unplaced("", p.source, p.text) for p in pieces[:start - len(columns)]
                        if p.text]
    records: list[list[list[Piece]]] = []
    column = len(columns) - 1
    for index, piece in enumerate(pieces[start:], start):
        if end_pattern and piece.text and re.match(str(end_pattern), piece.text, re.IGNORECASE):
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
    number = 0
    for cells in records:
        first = " ".join(p.text for p in cells[0]).strip()
        if any(norm(first).startswith(word) for word in skip) or not any(
                p.text for column_pieces in cells for p in column_pieces):
            continue
        number += 1
        result.records.append(_record(cells, columns, number, ref_rule, doc_map, result))
    return result


def _header_end(pieces: list[Piece], headings: list[str]) -> int | None:
    """The index just after the cells that print the headings, in order."""
    wanted = [norm(h) for h in headings]
    for index in range(len(pieces) - len(wanted) + 1):
        if all(norm(pieces[index + i].text) == wanted[i] for i in range(len(wanted))):
            return index + len(wanted)
    return None


def _record(cells: list[list[Piece]], columns, number: int, ref_rule, doc_map: DocumentMap,
            result: Result) -> Record:
    fields: dict = {}
    for (heading, rule), pieces in zip(columns, cells):
        if rule is None:
            continue
        if rule.kind == "text":      # a cell's text wrapped onto lines of its own is one line
            text = re.sub(r"(?<=/) ", "", " ".join(p.text for p in pieces if p.text))
            pieces = [Piece(text, pieces[0].source, pieces[0].row)] if text else []
        FIELD_KINDS[rule.kind](rule, pieces, fields)
    if isinstance(ref_rule, Map):
        ref = f"{ref_rule.get('prefix', '')}{number:0{int(ref_rule.get('digits') or 1)}d}"
        fields["ref"] = ref
    else:
        ref = str(fields.get("ref", ""))
    source = next((p.source for column in cells for p in column), None)
    for (heading, rule), pieces in zip(columns, cells):
        if rule is None:
            result.unplaced += [Unplaced(ref, p.source, p.text) for p in pieces if p.text]
    merged = merge(doc_map.fixed, fields)
    for key, value in merged.items():     # "{ref}" in a fixed text is the record's ref
        if isinstance(value, str) and key not in fields:
            merged[key] = value.replace("{ref}", ref)
    return Record(ref, in_order(merged), source, source)
