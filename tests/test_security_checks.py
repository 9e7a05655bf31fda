"""Issue 28: checks that passed in silence, open data a spreadsheet ran, templates that ran
code, and figures or dates that crashed the build instead of being reported."""
from __future__ import annotations

import csv
import io
import json

import pytest

from scrutinypack.pipeline import read_site

from .conftest import PROPOSAL, codes


def _findings(content, files: dict[str, str]) -> list:
    result = read_site(content(files))
    assert [p for p in result.problems if p.severity == "error"] == []
    return result.site.findings


def _proposal(old: str, new: str, extra: str = "") -> dict[str, str]:
    assert old in PROPOSAL
    return {"proposals/sc001.yaml": PROPOSAL.replace(old, new) + extra}


# -- E04: a bare 0 or a whole number does not set the tolerance ---------------------------------

# Each case: a sum whose parts include a bare 0, printed £1.000m (or 1 FTE) away from the sum of
# its figures, and the code of the finding that must be made. With the 0 read as "rounded to the
# nearest £1m", each of them passed with no finding.
BARE_ZERO = {
    # -0.250 + 0 = -0.250, printed -1.250: £1.000m out
    "profile": (_proposal("2020/21: 0.000\ntotal: -0.250", "2020/21: 0\ntotal: -1.250"), "profile-total"),
    # 8.064 - 0 = 8.064, printed 9.064: £1.000m out
    "baseline": (_proposal("income: 0.600, net: 7.464", "income: 0, net: 9.064"), "net-mismatch"),
    # 1.5 + 0 = 1.5 FTE, printed 2.5
    "fte": (_proposal("", "", "fte: {2019/20: 1.5, 2020/21: 0}\nfte_total: 2.5\n"), "fte-total"),
    # 0.100 + 0 = 0.100, printed 1.100
    "investment": (_proposal("", "", "investment: {2019/20: 0.100, 2020/21: 0}\ninvestment_total: 1.100\n"),
                   "investment-total"),
    # a table in £m: 0.250 + 0 = 0.250, printed 1.250
    "table": (_proposal("", "", """\
tables:
  - caption: Savings by part
    unit: m
    columns: [Part, "2019/20"]
    rows:
      - [Staff, "0.250"]
      - [Buildings, "0"]
    total: [Total, "1.250"]
"""), "table-total"),
    # a report's Markdown table in £m: 3.400 + 0 = 3.400, printed 4.400
    "report table": ({"reports/mtfs.md": """\
---
title: MTFS
committee: budget
date: 2018-01-15
---
Numbers:

|  | A £m |
|---|---:|
| 2014/15 | 3.400 |
| 2015/16 | 0 |
|  | **4.400** |
"""}, "table-total"),
}


@pytest.mark.parametrize("case", BARE_ZERO)
def test_a_bare_zero_does_not_make_a_whole_unit_the_tolerance(content, case):
    files, code = BARE_ZERO[case]
    assert code in codes(_findings(content, files))


@pytest.mark.parametrize("case", BARE_ZERO)
def test_the_same_sums_within_one_unit_of_their_places_still_agree(content, case):
    """The figures with places still set a tolerance of one unit in their last place."""
    files, _code = BARE_ZERO[case]
    within = {name: text.replace("-1.250", "-0.251").replace("net: 9.064", "net: 8.065")
              .replace("fte_total: 2.5", "fte_total: 1.6").replace("investment_total: 1.100", "investment_total: 0.101")
              .replace('"1.250"', '"0.251"').replace("**4.400**", "**3.401**") for name, text in files.items()}
    assert within != files
    assert _findings(content, within) == []


def test_whole_numbers_alone_keep_a_tolerance_of_one_unit(content):
    """A paper in pounds, every figure whole: £1 is the rounding, a bare 0 included."""
    table = """\
tables:
  - caption: In pounds
    unit: pounds
    columns: [Part, "2019/20"]
    rows:
      - [Staff, "1,224,000"]
      - [Buildings, "0"]
    total: [Total, "{total}"]
"""
    assert _findings(content, _proposal("", "", table.format(total="1,224,001"))) == []
    assert codes(_findings(content, _proposal("", "", table.format(total="1,224,002")))) == ["table-total"]


# -- E08: open data that no spreadsheet runs, whatever separator it splits on -----------------

