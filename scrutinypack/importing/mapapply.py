"""A map file says how one council's forms become records; this module applies it.

The map is YAML a clerk writes (docs/importing.md), read by mapfile.py. A document is read as
a stream of pieces (each paragraph and each table cell). The headings carried over several
records come out of the stream, and a pattern, a heading or a label says where each record
starts (recordstarts.py); a field may be found by its place (the record's first piece, the piece
before a label). Within a record, every label the map names cuts the stream, and the pieces
after a label, up to the next label, are that field's. So a value in the next cell, in the next row or in the next
paragraph is found alike, and any piece no field takes is reported, never silently dropped.

Every figure keeps the text it was printed with: it is checked with the project's money
parser but never converted. Two other shapes of map are applied elsewhere: ``rows`` (a table
of records, rows.py) and ``report`` (the whole paper as a report, report.py).
"""

from __future__ import annotations

import re

from ..problems import Problem
from .document import Document, Piece, Source
from .fieldkinds import FIELD_KINDS, section_value, text_value
from .mapshape import (
    LONGEST_LABEL,
    DocumentMap,
    Record,
    Result,
    Rule,
    Unplaced,
    in_order,
    merge,
    norm,
    put,
    status_of,
)
from .numbering import Numberer
from .patterns import Match
from .recordstarts import carried, placed, starts
from .rows import apply_rows
from .units import Stated, label_unit


def apply_map(document: Document, doc_map: DocumentMap, known: dict[str, str] | None = None) -> Result:
    """The records the map finds; ``known``: the refs numbered before, by title (numbering.py)."""
    numberer = Numberer(doc_map.numbering, known or {}) if doc_map.numbering else None
    if doc_map.rows is not None:
        return apply_rows(document, doc_map, numberer)
    result = Result()
    pieces, given = carried(document.pieces(), doc_map.carry)
    found = starts(pieces, doc_map)
    before = pieces[: found[0][0]] if found else pieces
    result.unplaced += [Unplaced("", p.source, p.text) for p in before if p.text]
    for number, (index, match) in enumerate(found):
        end = found[number + 1][0] if number + 1 < len(found) else len(pieces)
        result.records.append(_record(pieces[index:end], match, given[index], doc_map, result, numberer))
    return result


def _record(
    pieces: list[Piece], start: Match | None, given: dict, doc_map: DocumentMap, result: Result, numberer
) -> Record:
    fields: dict = {}
    for key, value in given.items():
        put(fields, key, value)
    for key, value in (start.groupdict() if start is not None else {}).items():
        if value is not None:
            put(fields, key, value.strip())
    status = status_of(doc_map, [p.text for p in pieces])
    if status is not None:
        fields["status"] = status
    ref = fields.get("ref", "")  # or, when the start does not print it, a field's
    source = pieces[0].source
    unplaced_before = len(result.unplaced)
    by_place, rest = placed(doc_map, pieces, start is not None)
    found = set()
    for rule in doc_map.rules:
        if id(rule) in by_place:
            found.add(id(rule))
            _fill(rule, [by_place[id(rule)]], fields, None, ref, result)
    spans = _spans(rest[1:] if start is not None else rest, doc_map)
    _labelled(spans, found, fields, ref, source, result)
    if not ref and not fields.get("ref") and numberer is not None:  # the paper prints none
        fields["ref"] = numberer.ref(str(fields.get("title", "")))
    if not ref and fields.get("ref"):
        ref = fields["ref"]
        for unplaced in result.unplaced[unplaced_before:]:
            unplaced.ref = ref
    result.warnings += _missing(doc_map, found, fields, spans, source, ref)
    return Record(ref, _with_ref(doc_map.fixed, fields, ref), source)


Span = tuple[Rule | None, Match | bool, list[Piece], Piece | None]


def _spans(pieces: list[Piece], doc_map: DocumentMap) -> list[Span]:
    """The record's pieces cut at each label: (its rule, the label's match, the pieces after
    it, the label's piece); the pieces before the first label come first, with no rule."""
    labelled = [rule for rule in doc_map.rules if not rule.before and not rule.position]
    spans: list[Span] = [(None, False, [], None)]
    for piece in pieces:
        rule, match = None, False
        if piece.text and len(piece.text) <= LONGEST_LABEL:
            words = norm(piece.text)
            found_rules = [(rule, m) for rule in labelled if (m := rule.matches(piece, words))]
            if found_rules:  # the most specific label wins: "Scope / …" over "Scope"
                rule, match = max(
                    found_rules,
                    key=lambda rm: len(rm[0].label) if not isinstance(rm[1], Match) else len(rm[1][0]),
                )
        if rule is not None:
            spans.append((rule, match, [], piece))
        else:
            spans[-1][2].append(piece)
    return spans


