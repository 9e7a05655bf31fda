"""Spreadsheets to import: the example's, and small ones written for a test."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from .content import ROOT

EXAMPLE = ROOT / "examples" / "import"


MAPPING = EXAMPLE / "lancashire-savings.map.yaml"


def write_xlsx(path: Path, rows: list[list], sheet: str = "Figures") -> Path:
    """A minimal workbook as Excel lays it out. A cell is text (a shared string), or
    (stored number, number format), or ("#REF!", "error")."""
    strings: list[str] = []
    formats: list[str] = []
    cells_xml = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, cell in enumerate(row):
            ref = f"{chr(65 + c)}{r}"
            if isinstance(cell, str):
                strings.append(cell)
                cells.append(f'<c r="{ref}" t="s"><v>{len(strings) - 1}</v></c>')
            elif cell[1] == "error":
                cells.append(f'<c r="{ref}" t="e"><f>1/0</f><v>{cell[0]}</v></c>')
            else:
                if cell[1] not in formats:
                    formats.append(cell[1])
                cells.append(f'<c r="{ref}" s="{formats.index(cell[1]) + 1}"><v>{cell[0]}</v></c>')
        cells_xml.append(f'<row r="{r}">{"".join(cells)}</row>')
    main_ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel_ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    kind = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/></Types>',
        "_rels/.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{kind}officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{main_ns}" xmlns:r="{rel_ns}"><sheets>'
        f'<sheet name="{sheet}" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{kind}worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{kind}styles" Target="styles.xml"/>'
        f'<Relationship Id="rId3" Type="{kind}sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/styles.xml": f'<styleSheet xmlns="{main_ns}"><numFmts count="{len(formats)}">'
        + "".join(
            f'<numFmt numFmtId="{164 + i}" formatCode="{escape(f, {chr(34): "&quot;"})}"/>'
            for i, f in enumerate(formats)
        )
        + '</numFmts><cellXfs><xf numFmtId="0"/>'
        + "".join(f'<xf numFmtId="{164 + i}" applyNumberFormat="1"/>' for i in range(len(formats)))
        + "</cellXfs></styleSheet>",
        "xl/sharedStrings.xml": f'<sst xmlns="{main_ns}">'
        + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
        + "</sst>",
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{main_ns}"><sheetData>{"".join(cells_xml)}'
        "</sheetData></worksheet>",
    }
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + text)
    return path


#: The example sheet's headings, and one row under them, as an .xlsx holds them.
HEADINGS = [
    "Ref",
    "Service",
    "Saving Identified 2018/19",
    "Total Saving Identified",
    "Decisions Needed to Deliver the Budgeted Savings",
    "Impact",
    "Date Reported to Cabinet",
    "Education or Children's Services",
]


def first_row(stored: str) -> list:
    return [
        "CYP01",
        "Family Information Service",
        (stored, "0.000"),
        ("0.04", "0.000"),
        "Approval.",
        "None.",
        "Sept 17 Item 6 App D",
        "Children's Services",
    ]
