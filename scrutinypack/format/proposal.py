"""proposals/<slug>.yaml: one savings proposal, as the paper printed it."""

from __future__ import annotations

from .fields import (
    AMOUNT,
    BASIS,
    MARKDOWN,
    PROFILE,
    REFS,
    TEXT,
    UNIT,
    YEAR,
    Choice,
    Field,
    Kind,
    ListOf,
    Record,
    Shape,
)
from .shapes import ANSWER, BASELINE_FIGURE
from .table import TABLE

ITEM = Kind(
    "item",
    "",
    "",
    (
        Field("number", TEXT, 'The sub-item\'s number as printed, e.g. "1".', example='"1"'),
        Field("title", TEXT, "The sub-item's title.", example="Review of placements"),
        Field("description", MARKDOWN, "What the sub-item is, in Markdown."),
        Field("impact", MARKDOWN, "Its impact, in Markdown."),
        Field(
            "budget_change",
            PROFILE,
            "Its budget change per year (a saving negative), if the record uses budget_change.",
        ),
        Field(
            "savings",
            PROFILE,
            "Its saving per year (a saving positive), if the record uses savings.",
            example='{2019/20: 982, 2020/21: "6,112"}',
        ),
        Field("full_year", AMOUNT, "Its full-year effect as printed.", example='"17,901"'),
        Field(
            "fte",
            Shape(
                "amount or profile",
                fragment={"anyOf": [{"$ref": "#/definitions/amount"}, {"$ref": "#/definitions/profile"}]},
            ),
            "Its full-time-equivalent posts: per year, or one figure or word.",
            example="{2019/20: -1.50}",
        ),
    ),
    definition="item",
    rules={"not": {"required": ["budget_change", "savings"]}},
)

STATUS = Choice(
    "choice",
    options=("proposed", "consultation", "approved", "rejected", "withdrawn", "delivered"),
    labels=("Proposed", "Out to consultation", "Approved", "Rejected", "Withdrawn", "Delivered"),
)

BLOCK = Kind(
    "block",
    "",
    "",
    (
        Field("label", TEXT, "The row's label as printed, e.g. Recurrent or Temporary.", example="Temporary"),
        Field(
            "years",
            PROFILE,
            "The row's figure per financial year.",
            required=True,
            example="{2019/20: 3.00, 2020/21: -3.00}",
        ),
        Field("total", AMOUNT, "The row's printed total; checked against its years.", example="0.00"),
        Field("note", MARKDOWN, "A note printed under the row, in Markdown."),
    ),
)

BLOCKS = ListOf(
    "list of blocks",
    "blocks",
    kind=BLOCK,
    nullable=False,
    description="Labelled rows of figures, in printed order, each with its own years and total.",
)

BASELINE = Kind(
    "baseline",
    "",
    "The budget the saving comes out of: its year and gross, income and net figures. Each figure may be "
    "printed in labelled parts.",
    (
        Field("year", YEAR, "The baseline's financial year, e.g. 2018/19.", example="2018/19"),
        Field("gross", BASELINE_FIGURE, "The gross budget (spending before income), as printed."),
        Field(
            "income",
            BASELINE_FIGURE,
            "The income, as printed. It is subtracted by its size: gross − income = net.",
        ),
        Field(
            "net", BASELINE_FIGURE, "The net budget, as printed. The checks compare it with gross − income."
        ),
        Field("note", MARKDOWN, "Markdown shown under the baseline figures."),
    ),
    definition="baseline",
    nullable=True,
)

REPORTED = Kind(
    "reported",
    "",
    "",
    (
        Field("body", TEXT, "The body it went before, e.g. Cabinet.", example="Cabinet", required=True),
        Field(
            "date",
            Shape(
                "date",
                fragment={
                    "type": ["string", "null"],
                    "pattern": "^[0-9]{4}-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?$",
                    "patternErrorMessage": "Write a date as YYYY-MM-DD, or a month as YYYY-MM.",
                },
            ),
            "The date, YYYY-MM-DD, or the month, YYYY-MM, where the paper gives no day.",
            example="2017-09",
        ),
        Field("item", TEXT, 'The agenda item, as printed, e.g. "6".', example='"6"'),
        Field("appendix", TEXT, "The appendix, as printed, e.g. D.", example="D"),
        Field(
            "printed",
            TEXT,
            "The reference exactly as printed, e.g. Sept 17 Item 6 App D.",
            example="Sept 17 Item 6 App D",
        ),
    ),
    definition="reported",
)

