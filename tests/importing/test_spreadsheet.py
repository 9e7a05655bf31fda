"""python build.py import: a finance spreadsheet becomes proposal files that build and check,
with every figure exactly as the sheet shows it, and a clerk's edits are never lost."""

from __future__ import annotations

import csv
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from scrutinypack.build.builder import build
from scrutinypack.build.reading import read_site
from scrutinypack.cli import main
from scrutinypack.importing.readers.sheet import read_sheet

from ..support.content import ROOT
from ..support.spreadsheets import EXAMPLE, HEADINGS, MAPPING, first_row, write_xlsx


@pytest.fixture
def site(tmp_path) -> Path:
    """The example's site, ready for its proposals to be imported."""
    return Path(shutil.copytree(EXAMPLE / "content", tmp_path / "content"))


def run_import(capsys, sheet: Path, site: Path, *more: str, mapping: Path = MAPPING):
    code = main(["import", str(sheet), "--map", str(mapping), "--content", str(site), *more])
    out = capsys.readouterr()
    return code, out.out, out.err


def figures(root: Path) -> dict[str, tuple]:
    """Each CYP proposal's 2018/19 saving and total, as exact (value, places written)."""
    site = read_site(root).site
    return {
        p.ref: tuple((a.value, a.places) for a in (p.profile.years["2018/19"], p.total))
        for p in site.proposals
        if p.ref.startswith("CYP")
    }


@pytest.mark.parametrize("sheet", ["lancashire-savings.csv", "lancashire-savings.xlsx"])
def test_the_example_spreadsheet_imports_into_a_site_that_builds_and_checks_clean(
    sheet, site, tmp_path, capsys
):
    code, out, err = run_import(capsys, EXAMPLE / sheet, site)
    assert code == 0, err
    assert f"Imported 13 proposals from {sheet}" in out and "13 written" in out
    assert main(["check", "--content", str(site)]) == 0
    # the paper prints 2018/19 and the total only: the later years are not stated, so each
    # total is reported as not checked, and that never fails the check
    assert "13 proposals checked: 0 errors, 0 warnings, 13 sums not checked." in capsys.readouterr().out
    # the figures are those of the bundled site's hand transcription of the same paper
    imported = figures(site)
    assert imported == figures(ROOT / "content")
    assert imported["CYP01"] == ((Decimal("0.040"), 3), (Decimal("0.040"), 3))  # not 0.04
    assert imported["CYP03"] == ((Decimal("0.906"), 3), (Decimal("2.784"), 3))
    build(site, tmp_path / "site")
    page = (tmp_path / "site/proposals/cyp05/index.html").read_text(encoding="utf-8")
    assert "£0.225m" in page and ">0.450<" in page and "Jan 18 Item 4 App C" in page


def test_a_row_that_cannot_be_read_is_reported_and_nothing_is_written(site, tmp_path, capsys):
    rows = list(csv.reader((EXAMPLE / "lancashire-savings.csv").open(encoding="utf-8-sig")))
    rows[3][3] = "£2.78A4m"  # row 4: Total Saving Identified
    rows[5][0] = ""  # row 6: no ref
    rows[7][2] = "#REF!"  # row 8: a broken formula
    sheet = tmp_path / "savings.csv"
    with sheet.open("w", newline="", encoding="utf-8") as stream:
        csv.writer(stream).writerows(rows)
    code, _, err = run_import(capsys, sheet, site)
    assert code == 2
    assert (
        "savings.csv, row 4: error: column D 'Total Saving Identified' ('£2.78A4m'): "
        "'total': '£2.78A4m' is not an amount"
    ) in err
    assert "savings.csv, row 6: error: column A 'Ref' (empty): a proposal needs 'ref'" in err
    assert (
        "savings.csv, row 8: error: column C 'Saving Identified 2018/19' ('#REF!'): "
        "the cell shows the error #REF!: correct the formula in the spreadsheet"
    ) in err
    assert "Nothing was imported: 3 rows could not be read" in err
    assert not (site / "proposals").exists()
    assert "Traceback" not in err


