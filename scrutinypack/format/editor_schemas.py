"""The editor schemas (JSON Schema draft 7), made from the declarations.

A field's schema is its type's shared definition (``{"$ref": "#/definitions/amount"}``), an
enum of its choices, its own shape, or the object or list schema of a nested kind; each
property carries the field's description. A schema holds the definitions it refers to and
no others, so every schema states the same definition the same way.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from .fields import Choice, Field, Kind, ListOf, Record, Shape, Type
from .shapes import DEFINITIONS

DRAFT = "http://json-schema.org/draft-07/schema#"
VERSION = "1.1"

#: A schema or a part of one, as JSON.
Json = dict[str, Any]


def ref(name: str) -> Json:
    return {"$ref": f"#/definitions/{name}"}


def schema(kind: Kind) -> Json:
    """The whole schema of a file of ``kind``."""
    named: dict[str, Json] = {}
    body = _object(kind, named, "object")
    top: Json = {
        "$schema": DRAFT,
        "title": f"scrutinypack {kind.title or kind.name} (content format {VERSION})",
        "description": kind.description,
    }
    if kind.many:
        top |= {"type": "array", "items": body}
    else:
        top |= {key: value for key, value in body.items() if key != "description"}
    top["definitions"] = _definitions(top, named)
    return top


def text(kind: Kind) -> str:
    """The schema as its file holds it."""
    return json.dumps(schema(kind), indent=1, ensure_ascii=False) + "\n"


def _object(kind: Kind, named: dict[str, Json], kind_type: str | list[str]) -> Json:
    out: Json = {}
    if kind.description and not kind.many:
        out["description"] = kind.description
    out |= {"type": kind_type, "additionalProperties": False}
    if kind.required():
        out["required"] = list(kind.required())
    out["properties"] = {f.name: _property(f, named) for f in kind.fields}
    return out | kind.rules


def _property(f: Field, named: dict[str, Json]) -> Json:
    fragment = _fragment(f.type, named, f.required)
    described = {"description": f.description} if f.description else {}
    if f.markdown_description:
        described["markdownDescription"] = f.markdown_description
    if "$ref" in fragment:
        return fragment | described
    return described | fragment


def _fragment(t: Type, named: dict[str, Json], required: bool = False) -> Json:
    """The schema of a value of type ``t``; named definitions it needs go into ``named``."""
    if isinstance(t, Record):
        kind = t.kind
        if kind.definition:
            _name(
                kind.definition,
                named,
                lambda: _object(kind, named, ["object", "null"] if kind.nullable else "object"),
            )
            return ref(kind.definition)
        return _object(kind, named, ["object", "null"])
    if isinstance(t, ListOf):
        if t.definition:
            _name(t.definition, named, lambda: _list(t, named))
            return ref(t.definition)
        return _list(t, named)
    if isinstance(t, Shape):
        for used in t.uses:
            _fragment(used, named)
        return dict(t.fragment)
    if isinstance(t, Choice) and not t.definition:
        return {"enum": [*t.options, None]}
    return ref(t.required_definition if required else t.definition)


def _list(t: ListOf, named: dict[str, Json]) -> Json:
    if t.kind is not None:
        items = (
            _fragment(Record("record", kind=t.kind), named)
            if t.kind.definition
            else _object(t.kind, named, "object")
        )
    else:
        assert t.of is not None, "ListOf declares kind= or of=: its __post_init__ holds to it"
        items = _fragment(t.of, named)
    out: Json = {"description": t.description} if t.description else {}
    return out | {"type": ["array", "null"] if t.nullable else "array", "items": items}


def _name(name: str, named: dict[str, Json], make: Callable[[], Json]) -> None:
    if name not in named:
        named[name] = {}
        named[name] = make()


def _definitions(top: Json, named: dict[str, Json]) -> dict[str, Json]:
    """Every definition ``top`` refers to, directly or through another, in order of first use."""
    found: dict[str, Json] = {}

    def walk(node: object) -> None:
        if isinstance(node, list):
            for entry in node:
                walk(entry)
        elif isinstance(node, dict):
            target = node.get("$ref", "").rpartition("/")[2]
            if target and target not in found:
                found[target] = named[target] if target in named else DEFINITIONS[target]
                walk(found[target])
            for key, value in node.items():
                if key != "definitions":
                    walk(value)

    walk(top)
    return found
