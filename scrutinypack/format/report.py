"""reports/<slug>.md: a committee report's front matter; its Markdown follows."""

from __future__ import annotations

from .fields import DATE, TEXT, UNIT, Field, Kind, ListOf
from .table import ROW_TOTAL, TABLE

REPORT = Kind(
    "report",
    "reports/<slug>.md",
    "The details of a committee report, between the '---' lines at the top of reports/<slug>.md; the "
    "report itself follows in Markdown.",
    (
        Field(
            "title",
            TEXT,
            "The report's title as printed.",
            required=True,
            example="Medium term financial strategy",
        ),
        Field(
            "committee",
            TEXT,
            "The committee it went to: its file name in committees/.",
            example="budget-scrutiny",
        ),
        Field("date", DATE, "The report's date, YYYY-MM-DD."),
        Field("author", TEXT, "Who wrote it, as printed.", example="Chief Finance Officer"),
        Field("unit", UNIT, "What a bare figure in its tables means: pounds, k (£000) or m (£m)."),
        Field(
            "reference",
            TEXT,
            "The paper's own reference, as printed, e.g. CAB/2019/01.",
            example="CAB/2019/01",
        ),
        Field(
            "tables",
            ListOf("list", kind=TABLE),
            "Money tables, as in proposals.",
            example='[{columns: [Item, "2019/20"], rows: [[Placements, "100,000"]]}]',
        ),
        Field(
            "row_totals",
            ListOf("list", kind=ROW_TOTAL),
            "Columns of the report's Markdown tables printed as the sum of other columns: a list of "
            "{column, sums}. Each table that has the columns named has each row checked.",
            example="[{column: Total}]",
        ),
    ),
    title="report front matter",
)
