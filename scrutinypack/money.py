"""Money as councils print it: one type, one parser, one formatter.

An amount is read from the text exactly as written and never passes through a binary
float. It keeps its unit (pounds, £000 or £m), the number of decimal places written
(which sets the rounding tolerance) and whether a negative was printed in brackets, so it
can be shown the way the paper showed it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

UNITS = ("pounds", "k", "m")
EXPONENT = {"pounds": 0, "k": 3, "m": 6}
SCALE = {unit: Decimal(1).scaleb(exp) for unit, exp in EXPONENT.items()}
UNIT_LABEL = {"pounds": "£", "k": "£000", "m": "£m"}

#: Words printed for nothing (content format 1.1): zero in every sum, shown as printed.
NIL = {"nil", "-", "–", "—"}
#: The most digits a figure may have before and after its point. Far beyond any budget
#: (999,999,999,999), and small enough that every sum and change of unit stays exact within
#: Decimal's 28 digits: a longer figure is a typing slip, reported with its file and line.
MOST_DIGITS = (12, 6)
#: Words that stand where a figure would but give none: shown as written, never zero, and
#: a check that needs one is reported as not made.
NOT_FIGURES = {"n/a", "na", "tbc", "tba", "null", "not known", ""}

# Each run of spaces is taken whole, "(?=(?P<s>\s*))(?P=s)" being an atomic group (which re
# writes "\s*+" only from Python 3.11): spaces split every way between the optional parts took
# time growing with the cube of their count.
_NUMBER = re.compile(
    r"""^(?P<sign>[-−–+]?)(?=(?P<s1>\s*))(?P=s1)(?P<pound>£?)(?=(?P<s2>\s*))(?P=s2)(?P<sign2>[-−–+]?)
        (?P<digits>\d{1,3}(?:,\d{3})+|\d+)?(?P<frac>\.\d+)?
        (?=(?P<s3>\s*))(?P=s3)(?P<suffix>k|m|bn|K|M)?(?=(?P<s4>\s*))(?P=s4)(?P<mark>\*+|†|‡)?$""",
    re.VERBOSE,
)


_BRACKETED = re.compile(r"\((.*)\)\s*(\*+|†|‡)?")
#: A figure printed as negative, zero included: "-0.000", "–0.000", "£-0.000m", "(0.000)".
_PRINTED_NEGATIVE = re.compile(r"\s*(\(|[-−–]|£\s*[-−–])")


class MoneyError(ValueError):
    """The text is not an amount; the message says what is expected."""


@dataclass(frozen=True)
class Amount:
    value: Decimal | None  # None: a word such as N/A or TBC stood in the figure's place
    unit: str  # pounds | k | m | %
    places: int  # decimal places written
    text: str  # exactly as written
    brackets: bool = False  # negative printed as (0.250)
    mark: str = ""  # a footnote mark printed after the figure, e.g. 0.000*
    nil: bool = False  # printed as a word for nothing ("nil", "-"): zero, shown as printed

    @property
    def is_figure(self) -> bool:
        return self.value is not None

    def pounds(self) -> Decimal:
        """The value in pounds (a percentage stays as it is)."""
        if self.value is None:
            raise MoneyError(f"{self.text!r} is not a figure")
        return self.value * SCALE.get(self.unit, Decimal(1))

    def tolerance(self) -> Decimal:
        """One unit in the last decimal place written, in pounds (none for nil: it is exact)."""
        if self.nil:
            return Decimal(0)
        return Decimal(1).scaleb(-self.places) * SCALE.get(self.unit, Decimal(1))

    def negated(self) -> Amount:
        if self.value is None:
            return self
        return Amount(-self.value, self.unit, self.places, self.text, self.brackets, self.mark, self.nil)


def not_stated(text: str, unit: str) -> Amount:
    return Amount(None, unit, 0, text)


def parse_amount(text: str | None, unit: str) -> Amount:
    """Read an amount written as printed; ``unit`` is what a bare number means."""
    if text is None:
        return not_stated("null", unit)
    raw = str(text).strip()
    if raw.lower() in NOT_FIGURES:
        return not_stated(raw or "null", unit)
    if raw.lower() in NIL:
        return Amount(Decimal(0), unit, 0, raw, nil=True)
    body, brackets, outer_mark = raw, False, ""
    bracketed = _BRACKETED.fullmatch(body)
    if bracketed:  # "(0.250)", and "(0.250)*" with its footnote mark outside the brackets
        body, brackets, outer_mark = bracketed[1].strip(), True, bracketed[2] or ""
    match = _NUMBER.match(body)
    if not match or not (match["digits"] or match["frac"]) or (match["sign"] and match["sign2"]):
        raise MoneyError(
            f"{raw!r} is not an amount; write it as printed, e.g. 8.064, -0.250, "
            f'"1,224,000", "£8.064m", "£250k", "(0.250)", nil or - for nothing, '
            f"or N/A / TBC where no figure is given"
        )
    digits = (match["digits"] or "0").replace(",", "")
    frac = match["frac"] or ""
    _within_digits(raw, digits, frac)
    try:
        value = Decimal(digits + frac)
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only digits
        raise MoneyError(f"{raw!r} is not an amount") from exc
    if (match["sign"] or match["sign2"]) in ("-", "−", "–") or brackets:
        value = -value
    suffix = (match["suffix"] or "").lower()
    if suffix == "bn":
        value, suffix = value * 1000, "m"
    own_unit = {"k": "k", "m": "m"}.get(suffix, "pounds" if match["pound"] else unit)
    return Amount(value, own_unit, len(frac) - 1 if frac else 0, raw, brackets, match["mark"] or outer_mark)


def _within_digits(raw: str, digits: str, frac: str) -> None:
    whole, places = MOST_DIGITS
    if len(digits.lstrip("0")) > whole or len(frac) - 1 > places:
        shown = raw if len(raw) <= 40 else raw[:40] + "…"
        raise MoneyError(
            f"{shown!r} has more digits than a figure can have (at most {whole} before "
            f"the point and {places} after it): check that it was typed as printed"
        )


def parse_percent(text: str | None) -> Amount:
    raw = "" if text is None else str(text).strip()
    match = re.fullmatch(r"([-−]?)(\d+)(\.\d+)?\s*%?", raw)
    if not match:
        raise MoneyError(f"{raw!r} is not a percentage; write it as printed, e.g. 9.9%")
    _within_digits(raw, match[2], match[3] or "")
    value = Decimal(match[2] + (match[3] or ""))
    if match[1]:
        value = -value
    return Amount(value, "%", len(match[3]) - 1 if match[3] else 0, raw)


def rounding_figures(amounts: Iterable[Amount]) -> list[Amount]:
    """The figures whose last place says how finely the paper rounds: those written with
    decimal places, when any are. A bare 0 or a whole number beside them is exact as far as
    it goes ("0" in a column of 0.250s is nothing, not a figure rounded to the nearest £1m);
    a paper of whole numbers only rounds to one unit of them."""
    figures = [a for a in amounts if a.is_figure and not a.nil]
    placed = [a for a in figures if a.places > 0]
    return placed or figures


def tolerance_of(*amounts: Amount) -> Decimal:
    """How far printed figures that meet in one sum may be apart: one unit in the last place
    of the coarsest of the figures that set the rounding (rounding_figures)."""
    return max((a.tolerance() for a in rounding_figures(amounts)), default=Decimal(0))


def agree(a: Decimal, b: Decimal, tolerance: Decimal) -> bool:
    """Printed papers round each figure on its own: one unit in the last place is fine."""
    return abs(a - b) <= tolerance


def total_of(amounts: list[Amount], unit: str) -> Amount | None:
    """The exact sum of the figures, in ``unit``, or None when any part is not a figure.
    It is written the way its parts were: in brackets if any part printed a negative so."""
    if not amounts or any(a.value is None for a in amounts):
        return None
    written = [a for a in amounts if not a.nil]
    if not written:  # nothing but nil: the sum is nil too, written as its first part was
        return Amount(Decimal(0), unit, 0, amounts[0].text, nil=True)
    pounds = sum((a.pounds() for a in amounts), Decimal(0))
    places = max(a.places + _places_shift(a.unit, unit) for a in written)
    return from_pounds(pounds, unit, max(places, 0), in_brackets(amounts))


def in_brackets(amounts: Iterable[Amount | None]) -> bool:
    """Whether figures made from these are written with brackets for negatives, as they are."""
    return any(a is not None and a.brackets for a in amounts)


def from_pounds(pounds: Decimal, unit: str, places: int, bracketed: bool = False) -> Amount:
    value = (pounds / SCALE[unit]).quantize(Decimal(1).scaleb(-places))
    text = f"{value:.{places}f}"
    return Amount(value, unit, places, text, bracketed)


def in_unit(amount: Amount | None, unit: str) -> Amount | None:
    """The same figure expressed in ``unit`` (£2m in a £000 table is 2,000), keeping its
    precision; words (N/A, TBC) and figures already in ``unit`` come back as they are."""
    if amount is None or amount.value is None or amount.unit == unit or amount.unit not in SCALE:
        return amount
    converted = from_pounds(amount.pounds(), unit, max(amount.places + _places_shift(amount.unit, unit), 0))
    return Amount(
        converted.value,
        unit,
        converted.places,
        amount.text if amount.nil else converted.text,
        amount.brackets,
        amount.mark,
        amount.nil,
    )


def _places_shift(source: str, target: str) -> int:
    """How many more decimal places a figure needs when moved from one unit to another."""
    return EXPONENT[target] - EXPONENT.get(source, EXPONENT[target])


def format_amount(amount: Amount | None, *, unit_shown: bool = True, minus: str = "\u2212") -> str:
    """The one place money is formatted for people.

    A figure keeps its written decimals and bracket style; ``unit_shown`` adds £ and k/m
    (off inside a table whose heading names the unit).
    """
    if amount is None:
        return ""
    if amount.value is None:  # a word as written; YAML's null (nothing written) reads as words
        return "not stated" if amount.text.lower() == "null" else amount.text
    if amount.nil:
        return amount.text
    magnitude = f"{abs(amount.value):,.{amount.places}f}"
    if unit_shown and amount.unit != "%":
        magnitude = "£" + magnitude + {"pounds": "", "k": "k", "m": "m"}[amount.unit]
    elif amount.unit == "%":
        magnitude += "%"
    if amount.value < 0 or (amount.value == 0 and _PRINTED_NEGATIVE.match(amount.text)):
        magnitude = f"({magnitude})" if amount.brackets else minus + magnitude
    return magnitude + amount.mark


def plain_decimal(amount: Amount | None, unit: str = "pounds") -> str:
    """A machine-readable exact decimal in ``unit`` (for CSV and JSON), '' when not a figure."""
    if amount is None or amount.value is None:
        return ""
    places = max(amount.places + _places_shift(amount.unit, unit), 0) if amount.unit != "%" else amount.places
    value = amount.value if amount.unit == "%" else amount.pounds() / SCALE[unit]
    return f"{value:.{places}f}"
