"""Summary tables: proposals grouped, with subtotals per column and a grand total.

Used by the checks (against a paper's printed total row) and by every renderer, so the
figure on the page, in the PDF and in the findings is the same computation.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from .model import NO_SERVICE, Proposal, Summary
from .money import Amount, agree, in_unit, rounding_figures, total_of

#: A committee's name from its slug (None for a slug of no committee).
CommitteeName = Callable[[str], "str | None"]


@dataclass
class Sum:
    """A column total: the figure, and whether some parts were not stated (N/A, TBC)."""

    amount: Amount | None
    partial: bool = False


@dataclass
class Across:
    """A row whose years, added across, are not its total: the pages say so in words.

    ``reason`` is ``rounding`` (the printed figures were rounded one by one), ``partial``
    (some proposals give no figure for a year) or ``mismatch`` (a printed total is not the
    sum of its years: the checks report it)."""

    years: Amount
    total: Amount
    reason: str


@dataclass
class Group:
    name: str
    proposals: list[Proposal]
    subtotal: dict[str, Sum] = field(default_factory=dict)
    across: Across | None = None


@dataclass
class SummaryTable:
    columns: list[str]
    unit: str
    convention: str  # savings | budget_change: how figures are signed
    groups: list[Group]
    total: dict[str, Sum]
    printed_total: dict[str, Amount]
    across: Across | None = None  # the grand total row's, if its years do not add up to it

    def figure(self, proposal: Proposal, column: str) -> Amount | None:
        """A proposal's figure for a column, signed and expressed as the table shows it."""
        return in_unit(column_figure(proposal, column, self.convention), self.unit)

    @property
    def years(self) -> list[str]:
        return [c for c in self.columns if c not in ("total", "full_year")]

    def proposal_across(self, proposal: Proposal) -> Across | None:
        """A proposal's row: its printed years against its printed total."""
        cells = {c: Sum(self.figure(proposal, c)) for c in self.columns}
        return self._across(cells, [proposal])

    def _across(self, cells: dict[str, Sum], members: list[Proposal]) -> Across | None:
        """Whether the row's year cells add up to its total cell. Only asked of a row that
        shows every year of its proposals, none of them running positions."""
        if (
            "total" not in self.columns
            or not self.years
            or any(p.cumulative or not set(p.saving_by_year()) <= set(self.years) for p in members)
        ):
            return None
        printed = [f for p in members for c in self.years + ["total"] if (f := self.figure(p, c)) is not None]
        return across(
            [cells[c].amount for c in self.years],
            cells["total"].amount,
            self.unit,
            printed,
            any(cells[c].partial for c in self.columns),
        )


def across(
    years: Sequence[Amount | None],
    total: Amount | None,
    unit: str,
    printed: list[Amount],
    partial: bool = False,
) -> Across | None:
    """Whether ``years`` add up to ``total``, and if not, why not. Each of the ``printed``
    figures they come from may be one unit out in its last place: the row may be out by all."""
    figures = [f for f in years if f is not None and f.is_figure]
    if total is None or not total.is_figure or len(figures) < len(years):
        return None
    added = total_of(figures, unit)
    if added is None or added.pounds() == total.pounds():
        return None
    if partial:
        return Across(added, total, "partial")
    slack = sum((f.tolerance() for f in rounding_figures(printed)), Decimal(0))
    return Across(added, total, "rounding" if agree(added.pounds(), total.pounds(), slack) else "mismatch")


def profile_across(proposal: Proposal) -> Across | None:
    """A proposal's own row of years and its printed total, as its page shows them."""
    profile, total = proposal.profile, proposal.total
    if profile is None or total is None or not profile.years or proposal.cumulative or proposal.derived:
        return None
    years = list(profile.years.values())
    return across(
        years, total, total.unit if total.unit in ("pounds", "k", "m") else proposal.unit, years + [total]
    )


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


def summarise(
    proposals: list[Proposal],
    spec: Summary | None,
    years: list[str],
    site_unit: str,
    committee_of: CommitteeName | None = None,
) -> SummaryTable:
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
        group.subtotal = {c: _sum([column_figure(p, c, convention) for p in members], unit) for c in columns}
        group.across = table._across(group.subtotal, members)
        table.groups.append(group)
    table.total = {c: _sum([column_figure(p, c, convention) for p in proposals], unit) for c in columns}
    table.across = table._across(table.total, proposals)
    return table


def _group_name(proposal: Proposal, group_by: str, committee_of: CommitteeName | None) -> str:
    if group_by == "none":
        return ""
    if group_by == "committee":
        if not proposal.committees or not committee_of:
            return "No committee"
        name = committee_of(proposal.committees[0])
        return name if name is not None else proposal.committees[0]  # an unknown one: an error already
    value = getattr(proposal, group_by, "")
    return value or (NO_SERVICE if group_by == "service" else "Not stated")


def _sum(figures: list[Amount | None], unit: str) -> Sum:
    stated = [f for f in figures if f is not None and f.is_figure]
    if not stated:
        return Sum(None, bool(figures))
    return Sum(total_of(stated, unit), len(stated) != len(figures))
