"""A map file says how one council's forms become records; this module reads it and applies it.

The map is YAML a clerk writes (docs/importing.md). A document is read as a stream of pieces
(each paragraph and each table cell). A pattern says where each record starts; within a
record, every label the map names cuts the stream, and the pieces after a label, up to the
next label, are that field's. So a value in the next cell, in the next row or in the next
paragraph is found alike, and any piece no field takes is reported, never silently dropped.

Every figure keeps the text it was printed with: it is checked with the project's money
parser but never converted. Two other shapes of map are applied elsewhere: ``rows`` (a table
of records, rows.py) and ``report`` (the whole paper as a report, report.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..content import validate
from ..content.yamldoc import Map, Scalar, Seq, plain
from ..format.proposal import PROPOSAL
from ..money import MoneyError, parse_amount
from ..problems import Problem
from .document import Document, Piece, Source
from .patterns import Match, Pattern, compile_pattern

if TYPE_CHECKING:
    from .report import ReportMap

KINDS = ("text", "amount", "year", "answer", "markdown", "years", "risks", "reported", "section")
RULE_FIELDS = ("label", "pattern", "into", "as", "split", "groups", "note", "total", "risk",
               "mitigation", "optional", "body", "first", "value", "level")
RECORD_FIELDS = ("start", "fixed", "layout")
ROWS_FIELDS = ("columns", "ref", "skip", "end", "fixed", "start", "items", "layout")
MAP_FIELDS = ("records", "fields", "rows", "report", "monitoring")
#: A label is short: a long paragraph that happens to begin with a label's words is narrative.
LONGEST_LABEL = 200
YEAR = re.compile(r"(\d{4})\s*/\s*(\d{2}|\d{4})")
_AMOUNT_FIRST = re.compile(r"(\S+)\s*(.*)", re.DOTALL)
_BULLET = re.compile(r"^[·•▪◦●○§o]\s+|^[-–]\s+")
_UNIT_CELL = re.compile(r"£?\s*(m|k|000|£000|£m|£k|£)\s*", re.IGNORECASE)


def norm(text: str) -> str:
    """A label as compared: case, spaces and punctuation do not matter."""
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


@dataclass
class Rule:
    line: int
    shown: str                         # the label (or pattern) as the map writes it
    into: list[str]
    kind: str = "text"
    label: str = ""                    # normalised
    pattern: Pattern | None = None
    split: list[str] = field(default_factory=list)
    groups: dict[str, str] = field(default_factory=dict)
    note: str = ""
    total: str = ""
    risk: list[str] = field(default_factory=list)
    mitigation: list[str] = field(default_factory=list)
    optional: bool = False
    body: str = ""                     # reported: the body it went to
    first: list[str] = field(default_factory=list)   # grouped rows: fields the start row's cell gives
    value: Pattern | None = None    # text: a pattern whose named parts are fields
    level: str = ""                    # section: its heading level

    def matches(self, piece: Piece, words: str) -> Match | bool:
        """Is the piece (whose normalised text is ``words``) this field's label?"""
        if self.pattern is not None:
            return self.pattern.match(piece.text) or False
        return words == self.label or words.startswith(self.label + " ")


@dataclass
class DocumentMap:
    file: str
    start: Pattern | None = None
    fixed: Map | None = None
    rules: list[Rule] = field(default_factory=list)
    rows: Map | None = None             # a one-record-per-row table: see rows.py
    end: Pattern | None = None          # its 'end', and its items' 'number'
    number: Pattern | None = None
    columns: list = field(default_factory=list)   # its (heading, Rule or None), in order
    columns_layout: bool = False        # text whose lines are whole rows (readers/text.py)
    report: ReportMap | None = None     # the whole paper as reports/<slug>.md: see report.py
    monitoring: object = None           # a delivery table as monitoring/<slug>.yaml: see monitoring.py


@dataclass
class Record:
    ref: str
    fields: dict
    source: Source                      # where the record starts


@dataclass
class Unplaced:
    ref: str                            # the record it was in ("" before the first)
    source: Source
    text: str


@dataclass
class Result:
    records: list[Record] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)


# -- reading the map -----------------------------------------------------------------------

