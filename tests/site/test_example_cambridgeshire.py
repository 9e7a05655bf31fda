"""The Cambridgeshire example: six business cases (A/R.6.255 & A/R.6.266, A/R.6.267,
A/R 6.257, A/R.6.269, A/R.6.202).

Each case is a narrative proposal on one template: a Project Overview table (title, project
code, business planning reference, brief description, senior responsible officer), then
headed sections, some left empty. A/R.6.255 also prints two money tables with total rows.
The figures below are read from the seed text and compared with it, then with the model and
the built pages. The expected findings are worked out by hand from the printed figures.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from scrutinypack.build.builder import build
from scrutinypack.build.reading import read_site

from ..support.content import ROOT, SEEDS
from ..support.sitecheck import broken_links, page_text

CONTENT = ROOT / "examples" / "cambridgeshire"
SEED = (SEEDS / "002_61861d571f245c10.txt").read_text(encoding="utf-8").split("\n")

# slug: (ref as printed, title, project code, senior responsible officer, business planning
# reference, first and last seed line of the case)
CASES = {
    "ar-6-255": (
        "A/R.6.255",
        "Children in Care - Placement composition and reduction in numbers",
        "TR001532",
        "Lou Williams: Service Director Children & Safeguarding",
        "A/R.6.255",
        1,
        212,
    ),
    "ar-6-267": (
        "A/R.6.267",
        "Children's Disability 0 - 25 Service",
        "TR001544",
        "Lou Williams: Service Director Children & Safeguarding",
        "",
        213,
        322,
    ),
    "ar-6-257": (
        "A/R 6.257",
        "Early Help offer within Children's Services",
        "TR001545",
        "Lou Williams: Service Director Children & Safeguarding",
        "",
        323,
        461,
    ),
    "ar-6-269": (
        "A/R.6.269",
        "Review of Education Support Functions",
        "TR001537",
        "Jonathan Lewis",
        "",
        462,
        570,
    ),
    "ar-6-202": ("A/R.6.202", "Youth Justice / Youth Support", "TR001536", "Anna Jack", "", 571, 684),
}
ORDER = ["A/R.6.255", "A/R.6.267", "A/R 6.257", "A/R.6.269", "A/R.6.202"]

# The template every case prints, heading and level (2 = the template's main headings,
# 3 = their groups, 4 = the questions).
TEMPLATE = [
    ("Project Approach", 2),
    ("Background", 3),
    ("Why do we need to undertake this project?", 4),
    ("What would happen if we did not complete this project?", 4),
    ("Approach", 3),
    ("Aims / Objectives", 4),
    ("Project Overview - What are we doing", 4),
    ("What assumptions have you made?", 4),
    ("What constraints does the project face?", 4),
    ("Delivery Options", 2),
    ("Has an options and feasibility study been undertaken?", 3),
    ("Scope / Interdependencies", 2),
    ("Scope", 3),
    ("What is within scope?", 4),
    ("What is outside of scope?", 4),
    ("Project Dependencies", 3),
    ("Title", 4),
    ("Cost and Savings", 2),
    ("Non Financial Benefits", 2),
    ("Non Financial Benefits Summary", 3),
    ("Title", 3),
    ("Risks", 2),
    ("Title", 3),
    ("Project Impact", 2),
    ("Equality Impact Assessment", 3),
    ("Who will be affected by this proposal?", 4),
    ("What positive impacts are anticipated from this proposal?", 4),
    ("What negative impacts are anticipated from this proposal?", 4),
    ("Are there other impacts which are more neutral?", 4),
    ("Disproportionate impacts on specific groups with protected characteristics", 4),
    ("Details of Disproportionate Impacts on protected characteristics and how these will be addressed", 4),
]
# Questions the paper prints with nothing under them (not counting the group headings).
BLANK_ANSWERS = {
    "ar-6-255": {
        "What is outside of scope?",
        "Title",
        "Has an options and feasibility study been undertaken?",
        "Disproportionate impacts on specific groups with protected characteristics",
    },
    "ar-6-269": {
        "What assumptions have you made?",
        "What constraints does the project face?",
        "Non Financial Benefits Summary",
        "What positive impacts are anticipated from this proposal?",
        "What negative impacts are anticipated from this proposal?",
        "Are there other impacts which are more neutral?",
        "Details of Disproportionate Impacts on protected characteristics and how these will be addressed",
    },
}

# Savings as the cases print them in their text (positive), in pounds.
SAVINGS_2020_21 = {
    "A/R.6.255": Decimal(2_000_000),
    "A/R.6.267": Decimal(50_000),
    "A/R.6.202": Decimal(30_000),
}
TOTALS = {**SAVINGS_2020_21, "A/R 6.257": Decimal(750_000)}

# The expected findings: none. Worked out by hand from the paper:
# - Table 1 (A/R.6.255): 478,400 + 48,000 + 44,000 + 39,000 + 35,000 + 30,000 + 26,000
#   + 22,000 + 17,000 + 13,000 + 9,000 + 5,000 + 0 = 766,400, as printed.
# - The scenario table, "Total cost avoid for year: Reducing Numbers in Care": Low
#   204,000 + … + 21,250 + 0 = 1,224,000; Middle 408,000 + … + 42,500 + 0 = 1,946,500;
#   High 408,000 + … + 42,500 + 0 = 2,854,300: all as printed.
# - "Total Cost Avoided: Placement Mix [See Table 1]" 766,400 in each column is Table 1's
#   total carried over (sums: nothing; it equals 766,400).
# - "Total Cost Avoided Placement Mix and Reduced Numbers": 1,224,000 + 766,400 = 1,990,400;
#   1,946,500 + 766,400 = 2,712,900; 2,854,300 + 766,400 = 3,620,700: all as printed.
# - No profile prints a total of its own years, no baseline, no percentage, no table of
#   years: nothing else to check. The paper prints no summary total.
EXPECTED_FINDINGS: set[tuple[str, str]] = set()


def number(text: str) -> Decimal:
    return Decimal(text.replace(",", "")) if text.strip() else Decimal(0)


def cells(line_number: int) -> list[str]:
    return SEED[line_number - 1].split("\t")


@pytest.fixture(scope="module")
def result():
    return read_site(CONTENT)


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("cambridgeshire") / "site"
    build(CONTENT, out)
    return out


@pytest.fixture(scope="module")
def agenda_item(result):
    committee = next(c for c in result.site.committees if c.slug == "business-cases-committee")
    return committee.meetings[0].agenda[0]


def table(proposal, index: int):
    return [t for s in proposal.sections for t in s.tables][index]


def test_the_content_reads_without_problems(result):
    assert result.problems == []


def test_checks_find_exactly_what_the_paper_gets_wrong(result):
    found = {(f.code, f.ref or f.file) for f in result.site.findings}
    assert found == EXPECTED_FINDINGS


def test_the_six_business_cases_are_there(result):
    by_ref = result.site.by_ref
    assert sorted(p.slug for p in result.site.proposals) == sorted(CASES)
    for slug, (ref, title, code, owner, bpr, first, _) in CASES.items():
        p = by_ref[ref]
        assert (p.slug, p.title, p.project_code, p.owner) == (slug, title, code, owner)
        assert dict(p.facts)["Business Planning Reference"] == bpr
        # the Project Overview table as printed: four lines of the seed, from "Project Title"
        start = next(n for n in range(first, first + 15) if SEED[n - 1].startswith("Project Title"))
        assert cells(start) == ["Project Title", dict(p.facts)["Project Title"], "", ""]
        assert dict(p.facts)["Project Title"].startswith(ref)
        assert cells(start + 1)[:4] == ["Project Code", code, "Business Planning Reference", bpr]
        assert cells(start + 2)[:2] == ["Business Planning Brief Description", p.description]
        assert cells(start + 3)[:2] == ["Senior Responsible Officer", owner]
    # one business case for two planning refs: A/R.6.266 resolves to A/R.6.255
    assert by_ref["A/R.6.266"] is by_ref["A/R.6.255"]
    assert by_ref["A/R.6.255"].other_refs == [
        ("A/R.6.266", "Children in care stretch target - Demand Management")
    ]


@pytest.mark.parametrize("slug", sorted(CASES))
def test_every_section_is_kept_in_printed_order_with_its_level(result, slug):
    p = result.site.by_ref[CASES[slug][0]]
    headed = [(s.heading, s.level) for s in p.sections if s.heading]
    assert headed == TEMPLATE
    blank = {s.heading for s in p.sections if s.heading and not s.body and not s.tables}
    groups = {h for h, level in TEMPLATE if level < 4} - {
        "Cost and Savings",
        "Non Financial Benefits Summary",
        "Title",
    }
    assert groups <= blank
    if slug in BLANK_ANSWERS:
        assert BLANK_ANSWERS[slug] <= blank
    assert (
        next(s for s in p.sections if s.heading == "Cost and Savings").body
        == "See accompanying financial information in Table 3"
    )


def test_the_assumptions_of_a_r_6_255_hold_both_tables_in_printed_order(result):
    p = result.site.by_ref["A/R.6.255"]
    index = next(i for i, s in enumerate(p.sections) if s.heading == "What assumptions have you made?")
    first, second, third = p.sections[index : index + 3]
    assert [len(s.tables) for s in (first, second, third)] == [1, 1, 0]
    assert (second.heading, third.heading) == ("", "")  # continuations of the same answer
    assert first.body.endswith("as set out in the table below:")
    assert second.body.startswith("Clearly, if in-house recruitment does not achieve")
    assert "##### Reducing overall numbers of children in care" in second.body
    assert third.body.startswith("This assumes that numbers in care do not reduce further")
    assert p.sections[index + 3].heading == "What constraints does the project face?"


def test_table_1_is_transcribed_as_printed_and_its_total_holds(result):
    t = table(result.site.by_ref["A/R.6.255"], 0)
    assert t.caption == SEED[92 - 1]
    assert t.columns == cells(96)
    assert [[c.text for c in row] for row in t.rows] == [cells(n) for n in range(97, 110)]
    printed = cells(110)
    assert [c.text for c in t.totals[0].cells] == printed
    column = [number(cells(n)[2]) for n in range(97, 110)]
    assert sum(column) == number(printed[2]) == Decimal(766_400)


def test_the_scenario_table_is_transcribed_as_printed_and_its_totals_hold(result):
    t = table(result.site.by_ref["A/R.6.255"], 1)
    assert [label for label, _ in t.header_groups] == ["", "Number in Care", "Cost Avoided"]
    assert t.columns == ["Month"] + cells(119)[1:]
    assert [[c.text for c in row] for row in t.rows] == [(cells(n) + [""] * 7)[:7] for n in range(120, 133)]
    assert [[c.text for c in total.cells] for total in t.totals] == [cells(n) for n in (133, 134, 135)]
    assert [total.sums for total in t.totals] == ["rows", "nothing", [cells(133)[0], cells(134)[0]]]
    table1 = Decimal(766_400)
    for col in (4, 5, 6):
        rows = sum(number(cells(n)[col]) for n in range(120, 133))
        assert rows == number(cells(133)[col])
        assert number(cells(134)[col]) == table1
        assert number(cells(133)[col]) + number(cells(134)[col]) == number(cells(135)[col])
    assert [number(cells(133)[c]) for c in (4, 5, 6)] == [1_224_000, 1_946_500, 2_854_300]
    assert [number(cells(135)[c]) for c in (4, 5, 6)] == [1_990_400, 2_712_900, 3_620_700]


def test_savings_are_positive_as_printed(result):
    for p in result.site.proposals:
        assert p.profile is None or p.profile.convention == "savings"
        total = p.total_saving()
        assert (total.pounds() if total is not None else None) == TOTALS.get(p.ref)
        year = p.saving_by_year().get("2020/21")
        assert (year.pounds() if year is not None else None) == SAVINGS_2020_21.get(p.ref)
    assert result.site.by_ref["A/R.6.255"].profile.years["2020/21"].text == "£2m"
    assert result.site.by_ref["A/R 6.257"].total.text == "£750k"


def test_the_meeting_lists_the_cases_with_a_worked_out_summary(agenda_item):
    assert [p.ref for p in agenda_item.proposals] == ORDER
    totals = agenda_item.table.total
    # the paper prints no summary total: these are the site's sums of the figures in the text
    assert totals["2020/21"].amount.pounds() == Decimal(2_080_000) and totals["2020/21"].partial
    assert totals["total"].amount.pounds() == Decimal(2_830_000) and totals["total"].partial
    assert agenda_item.table.printed_total == {}


def test_the_pages_show_the_key_figures(site_dir):
    page = page_text(site_dir / "proposals/ar-6-255/index.html")
    for text in (
        "A/R.6.255 & A/R.6.266",
        "TR001532",
        "Lou Williams: Service Director Children & Safeguarding",
        "Also covers",
        "A/R.6.266: Children in care stretch target - Demand Management",
        "478,400",
        "766,400",
        "1,224,000",
        "1,946,500",
        "2,854,300",
        "1,990,400",
        "2,712,900",
        "3,620,700",
        "Total Cost Avoided: Placement Mix [See Table 1]",
        "Savings by year (£m)",
        "£2m",
        "Left blank in the paper.",
    ):
        assert text in page, text
    assert "Total: £750k" in page_text(site_dir / "proposals/ar-6-257/index.html")
    meeting = page_text(site_dir / "committees/business-cases-committee/2019-10-01/index.html")
    for text in ("Date assumed, not printed.", "2,080", "2,830", "A/R 6.257"):
        assert text in meeting, text


@pytest.mark.parametrize("slug", sorted(CASES))
def test_every_printed_line_is_on_the_case_page(site_dir, slug):
    """Every cell and paragraph of the seed appears on its case's page. The Project Overview
    labels are shown in the site's own words (Project code, Senior responsible officer,
    Description) and are left out here."""
    labels = {
        "Project Code",
        "Senior Responsible Officer",
        "Business Planning Brief Description",
        "Project Overview",
    }
    text = page_text(site_dir / f"proposals/{slug}/index.html")
    *_, first, last = CASES[slug]
    missing = []
    for n in range(first, last + 1):
        for part in SEED[n - 1].split("\t"):
            part = " ".join(part.replace("**", "").split())
            part = part[2:] if part.startswith("- ") else part
            if not part or part in labels:
                continue
            shown = f"{int(part):,}" if re.fullmatch(r"\d{4,}", part) else part
            if shown not in text:
                missing.append((n, part))
    assert missing == []


def test_a_figure_in_another_unit_is_shown_in_the_summary_table_unit(site_dir):
    meeting = page_text(site_dir / "committees/business-cases-committee/2019-10-01/index.html")
    assert "Children in Care - Placement composition and reduction in numbers 2,000 2,000" in meeting


def test_no_broken_links(site_dir):
    assert broken_links(site_dir) == []
