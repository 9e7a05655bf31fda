"""One reader per format, each into the document model; this module picks one by suffix."""

from __future__ import annotations

from pathlib import Path

from ...program import command
from ..document import Document
from .limits import ReadError, check_file

#: How a clerk saves each format, said when a file is not one of them.
FORMATS = ".docx (Word), .pdf, .txt (the text of a Word document), .xlsx or .csv"


def read_document(path: Path, columns: bool = False) -> Document:
    """The paper as a document; ``columns`` is the layout of a text export whose lines are
    whole table rows (readers/text.py). Each reader is imported when its format is read, for
    start-up speed: python-docx, pdfplumber and PDFium are slow to load."""
    path = Path(path)
    check_file(path, command("import forms.docx --map forms.map.yaml"))
    suffix = path.suffix.lower()
    if suffix == ".docx":
        from .docx import read_docx

        return read_docx(path)
    if suffix == ".pdf":
        from .pdf import read_pdf

        return read_pdf(path)
    if suffix in (".txt", ".text"):
        from .text import read_text

        return read_text(path, columns)
    if suffix in (".csv", ".tsv", ".xlsx", ".xlsm"):
        from .sheet import as_document, read_sheet

        return as_document(read_sheet(path))
    if suffix == ".doc":
        raise ReadError(
            f"{path.name} is an old Word file (.doc): open it in Word and 'Save as' 'Word Document (.docx)'"
        )
    raise ReadError(f"{path.name} is not a paper the import reads: it reads {FORMATS}")


__all__ = ["ReadError", "read_document"]
