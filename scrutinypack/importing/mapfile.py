"""Read a map file (docs/importing.md): its fields, its records' start and its rows, each
problem with its line."""

from __future__ import annotations

from ..content import validate
from ..content.yamldoc import Map, Scalar, Seq
from ..format.proposal import PROPOSAL
from ..problems import Problem
from .maprecords import numbering, pattern, read_records, read_statuses, texts
from .mapshape import (
    KINDS,
    MAP_FIELDS,
    PLACES,
    RECORD_FIELDS,
    ROWS_FIELDS,
    RULE_FIELDS,
    DocumentMap,
    Rule,
    norm,
)
from .monitoring import read_monitoring_map
from .patterns import Pattern
from .report import read_report_map


def read_map(data: Map, name: str) -> tuple[DocumentMap | None, list[Problem]]:
    r = validate.Reader(name)
    r.mapping(data, data.line, "the map", MAP_FIELDS)
    doc_map = DocumentMap(name)
    if "report" in data:
        doc_map.report = read_report_map(r, data["report"])
        doc_map.columns_layout = _layout(r, data["report"])
        return (doc_map, []) if not r.problems else (None, r.problems)
    if "monitoring" in data:
        doc_map.monitoring = read_monitoring_map(r, data["monitoring"])
        doc_map.columns_layout = _layout(r, data["monitoring"])
        return (doc_map, []) if not r.problems else (None, r.problems)
    if "rows" in data:
        doc_map.rows = r.mapping(data["rows"], data.line_of("rows"), "'rows'", ROWS_FIELDS, ("columns",))
        if doc_map.rows is not None:
            doc_map.fixed = _fixed(r, doc_map.rows)
            doc_map.columns = read_columns(r, doc_map.rows)
            if doc_map.rows.get("start"):
                doc_map.start = _start(r, doc_map.rows)
            doc_map.columns_layout = _layout(r, doc_map.rows)
            doc_map.end, doc_map.number = _rows_patterns(r, doc_map.rows)
            read_statuses(r, doc_map.rows, doc_map)
            if isinstance(doc_map.rows.get("ref"), Map):
                doc_map.numbering = numbering(r, doc_map.rows["ref"], doc_map.rows.line_of("ref"))
            _nested(r, [rule for _, rule in doc_map.columns if rule is not None])
        return (doc_map, []) if not r.problems else (None, r.problems)
    records = r.mapping(data.get("records"), data.line_of("records"), "'records'", RECORD_FIELDS, ("start",))
    for index, entry in enumerate(r.sequence(data.get("fields"), data.line_of("fields"), "'fields'")):
        rule = _rule(r, entry, data["fields"].line_of(index))
        if rule is not None:
            doc_map.rules.append(rule)
    if records is not None and records.get("start"):
        ref_field = any("ref" in rule.into or "ref" in rule.groups.values() for rule in doc_map.rules)
        read_records(r, records, doc_map, ref_field)
        doc_map.fixed = _fixed(r, records)
        doc_map.columns_layout = _layout(r, records)
    _nested(r, doc_map.rules)
    if not doc_map.rules and not r.problems:
        r.problem(data.line, "missing-field", "the map needs 'fields': which label gives which field")
    return (doc_map, []) if not r.problems else (None, r.problems)


def _start(r: validate.Reader, m: Map) -> Pattern | None:
    """A rows map's 'start': the pattern of a ref in a row's first cell."""
    start = pattern(r, m["start"], m.line_of("start"))
    if start is not None and "ref" not in start.groupindex:
        r.problem(
            m.line_of("start"),
            "no-ref",
            "the rows map's 'start' pattern must take the record's ref from the row's first cell, "
            "e.g. '(?P<ref>CS\\d+)': (?P<ref>…) marks it",
        )
    return start


def _layout(r: validate.Reader, m) -> bool:
    """Is the text laid out a whole table row a line ('layout: columns')?"""
    return isinstance(m, Map) and r.choice(m, "layout", ("cells", "columns"), "cells") == "columns"


def _fixed(r: validate.Reader, m: Map) -> Map | None:
    if m is None or m.get("fixed") is None:
        return None
    return r.mapping(m["fixed"], m.line_of("fixed"), "'fixed'", PROPOSAL.names())


