"""site/data/monitoring.csv (1.2): one row per saving per delivery report, and its
description in the data package. Figures are exact decimals in pounds, savings positive; a
figure the report does not state is empty, and the row says what stood in its place."""

from __future__ import annotations

from .. import paths
from ..delivery import COLUMNS, RAG_WORDS
from ..model import Site
from ..money import plain_decimal
from .csvtable import csv_table

DESCRIPTIONS = {
    "target": "The saving to be made in the year",
    "delivered": "How much of it had been made by the report's date",
    "forecast": "How much more was still expected that year",
    "shortfall": "How much was not expected that year",
}


def monitoring_csv(site: Site) -> bytes:
    rows = [_row(report, saving) for report in site.monitoring for saving in report.savings]
    return csv_table([f["name"] for f in monitoring_schema()["fields"]], rows, COLUMNS)


def _row(report, saving) -> dict:
    unstated = [
        f"{c} ({a.text})" if a is not None else f"{c} (not given)"
        for c in COLUMNS
        if (a := saving.figure(c)) is None or not a.is_figure
    ]
    return {
        "report": report.slug,
        "report_title": report.heading,
        "as_at": report.as_at.isoformat(),
        "year": report.year,
        "ref": saving.ref,
        "title": saving.proposal.title if saving.proposal else "",
        **{c: plain_decimal(saving.figure(c)) for c in COLUMNS},
        "not_stated": "; ".join(unstated),
        "rating": RAG_WORDS.get(saving.rag, ""),
        "page": paths.monitoring(report),
    }


def monitoring_resource(site: Site) -> dict:
    """The data package's entry for monitoring.csv."""
    return {
        "name": "monitoring",
        "path": "monitoring.csv",
        "profile": "tabular-data-resource",
        "title": "Savings delivery",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "description": "One row per saving per savings delivery report: where each saving stood "
        "on the report's date. Text cells are quoted and made inert as in "
        "proposals.csv; figures are in pounds (GBP), a saving positive.",
        "dialect": {
            "delimiter": ",",
            "lineTerminator": "\r\n",
            "quoteChar": '"',
            "doubleQuote": True,
            "header": True,
        },
        "schema": monitoring_schema(),
    }


def monitoring_schema() -> dict:
    def text(name: str, description: str) -> dict:
        return {"name": name, "type": "string", "description": description}

    fields = [
        text("report", "The report's short name (its file name in monitoring/)."),
        text("report_title", "The report's title."),
        {"name": "as_at", "type": "date", "description": "The date the position is stated at."},
        text("year", "The financial year monitored (YYYY/YY)."),
        text("ref", "The proposal's reference, as printed."),
        text("title", "The proposal's title."),
    ]
    fields += [
        {
            "name": c,
            "type": "number",
            "decimalChar": ".",
            "bareNumber": True,
            "unit": "GBP",
            "description": f"{text_}, in pounds (GBP); empty where the report states no figure.",
        }
        for c, text_ in DESCRIPTIONS.items()
    ]
    fields += [
        text(
            "not_stated",
            "The figures the report does not state, with what it printed instead "
            "(TBC, N/A), separated by ';'.",
        ),
        text("rating", "The rating in words: Red, Amber, Green, or Blue (delivered in full)."),
        text("page", "The report's page, relative to the site's address."),
    ]
    return {"fields": fields, "primaryKey": ["report", "ref"], "missingValues": [""]}
