"""Each check finds what it should, and nothing within rounding."""

import pytest

from scrutinypack.build.reading import read_site

from ..support.content import PROPOSAL, codes


def findings(content, files):
    result = read_site(content(files))
    problems = [p for p in result.problems if p.code != "accessibility-statement"]  # no statement here
    assert problems == [], problems
    return result.site.findings


def proposal(extra: str = "", **replace) -> dict:
    text = PROPOSAL
    for old, new in replace.items():
        text = text.replace(old.replace("_", " ") if False else old, new)
    return {"proposals/sc001.yaml": text + extra}


def with_total(total: str) -> dict:
    return {"proposals/sc001.yaml": PROPOSAL.replace("total: -0.250", f"total: {total}")}


def test_consistent_proposal_has_no_finding(content):
    assert findings(content, {}) == []


def test_total_that_is_not_the_sum(content):
    found = findings(content, with_total("-0.260"))
    assert codes(found) == ["profile-total"]
    f = found[0]
    assert (f.file, f.line, f.ref, f.severity) == ("proposals/sc001.yaml", 11, "SC001", "error")
    assert "−£0.260m" in f.message and "−£0.250m" in f.message


def test_total_within_rounding_is_not_flagged(content):
    assert findings(content, with_total("-0.251")) == []


def test_total_just_beyond_rounding_is_flagged(content):
    assert codes(findings(content, with_total("-0.252"))) == ["profile-total"]


def test_total_with_a_year_not_stated_is_reported_as_not_checked(content):
    text = PROPOSAL.replace("2020/21: 0.000", "2020/21: null").replace("total: -0.250", "total: -0.900")
    (found,) = findings(content, {"proposals/sc001.yaml": text})
    assert (found.code, found.severity, found.line, found.ref) == ("not-checked", "info", 11, "SC001")
    assert found.message == "the total, −£0.900m, could not be checked: there is no figure for 2020/21"


@pytest.mark.parametrize("word", ["N/A", "n/a", "TBC"])
def test_a_word_for_no_figure_leaves_the_total_unchecked_and_says_which(word, content):
    text = PROPOSAL.replace("2020/21: 0.000", f"2020/21: {word}")
    (found,) = findings(content, {"proposals/sc001.yaml": text})
    assert found.code == "not-checked" and f"2020/21 ({word})" in found.message


@pytest.mark.parametrize("word", ["nil", "Nil", '"-"', '"–"', '"—"'])
def test_nil_and_a_dash_count_as_zero_so_a_wrong_total_beside_them_is_found(word, content):
    right = PROPOSAL.replace("2020/21: 0.000", f"2020/21: {word}")
    assert findings(content, {"proposals/sc001.yaml": right}) == []
    wrong = right.replace("total: -0.250", "total: -1.091")
    (found,) = findings(content, {"proposals/sc001.yaml": wrong})
    assert found.code == "profile-total" and found.severity == "error"
    assert "−£1.091m" in found.message and "−£0.250m" in found.message


def test_a_table_column_with_n_a_is_not_checked_and_a_dash_adds_nothing(content):
    table = """\
tables:
  - caption: Costs
    unit: pounds
    columns: [Item, "2019/20"]
    rows:
      - [Staff, "(1,000)"]
      - [Fleet, "-"]
      - [Rent, N/A]
    total: [Total, "(1,000)"]
  - caption: Income
    unit: pounds
    columns: [Item, "2019/20"]
    rows:
      - [Fees, "(1,000)"]
      - [Rent, "—"]
    total: [Total, "(9,000)"]
"""
    found = findings(content, {"proposals/sc001.yaml": PROPOSAL + table})
    assert [(f.code, f.severity) for f in found] == [("not-checked", "info"), ("table-total", "error")]
    assert "'Rent' (N/A)" in found[0].message
    assert "(9,000)" in found[1].message and "(1,000)" in found[1].message


def test_net_is_gross_minus_income(content):
    text = PROPOSAL.replace("net: 7.464", "net: 7.474")
    found = findings(content, {"proposals/sc001.yaml": text})
    assert codes(found) == ["net-mismatch"]
    assert "£7.464m" in found[0].message and "£7.474m" in found[0].message


def test_net_within_rounding_is_not_flagged(content):
    text = PROPOSAL.replace("net: 7.464", "net: 7.465")
    assert findings(content, {"proposals/sc001.yaml": text}) == []


