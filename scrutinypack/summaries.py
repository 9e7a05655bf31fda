"""Summary tables: proposals grouped, with subtotals per column and a grand total.

Used by the checks (against a paper's printed total row) and by every renderer, so the
figure on the page, in the PDF and in the findings is the same computation.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .model import NO_SERVICE, Proposal, Summary
from .money import Amount, in_unit, total_of


@dataclass
class Sum:
    """A column total: the figure, and whether some parts were not stated (N/A, TBC)."""

    amount: Amount | None
    partial: bool = False


@dataclass
class Group:
    name: str
    proposals: list[Proposal]
    subtotal: dict[str, Sum] = field(default_factory=dict)


@dataclass
class SummaryTable:
    columns: list[str]
    unit: str
    convention: str               # savings | budget_change: how figures are signed
    groups: list[Group]
    total: dict[str, Sum]
    printed_total: dict[str, Amount]

    def figure(self, proposal: Proposal, column: str) -> Amount | None:
        """A proposal's figure for a column, signed and expressed as the table shows it."""
        return in_unit(column_figure(proposal, column, self.convention), self.unit)


def column_figure(proposal: Proposal, column: str, convention: str) -> Amount | None:
    """A proposal's figure for a summary column, signed in ``convention``."""
    if column == "total":
        figure = proposal.total_saving()
    elif column == "full_year":
        figure = proposal.full_year_saving()
    else:
        figure = proposal.saving_by_year().get(column)
    if figure is not None and convention == "budget_change":
        figure = figure.negated()
    return figure


def default_columns(proposals: list[Proposal], years: list[str]) -> list[str]:
    """The years any proposal uses, then the full-year effect if any states one, then the
    total where there is one: a sum of discrete years, or a printed total."""
    used = {y for p in proposals for y in p.saving_by_year()}
    columns = [y for y in years if y in used]
    if any(p.full_year is not None for p in proposals):
        columns.append("full_year")
    if not proposals or any(not p.cumulative or p.total is not None for p in proposals):
        columns.append("total")
    return columns


def summarise(proposals: list[Proposal], spec: Summary | None, years: list[str],
              site_unit: str, committee_of=None) -> SummaryTable:
    spec = spec or Summary()
    columns = spec.columns or default_columns(proposals, years)
    conventions = {p.profile.convention for p in proposals if p.profile}
    convention = conventions.pop() if len(conventions) == 1 else "savings"
    unit = spec.unit or site_unit
    groups: dict[str, list[Proposal]] = {}
    for proposal in proposals:
        groups.setdefault(_group_name(proposal, spec.group_by, committee_of), []).append(proposal)
    table = SummaryTable(columns, unit, convention, [], {}, spec.printed_total)
    for name, members in groups.items():
        group = Group(name, members)
        group.subtotal = {c: _sum([column_figure(p, c, convention) for p in members], unit)
                          for c in columns}
        table.groups.append(group)
    table.total = {c: _sum([column_figure(p, c, convention) for p in proposals], unit) for c in columns}
    return table


def _group_name(proposal: Proposal, group_by: str, committee_of) -> str:
    if group_by == "none":
        return ""
    if group_by == "committee":
        return committee_of(proposal.committees[0]) if proposal.committees and committee_of \
            else "No committee"
    value = getattr(proposal, group_by, "")
    return value or (NO_SERVICE if group_by == "service" else "Not stated")


def _sum(figures: list[Amount | None], unit: str) -> Sum:
    stated = [f for f in figures if f is not None and f.is_figure]
    if not stated:
        return Sum(None, bool(figures))
    return Sum(total_of(stated, unit), len(stated) != len(figures))
