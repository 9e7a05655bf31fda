"""The document model every reader produces: blocks in printed order, each knowing its source.

A block is a heading, a paragraph, a list item or a table (rows of cells). The map reads a
document as a stream of *pieces*, one per paragraph or table cell, so a label and its value
are found the same way whether the form put them in one table row, in two rows or in two
paragraphs.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Source:
    """Where a piece of text was printed; only the parts the format knows are set."""

    file: str
    page: int | None = None
    paragraph: int | None = (
        None  # .docx: the body's paragraph number from 1 (a text box's or a note's: its anchor's)
    )
    line: int | None = None  # text: the line number
    table: int | None = None
    row: int | None = None
    cell: int | None = None

    def __str__(self) -> str:
        parts = [self.file]
        for name in ("page", "paragraph", "line", "table", "row", "cell"):
            value = getattr(self, name)
            if value is not None:
                parts.append(f"{name} {value}")
        return ", ".join(parts)

    def place(self) -> str:
        """The page, paragraph or line alone ('page 3'), for a record's comment."""
        for name in ("page", "paragraph", "line"):
            value = getattr(self, name)
            if value is not None:
                return f"{name} {value}"
        return ""


@dataclass
class Cell:
    text: str
    source: Source


@dataclass
class Block:
    kind: str  # heading | paragraph | list | table
    source: Source
    text: str = ""  # heading, paragraph, list item
    level: int = 0  # heading level, list nesting
    rows: list[list[Cell]] = field(default_factory=list)  # table


@dataclass
class Piece:
    """One paragraph or one table cell, in reading order."""

    text: str
    source: Source
    row: tuple | None = None  # (page, table, row) for a cell: cells of one row share it
    kind: str = "cell"  # cell, or the block's kind: paragraph, heading, list
    level: int = 0  # a heading's level (Word's Heading 2 is 2)

    @property
    def in_table(self) -> bool:
        return self.row is not None


@dataclass
class Document:
    file: str
    blocks: list[Block] = field(default_factory=list)

    def pieces(self) -> list[Piece]:
        out = []
        for block in self.blocks:
            if block.kind != "table":
                out.append(Piece(block.text, block.source, kind=block.kind, level=block.level))
                continue
            for cells in block.rows:
                for cell in cells:
                    out.append(
                        Piece(cell.text, cell.source, (cell.source.page, cell.source.table, cell.source.row))
                    )
        return out


def clean(text: str) -> str:
    """Text as a record keeps it: one kind of line break, no trailing spaces on the ends."""
    return "\n".join(line.rstrip() for line in newlines(text).split("\n")).strip()


def newlines(text: str) -> str:
    """Every kind of line break as a plain newline. U+2028, U+2029 and U+0085 are line breaks
    to YAML but not to a word processor; left alone, they would end a line of YAML."""
    for mark in ("\r\n", "\r", "\u2028", "\u2029", "\x85", "\x0b", "\x0c"):
        text = text.replace(mark, "\n")
    return text
