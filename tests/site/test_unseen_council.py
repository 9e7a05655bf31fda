"""A paper from a council the project had never seen, exactly as printed (content format 1.1).

tests/fixtures/operational is a table of operational savings in pounds, negatives printed in
brackets, a dash or "Nil" for nothing and N/A or TBC where no figure is given, sent to
Cabinet as agenda item 10. OP05's total is £841,000 wrong beside a dash.
"""

from __future__ import annotations

import json
import re
import shutil
from html import unescape
from pathlib import Path

import pytest
from pypdf import PdfReader

from scrutinypack.build.builder import build
from scrutinypack.cli import main

from ..support.content import BROWSE, ROOT
from ..support.pdftags import outline

OPERATIONAL = ROOT / "tests" / "fixtures" / "operational"
MEETING = "committees/cabinet/2025-10-15/"


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("operational") / "site"
    build(OPERATIONAL, out, pdf="default", jobs=1)
    return out


def text_of(html: str) -> str:
    """A page's main content as a reader hears it: tags gone, spaces collapsed."""
    main = html[html.index("<main") : html.index("</main>")]
    main = re.sub(r"<svg.*?</svg>", " ", main, flags=re.S)
    text = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", main)))
    return re.sub(r" ([,.:;)])", r"\1", text)


def page(site_dir: Path, path: str) -> str:
    return text_of((site_dir / path / "index.html").read_text(encoding="utf-8"))


def check_json(capsys, content: Path, *extra: str) -> tuple[int, list[dict]]:
    code = main(["check", "--content", str(content), "--format", "json", *extra])
    return code, [json.loads(line) for line in capsys.readouterr().out.splitlines()]


@pytest.fixture
def copy(tmp_path):
    """A copy of the paper to change."""
    root = tmp_path / "content"
    shutil.copytree(OPERATIONAL, root)
    return root


# -- 1. nil and no figure ----------------------------------------------------------------


def test_a_wrong_total_beside_a_dash_is_found_and_n_a_is_reported_as_not_checked(capsys):
    code, found = check_json(capsys, OPERATIONAL)
    assert code == 1
    assert found == [
        {
            "severity": "info",
            "code": "not-checked",
            "file": "proposals/op04.yaml",
            "line": 10,
            "ref": "OP04",
            "message": "the total, (£97,000), could not be checked: there is no figure for 2026/27 (N/A)",
        },
        {
            "severity": "error",
            "code": "profile-total",
            "file": "proposals/op05.yaml",
            "line": 10,
            "ref": "OP05",
            "message": "the total is printed as (£941,000) but its years add up to "
            "(£100,000), a difference of £841,000",
        },
        {
            "severity": "info",
            "code": "not-checked",
            "file": "proposals/op06.yaml",
            "line": 10,
            "ref": "OP06",
            "message": "the total, (£15,000), could not be checked: there is no figure for 2026/27 (TBC)",
        },
    ]


def test_a_sum_not_checked_never_fails_check_even_when_strict(copy, capsys):
    op05 = copy / "proposals/op05.yaml"
    op05.write_text(op05.read_text().replace('total: "(941,000)"', 'total: "(100,000)"'))
    code, found = check_json(capsys, copy, "--strict")
    assert code == 0
    assert [f["severity"] for f in found] == ["info", "info"]
    main(["check", "--content", str(copy)])
    assert "6 proposals checked: 0 errors, 0 warnings, 2 sums not checked." in capsys.readouterr().out


def test_home_and_checks_pages_count_the_sums_not_checked_and_never_say_all_is_well(copy, tmp_path):
    op05 = copy / "proposals/op05.yaml"
    op05.write_text(op05.read_text().replace('total: "(941,000)"', 'total: "(100,000)"'))
    build(copy, tmp_path / "site")
    for path in ("", "checks/"):
        text = page(tmp_path / "site", path)
        assert "4 of 6 sums checked; 2 could not be, because a figure they need is not stated" in text
        assert "Everything adds up" not in text
        assert "Every sum that could be checked adds up." in text
    checks = page(tmp_path / "site", "checks/")
    assert "Sums that could not be checked (2)" in checks
    assert (
        "Not checked The total, (£97,000), could not be checked: there is no figure for 2026/27 (N/A)"
        in checks
    )


def test_a_site_whose_every_sum_was_checked_may_say_everything_adds_up(tmp_path):
    build(BROWSE, tmp_path / "site")
    home = page(tmp_path / "site", "")
    assert "sums checked" in home and "could not be" not in home
    content = tmp_path / "clean"
    shutil.copytree(OPERATIONAL, content)
    for name in ("op04", "op05", "op06"):
        (content / f"proposals/{name}.yaml").unlink()
    build(content, tmp_path / "clean-site")
    home = page(tmp_path / "clean-site", "")
    assert "3 of 3 sums checked." in home and "Everything adds up: the checks found nothing." in home


