"""Bounded work for any input (issue 28): a pathological field, paper or map pattern gets a
clear message, or is read in time in proportion to its size; never a hang, never a
traceback, never gigabytes of memory.

A hang is caught without timing anything: the command runs in a subprocess with a generous
limit (GUARD) that only a real hang reaches.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from scrutinypack.cli import main

from ..support.content import ROOT
from ..support.papers import FORMS_MAP, one_line_error, small_docx
from ..support.spreadsheets import HEADINGS, first_row, write_xlsx

#: Seconds a command may take before the test calls it a hang.
GUARD = 60
SAVINGS_MAP = ROOT / "examples" / "import" / "lancashire-savings.map.yaml"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """The command line, in its own process, stopped (and the test failed) if it hangs."""
    return subprocess.run(
        [sys.executable, "-m", "scrutinypack", *args],
        capture_output=True,
        text=True,
        timeout=GUARD,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


@pytest.fixture
def site(tmp_path) -> Path:
    return Path(shutil.copytree(ROOT / "examples" / "import" / "content", tmp_path / "content"))


def example(tmp_path: Path, name: str) -> Path:
    return Path(shutil.copytree(ROOT / "examples" / name, tmp_path / name))


# -- content that check reads ------------------------------------------------------------


def test_d05_a_long_contact_that_is_no_email_address_is_refused_at_once(tmp_path):
    content = example(tmp_path, "hampshire")
    config = content / "site.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "contact: democratic.services@example.org", "contact: a@" + "." * 100_000 + "x y"
        ),
        encoding="utf-8",
    )
    done = run("check", "--content", str(content))
    assert "Traceback" not in done.stderr
    assert done.returncode != 0
    assert "site.yaml:25: error:" in done.stdout


def test_d06_a_table_row_followed_by_a_line_of_spaces_is_checked_at_once(tmp_path):
    content = example(tmp_path, "leicestershire")
    as_it_was = run("check", "--content", str(content))
    report = next((content / "reports").glob("*.md"))
    report.write_text(
        report.read_text(encoding="utf-8") + "\n\n| Saving | £000 |\n" + " " * 90_000 + "x\n",
        encoding="utf-8",
    )
    done = run("check", "--content", str(content))
    assert "Traceback" not in done.stderr
    assert (done.returncode, done.stdout) == (as_it_was.returncode, as_it_was.stdout)


def test_a_figure_of_thousands_of_spaces_is_refused_at_once(tmp_path):
    content = example(tmp_path, "hampshire")
    paper = content / "proposals" / "cs01.yaml"
    text = paper.read_text(encoding="utf-8")
    paper.write_text(
        text.replace('full_year: "17,901"', 'full_year: "£' + " " * 20_000 + 'x"'), encoding="utf-8"
    )
    done = run("check", "--content", str(content))
    assert "Traceback" not in done.stderr
    assert done.returncode != 0
    assert f"proposals/cs01.yaml:{text[: text.index('full_year')].count(chr(10)) + 1}: error: " in done.stdout


@pytest.mark.slow
def test_markdown_lines_of_many_brackets_are_link_checked_at_once(tmp_path):
    content = example(tmp_path, "hampshire")
    papers = sorted((content / "proposals").glob("*.yaml"))
    for paper in papers:  # each line was scanned from each of its '[', 12 s a line
        with paper.open("a", encoding="utf-8") as out:
            for field in ("decisions", "actions"):
                out.write(f'{field}: "' + "[" * 95_000 + '\\n[a](/nowhere/)"\n')
    done = run("check", "--content", str(content))
    assert "Traceback" not in done.stderr
    assert done.stdout.count("the link to '/nowhere/' leads to no page") == 2 * len(papers)


def linear(code: str) -> str:
    """What the Python code prints, run in its own process under the hang guard."""
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=GUARD,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    ).stdout


def test_unclosed_autolinks_are_escaped_in_linear_time():
    # Python-Markdown itself takes time growing with the square of a paragraph's inline marks
    # (hence the field cap), so the escaping that runs before it is what is tested here.
    assert (
        linear(
            "from scrutinypack.markup import _escape_raw_html as e\n"
            "print(e('<http://' * 150_000).count('&lt;http://'))"
        )
        == "150000\n"
    )


def test_the_next_ref_after_a_ref_of_many_digits_is_found_at_once():
    assert (
        linear(
            "from scrutinypack.clerk.scaffold import next_ref\n"
            "print(next_ref(['SC1', 'SC2', 'X' + '1' * 200_000 + 'y']))"
        )
        == "SC3\n"
    )


def test_d03_a_field_of_150000_code_spans_is_refused_with_its_line(tmp_path):
    content = example(tmp_path, "hampshire")
    paper = content / "proposals" / "cs01.yaml"
    lines = paper.read_text(encoding="utf-8").count("\n")
    with paper.open("a", encoding="utf-8") as out:
        out.write('decisions: "' + "`a` " * 150_000 + '"\n')
    done = run("build", "--content", str(content), "--out", str(tmp_path / "site"), "--no-pdf")
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert (
        f"proposals/cs01.yaml:{lines + 1}: error: 'decisions' is 600,000 characters long, "
        "more than the 100,000 a field may hold"
    ) in done.stdout + done.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.slow
def test_a_paragraph_of_a_report_longer_than_a_field_is_refused(tmp_path):
    content = example(tmp_path, "leicestershire")
    report = next((content / "reports").glob("*.md"))
    text = report.read_text(encoding="utf-8")
    report.write_text(text + "\n" + "*a* " * 30_000 + "\n", encoding="utf-8")
    done = run("check", "--content", str(content))
    assert (
        f"reports/{report.name}:{text.count(chr(10)) + 2}: error: this paragraph is 120,001 characters long"
    ) in done.stdout


def test_a_content_folder_over_its_whole_cap_is_refused_once(tmp_path, monkeypatch):
    from scrutinypack.build.reading import read_site
    from scrutinypack.content import load

    content = example(tmp_path, "hampshire")
    sizes = sorted(path.stat().st_size for path in content.rglob("*.yaml"))
    monkeypatch.setattr(load, "MAX_CONTENT_BYTES", sum(sizes) - sizes[0])
    problems = [p for p in read_site(content).problems if p.code == "content-too-large"]
    assert len(problems) == 1
    assert "the content folder's files hold more than" in problems[0].message


# -- papers that import reads ------------------------------------------------------------


def grid_pdf(path: Path, lines: int) -> Path:
    """A page with one line of text, ruled as a grid of lines × lines, 6 pt apart."""
    import pikepdf

    side = 20 + 6 * lines
    ops = [b"BT /F1 8 Tf 10 10 Td (Reference - SC001) Tj ET"]
    for i in range(lines):
        at = 10 + 6 * i
        ops.append(b"10 %d m %d %d l S %d 10 m %d %d l S" % (at, side - 10, at, at, at, side - 10))
    pdf = pikepdf.new()
    font = pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
    )
    pdf.pages.append(
        pikepdf.Page(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Page,
                MediaBox=[0, 0, side, side],
                Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
                Contents=pdf.make_stream(b"\n".join(ops)),
            )
        )
    )
    pdf.save(path)
    return path


@pytest.mark.pdf
def test_d07_a_pdf_ruled_as_a_grid_is_refused_with_its_page(tmp_path, site):
    paper = grid_pdf(tmp_path / "grid.pdf", 300)
    done = run("import", str(paper), "--map", str(FORMS_MAP), "--content", str(site))
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip() == (
        "error: grid.pdf, page 1 has more than 5,000 crossings of ruled lines, far more than a "
        "page of a paper (it is crafted, or a drawing): open it and save or export it again as "
        "PDF, or import the Word document it was made from"
    )
    assert not list(site.glob("proposals/sc001.yaml"))


def test_a_pdf_with_an_ordinary_ruled_table_is_still_read(tmp_path):
    from scrutinypack.importing.readers.pdf import read_pdf

    document = read_pdf(grid_pdf(tmp_path / "table.pdf", 30))
    tables = [block for block in document.blocks if block.kind == "table"]
    assert len(tables) == 1 and len(tables[0].rows) == 29


M = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"


def workbook(path: Path, cell: str, formats: str = "", xfs: str = '<xf numFmtId="0"/>') -> Path:
    """A workbook whose sheet 'Savings' has the map's headings in row 1 and ``cell`` (XML,
    written as B2) below them, with the given number formats and cell styles."""
    headings = "".join(
        f'<c r="{letter}1" t="inlineStr"><is><t>{text}</t></is></c>'
        for letter, text in (("A", "Ref"), ("B", "Saving"))
    )
    parts = {
        "_rels/.rels": f'<Relationships xmlns="{PACKAGE}"><Relationship Id="rId1" '
        f'Type="{R}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{M}" xmlns:r="{R}"><sheets><sheet name="Savings" '
        'sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{PACKAGE}"><Relationship Id="rId1" '
        f'Type="{R}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{R}/styles" '
        'Target="styles.xml"/></Relationships>',
        "xl/styles.xml": f'<styleSheet xmlns="{M}"><numFmts>{formats}</numFmts>'
        f"<cellXfs>{xfs}</cellXfs></styleSheet>",
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{M}"><sheetData><row r="1">{headings}'
        f'</row><row r="2"><c r="A2" t="inlineStr"><is><t>SC001</t>'
        f"</is></c>{cell}</row></sheetData></worksheet>",
    }
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def formatted(path: Path, code: str, stored: str) -> Path:
    """B2 holds ``stored``, shown with the number format ``code``."""
    return workbook(
        path,
        f'<c r="B2" s="1"><v>{stored}</v></c>',
        f'<numFmt numFmtId="164" formatCode="{code}"/>',
        '<xf numFmtId="0"/><xf numFmtId="164"/>',
    )


def test_d08_a_number_format_of_150000_commas_is_refused_at_once(tmp_path, site):
    paper = formatted(tmp_path / "savings.xlsx", "," * 150_000 + "0", "1200")
    done = run("import", str(paper), "--map", str(SAVINGS_MAP), "--content", str(site))
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip() == (
        "error: savings.xlsx: a number format is 150,001 characters long, and Excel's are at "
        "most 255 (the file was not made by Excel, or is damaged): open it in Excel and "
        "'Save as' 'Excel Workbook (.xlsx)' or 'CSV UTF-8'"
    )


def test_a_number_format_as_long_as_excel_allows_still_shows_its_figure(tmp_path):
    from scrutinypack.importing.readers.sheet import read_sheet

    sheet = read_sheet(formatted(tmp_path / "savings.xlsx", "#,##0" + " " * 250, "1200"))
    assert sheet.rows[1][1][1].text == "1,200"


def test_d22_a_cell_style_that_is_not_a_number(tmp_path, site, capsys):
    paper = workbook(tmp_path / "savings.xlsx", '<c r="B2" s="x"><v>1200</v></c>')
    assert one_line_error(capsys, paper, site, SAVINGS_MAP) == (
        "error: savings.xlsx (sheet 'Savings'), cell B2: its style is 'x', not a number (the "
        "file is damaged): open it in Excel and 'Save as' 'Excel Workbook (.xlsx)' or 'CSV UTF-8'"
    )


@pytest.mark.parametrize("stored", ["NaN", "-Infinity"])
def test_d23_a_figure_that_is_not_a_number(tmp_path, site, capsys, stored):
    paper = formatted(tmp_path / "savings.xlsx", "#,##0", stored)
    assert one_line_error(capsys, paper, site, SAVINGS_MAP) == (
        f"error: savings.xlsx (sheet 'Savings'), cell B2 holds the number {stored}, which no "
        "spreadsheet shows: correct it in Excel and save the file again"
    )


def test_d24_a_figure_shown_with_more_digits_than_decimal_holds_by_default(tmp_path):
    from scrutinypack.importing.readers.sheet import read_sheet

    sheet = read_sheet(formatted(tmp_path / "savings.xlsx", "#,##0.000000000000", "123456789012345E+5"))
    assert sheet.rows[1][1][1].text == "12,345,678,901,234,500,000.000000000000"


def test_d25_a_date_beyond_year_9999(tmp_path, site, capsys):
    paper = formatted(tmp_path / "savings.xlsx", "yyyy-mm-dd", "3000000")
    assert one_line_error(capsys, paper, site, SAVINGS_MAP) == (
        "error: savings.xlsx (sheet 'Savings'), cell B2 holds the date 3000000, which is not "
        "between the years 1 and 9999: correct it in Excel and save the file again"
    )


def test_d26_a_number_format_whose_id_is_not_a_number(tmp_path, site, capsys):
    paper = workbook(
        tmp_path / "savings.xlsx", '<c r="B2"><v>1200</v></c>', '<numFmt numFmtId="x" formatCode="0"/>'
    )
    assert one_line_error(capsys, paper, site, SAVINGS_MAP) == (
        "error: savings.xlsx: a number format's id is 'x', not a number (the file is damaged): "
        "open it in Excel and 'Save as' 'Excel Workbook (.xlsx)' or 'CSV UTF-8'"
    )


def test_half_a_surrogate_pair_escaped_in_a_cell_is_imported_as_a_replacement_character(
    tmp_path, site, capsys
):
    row = first_row("0.040")
    row[5] = "None_xD800_."
    paper = write_xlsx(tmp_path / "savings.xlsx", [HEADINGS, row], sheet="Savings")
    assert main(["import", str(paper), "--map", str(SAVINGS_MAP), "--content", str(site)]) == 0
    assert "Traceback" not in capsys.readouterr().err
    assert 'impact: "None\ufffd."' in (site / "proposals" / "cyp01.yaml").read_text(encoding="utf-8")


def rewritten(path: Path, part: str, change) -> Path:
    """The .docx with one part's text changed."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts[part] = change(parts[part].decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def test_d20_a_word_style_without_a_type_is_read(tmp_path, site, capsys):
    paper = rewritten(
        small_docx(tmp_path / "forms.docx"),
        "word/styles.xml",
        lambda xml: xml.replace('w:type="paragraph" w:default="1"', 'w:default="1"'),
    )
    assert main(["import", str(paper), "--map", str(FORMS_MAP), "--content", str(site)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    # Read: its one record was found, and lacks the fields the map asks for.
    assert "forms.docx: warning: the form has no 'Service Name'" in err
    assert "Nothing was imported: 1 record could not be read." in err


def test_d21_a_small_word_file_of_a_million_paragraphs_is_refused(tmp_path, site, capsys):
    def filled(xml: str) -> str:
        at = xml.index("<w:sectPr")
        return xml[:at] + "<w:p/>" * 1_000_000 + xml[at:]

    paper = rewritten(small_docx(tmp_path / "forms.docx"), "word/document.xml", filled)
    assert paper.stat().st_size < 100_000
    error = one_line_error(capsys, paper, site)
    assert error.startswith("error: forms.docx holds 1,0")
    assert "XML elements in " in error and "which a Word file of its size could hold" in error


# -- maps ---------------------------------------------------------------------------------


def forms_map(tmp_path: Path, start: str, fields: str) -> Path:
    path = tmp_path / "forms.map.yaml"
    path.write_text(f"records:\n  start: '{start}'\nfields:\n{fields}", encoding="utf-8")
    return path


@pytest.mark.slow
def test_d27_a_map_pattern_that_backtracks_stops_with_its_file_and_line(tmp_path, site):
    mapping = forms_map(tmp_path, "(?P<ref>(a|aa)+)$", "  - label: Service Name\n    into: title\n")
    paper = small_docx(tmp_path / "forms.docx", "a" * 60 + "!")
    done = run("import", str(paper), "--map", str(mapping), "--content", str(site))
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(
        f"error: {mapping}, line 2: the pattern '(?P<ref>(a|aa)+)$' took more than 5 s on the text 'aaaa"
    ), done.stderr
    assert "write each part once" in done.stderr


def test_a_map_pattern_that_cannot_be_read_is_a_map_error(tmp_path, site, capsys):
    mapping = forms_map(tmp_path, "(?P<ref>x", "  - label: Service Name\n    into: title\n")
    code = main(
        ["import", str(small_docx(tmp_path / "forms.docx")), "--map", str(mapping), "--content", str(site)]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert f"{mapping}:2: error: the pattern '(?P<ref>x' cannot be read (" in err


def test_d28_a_field_filled_whole_and_in_parts_is_a_map_error(tmp_path, site, capsys):
    import docx

    mapping = forms_map(
        tmp_path,
        r"Reference\s*[–-]\s*(?P<ref>\S+)",
        "  - label: Service Name\n    into: title\n  - label: Description\n    into: title.part\n",
    )
    document = docx.Document()
    for text in ("Reference – SC001", "Service Name", "Waste", "Description", "Fewer bins"):
        document.add_paragraph(text)
    document.save(tmp_path / "forms.docx")
    code = main(["import", str(tmp_path / "forms.docx"), "--map", str(mapping), "--content", str(site)])
    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback" not in err
    assert (
        f"{mapping}:6: error: 'into: title.part' puts a part into 'title', which the "
        "field at line 4 fills whole: a field is filled whole or in parts, so keep one of "
        "them"
    ) in err
