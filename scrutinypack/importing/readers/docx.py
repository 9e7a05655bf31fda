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
#: Each XML element costs python-docx about 170 bytes, so the elements a file may hold are
#: bounded in proportion to its size: Word's own files hold about one element for each byte
#: (images, which hold none, make the ratio lower), so memory stays within ~1,000 times the file.
ELEMENTS_FLOOR, ELEMENTS_PER_BYTE = 100_000, 5
_HEADING = re.compile(r"(?:heading|title)\s*(\d*)", re.IGNORECASE)


def read_docx(path: Path) -> Document:
    _inspect(path)
    import docx  # for start-up speed: python-docx (and lxml) load only when a .docx is read

    try:
        word = docx.Document(str(path))
    except Exception as exc:  # python-docx and lxml raise many kinds on a damaged package
        raise ReadError(
            f"{path.name} cannot be read as a Word document ({type(exc).__name__}): {FIX}"
        ) from None
    # From the XML: python-docx's own style objects fail on a style with no w:type.
    styles = {style.styleId: style.name_val or "" for style in word.styles.element.style_lst}
    document = Document(path.name)
    paragraphs = tables = 0
    for element in word.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraphs += 1
            text = clean(_text(element))
            if text:
                kind, level = _kind(element, styles)
                document.blocks.append(Block(kind, Source(path.name, paragraph=paragraphs), text, level))
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
    style = (
        styles.get(properties.pStyle.val, "")
        if properties is not None and properties.pStyle is not None
        else ""
    )
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
            cells.append(Cell(text, Source(file, table=number, row=row_number, cell=len(cells) + 1)))
        if cells:
            block.rows.append(cells)
    return block


def _inspect(path: Path) -> None:
    """Refuse a damaged file, a zip bomb, XML with entities, or more XML elements than a Word
    file of its size holds, before python-docx parses it."""
    elements = 0
    with open_zip(path, "a Word document (.docx)", FIX) as archive:
        for name in archive.namelist():  # python-docx loads every part: each is bounded
            data = read_part(archive, name, path.name, FIX)
            if name.endswith((".xml", ".rels")):
                elements += refuse_doctype(data, path.name, name, FIX)
    most = ELEMENTS_FLOOR + ELEMENTS_PER_BYTE * path.stat().st_size
    if elements > most:
        raise ReadError(
            f"{path.name} holds {elements:,} XML elements in "
            f"{path.stat().st_size // 1024:,} KB, more than {most:,}, which a Word "
            f"file of its size could hold (it is crafted or damaged): {FIX}"
        )
