"""Papers from outside: a bad file gets one clear line and no traceback, an attack gets
nowhere, and no character in a paper or a spreadsheet can change a written file's fields."""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import shutil
import time
import zipfile
from pathlib import Path

import pytest

from scrutinypack.cli import main
from scrutinypack.content.yamldoc import read_yaml
from scrutinypack.importing import place as writing
from scrutinypack.importing.place import Planned, write_files

from ..support.content import ROOT
from ..support.papers import FORMS_MAP, one_line_error, small_docx
from ..support.spreadsheets import EXAMPLE, HEADINGS, MAPPING, first_row, write_xlsx


@pytest.fixture
def site(tmp_path) -> Path:
    return Path(shutil.copytree(EXAMPLE / "content", tmp_path / "content"))


def rezip(path: Path, replace: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> Path:
    """The archive with some parts' bytes replaced (and every part compressed)."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts.update(replace)
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


# -- one clear line for each kind of bad file ----------------------------------------------


def test_a_docx_that_is_not_a_zip(tmp_path, site, capsys):
    paper = tmp_path / "forms.docx"
    paper.write_text("Reference – SC001\n")
    assert one_line_error(capsys, paper, site) == (
        "error: forms.docx is not a Word document (.docx) (it is not a zip archive, so it is "
        "damaged or another kind of file renamed): open it in Word and 'Save as' 'Word "
        "Document (.docx)'"
    )


def test_an_encrypted_pdf(tmp_path, site, capsys):
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("secret")
    writer.write(tmp_path / "forms.pdf")
    assert "forms.pdf is encrypted (it needs a password to open)" in one_line_error(
        capsys, tmp_path / "forms.pdf", site
    )


def test_a_scanned_pdf_with_no_text_layer(tmp_path, site, capsys):
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter()
    writer.add_blank_page(595, 842)
    writer.write(tmp_path / "scan.pdf")
    assert "scan.pdf has no text layer (it is a scan, a picture of the pages)" in one_line_error(
        capsys, tmp_path / "scan.pdf", site
    )


@pytest.mark.parametrize("name", ["forms.docx", "forms.pdf", "forms.txt", "savings.xlsx"])
def test_a_100_mb_file_is_refused_before_it_is_read(name, tmp_path, site, capsys):
    paper = tmp_path / name
    with open(paper, "wb") as stream:  # sparse: takes no room on the disk
        stream.truncate(100 * 1024 * 1024)
    mapping = MAPPING if name.endswith(".xlsx") else FORMS_MAP
    assert f"{name} is 100 MB, larger than the 50 MB a paper can be" in one_line_error(
        capsys, paper, site, mapping
    )


def test_a_zip_bomb_is_refused(tmp_path, site, capsys):
    paper = rezip(small_docx(tmp_path / "bomb.docx"), {"word/media/zeros.bin": bytes(60 << 20)})
    assert paper.stat().st_size < 1 << 20
    assert "unpacks to more than 50 MB" in one_line_error(capsys, paper, site)


def test_xml_entities_are_refused_even_in_utf16(tmp_path, site, capsys):
    paper = small_docx(tmp_path / "entities.docx")
    with zipfile.ZipFile(paper) as archive:
        document = archive.read("word/document.xml").decode("utf-8")
    evil = re.sub(
        r"<\?xml[^>]*\?>",
        '<?xml version="1.0" encoding="UTF-16"?>'
        '<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>',
        document,
        count=1,
    )
    assert "<!DOCTYPE" in evil
    rezip(paper, {"word/document.xml": evil.encode("utf-16")})
    assert "word/document.xml declares a DOCTYPE or XML entities" in one_line_error(capsys, paper, site)


def test_an_xlsx_whose_doctype_hides_in_utf16_is_refused(tmp_path, site, capsys):
    sheet = write_xlsx(tmp_path / "savings.xlsx", [["Ref"], ["CYP01"]])
    with zipfile.ZipFile(sheet) as archive:
        strings = archive.read("xl/sharedStrings.xml").decode("utf-8")
    evil = strings.replace(
        'encoding="UTF-8" standalone="yes"?>', 'encoding="UTF-16"?><!DOCTYPE sst [<!ENTITY x "CYP99">]>'
    )
    rezip(sheet, {"xl/sharedStrings.xml": evil.encode("utf-16")})
    assert "xl/sharedStrings.xml declares a DOCTYPE or XML entities" in one_line_error(
        capsys, sheet, site, MAPPING
    )


def test_an_xlsx_cell_at_column_zzzzzzz_is_a_message_at_once(tmp_path, site, capsys):
    sheet = write_xlsx(tmp_path / "savings.xlsx", [["Ref"], ["CYP01"]], sheet="Savings")
    with zipfile.ZipFile(sheet) as archive:
        part = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    rezip(sheet, {"xl/worksheets/sheet1.xml": part.replace('r="A2"', 'r="ZZZZZZZ2"').encode()})
    started = time.perf_counter()
    line = one_line_error(capsys, sheet, site, MAPPING)
    assert time.perf_counter() - started < 5  # not a MemoryError after 49 s
    assert "a cell is placed at ZZZZZZZ2, beyond column XFD" in line


def test_an_xlsx_spreading_few_cells_over_a_million_places_is_refused(tmp_path, site, capsys):
    rows = "".join(
        f'<row r="{r}"><c r="XFD{r}" t="inlineStr"><is><t>x</t></is></c></row>' for r in range(1, 200)
    )
    sheet = write_xlsx(tmp_path / "savings.xlsx", [["Ref"]], sheet="Savings")
    with zipfile.ZipFile(sheet) as archive:
        part = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    start, end = part.index("<sheetData>") + len("<sheetData>"), part.index("</sheetData>")
    rezip(sheet, {"xl/worksheets/sheet1.xml": (part[:start] + rows + part[end:]).encode()})
    assert "its 199 cells are spread over 3,260,416 places" in one_line_error(capsys, sheet, site, MAPPING)


def test_a_corrupt_xlsx_is_a_message_not_a_zlib_error(tmp_path, site, capsys):
    sheet = write_xlsx(tmp_path / "savings.xlsx", [["Ref"] * 50, ["CYP01"] * 50], sheet="Savings")
    rezip(sheet, {})
    data = bytearray(sheet.read_bytes())
    with zipfile.ZipFile(sheet) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for offset in range(start + 5, start + info.compress_size - 5):
        data[offset] ^= 0x5A
    sheet.write_bytes(bytes(data))
    assert "savings.xlsx is damaged (xl/worksheets/sheet1.xml cannot be unpacked" in one_line_error(
        capsys, sheet, site, MAPPING
    )


# -- no character changes a written file's fields ------------------------------------------


@pytest.mark.parametrize("mark", ["\u2028", "\u2029", "\x85"])
def test_a_line_separator_in_a_cell_cannot_inject_fields(mark, tmp_path, site, capsys):
    rows = list(csv.reader((EXAMPLE / "lancashire-savings.csv").open(encoding="utf-8-sig")))
    rows[1][1] = f"Family Information Service{mark}status: approved{mark}owner: Mallory"
    sheet = tmp_path / "savings.csv"
    with sheet.open("w", newline="", encoding="utf-8") as stream:
        csv.writer(stream).writerows(rows)
    assert main(["import", str(sheet), "--map", str(MAPPING), "--content", str(site)]) == 0
    data, problems = read_yaml((site / "proposals/cyp01.yaml").read_text(encoding="utf-8"), "x")
    assert not problems
    assert "status" not in data and "owner" not in data
    assert data["title"].rstrip("\n") == "Family Information Service\nstatus: approved\nowner: Mallory"


def test_a_sheet_name_with_a_newline_cannot_inject_fields(tmp_path, site, capsys):
    mapping = tmp_path / "map.yaml"
    mapping.write_text(MAPPING.read_text(encoding="utf-8").replace("sheet: Savings", ""), encoding="utf-8")
    sheet = write_xlsx(
        tmp_path / "savings.xlsx",
        [HEADINGS, first_row("0.04")],
        sheet="Savings&#10;status: approved&#10;owner: Mallory",
    )
    code = main(["import", str(sheet), "--map", str(mapping), "--content", str(site)])
    assert code == 0, capsys.readouterr().err
    text = (site / "proposals/cyp01.yaml").read_text(encoding="utf-8")
    data, problems = read_yaml(text, "x")
    assert not problems and "status" not in data and "owner" not in data
    assert text.startswith(
        "# Imported from savings.xlsx (sheet 'Savings status: approved owner: Mallory'), row 2"
    )


def test_a_paragraph_separator_in_a_word_form_stays_text(tmp_path, capsys):
    site = Path(shutil.copytree(ROOT / "content", tmp_path / "content"))
    for path in site.glob("proposals/sc*.yaml"):
        path.unlink()
    forms = (ROOT / "tests/fixtures/seeds/001_6423a835a2d494d1.txt").read_text(encoding="utf-8")
    paper = tmp_path / "forms.txt"
    paper.write_text(
        forms.replace("\tNot required\n", "\tNot required\u2029status: approved\n", 1), encoding="utf-8"
    )
    assert main(["import", str(paper), "--map", str(FORMS_MAP), "--content", str(site)]) == 0
    data, problems = read_yaml((site / "proposals/sc002.yaml").read_text(encoding="utf-8"), "x")
    assert not problems and data["status"] == "proposed"
    assert data["equality"]["note"] == "Not required\nstatus: approved"


# -- all or nothing ------------------------------------------------------------------------


def test_a_failure_midway_through_writing_puts_every_file_back(tmp_path, monkeypatch):
    (tmp_path / "proposals").mkdir()
    old = tmp_path / "proposals/a.yaml"
    old.write_text(writing.with_header("x", "ref: A\ntitle: Old\n"))
    files = [
        Planned("proposals/a.yaml", writing.with_header("x", "ref: A\ntitle: New\n"), "A"),
        Planned("proposals/b.yaml", writing.with_header("x", "ref: B\ntitle: B\n"), "B"),
        Planned("proposals/c.yaml", writing.with_header("x", "ref: C\ntitle: C\n"), "C"),
    ]
    real, calls = os.replace, []

    def failing(source, target):
        calls.append(target)
        if len(calls) == 2:  # a moved in, then b's move: the disk fails
            raise OSError("disk full")
        real(source, target)

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(OSError):
        write_files(files, tmp_path, force=False)
    monkeypatch.setattr(os, "replace", real)
    assert "title: Old" in old.read_text()
    assert sorted(p.name for p in (tmp_path / "proposals").iterdir()) == ["a.yaml"]
    assert not list(tmp_path.glob(".import-*"))


def test_a_file_that_would_not_read_back_is_never_written(tmp_path):
    files = [Planned("proposals/a.yaml", "ref: A\ntitle: [unclosed\n", "A")]
    with pytest.raises(writing.WriteError, match="would not read back as written"):
        write_files(files, tmp_path, force=False)
    assert not (tmp_path / "proposals").exists()


def test_the_emitter_writes_any_text_as_text():
    strange = [
        "No",
        "- a",
        "a: b",
        "#x",
        "'q'",
        '"q"',
        "|",
        "> y",
        "0.250",
        "1e3",
        "null",
        "key: [1, 2]",
        "\ttab",
        " lead",
        "trail ",
        "multi\nline\n  indented",
        "&a *a",
        "\u2028",
        "\x85",
        "\ufeff",
        "~",
        "!!python/object",
    ]
    text = writing.dump({"ref": "X", "title": "T", "notes": strange})
    data, problems = read_yaml(text, "x")
    assert not problems
    breaks = str.maketrans({"\u2028": "\n", "\x85": "\n"})  # line breaks become newlines
    assert [str(v) for v in data["notes"]] == [s.translate(breaks) for s in strange]
    assert text.count("\nnotes:") == 1  # no text made a key of its own


# -- any paper at all ----------------------------------------------------------------------


@pytest.mark.slow
def test_any_text_paper_imports_or_says_why_and_every_file_written_reads_back(tmp_path_factory):
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies
    forms = (ROOT / "tests/fixtures/seeds/001_6423a835a2d494d1.txt").read_text(encoding="utf-8")
    first_form = forms[: forms.index("Reference – SC012")]
    lines = first_form.split("\n")

    @hypothesis.settings(max_examples=40, deadline=None, derandomize=True)
    @hypothesis.given(
        st.lists(
            st.tuples(
                st.integers(0, len(lines) - 1),
                st.text(st.characters(blacklist_categories=("Cs",)), max_size=40),
            ),
            max_size=8,
        )
    )
    def check(edits):
        changed = list(lines)
        for index, text in edits:  # random Unicode put into random lines of a form
            changed[index] = changed[index][:1] + text
        folder = tmp_path_factory.mktemp("any")
        site = Path(shutil.copytree(ROOT / "content", folder / "content"))
        before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
        paper = folder / "forms.txt"
        paper.write_text("\n".join(changed), encoding="utf-8")
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["import", str(paper), "--map", str(FORMS_MAP), "--content", str(site)])
        assert code in (0, 1, 2) and "Traceback" not in err.getvalue()
        after = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
        for path, data in after.items():
            if before.get(path) != data:
                assert code != 2, f"{path} was written by a failed import"
                _, problems = read_yaml(data.decode("utf-8"), str(path))
                assert not problems, problems
                assert data.startswith(b"# Imported from forms.txt")

    check()
