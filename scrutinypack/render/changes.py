"""What changed between two publications: proposals new, changed and withdrawn, each
difference in words and numbers, and the net effect on the totals per year and per service.

Figures are compared as savings (a saving positive, whichever way the paper printed them)
and by value, so 0.250 and 0.25 are the same figure; the words say what a resident would:
"total saving changed from £0.250m to £0.400m, +£0.150m". A proposal is withdrawn when it
leaves the publications or its status becomes withdrawn. Fields too long to quote are
"revised". Nothing here formats HTML: the pages, the packs and the feeds share these words.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..content.publications import Publication
from ..content.validate import PROPOSAL_FIELDS
from ..model import NO_SERVICE, Proposal, Summary, natural_key
from ..money import Amount, format_amount, total_of
from ..summaries import Sum, default_columns, summarise
from .labels import STATUS_LABELS

NEW, CHANGED, WITHDRAWN = "new", "changed", "withdrawn"

#: Fields whose changes are told in figures or quoted values (see :func:`differences`).
TOLD = {
    "ref",
    "status",
    "title",
    "service",
    "directorate",
    "committees",
    "start_year",
    "owner",
    "project_code",
    "unit",
    "profile_basis",
    "budget_change",
    "savings",
    "total",
    "full_year",
}
#: The other fields, named for a resident when they are revised.
REVISED = {
    "baseline": "budget",
    "description": "description",
    "decisions": "decisions needed",
    "impact": "impact",
    "actions": "actions needed",
    "consultation": "consultation",
    "risks": "risks and mitigation",
    "equality": "equality analysis",
    "reported": "where it has been reported",
    "sections": "the business case",
    "tables": "tables",
    "notes": "notes",
    "facts": "other details",
    "other_refs": "other refs it covers",
    "items": "parts of the proposal",
    "percentages": "percentages",
    "profile_note": "note on the figures",
    "fte": "staffing (FTE)",
    "fte_total": "staffing (FTE)",
    "fte_note": "staffing (FTE)",
    "investment": "investment (invest to save)",
    "investment_total": "investment (invest to save)",
    "investment_note": "investment (invest to save)",
}


@dataclass(frozen=True)
class Difference:
    subject: str  # "total saving", "saving in 2019/20", "status", "impact"
    before: str = ""  # as shown to people; "" when not given
    after: str = ""
    change: str = ""  # for two figures: the difference, signed ("+£0.150m")
    revised: bool = False  # words too long to quote
    key: str = ""  # the field of the record it comes from

    def words(self) -> str:
        if self.revised:
            return f"{self.subject} revised"
        if self.before and self.after:
            return f"{self.subject} changed from {self.before} to {self.after}" + (
                f", {self.change}" if self.change else ""
            )
        if self.after:
            return f"{self.subject} now given as {self.after}"
        return f"{self.subject} no longer given (was {self.before})"


@dataclass
class ProposalChange:
    ref: str
    kind: str  # new | changed | withdrawn
    before: Proposal | None  # None: not in the earlier publication
    after: Proposal | None  # None: not in the later one
    differences: list[Difference] = field(default_factory=list)

    @property
    def proposal(self) -> Proposal:
        return self.after or self.before

    @property
    def services(self) -> list[str]:
        """The service before and after: a move concerns the followers of both."""
        return list(dict.fromkeys((p.service or NO_SERVICE) for p in (self.before, self.after) if p))

    def words(self) -> str:
        if self.kind == NEW:
            return f"new: {state(self.after)}"
        if self.after is None:
            return f"withdrawn: no longer among the published proposals (was {state(self.before)})"
        return "; ".join(d.words() for d in self.differences)


@dataclass(frozen=True)
class Movement:
    """A total before and after: of a year's column (or the total), or of a service."""

    key: str  # a year, "total", or a service's name
    before: Amount | None
    after: Amount | None
    change: Amount | None  # after − before, when both are figures
    partial: bool = False  # some proposals give no figure there (N/A, TBC)

    @property
    def changed(self) -> bool:
        return not _same(self.before, self.after)


@dataclass
class Changes:
    """One publication against the one before it (``before`` is None for the first)."""

    before: Publication | None
    after: Publication
    proposals: list[ProposalChange]
    by_year: list[Movement]  # the site's columns: years, then the total
    by_service: list[Movement]  # the services whose total saving moved

    def of(self, kind: str) -> list[ProposalChange]:
        return [c for c in self.proposals if c.kind == kind]

    @property
    def period(self) -> str:
        return between(self.before.date if self.before else None, self.after.date)


def compare(before: Publication | None, after: Publication, refs: set[str] | None = None) -> Changes:
    """What changed from ``before`` to ``after``, for every proposal or only ``refs``."""
    old = before.by_ref if before else {}
    new = after.by_ref
    chosen = sorted((set(old) | set(new)) if refs is None else (set(old) | set(new)) & refs, key=natural_key)
    found = []
    for ref in chosen:
        a, b = old.get(ref), new.get(ref)
        if a is None:
            found.append(ProposalChange(ref, NEW, None, b))
        elif b is None:
            found.append(ProposalChange(ref, WITHDRAWN, a, None))
        elif a is not b and (
            diffs := differences(a, b, before.fields.get(ref, {}), after.fields.get(ref, {}))
        ):
            kind = WITHDRAWN if b.status == "withdrawn" and a.status != "withdrawn" else CHANGED
            found.append(ProposalChange(ref, kind, a, b, diffs))
    olds = [p for p in (before.proposals if before else []) if refs is None or p.ref in refs]
    news = [p for p in after.proposals if refs is None or p.ref in refs]
    years = list(after.config.years) + [
        y for y in (before.config.years if before else []) if y not in after.config.years
    ]
    by_year, by_service = _effect(olds, news, sorted(years), after.config.unit)
    return Changes(before, after, found, by_year, by_service)


