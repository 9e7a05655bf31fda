"""Units as councils print them over a table of figures: £, £000, £'000, £000's, (£000),
'000, £k, £m, £ million. A unit row is passed over, and the unit it states is the record's."""

from __future__ import annotations

import re

#: What a printed unit means, as the content format names it (pounds, k, m).
_WORDS = {
    "": "pounds",
    "pounds": "pounds",
    "000": "k",
    "000s": "k",
    "k": "k",
    "thousand": "k",
    "thousands": "k",
    "m": "m",
    "mn": "m",
    "million": "m",
    "millions": "m",
}
_MARKS = re.compile(r"[()\s'’`]")
YEAR_CELL = re.compile(r"(?P<year>\d{4}\s*/\s*(?:\d{2}|\d{4}))\s*(?P<unit>.*)", re.DOTALL)


class Stated(str):
    """A unit read from a table, not written by the map: kept only when it differs from the
    site's (so a '£m' row on a site in £m adds nothing to the record)."""


def unit_of(text: str) -> str | None:
    """The unit a cell prints ('£000's' → 'k'), or None when it is not a unit alone. A bare
    'k', 'm' or '000' counts; a bare '£' means pounds."""
    words = _MARKS.sub("", text.casefold())
    pound = words.startswith("£")
    words = words.removeprefix("£")
    if not words and not pound:
        return None
    return _WORDS.get(words)


def year_cell(text: str) -> tuple[str, str | None] | None:
    """A year heading, with the unit printed beside it ('2020/21 £000's' → ('2020/21', 'k')),
    or None when the cell is not a year (or what follows the year is not a unit)."""
    match = YEAR_CELL.fullmatch(text.strip())
    if not match:
        return None
    year = re.sub(r"\s", "", match["year"])
    if not match["unit"].strip():
        return year, None
    unit = unit_of(match["unit"])
    return (year, unit) if unit is not None else None


def label_unit(text: str) -> str | None:
    """The unit a label ends with ('Savings (£000)', 'Estimated savings £000's:'), or None."""
    words = text.strip().rstrip(":").split()
    return unit_of(words[-1]) if len(words) > 1 and any(mark in words[-1] for mark in "£'(") else None