def test_negative_income_is_a_warning_and_still_subtracted(content):
    text = PROPOSAL.replace("income: 0.600", "income: -0.600")
    found = findings(content, {"proposals/sc001.yaml": text})
    assert [(f.code, f.severity) for f in found] == [("income-negative", "warning")]


def test_fte_and_investment_totals(content):
    extra = (
        "fte: {2019/20: 1.00, 2020/21: 2.00}\nfte_total: 4.00\n"
        "investment: {2019/20: 0.100, 2020/21: 0.100}\ninvestment_total: 0.200\n"
    )
    assert codes(findings(content, proposal(extra))) == ["fte-total"]


def test_stated_percentage(content):
    extra = (
        'percentages:\n  - {part: "£3.2m", whole: "£32.3m", stated: "9.9%"}\n'
        '  - {part: "£1m", whole: "£5.5m", stated: "18.1%"}\n'
        '  - {part: "£1m", whole: "£5.5m", stated: "17.0%"}\n'
    )
    found = findings(content, proposal(extra))
    assert codes(found) == ["percent-mismatch"]
    assert "17.0%" in found[0].message and "18.18%" in found[0].message


def test_profile_year_not_in_site_yaml(content):
    text = PROPOSAL.replace("2020/21: 0.000", "2021/22: 0.000")
    assert codes(findings(content, {"proposals/sc001.yaml": text})) == ["year-not-in-site"]


def test_start_year_outside_the_profile(content):
    site = "title: t\nunit: m\nyears: [2019/20, 2020/21, 2021/22]\n"
    text = PROPOSAL.replace("start_year: 2019/20", "start_year: 2021/22")
    found = findings(content, {"site.yaml": site, "proposals/sc001.yaml": text})
    assert codes(found) == ["start-year-outside-profile"]
    assert found[0].severity == "warning"


def test_figure_before_start_year(content):
    text = PROPOSAL.replace("start_year: 2019/20", "start_year: 2020/21")
    assert codes(findings(content, {"proposals/sc001.yaml": text})) == ["figure-before-start"]


def test_saving_larger_than_its_budget(content):
    text = PROPOSAL.replace("-0.250", "-8.000").replace("2019/20: -8.000", "2019/20: -8.000")
    assert codes(findings(content, {"proposals/sc001.yaml": text})) == ["saving-exceeds-budget"]


def test_saving_that_is_really_a_cost(content):
    text = PROPOSAL.replace("-0.250", "0.250")
    assert codes(findings(content, {"proposals/sc001.yaml": text})) == ["saving-is-cost"]


def test_savings_convention_positive_is_a_saving(content):
    text = PROPOSAL.replace("budget_change:", "savings:").replace("-0.250", "0.250")
    assert findings(content, {"proposals/sc001.yaml": text}) == []


TABLE = """\
tables:
  - caption: Table 1 cost avoidance
    unit: pounds
    columns: [Item, "2019/20", "2020/21", Total]
    rows:
      - [Placements, "100,000", "200,000", "300,000"]
      - [Carers, "50,000", "50,000", "100,000"]
    total: [Total, "150,000", "250,000", "{last}"]
"""


def test_table_total_row(content):
    assert findings(content, proposal(TABLE.format(last="400,000"))) == []
    found = findings(content, proposal(TABLE.format(last="410,000")))
    assert codes(found) == ["table-total"]
    assert "'Total'" in found[0].message and "410,000" in found[0].message and "400,000" in found[0].message


def test_several_total_rows_that_sum_each_other(content):
    table = """\
tables:
  - columns: [Month, Low, High]
    rows:
      - [April, "10", "20"]
      - [May, "5", "10"]
    totals:
      - row: [Reducing numbers, "15", "30"]
      - row: [Placement mix, "100", "100"]
        sums: nothing
      - row: [Both, "115", "140"]
        sums: [Reducing numbers, Placement mix]
"""
    found = findings(content, proposal(table))
    assert codes(found) == ["table-total"]
    assert "'Both'" in found[0].message and "'High'" in found[0].message


def test_table_years_out_of_sequence(content):
    table = """\
tables:
  - columns: [Year, Saving]
    rows:
      - [2014/15, "3,400"]
      - [2015/16, "8,640"]
      - [2015/16, "1,090"]
      - [2017/18, "110"]
"""
    found = findings(content, proposal(table))
    assert codes(found) == ["table-years"]
    assert "2015/16 appears twice" in found[0].message and "2016/17 was expected" in found[0].message