def differences(a: Proposal, b: Proposal, fields_a: dict, fields_b: dict) -> list[Difference]:
    """Every difference between two states of one proposal, the figures first."""
    out = _value(
        "status", STATUS_LABELS.get(a.status, a.status), STATUS_LABELS.get(b.status, b.status), "status"
    )
    out += _figure("total saving", a.total_saving(), b.total_saving(), "total")
    years_a, years_b = a.saving_by_year(), b.saving_by_year()
    for year in sorted(set(years_a) | set(years_b)):
        out += _figure(f"saving in {year}", years_a.get(year), years_b.get(year), "budget_change")
    out += _figure("full year effect", a.full_year_saving(), b.full_year_saving(), "full_year")
    for name, subject in (("gross", "gross budget"), ("income", "income"), ("net", "net budget")):
        out += _figure(subject, getattr(a.baseline, name, None), getattr(b.baseline, name, None), "baseline")
    out += _value(
        "budget year",
        getattr(a.baseline, "year", None) or "",
        getattr(b.baseline, "year", None) or "",
        "baseline",
    )
    out += _value("title", _quoted(a.title), _quoted(b.title), "title")
    for name, subject in (
        ("service", "service"),
        ("directorate", "directorate"),
        ("start_year", "start year"),
        ("owner", "senior responsible officer"),
        ("project_code", "project code"),
    ):
        out += _value(subject, getattr(a, name) or "", getattr(b, name) or "", name)
    out += _value("committees", ", ".join(a.committees), ", ".join(b.committees), "committees")
    told = {d.key for d in out} | TOLD
    revised = dict.fromkeys(
        REVISED.get(key, key.replace("_", " "))
        for key in PROPOSAL_FIELDS
        if key not in told and fields_a.get(key) != fields_b.get(key)
    )
    return out + [Difference(subject, revised=True, key="") for subject in revised]


def state(p: Proposal) -> str:
    """A proposal in a few words: 'proposed, total saving £0.250m'."""
    status = STATUS_LABELS.get(p.status, "status not stated")
    total = p.total_saving()
    figure = f"total saving {format_amount(total)}" if total is not None else "no total given"
    return f"{status.lower()}, {figure}"


def between(before: dt.date | None, after: dt.date) -> str:
    """'between 15 January and 12 February 2019'; 'on 15 January 2019' with no before."""
    if before is None:
        return f"on {_day(after)}"
    first = f"{before.day} {before:%B}" if before.year == after.year else _day(before)
    return f"between {first} and {_day(after)}"


def signed(amount: Amount) -> str:
    """A difference with its sign always shown: +£0.150m, −£0.150m."""
    text = format_amount(amount)
    return "+" + text if amount.value is not None and amount.value > 0 else text


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _quoted(text: str) -> str:
    return f"“{text}”" if text else ""


def _value(subject: str, before: str, after: str, key: str) -> list[Difference]:
    return [] if before == after else [Difference(subject, before, after, key=key)]


def _figure(subject: str, before: Amount | None, after: Amount | None, key: str) -> list[Difference]:
    if _same(before, after):
        return []
    delta = _delta(before, after)
    return [
        Difference(
            subject,
            format_amount(before),
            format_amount(after),
            signed(delta) if delta is not None else "",
            key=key,
        )
    ]


def _delta(before: Amount | None, after: Amount | None) -> Amount | None:
    if before is None or after is None or not before.is_figure or not after.is_figure:
        return None
    return total_of([after, before.negated()], after.unit)


def _same(a: Amount | None, b: Amount | None) -> bool:
    if a is None or b is None:
        return a is b
    if a.is_figure and b.is_figure:
        return a.pounds() == b.pounds()
    return a.is_figure == b.is_figure and a.text.lower() == b.text.lower()


def _effect(
    old: list[Proposal], new: list[Proposal], years: list[str], unit: str
) -> tuple[list[Movement], list[Movement]]:
    """The totals before and after, as the site's summary tables add them up (every
    proposal, whatever its status), with a saving positive."""
    columns = default_columns(old + new, years)
    before_cols, before_services = _totals(old, columns, years, unit)
    after_cols, after_services = _totals(new, columns, years, unit)
    by_year = [_movement(c, before_cols[c], after_cols[c]) for c in columns]
    names = sorted(set(before_services) | set(after_services), key=str.lower)
    moved = (_movement(n, before_services.get(n, Sum(None)), after_services.get(n, Sum(None))) for n in names)
    return by_year, [m for m in moved if m.changed]


def _totals(
    proposals: list[Proposal], columns: list[str], years: list[str], unit: str
) -> tuple[dict[str, Sum], dict[str, Sum]]:
    table = summarise(proposals, Summary(group_by="service", columns=columns), years, unit)
    flip = table.convention == "budget_change"

    def saving(total: Sum) -> Sum:
        return Sum(total.amount.negated() if flip and total.amount else total.amount, total.partial)

    by_column = {c: saving(table.total[c]) for c in columns}
    by_service = {g.name: saving(g.subtotal["total"]) for g in table.groups} if "total" in columns else {}
    return by_column, by_service


def _movement(key: str, before: Sum, after: Sum) -> Movement:
    """A sum with no figures in it is nothing: a service's first proposal adds all of its
    total, and its last one withdrawn takes all of it away."""
    old, new = before.amount, after.amount
    change = _delta(old, new)
    if change is None and (old is None) != (new is None):
        change = new if old is None else old.negated()
    return Movement(key, old, new, change, before.partial or after.partial)