@pytest.mark.pdf
def test_dashes_and_nil_are_shown_as_printed_and_add_nothing(site_dir):
    meeting = page(site_dir, MEETING)
    assert "OP03 Library opening hours (120,500) – Nil (120,500)" in meeting
    # a sum of nothing but nil is nil, shown as the paper wrote it
    assert (
        "Subtotal: Libraries calculated by this site from the figures above (120,500) – Nil (120,500)"
        in meeting
    )
    assert "OP01 Restructure" in meeting and "(24,007) (48,015) - (72,022)" in meeting


# -- 2. figures the site works out ----------------------------------------------------------


@pytest.mark.pdf
def test_computed_rows_keep_the_brackets_and_say_they_are_the_sites_own(site_dir):
    meeting = page(site_dir, MEETING)
    assert "Total calculated by this site from the figures above" in meeting
    assert "(3,649,840) (3,421,348) * (3,333,333) (11,245,522)" in meeting
    assert "−" not in meeting  # the paper prints no minus sign: neither does the site
    home = page(site_dir, "")
    assert "2025/26 (£3,649,840)" in home and "Total (£11,245,522)" in home
    assert "Calculated by this site from the figures of 6 proposals" in home
    assert "the figures (calculated by this site from the proposals' figures)" in home


@pytest.mark.pdf
def test_a_row_whose_years_do_not_add_to_its_total_says_why(site_dir):
    meeting = page(site_dir, MEETING)
    # OP02 prints three thirds of £10m, each rounded: (3,333,333) × 3 is (9,999,999)
    assert (
        "OP02 Reduce agency spend in residential care Its years add up to (9,999,999), not "
        "(10,000,000): each printed figure was rounded on its own."
    ) in meeting
    assert (
        "Its years add up to (10,072,021), not (10,072,022): each printed figure was rounded on its own."
    ) in meeting  # the subtotal inherits the rounding
    assert (
        "OP05 Fleet fuel cards Its years add up to (100,000), not (941,000): a printed total is "
        "not the sum of its years (see the checks)."
    ) in meeting
    assert (
        "Total calculated by this site from the figures above Its years add up to (10,404,521), "
        "not (11,245,522): some proposals give no figure for a year."
    ) in meeting


@pytest.mark.pdf
def test_every_row_of_every_summary_adds_across_or_says_why_not(site_dir):
    """No row is shown whose year cells do not add up to its total without a note."""
    html = (site_dir / MEETING / "index.html").read_text(encoding="utf-8")
    table = html[html.index('<table class="figures summary') : html.index("</table>")]
    for row in re.findall(r"<tr(?: class=\"[^\"]*\")?>(.*?)</tr>", table, re.S):
        cells = [
            unescape(re.sub(r"<[^>]+>", "", c)).strip()
            for c in re.findall(r'<td class="num">(.*?)</td>', row, re.S)
        ]
        if len(cells) != 4 or "*" in "".join(cells):
            continue  # a heading row, or a row with a sum of some figures (marked *)

        def value(cell: str) -> int:
            if cell in ("-", "–", "—", "Nil"):
                return 0
            return (
                -int(cell.strip("()").replace(",", ""))
                if cell.startswith("(")
                else int(cell.replace(",", ""))
            )

        if any(c in ("N/A", "TBC") for c in cells):
            continue  # a figure not given is shown as such
        if sum(value(c) for c in cells[:3]) != value(cells[3]):
            assert "years add up to" in row, row


@pytest.mark.pdf
def test_the_pack_marks_computed_figures_in_print(site_dir):
    pdf = PdfReader(site_dir / MEETING / "pack.pdf")
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pdf.pages))
    assert "calculated by this site from the figures above" in text
    assert (
        "Its years add up to (9,999,999), not (10,000,000): each printed figure was rounded on its own"
        in text
    )


# -- 3. the agenda item's number ------------------------------------------------------------


@pytest.mark.pdf
def test_the_meeting_page_shows_the_items_printed_numbers(site_dir):
    meeting = page(site_dir, MEETING)
    assert (
        "Item 1: Apologies for absence Item 10: Operational savings 2025/26 to 2027/28 "
        "Item 10a: Fees and charges" in meeting
    )
    assert "Item 10 Operational savings 2025/26 to 2027/28" in meeting


def test_items_without_a_number_are_numbered_in_order(tmp_path):
    build(BROWSE, tmp_path / "site")
    meeting = page(tmp_path / "site", "committees/budget-scrutiny/2018-01-15/")
    assert "Item 1: Savings option forms Item 2: Medium term financial strategy" in meeting