FORMULAS = {
    "title": "Reduce costs;=2+5;",
    "service": "Waste,+1+1",
    "directorate": "Place\t@SUM(1,2)",
    "second title": 'Cut "this"; -3+4\n=HYPERLINK("http://evil.example")',
}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def formula_site(tmp_path_factory):
    from scrutinypack.builder import build

    from .conftest import COMMITTEE, SITE, write_content

    root = tmp_path_factory.mktemp("formulas")
    quoted = {name: json.dumps(text) for name, text in FORMULAS.items()}
    first = (PROPOSAL.replace("title: Reduce waste", f"title: {quoted['title']}")
             .replace("service: Waste", f"service: {quoted['service']}\ndirectorate: {quoted['directorate']}"))
    second = PROPOSAL.replace("ref: SC001", "ref: SC002").replace("title: Reduce waste",
                                                                  f"title: {quoted['second title']}")
    content = write_content(root / "content", {"site.yaml": SITE, "committees/budget.yaml": COMMITTEE,
                                               "proposals/sc001.yaml": first, "proposals/sc002.yaml": second})
    build(content, root / "site")
    return root / "site" / "data"


@pytest.mark.parametrize("separator", [",", ";", "\t"])
@pytest.mark.parametrize("quoting", [csv.QUOTE_MINIMAL, csv.QUOTE_NONE], ids=["quotes", "no quotes"])
def test_no_cell_of_the_csv_starts_a_formula_whatever_the_separator(formula_site, separator, quoting):
    text = (formula_site / "proposals.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator, quoting=quoting))
    cells = [cell.lstrip(' "') for row in rows for cell in row]
    assert len(rows) >= 3 and any("SC002" in cell for cell in cells)
    assert [cell for cell in cells if cell.startswith(FORMULA_START)] == []


def test_the_csv_quotes_text_keeps_figures_as_numbers_and_the_json_keeps_text(formula_site):
    text = (formula_site / "proposals.csv").read_text(encoding="utf-8")
    header, first, second = list(csv.reader(io.StringIO(text, newline="")))
    row = dict(zip(header, first))
    assert row["title"] == "Reduce costs;'=2+5;" and row["service"] == "Waste,'+1+1"
    assert row["directorate"] == "Place\t'@SUM(1,2)" and row["total_saving"] == "250000"
    assert dict(zip(header, second))["title"] == 'Cut "this"; \'-3+4\n\'=HYPERLINK("http://evil.example")'
    assert text.splitlines()[1].startswith('"SC001","Reduce costs;')
    assert ',250000,' in text and ',"250000",' not in text   # a figure is a number, never quoted
    data = json.loads((formula_site / "proposals.json").read_text(encoding="utf-8"))
    assert [(p["title"], p["service"]) for p in data["proposals"]] == [
        (FORMULAS["title"], FORMULAS["service"]), (FORMULAS["second title"], "Waste")]


# -- D12, D16: figures and dates beyond what can be computed are messages, not tracebacks ---------

def _refused_by_check_and_build(root, tmp_path, capsys, where: str, what: str) -> None:
    from scrutinypack.cli import main

    for command in (["check"], ["build", "--out", str(tmp_path / "site")]):
        assert main([*command, "--content", str(root)]) == 2
        said = "".join(capsys.readouterr())
        assert f"{where}: error: " in said and what in said and "Traceback" not in said
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("year, total", [("-12345678901234567890123456789", "-0.250"),
                                         ("-0.250", "-12345678901234567890123456789.250"),
                                         ("-0.2500000000000000000000000001", "-0.250")])
def test_a_figure_of_29_digits_is_reported_with_its_line(content, tmp_path, capsys, year, total):
    text = PROPOSAL.replace("2019/20: -0.250", f"2019/20: {year}").replace("total: -0.250", f"total: {total}")
    line = 9 if year != "-0.250" else 11
    _refused_by_check_and_build(content({"proposals/sc001.yaml": text}), tmp_path, capsys,
                                f"proposals/sc001.yaml:{line}", "has more digits than a figure can have")


def test_a_meeting_in_the_year_9999_is_reported_with_its_line(content, tmp_path, capsys):
    from .conftest import COMMITTEE

    committee = COMMITTEE.replace("date: 2018-01-15", "date: 9999-12-31")
    _refused_by_check_and_build(content({"committees/budget.yaml": committee}), tmp_path, capsys,
                                "committees/budget.yaml:3", "meeting date '9999-12-31' is not a date")
