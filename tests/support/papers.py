"""Rebuild the seed papers as the files councils publish: a Word document and a PDF.

The seeds are the text of Word documents: a line that starts with a tab is a table cell, a
blank line ends a table row, and any other line is a paragraph. Each builder follows that
rule on its own (it does not use the importer's text reader), so the importer's readers are
tested against files made independently. A row with fewer cells than its table is as wide
as its last cell merged across the rest, as Word would print it.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from scrutinypack.cli import main

from .content import ROOT


def blocks(text: str, columns: bool = False) -> list:
    """('p', text) and ('table', [[cell, …], …]) in order. With ``columns``, the layout of a
    text exported from a table (seed 004): a line holding tabs is a whole row, its cells
    separated by the tabs, and a blank line ends the table."""
    out: list = []
    row: list[str] = []

    def end_row():
        nonlocal row
        if row:
            if not out or out[-1][0] != "table" or out[-1][2]:
                out.append(["table", [], False])
            out[-1][1].append(row)
        row = []

    for line in text.split("\n"):
        if columns and "\t" in line:
            row = [cell.strip() for cell in line.split("\t")]
            end_row()
        elif columns and not line.strip() and out and out[-1][0] == "table":
            out[-1][2] = True
        elif line.startswith("\t"):
            row.append(line[1:].strip())
        elif not line.strip():
            end_row()
        else:
            end_row()
            if out and out[-1][0] == "table":
                out[-1][2] = True  # a paragraph closes the table
            out.append(["p", line.strip(), True])
    end_row()
    return [(kind, content) for kind, content, _ in out]


def write_docx(text: str, path: Path, columns: bool = False) -> Path:
    import docx

    document = docx.Document()
    for kind, content in blocks(text, columns):
        if kind == "p":
            document.add_paragraph(content)
            continue
        width = max(len(row) for row in content)
        table = document.add_table(rows=0, cols=width)
        table.style = "Table Grid"
        for cells in content:
            row = table.add_row()
            if len(cells) < width:
                row.cells[len(cells) - 1].merge(row.cells[width - 1])
            for index, cell in enumerate(cells):
                row.cells[index].text = cell
    document.save(path)
    return path


def html(text: str) -> str:
    parts = []
    for kind, content in blocks(text):
        if kind == "p":
            parts.append(f"<p>{escape(content)}</p>")
            continue
        width = max(len(row) for row in content)
        rows = []
        for cells in content:
            tds = [f"<td>{escape(c)}</td>" for c in cells]
            if len(cells) < width:
                tds[-1] = f'<td colspan="{width - len(cells) + 1}">{escape(cells[-1])}</td>'
            rows.append(f"<tr>{''.join(tds)}</tr>")
        parts.append(f"<table>{''.join(rows)}</table>")
    style = (
        "@page { size: A4; margin: 15mm }"
        "body { font: 9pt 'DejaVu Sans', sans-serif; line-height: 1.25 }"
        "p { margin: 0 0 6pt }"
        "table { border-collapse: collapse; width: 100%; margin: 0 0 6pt }"
        "td { border: 0.5pt solid black; padding: 2pt 3pt; vertical-align: top }"
    )
    return (
        f"<!doctype html><html lang=en><head><meta charset=utf-8><style>{style}</style>"
        f"</head><body>{''.join(parts)}</body></html>"
    )


def write_pdf(text: str, path: Path) -> Path:
    import weasyprint

    weasyprint.HTML(string=html(text)).write_pdf(path)
    return path


FORMS_MAP = ROOT / "examples" / "import" / "lancashire-option-forms.map.yaml"


def one_line_error(capsys, paper: Path, site: Path, mapping: Path = FORMS_MAP) -> str:
    code = main(["import", str(paper), "--map", str(mapping), "--content", str(site)])
    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback" not in err
    lines = err.strip().split("\n")
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    return lines[0]


def small_docx(path: Path, text: str = "Reference – SC001") -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    document.save(path)
    return path
