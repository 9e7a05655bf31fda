"""Each reader turns its format into the same document model: blocks in printed order, a
merged cell read once, and each piece knowing where it was printed."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrutinypack.importing.fieldkinds import markdown
from scrutinypack.importing.readers import ReadError, read_document
from scrutinypack.importing.readers.text import parse_text


def kinds(document) -> list[tuple]:
    return [
        (b.kind, b.text) if b.kind != "table" else ("table", [[c.text for c in row] for row in b.rows])
        for b in document.blocks
    ]


def test_the_seed_text_rule_tab_cells_blank_lines_end_rows_paragraphs_end_tables():
    document = parse_text(
        "Reference – SC002\n\n\tGross budget 2018/19\n\t£8.064m\n\n\tNet\n"
        "A paragraph\n\tAfter it\n[bookmark: _GoBack]\n",
        "forms.txt",
    )
    assert kinds(document) == [
        ("paragraph", "Reference – SC002"),
        ("table", [["Gross budget 2018/19", "£8.064m"], ["Net"]]),
        ("paragraph", "A paragraph"),
        ("table", [["After it"]]),
    ]
    cell = document.blocks[1].rows[0][1]
    assert str(cell.source) == "forms.txt, line 4, table 1, row 1, cell 2"


def test_text_exported_a_row_a_line_splits_its_cells_at_the_tabs():
    document = parse_text("Ref\tService\tSaving\nCS01\tSchools\t59\n\tmore\t\n", "a.txt", columns=True)
    assert kinds(document) == [
        ("table", [["Ref", "Service", "Saving"], ["CS01", "Schools", "59"], ["", "more", ""]])
    ]


def test_a_word_table_reads_each_merged_cell_once_and_keeps_headings_and_lists(tmp_path):
    docx = pytest.importorskip("docx")
    word = docx.Document()
    word.add_heading("Savings proposals", level=1)
    word.add_paragraph("Reference – SC002")
    table = word.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "Budget Change and Profiling"  # across
    table.cell(1, 0).merge(table.cell(2, 0)).text = "Recurrent"  # down
    for row, figures in ((1, ("2019/20", "Total")), (2, ("-0.250", "-0.250"))):
        table.cell(row, 1).text, table.cell(row, 2).text = figures
    word.add_paragraph("Approve the change", style="List Bullet")
    word.save(tmp_path / "forms.docx")
    document = read_document(tmp_path / "forms.docx")
    assert kinds(document) == [
        ("heading", "Savings proposals"),
        ("paragraph", "Reference – SC002"),
        ("table", [["Budget Change and Profiling"], ["Recurrent", "2019/20", "Total"], ["-0.250", "-0.250"]]),
        ("list", "Approve the change"),
    ]
    assert document.blocks[0].level == 1
    assert str(document.blocks[2].rows[2][0].source) == "forms.docx, table 1, row 3, cell 1"
    assert markdown([p for p in document.pieces() if p.kind == "list"]) == "- Approve the change"


def test_narrative_becomes_markdown_as_the_forms_print_it():
    pieces = parse_text(
        "\tIt is expected that:\n· People will have better care\n"
        "· Fewer visits\n\n1) Impact on users\n2) Impact on staff\n"
        "*Includes £1m\n#5 on the list\n",
        "x.txt",
    ).pieces()
    assert markdown(pieces) == (
        "It is expected that:\n\n- People will have better care\n"
        "- Fewer visits\n1) Impact on users\n2) Impact on staff\n\n"
        "\\*Includes £1m\n\n\\#5 on the list"
    )


@pytest.mark.parametrize(
    "name, data, words",
    [
        ("forms.txt", b"\xff\xfeR\x00", "is not UTF-8 text"),
        ("forms.txt", b"Reference\x00", "is not text (it holds NUL characters)"),
        ("forms.doc", b"\xd0\xcf\x11\xe0", "is an old Word file (.doc)"),
        ("forms.odt", b"PK", "is not a paper the import reads"),
        ("forms.pdf", b"%PDF-1.4\ngarbage", "cannot be read as a PDF"),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_one_clear_error(name, data, words, tmp_path):
    (tmp_path / name).write_bytes(data)
    with pytest.raises(ReadError, match=words.replace("(", r"\(").replace(")", r"\)")):
        read_document(tmp_path / name)


def test_a_missing_paper_says_how_to_name_one(tmp_path):
    with pytest.raises(ReadError, match="does not exist: give the paper's path"):
        read_document(Path(tmp_path / "nowhere.docx"))
