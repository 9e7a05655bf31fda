"""What the checks of a site's figures share: what a run found and how many sums it compared
(:class:`Checked`), the ``not-checked`` finding of a sum a figure is missing from, and the
figures and parts as messages show them."""

from __future__ import annotations

from dataclasses import dataclass, field

from .money import Amount, format_amount, total_of
from .problems import Problem

# code: (severity, what it means), on the checks page with the others (checks.CODES).
CODES = {
    "not-checked": ("info", "a sum could not be checked: a figure it needs is not stated (N/A, TBC, null)")
}


@dataclass
class Checked:
    """What the checks found, and how many sums they compared: with the ``not-checked``
    findings, the pages can say how many sums could not be checked and why."""

    findings: list[Problem] = field(default_factory=list)
    made: int = 0

    def add(self, other: Checked) -> None:
        self.findings += other.findings
        self.made += other.made


def sum_of(figures: list[Amount], unit: str) -> Amount:
    """``total_of`` of parts each caller has already found to be figures, so never None."""
    total = total_of(figures, unit)
    assert total is not None, "the parts are figures"
    return total


def not_checked(
    file: str, line: int, what: str, missing: list[str], ref: str = "", subject: str = ""
) -> Problem:
    """A sum that needs a figure the paper does not give: reported, never passed in silence."""
    message = f"{what} could not be checked: there is no figure for {_listed(missing)}"
    return Problem(file, line, "not-checked", message, CODES["not-checked"][0], ref, subject)


def _listed(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def given(name: str, amount: Amount) -> str:
    """A part that is not a figure, for a message: "2026/27 (N/A)", or "2026/27" when blank."""
    return name if amount.text.lower() == "null" else f"{name} ({amount.text})"


def shown(amount: Amount) -> str:
    """An amount as a message shows it, with its unit (£0.250m)."""
    return format_amount(amount)


def shown_plain(amount: Amount) -> str:
    """An amount as a message shows it where the unit is said already (an FTE, a table's cell)."""
    return format_amount(amount, unit_shown=False)
