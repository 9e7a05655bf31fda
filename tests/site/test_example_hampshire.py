"""The Hampshire example: Appendix 1, Children's Services proposed savings CS01 … CSO7.

The paper is one table (ref, service area and description, impact, expected savings
2018/19 / 2019/20 / full year in £'000, FTE impact) with a printed Total row. The figures
below are copied from the seed text and compared with it, then with the model and the
built pages. The expected findings are worked out by hand from the printed figures.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

import pytest

from scrutinypack.build.builder import build
from scrutinypack.build.reading import read_site

from ..support.content import ROOT, SEEDS
from ..support.sitecheck import broken_links, page_text

CONTENT = ROOT / "examples" / "hampshire"
SEED = (SEEDS / "004_1358e2922cf4a267.txt").read_text(encoding="utf-8")

# The rows of the printed table, refs exactly as printed (CSO2, CSO5, CSO6, CSO7 with a
# letter O): 2018/19, 2019/20, Full Year (£'000) and FTE Impact, as printed.
ROWS = {
    "CSO2": ("600", "2,700", "3,000", "NA"),
    "CS03": ("59", "59", "59", "N/A"),
    "CS04": ("0", "375", "979", "TBC"),
    "CSO5": ("0", "1,400", "2,800", "NA"),
    "CSO6": ("500", "904", "904", "TBC"),
    "CSO7": ("0", "0", "500", "TBC"),
}
# CS01 is printed only as four numbered parts, each with its own figures.
CS01_ITEMS = {
    "1": ("982", "6112", "17,901", "N/A"),
    "2": ("200", "986", "3,019", "TBC"),
    "3": ("400", "470", "470", "TBC"),
    "4": ("250", "500", "500", "N/A"),
}
ORDER = ["CS01", "CSO2", "CS03", "CS04", "CSO5", "CSO6", "CSO7"]
PRINTED_TOTAL = {"2018/19": "2,991", "2019/20": "13,506", "full_year": "30,132"}
COLUMNS = ["2018/19", "2019/20", "full_year"]


def number(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


@pytest.fixture(scope="module")
def result():
    return read_site(CONTENT)


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("hampshire") / "site"
    build(CONTENT, out)
    return out


@pytest.fixture(scope="module")
def agenda_item(result):
    committee = next(c for c in result.site.committees if c.slug == "childrens-services-savings")
    return committee.meetings[0].agenda[0]


def test_the_transcription_matches_the_seed_text():
    """Each row's figures are printed in the seed on one line, in this order."""
    for ref, (y1, y2, full, fte) in ROWS.items():
        assert ref in SEED
        assert f"\t{y1}\t{y2}\t{full}\t{fte}" in SEED, ref
    for n, (y1, y2, full, fte) in CS01_ITEMS.items():
        assert f"\t{y1}\t{y2}\t{full}\t{fte}" in SEED, n
    assert "\tTotal\t2,991\t13,506\t30,132" in SEED
    assert re.findall(r"^(CS[0O]\d)\t", SEED, re.M) == ORDER


def test_the_content_reads_without_problems(result):
    assert result.problems == []


def test_every_row_is_transcribed_as_printed(result):
    for ref, (y1, y2, full, fte) in ROWS.items():
        p = result.site.by_ref[ref]
        assert p.profile.convention == "savings"
        assert p.unit == "k"
        assert [p.profile.years[y].text for y in ("2018/19", "2019/20")] == [y1, y2]
        assert p.full_year.text == full
        assert p.fte_overall.text == fte
        assert p.total is None  # the paper prints no total per row


def test_cs01_is_its_four_numbered_parts(result):
    p = result.site.by_ref["CS01"]
    assert [i.number for i in p.items] == list(CS01_ITEMS)
    for item, (y1, y2, full, fte) in zip(p.items, CS01_ITEMS.values()):
        assert [item.profile.years[y].text for y in ("2018/19", "2019/20")] == [y1, y2]
        assert item.full_year.text == full
        assert item.fte.text == fte
    # No figures are printed for CS01 as a whole: its row is the sum of its parts.
    assert p.derived
    assert p.profile.years["2018/19"].value == Decimal(982 + 200 + 400 + 250)
    assert p.profile.years["2019/20"].value == Decimal(6112 + 986 + 470 + 500)
    assert p.full_year.value == Decimal(17901 + 3019 + 470 + 500)
    assert "Swanwick Lodge to maximise income" in p.items[2].description


