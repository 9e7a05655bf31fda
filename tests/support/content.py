"""Small content folders written inline, named for what they show, and the places of the repository the tests read."""

from __future__ import annotations

import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the repository


SEEDS = ROOT / "tests" / "fixtures" / "seeds"  # the seed papers, kept in the repository


BROWSE = ROOT / "tests" / "fixtures" / "browse"  # every kind of page, small


SITE = """\
council: Test Council
title: Savings proposals
unit: m
years: [2019/20, 2020/21]
accessibility: {contact: access@example.org, prepared: 2018-09-01, reviewed: 2018-09-01, compliance: fully}
"""


PROPOSAL = """\
ref: SC001
title: Reduce waste
service: Waste
committees: [budget]
status: proposed
start_year: 2019/20
baseline: {year: 2018/19, gross: 8.064, income: 0.600, net: 7.464}
budget_change:
  2019/20: -0.250
  2020/21: 0.000
total: -0.250
"""


COMMITTEE = """\
name: Budget Scrutiny
meetings:
  - date: 2018-01-15
    title: Savings
    agenda:
      - title: Option forms
        proposals: [SC001]
        summary: {group_by: service}
"""


def write_content(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def codes(problems) -> list[str]:
    return [p.code for p in problems]


def edit(root: Path, file: str, before: str, after: str) -> None:
    """Change ``before`` to ``after`` in a content file, as a clerk's edit (it must be there)."""
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert before in text
    path.write_text(text.replace(before, after), encoding="utf-8")