def is_document_map(data) -> bool:
    return isinstance(data, Map) and any(key in data for key in MAP_FIELDS)


def read_map(data: Map, name: str) -> tuple[DocumentMap | None, list[Problem]]:
    r = validate.Reader(name)
    r.mapping(data, data.line, "the map", MAP_FIELDS)
    doc_map = DocumentMap(name)
    if "report" in data:
        from .report import read_report_map
        doc_map.report = read_report_map(r, data["report"])
        doc_map.columns_layout = _layout(r, data["report"])
        return (doc_map, []) if not r.problems else (None, r.problems)
    if "monitoring" in data:
        from .monitoring import read_monitoring_map
        doc_map.monitoring = read_monitoring_map(r, data["monitoring"])
        doc_map.columns_layout = _layout(r, data["monitoring"])
        return (doc_map, []) if not r.problems else (None, r.problems)
    if "rows" in data:
        doc_map.rows = r.mapping(data["rows"], data.line_of("rows"), "'rows'", ROWS_FIELDS,
                                 ("columns",))
        if doc_map.rows is not None:
            doc_map.fixed = _fixed(r, doc_map.rows)
            doc_map.columns = read_columns(r, doc_map.rows)
            if doc_map.rows.get("start"):
                doc_map.start = _start(r, doc_map.rows)
            doc_map.columns_layout = _layout(r, doc_map.rows)
            doc_map.end, doc_map.number = _rows_patterns(r, doc_map.rows)
            _nested(r, [rule for _, rule in doc_map.columns if rule is not None])
        return (doc_map, []) if not r.problems else (None, r.problems)
    records = r.mapping(data.get("records"), data.line_of("records"), "'records'", RECORD_FIELDS,
                        ("start",))
    for index, entry in enumerate(r.sequence(data.get("fields"), data.line_of("fields"), "'fields'")):
        rule = _rule(r, entry, data["fields"].line_of(index))
        if rule is not None:
            doc_map.rules.append(rule)
    if records is not None and records.get("start"):
        doc_map.start = _start(r, records, any("ref" in rule.into or "ref" in rule.groups.values()
                                               for rule in doc_map.rules))
        doc_map.fixed = _fixed(r, records)
        doc_map.columns_layout = _layout(r, records)
    _nested(r, doc_map.rules)
    if not doc_map.rules and not r.problems:
        r.problem(data.line, "missing-field", "the map needs 'fields': which label gives which field")
    return (doc_map, []) if not r.problems else (None, r.problems)


def _start(r: validate.Reader, m: Map, ref_field: bool = False) -> Pattern | None:
    start = _pattern(r, m["start"], m.line_of("start"))
    if start is not None and "ref" not in start.groupindex and not ref_field:
        r.problem(m.line_of("start"), "no-ref",
                  "the 'start' pattern must take the record's ref, e.g. "
                  "'Reference – (?P<ref>\\S+)': (?P<ref>…) marks it")
    return start


def _layout(r: validate.Reader, m) -> bool:
    """Is the text laid out a whole table row a line ('layout: columns')?"""
    return isinstance(m, Map) and r.choice(m, "layout", ("cells", "columns"), "cells") == "columns"


def _fixed(r: validate.Reader, m: Map) -> Map | None:
    if m is None or m.get("fixed") is None:
        return None
    return r.mapping(m["fixed"], m.line_of("fixed"), "'fixed'", PROPOSAL.names())


def _pattern(r: validate.Reader, text, line: int, ignore_case: bool = True) -> Pattern | None:
    made = compile_pattern(str(text), r.file, line, ignore_case)
    if isinstance(made, str):
        r.problem(line, "bad-pattern", f"the pattern {str(text)!r} cannot be read ({made}): "
                                       "docs/importing.md shows how patterns are written")
        return None
    return made


def _rows_patterns(r: validate.Reader, rows: Map) -> tuple[Pattern | None, Pattern | None]:
    """A rows map's 'end' and its items' 'number' (a numbered part's mark)."""
    end = _pattern(r, rows["end"], rows.line_of("end")) if rows.get("end") else None
    items = rows.get("items")
    written = items.get("number") if isinstance(items, Map) else None
    number = _pattern(r, written or r"(\d+)[.)]\s+",
                      items.line_of("number") if written else rows.line_of("items"), False)
    return end, number


