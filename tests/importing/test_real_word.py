"""Word documents as councils' officers leave them, imported through the import command with a
map: tracked changes read as accepted, content controls, text boxes (once) and footnotes read,
headers, footers and comments never."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrutinypack.cli import main
from scrutinypack.importing.readers import read_document

from ..support.imported import fields
from ..support.papers import one_line_error
from ..support.wordxml import (
    AUTHOR,
    control,
    deleted,
    footnote_reference,
    inserted,
    para,
    row,
    run,
    table,
    text_box,
    vml_box,
    word_document,
)

pytest.importorskip("docx")

MAP = """\
records:
  start: 'Proposal reference:\\s*(?P<ref>\\S+)'
  fixed: {committees: [budget], status: proposed}
fields:
  - label: Title of proposal
    into: title
  - label: Directorate
    into: directorate
    optional: true
  - label: Savings
    into: savings
    as: years
    total: total
  - label: What will change
    into: impact
    as: markdown
"""


def form(**parts: str) -> list[str]:
    """One proposal's form; each part given replaces the plain one."""
    plain = {
        "start": para("Proposal reference: NS-014"),
        "title": para("Close two day centres"),
        "directorate": para("Adult Services"),
        "figures": row("0.150", "0.100", "0.250"),
        "impact": para("The centres close."),
    }
    plain.update(parts)
    return [
        plain["start"],
        table(row("Title of proposal", plain["title"]), row("Directorate", plain["directorate"])),
        para("Savings (£m)"),
        table(row("2019/20", "2020/21", "Total"), plain["figures"]),
        para("What will change?"),
        plain["impact"],
    ]


def imported(capsys, tmp_path: Path, content, paper: Path) -> tuple[dict, str]:
    """The import's one proposal, field by field, and what the command printed."""
    site = content({"proposals/sc001.yaml": None})
    mapping = tmp_path / "forms.map.yaml"
    mapping.write_text(MAP, encoding="utf-8")
    code = main(["import", str(paper), "--map", str(mapping), "--content", str(site)])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert [p.name for p in (site / "proposals").iterdir()] == ["ns-014.yaml"]
    return fields(site / "proposals/ns-014.yaml"), out.out + out.err


PRINTED = {
    "title": "Close two day centres",
    "directorate": "Adult Services",
    "savings.2019/20": "0.150",
    "total": "0.250",
    "impact": "The centres close.",
}


def printed(made: dict) -> dict:
    return {key: made.get(key) for key in PRINTED}


def test_tracked_changes_read_as_accepted(tmp_path, content, capsys):
    paper = word_document(
        tmp_path / "forms.docx",
        *form(
            title=para(run("Close "), deleted("three"), inserted(run("two")), " day centres"),
            directorate=para(
                run("Adult "), props=f'<w:rPr><w:del w:id="3" {AUTHOR}/></w:rPr>'
            )  # its mark deleted: runs on into the next paragraph
            + para("Services"),
            figures=row("0.900", "0.100", "1.000", props=f'<w:del w:id="4" {AUTHOR}/>')
            + row(para(deleted("0.250"), inserted(run("0.150"))), "0.100", "0.250"),
            impact=para(
                f'<w:moveFrom w:id="5" {AUTHOR}>{run("Moved from here. ")}</w:moveFrom>',
                "The centres close.",
                f'<w:moveTo w:id="6" {AUTHOR}>{run(" Moved to here.")}</w:moveTo>',
            ),
        ),
    )
    made, _ = imported(capsys, tmp_path, content, paper)
    assert printed(made) == PRINTED | {"impact": "The centres close. Moved to here."}


def test_content_controls_are_read_in_their_place_and_a_placeholder_is_no_answer(tmp_path, content, capsys):
    paper = word_document(
        tmp_path / "forms.docx",
        control(para("Contents") + para("Proposal reference: NS-099"), gallery="Table of Contents"),
        *form(
            start=control(para("Proposal reference: NS-014")),  # a block control
            title=para(control(run("Close two day centres"))),  # an inline one, in a cell
            directorate=control(para("Click or tap here to enter text."), placeholder=True),
            figures=control(row("0.150", "0.100", "0.250")),  # a row control (a repeating section)
            impact=control(para(control(run("The centres close.")))),
        ),
    )
    assert read_document(paper).blocks[0].text == "Proposal reference: NS-014"  # a TOC is not read
    made, said = imported(capsys, tmp_path, content, paper)
    assert printed(made) == PRINTED | {"directorate": None}
    assert "Click or tap" not in said


