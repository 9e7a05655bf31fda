"""A money table, as proposals and reports print them."""

from __future__ import annotations

from .fields import MARKDOWN, TEXT, UNIT, Field, Kind, ListOf, Shape
from .shapes import ROW

HEADER_GROUP = Kind(
    "header_groups",
    "",
    "",
    (
        Field("label", TEXT, 'The group\'s heading (may be "").', example="Savings"),
        Field(
            "span",
            Shape(
                "number",
                fragment={
                    "anyOf": [{"type": "integer", "minimum": 0}, {"type": "string", "pattern": "^[0-9]+$"}]
                },
            ),
            "How many columns the heading spans.",
            required=True,
            example="3",
        ),
    ),
)

TOTAL_ROW = Kind(
    "totals",
    "",
    "",
    (
        Field("row", ROW, "The total row as printed.", required=True),
        Field(
            "sums",
            Shape(
                "rows, nothing, or list of total rows' labels",
                fragment={
                    "anyOf": [
                        {"enum": ["rows", "nothing", None]},
                        {"type": "array", "items": {"type": ["string", "number"]}},
                    ]
                },
            ),
            "What the row adds up: rows (all body rows, the default), nothing (a figure carried from "
            "elsewhere, not checked), or a list of the labels of earlier total rows.",
            example="rows",
        ),
    ),
)

ROW_TOTAL = Kind(
    "row total",
    "",
    "",
    (
        Field(
            "column", TEXT, "The heading of the total column, copied exactly.", example="Total", required=True
        ),
        Field(
            "sums",
            Shape(
                "list of column headings",
                fragment={"type": ["array", "null"], "items": {"type": ["string", "number"]}},
            ),
            "The headings of the columns it adds up (default: every column between the labels and it).",
            example="[2019/20, 2020/21]",
        ),
    ),
)

ROW_TOTALS = ListOf(
    "list of row totals",
    "rowTotals",
    kind=ROW_TOTAL,
    description="Columns printed as the sum of other columns, row by row: a list of {column, sums}. "
    "Each row's figure is checked.",
)

TABLE = Kind(
    "table",
    "",
    "A money table as printed: its columns, rows and printed total rows.",
    (
        Field("caption", TEXT, "The table's caption as printed.", example="Table 1 cost avoidance"),
        Field("unit", UNIT, "What a bare figure in the table means: pounds, k (£000) or m (£m)."),
        Field(
            "columns",
            Shape(
                "list of column headings",
                fragment={
                    "anyOf": [
                        {"type": ["string", "number", "boolean"]},
                        {"type": "array", "items": {"type": ["string", "number", "boolean"]}},
                    ]
                },
            ),
            "The column headings, in order.",
            required=True,
            example='[Item, "2019/20", "2020/21", Total]',
        ),
        Field(
            "header_groups",
            ListOf("list", kind=HEADER_GROUP),
            "A row of grouped headings above the columns: a list of {label, span}.",
            example='[{label: "", span: 1}, {label: Savings, span: 3}]',
        ),
        Field(
            "rows",
            ListOf("list of rows", of=ROW),
            "The body rows, each a list with one cell per column.",
            example='[[Placements, "100,000", "200,000", "300,000"]]',
        ),
        Field("total", ROW, "The printed total row, checked against the sum of the rows."),
        Field(
            "totals",
            ListOf("list", kind=TOTAL_ROW),
            "Several printed total rows, in order: each {row, sums}.",
            example='[{row: [Total, "100,000"], sums: rows}]',
        ),
        Field("row_totals", ROW_TOTALS, example="[{column: Total}]"),
        Field("note", MARKDOWN, "Markdown shown under the table."),
    ),
    definition="table",
)