def _nested(r: validate.Reader, rules: list[Rule]) -> None:
    """A field is filled whole or in parts: a rule cannot put a part ('title.part') into a
    field another rule fills whole ('title')."""
    whole = {}
    for rule in rules:
        for name in rule.into:
            whole.setdefault(name, rule.line)
    for rule in rules:
        for name in rule.into:
            keys = name.split(".")
            outer = next((".".join(keys[:n]) for n in range(1, len(keys))
                          if ".".join(keys[:n]) in whole), None)
            if outer is not None:
                r.problem(rule.line, "invalid-value",
                          f"'into: {name}' puts a part into '{outer}', which the field at line "
                          f"{whole[outer]} fills whole: a field is filled whole or in parts, "
                          "so keep one of them")


def _rule(r: validate.Reader, entry, line: int, heading: str | None = None) -> Rule | None:
    """A field of a forms map; or, with ``heading``, a column of a rows map (its label is the
    heading, and it may be written as just the field's name)."""
    if heading is not None and isinstance(entry, Scalar):
        spec = Map.empty(line)
        spec["into"] = entry
        entry = spec
    what = f"the column '{heading}'" if heading is not None else "a field of the map"
    m = r.mapping(entry, line, what, RULE_FIELDS, ("into",))
    if m is None:
        return None
    if heading is None and ("label" in m) == ("pattern" in m):
        r.problem(m.line, "missing-field", "each field of the map needs a 'label' (or a 'pattern'), "
                                           "not both")
        return None
    into = m["into"]
    names = [str(v) for v in into] if isinstance(into, Seq) else [str(into)] if into else []
    rule = Rule(m.line, heading or str(m.get("label") or m.get("pattern")), names,
                r.choice(m, "as", KINDS, "text"), split=_texts(m.get("split")),
                note=r.text(m, "note"), total=r.text(m, "total"),
                risk=_texts(m.get("risk")) or ["risk"],
                mitigation=_texts(m.get("mitigation")) or ["mitigation"],
                optional=r.text(m, "optional").lower() in ("true", "yes"), body=r.text(m, "body"),
                first=_texts(m.get("first")))
    if heading is not None or "label" in m:
        rule.label = norm(heading if heading is not None else str(m["label"]))
    else:
        rule.pattern = _pattern(r, m["pattern"], m.line_of("pattern"))
    if isinstance(m.get("groups"), Map):
        rule.groups = {str(k): str(v) for k, v in m["groups"].items()}
    if m.get("value"):
        rule.value = _pattern(r, m["value"], m.line_of("value"))
        names = list(rule.value.groupindex) if rule.value is not None else []
        rule.groups.update({n: rule.groups.get(n, n) for n in names})
    rule.level = r.text(m, "level")
    for name in rule.into + list(rule.groups.values()) + [rule.note, rule.total] + rule.first:
        if name and name.split(".")[0] not in PROPOSAL.names():
            r.problem(m.line, "unknown-field", f"'{name}' is not a field of a proposal: the fields "
                                               f"are {', '.join(PROPOSAL.names())}")
    if len(rule.into) != (2 if rule.split else 1):
        r.problem(m.line_of("into"), "invalid-value",
                  "'into' names one field, or two with 'split' (e.g. into: [service, title])")
    return rule


def read_columns(r: validate.Reader, rows: Map) -> list[tuple[str, Rule | None]]:
    """Each printed heading with the rule for its cells (None: the column is not imported)."""
    columns = r.mapping(rows.get("columns"), rows.line_of("columns"), "'columns'", None)
    return [(str(heading), _rule(r, spec, columns.line_of(heading), str(heading))
             if spec is not None else None) for heading, spec in (columns or {}).items()]


def _texts(value) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, Seq) else [str(value)]


# -- applying it ---------------------------------------------------------------------------

