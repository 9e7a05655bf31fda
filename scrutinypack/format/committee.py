"""committees/<slug>.yaml: a committee, its meetings and their agendas."""

from __future__ import annotations

from .fields import MARKDOWN, TEXT, UNIT, Choice, Field, Kind, ListOf, Record, Shape

GROUP_BY = Choice("choice", options=("service", "directorate", "committee", "none"))

SUMMARY = Kind(
    "summary",
    "",
    "",
    (
        Field(
            "group_by",
            GROUP_BY,
            "How the table's rows are grouped: service (the default), directorate, committee or none.",
        ),
        Field(
            "columns",
            Shape(
                "list of column headings",
                fragment={
                    "anyOf": [
                        {"$ref": "#/definitions/summaryColumn"},
                        {"type": "array", "items": {"$ref": "#/definitions/summaryColumn"}},
                    ]
                },
            ),
            "Which figures the table shows, in order: financial years, full_year, total. Default: the "
            "site's years its proposals use, then total.",
        ),
        Field("unit", UNIT, "The unit the table is shown in (default: the site's)."),
        Field(
            "total",
            Shape(
                "year: amount",
                fragment={
                    "type": ["object", "null"],
                    "propertyNames": {
                        "anyOf": [{"$ref": "#/definitions/year"}, {"enum": ["full_year", "total"]}]
                    },
                    "additionalProperties": {"$ref": "#/definitions/amount"},
                },
            ),
            "The paper's printed total row, column by column (a year, full_year or total): checked against "
            "the computed total.",
        ),
    ),
    definition="summary",
)

AGENDA_ITEM = Kind(
    "agendaItem",
    "",
    "",
    (
        Field("title", TEXT, "The item's title as printed.", required=True, example="Savings option forms"),
        Field(
            "number",
            TEXT,
            'The item\'s number as printed, e.g. "10" or "10a". Without it, items are numbered 1, 2, 3 in '
            "order.",
            example='"10" or "10a"',
            since="1.1",
        ),
        Field(
            "proposals",
            Shape(
                "list of refs, or {service} / {committee}",
                fragment={
                    "anyOf": [
                        {"type": ["string", "number", "null"]},
                        {"type": "array", "items": {"type": ["string", "number"]}},
                        {
                            "type": "object",
                            "additionalProperties": False,
                            "minProperties": 1,
                            "maxProperties": 1,
                            "properties": {
                                "service": {
                                    "$ref": "#/definitions/text",
                                    "description": "Every proposal of this service.",
                                },
                                "committee": {
                                    "$ref": "#/definitions/text",
                                    "description": "Every proposal that lists this "
                                    "committee: 'this' for the "
                                    "meeting's own.",
                                },
                            },
                        },
                    ]
                },
            ),
            "The proposals of this item: a list of refs ([SC002, SC003]), or every proposal of a service "
            "({service: Waste}) or of a committee ({committee: this}).",
            example="[SC002, SC003]",
        ),
        Field(
            "summary",
            Shape(
                "true, or a summary",
                uses=(Record("record", kind=SUMMARY),),
                fragment={
                    "anyOf": [
                        {"type": ["boolean", "null"]},
                        {
                            "type": "string",
                            "pattern": "^(?:[Tt]rue|TRUE|[Ff]alse|FALSE|[Yy]es|YES|[Nn]o|NO)$",
                        },
                        {"$ref": "#/definitions/summary"},
                    ]
                },
            ),
            "A summary table of the item's proposals: true, or {group_by, columns, unit, total}.",
            example="{group_by: service}",
        ),
        Field(
            "report",
            TEXT,
            "A report of this item: its file name in reports/, e.g. mtfs-2014.",
            example="mtfs-2014",
        ),
        Field("note", MARKDOWN, "Markdown shown under the item: sources, footnotes."),
    ),
    definition="agendaItem",
)

MEETING = Kind(
    "meeting",
    "",
    "",
    (
        Field(
            "date",
            Shape("date", fragment={"allOf": [{"$ref": "#/definitions/date"}, {"type": "string"}]}),
            "The meeting's date, YYYY-MM-DD. A committee meets once a day here.",
            required=True,
            example="2018-01-15",
        ),
        Field(
            "title",
            TEXT,
            "The meeting's title, e.g. Savings proposals 2019/20.",
            example="Savings proposals 2019/20",
        ),
        Field(
            "location",
            TEXT,
            "Where it meets, e.g. Committee Room B, County Hall.",
            example="Committee Room B, County Hall",
        ),
        Field(
            "time",
            Shape(
                "time HH:MM",
                fragment={
                    "type": ["string", "null"],
                    "pattern": "^(?:[01][0-9]|2[0-3]):[0-5][0-9]$",
                    "patternErrorMessage": 'Write the time as HH:MM, 24-hour, e.g. "10:00" or "14:30".',
                },
            ),
            'When it starts, 24-hour HH:MM in UK time, e.g. "10:00" or "14:30". Without a time the meeting '
            "is an all-day event in calendars.",
            example='"10:00" or "14:30"',
        ),
        Field("note", MARKDOWN, "A note shown with the meeting, in Markdown."),
        Field(
            "agenda",
            ListOf("list", kind=AGENDA_ITEM),
            "The agenda items, in order: the pack follows them.",
            example="[{title: Savings option forms, proposals: [SC002, SC003]}]",
        ),
    ),
    definition="meeting",
)

COMMITTEE = Kind(
    "committee",
    "committees/<slug>.yaml",
    "A committee, its meetings and their agendas: committees/<slug>.yaml. Its file name is what proposals"
    " list under committees:.",
    (
        Field(
            "name",
            TEXT,
            "The committee's name, e.g. Budget Scrutiny Working Group.",
            example="Budget Scrutiny Working Group",
            required=True,
        ),
        Field("description", MARKDOWN, "What the committee does, in Markdown."),
        Field(
            "meetings",
            ListOf("list", kind=MEETING),
            "The committee's meetings, each with its date, title, place and agenda.",
            example="[{date: 2018-01-15, title: Savings proposals 2019/20}]",
        ),
    ),
)