def test_summary_reproduces_the_printed_total_row(agenda_item):
    assert [p.ref for p in agenda_item.proposals] == ORDER
    table = agenda_item.table
    assert table.columns == COLUMNS
    assert table.unit == "k"
    assert [g.name for g in table.groups] == [""]
    for column, printed in PRINTED_TOTAL.items():
        assert table.printed_total[column].text == printed
        assert table.total[column].amount.value == number(printed)
        assert not table.total[column].partial
    # The sums by hand, from the printed rows, agree with the printed Total row.
    every_row = list(ROWS.values()) + list(CS01_ITEMS.values())
    for index, column in enumerate(COLUMNS):
        assert sum(number(row[index]) for row in every_row) == number(PRINTED_TOTAL[column])


# Worked out by hand from the paper:
# - the Total row holds in every column: 2018/19 982+200+400+250+600+59+0+0+500+0 = 2,991;
#   2019/20 6112+986+470+500+2,700+59+375+1,400+904+0 = 13,506; full year
#   17,901+3,019+470+500+3,000+59+979+2,800+904+500 = 30,132; so no summary-total;
# - no row prints a total of its years, no baseline, percentage, start year or money table,
#   and CS01's own figures are the sums of its parts (nothing printed to disagree), so no
#   profile-total, items-total, net-mismatch, percent-mismatch, table-total or year finding;
# - the two years are the site's years, and no saving is negative.
EXPECTED_FINDINGS: set[tuple[str, str]] = set()


def test_checks_find_exactly_what_the_paper_gets_wrong(result):
    found = {(f.code, f.ref or f.file) for f in result.site.findings}
    assert found == EXPECTED_FINDINGS


def test_meeting_page_shows_the_table_and_its_printed_total(site_dir):
    text = page_text(site_dir / "committees/childrens-services-savings/2017-09-01/index.html")
    for figure in ("2,991", "13,506", "30,132", "21,890", "8,068", "1,832", "2,700", "2,800"):
        assert figure in text, figure
    assert "Total as printed in the paper 2,991 13,506 30,132" in text
    for ref in ORDER:
        assert ref in text
    assert "Date assumed, not printed" in text
    assert "CSO5 NA" in text and "CS01 2. TBC" in text


def test_proposal_pages_show_every_part(site_dir):
    cs01 = page_text(site_dir / "proposals/cs01/index.html")
    for text in (
        "17,901",
        "3,019",
        "£21,890k",
        "6112",
        "Partner's in Practice (PiP)",
        "FTE: N/A",
        "FTE: TBC",
        "remand budget",
    ):
        assert text in cs01, text
    cso5 = (site_dir / "proposals/cso5/index.html").read_text(encoding="utf-8")
    assert (
        len(re.findall(r"<li>(?:Post 16|Rising 5s|Free transport|Nursery|We currently transport 8)", cso5))
        == 5
    )
    assert "letter O" in page_text(site_dir / "proposals/cso2/index.html")


def test_every_cell_of_the_paper_is_on_the_site(site_dir):
    """Each printed cell (fragments of a cell split by a page break included) is on a page."""
    everything = " ".join(page_text(p) for p in site_dir.rglob("*.html"))
    for line in SEED.splitlines():
        for cell in line.split("\t"):
            # "7 th" is a superscript "7th"; a "•" starts a bullet, shown as a list item
            for fragment in cell.replace("7 th", "7th").split("•"):
                fragment = " ".join(fragment.split())
                if fragment:
                    assert fragment in everything, fragment


def test_no_broken_links(site_dir):
    assert broken_links(site_dir) == []


def test_running_positions_are_never_added_up(result, site_dir):
    """The paper's years are cumulative, so no page or data file shows their sum (16,497)."""
    cs03 = result.site.by_ref["CS03"]
    assert cs03.cumulative and cs03.total_saving() is None
    for page in ("index.html", "proposals/index.html"):
        text = page_text(site_dir / page)
        assert "Full year" in text and "16,497" not in text
    header, *rows = csv.reader(io.StringIO((site_dir / "data/proposals.csv").read_text(), newline=""))
    cs03_row = next(r for r in rows if r[0] == "CS03")
    assert cs03_row[header.index("total_saving")] == ""
    assert cs03_row[header.index("full_year_saving")] == "59000"
