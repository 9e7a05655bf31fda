"""Charts as inline SVG, drawn here in Python: no script, no library, nothing fetched.

Every chart is a set of horizontal bars, which read well from a 320 px phone to a desktop:
bar lengths are percentages of the chart's width while text keeps its real size, so labels
stay legible at any width. Each bar's label and figure are lines of their own above it,
starting at its left edge, so no text runs past the chart however narrow it is. The SVG has a fixed height, so
nothing moves as the page loads.
Each chart carries a text alternative (``<title>`` and ``<desc>``, named by
``aria-labelledby``); the pages show the same figures in a table beside it.

A saving is drawn as a bar to the right whatever the paper's sign convention, but its figure
is written as the paper prints it (−£0.250m where the paper prints savings as negative budget
changes), as on the cards, in the tables and in the text: one notation for a figure
everywhere, which the chart's caption states (:attr:`Chart.notation`).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from decimal import Decimal

from markupsafe import Markup, escape

from ..model import Proposal
from ..money import UNITS, Amount, format_amount, total_of
from ..summaries import SummaryTable

PLOT = Decimal(100)  # per cent of the width the bars may take
LINE = 18  # px per line of label or figure text
BAR = 16  # px bar height
GAP = 10  # px between rows
WRAP = 30  # characters per line of text: fits 320 px at 16 px


@dataclass
class Bar:
    label: str
    value: Decimal | None  # in pounds; None when the paper gives no figure
    text: str  # the figure as shown beside the bar
    mark: Decimal | None = None  # a second point: the part between value and mark is outlined


@dataclass
class Chart:
    id: str
    title: str
    desc: str
    bars: list[Bar] = field(default_factory=list)
    legend: str = ""
    total: str = ""  # the figure for the table's total row, if it has one
    column: str = "Saving"  # what the figures are, as the table's heading
    calculated: bool = True  # figures this site worked out (sums, budgets left), not printed ones
    notation: str = ""  # how a saving's figure is written, for the caption

    @property
    def svg(self) -> Markup:
        return _svg(self)


def savings_by_year(table: SummaryTable, chart_id: str = "chart-years") -> Chart | None:
    """The total saving of each year column of a summary table."""
    years = [c for c in table.columns if c not in ("total", "full_year")]
    bars = [_saving_bar(c, table.total[c].amount, table.convention, table.total[c].partial) for c in years]
    if not any(b.value for b in bars):
        return None
    return Chart(
        chart_id,
        "Savings proposed each year",
        "A bar chart of the savings proposed in each financial year, "
        f"{_notation(table.convention)}: " + _listing(bars) + _partial_note(bars),
        bars,
        total=_total_text(table),
        notation=_notation(table.convention),
    )


def savings_by_service(table: SummaryTable, chart_id: str = "chart-services") -> Chart | None:
    """Each group's total saving, largest first (groups without a figure last)."""
    column = "total" if "total" in table.columns else table.columns[-1]
    bars = [
        _saving_bar(g.name, g.subtotal[column].amount, table.convention, g.subtotal[column].partial)
        for g in table.groups
    ]
    bars.sort(key=lambda b: (b.value is None, -(b.value or 0)))
    if not any(b.value for b in bars):
        return None
    return Chart(
        chart_id,
        "Savings proposed by service",
        "A bar chart of the total saving proposed by each service, largest first, "
        f"{_notation(table.convention)}: " + _listing(bars) + _partial_note(bars),
        bars,
        total=_total_text(table),
        notation=_notation(table.convention),
    )


def proposal_profile(p: Proposal, chart_id: str = "chart-profile") -> Chart | None:
    """The proposal's savings year by year, against the budget they come out of.

    Each bar is the baseline budget with the savings so far outlined; without a baseline,
    the bars are the savings of each year.
    """
    savings = p.saving_by_year()
    if not savings:
        return None
    base = _baseline_figure(p)
    if base is None:
        convention = p.profile.convention
        bars = [_saving_bar(year, amount, convention) for year, amount in p.profile.years.items()]
        if not any(b.value for b in bars):
            return None
        return Chart(
            chart_id,
            f"{p.ref}: savings by year",
            f"A bar chart of the savings of {p.ref} in each year, {_notation(convention)}: "
            + _listing(bars)
            + ".",
            bars,
            calculated=False,
            notation=_notation(convention),
        )
    label, budget = base
    unit = budget.unit if budget.unit in UNITS else p.unit
    bars = [Bar(f"{label} (before)", budget.pounds(), format_amount(budget), budget.pounds())]
    so_far: list[Amount] = []
    for year, saving in savings.items():
        if saving is None or not saving.is_figure or len(so_far) < len(bars) - 1:
            bars.append(Bar(year, None, "not stated"))  # and every year after it is unknown too
            continue
        so_far.append(saving)
        saved = total_of(so_far, unit)
        left = total_of([budget, saved.negated()], unit)
        change = (
            f"{format_amount(saved)} less" if saved.value >= 0 else f"{format_amount(saved.negated())} more"
        )
        bars.append(Bar(year, left.pounds(), f"{format_amount(left)} ({change})", budget.pounds()))
    return Chart(
        chart_id,
        f"{p.ref}: the {label} budget after the savings",
        f"A bar chart of the {label} budget, {format_amount(budget)}, and what is left of "
        "it in each year once the savings so far are taken out, assuming the rest of the "
        "budget stays as it was: " + _listing(bars[1:]) + ".",
        bars,
        legend="Solid: the budget left. Outlined: the savings so far. The rest of the "
        "budget is assumed to stay as it was.",
        column="Budget left",
    )


