"""Shared fixtures: small content folders written inline, named for what they show."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from scrutinypack.build.builder import build

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "tests" / "fixtures" / "seeds"   # the seed papers, kept in the repository
BROWSE = ROOT / "tests" / "fixtures" / "browse"   # every kind of page, small

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


@pytest.fixture
def content(tmp_path):
    """A valid little content folder; pass overrides to change or add files."""

    def make(files: dict[str, str] | None = None, *, base: bool = True) -> Path:
        everything = {"site.yaml": SITE, "proposals/sc001.yaml": PROPOSAL,
                      "committees/budget.yaml": COMMITTEE} if base else {}
        everything.update(files or {})
        root = tmp_path / "content"
        return write_content(root, {k: v for k, v in everything.items() if v is not None})

    return make


@pytest.fixture(scope="session")
def browse_site(tmp_path_factory) -> Path:
    """The small complete site of tests/fixtures/browse, built once for the tests that read it."""
    out = tmp_path_factory.mktemp("browse") / "site"
    build(BROWSE, out)
    return out


def codes(problems) -> list[str]:
    return [p.code for p in problems]