def _labelled(spans: list[Span], found: set, fields: dict, ref: str, source: Source, result: Result) -> None:
    """Each label's field from the pieces after it; a label printed twice is a warning."""
    for rule, match, span, label in spans:
        if rule is None:
            result.unplaced += [Unplaced(ref, p.source, p.text) for p in span if p.text]
            continue
        if id(rule) in found and rule.kind != "section":
            result.warnings.append(
                Problem(
                    source.file,
                    0,
                    "label-twice",
                    f"the form prints '{rule.shown}' twice; the second "
                    "is left out (its text is listed below)",
                    "warning",
                    ref,
                )
            )
            result.unplaced += [Unplaced(ref, p.source, p.text) for p in span if p.text]
            continue
        found.add(id(rule))
        if isinstance(match, Match):
            for group, target in rule.groups.items():
                if match.groupdict().get(group):
                    put(fields, target, match[group].strip())
        _fill(rule, span, fields, label, ref, result)


def _fill(rule: Rule, span: list[Piece], fields: dict, label: Piece | None, ref: str, result: Result) -> None:
    """The rule's field from its pieces; the pieces it leaves are listed as not placed."""
    if rule.kind == "text":
        leftover = text_value(rule, span, fields, _after_label(rule, label.text) if label else "")
    elif rule.kind == "section":
        leftover = section_value(rule, span, fields, label.text if label else "")
    else:
        leftover = FIELD_KINDS[rule.kind](rule, span, fields)
    if rule.kind == "years" and label is not None and "unit" not in fields:  # 'Savings (£000)'
        unit = label_unit(label.text)
        if unit is not None and rule.into[0].split(".")[0] in fields:
            fields["unit"] = Stated(unit)
    result.unplaced += [Unplaced(ref, p.source, p.text) for p in leftover if p.text]


def _missing(
    doc_map: DocumentMap, found: set, fields: dict, spans, source: Source, ref: str
) -> list[Problem]:
    """A warning for each field the form lacks, and for a table of figures that gave none."""
    out = []
    for rule in doc_map.rules:
        if id(rule) not in found and not rule.optional:
            what = f"'{rule.shown}'" if not (rule.before or rule.position) else rule.shown
            out.append(
                Problem(
                    source.file,
                    0,
                    "label-missing",
                    f"the form has no {what}, so '{', '.join(rule.into)}' is not imported",
                    "warning",
                    ref,
                )
            )
    for rule, _match, span, _label in spans:
        targets = rule.into + list(rule.rows.values()) + list(rule.columns.values()) if rule else []
        if rule is not None and rule.kind == "years" and any(p.text for p in span):
            if not any(_get(fields, name) is not None for name in targets):
                out.append(
                    Problem(
                        source.file,
                        0,
                        "no-figures",
                        f"'{rule.shown}' has no figures the map can read: no row of years "
                        "(2020/21, … Total) over a row of figures; name any other column or "
                        "labelled row with 'columns:' or 'rows:' (docs/importing.md, step 5)",
                        "warning",
                        ref,
                    )
                )
    return out


def _get(fields: dict, path: str):
    for key in path.split("."):
        fields = fields.get(key) if isinstance(fields, dict) else None
    return fields


def _with_ref(fixed, fields: dict, ref: str) -> dict:
    """The fixed fields, then the record's own; "{ref}" in a fixed text is the record's ref."""
    merged = merge(fixed, fields)
    for key, value in merged.items():
        if isinstance(value, str) and key not in fields and ref and "{ref}" in value:
            merged[key] = value.replace("{ref}", ref)
    return in_order(merged)


def _after_label(rule: Rule, text: str) -> str:
    """The value printed in the label's own cell after a colon: 'Service Name: Waste'."""
    if rule.pattern is not None:
        return ""
    words = list(re.finditer(r"[^\W_]+", text))
    count = len(rule.label.split())
    rest = text[words[count - 1].end() :] if len(words) >= count else ""
    return rest.lstrip()[1:].strip() if rest.lstrip().startswith(":") else ""
