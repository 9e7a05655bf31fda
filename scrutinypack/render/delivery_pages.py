"""What the pages say of savings delivery (1.2): the latest position in words and figures,
and a saving's delivery over time as a small chart.

A position is worked out by the site from the rows of one report; a column with a figure
that is not stated has no sum, and the words say which saving lacks it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..delivery import COLUMNS, RAG_WORDS, MonitoredSaving, MonitoringReport, delivery_of
from ..model import Proposal, Site
from ..money import Amount, agree, format_amount, tolerance_of, total_of
from .charts import Bar, Chart

#: The words for each column, in the sentence "… of … delivered, … still expected …".
WORDS = {"delivered": "delivered", "forecast": "still expected", "shortfall": "not expected"}


@dataclass
class Position:
    report: MonitoringReport
    totals: dict[str, Amount | None]  # by column; None: a figure is not stated
    unstated: dict[str, list[str]] = field(default_factory=dict)  # column -> refs without a figure
    count: int = 0

    @property
    def words(self) -> str:
        """ "£0.180m of £0.250m delivered, £0.050m still expected, £0.020m not expected"."""
        target = self.totals["target"]
        parts = [f"{format_amount(self.totals[c])} {w}" for c, w in WORDS.items() if self.totals[c]]
        if not parts:
            return f"no figure of delivery is stated against {_shown(target)}"
        head = (
            parts[0]
            if not self.totals["delivered"]
            else f"{format_amount(self.totals['delivered'])} of {_shown(target)} delivered"
        )
        return ", ".join([head] + parts[1:])


def latest_position(site: Site, proposals: list[Proposal] | None = None) -> Position | None:
    """The latest report's position for ``proposals`` (every saving it reports when None)."""
    chosen = None if proposals is None else {id(p) for p in proposals}
    for report in reversed(site.monitoring):
        rows = [s for s in report.savings if chosen is None or id(s.proposal) in chosen]
        if rows:
            return _position(report, rows)
    return None


def _position(report: MonitoringReport, rows: list[MonitoredSaving]) -> Position:
    totals, unstated = {}, {}
    for column in COLUMNS:
        figures = [s.figure(column) for s in rows]
        missing = [s.ref for s, f in zip(rows, figures) if f is None or not f.is_figure]
        totals[column] = None if missing else total_of(figures, report.unit)
        if missing:
            unstated[column] = missing
    return Position(report, totals, unstated, len(rows))


def rounded_apart(report: MonitoringReport) -> list[tuple[str, Amount, Amount]]:
    """(column, printed, calculated) where the two agree only to the paper's rounding: the
    page says so in words, since its figures were rounded one by one."""
    found = []
    for column in COLUMNS:
        printed, calculated = report.printed_total.get(column), report.column_total(column)
        if printed is None or calculated is None or not printed.is_figure:
            continue
        figures = [printed] + [s.figure(column) for s in report.savings]
        if printed.pounds() != calculated.pounds() and agree(
            printed.pounds(), calculated.pounds(), tolerance_of(*figures)
        ):
            found.append((column, printed, calculated))
    return found


def _shown(amount: Amount | None) -> str:
    return format_amount(amount) if amount is not None else "a target not stated"


def rating_words(rag: str) -> str:
    """A rating in words, for those who cannot tell the colours apart."""
    return RAG_WORDS.get(rag, "")


def history(site: Site, proposal: Proposal) -> list[tuple[MonitoringReport, MonitoredSaving]]:
    """Every report that mentions the proposal, oldest first."""
    return delivery_of(site, proposal)


def delivery_chart(proposal: Proposal, rows, chart_id: str = "chart-delivery") -> Chart | None:
    """One bar per report: delivered solid, what is still expected outlined after it."""
    bars = []
    for report, saving in rows:
        delivered, forecast = saving.figure("delivered"), saving.figure("forecast")
        label = f"{report.as_at.day} {report.as_at:%B %Y}" if report.as_at else report.heading
        if delivered is None or not delivered.is_figure:
            bars.append(Bar(label, None, "delivered: not stated"))
            continue
        expected = forecast.pounds() if forecast is not None and forecast.is_figure else 0
        bars.append(
            Bar(
                label,
                delivered.pounds(),
                f"{format_amount(delivered)} delivered"
                + (f" ({format_amount(forecast)} still expected)" if expected else ""),
                delivered.pounds() + expected,
            )
        )
    if not any(b.value for b in bars):
        return None
    return Chart(
        chart_id,
        f"{proposal.ref}: savings delivered, report by report",
        f"A bar chart of the saving {proposal.ref} delivered by each report's date: "
        + "; ".join(f"{b.label}, {b.text}" for b in bars)
        + ".",
        bars,
        legend="Solid: delivered. Outlined: still expected this year.",
        column="Delivered",
        calculated=False,
    )