def _rows_patterns(r: validate.Reader, rows: Map) -> tuple[Pattern | None, Pattern | None]:
    """A rows map's 'end' and its items' 'number' (a numbered part's mark)."""
    end = pattern(r, rows["end"], rows.line_of("end")) if rows.get("end") else None
    items = rows.get("items")
    written = items.get("number") if isinstance(items, Map) else None
    number = pattern(
        r, written or r"(\d+)[.)]\s+", items.line_of("number") if written else rows.line_of("items"), False
    )
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
            outer = next(
                (".".join(keys[:n]) for n in range(1, len(keys)) if ".".join(keys[:n]) in whole), None
            )
            if outer is not None:
                r.problem(
                    rule.line,
                    "invalid-value",
                    f"'into: {name}' puts a part into '{outer}', which the field at line "
                    f"{whole[outer]} fills whole: a field is filled whole or in parts, "
                    "so keep one of them",
                )


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
    if heading is None and sum(key in m for key in PLACES) != 1:
        r.problem(
            m.line,
            "missing-field",
            "each field of the map needs one of 'label', 'pattern', 'before' (the piece before a label) "
            "or 'position: first' (the record's first piece)",
        )
        return None
    into = m["into"]
    names = [str(v) for v in into] if isinstance(into, Seq) else [str(into)] if into else []
    rule = Rule(
        m.line,
        heading or _shown(m),
        names,
        r.choice(m, "as", KINDS, "text"),
        split=texts(m.get("split")),
        note=r.text(m, "note"),
        total=r.text(m, "total"),
        risk=texts(m.get("risk")) or ["risk"],
        mitigation=texts(m.get("mitigation")) or ["mitigation"],
        optional=r.text(m, "optional").lower() in ("true", "yes"),
        body=r.text(m, "body"),
        first=texts(m.get("first")),
    )
    if heading is not None or "label" in m:
        rule.label = norm(heading if heading is not None else str(m["label"]))
    elif "pattern" in m:
        rule.pattern = pattern(r, m["pattern"], m.line_of("pattern"))
    elif "before" in m:
        rule.before = norm(str(m["before"]))
    elif r.choice(m, "position", ("first",), "first"):
        rule.position = "first"
    rule.rows, rule.columns = _named(r, m, "rows"), _named(r, m, "columns")
    if isinstance(m.get("groups"), Map):
        rule.groups = {str(k): str(v) for k, v in m["groups"].items()}
    if m.get("value"):
        rule.value = pattern(r, m["value"], m.line_of("value"))
        names = list(rule.value.groupindex) if rule.value is not None else []
        rule.groups.update({n: rule.groups.get(n, n) for n in names})
    rule.level = r.text(m, "level")
    named = list(rule.rows.values()) + list(rule.columns.values())
    for name in rule.into + list(rule.groups.values()) + [rule.note, rule.total] + rule.first + named:
        if name and name.split(".")[0] not in PROPOSAL.names():
            r.problem(
                m.line,
                "unknown-field",
                f"'{name}' is not a field of a proposal: the fields are {', '.join(PROPOSAL.names())}",
            )
    if len(rule.into) != (2 if rule.split else 1):
        r.problem(
            m.line_of("into"),
            "invalid-value",
            "'into' names one field, or two with 'split' (e.g. into: [service, title])",
        )
    return rule


def _shown(m: Map) -> str:
    """The field as a message names it: its label or pattern, or its place."""
    if "before" in m:
        return f"piece before '{m['before']}'"
    if "position" in m:
        return "first piece"
    return str(m.get("label") or m.get("pattern"))


def _named(r: validate.Reader, m: Map, key: str) -> dict[str, str]:
    """A years table's labelled rows or named columns: printed label (normalised) → field."""
    if m.get(key) is None:
        return {}
    named = r.mapping(m[key], m.line_of(key), f"'{key}'", None) or {}
    return {norm(str(label)): str(into) for label, into in named.items()}


def read_columns(r: validate.Reader, rows: Map) -> list[tuple[str, Rule | None]]:
    """Each printed heading with the rule for its cells (None: the column is not imported)."""
    columns = r.mapping(rows.get("columns"), rows.line_of("columns"), "'columns'", None)
    return [
        (str(heading), _rule(r, spec, columns.line_of(heading), str(heading)) if spec is not None else None)
        for heading, spec in (columns or {}).items()
    ]
