"""The shapes of values that many fields share, as the editor schemas write them: text, an
amount (the money pattern accepts what ``money.parse_amount`` reads), a financial year ...
Each is one entry of a schema's ``definitions``; a field's type names the one it is.
"""

from __future__ import annotations

from typing import Any

from .fields import Type

#: A financial year YYYY/YY whose second part is the year after the first (99/00 too).
YEAR_PATTERN = "^[0-9]{2}(?:" + "|".join(f"{y:02d}/{(y + 1) % 100:02d}" for y in range(100)) + ")$"

DEFINITIONS: dict[str, dict[str, Any]] = {
    "text": {"description": "Text, shown as written.", "type": ["string", "number", "boolean", "null"]},
    "requiredText": {"type": ["string", "number", "boolean"], "minLength": 1},
    "markdown": {
        "description": "Markdown text: a blank line starts a new paragraph, '- ' a list item.",
        "type": ["string", "number", "boolean", "null"],
    },
    "textList": {
        "anyOf": [
            {"type": ["string", "number", "boolean"]},
            {"type": ["array", "null"], "items": {"type": ["string", "number", "boolean"]}},
        ]
    },
    "unit": {"enum": ["pounds", "k", "m", None]},
    "profileBasis": {
        "description": "discrete (the default: each year's figure is that year's change, and the "
        "years add up to the total) or cumulative (each year's figure is the running "
        "position, so the years are never added up). Overrides site.yaml for this "
        "record.",
        "enum": ["discrete", "cumulative", None],
    },
    "year": {
        "description": "A financial year, written YYYY/YY, the second part the year after the first: "
        "2019/20.",
        "type": ["string", "null"],
        "pattern": YEAR_PATTERN,
        "patternErrorMessage": "Write a financial year as YYYY/YY, the second part the year after the "
        "first, e.g. 2019/20.",
    },
    "date": {
        "description": "A date, written YYYY-MM-DD.",
        "type": ["string", "null"],
        "pattern": "^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$",
        "patternErrorMessage": "Write a date as YYYY-MM-DD, e.g. 2019-01-15.",
    },
    "amount": {
        "description": 'An amount written as printed: 8.064, -0.250, "1,224,000", "£8.064m", "£250k", '
        '"(0.250)" for a negative printed in brackets; or N/A, TBC, nil, a dash, or '
        "null where the paper gives no figure. A bare number is in the record's unit.",
        "markdownDescription": 'An amount written **as printed**: `8.064`, `-0.250`, `"1,224,000"`, '
        '`"£8.064m"`, `"£250k"`, `"(0.250)"` (a negative printed in brackets). '
        "`N/A`, `TBC`, `nil`, a dash or `null` where the paper gives no "
        "figure: kept as written, never zero. A bare number is in the record's "
        "unit.",
        "anyOf": [
            {"type": ["number", "null"]},
            {
                "type": "string",
                "pattern": "^\\s*(?:[Nn]/?[Aa]|[Tt][Bb][CcAa]|[Nn][Ii][Ll]|[Nn][Uu][Ll][Ll]|[-–—]|[Nn][Oo][Tt] "
                "[Kk][Nn][Oo][Ww][Nn]|(?:[-−–+]\\s*(?:£\\s*)?|£\\s*[-−–+]?)?(?=\\.?[0-9])(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)?(?:\\.[0-9]+)?\\s*(?:[kKmM]|bn)?\\s*(?:\\*+|†|‡)?|\\(\\s*(?:[-−–+]\\s*(?:£\\s*)?|£\\s*[-−–+]?)?(?=\\.?[0-9])(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)?(?:\\.[0-9]+)?\\s*(?:[kKmM]|bn)?\\s*(?:\\*+|†|‡)?\\s*\\)\\s*(?:\\*+|†|‡)?)?\\s*$",
                "patternErrorMessage": "Not an amount: write it as printed, e.g. 8.064, -0.250, "
                '"1,224,000", "£8.064m", "£250k", or N/A / TBC / nil.',
            },
        ],
    },
    "requiredAmount": {"allOf": [{"$ref": "#/definitions/amount"}, {"not": {"type": "null"}}]},
    "profile": {
        "description": "A figure per financial year: YYYY/YY: amount, in printed order.",
        "type": ["object", "null"],
        "propertyNames": {"$ref": "#/definitions/year"},
        "additionalProperties": {"$ref": "#/definitions/amount"},
    },
    "flag": {
        "description": "true or false (yes or no).",
        "anyOf": [
            {"type": ["boolean", "null"]},
            {
                "type": "string",
                "pattern": "^(?:[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee]|[Yy](?:[Ee][Ss])?|[Nn][Oo]?|[Oo][Nn]|[Oo][Ff][Ff]|[Nn][Uu][Ll][Ll])?$",
                "patternErrorMessage": "Write true or false.",
            },
        ],
    },
    "answer": {
        "anyOf": [
            {"type": ["string", "number", "boolean", "null"]},
            {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "required": {
                        "$ref": "#/definitions/flag",
                        "description": "Whether it is needed: true or false.",
                    },
                    "note": {
                        "$ref": "#/definitions/markdown",
                        "description": "Why not, or how, in Markdown.",
                    },
                },
            },
        ]
    },
    "baselineFigure": {
        "anyOf": [
            {"$ref": "#/definitions/amount"},
            {
                "description": "A figure printed in labelled parts; the figure is their sum.",
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["amount"],
                    "properties": {
                        "label": {
                            "$ref": "#/definitions/text",
                            "description": "The part's label as printed, e.g. High Needs.",
                        },
                        "amount": {
                            "$ref": "#/definitions/requiredAmount",
                            "description": "The part's amount as printed.",
                        },
                    },
                },
            },
        ]
    },
    "cell": {"type": ["string", "number", "boolean", "null"]},
    "row": {
        "description": 'A row of cells: [Label, "1,000", ...]. Quote amounts with commas.',
        "type": "array",
        "items": {"$ref": "#/definitions/cell"},
    },
    "summaryColumn": {"anyOf": [{"enum": ["full_year", "total"]}, {"$ref": "#/definitions/year"}]},
}

FLAG = Type("true or false", "flag", "flag", "true")
ANSWER = Type("answer (yes/no and a note)", "answer", "answer", "{required: true, note: Consulted in May}")
BASELINE_FIGURE = Type(
    "amount, or a list of {label, amount} parts", "baselineFigure", "baselineFigure", '"£8.064m"'
)
ROW = Type("table row", "row", "row", '[Total, "1,000", "2,000"]')