def apply_map(document: Document, doc_map: DocumentMap) -> Result:
    if doc_map.rows is not None:
        from .rows import apply_rows
        return apply_rows(document, doc_map)
    result = Result()
    pieces = document.pieces()
    starts = [(i, m) for i, piece in enumerate(pieces)
              if piece.text and (m := doc_map.start.match(piece.text))]
    before = pieces[: starts[0][0]] if starts else pieces
    result.unplaced += [Unplaced("", p.source, p.text) for p in before if p.text]
    for number, (index, match) in enumerate(starts):
        end = starts[number + 1][0] if number + 1 < len(starts) else len(pieces)
        result.records.append(_record(pieces[index + 1:end], match, pieces[index].source,
                                      doc_map, result))
    return result


def _record(pieces: list[Piece], start: Match, source: Source, doc_map: DocumentMap,
            result: Result) -> Record:
    fields: dict = {}
    for key, value in start.groupdict().items():
        if value is not None:
            put(fields, key, value.strip())
    ref = fields.get("ref", "")           # or, when the start does not print it, a field's
    unplaced_before = len(result.unplaced)
    spans: list[tuple[Rule | None, Match | bool, list[Piece], Piece | None]] = [
        (None, False, [], None)]
    for piece in pieces:
        rule, match = None, False
        if piece.text and len(piece.text) <= LONGEST_LABEL:
            words = norm(piece.text)
            found_rules = [(rule, m) for rule in doc_map.rules if (m := rule.matches(piece, words))]
            if found_rules:                   # the most specific label wins: "Scope / …" over "Scope"
                rule, match = max(found_rules, key=lambda rm: len(rm[0].label) if not
                                  isinstance(rm[1], Match) else len(rm[1][0]))
        if rule is not None:
            spans.append((rule, match, [], piece))
        else:
            spans[-1][2].append(piece)
    found = set()
    for rule, match, span, label in spans:
        if rule is None:
            result.unplaced += [Unplaced(ref, p.source, p.text) for p in span if p.text]
            continue
        if id(rule) in found and rule.kind != "section":
            result.warnings.append(Problem(
                source.file, 0, "label-twice", f"the form prints '{rule.shown}' twice; the second "
                "is left out (its text is listed below)", "warning", ref))
            result.unplaced += [Unplaced(ref, p.source, p.text) for p in span if p.text]
            continue
        found.add(id(rule))
        if isinstance(match, Match):
            for group, target in rule.groups.items():
                if match.groupdict().get(group):
                    put(fields, target, match[group].strip())
        if rule.kind == "text":
            leftover = _text(rule, span, fields, _after_label(rule, label.text))
        elif rule.kind == "section":
            leftover = _section(rule, span, fields, label.text)
        else:
            leftover = FIELD_KINDS[rule.kind](rule, span, fields)
        result.unplaced += [Unplaced(ref, p.source, p.text) for p in leftover if p.text]
    if not ref and fields.get("ref"):
        ref = fields["ref"]
        for unplaced in result.unplaced[unplaced_before:]:
            unplaced.ref = ref
    for rule in doc_map.rules:
        if id(rule) not in found and not rule.optional:
            result.warnings.append(Problem(
                source.file, 0, "label-missing",
                f"the form has no '{rule.shown}', so '{', '.join(rule.into)}' is not imported",
                "warning", ref))
    return Record(ref, in_order(merge(doc_map.fixed, fields)), source)


def _after_label(rule: Rule, text: str) -> str:
    """The value printed in the label's own cell after a colon: 'Service Name: Waste'."""
    if rule.pattern is not None:
        return ""
    words = list(re.finditer(r"[^\W_]+", text))
    count = len(rule.label.split())
    rest = text[words[count - 1].end():] if len(words) >= count else ""
    return rest.lstrip()[1:].strip() if rest.lstrip().startswith(":") else ""


def put(fields: dict, path: str, value) -> None:
    keys = path.split(".")
    for key in keys[:-1]:
        fields = fields.setdefault(key, {})
    fields[keys[-1]] = value


def merge(fixed: Map | None, fields: dict) -> dict:
    out = plain(fixed) if fixed is not None else {}
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


# -- the kinds of field --------------------------------------------------------------------
# Each takes the pieces after its label and returns those it did not place.

def _values(span: list[Piece]) -> list[Piece]:
    return [p for p in span if p.text]