REPORT = """\
---
title: MTFS
committee: budget
date: 2014-09-01
unit: k
---
Numbers:

|  | A £000 | B £000 |
|---|---:|---:|
| 2014/15 | 3,400 | 0 |
| 2015/16 | 8,290 | 350 |
|  | **11,690** | **{b}** |
"""


def test_report_markdown_table_bold_total_row(content):
    assert findings(content, {"reports/mtfs.md": REPORT.format(b="350")}) == []
    found = findings(content, {"reports/mtfs.md": REPORT.format(b="360")})
    assert codes(found) == ["table-total"] and found[0].line == 13


def test_report_markdown_table_with_total_label(content):
    report = REPORT.replace("|  | **11,690**", "| Total | 11,690").replace("**{b}**", "{b}")
    assert codes(findings(content, {"reports/mtfs.md": report.format(b="352")})) == ["table-total"]


ACROSS = """\
---
title: MTFS
committee: budget
date: 2014-09-01
unit: k
row_totals:
  - column: C £000
---
|  | A £000 | B £000 | C £000 |
|---|---:|---:|---:|
| 2014/15 | 3,400 | 0 | 3,400 |
| 2015/16 | 8,290 | 350 | {c} |
|  | **11,690** | **350** | **12,040** |
"""


def test_a_declared_total_column_is_checked_row_by_row(content):
    assert findings(content, {"reports/mtfs.md": ACROSS.format(c="8,640")}) == []
    found = findings(content, {"reports/mtfs.md": ACROSS.format(c="8,650")})
    assert codes(found) == ["table-row-total", "table-total"]  # the column's total no longer holds either
    assert found[0].line == 12
    assert "'2015/16' prints 8,650 for 'C £000' but 'A £000' and 'B £000' add up to 8,640" in found[0].message


def test_a_total_column_in_a_front_matter_table_names_the_columns_it_adds(content):
    table = """\
tables:
  - columns: [Item, Staff, Running costs, Other, Staff and running]
    rows:
      - [Libraries, "10", "5", "99", "{s}"]
    row_totals:
      - {{column: Staff and running, sums: [Staff, Running costs]}}
"""
    assert findings(content, proposal(table.format(s="16"))) == []  # within rounding: one unit
    assert codes(findings(content, proposal(table.format(s="17")))) == ["table-row-total"]


def test_a_total_column_that_no_table_has_is_a_problem_with_its_line(content):
    result = read_site(
        content({"reports/mtfs.md": ACROSS.format(c="8,640").replace("column: C £000", "column: D £000")})
    )
    assert [(p.code, p.line) for p in result.problems] == [("unknown-column", 7)]
    assert "'D £000'" in result.problems[0].message


def test_summary_printed_total(content):
    committee = """\
        name: Budget
        meetings:
          - date: 2018-01-15
            agenda:
              - title: Forms
                proposals: [SC001]
                summary: {group_by: service, total: {2019/20: "-0.300"}}
        """
    found = findings(content, {"committees/budget.yaml": committee})
    assert codes(found) == ["summary-total"] and found[0].line == 7


def test_items_are_summed_into_their_proposal(content):
    text = """\
        ref: CS01
        title: Children's social care
        committees: [budget]
        unit: k
        items:
          - {number: "1", savings: {2019/20: 982, 2020/21: "6,112"}, full_year: "17,901"}
          - {number: "2", savings: {2019/20: 200, 2020/21: 986}, full_year: "3,019"}
        """
    site = read_site(content({"proposals/cs01.yaml": text})).site
    cs01 = site.by_ref["CS01"]
    assert str(cs01.profile.years["2020/21"].value) == "7098"
    assert str(cs01.full_year.value) == "20920"


def test_broken_link_in_markdown(content):
    found = findings(
        content, proposal("decisions: See [SC009](/proposals/sc009/) and [SC001](/proposals/sc001/).\n")
    )
    assert codes(found) == ["broken-link"] and "sc009" in found[0].message


def test_a_broken_link_is_named_whole_with_its_brackets(content):
    found = findings(content, proposal("decisions: See [the plan](/reports/plan_(2019)/).\n"))
    assert codes(found) == ["broken-link"] and "'/reports/plan_(2019)/'" in found[0].message


@pytest.mark.parametrize(
    "target",
    [
        "https://example.org/",
        "mailto:a@b.c",
        "#top",
        "/checks/",
        "committees/budget/2018-01-15/",
        "/data/proposals.csv",
    ],
)
def test_links_that_lead_somewhere_are_not_flagged(content, target):
    assert findings(content, proposal(f"decisions: '[x]({target})'\n")) == []