def test_a_text_box_is_read_once_after_the_paragraph_it_is_anchored_in(tmp_path, content, capsys):
    paper = word_document(
        tmp_path / "forms.docx",
        *form(
            directorate=para(vml_box(para("Adult Services"))),  # an older box: VML alone
            impact=para(text_box(para("The centres close."))),  # DrawingML, and its VML copy
        ),
    )
    made, _ = imported(capsys, tmp_path, content, paper)
    assert printed(made) == PRINTED


def test_a_footnote_is_a_paragraph_after_what_cites_it_and_the_figure_keeps_no_mark(
    tmp_path, content, capsys
):
    paper = word_document(
        tmp_path / "forms.docx",
        *form(
            figures=row(para("0.150", footnote_reference(1)), "0.100", "0.250"),
            impact=para(
                "The centres close.",
                footnote_reference(2),
                footnote_reference(3, custom=True),
                "*",
                footnote_reference(1, kind="endnote"),
            ),
        ),
        footnotes={1: "Net of the transport contract.", 2: "Subject to consultation.", 3: "Marked by hand."},
        endnotes={1: "Figures from the 2019 budget book."},
    )
    made, said = imported(capsys, tmp_path, content, paper)
    assert printed(made) == PRINTED | {
        "impact": "The centres close.*\n\nFootnote 2: Subject to consultation.\n\nFootnote: Marked by hand.\n\n"
        "Endnote 1: Figures from the 2019 budget book."
    }
    assert "forms.docx, table 2 [NS-014]: Footnote 1: Net of the transport contract." in said  # not lost


def test_a_field_is_read_as_its_result_never_its_code(tmp_path, content, capsys):
    def character(kind: str) -> str:
        return f'<w:r><w:fldChar w:fldCharType="{kind}"/></w:r>'

    paper = word_document(
        tmp_path / "forms.docx",
        *form(
            title=para(
                "Close ",
                character("begin"),
                '<w:r><w:instrText xml:space="preserve"> DOCPROPERTY Centres \\* MERGEFORMAT </w:instrText></w:r>',
                character("separate"),
                "two",
                character("end"),
                " day centres",
            ),
            directorate=para(
                f'<w:fldSimple w:instr=" MERGEFIELD Directorate ">{run("Adult Services")}</w:fldSimple>'
            ),
        ),
    )
    made, _ = imported(capsys, tmp_path, content, paper)
    assert printed(made) == PRINTED


def test_headers_footers_and_comments_are_never_read(tmp_path, content, capsys):
    import docx

    word = docx.Document()
    section = word.sections[0]
    section.header.paragraphs[0].text = "Proposal reference: NS-999"
    section.footer.paragraphs[0].text = "What will change? Page 1 of 1"
    word.add_paragraph("Proposal reference: NS-014")
    titles = word.add_table(rows=2, cols=2)
    for r, (label, value) in enumerate((("Title of proposal", "Close two day centres"), ("Directorate", ""))):
        titles.cell(r, 0).text = label
        titles.cell(r, 1).text = value
    answer = titles.cell(1, 1).paragraphs[0].add_run("Adult Services")
    word.add_comment(answer, text="Directorate: check with Children's Services", author="Finance")
    word.add_paragraph("Savings (£m)")
    figures = word.add_table(rows=2, cols=3)
    for r, values in enumerate((("2019/20", "2020/21", "Total"), ("0.150", "0.100", "0.250"))):
        for c, text in enumerate(values):
            figures.cell(r, c).text = text
    word.add_paragraph("What will change?")
    word.add_paragraph("The centres close.")
    word.save(tmp_path / "forms.docx")
    made, said = imported(capsys, tmp_path, content, tmp_path / "forms.docx")
    assert printed(made) == PRINTED
    assert "NS-999" not in said and "Page 1" not in said and "check with" not in said


def test_notes_nested_without_end_are_refused_in_one_line(tmp_path, content, capsys):
    """A crafted footnote holding a text box in a text box, thousands deep (Word never nests
    them so), stops the import with one line, as any crafted file does."""
    deep = para("x")
    for _ in range(3000):
        deep = para(vml_box(deep))
    paper = word_document(
        tmp_path / "forms.docx",
        para("Proposal reference: NS-014", footnote_reference(1)),
        footnotes={1: deep},
    )
    (tmp_path / "forms.map.yaml").write_text(MAP, encoding="utf-8")
    line = one_line_error(capsys, paper, content(), tmp_path / "forms.map.yaml")
    assert "nests text boxes or notes more deeply than a Word document does" in line