SECTION = Kind(
    "section",
    "",
    "",
    (
        Field("heading", TEXT, "The section's heading as printed.", example="Background"),
        Field(
            "level",
            Shape("2, 3 or 4", fragment={"enum": [2, 3, 4, "2", "3", "4", None]}),
            "The heading level: 2 (the default), 3 or 4, for papers with nested headings.",
            example="3",
        ),
        Field(
            "body",
            MARKDOWN,
            'The section\'s text, in Markdown. Empty or absent: shown as "Left blank in the paper."',
        ),
        Field(
            "tables",
            ListOf("list", kind=TABLE),
            "Money tables placed right after the section's body.",
            example='[{columns: [Item, "2019/20"], rows: [[Placements, "100,000"]]}]',
        ),
    ),
    definition="section",
)

PERCENTAGE = Kind(
    "percentage",
    "",
    "",
    (
        Field(
            "label",
            TEXT,
            "What the percentage is, e.g. Saving as a share of current budget.",
            example="Saving as a share of current budget",
        ),
        Field("part", AMOUNT, 'The part, e.g. "£3.2m".', example='"£3.2m"', required=True),
        Field("whole", AMOUNT, 'The whole, e.g. "£32.3m".', example='"£32.3m"', required=True),
        Field(
            "stated",
            Shape(
                "percentage",
                fragment={
                    "anyOf": [
                        {"type": "number"},
                        {
                            "type": "string",
                            "pattern": "^\\s*[-−]?[0-9]+(?:\\.[0-9]+)?\\s*%?\\s*$",
                            "patternErrorMessage": "Write a percentage as printed, e.g. 9.9%.",
                        },
                    ]
                },
            ),
            'The percentage as printed, e.g. "9.9%".',
            example='"9.9%"',
            required=True,
        ),
    ),
    definition="percentage",
)

FACT = Kind(
    "facts",
    "",
    "",
    (
        Field("label", TEXT, "What the fact is, as printed.", required=True, example="MTFS budget codes"),
        Field("value", TEXT, "The fact, as printed.", example='"S2, S6"'),
    ),
)

OTHER_REF = Kind(
    "other_refs",
    "",
    "",
    (
        Field("ref", TEXT, "The other ref, as printed.", required=True, example="SC003"),
        Field("title", TEXT, "Its title, as printed.", example="Reduce opening hours"),
    ),
)