def _text(rule: Rule, span: list[Piece], fields: dict, inline: str = "") -> list[Piece]:
    """The next cell or paragraph; or the text printed after the label in its own cell
    ('Service Name: Disability Service'), and then, for two fields, the next cell too."""
    values = _values(span)
    if inline and rule.split and values:
        put(fields, rule.into[0], inline)
        put(fields, rule.into[1], values[0].text)
        return _note(rule, values[1:], fields)
    if inline:
        values = [Piece(inline, span[0].source if span else Source(""))] + values
    if not values:
        return []
    text = values[0].text
    value = rule.value.match(text) if rule.value is not None else None
    if value:                                  # a value printed in parts: each part its field
        for group, part in value.groupdict().items():
            if part is not None and part.strip():
                put(fields, rule.groups.get(group, group), part.strip())
        return _note(rule, values[1:], fields)
    if rule.split:
        first, second = _split(text, rule.split)
        if first == second and len(values) > 1:    # no separator: the next line is the second
            second, values = values[1].text, values[1:]
        put(fields, rule.into[0], first)
        put(fields, rule.into[1], second)
    else:
        put(fields, rule.into[0], text)
    return _note(rule, values[1:], fields)


def _split(text: str, separators: list[str]) -> tuple[str, str]:
    """'Waste – Reduce disposal' → ('Waste', 'Reduce disposal'), at the first separator with
    spaces round it and outside brackets; a text with none gives itself twice."""
    depth = 0
    for index, char in enumerate(text):
        depth += (char in "([") - (char in ")]")
        for separator in separators:
            if depth == 0 and text.startswith(f" {separator} ", index):
                return text[:index].strip(), text[index + len(separator) + 2:].strip()
    return text, text


def _note(rule: Rule, rest: list[Piece], fields: dict) -> list[Piece]:
    if rest and rule.note:
        put(fields, rule.note, markdown(rest))
        return []
    return rest


def _amount(rule: Rule, span: list[Piece], fields: dict) -> list[Piece]:
    """One figure, or a figure printed in labelled parts ('£2.622m  High Needs' on each line)."""
    figures, rest = [], []
    for piece in _values(span):
        for line in piece.text.split("\n"):
            head = _AMOUNT_FIRST.match(line.strip())
            if head and _is_amount(head[1]):
                figures.append((head[1], head[2].strip()))
            else:
                rest.append(Piece(line, piece.source, piece.row))
    if len(figures) == 1 and not figures[0][1]:
        put(fields, rule.into[0], figures[0][0])
    elif figures:
        put(fields, rule.into[0], [{"label": label, "amount": amount} for amount, label in figures])
    return _note(rule, rest, fields)


def _is_amount(text: str) -> bool:
    try:
        parse_amount(text, "m")
    except MoneyError:
        return False
    return True


def _year(rule: Rule, span: list[Piece], fields: dict) -> list[Piece]:
    """A financial year, written YYYY/YY; '2020/2021' is read as 2020/21, and the record says
    how the form printed it."""
    values = _values(span)
    if not values:
        return []
    printed = values[0].text
    match = YEAR.fullmatch(printed)
    if match and len(match[2]) == 4 and int(match[2]) == int(match[1]) + 1:
        put(fields, rule.into[0], f"{match[1]}/{match[2][2:]}")
        what = rule.into[0].replace("_", " ").replace(".", " ")
        said = f'The form prints the {what} as "{printed}".'
        fields["notes"] = f"{fields['notes']}\n\n{said}" if fields.get("notes") else said
    else:
        put(fields, rule.into[0], printed)
    return values[1:]


def _answer(rule: Rule, span: list[Piece], fields: dict) -> list[Piece]:
    """A yes-or-no question's answer as printed, with what it means when its first word says
    (and null when it does not); the first piece that answers yes or no is the answer."""
    values = _values(span)
    if not values:
        return []
    answers = [p for p in values if _yes_no(p.text) is not None] or values
    put(fields, rule.into[0], {"required": _yes_no(answers[0].text), "note": answers[0].text})
    return [p for p in values if p is not answers[0]]


def _yes_no(text: str) -> bool | None:
    return {"yes": True, "no": False, "not": False}.get((norm(text).split() or [""])[0])


def _markdown(rule: Rule, span: list[Piece], fields: dict) -> list[Piece]:
    values = _values(span)
    if values:
        put(fields, rule.into[0], markdown(values))
    return []


