"""Narrative as a record keeps it: pieces as Markdown, pieces grouped into table rows, and a
note printed under a field's value."""

from __future__ import annotations

import re

from .document import Piece
from .mapshape import Rule, put

BULLET = re.compile(r"^[·•▪◦●○§o]\s+|^[-–]\s+")


def note(rule: Rule, rest: list[Piece], fields: dict) -> list[Piece]:
    if rest and rule.note:
        put(fields, rule.note, markdown(rest))
        return []
    return rest


def markdown(pieces: list[Piece]) -> str:
    """Pieces of narrative as Markdown: a paragraph each; bullets ('·', '•') become '- ' items
    and numbered lines stay numbered, consecutive items making one list; a leading '*' (a
    footnote mark) is kept as a '*', not read as a bullet."""
    out: list[str] = []
    previous_item = False
    for piece in pieces:
        for line in piece.text.split("\n"):
            line = line.strip()
            if not line or BULLET.fullmatch(line + " "):  # a bullet with nothing after it
                continue
            item = True
            if piece.kind == "list":
                line = "- " + line
            elif BULLET.match(line):
                line = "- " + BULLET.sub("", line, count=1)
            elif re.match(r"\d{1,2}[.)]\s", line):
                pass
            else:
                item = False
                if line.startswith(("*", "#", ">", "+")):
                    line = "\\" + line
            out.append(("\n" if item and previous_item else "\n\n" if out else "") + line)
            previous_item = item
    return "".join(out)


def table_rows(span: list[Piece]) -> list[list[Piece]]:
    """The span's pieces grouped into table rows (a paragraph is a row of its own)."""
    rows: list[list[Piece]] = []
    for piece in span:
        if rows and piece.row is not None and rows[-1][-1].row == piece.row:
            rows[-1].append(piece)
        else:
            rows.append([piece])
    return rows