PROPOSAL = Kind(
    "proposal",
    "proposals/<slug>.yaml",
    "One savings proposal, as the paper printed it: proposals/<slug>.yaml. Only ref and title are "
    "required. Copy words and figures exactly as printed; 'scrutinypack check' checks the arithmetic.",
    (
        Field(
            "ref",
            TEXT,
            "The proposal's reference exactly as printed, e.g. SC002. It must be unique in the site.",
            example="SC002",
            required=True,
        ),
        Field(
            "title",
            TEXT,
            "The proposal's title as printed.",
            required=True,
            example="Reduce non-recyclable waste disposal at HWRCs",
        ),
        Field(
            "service",
            TEXT,
            "The service the proposal belongs to, e.g. Waste. Proposals are grouped by service in the "
            "summary tables and on the services pages.",
            example="Waste",
        ),
        Field(
            "directorate",
            TEXT,
            "The directorate, as printed.",
            example="Growth, Environment, Transport and Community Services",
        ),
        Field(
            "committees",
            REFS,
            "The committees that look at this proposal: the file names of committees/ files, e.g. "
            "[budget-scrutiny].",
            example="[budget-scrutiny]",
        ),
        Field("status", STATUS, "Where the proposal stands.", example="proposed"),
        Field(
            "start_year",
            YEAR,
            "The financial year the saving starts, written YYYY/YY, e.g. 2019/20.",
            example="2019/20",
        ),
        Field("owner", TEXT, "The senior responsible officer.", example="Jane Example"),
        Field("project_code", TEXT, "The project or budget code, as printed.", example="TR001543"),
        Field(
            "unit",
            UNIT,
            "What a bare figure in this record means, when it differs from site.yaml: pounds, k (£000) or m"
            " (£m).",
        ),
        Field(
            "baseline",
            Record("record", kind=BASELINE),
            "",
            example="{year: 2018/19, gross: 8.064, income: 0.600, net: 7.464}",
        ),
        Field(
            "budget_change",
            PROFILE,
            "The change to the budget in each financial year, signed as printed: a saving is negative "
            "(-0.250). Use savings instead where the paper prints savings as positive figures; never both.",
            markdown_description="The change to the budget in each financial year, **signed as printed**: a saving is negative.\n\n```yaml\nbudget_change:\n  2019/20: -0.250\n  2020/21: 0.000\n```\n\nUse `savings:` instead where the paper prints savings as positive figures; never both.",
        ),
        Field(
            "savings",
            PROFILE,
            "The saving in each financial year, where the paper prints savings as positive figures (as "
            "Hampshire and Cambridgeshire do). Use budget_change instead where the paper prints a saving as"
            " negative; never both.",
            example="{2019/20: 0.250, 2020/21: 0.000}",
        ),
        Field(
            "profile_basis",
            BASIS,
            "discrete (each year's figure is that year's change) or cumulative (the running position).",
        ),
        Field(
            "profile_note",
            MARKDOWN,
            "A footnote printed under the budget change (or savings) profile, in Markdown.",
        ),
        Field(
            "total",
            AMOUNT,
            "The total of the profile as printed. The checks compare it with the sum of the years.",
            example="-0.250",
        ),
        Field("full_year", AMOUNT, "The full-year effect as printed.", example="-0.500"),
        Field(
            "fte",
            Shape(
                "amount, profile or list of blocks",
                uses=(BLOCKS,),
                fragment={
                    "anyOf": [
                        {"$ref": "#/definitions/amount"},
                        {"$ref": "#/definitions/profile"},
                        {"$ref": "#/definitions/blocks"},
                    ]
                },
            ),
            "Full-time-equivalent posts: per year (2019/20: -1.5), a single word or figure for the whole "
            "(TBC, N/A), or a list of labelled blocks (Recurrent, Temporary) each with its own years and "
            "total.",
            markdown_description='Full-time-equivalent posts, one of:\n\n- per year: `{2019/20: -1.50, 2020/21: 0.00}`\n- one word or figure for the whole: `TBC`, `N/A`\n- labelled blocks, as forms print "Recurrent:" and "Temporary:" rows:\n\n```yaml\nfte:\n  - label: Temporary\n    years: {2019/20: 3.00, 2020/21: -3.00}\n    total: 0.00\n```',
            example="{2019/20: 0.00}",
        ),
        Field(
            "fte_total",
            AMOUNT,
            "The printed total of the fte years; checked like total. Not with a list of fte blocks: give "
            "each block its own total.",
            example="0.00",
        ),
        Field(
            "fte_note",
            MARKDOWN,
            "A note printed with the FTE figures, in Markdown.",
            example="Temporary posts.",
        ),
        Field(
            "investment",
            Shape(
                "profile or list of blocks",
                uses=(BLOCKS,),
                fragment={"anyOf": [{"$ref": "#/definitions/profile"}, {"$ref": "#/definitions/blocks"}]},
            ),
            "Invest to save: the investment needed per financial year, or a list of labelled blocks each "
            "with its own years and total.",
            example="{2019/20: 0.000}",
        ),
        Field(
            "investment_total",
            AMOUNT,
            "The printed total of the investment years; checked like total. Not with a list of investment "
            "blocks.",
            example="0.000",
        ),
        Field("investment_note", MARKDOWN, "A note printed with the investment figures, in Markdown."),
        Field("description", MARKDOWN, "The description of the proposal, in Markdown."),
        Field("decisions", MARKDOWN, "The decisions needed, in Markdown."),
        Field("impact", MARKDOWN, "The impact on people and services, in Markdown."),
        Field("actions", MARKDOWN, "What will be done, and when, in Markdown."),
        Field(
            "consultation",
            ANSWER,
            "Whether consultation is needed: {required: true, note: ...}, or the answer as printed (No, Not"
            " required, Yes - completed).",
        ),
        Field(
            "risks",
            Shape(
                "Markdown, or list of {risk, mitigation}",
                fragment={
                    "anyOf": [
                        {"$ref": "#/definitions/markdown"},
                        {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "additionalProperties": False,
                                "properties": {
                                    "risk": {
                                        "$ref": "#/definitions/markdown",
                                        "description": "What could go wrong, in Markdown.",
                                    },
                                    "mitigation": {
                                        "$ref": "#/definitions/markdown",
                                        "description": "What will be done about it, in Markdown.",
                                    },
                                },
                            },
                        },
                    ]
                },
            ),
            "The risks, as Markdown text or as a list of {risk, mitigation} pairs.",
            example="[{risk: Markdown text, mitigation: Markdown text}]",
        ),
        Field(
            "equality",
            ANSWER,
            "Whether an equality analysis is needed: {required: true, note: ...}, or the answer as printed.",
        ),
        Field(
            "reported",
            ListOf("list", kind=REPORTED),
            "Where and when the proposal went before a body (Cabinet, a committee).",
            example='[{body: Cabinet, date: 2017-09-07, item: "6", appendix: D}]',
        ),
        Field(
            "sections",
            ListOf("list", kind=SECTION),
            "Free narrative, in printed order (business cases): each a heading, a Markdown body and any "
            "tables.",
            example="[{heading: Background, body: Markdown text}]",
        ),
        Field(
            "tables",
            ListOf(
                "list",
                kind=TABLE,
                example='[{caption: Table 1 cost avoidance, unit: pounds, columns: [Item, "2019/20"], rows: '
                '[[Placements, "100,000"]]}]',
            ),
            "Money tables inside the proposal, as printed.",
        ),
        Field("notes", MARKDOWN, "Markdown shown at the end of the page: footnotes, sources."),
        Field(
            "facts",
            ListOf("list", kind=FACT),
            "Anything printed that has no field of its own, as {label, value} pairs shown in order, e.g. "
            '{label: MTFS budget codes, value: "S2, S6"}.',
            example='{label: MTFS budget codes, value: "S2, S6"}',
        ),
        Field(
            "other_refs",
            ListOf("list", kind=OTHER_REF),
            "Further refs this record covers (one business case for two planning refs): a list of {ref, "
            "title}. Agendas may name them.",
            example="[{ref: SC003, title: Reduce opening hours}]",
        ),
        Field(
            "items",
            ListOf("list", kind=ITEM),
            "Numbered sub-items of the proposal, each with its own figures, in the record's unit and sign "
            "convention.",
            example='[{number: "1", savings: {2019/20: 982}, full_year: "17,901"}]',
        ),
        Field(
            "percentages",
            ListOf("list", kind=PERCENTAGE),
            "Stated percentages to check: part ÷ whole × 100 must agree with stated.",
            example='[{part: "£3.2m", whole: "£32.3m", stated: "9.9%"}]',
        ),
    ),
    rules={
        "allOf": [
            {
                "not": {"required": ["budget_change", "savings"]},
                "errorMessage": "A record has budget_change or savings, never both: keep the one "
                "the paper printed.",
            },
            {"dependencies": {"fte_total": ["fte"], "investment_total": ["investment"]}},
            {
                "if": {"required": ["fte"], "properties": {"fte": {"type": "array"}}},
                "then": {"not": {"required": ["fte_total"]}},
            },
            {
                "if": {"required": ["investment"], "properties": {"investment": {"type": "array"}}},
                "then": {"not": {"required": ["investment_total"]}},
            },
            {
                "if": {"required": ["budget_change"]},
                "then": {
                    "properties": {
                        "items": {"type": ["array", "null"], "items": {"not": {"required": ["savings"]}}}
                    }
                },
            },
            {
                "if": {"required": ["savings"]},
                "then": {
                    "properties": {
                        "items": {
                            "type": ["array", "null"],
                            "items": {"not": {"required": ["budget_change"]}},
                        }
                    }
                },
            },
        ]
    },
)
