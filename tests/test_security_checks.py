"""Issue 28: checks that passed in silence, open data a spreadsheet ran, templates that ran
code, and figures or dates that crashed the build instead of being reported."""
from __future__ import annotations

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
