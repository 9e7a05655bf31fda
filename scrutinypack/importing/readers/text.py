"""The text of a Word document as the seed papers keep it.

A line that starts with a tab is a table cell, a blank line ends a table row, and any other
line is a paragraph (which also ends the table). A Word bookmark's mark is left out. Nothing
else is inferred: a label and its value are found later, by the map.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..document import Block, Cell, Document, Source, clean
from .limits import ReadError

#: Where the text marks a Word bookmark ("[bookmark: _GoBack]"): not the paper's words.
_BOOKMARK = re.compile(r"\[bookmark: [^\]\n]*\]")


def read_text(path: Path, columns: bool = False) -> Document:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ReadError(
            f"{path.name} is not UTF-8 text: save it as 'Plain Text' with the encoding 'Unicode (UTF-8)'"
        ) from None
    if "\x00" in text:
        raise ReadError(
            f"{path.name} is not text (it holds NUL characters): import the .docx "
            "or .pdf itself, not a renamed copy"
        )
    return parse_text(text, path.name, columns)


def parse_text(text: str, name: str, columns: bool = False) -> Document:
    """The document; with ``columns``, the other layout a text export uses: a line holding
    tabs is a whole table row, its cells separated by the tabs (so a leading tab is an empty
    first cell)."""
    document = Document(name)
    table: Block | None = None
    row: list[Cell] = []
    tables = 0

    def end_row():
        nonlocal row
        if row and table is not None:
            table.rows.append(row)
        row = []

    text = _BOOKMARK.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    for number, line in enumerate(text.split("\n"), 1):
        if line.startswith("\t") or (columns and "\t" in line):
            if table is None:
                tables += 1
                table = Block("table", Source(name, line=number, table=tables))
                document.blocks.append(table)
            for part in line.split("\t") if columns else [line[1:]]:
                row.append(
                    Cell(
                        clean(part),
                        Source(name, line=number, table=tables, row=len(table.rows) + 1, cell=len(row) + 1),
                    )
                )
            if columns:
                end_row()
        elif not line.strip():
            end_row()
        else:
            end_row()
            table = None
            document.blocks.append(Block("paragraph", Source(name, line=number), clean(line)))
    end_row()
    return document
