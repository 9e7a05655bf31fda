"""Broken content files, each with the message it must give: read by the tests of broken input and of
the editor schemas."""

from __future__ import annotations

from dataclasses import dataclass

from .content import COMMITTEE, PROPOSAL, SITE

# Nine levels of nine: a billion "lol"s if the aliases were followed to the end.
BOMB = "".join(
    f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9 if i else ["lol"] * 9) + "]\n" for i in range(10)
)


FIFTY_MB = 50 * 1024 * 1024


@dataclass
class Bad:
    files: dict  # relative path -> text or bytes (None: no such file)
    problem: str  # the start of the message a clerk must see: "file:line: error: …"

    @property
    def where(self) -> str:
        return self.problem.split(": error:")[0]


def p(old: str, new: str) -> str:
    """The test proposal with one piece changed."""
    assert old in PROPOSAL
    return PROPOSAL.replace(old, new)


BAD = {
    "unclosed bracket": Bad(
        {"proposals/sc001.yaml": p("[budget]", "[budget")},
        "proposals/sc001.yaml:5: error: YAML cannot be read here (did not find expected ',' or ']')",
    ),
    "unclosed quote": Bad(
        {"proposals/sc001.yaml": p("title: Reduce waste", 'title: "Reduce waste')},
        "proposals/sc001.yaml:12: error: YAML cannot be read here (found unexpected "
        "end of stream): check the indentation and quoting on this line and the one "
        "before it (scanning a quoted scalar that starts on line 2)",
    ),
    "colon in a value": Bad(
        {"proposals/sc001.yaml": p("title: Reduce waste", "title: Waste: less")},
        "proposals/sc001.yaml:2: error: YAML cannot be read here (mapping values "
        "are not allowed in this context): a value contains ': ' — put the whole "
        "value in quotes",
    ),
    "tab indentation": Bad(
        {"proposals/sc001.yaml": p("  2020/21", "\t2020/21")},
        "proposals/sc001.yaml:10: error: YAML cannot be read here (found a tab "
        "character that violates indentation): YAML does not allow tabs for "
        "indentation: indent with spaces",
    ),
    "duplicate key": Bad(
        {"proposals/sc001.yaml": PROPOSAL + "title: Again\n"},
        "proposals/sc001.yaml:12: error: 'title' is given twice in this mapping (first on line 2): keep one",
    ),
    "billion laughs": Bad(
        {"proposals/sc001.yaml": PROPOSAL + "notes: x\n" + BOMB},
        "proposals/sc001.yaml:13: error: the document expands to more than 200,000 "
        "values (anchors and aliases multiplying?)",
    ),
    "alias inside itself": Bad(
        {"proposals/sc001.yaml": PROPOSAL + "notes: &loop [*loop]\n"},
        "proposals/sc001.yaml:12: error: an alias (*name) is used inside the value its anchor (&name) marks",
    ),
    "nested 200 deep": Bad(
        {"proposals/sc001.yaml": PROPOSAL + "notes: " + "[" * 200 + "]" * 200},
        "proposals/sc001.yaml:12: error: lists and mappings are nested more than 50 deep here",
    ),
    "nested 5000 deep": Bad(
        {"proposals/sc001.yaml": PROPOSAL + "notes: " + "[" * 5000 + "]" * 5000},
        "proposals/sc001.yaml:12: error: ",
    ),
    "two documents": Bad(
        {"proposals/sc001.yaml": PROPOSAL + "---\nref: SC002\n"},
        "proposals/sc001.yaml:12: error: YAML cannot be read here (but found another document)",
    ),
    "merge key": Bad(
        {"proposals/sc001.yaml": PROPOSAL + "notes: &n {a: 1}\nfacts: [{<<: *n}]\n"},
        "proposals/sc001.yaml:13: error: merge keys (<<) are not supported: write the fields out",
    ),
    "field name a list": Bad(
        {"proposals/sc001.yaml": PROPOSAL + "? [a, b]\n: c\n"},
        "proposals/sc001.yaml:12: error: a field name must be plain text",
    ),
    "empty file": Bad(
        {"proposals/sc001.yaml": ""},
        "proposals/sc001.yaml:1: error: this file is empty: fill it in, or delete it",
    ),
    "only comments": Bad(
        {"proposals/sc001.yaml": "# to do\n\n   \n"}, "proposals/sc001.yaml:1: error: this file is empty"
    ),
    "every field missing": Bad(
        {"proposals/sc001.yaml": "{}\n"}, "proposals/sc001.yaml:1: error: a proposal needs 'ref'"
    ),
    "a proposal that is a list": Bad(
        {"proposals/sc001.yaml": "- ref: SC001\n- title: Waste\n"},
        "proposals/sc001.yaml:1: error: a proposal must be a mapping of 'field: value' lines, e.g. ref: …",
    ),
    "a proposal that is a string": Bad(
        {"proposals/sc001.yaml": "Reduce waste\n"},
        "proposals/sc001.yaml:1: error: a proposal must be a mapping",
    ),
    "a proposal that is a number": Bad(
        {"proposals/sc001.yaml": "\n\n42\n"}, "proposals/sc001.yaml:3: error: a proposal must be a mapping"
    ),
    "title a list": Bad(
        {"proposals/sc001.yaml": p("title: Reduce waste", "title: [a, b]")},
        "proposals/sc001.yaml:2: error: 'title' must be text, not a list",
    ),
    "committees a mapping": Bad(
        {"proposals/sc001.yaml": p("[budget]", "{budget: yes}")},
        "proposals/sc001.yaml:4: error: 'committees' must be a list",
    ),
    "baseline a number": Bad(
        {"proposals/sc001.yaml": p("{year: 2018/19, gross: 8.064, income: 0.600, net: 7.464}", "8.064")},
        "proposals/sc001.yaml:7: error: 'baseline' must be a mapping",
    ),
    "profile a list": Bad(
        {"proposals/sc001.yaml": PROPOSAL.split("budget_change:")[0] + "budget_change: [-0.250, 0.000]\n"},
        "proposals/sc001.yaml:8: error: 'budget_change' must be a mapping",
    ),
    "total a mapping": Bad(
        {"proposals/sc001.yaml": p("total: -0.250", "total: {a: 1}")},
        "proposals/sc001.yaml:11: error: 'total' must be an amount, not a list or mapping",
    ),
    "status a list": Bad(
        {"proposals/sc001.yaml": p("status: proposed", "status: [proposed]")},
        "proposals/sc001.yaml:5: error: 'status' must be text, not a list",
    ),
    "tables of numbers": Bad(
        {"proposals/sc001.yaml": PROPOSAL + "tables: [[1, 2]]\n"},
        "proposals/sc001.yaml:12: error: a table must be a mapping",
    ),
    "sections a number": Bad(
        {"proposals/sc001.yaml": PROPOSAL + "sections: 5\n"},
        "proposals/sc001.yaml:12: error: 'sections' must be a list",
    ),
    "summary columns a word": Bad(
        {
            "committees/budget.yaml": COMMITTEE.replace(
                "{group_by: service}", "{group_by: service, columns: 2019-20}"
            )
        },
        "committees/budget.yaml:8: error: summary column '2019-20' is not a financial year",
    ),
    "unknown field": Bad(
        {"proposals/sc001.yaml": PROPOSAL + "totl: 1\n"},
        "proposals/sc001.yaml:12: error: unknown field 'totl' in a proposal: did you mean 'total'?",
    ),
    "year written with a dash": Bad(
        {"proposals/sc001.yaml": p("start_year: 2019/20", "start_year: 2019-20")},
        "proposals/sc001.yaml:6: error: 'start_year' '2019-20' is not a financial year",
    ),
    "amount in words": Bad(
        {"proposals/sc001.yaml": p("total: -0.250", "total: a quarter")},
        "proposals/sc001.yaml:11: error: 'total': 'a quarter' is not an amount",
    ),
    "site.yaml a list": Bad(
        {"site.yaml": "- council: Test\n"}, "site.yaml:1: error: site.yaml must be a mapping"
    ),
    "site years a string": Bad(
        {"site.yaml": SITE.replace("[2019/20, 2020/21]", "2019/20")},
        "site.yaml:4: error: 'years' must be a list",
    ),
    "no site.yaml": Bad({"site.yaml": None}, "site.yaml: error: site.yaml is missing"),
    "committee a string": Bad(
        {"committees/budget.yaml": "Budget Scrutiny\n"},
        "committees/budget.yaml:1: error: a committee must be a mapping",
    ),
    "meeting date in words": Bad(
        {"committees/budget.yaml": COMMITTEE.replace("2018-01-15", "15th January")},
        "committees/budget.yaml:3: error: meeting date '15th January' is not a date: write YYYY-MM-DD",
    ),
    "agenda a string": Bad(
        {"committees/budget.yaml": "name: B\nmeetings:\n  - date: 2018-01-15\n    agenda: Savings\n"},
        "committees/budget.yaml:4: error: 'agenda' must be a list",
    ),
    "report front matter a list": Bad(
        {"reports/paper.md": "---\n- a\n---\nBody\n"},
        "reports/paper.md:2: error: the report's front matter must be a mapping",
    ),
    "report front matter broken": Bad(
        {"reports/paper.md": "---\ntitle: Paper\ndate: [2018\n---\nB\n"},
        "reports/paper.md:4: error: YAML cannot be read here",
    ),
    "latin-1 £ sign": Bad(
        {"proposals/sc001.yaml": p("title: Reduce waste", "title: Save £1m").encode("latin-1")},
        "proposals/sc001.yaml:2: error: byte 0xa3 is not UTF-8 text: save the file as UTF-8",
    ),
    "UTF-16": Bad(
        {"proposals/sc001.yaml": PROPOSAL.encode("utf-16")},
        "proposals/sc001.yaml:1: error: byte 0xff is not UTF-8 text",
    ),
    "a picture named .yaml": Bad(
        {"proposals/sc001.yaml": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))},
        "proposals/sc001.yaml:1: error: byte 0x89 is not UTF-8 text",
    ),
    "NUL bytes": Bad(
        {"proposals/sc001.yaml": PROPOSAL.encode() + b"notes: a\x00b\n"},
        "proposals/sc001.yaml:12: error: the character U+0000 cannot be in a YAML file",
    ),
    "a control character": Bad(
        {"proposals/sc001.yaml": PROPOSAL + "notes: bell \x07 here\n"},
        "proposals/sc001.yaml:12: error: the character U+0007 cannot be in a YAML file",
    ),
    "50 MB": Bad(
        {"proposals/sc001.yaml": PROPOSAL.encode() + b"notes: " + b"x" * FIFTY_MB},
        "proposals/sc001.yaml: error: this file is 50.0 MB; content files are limited to 5 MB",
    ),
    "50 MB report": Bad(
        {"reports/paper.md": b"---\ntitle: Paper\n---\n" + b"word " * (FIFTY_MB // 5)},
        "reports/paper.md: error: this file is 50.0 MB",
    ),
}


def write_files(root, files: dict) -> None:
    for rel, data in files.items():
        path = root / rel
        if data is None:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8", newline="")
