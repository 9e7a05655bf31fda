"""The checks of savings delivery reports (content format 1.2), each with a stable code.

They report what the paper's figures say, beside them: they never stop a build. A figure
that is not stated (null, N/A, TBC, or not written) makes the sum that needs it "not
checked", never passed.
"""

from __future__ import annotations

from decimal import Decimal

from .delivery import COLUMNS, MonitoredSaving, MonitoringReport
from .model import Site
from .money import Amount, agree, format_amount, from_pounds, tolerance_of
from .problems import Problem

CODES = {
    "delivery-sum": ("error", "a saving's target is not delivered + forecast + shortfall"),
    "delivery-total": ("error", "a delivery report's printed total is not the sum of its column"),
    "target-moved": ("warning", "a delivery target differs from the proposal's own saving for the year"),
    "rating-contradicts": ("warning", "a red/amber/green/blue rating contradicts the figures"),
}
NOT_CHECKED = "not-checked"  # the code checks.py gives every sum that could not be made


def check_reports(site: Site) -> tuple[list[Problem], int]:
    """Every finding of the site's delivery reports, and how many sums were compared."""
    found: list[Problem] = []
    made = 0
    for report in site.monitoring:
        for saving in report.savings:
            for finding, compared in (_sum(report, saving), _target(report, saving)):
                found += [finding] if finding else []
                made += compared
            found += _rating(report, saving)
        for column in COLUMNS:
            finding, compared = _printed_total(report, column)
            found += [finding] if finding else []
            made += compared
    return found, made


def _find(
    code: str, report: MonitoringReport, line: int, message: str, ref: str = "", subject: str = ""
) -> Problem:
    severity = "info" if code == NOT_CHECKED else CODES[code][0]
    return Problem(report.file, line, code, message, severity, ref, subject)


def _missing(figures: dict[str, Amount | None]) -> list[str]:
    return [
        name if amount is None or amount.text.lower() == "null" else f"{name} ({amount.text})"
        for name, amount in figures.items()
        if amount is None or not amount.is_figure
    ]


def _given(figures: dict[str, Amount | None]) -> list[Amount]:
    """The figures, once ``_missing`` has found none of them missing."""
    return [amount for amount in figures.values() if amount is not None]


def _difference(a: Amount, b: Amount) -> Amount:
    return from_pounds(abs(a.pounds() - b.pounds()), a.unit, a.places)


def _sum(report: MonitoringReport, s: MonitoredSaving) -> tuple[Problem | None, int]:
    target = s.figure("target")
    if target is None:
        return None, 0  # no target written: reported as a missing field
    parts = {c: s.figure(c) for c in COLUMNS[1:]}
    line = s.line_of("target")
    named: dict[str, Amount | None] = {"target": target}
    if missing := _missing(named | parts):
        return _find(
            NOT_CHECKED,
            report,
            line,
            f"the target of {s.ref} could not be checked against "
            f"its parts: there is no figure for {', '.join(missing)}",
            s.ref,
        ), 0
    given = _given(parts)
    summed = sum((a.pounds() for a in given), Decimal(0))
    if agree(summed, target.pounds(), tolerance_of(target, *given)):
        return None, 1
    shown = from_pounds(summed, target.unit, target.places)
    return _find(
        "delivery-sum",
        report,
        line,
        (
            f"the target of {s.ref} is printed as {format_amount(target)} but delivered + forecast + "
            f"shortfall add up to {format_amount(shown)}, a difference of "
            f"{format_amount(_difference(target, shown))}"
        ),
        s.ref,
    ), 1


def _target(report: MonitoringReport, s: MonitoredSaving) -> tuple[Problem | None, int]:
    """The target against the proposal's own saving for the year, where it states one."""
    target, proposal = s.figure("target"), s.proposal
    planned = proposal.saving_by_year().get(report.year) if proposal is not None else None
    if target is None or planned is None:
        return None, 0
    line = s.line_of("target")
    if missing := _missing({"the report's target": target, "the proposal's saving": planned}):
        return _find(
            NOT_CHECKED,
            report,
            line,
            f"the target of {s.ref} could not be checked against the "
            f"proposal's saving for {report.year}: there is no figure for {', '.join(missing)}",
            s.ref,
        ), 0
    if agree(target.pounds(), planned.pounds(), tolerance_of(target, planned)):
        return None, 1
    moved = "more" if target.pounds() > planned.pounds() else "less"
    return _find(
        "target-moved",
        report,
        line,
        (
            f"the target of {s.ref}, {format_amount(target)}, differs from the proposal's own saving for "
            f"{report.year}, {format_amount(planned)}: the plan has moved, and the target is "
            f"{format_amount(_difference(target, planned))} {moved}"
        ),
        s.ref,
    ), 1


def _rating(report: MonitoringReport, s: MonitoredSaving) -> list[Problem]:
    shortfall, forecast = s.figure("shortfall"), s.figure("forecast")
    said = []
    if s.rag in ("green", "blue") and _above_zero(shortfall):
        said.append(f"a shortfall of {format_amount(shortfall)} is expected")
    if s.rag == "blue" and _above_zero(forecast):
        said.append(f"{format_amount(forecast)} is still forecast, not yet delivered")
    if s.rag == "red" and shortfall is not None and shortfall.is_figure and shortfall.value == 0:
        said.append("no shortfall is expected")
    if not said:
        return []
    return [
        _find(
            "rating-contradicts",
            report,
            s.line_of("rag"),
            f"{s.ref} is rated {s.rag} but {' and '.join(said)}",
            s.ref,
        )
    ]


def _above_zero(amount: Amount | None) -> bool:
    return amount is not None and amount.value is not None and amount.value > 0


def _printed_total(report: MonitoringReport, column: str) -> tuple[Problem | None, int]:
    printed = report.printed_total.get(column)
    if printed is None or not printed.is_figure:
        return None, 0
    line = report.total_lines[column]
    figures = {s.ref: s.figure(column) for s in report.savings}
    if missing := _missing(figures):
        return _find(
            NOT_CHECKED,
            report,
            line,
            f"the printed total {column}, {format_amount(printed)}, could "
            f"not be checked: there is no {column} figure for {', '.join(missing)}",
            subject="total",
        ), 0
    given = _given(figures)
    summed = sum((a.pounds() for a in given), Decimal(0))
    if agree(summed, printed.pounds(), tolerance_of(printed, *given)):
        return None, 1
    shown = from_pounds(summed, printed.unit, printed.places)
    return _find(
        "delivery-total",
        report,
        line,
        (
            f"the printed total {column} is {format_amount(printed)} but the {column} column adds up to "
            f"{format_amount(shown)}, a difference of {format_amount(_difference(printed, shown))}"
        ),
        subject="total",
    ), 1