@pytest.mark.pdf
def test_the_pack_uses_the_number_in_contents_bookmarks_and_running_headers(site_dir):
    pdf = PdfReader(site_dir / MEETING / "pack.pdf")
    marks = [title for depth, title, _ in outline(pdf) if depth == 0]
    assert marks[:4] == [
        "Contents",
        "Item 1: Apologies for absence",
        "Item 10: Operational savings 2025/26 to 2027/28",
        "Item 10a: Fees and charges",
    ]
    contents = pdf.pages[1].extract_text()
    assert "Item 10: Operational savings 2025/26 to 2027/28" in contents
    pages = [p.extract_text() for p in pdf.pages]
    op02 = next(
        i
        for i, t in enumerate(pages)
        if "Reduce agency spend in residential care" in t and "Budget change" in t
    )
    assert "Item 10 · OP02: Reduce agency spend in residential care" in pages[op02]
    assert not any("Item 2 ·" in t or "Item 2:" in t for t in pages)


@pytest.mark.pdf
def test_the_history_names_the_meeting_date_and_item_once_with_one_appendix(site_dir):
    proposal = page(site_dir, "proposals/op01/")
    assert "Cabinet, 15 October 2025, item 10: Operational savings 2025/26 to 2027/28, appendix 1" in proposal
    assert proposal.count("appendix 1") == 1


# -- 4. findings --------------------------------------------------------------------------

MISTYPED = """\
ref: OP12
title: Office accommodation
service: Corporate
budget_change:
  2025/26: "(300,000)"
  2026/27: "(345,032)"
  2027-28: "(97,000)"
totals: "(742,032)"
total: "(742,032)"
"""


def test_a_finding_about_the_file_carries_its_ref_and_one_mistake_gives_one_finding(copy, capsys):
    (copy / "proposals/op12.yaml").write_text(MISTYPED)
    code, found = check_json(capsys, copy)
    assert code == 2  # the content cannot be read as written: nothing is built
    mine = [f for f in found if f["file"] == "proposals/op12.yaml"]
    assert mine == [
        {
            "severity": "error",
            "code": "invalid-year",
            "file": "proposals/op12.yaml",
            "line": 7,
            "ref": "OP12",
            "message": "'budget_change' year '2027-28' is not a financial year: write a financial year as "
            "YYYY/YY, with a slash: 2027/28",
        },
        {
            "severity": "error",
            "code": "unknown-field",
            "file": "proposals/op12.yaml",
            "line": 8,
            "ref": "OP12",
            "message": "unknown field 'totals' in a proposal: did you mean 'total'?",
        },
    ]


def test_messages_keep_the_papers_notation(copy, capsys):
    (copy / "proposals/op12.yaml").write_text(
        MISTYPED.replace("2027-28", "2027/28")
        .replace('totals: "(742,032)"\n', "")
        .replace('total: "(742,032)"', 'total: "(842,032)"')
    )
    _code, found = check_json(capsys, copy)
    (op12,) = [f for f in found if f["ref"] == "OP12"]
    assert op12["message"] == (
        "the total is printed as (£842,032) but its years add up to (£742,032), a difference of £100,000"
    )
    assert "−" not in " ".join(f["message"] for f in found)


def test_the_same_paper_printed_with_minus_signs_gets_minus_signs(copy, tmp_path):
    for path in (copy / "proposals").glob("*.yaml"):
        path.write_text(re.sub(r'"\(([\d,]+)\)"', r'"-\1"', path.read_text()))
    build(copy, tmp_path / "site")
    meeting = page(tmp_path / "site", MEETING)
    assert "(" + "3,649,840)" not in meeting and "−3,649,840 −3,421,348" in meeting


def test_a_file_that_cannot_be_read_still_gives_the_ref_it_states(copy, capsys):
    (copy / "proposals/op13.yaml").write_text("ref: OP13\ntitle: Broken: a colon\n")
    _code, found = check_json(capsys, copy)
    (broken,) = [f for f in found if f["file"] == "proposals/op13.yaml"]
    assert (broken["code"], broken["ref"]) == ("yaml-syntax", "OP13")


@pytest.mark.pdf
def test_a_proposals_own_row_that_does_not_add_across_says_why(site_dir):
    op02 = page(site_dir, "proposals/op02/")
    assert (
        "(3,333,333) (3,333,333) (3,333,333) (10,000,000) The years add up to (9,999,999), not "
        "(10,000,000): each printed figure was rounded on its own."
    ) in op02
    assert "years add up to" not in page(site_dir, "proposals/op01/")  # a row that adds up