def markdown(pieces: list[Piece]) -> str:
    """Pieces of narrative as Markdown: a paragraph each; bullets ('·', '•') become '- ' items
    and numbered lines stay numbered, consecutive items making one list; a leading '*' (a
    footnote mark) is kept as a '*', not read as a bullet."""
    out: list[str] = []
    previous_item = False
    for piece in pieces:
        for line in piece.text.split("\n"):
            line = line.strip()
            if not line or _BULLET.fullmatch(line + " "):     # a bullet with nothing after it
                continue
            item = True
            if piece.kind == "list":
                line = "- " + line
            elif _BULLET.match(line):
                line = "- " + _BULLET.sub("", line, count=1)
            elif re.match(r"\d{1,2}[.)]\s", line):
                pass
            else:
                item = False
                if line.startswith(("*", "#", ">", "+")):
                    line = "\\" + line
            out.append(("\n" if item and previous_item else "\n\n" if out else "") + line)
            previous_item = item
    return "".join(out)


def _years(rule: Rule, span: list[Piece], fields: dict) -> list[Piece]:
    """A table of year columns ('2019/20 … Total'), a unit row ('£m'), then the figures;
    rows labelled 'Temporary:' or 'Recurrent:' make labelled blocks, and a note printed
    under the figures is kept (a footnote-marked note under labelled blocks is the last
    block's)."""
    blocks: list[dict] = []
    header: list[str] = []
    label = ""
    notes: list[Piece] = []
    for row in table_rows(span):
        texts = [p.text for p in row]
        filled = [t for t in texts if t]
        if not filled:
            continue
        if len(filled) >= 2 and all(YEAR.fullmatch(t) or norm(t) == "total" for t in filled):
            header = filled
        elif header and all(_UNIT_CELL.fullmatch(t) for t in filled):
            continue
        elif len(filled) == 1 and filled[0].endswith(":") and len(filled[0]) < 40:
            label = filled[0].rstrip(":").strip()
        elif header and len(texts) == len(header):
            years = {h: t or None for h, t in zip(header, texts) if norm(h) != "total"}
            total = next((t for h, t in zip(header, texts) if norm(h) == "total"), None)
            blocks.append({"label": label, "years": years, "total": total})
            label = ""
        else:
            notes += [p for p in row if p.text]
    if not blocks:
        return notes
    if len(blocks) > 1 or blocks[0]["label"]:
        if notes and notes[0].text.startswith("*"):
            blocks[-1]["note"] = markdown(notes)
            notes = []
        put(fields, rule.into[0], [{k: v for k, v in b.items() if v is not None and v != ""}
                                   for b in blocks])
    else:
        put(fields, rule.into[0], blocks[0]["years"])
        if rule.total and blocks[0]["total"] is not None:
            put(fields, rule.total, blocks[0]["total"])
    return _note(rule, notes, fields)


def table_rows(span: list[Piece]) -> list[list[Piece]]:
    """The span's pieces grouped into table rows (a paragraph is a row of its own)."""
    rows: list[list[Piece]] = []
    for piece in span:
        if rows and piece.row is not None and rows[-1][-1].row == piece.row:
            rows[-1].append(piece)
        else:
            rows.append([piece])
    return rows


