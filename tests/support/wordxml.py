"""Word documents holding what python-docx cannot write (tracked changes, content controls,
text boxes, footnotes): python-docx makes the package, and the body is WordprocessingML
written here, as Word itself writes it."""

from __future__ import annotations

import zipfile
from html import escape
from pathlib import Path

MARKER = "<w:p><w:r><w:t>@@body@@</w:t></w:r></w:p>"
AUTHOR = 'w:author="Finance" w:date="2019-11-01T10:00:00Z"'


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(*inner: str, props: str = "") -> str:
    """A paragraph of runs; plain text is made a run."""
    runs = "".join(part if part.startswith("<") else run(part) for part in inner)
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{runs}</w:p>"


def cell(content: str) -> str:
    return f"<w:tc>{content if content.startswith('<') else para(content)}</w:tc>"


def row(*cells: str, props: str = "") -> str:
    return f"<w:tr>{f'<w:trPr>{props}</w:trPr>' if props else ''}{''.join(cell(c) for c in cells)}</w:tr>"


def table(*rows: str) -> str:
    width = max(r.count("<w:tc>") for r in rows)
    grid = "".join('<w:gridCol w:w="3000"/>' for _ in range(width))
    properties = '<w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr>'
    return f"<w:tbl>{properties}<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"


def inserted(*runs: str) -> str:
    return f'<w:ins w:id="1" {AUTHOR}>{"".join(runs)}</w:ins>'


def deleted(text: str) -> str:
    return f'<w:del w:id="2" {AUTHOR}><w:r><w:delText xml:space="preserve">{escape(text)}</w:delText></w:r></w:del>'


def control(content: str, placeholder: bool = False, gallery: str = "") -> str:
    """A content control (block, row, cell or inline: by what ``content`` holds)."""
    props = '<w:alias w:val="Answer"/><w:tag w:val="answer"/>'
    props += "<w:showingPlcHdr/>" if placeholder else ""
    props += f'<w:docPartObj><w:docPartGallery w:val="{gallery}"/></w:docPartObj>' if gallery else ""
    return f"<w:sdt><w:sdtPr>{props}</w:sdtPr><w:sdtContent>{content}</w:sdtContent></w:sdt>"


def text_box(*paragraphs: str) -> str:
    """A text box as Word writes it: DrawingML, then a VML copy of it for older readers."""
    content = f"<w:txbxContent>{''.join(paragraphs)}</w:txbxContent>"
    drawing = (
        '<w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" '
        'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        '<wp:extent cx="2000000" cy="500000"/><wp:wrapSquare wrapText="bothSides"/>'
        '<wp:docPr id="1" name="Text Box 1"/>'
        '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f'<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr/><wps:txbx>{content}</wps:txbx><wps:bodyPr/>'
        "</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"
    )
    return (
        f'<w:r><mc:AlternateContent><mc:Choice Requires="wps">{drawing}</mc:Choice>'
        f"<mc:Fallback>{vml_box(*paragraphs)}</mc:Fallback></mc:AlternateContent></w:r>"
    )


def vml_box(*paragraphs: str) -> str:
    """An older text box, VML alone (a Word 2003 document saved as .docx)."""
    return (
        '<w:pict><v:shape id="box" type="#_x0000_t202" style="width:150pt;height:40pt">'
        f"<v:textbox><w:txbxContent>{''.join(paragraphs)}</w:txbxContent></v:textbox></v:shape></w:pict>"
    )


def footnote_reference(number: int, kind: str = "footnote", custom: bool = False) -> str:
    """A note's reference; ``custom``: a mark of its own (the run after it, e.g. '*')."""
    mark = ' w:customMarkFollows="1"' if custom else ""
    return f'<w:r><w:{kind}Reference{mark} w:id="{number}"/></w:r>'


NOTES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:{kind}s xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml">'
    '<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>'
    '<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
    "</w:{kind}>{notes}</w:{kind}s>"
)


def word_document(path: Path, *blocks: str, **notes: dict[int, str]) -> Path:
    """A .docx whose body is ``blocks``, with a footnotes (or endnotes) part holding
    ``footnotes={id: its text, or its paragraphs' XML}`` (or ``endnotes=``)."""
    import docx

    document = docx.Document()
    document.add_paragraph("@@body@@")
    document.save(path)
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    assert MARKER in xml
    parts["word/document.xml"] = xml.replace(MARKER, "".join(blocks)).encode("utf-8")
    for part, texts in notes.items():
        _add_notes(parts, part[:-1], texts)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def _add_notes(parts: dict[str, bytes], kind: str, texts: dict[int, str]) -> None:
    notes = "".join(
        f'<w:{kind} w:id="{number}">'
        f"{text if text.startswith('<') else para(f'<w:r><w:{kind}Ref/></w:r>', ' ' + text)}</w:{kind}>"
        for number, text in texts.items()
    )
    parts[f"word/{kind}s.xml"] = NOTES.format(kind=kind, notes=notes).encode("utf-8")
    parts["word/_rels/document.xml.rels"] = _with(
        parts["word/_rels/document.xml.rels"],
        "</Relationships>",
        f'<Relationship Id="rId{kind}s" Target="{kind}s.xml" Type="http://schemas.openxmlformats.org/'
        f'officeDocument/2006/relationships/{kind}s"/>',
    )
    parts["[Content_Types].xml"] = _with(
        parts["[Content_Types].xml"],
        "</Types>",
        f'<Override PartName="/word/{kind}s.xml" ContentType="application/vnd.openxmlformats-'
        f'officedocument.wordprocessingml.{kind}s+xml"/>',
    )


def _with(data: bytes, end: str, added: str) -> bytes:
    text = data.decode("utf-8")
    assert end in text
    return text.replace(end, added + end).encode("utf-8")
