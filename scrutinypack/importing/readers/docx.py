"""A Word document (.docx) through python-docx: paragraphs, headings, list items and tables,
in the order the body holds them.

A merged cell is one cell: python-docx repeats it in ``row.cells`` for every grid column it
spans (and a vertical merge shows the top cell again in the rows below), so each cell is read
the first time it is met and never again.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..document import Block, Cell, Document, Source, clean
from .limits import ReadError, open_zip, parse_xml, read_part

FIX = "open it in Word and 'Save as' 'Word Document (.docx)'"
_HEADING = re.compile(r"(?:heading|title)\s*(\d*)", re.IGNORECASE)


def read_docx(path: Path) -> Document:
    _inspect(path)
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    try:
        word = docx.Document(str(path))
    except Exception as exc:   # python-docx and lxml raise many kinds on a damaged package
        raise ReadError(f"{path.name} cannot be read as a Word document ({type(exc).__name__}): "
                        f"{FIX}") from None
    document = Document(path.name)
    paragraphs = tables = 0
    for element in word.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraphs += 1
            paragraph = Paragraph(element, word)
            text = clean(paragraph.text)
            if text:
                kind, level = _kind(paragraph)
                document.blocks.append(Block(kind, Source(path.name, paragraph=paragraphs), text,
                                             level))
        elif tag == "tbl":
            tables += 1
            document.blocks.append(_table(Table(element, word), path.name, tables))
    return document


def _kind(paragraph) -> tuple[str, int]:
    style = paragraph.style.name if paragraph.style is not None else ""
    heading = _HEADING.fullmatch(style.strip())
    if heading:
        return "heading", int(heading[1] or 1)
    properties = paragraph._p.pPr
    if (properties is not None and properties.numPr is not None) or style.lower().startswith("list"):
        return "list", 0
    return "paragraph", 0


def _table(table, file: str, number: int) -> Block:
    block = Block("table", Source(file, table=number))
    seen = set()      # the cells' XML elements: held, so lxml gives the same one back
    for row_number, row in enumerate(table.rows, 1):
        cells = []
        for cell in row.cells:
            if cell._tc in seen:
                continue
            seen.add(cell._tc)
            text = clean("\n".join(p.text for p in cell.paragraphs))
            cells.append(Cell(text, Source(file, table=number, row=row_number,
                                           cell=len(cells) + 1)))
        if cells:
            block.rows.append(cells)
    return block


def _inspect(path: Path) -> None:
    """Refuse a damaged file, a zip bomb or XML with entities before python-docx parses it."""
    with open_zip(path, "a Word document (.docx)", FIX) as archive:
        for name in archive.namelist():      # python-docx loads every part: each is bounded
            data = read_part(archive, name, path.name, FIX)
            if name.endswith((".xml", ".rels")):
                parse_xml(data, path.name, name, FIX)