def _risks(rule: Rule, span: list[Piece], fields: dict) -> list[Piece]:
    """Risks with their mitigations, as pairs, when the form marks them ('RISK:' and
    'Mitigation:' lines, or a table headed Risk | Mitigation); otherwise Markdown."""
    rows = table_rows(_values(span))
    head = next((i for i, row in enumerate(rows) if len(row) == 2
                 and [norm(p.text) for p in row] == [norm(rule.risk[0]), norm(rule.mitigation[0])]),
                None)
    if head is not None:
        pairs = [{"risk": markdown([a]), "mitigation": markdown([b])}
                 for a, b in (row for row in rows[head + 1:] if len(row) == 2)]
        put(fields, rule.into[0], pairs)
        return [p for row in rows[:head] + [r for r in rows[head + 1:] if len(r) != 2] for p in row]
    lines = [Piece(line.strip(), p.source, p.row) for p in _values(span)
             for line in p.text.split("\n") if line.strip()]
    marks = {"risk": [norm(m) for m in rule.risk], "mitigation": [norm(m) for m in rule.mitigation]}

    def marked(text: str, kind: str) -> str | None:
        words = norm(text)
        for mark in marks[kind]:
            if words == mark or words.startswith(mark + " "):
                return re.sub(r"^\W*\w+\s*[:–-]?\s*", "", text, count=1) if words != mark else ""
        return None

    if not any(marked(p.text, "mitigation") is not None for p in lines):
        put(fields, rule.into[0], markdown(lines))
        return []
    pairs: list[dict] = []
    risk: list[Piece] = []
    waiting = False           # a 'Mitigation' standing alone: the next line is the mitigation
    following: list[Piece] = []   # the lines of a mitigation that stood alone: its bullets
    for piece in lines:
        mitigation = marked(piece.text, "mitigation")
        if waiting or (following and mitigation is None and _BULLET.match(piece.text)):
            following.append(piece)
            pairs[-1]["mitigation"] = markdown(following)
            waiting = False
        elif mitigation is not None:
            pairs.append({"risk": markdown(risk), "mitigation": mitigation})
            risk, following = [], []
            waiting = not mitigation
        else:
            following = []
            text = marked(piece.text, "risk")
            risk.append(Piece(text if text else piece.text, piece.source, piece.row))
    if risk:
        pairs.append({"risk": markdown(risk), "mitigation": ""})
    put(fields, rule.into[0], pairs)
    return []


MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
                                      "sep", "oct", "nov", "dec"), 1)}
_REPORTED = re.compile(r"(?P<month>[A-Za-z]{3,9})\.?\s+(?:20)?(?P<year>\d{2})\s+Item\s+(?P<item>\S+)"
                       r"(?:\s+App(?:endix)?\s+(?P<appendix>\S+))?", re.IGNORECASE)


def _reported(rule: Rule, span: list[Piece], fields: dict) -> list[Piece]:
    """Where a proposal was reported, as printed ('Sept 17 Item 6 App D'), with its month,
    item and appendix when the text says them that way."""
    values = _values(span)
    if not values:
        return []
    printed = " ".join(p.text for p in values)
    entry: dict = {"body": rule.body or "Cabinet"}
    match = _REPORTED.fullmatch(printed)
    month = MONTHS.get(match["month"][:3].lower()) if match else None
    if match and month:
        entry.update({"date": f"20{match['year']}-{month:02d}", "item": match["item"]})
        if match["appendix"]:
            entry["appendix"] = match["appendix"]
    entry["printed"] = printed
    put(fields, rule.into[0], [entry])
    return []


def _section(rule: Rule, span: list[Piece], fields: dict, heading: str) -> list[Piece]:
    """A heading and what follows it up to the next label: its paragraphs as Markdown, and
    each table in it (a first row of headings; a last row starting 'Total' its total) as a
    money table, captioned by a paragraph just before it that begins 'Table'."""
    section: dict = {"heading": heading.strip()}
    if rule.level:
        section["level"] = rule.level
    text: list[Piece] = []
    tables: list[dict] = []
    rows = [row for row in table_rows(span) if any(p.text for p in row)]
    index = 0
    while index < len(rows):
        if len(rows[index]) < 2:
            text += rows[index]
            index += 1
            continue
        start = index                         # a table: the rows as wide as its first
        while index < len(rows) and len(rows[index]) == len(rows[start]):
            index += 1
        table: dict = {}
        if text and text[-1].text.lower().startswith("table"):
            table["caption"] = text.pop().text
        cells = [[p.text for p in row] for row in rows[start:index]]
        table["columns"] = cells[0]
        body = cells[1:]
        if body and norm(body[-1][0]).startswith("total"):
            table["total"] = body.pop()
        table["rows"] = body
        tables.append(dict(sorted(table.items(), key=lambda kv: validate.TABLE_FIELDS.index(kv[0]))))
    if text:
        section["body"] = markdown(text)
    if tables:
        section["tables"] = tables
    fields.setdefault(rule.into[0], []).append(section)
    return []


FIELD_KINDS = {"text": _text, "amount": _amount, "year": _year, "answer": _answer,
                "markdown": _markdown, "years": _years, "risks": _risks, "reported": _reported}

