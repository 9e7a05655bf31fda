"""A Word document (.docx) through python-docx: paragraphs, headings, list items and tables,
in the order the body holds them.

A merged cell is one cell: python-docx repeats it in ``row.cells`` for every grid column it
spans (and a vertical merge shows the top cell again in the rows below), so the rows are read
from Word's own cells (``w:tc``), where a merged cell is there once.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..document import Block, Cell, Document, Source, clean
from .limits import ReadError, open_zip, read_part, refuse_doctype

FIX = "open it in Word and 'Save as' 'Word Document (.docx)'"
_HEADING = re.compile(r"(?:heading|title)\s*(\d*)", re.IGNORECASE)


def read_docx(path: Path) -> Document:
    _inspect(path)
    import docx
    try:
        word = docx.Document(str(path))
    except Exception as exc:   # python-docx and lxml raise many kinds on a damaged package
        raise ReadError(f"{path.name} cannot be read as a Word document ({type(exc).__name__}): "
                        f"{FIX}") from None
    styles = {style.style_id: style.name or "" for style in word.styles}
    document = Document(path.name)
    paragraphs = tables = 0
    for element in word.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraphs += 1
            text = clean(_text(element))
            if text:
                kind, level = _kind(element, styles)
                document.blocks.append(Block(kind, Source(path.name, paragraph=paragraphs), text,
                                             level))
        elif tag == "tbl":
            tables += 1
            document.blocks.append(_table(element, path.name, tables))
    return document


_RUN_TEXT = {"t": None, "tab": "\t", "br": "\n", "cr": "\n"}


def _text(p) -> str:
    """A paragraph's text as python-docx's ``paragraph.text`` gives it (runs, hyperlinks,
    tabs and breaks), in one walk of its elements."""
    parts = []
    for element in p.iter():
        tag = element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""
        if tag in _RUN_TEXT:
            parts.append(element.text or "" if tag == "t" else _RUN_TEXT[tag])
    return "".join(parts)


def _kind(p, styles: dict[str, str]) -> tuple[str, int]:
    """Heading (with its level), list item or paragraph, from the paragraph's own properties
    (python-docx's ``paragraph.style`` looks the default style up again every time)."""
    properties = p.pPr
    style = styles.get(properties.pStyle.val, "") if properties is not None and \
        properties.pStyle is not None else ""
    heading = _HEADING.fullmatch(style.strip())
    if heading:
        return "heading", int(heading[1] or 1)
    if (properties is not None and properties.numPr is not None) or style.lower().startswith("list"):
        return "list", 0
    return "paragraph", 0


def _table(element, file: str, number: int) -> Block:
    """Each row's cells as Word keeps them: one ``w:tc`` per cell, however many grid columns
    it spans; the rows a vertical merge continues into are left out, since their cell's text
    is the top one's."""
    block = Block("table", Source(file, table=number))
    for row_number, tr in enumerate(element.tr_lst, 1):
        cells = []
        for tc in tr.tc_lst:
            if tc.vMerge == "continue":
                continue
            text = clean("\n".join(_text(p) for p in tc.p_lst))
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
                refuse_doctype(data, path.name, name, FIX)
