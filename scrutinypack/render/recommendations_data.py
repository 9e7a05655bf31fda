"""site/data/recommendations.csv: one row per scrutiny recommendation, and its description
for the data package (render/data.py). Days overdue are counted to the date the site speaks
for, which is in every row."""

from __future__ import annotations

from ..model import Site
from ..recommendations import Recommendation, tracker_order
from .csvtable import csv_table

PATH = "recommendations.csv"
FIGURES = ("days_late", "days_overdue")


def _date(value) -> str:
    return value.isoformat() if value else ""


def _row(rec: Recommendation, site: Site) -> dict:
    group, response = rec.group, rec.response
    return {
        "id": rec.anchor,
        "committee": group.committee,
        "meeting": _date(group.meeting),
        "to": group.to,
        "sent": _date(group.sent),
        "due": _date(group.due_date),
        "number": rec.number,
        "text": rec.text,
        "proposals": ";".join(p.ref for p in rec.proposals),
        "response_date": _date(response.date) if response else "",
        "decision": response.decision if response else "",
        "days_late": str(rec.late_days),
        "days_overdue": str(rec.overdue_days(site.as_of)),
        "as_of": _date(site.as_of),
        "status": rec.status,
        "status_date": _date(rec.updates[-1].date) if rec.updates else "",
        "page": f"recommendations/#{rec.anchor}",
    }


def recommendations_csv(site: Site) -> bytes:
    rows = [_row(rec, site) for rec in tracker_order(site.recommendations, site.as_of)]
    return csv_table([f["name"] for f in schema()["fields"]], rows, FIGURES)


def schema() -> dict:
    def text(name: str, description: str, **extra) -> dict:
        return {"name": name, "type": "string", "description": description, **extra}

    def days(name: str, description: str) -> dict:
        return {"name": name, "type": "integer", "constraints": {"minimum": 0}, "description": description}

    date = {"pattern": "[0-9]{4}-[0-9]{2}-[0-9]{2}"}
    return {
        "fields": [
            text(
                "id",
                "The recommendation's anchor on the tracker: the file's name, '-', its number.",
                constraints={"required": True, "unique": True},
            ),
            text("committee", "The committee that agreed it: its short name."),
            text("meeting", "The date of the meeting that agreed it (YYYY-MM-DD).", constraints=date),
            text("to", "Who must respond (Cabinet, a cabinet member)."),
            text("sent", "The date the recommendations were sent (YYYY-MM-DD).", constraints=date),
            text(
                "due",
                "The date the response is due: as stated, else two months after sent.",
                constraints=date,
            ),
            text("number", "The recommendation's number, as printed."),
            text("text", "The recommendation, in Markdown."),
            text("proposals", "The refs of the proposals it concerns, separated by ';'."),
            text("response_date", "The date of the response; empty before there is one.", constraints=date),
            text(
                "decision",
                "What was decided; empty before a response.",
                constraints={"enum": ["", "accepted", "partly accepted", "rejected", "noted"]},
            ),
            days(
                "days_late", "How many days after its due date the response came (0: on time, or none yet)."
            ),
            days(
                "days_overdue",
                "How many days past its due date it has had no response, on as_of (0: not overdue).",
            ),
            text("as_of", "The date the site speaks for, that days_overdue is counted to.", constraints=date),
            text(
                "status",
                "The latest progress; empty before any update.",
                constraints={"enum": ["", "not started", "in progress", "implemented", "not implemented"]},
            ),
            text("status_date", "The date of the latest update.", constraints=date),
            text("page", "Where it is on the tracker, relative to the site's address."),
        ],
        "primaryKey": ["id"],
        "missingValues": [],
    }


def resource() -> dict:
    """Its entry in datapackage.json."""
    return {
        "name": "recommendations",
        "path": PATH,
        "profile": "tabular-data-resource",
        "title": "Scrutiny recommendations",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "description": "One row per scrutiny recommendation: who must respond, the decision, whether the "
        "response was late or is overdue, and the latest progress. Text cells are quoted "
        "and made inert for spreadsheets as in proposals.csv.",
        "dialect": {
            "delimiter": ",",
            "lineTerminator": "\r\n",
            "quoteChar": '"',
            "doubleQuote": True,
            "header": True,
        },
        "schema": schema(),
    }