def _baseline_figure(p: Proposal) -> tuple[str, Amount] | None:
    baseline = p.baseline
    if baseline is None:
        return None
    for name, amount in (("net", baseline.net), ("gross", baseline.gross)):
        if amount is not None and amount.is_figure and amount.value > 0:
            return f"{baseline.year + ' ' if baseline.year else ''}{name}", amount
    return None


def _saving_bar(label: str, amount: Amount | None, convention: str, partial: bool = False) -> Bar:
    """A bar as long as the saving, its figure as printed (``amount`` is in ``convention``)."""
    if amount is None or not amount.is_figure:
        return Bar(label, None, "not stated")
    saving = amount.negated() if convention == "budget_change" else amount
    return Bar(label, saving.pounds(), format_amount(amount) + ("*" if partial else ""))


def _notation(convention: str) -> str:
    if convention == "budget_change":
        return "a saving shown as a negative figure, as the papers print it"
    return "a saving shown as a positive figure"


def _total_text(table: SummaryTable) -> str:
    if "total" not in table.columns:
        return ""
    return _saving_bar("", table.total["total"].amount, table.convention, table.total["total"].partial).text


def _listing(bars: list[Bar]) -> str:
    return "; ".join(f"{b.label}, {b.text}" for b in bars)


def _partial_note(bars: list[Bar]) -> str:
    if any(b.text.endswith("*") for b in bars):
        return ". * Some proposals give no figure there; the sum is of the figures given."
    return "."


def _svg(chart: Chart) -> Markup:
    points = [v for b in chart.bars for v in (b.value, b.mark) if v is not None]
    low, high = min(points + [Decimal(0)]), max(points + [Decimal(0)])
    span = (high - low) or Decimal(1)

    def x(value: Decimal) -> str:
        return f"{((value - low) / span * PLOT).quantize(Decimal('0.01'))}%"

    parts, y = [], 0
    for bar in chart.bars:
        lines = [("label", line) for line in textwrap.wrap(bar.label, WRAP) or [""]]
        for kind, line in lines + [("figure", line) for line in _figure_lines(bar.text)]:
            y += LINE
            parts.append(f'<text class="chart-{kind}" x="0" y="{y - 4}">{escape(line)}</text>')
        top = y + 3
        if bar.value is not None:
            start, end = sorted((Decimal(0), bar.value))
            parts.append(
                f'<rect class="chart-bar" x="{x(start)}" y="{top}" '
                f'width="{_width(start, end, span)}" height="{BAR}"/>'
            )
            if bar.mark is not None and bar.mark != bar.value:
                start, end = sorted((bar.value, bar.mark))
                kind = "saved" if bar.mark > bar.value else "added"
                parts.append(
                    f'<rect class="chart-{kind}" x="{x(start)}" y="{top + 1}" '
                    f'width="{_width(start, end, span)}" height="{BAR - 2}"/>'
                )
        y = top + BAR + GAP
    if low < 0:
        parts.append(
            f'<line class="chart-axis" x1="{x(Decimal(0))}" x2="{x(Decimal(0))}" y1="0" y2="{y - GAP}"/>'
        )
    return Markup(
        f'<svg class="chart" width="100%" height="{y - GAP + 2}" role="img" '
        f'aria-labelledby="{chart.id}-title {chart.id}-desc">'
        f'<title id="{chart.id}-title">{escape(chart.title)}</title>'
        f'<desc id="{chart.id}-desc">{escape(chart.desc)}</desc>' + "".join(parts) + "</svg>"
    )


def _figure_lines(text: str) -> list[str]:
    """A figure on one line, or a long one broken before its bracketed part ("£7.214m" over
    "(£0.250m less)")."""
    figure, bracket, rest = text.partition(" (")
    if len(text) <= WRAP or not bracket:
        return [text]
    return [figure, "(" + rest]


def _width(start: Decimal, end: Decimal, span: Decimal) -> str:
    return f"{((end - start) / span * PLOT).quantize(Decimal('0.01'))}%"
