"""A document map's shape: its rules, records and result, shared by reading a map
(mapfile.py) and applying one (maps.py, rows.py, report.py, fieldkinds.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..content import validate
from ..content.yamldoc import Map, Scalar, plain
from ..format.proposal import PROPOSAL
from ..problems import Problem
from .document import Piece, Source
from .patterns import Match, Pattern
from .place import Text

if TYPE_CHECKING:
    from .maprecords import Carry, Numbering
    from .report import ReportMap

KINDS = ("text", "amount", "year", "answer", "markdown", "years", "risks", "reported", "section")
RULE_FIELDS = (
    "label",
    "pattern",
    "into",
    "as",
    "split",
    "groups",
    "note",
    "total",
    "risk",
    "mitigation",
    "optional",
    "body",
    "first",
    "value",
    "level",
    "rows",
    "columns",
    "before",
    "position",
)
RECORD_FIELDS = ("start", "fixed", "layout", "ref", "carry", "status")
ROWS_FIELDS = ("columns", "ref", "skip", "end", "fixed", "start", "items", "layout", "status")
#: How a forms map's field finds its piece: by its label, a pattern, or its place.
PLACES = ("label", "pattern", "before", "position")
MAP_FIELDS = ("records", "fields", "rows", "report", "monitoring")
#: A label is short: a long paragraph that happens to begin with a label's words is narrative.
LONGEST_LABEL = 200


def norm(text: str) -> str:
    """A label as compared: case, spaces and punctuation do not matter."""
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


@dataclass
class Rule:
    line: int
    shown: str  # the label (or pattern) as the map writes it
    into: list[str]
    kind: str = "text"
    label: str = ""  # normalised
    pattern: Pattern | None = None
    split: list[str] = field(default_factory=list)
    groups: dict[str, str] = field(default_factory=dict)
    note: str = ""
    total: str = ""
    risk: list[str] = field(default_factory=list)
    mitigation: list[str] = field(default_factory=list)
    optional: bool = False
    body: str = ""  # reported: the body it went to
    first: list[str] = field(default_factory=list)  # grouped rows: fields the start row's cell gives
    value: Pattern | None = None  # text: a pattern whose named parts are fields
    level: str = ""  # section: its heading level
    rows: dict[str, str] = field(default_factory=dict)  # years: a labelled row's field (FTE: fte)
    columns: dict[str, str] = field(default_factory=dict)  # years: a named column's field
    before: str = ""  # the piece just before this label (normalised) is the field's
    position: str = ""  # first: the record's first piece is the field's

    def matches(self, piece: Piece, words: str) -> Match | bool:
        """Is the piece (whose normalised text is ``words``) this field's label?"""
        if self.pattern is not None:
            return self.pattern.match(piece.text) or False
        return words == self.label or words.startswith(self.label + " ")


@dataclass
class DocumentMap:
    file: str
    start: Pattern | None = None
    start_heading: int = 0  # or: a record starts at each heading of this level
    start_before: str = ""  # or: at the piece before each of this label (normalised)
    numbering: Numbering | None = None  # refs for records the paper prints none for
    carry: list[Carry] = field(default_factory=list)
    statuses: list[tuple[str, Pattern]] = field(default_factory=list)
    fixed: Map | None = None
    rules: list[Rule] = field(default_factory=list)
    rows: Map | None = None  # a one-record-per-row table: see rows.py
    end: Pattern | None = None  # its 'end', and its items' 'number'
    number: Pattern | None = None
    columns: list = field(default_factory=list)  # its (heading, Rule or None), in order
    columns_layout: bool = False  # text whose lines are whole rows (readers/text.py)
    report: ReportMap | None = None  # the whole paper as reports/<slug>.md: see report.py
    monitoring: object = None  # a delivery table as monitoring/<slug>.yaml: see monitoring.py


@dataclass
class Record:
    ref: str
    fields: dict
    source: Source  # where the record starts


@dataclass
class Unplaced:
    ref: str  # the record it was in ("" before the first)
    source: Source
    text: str


@dataclass
class Result:
    records: list[Record] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)


def is_document_map(data) -> bool:
    return isinstance(data, Map) and any(key in data for key in MAP_FIELDS)


def no_records(doc_map: DocumentMap) -> str:
    """Why a map found no record, in the words of its own kind."""
    if doc_map.rows is not None and doc_map.start is not None:
        return "no record starts in it: the rows map's 'start' matches no row's first cell"
    if doc_map.rows is not None:
        headings = ", ".join(heading for heading, _ in doc_map.columns)
        return f"no record in it: no row prints the rows map's headings ({headings}) in order"
    if doc_map.start_heading:
        return f"no record starts in it: the records map starts at a Heading {doc_map.start_heading}, and it has none"
    if doc_map.start_before:
        return "no record starts in it: the records map's 'start: before' label is printed nowhere"
    return "no record starts in it: the records map's 'start' matches no paragraph or cell"


def status_of(doc_map: DocumentMap, texts) -> str | None:
    """The status the first of the map's status patterns found anywhere in ``texts`` gives."""
    texts = [t for t in texts if t]
    return next(
        (status for status, pattern in doc_map.statuses if any(pattern.search(t) for t in texts)), None
    )


def put(fields: dict, path: str, value) -> None:
    keys = path.split(".")
    for key in keys[:-1]:
        fields = fields.setdefault(key, {})
    fields[keys[-1]] = value


def as_written(value):
    """A map's values as plain values; text the map quotes ('item: "10"') stays text."""
    if isinstance(value, dict):
        return {str(key): as_written(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_written(item) for item in value]
    if isinstance(value, Scalar) and value.kind == "str":
        return Text(value)
    return plain(value)


def merge(fixed: Map | None, fields: dict) -> dict:
    out = as_written(fixed) if fixed is not None else {}
    for key, value in fields.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = {**out[key], **value}
        else:
            out[key] = value
    return out


def in_order(fields: dict, names: tuple | None = None) -> dict:
    order = {name: i for i, name in enumerate(names or PROPOSAL.names())}
    out = {key: fields[key] for key in sorted(fields, key=lambda k: order.get(k, len(order)))}
    for key in ("budget_change", "savings", "fte", "investment"):
        if isinstance(out.get(key), dict):
            out[key] = dict(sorted(out[key].items()))
    if isinstance(out.get("baseline"), dict):
        inner = {name: i for i, name in enumerate(validate.BASELINE_FIELDS)}
        out["baseline"] = dict(sorted(out["baseline"].items(), key=lambda kv: inner.get(kv[0], 9)))
    return out
