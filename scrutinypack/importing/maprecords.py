"""A forms map's ``records:``: where each record starts (a pattern, a heading level, or the
piece before a label), how records without a printed ref are numbered, the headings carried
down onto the records after them, and the status a pattern gives."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..content import validate
from ..content.yamldoc import Map, Seq
from ..format.proposal import PROPOSAL, STATUS
from .mapshape import DocumentMap, norm
from .patterns import Pattern, compile_pattern

START_FIELDS = ("pattern", "heading", "before")
NUMBER_FIELDS = ("prefix", "digits", "start")
CARRY_FIELDS = ("heading", "pattern", "into")


@dataclass
class Numbering:
    """Refs for records the paper prints none for: prefix, then a number from ``start``."""

    prefix: str
    digits: int
    start: int

    def ref(self, number: int) -> str:
        return f"{self.prefix}{number:0{self.digits}d}"

    def number(self, ref: str) -> int | None:
        """The number of a ref this numbering made, or None."""
        match = re.fullmatch(re.escape(self.prefix) + r"(\d+)", ref)
        return int(match[1]) if match else None


@dataclass
class Carry:
    """A heading over several records: its text (or its pattern's parts) fills ``into`` for
    every record after it, until the next such heading."""

    line: int
    heading: int = 0
    pattern: Pattern | None = None
    into: str = ""


def read_records(r: validate.Reader, records: Map, doc_map: DocumentMap, ref_field: bool) -> None:
    """The start, numbering, carried headings and status patterns of ``records:``."""
    start = records.get("start")
    line = records.line_of("start")
    if isinstance(start, Map):
        spec = r.mapping(start, line, "'start'", START_FIELDS)
        if spec is not None and sum(key in spec for key in START_FIELDS) != 1:
            r.problem(
                line, "invalid-value", "'start' is one of: a pattern, 'heading: 2' or 'before: <label>'"
            )
        elif spec is not None:
            _start_parts(r, spec, doc_map)
    elif start is not None:
        doc_map.start = pattern(r, start, line)
    if records.get("ref") is not None:
        doc_map.numbering = numbering(r, records["ref"], records.line_of("ref"))
    takes_ref = doc_map.start is not None and "ref" in doc_map.start.groupindex
    if not (takes_ref or ref_field or doc_map.numbering):
        r.problem(
            line,
            "no-ref",
            "a records map needs each record's ref: take it in the 'start' pattern with "
            "(?P<ref>…), e.g. 'Reference – (?P<ref>\\S+)', from a field ('into: ref'), "
            "or number the records ('ref: {prefix: NS-, digits: 2}')",
        )
    for index, entry in enumerate(r.sequence(records.get("carry"), records.line_of("carry"), "'carry'")):
        carry = _carry(r, entry, records["carry"].line_of(index))
        if carry is not None:
            doc_map.carry.append(carry)
    read_statuses(r, records, doc_map)
    if doc_map.start_heading and any(c.heading == doc_map.start_heading for c in doc_map.carry):
        r.problem(
            line,
            "invalid-value",
            f"records start at each Heading {doc_map.start_heading}, and 'carry' takes the same "
            "headings: carry a heading of another level, or start the records another way",
        )


def read_statuses(r: validate.Reader, m: Map, doc_map: DocumentMap) -> None:
    """'status: {consultation: <pattern>}': the status of a record that prints the pattern."""
    statuses = m.get("status")
    if statuses is not None:
        for status, text in (
            r.mapping(statuses, m.line_of("status"), "'status'", STATUS.options) or {}
        ).items():
            made = pattern(r, text, statuses.line_of(status))
            if made is not None:
                doc_map.statuses.append((str(status), made))


def _start_parts(r: validate.Reader, spec: Map, doc_map: DocumentMap) -> None:
    if "pattern" in spec:
        doc_map.start = pattern(r, spec["pattern"], spec.line_of("pattern"))
    elif "heading" in spec:
        doc_map.start_heading = heading_level(r, spec, "heading")
    else:
        doc_map.start_before = norm(str(spec["before"]))


def heading_level(r: validate.Reader, m: Map, key: str) -> int:
    """'heading: 2' or 'heading: Heading 2': Word's heading of that level."""
    found = re.fullmatch(r"(?:heading\s*)?([1-9])", str(m[key]).strip(), re.IGNORECASE)
    if not found:
        r.problem(m.line_of(key), "invalid-value", f"'{key}' is a heading level, 1 to 9 (Heading 2 is 2)")
        return 0
    return int(found[1])


def numbering(r: validate.Reader, value, line: int) -> Numbering | None:
    spec = r.mapping(value, line, "'ref'", NUMBER_FIELDS)
    if spec is None:
        return None
    numbers = {}
    for key, default in (("digits", 1), ("start", 1)):
        text = str(spec.get(key, default)).strip()
        if not text.isdigit():
            r.problem(spec.line_of(key), "invalid-value", f"'{key}' is a whole number, e.g. {key}: {default}")
            return None
        numbers[key] = int(text)
    return Numbering(str(spec.get("prefix") or ""), numbers["digits"], numbers["start"])


def _carry(r: validate.Reader, entry, line: int) -> Carry | None:
    spec = r.mapping(entry, line, "a carried heading", CARRY_FIELDS)
    if spec is None:
        return None
    if ("heading" in spec) == ("pattern" in spec):
        r.problem(
            spec.line, "missing-field", "a carried heading needs a 'heading' level or a 'pattern', not both"
        )
        return None
    carry = Carry(spec.line, into=r.text(spec, "into"))
    if "heading" in spec:
        carry.heading = heading_level(r, spec, "heading")
    else:
        carry.pattern = pattern(r, spec["pattern"], spec.line_of("pattern"))
    names = [carry.into] if carry.into else list(carry.pattern.groupindex) if carry.pattern else []
    if not names:
        r.problem(
            spec.line,
            "missing-field",
            "a carried heading needs 'into' (the field it fills), or (?P<field>…) parts",
        )
    for name in names:
        if name.split(".")[0] not in PROPOSAL.names():
            r.problem(spec.line, "unknown-field", f"'{name}' is not a field of a proposal")
    return carry


def pattern(r: validate.Reader, text, line: int, ignore_case: bool = True) -> Pattern | None:
    made = compile_pattern(str(text), r.file, line, ignore_case)
    if isinstance(made, str):
        r.problem(
            line,
            "bad-pattern",
            f"the pattern {str(text)!r} cannot be read ({made}): docs/importing.md shows how patterns are written",
        )
        return None
    return made


def texts(value) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, Seq) else [str(value)]
