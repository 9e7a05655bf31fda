"""recommendations/<slug>.yaml: a committee's recommendations from one meeting, and what
became of them (1.2). The executive must respond within two months (Local Government Act
2000, s.9FE), so a response's date is read against the date the recommendations were sent."""

from __future__ import annotations

from .fields import DATE, MARKDOWN, REFS, TEXT, Choice, Field, Kind, ListOf, Record

DECISION = Choice(
    "choice",
    options=("accepted", "partly accepted", "rejected", "noted"),
    labels=("Accepted", "Partly accepted", "Rejected", "Noted"),
)
STATUS = Choice(
    "choice",
    options=("not started", "in progress", "implemented", "not implemented"),
    labels=("Not started", "In progress", "Implemented", "Not implemented"),
)

RESPONSE = Kind(
    "response",
    "",
    "",
    (
        Field(
            "date",
            DATE,
            "The date of the executive's response, YYYY-MM-DD.",
            required=True,
            example="2018-03-12",
        ),
        Field(
            "decision",
            DECISION,
            "What the executive decided: accepted, partly accepted, rejected or noted.",
            required=True,
            example="accepted",
        ),
        Field("text", MARKDOWN, "The response as given, in Markdown."),
    ),
    definition="response",
)

UPDATE = Kind(
    "update",
    "",
    "",
    (
        Field(
            "date",
            DATE,
            "The date of the update, YYYY-MM-DD: on or after the response's.",
            required=True,
            example="2018-09-01",
        ),
        Field(
            "status",
            STATUS,
            "Where it stands: not started, in progress, implemented or not implemented.",
            required=True,
            example="implemented",
        ),
        Field("text", MARKDOWN, "What was done, in Markdown."),
    ),
    definition="update",
)

RECOMMENDATION = Kind(
    "recommendation",
    "",
    "",
    (
        Field(
            "number",
            TEXT,
            'The recommendation\'s number as printed, e.g. "1" or "2a"; its anchor on the tracker.',
            required=True,
            example='"1"',
        ),
        Field("text", MARKDOWN, "The recommendation as agreed, in Markdown.", required=True),
        Field("proposals", REFS, "The refs of the proposals it concerns.", example="[SC002]"),
        Field(
            "response",
            Record("record", kind=RESPONSE),
            "The executive's response: {date, decision, text}. Leave it out until there is one.",
            example="{date: 2018-03-12, decision: accepted}",
        ),
        Field(
            "updates",
            ListOf("list", kind=UPDATE),
            "Progress after the response, oldest first: a list of {date, status, text}.",
            example="[{date: 2018-09-01, status: implemented}]",
        ),
    ),
    definition="recommendation",
)

RECOMMENDATIONS = Kind(
    "recommendations",
    "recommendations/<slug>.yaml",
    "A committee's recommendations agreed at one meeting, who must respond, and the responses and "
    "progress since: recommendations/<slug>.yaml.",
    (
        Field(
            "committee",
            TEXT,
            "The committee that agreed them: its file name in committees/.",
            required=True,
            example="budget-scrutiny",
            since="1.2",
        ),
        Field(
            "meeting",
            DATE,
            "The date of the meeting that agreed them: one of the committee's meetings.",
            required=True,
            example="2018-01-15",
            since="1.2",
        ),
        Field(
            "to",
            TEXT,
            "Who must respond, e.g. Cabinet or a cabinet member.",
            required=True,
            example="Cabinet",
            since="1.2",
        ),
        Field(
            "sent",
            DATE,
            "The date they were sent, YYYY-MM-DD.",
            required=True,
            example="2018-01-19",
            since="1.2",
        ),
        Field(
            "due",
            DATE,
            "When the response is due. Default: two months after sent (the last day of the month "
            "where that month is shorter).",
            example="2018-03-19",
            since="1.2",
        ),
        Field(
            "note",
            MARKDOWN,
            "A note shown above the recommendations on the tracker, in Markdown: sources, caveats.",
            since="1.2",
        ),
        Field(
            "recommendations",
            ListOf("list", kind=RECOMMENDATION),
            "The recommendations, each with its number, text, proposals, response and updates.",
            required=True,
            example='[{number: "1", text: Publish the savings tracker quarterly.}]',
            since="1.2",
        ),
    ),
    title="recommendations/<slug>.yaml",
)
