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

from ..problems import Problem
from .document import Document, Piece, Source
from .fieldkinds import FIELD_KINDS, section_value, text_value
from .mapshape import LONGEST_LABEL, DocumentMap, Record, Result, Rule, Unplaced, in_order, merge, norm, put
from .patterns import Match
from .rows import apply_rows


def apply_map(document: Document, doc_map: DocumentMap) -> Result:
    if doc_map.rows is not None:
        return apply_rows(document, doc_map)
    result = Result()
    pieces = document.pieces()
    starts = [
        (i, m) for i, piece in enumerate(pieces) if piece.text and (m := doc_map.start.match(piece.text))
    ]
    before = pieces[: starts[0][0]] if starts else pieces
    result.unplaced += [Unplaced("", p.source, p.text) for p in before if p.text]
    for number, (index, match) in enumerate(starts):
        end = starts[number + 1][0] if number + 1 < len(starts) else len(pieces)
        result.records.append(_record(pieces[index + 1 : end], match, pieces[index].source, doc_map, result))
    return result


def _record(
    pieces: list[Piece], start: Match, source: Source, doc_map: DocumentMap, result: Result
) -> Record:
    fields: dict = {}
    for key, value in start.groupdict().items():
        if value is not None:
            put(fields, key, value.strip())
    ref = fields.get("ref", "")  # or, when the start does not print it, a field's
    unplaced_before = len(result.unplaced)
    spans: list[tuple[Rule | None, Match | bool, list[Piece], Piece | None]] = [(None, False, [], None)]
    for piece in pieces:
        rule, match = None, False
        if piece.text and len(piece.text) <= LONGEST_LABEL:
            words = norm(piece.text)
            found_rules = [(rule, m) for rule in doc_map.rules if (m := rule.matches(piece, words))]
            if found_rules:  # the most specific label wins: "Scope / …" over "Scope"
                rule, match = max(
                    found_rules,
                    key=lambda rm: len(rm[0].label) if not isinstance(rm[1], Match) else len(rm[1][0]),
                )
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
        if rule.kind == "text":
            leftover = text_value(rule, span, fields, _after_label(rule, label.text))
        elif rule.kind == "section":
            leftover = section_value(rule, span, fields, label.text)
        else:
            leftover = FIELD_KINDS[rule.kind](rule, span, fields)
        result.unplaced += [Unplaced(ref, p.source, p.text) for p in leftover if p.text]
    if not ref and fields.get("ref"):
        ref = fields["ref"]
        for unplaced in result.unplaced[unplaced_before:]:
            unplaced.ref = ref
    for rule in doc_map.rules:
        if id(rule) not in found and not rule.optional:
            result.warnings.append(
                Problem(
                    source.file,
                    0,
                    "label-missing",
                    f"the form has no '{rule.shown}', so '{', '.join(rule.into)}' is not imported",
                    "warning",
                    ref,
                )
            )
    return Record(ref, in_order(merge(doc_map.fixed, fields)), source)


def _after_label(rule: Rule, text: str) -> str:
    """The value printed in the label's own cell after a colon: 'Service Name: Waste'."""
    if rule.pattern is not None:
        return ""
    words = list(re.finditer(r"[^\W_]+", text))
    count = len(rule.label.split())
    rest = text[words[count - 1].end() :] if len(words) >= count else ""
    return rest.lstrip()[1:].strip() if rest.lstrip().startswith(":") else ""
