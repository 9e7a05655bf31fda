"""A Word document (.docx) through python-docx: paragraphs, headings, list items and tables,
in the order the body holds them, as the document reads with its tracked changes accepted.

Content controls (forms are built from them) are read in their place, unless they show only
their placeholder; a text box is read once, after the paragraph it is anchored in; a footnote
or an endnote becomes a paragraph of its own, ``Footnote 1: …``, after the paragraph or table
that cites it (the citing text keeps no mark: a figure stays a figure). Headers, footers and
comments are never read: they are not the paper's content.

A merged cell is one cell: python-docx repeats it in ``row.cells`` for every grid column it
spans (and a vertical merge shows the top cell again in the rows below), so the rows are read
from Word's own cells (``w:tc``), where a merged cell is there once.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..document import Block, Cell, Document, Source, clean
from .limits import ReadError, open_zip, parse_xml, read_part, refuse_doctype
from .wordxml import W, cell_continues, children, local, mark_deleted, notes_of, of_kind, row_deleted, runs

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
    notes = {kind: notes_of(_part(word, f"{kind.lower()}s", path.name)) for kind in ("Footnote", "Endnote")}
    reader = _Reader(path.name, styles, notes)
    try:
        reader.blocks_in(word.element.body)
    except RecursionError:
        raise ReadError(
            f"{path.name} nests text boxes or notes more deeply than a Word document does "
            f"(it is crafted or damaged): {FIX}"
        ) from None
    document = Document(path.name)
    document.blocks = reader.blocks
    return document


def _part(word, kind: str, file: str):
    """The document's footnotes or endnotes part, parsed by defusedxml; None without one."""
    for rel in word.part.rels.values():
        if not rel.is_external and rel.reltype.endswith("/" + kind):
            part = rel.target_part
            return parse_xml(part.blob, file, str(part.partname).lstrip("/"), FIX)
    return None


class _Reader:
    """The blocks of a document in reading order. Paragraphs are numbered as the body holds
    them; a text box's blocks and a note carry the number of the paragraph that holds them."""

    def __init__(self, file: str, styles: dict[str, str], notes: dict[str, dict]):
        self.file, self.styles, self.notes = file, styles, notes
        self.blocks: list[Block] = []
        self.paragraphs = self.tables = 0
        self.numbers = dict.fromkeys(notes, 0)
        self.cited: list[tuple[str, str, bool]] = []

    def blocks_in(self, container, anchor: int | None = None) -> None:
        carry = ""
        for child in children(container):
            tag = local(child)
            if tag == "p":
                carry = self._paragraph(child, carry, anchor)
            elif tag == "tbl":
                self._add_text(carry, None, anchor or self.paragraphs)
                carry = ""
                self._table(child)
        self._add_text(carry, None, anchor or self.paragraphs)

    def _paragraph(self, p, carry: str, anchor: int | None) -> str:
        """Adds the paragraph; returns its text when its mark was deleted, to run on into the
        next paragraph as Word shows it once the deletion is accepted."""
        if anchor is None:
            self.paragraphs += 1
        number = anchor or self.paragraphs
        found = runs(p)
        text = carry + found.text
        joined = mark_deleted(p)
        if not joined:
            self._add_text(text, p, number)
        for box in found.boxes:
            self.blocks_in(box, number)
        self.cited += found.notes  # a joined paragraph's notes follow the paragraph it joins
        if joined:
            return text
        self._add_notes(Source(self.file, paragraph=number))
        return ""

    def _add_text(self, text: str, p, number: int) -> None:
        text = clean(text)
        if text:
            kind, level = _kind(p, self.styles) if p is not None else ("paragraph", 0)
            self.blocks.append(Block(kind, Source(self.file, paragraph=number), text, level))

    def _table(self, element) -> None:
        """Each row's cells as Word keeps them: one ``w:tc`` per cell, however many grid
        columns it spans; the rows a vertical merge continues into are left out, since their
        cell's text is the top one's, and so are rows and cells deleted with changes tracked."""
        self.tables += 1
        source = Source(self.file, table=self.tables)
        block = Block("table", source)
        self.blocks.append(block)
        rows = (tr for tr in of_kind(element, "tr") if not row_deleted(tr))
        for row_number, tr in enumerate(rows, 1):
            cells = []
            for tc in of_kind(tr, "tc"):
                if cell_continues(tc):
                    continue
                text = clean("\n".join(self._lines(tc)))
                cells.append(
                    Cell(text, Source(self.file, table=source.table, row=row_number, cell=len(cells) + 1))
                )
            if cells:
                block.rows.append(cells)
        self._add_notes(source)

    def _lines(self, container, cite: bool = True) -> list[str]:
        """The text of each paragraph in a cell, a note, or a text box in either, in order
        (a table inside gives its cells' paragraphs)."""
        lines, carry = [], ""
        for child in children(container):
            tag = local(child)
            if tag == "tbl":
                for tc in (
                    tc for tr in of_kind(child, "tr") if not row_deleted(tr) for tc in of_kind(tr, "tc")
                ):
                    lines += [] if cell_continues(tc) else self._lines(tc, cite)
            elif tag == "p":
                found = runs(child)
                carry += found.text
                if not mark_deleted(child):
                    lines.append(carry)
                    carry = ""
                for box in found.boxes:
                    lines += self._lines(box, cite)
                self.cited += found.notes if cite else []
        return lines + ([carry] if carry else [])

    def _add_notes(self, source: Source) -> None:
        """Each note cited since the last, as a paragraph: 'Footnote 1: …', numbered as Word
        numbers them (a note with a mark of its own, such as '*', takes no number)."""
        cited, self.cited = self.cited, []
        for kind, number, custom in cited:
            if not custom:
                self.numbers[kind] += 1
            note = self.notes[kind].get(number)
            if note is None:
                continue
            text = clean("\n".join(self._lines(note, cite=False)))
            if text:
                label = kind if custom else f"{kind} {self.numbers[kind]}"
                self.blocks.append(Block("paragraph", source, f"{label}: {text}"))


def _kind(p, styles: dict[str, str]) -> tuple[str, int]:
    """Heading (with its level), list item or paragraph, from the paragraph's own properties
    (python-docx's ``paragraph.style`` looks the default style up again every time)."""
    properties = p.find(f"{W}pPr")
    style_id = properties.find(f"{W}pStyle") if properties is not None else None
    style = styles.get(style_id.get(f"{W}val", ""), "") if style_id is not None else ""
    heading = _HEADING.fullmatch(style.strip())
    if heading:
        return "heading", int(heading[1] or 1)
    if (properties is not None and properties.find(f"{W}numPr") is not None) or style.lower().startswith(
        "list"
    ):
        return "list", 0
    return "paragraph", 0


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
