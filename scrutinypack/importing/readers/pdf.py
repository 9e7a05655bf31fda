"""A PDF through pdfplumber: its ruled tables and the paragraphs between them, page by page.

A PDF has no paragraphs or cells, only characters placed on pages; so a table is found by
its ruling lines, a cell spanning several columns is read once (pdfplumber gives the other
columns of it as None), and the text outside tables becomes paragraphs where the gap between
two lines is wider than a line's spacing. A line that wraps is joined to the next with a
space (or, after a hyphen, with nothing); a line starting with a bullet or a number starts
a line of its own.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..document import Block, Cell, Document, Source, clean
from .limits import ReadError

FIX = "open it and save or export it again as PDF, or import the Word document it was made from"
_OWN_LINE = re.compile(r"[·•▪◦●○§\-–]\s|\d{1,2}[.)]\s|\*")


def read_pdf(path: Path) -> Document:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException
    from pdfplumber.utils.exceptions import PdfminerException

    document = Document(path.name)
    tables = 0
    characters = 0
    try:
        with pdfplumber.open(path) as pdf:
            for number, page in enumerate(pdf.pages, 1):
                characters += len(page.chars)
                found = page.find_tables()
                placed: list[tuple[float, Block]] = []
                for table in found:
                    tables += 1
                    placed.append((table.bbox[1], _table(table, path.name, number, tables)))
                outside = page.filter(lambda obj, boxes=[t.bbox for t in found]:
                                      not any(_inside(obj, box) for box in boxes))
                placed += _paragraphs(outside.extract_text_lines(), path.name, number)
                document.blocks += [block for _, block in sorted(placed, key=lambda p: p[0])]
    except PdfminerException as exc:   # pdfplumber wraps what pdfminer raised
        raise _refusal(path, exc.args[0] if exc.args else exc) from None
    except (PDFPasswordIncorrect, PDFEncryptionError, PDFSyntaxError, PSException, ValueError,
            KeyError, TypeError, OSError) as exc:
        raise _refusal(path, exc) from None
    if not characters:
        raise ReadError(f"{path.name} has no text layer (it is a scan, a picture of the pages): "
                        "import the Word document it was made from, or run it through OCR first")
    return document


def _refusal(path: Path, cause) -> ReadError:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
        return ReadError(f"{path.name} is encrypted (it needs a password to open): save an "
                         "unprotected copy, or import the Word document it was made from")
    return ReadError(f"{path.name} cannot be read as a PDF ({type(cause).__name__}): {FIX}")


def _inside(obj: dict, box: tuple) -> bool:
    middle_x = (obj["x0"] + obj["x1"]) / 2
    middle_y = (obj["top"] + obj["bottom"]) / 2
    return box[0] <= middle_x <= box[2] and box[1] <= middle_y <= box[3]


def _table(table, file: str, page: int, number: int) -> Block:
    block = Block("table", Source(file, page=page, table=number))
    for row_number, row in enumerate(table.extract(), 1):
        cells = [Cell(_joined(text), Source(file, page=page, table=number, row=row_number,
                                            cell=index + 1))
                 for index, text in enumerate(c for c in row if c is not None)]
        if cells:
            block.rows.append(cells)
    return block


def _joined(text: str) -> str:
    """A cell's wrapped lines as its text: joined by spaces, except where a line begins a
    bullet, a numbered point or a footnote."""
    out = ""
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        out = _join(out, line, "\n" if _OWN_LINE.match(line) else " ") if out else line
    return clean(out)


def _join(text: str, line: str, space: str) -> str:
    """A word broken after its hyphen ('re-' / 'assessments') is one word again."""
    if space == " " and re.search(r"\w-$", text):
        return text + line
    return text + space + line


def _paragraphs(lines: list[dict], file: str, page: int) -> list[tuple[float, Block]]:
    out: list[tuple[float, Block]] = []
    text, top, bottom, height = "", 0.0, 0.0, 0.0
    for line in lines:
        gap = line["top"] - bottom
        starts = not text or gap > 0.5 * height or _OWN_LINE.match(line["text"])
        if starts:
            if text:
                out.append((top, Block("paragraph", Source(file, page=page), clean(text))))
            text, top = line["text"], line["top"]
        else:
            text = _join(text, line["text"], " ")
        bottom, height = line["bottom"], line["bottom"] - line["top"]
    if text:
        out.append((top, Block("paragraph", Source(file, page=page), clean(text))))
    return out