def test_an_edited_file_is_kept_unless_forced_and_an_unedited_one_follows_the_sheet(site, tmp_path, capsys):
    sheet = tmp_path / "savings.csv"
    shutil.copy(EXAMPLE / "lancashire-savings.csv", sheet)
    assert run_import(capsys, sheet, site)[0] == 0
    edited, untouched = site / "proposals/cyp11.yaml", site / "proposals/cyp12.yaml"
    edited.write_text(
        edited.read_text().replace('title: "Music Service"', 'title: "Lancashire Music Service"')
    )
    clerks_version = edited.read_text()
    text = sheet.read_text(encoding="utf-8-sig")
    sheet.write_text(
        text.replace("Music Service,£0.150m", "Music Service,£0.160m").replace(
            "Outdoor Education,£0.030m", "Outdoor Education,£0.035m"
        ),
        encoding="utf-8",
    )

    code, out, err = run_import(capsys, sheet, site)
    assert code == 1
    assert f"{edited}: kept as it is: it was edited since it was imported" in err
    assert "run the import again with --force" in err
    assert "1 updated from the spreadsheet, 11 unchanged, 1 kept" in out
    assert edited.read_text() == clerks_version
    assert '2018/19: "£0.035m"' in untouched.read_text()

    code, out, _ = run_import(capsys, sheet, site, "--force")
    assert code == 0 and "1 replaced (--force)" in out
    assert 'title: "Music Service"' in edited.read_text()
    assert '2018/19: "£0.160m"' in edited.read_text()


def test_a_hand_written_file_is_not_replaced(site, capsys):
    (site / "proposals").mkdir()
    mine = site / "proposals/cyp01.yaml"
    mine.write_text("ref: CYP01\ntitle: Family Information Service\n")
    code, _, err = run_import(capsys, EXAMPLE / "lancashire-savings.csv", site)
    assert code == 1 and "it was not written by an import" in err
    assert mine.read_text() == "ref: CYP01\ntitle: Family Information Service\n"


def test_a_mapping_naming_a_missing_column_is_corrected_before_anything_is_read(site, tmp_path, capsys):
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        MAPPING.read_text().replace('"{Impact}"', '"{Impcat}"').replace('ref: "{Ref}"', "ref: {Ref}")
    )
    code, _, err = run_import(capsys, EXAMPLE / "lancashire-savings.xlsx", site, mapping=mapping)
    assert code == 2
    assert f'{mapping}:13: error: write "{{Ref}}" in quotes' in err
    assert "the sheet has no column headed 'Impcat' in row 1: did you mean {Impact}?" in err
    assert not (site / "proposals").exists()


# -- .xlsx as Excel writes it: shared strings, number formats, errors -------------------------


def test_xlsx_figures_are_read_as_their_number_format_shows_them(tmp_path):
    sheet = write_xlsx(
        tmp_path / "figures.xlsx",
        [
            ["stored", "shown"],
            ["0.04", ("0.04", '"£"0.000"m"')],  # the trailing zero the format shows
            ["2700", ("2700", "#,##0")],
            ["6112", ("6112", "0")],
            ["-0.25 in brackets", ("-0.25", "#,##0.000;(#,##0.000)")],
            ["binary noise", ("0.30000000000000004", "General")],
            ["£000 shown in thousands", ("1224000", "#,##0,")],
            ["more digits than shown", ("0.9064", "0.000")],
            ["a date", ("43000", "d-mmm-yy")],
            ["a broken formula", ("#DIV/0!", "error")],
        ],
    )
    rows = {cells[0].text: cells[1] for _, cells in read_sheet(sheet).rows}
    assert rows["0.04"].text == "0.040"
    assert rows["2700"].text == "2,700"
    assert rows["6112"].text == "6112"
    assert rows["-0.25 in brackets"].text == "(0.250)"
    assert rows["binary noise"].text == "0.3"
    assert rows["£000 shown in thousands"].text == "1,224"
    assert (rows["more digits than shown"].text, rows["more digits than shown"].stored) == ("0.906", "0.9064")
    assert rows["a date"].text == "2017-09-22"
    assert rows["a broken formula"].error.startswith("shows the error #DIV/0!")


def test_an_xlsx_import_warns_of_hidden_digits_and_skips_a_total_row(site, tmp_path, capsys):
    sheet = write_xlsx(
        tmp_path / "savings.xlsx",
        [
            HEADINGS,
            first_row("0.0404"),
            ["", "Total", ("0.0404", "0.000"), ("0.04", "0.000")],
        ],
        sheet="Savings",
    )
    code, out, err = run_import(capsys, sheet, site)
    assert code == 0, err
    assert (
        "savings.xlsx (sheet 'Savings'), row 2: warning: column C 'Saving Identified 2018/19' "
        "('0.040'): the cell holds 0.0404 but shows 0.040; imported as shown"
    ) in err
    assert "row 3: warning: skipped: a total row ('Total')" in err
    assert "Imported 1 proposal from savings.xlsx (sheet 'Savings')" in out
    assert '2018/19: "0.040"' in (site / "proposals/cyp01.yaml").read_text()


def test_import_help_explains_the_mapping(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["import", "--help"])
    assert exit_.value.code == 0
    text = capsys.readouterr().out
    for words in ("--map", "--force", "{Column heading}", "Nothing is written unless every row"):
        assert words in text
