"""Every arithmetic and consistency check, each with a stable code: a proposal's and a
summary's here, a table's in checks_tables.py, the links' in checks_links.py, a delivery
report's in checks_monitoring.py.

Two figures agree when they differ by no more than one unit in the last decimal place
written; where several printed figures meet, the coarsest of those written with decimal
places sets the tolerance (a bare 0 or a whole number beside them sets none).
The checks report, they never change a figure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from .checks_common import CODES as NOT_CHECKED_CODES
from .checks_common import Checked, given, not_checked, shown, shown_plain, sum_of
from .checks_links import CODES as LINK_CODES
from .checks_links import broken_links
from .checks_monitoring import CODES as DELIVERY_CODES
from .checks_tables import CODES as TABLE_CODES
from .checks_tables import check_table
from .content.kept import conforms
from .content.stored import Stored
from .model import AgendaItem, Percentage, Profile, Proposal, Site, Table
from .money import Amount, agree, from_pounds, tolerance_of
from .problems import Problem

if TYPE_CHECKING:
    from .summaries import SummaryTable

#: What a proposal's findings are kept with between runs of a live preview: the record,
#: the settings of site.yaml they were made under, and the findings.
Memo = dict[int, tuple[Proposal, tuple[tuple[str, ...], bool], "Checked"]]

# code: (severity, what it means) — the list is published on the checks page.
CODES = {
    "profile-total": ("error", "a stated total is not the sum of its years"),
    "fte-total": ("error", "the FTE total is not the sum of its years"),
    "investment-total": ("error", "the investment total is not the sum of its years"),
    "items-total": ("error", "a proposal's figures are not the sums of its sub-items"),
    "net-mismatch": ("error", "gross − income is not the net budget"),
    "income-negative": ("warning", "income is written as a negative number"),
    "percent-mismatch": ("error", "a stated percentage is not part ÷ whole"),
    **TABLE_CODES,
    "summary-total": ("error", "a summary's printed total is not the sum of its proposals"),
    "year-not-in-site": ("error", "a profile year is not one of site.yaml's years"),
    "start-year-outside-profile": ("warning", "the start year is not a year of the profile"),
    "figure-before-start": ("warning", "the profile has a figure before the start year"),
    "saving-exceeds-budget": ("warning", "a saving is larger than the budget it comes from"),
    "saving-is-cost": ("warning", "a 'saving' that is really a cost"),
    **LINK_CODES,
    **NOT_CHECKED_CODES,
    **DELIVERY_CODES,
}


def run_checks(
    site: Site,
    asset_paths: Iterable[str] = frozenset(),
    memo: Memo | None = None,
    stored: Stored | None = None,
) -> Checked:
    """Every finding of the site, in order. ``memo`` (kept between calls by a live preview)
    holds each proposal's own findings: a record read again unchanged is the same object;
    ``stored`` those of a build in another process, by the text each record was read from."""
    checked = Checked()
    years = tuple(site.config.years)
    for proposal in site.proposals:
        kept = memo.get(id(proposal)) if memo is not None else None
        settings = (years, proposal.cumulative)  # what site.yaml tells the checks of a record
        if kept is None or kept[0] is not proposal or kept[1] != settings:
            kept = (proposal, settings, _stored_proposal(proposal, list(years), stored))
            if memo is not None:
                memo[id(proposal)] = kept
        checked.add(kept[2])
    if memo is not None:  # forget the records that are gone or were read again
        for key in memo.keys() - {id(p) for p in site.proposals}:
            del memo[key]
    for committee in site.committees:
        for meeting in committee.meetings:
            for item in meeting.agenda:
                if item.table is not None:
                    checked.add(_summary(item, item.table))
    for report in site.reports:
        for table in report.tables + report.body_tables:
            checked.add(check_table(table, ""))
    checked.findings += broken_links(site, asset_paths, stored)
    checked.findings = sorted(set(checked.findings))
    return checked


def _stored_proposal(proposal: Proposal, years: list[str], stored: Stored | None) -> Checked:
    """A proposal's own findings: as a build in another process found them, when the record
    was read from the same text and site.yaml gives the same years and basis."""
    stamp = stored.stamps.get(proposal.file) if stored is not None else None
    if stored is None or stamp is None:
        return _proposal(proposal, years)
    stamp = f"{stamp} {' '.join(years)} {proposal.cumulative}"
    kept = stored.get("findings", proposal.file, stamp)
    if kept is not None and conforms(kept, tuple[list[Problem], int]):
        return Checked(*kept)
    checked = _proposal(proposal, years)
    stored.put("findings", proposal.file, stamp, (checked.findings, checked.made))
    return checked


def _find(code: str, file: str, line: int, message: str, ref: str = "", subject: str = "") -> Problem:
    return Problem(file, line, code, message, CODES[code][0], ref, subject)


def _compare_total(
    code: str,
    p: Proposal,
    stated: Amount | None,
    parts: Profile,
    unit: str,
    subject: str,
    what: str,
    line: int,
    show: Callable[[Amount], str] | None = None,
) -> Checked:
    show = show or shown
    if stated is None or not stated.is_figure or not parts.years or parts.unreadable:
        return Checked()  # nothing printed to check; or a year unread, already reported
    missing = [given(year, f) for year, f in parts.years.items() if not f.is_figure]
    if missing:
        return Checked([not_checked(p.file, line, f"{what}, {show(stated)},", missing, p.ref, subject)])
    figures = list(parts.years.values())
    computed = sum_of(figures, stated.unit if stated.unit in ("pounds", "k", "m") else unit)
    if agree(computed.pounds(), stated.pounds(), tolerance_of(stated, *figures)):
        return Checked(made=1)
    difference = from_pounds(abs(stated.pounds() - computed.pounds()), stated.unit, stated.places)
    return Checked(
        [
            _find(
                code,
                p.file,
                line,
                (
                    f"{what} is printed as {show(stated)} but its years add up to {show(computed)}, "
                    f"a difference of {show(difference)}"
                ),
                p.ref,
                subject,
            )
        ],
        1,
    )


def _proposal(p: Proposal, site_years: list[str]) -> Checked:
    checked = Checked()
    out = checked.findings
    profile = p.profile
    if profile and not p.derived and not p.cumulative:
        checked.add(
            _compare_total(
                "profile-total", p, p.total, profile, p.unit, "total", "the total", p.line_of("total")
            )
        )
    for code, blocks, unit, subject, what, show in (
        ("fte-total", p.fte, "pounds", "fte", "FTE", shown_plain),
        ("investment-total", p.investment, p.unit, "investment", "investment", shown),
    ):
        for block in blocks:
            name = f"the {what} total" + (f" ({block.label})" if block.label else "")
            checked.add(
                _compare_total(code, p, block.total, block.profile, unit, subject, name, block.line, show)
            )
    checked.add(_baseline(p))
    checked.add(_items(p))
    for pct in p.percentages:
        checked.add(_percentage(p, pct))
    if profile:
        for year, line in profile.lines.items():
            if site_years and year not in site_years:
                out.append(
                    _find(
                        "year-not-in-site",
                        p.file,
                        line,
                        f"the year {year} is not one of site.yaml's years "
                        f"({', '.join(site_years)}): add it there, or correct the year",
                        p.ref,
                        "profile",
                    )
                )
        if p.start_year and profile.years:
            if p.start_year not in profile.years:
                out.append(
                    _find(
                        "start-year-outside-profile",
                        p.file,
                        p.line_of("start_year"),
                        f"the start year {p.start_year} is not one of the profile's years "
                        f"({', '.join(profile.years)})",
                        p.ref,
                        "start_year",
                    )
                )
            else:
                early = [
                    y
                    for y, a in profile.years.items()
                    if y < p.start_year and a.value is not None and a.value != 0
                ]
                if early:
                    out.append(
                        _find(
                            "figure-before-start",
                            p.file,
                            profile.lines[early[0]],
                            f"the profile has {shown(profile.years[early[0]])} in {early[0]}, "
                            f"before the start year {p.start_year}",
                            p.ref,
                            "profile",
                        )
                    )
    for table_index, table in enumerate(_tables_of(p), start=1):
        checked.add(check_table(table, p.ref, f"table:{table_index}"))
    saving = p.total_saving()
    if saving is not None and saving.value is not None and saving.value < 0:
        out.append(
            _find(
                "saving-is-cost",
                p.file,
                p.line_of("total" if p.total else "profile"),
                f"the total is {shown(p.total or saving)}, which in this record's "
                f"convention ({_convention(p)}) is a cost, not a saving",
                p.ref,
                "total",
            )
        )
    # A budget of nothing or less (a service that earns more than it spends) is not one a
    # saving can exceed: such savings are new income, so the comparison says nothing.
    baseline = p.baseline
    budget = (baseline.net or baseline.gross) if baseline else None
    if (
        baseline
        and saving is not None
        and saving.value is not None
        and budget
        and budget.value is not None
        and budget.value > 0
        and saving.value > 0
        and saving.pounds() > budget.pounds() + budget.tolerance()
    ):
        out.append(
            _find(
                "saving-exceeds-budget",
                p.file,
                p.line_of("baseline"),
                f"the saving of {shown(saving)} is larger than the budget it comes from "
                f"({shown(budget)}{' net' if baseline.net else ' gross'})",
                p.ref,
                "baseline",
            )
        )
    return checked


def _convention(p: Proposal) -> str:
    return (
        "budget change: a saving is negative"
        if p.profile and p.profile.convention == "budget_change"
        else "savings: a saving is positive"
    )


def _tables_of(p: Proposal) -> list[Table]:
    return [t for s in p.sections for t in s.tables] + p.tables


def _baseline(p: Proposal) -> Checked:
    b = p.baseline
    if b is None:
        return Checked()
    checked = Checked()
    out = checked.findings
    if b.income is not None and b.income.value is not None and b.income.value < 0:
        out.append(
            _find(
                "income-negative",
                p.file,
                p.line_of("baseline"),
                f"income is written as {shown(b.income)}; income is subtracted by its "
                "size, so write it as a positive figure as printed papers do",
                p.ref,
                "baseline",
            )
        )
    if b.gross is None or b.income is None or b.net is None:
        return checked
    gross, income, net = b.gross, b.income, b.net
    figures = {"gross": gross, "income": income, "net": net}
    if all(f.is_figure for f in figures.values()):
        checked.made += 1
        computed = gross.pounds() - abs(income.pounds())
        if not agree(computed, net.pounds(), tolerance_of(*figures.values())):
            made = sum_of([gross, income.negated() if income.pounds() > 0 else income], net.unit)
            difference = from_pounds(abs(made.pounds() - net.pounds()), net.unit, net.places)
            out.append(
                _find(
                    "net-mismatch",
                    p.file,
                    p.line_of("baseline"),
                    f"gross {shown(gross)} − income {shown(income)} is {shown(made)}, "
                    f"but the net budget is printed as {shown(net)}, a difference of "
                    f"{shown(difference)}",
                    p.ref,
                    "baseline",
                )
            )
    else:
        out.append(
            not_checked(
                p.file,
                p.line_of("baseline"),
                "gross − income = net",
                [given(f"the {name}", f) for name, f in figures.items() if not f.is_figure],
                p.ref,
                "baseline",
            )
        )
    return checked


def _items(p: Proposal) -> Checked:
    checked = Checked()
    if not p.items or p.derived:
        return checked
    item_profiles = [i.profile for i in p.items if i.profile]
    if p.profile:
        for year, stated in p.profile.years.items():
            parts = [ip.years.get(year) for ip in item_profiles]
            checked.add(
                _sum_check(
                    p,
                    "items-total",
                    stated,
                    parts,
                    p.profile.lines.get(year, p.line),
                    f"{year} of the proposal",
                    "profile",
                )
            )
    if p.full_year is not None:
        checked.add(
            _sum_check(
                p,
                "items-total",
                p.full_year,
                [i.full_year for i in p.items],
                p.line_of("full_year"),
                "the full-year effect",
                "full_year",
            )
        )
    return checked


def _sum_check(
    p: Proposal,
    code: str,
    stated: Amount | None,
    parts: list[Amount | None],
    line: int,
    what: str,
    subject: str,
) -> Checked:
    written = [x for x in parts if x is not None]
    if stated is None or not stated.is_figure or len(written) < len(parts):
        return Checked()
    missing = [given(f"sub-item {index}", x) for index, x in enumerate(written, 1) if not x.is_figure]
    if missing:
        return Checked([not_checked(p.file, line, f"{what}, {shown(stated)},", missing, p.ref, subject)])
    computed = sum_of(written, stated.unit)
    if agree(computed.pounds(), stated.pounds(), tolerance_of(stated, *written)):
        return Checked(made=1)
    return Checked(
        [
            _find(
                code,
                p.file,
                line,
                f"{what} is printed as {shown(stated)} but its sub-items add up to {shown(computed)}",
                p.ref,
                subject,
            )
        ],
        1,
    )


def _percentage(p: Proposal, pct: Percentage) -> Checked:
    if not (pct.part.is_figure and pct.whole.is_figure):
        return Checked(
            [
                not_checked(
                    p.file,
                    pct.line,
                    f"the percentage {pct.stated.text}",
                    [
                        given(f"the {name}", f)
                        for name, f in (("part", pct.part), ("whole", pct.whole))
                        if not f.is_figure
                    ],
                    p.ref,
                    "percentages",
                )
            ]
        )
    if pct.whole.value == 0:
        return Checked(
            [
                _find(
                    "percent-mismatch",
                    p.file,
                    pct.line,
                    f"{pct.stated.text} is stated as a share of {shown(pct.whole)}, which is zero",
                    p.ref,
                    "percentages",
                )
            ],
            1,
        )
    computed = pct.part.pounds() / pct.whole.pounds() * 100
    if agree(computed, pct.stated.pounds(), pct.stated.tolerance()):
        return Checked(made=1)
    worked_out = f"{computed:.{pct.stated.places + 1}f}%"
    return Checked(
        [
            _find(
                "percent-mismatch",
                p.file,
                pct.line,
                f"{pct.stated.text} is stated, but {shown(pct.part)} of {shown(pct.whole)} is {worked_out}",
                p.ref,
                "percentages",
            )
        ],
        1,
    )


def _summary(item: AgendaItem, table: SummaryTable) -> Checked:
    checked = Checked()
    out = checked.findings
    for column, stated in table.printed_total.items():
        computed = table.total.get(column)
        if computed is None or computed.amount is None or not stated.is_figure:
            continue
        parts = [table.figure(p, column) for p in item.proposals]
        figures = [x for x in parts if x is not None and x.is_figure]
        checked.made += 1
        if not agree(computed.amount.pounds(), stated.pounds(), tolerance_of(stated, *figures)):
            label = "full year" if column == "full_year" else column
            out.append(
                _find(
                    "summary-total",
                    item.file,
                    item.line_of("summary"),
                    (
                        f"the printed total for {label} in '{item.title}' is {shown(stated)} but its "
                        f"proposals add up to {shown(computed.amount)}"
                    ),
                )
            )
    return checked
