"""Savings delivery reports (1.2) that add up, for the tests of their checks, pages, packs and
starter: a second proposal beside the content fixture's, and a report on both."""

from __future__ import annotations

from .content import PROPOSAL

SECOND = (
    PROPOSAL.replace("SC001", "SC002").replace("Reduce waste", "Close a depot").replace("-0.250", "-0.100")
)

# SC001 plans 0.250 in 2019/20 (budget_change -0.250); SC002 plans 0.100.
REPORT = """\
title: Savings delivery 2019/20, quarter 2
as_at: 2019-09-30
year: 2019/20
committee: budget
meeting: 2018-01-15
unit: m
savings:
  SC001:
    target: 0.250
    delivered: 0.180
    forecast: 0.050
    shortfall: 0.020
    rag: amber
  SC002:
    target: 0.100
    delivered: 0.040
    forecast: 0.060
    shortfall: 0.000
    rag: green
total:
  target: 0.350
  delivered: 0.220
  forecast: 0.110
  shortfall: 0.020
"""
