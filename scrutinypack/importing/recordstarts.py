"""Where a forms map's records are in the stream of pieces: the headings carried down over
several records (taken out of the stream, so the next form's service heading never ends up in
the previous form's last field), and where each record starts: at a pattern, at a heading of
a level, or at the piece just before a label (an unlabelled title)."""

from __future__ import annotations

from .document import Piece
from .maprecords import Carry
from .mapshape import LONGEST_LABEL, DocumentMap, norm
from .patterns import Match


def carried(pieces: list[Piece], carry: list[Carry]) -> tuple[list[Piece], list[dict]]:
    """The pieces without the carried headings, and for each piece kept the fields the
    headings above it give."""
    kept: list[Piece] = []
    given: list[dict] = []
    current: dict[int, dict] = {}
    for piece in pieces:
        found = next(((i, c, m) for i, c in enumerate(carry) if (m := _carries(c, piece))), None)
        if found is None:
            kept.append(piece)
            given.append({k: v for values in current.values() for k, v in values.items()})
            continue
        index, entry, match = found
        values: dict = {}
        if entry.into:
            values[entry.into] = piece.text.strip()
        if isinstance(match, Match):
            values.update({k: v.strip() for k, v in match.groupdict().items() if v and v.strip()})
        current[index] = values
    return kept, given


def _carries(entry: Carry, piece: Piece) -> Match | bool | None:
    if not piece.text:
        return None
    if entry.heading:
        return piece.kind == "heading" and piece.level == entry.heading
    return entry.pattern.match(piece.text)


def starts(pieces: list[Piece], doc_map: DocumentMap) -> list[tuple[int, Match | None]]:
    """Each record's first piece, and the start pattern's match when a pattern found it."""
    if doc_map.start is not None:
        return [
            (i, m) for i, piece in enumerate(pieces) if piece.text and (m := doc_map.start.match(piece.text))
        ]
    if doc_map.start_heading:
        return [
            (i, None)
            for i, piece in enumerate(pieces)
            if piece.text and piece.kind == "heading" and piece.level == doc_map.start_heading
        ]
    found: list[tuple[int, Match | None]] = []
    for index, piece in enumerate(pieces):
        if is_label(piece, doc_map.start_before):
            before = previous(pieces, index)
            if before is not None and (not found or before > found[-1][0]):
                found.append((before, None))
    return found


def is_label(piece: Piece, label: str) -> bool:
    """Is the piece the (normalised) label: its words, or its words then more?"""
    if not piece.text or len(piece.text) > LONGEST_LABEL:
        return False
    words = norm(piece.text)
    return words == label or words.startswith(label + " ")


def previous(pieces: list[Piece], index: int) -> int | None:
    """The index of the last piece with text before ``index``."""
    return next((i for i in range(index - 1, -1, -1) if pieces[i].text), None)


def placed(doc_map: DocumentMap, pieces: list[Piece], taken: bool) -> tuple[dict[int, Piece], list[Piece]]:
    """The pieces the fields found by their place take ('before: <label>', 'position:
    first'), by the rule's id, and the pieces left for the labels. ``taken``: the start
    pattern took the first piece, so the record's first paragraph is the one after it."""
    fields: dict[int, Piece] = {}
    rest = list(pieces)
    for rule in doc_map.rules:
        if rule.position == "first":
            at = next((i for i, p in enumerate(rest) if p.text and (i > 0 or not taken)), None)
        elif rule.before:
            label = next((i for i, p in enumerate(rest) if is_label(p, rule.before)), None)
            at = previous(rest, label) if label is not None else None
            at = None if at == 0 and taken else at
        else:
            continue
        if at is not None:
            fields[id(rule)] = rest.pop(at)
    return fields, rest
