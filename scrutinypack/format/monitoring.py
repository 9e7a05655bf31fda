"""monitoring/<slug>.yaml (1.2): a savings delivery report, where each saving stood on a date.

Its savings are keyed by the proposal's ref, in printed order, so their field is a
:class:`Keyed` shape: a mapping whose every value is a record of one kind. Savings are
written positive here, as monitoring reports print them.
"""

from __future__ import annotations

from dataclasses import dataclass

from .fields import AMOUNT, DATE, MARKDOWN, TEXT, UNIT, YEAR, Choice, Field, Kind, Record, Shape

RAG = Choice(
    "choice",
    options=("red", "amber", "green", "blue"),
    labels=("Red", "Amber", "Green", "Blue: delivered in full"),
)


@dataclass(frozen=True)
class Keyed(Shape):
    """A mapping of refs to records of ``kind``."""

    kind: Kind | None = None


SAVING = Kind(
    "monitoredSaving",
    "",
    "",
    (
        Field(
            "target",
            AMOUNT,
            "The saving to be made in the year, positive.",
            required=True,
            example="0.250",
            since="1.2",
        ),
        Field("delivered", AMOUNT, "How much of it has been made so far.", example="0.180", since="1.2"),
        Field("forecast", AMOUNT, "How much more is still expected this year.", example="0.050", since="1.2"),
        Field(
            "shortfall",
            AMOUNT,
            "How much is not expected this year: target − delivered − forecast.",
            example="0.020",
            since="1.2",
        ),
        Field(
            "rag",
            RAG,
            "The rating: red, amber, green, or blue (delivered in full).",
            example="amber",
            since="1.2",
            label="Rating",
        ),
        Field("note", MARKDOWN, "A note on the saving, in Markdown.", since="1.2"),
    ),
    definition="monitoredSaving",
)

TOTALS = Kind(
    "monitoringTotal",
    "",
    "",
    tuple(
        Field(
            f.name,
            AMOUNT,
            f"The printed total of the '{f.name}' column: checked against its sum.",
            example=f.example,
            since="1.2",
        )
        for f in SAVING.fields[:4]
    ),
    definition="monitoringTotal",
    nullable=True,
)

MONITORING = Kind(
    "monitoring",
    "monitoring/<slug>.yaml",
    "A savings delivery report (1.2): how far each saving had been delivered on a date, as printed. "
    "Savings are written positive.",
    (
        Field(
            "title",
            TEXT,
            "The report's title as printed.",
            example="Savings delivery 2019/20, quarter 2",
            since="1.2",
        ),
        Field(
            "as_at",
            DATE,
            "The date the position is stated at, YYYY-MM-DD: a day of 'year'.",
            required=True,
            example="2019-09-30",
            since="1.2",
        ),
        Field("year", YEAR, "The financial year monitored, YYYY/YY.", required=True, since="1.2"),
        Field(
            "committee",
            TEXT,
            "The committee it went to: its file name in committees/.",
            example="budget-scrutiny",
            since="1.2",
        ),
        Field(
            "meeting",
            DATE,
            "That committee's meeting, YYYY-MM-DD: the report then joins the meeting's pack.",
            example="2019-11-12",
            since="1.2",
        ),
        Field(
            "unit",
            UNIT,
            "What a bare figure means here: pounds, k (£000) or m (£m). Default: the site's.",
            since="1.2",
        ),
        Field(
            "note",
            MARKDOWN,
            "A note shown with the report, in Markdown: its source, or that it is illustrative.",
            since="1.2",
        ),
        Field(
            "savings",
            Keyed(
                "mapping of ref: saving (below)",
                kind=SAVING,
                uses=(Record("record", kind=SAVING),),
                fragment={
                    "type": ["object", "null"],
                    "additionalProperties": {"$ref": "#/definitions/monitoredSaving"},
                },
            ),
            "Each saving, keyed by its proposal's ref, in printed order.",
            example="{SC002: {target: 0.250, delivered: 0.180, forecast: 0.050, shortfall: 0.020, rag: amber}}",
            since="1.2",
        ),
        Field(
            "total",
            Record("record", kind=TOTALS),
            "The printed totals row: target, delivered, forecast, shortfall.",
            example="{target: 0.250, delivered: 0.180}",
            since="1.2",
        ),
    ),
    title="savings delivery report",
)
