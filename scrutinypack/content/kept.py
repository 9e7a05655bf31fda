"""Records as JSON, so a build in a new process can reuse what an earlier one read.

The build's cache may be committed or restored from anywhere, so it is read as untrusted
input: never with pickle, only as JSON whose tagged objects are rebuilt from a closed list
of record classes, field by field, with each value's type checked against the field's
declaration. Anything else raises :class:`Unkept`, and the file is read afresh instead.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import types
import typing
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from .. import delivery, model, recommendations
from ..money import Amount
from ..problems import Problem
from .yamldoc import Map, Scalar, Seq

CLASSES: dict[str, type] = {
    cls.__name__: cls
    for module in (model, delivery, recommendations)
    for cls in vars(module).values()
    if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == module.__name__
}
CLASSES |= {"Amount": Amount, "Problem": Problem}
#: Fields that hold other records by reference (joined by build_site), never kept.
JOINED: set[tuple[str, ...]] = {
    ("AgendaItem", "proposals"),
    ("AgendaItem", "table"),
    ("Meeting", "committee"),
}


def register(*classes: type, joined: tuple[str, ...] = ()) -> None:
    """Let records of ``classes`` (dataclasses of a layer above) be kept; ``joined`` names
    their fields ("Class.field") that refer to other records and are not kept."""
    CLASSES.update({cls.__name__: cls for cls in classes})
    JOINED.update(tuple(name.split(".")) for name in joined)


class Unkept(ValueError):
    """A value that cannot be kept, or a kept one that is not as this version writes it."""


def encode(value: Any) -> Any:
    """``value`` as JSON data; Unkept for a type the cache does not hold."""
    if value is None or type(value) in (bool, int, str):
        return value
    if isinstance(value, Scalar):
        return {"S": [str(value), value.line, value.kind]}
    if type(value) is list:
        return [encode(item) for item in value]
    if isinstance(value, Seq):
        return {"Q": [value.line, value.lines, [encode(item) for item in value]]}
    if isinstance(value, Map):
        return {"M": [value.line, list(value.lines.items()), [[k, encode(v)] for k, v in value.items()]]}
    if type(value) is dict:
        return {"d": [[encode(k), encode(v)] for k, v in value.items()]}
    if type(value) is tuple:
        return {"t": [encode(item) for item in value]}
    if type(value) is Decimal:
        return {"D": str(value)}
    if type(value) is dt.date:
        return {"a": value.isoformat()}
    if type(value) is Amount:  # the commonest record by far: a list, not a tagged object
        number = None if value.value is None else str(value.value)
        return {"A": [number, value.unit, value.places, value.text, value.brackets, value.mark, value.nil]}
    name = type(value).__name__
    if CLASSES.get(name) is type(value):
        return {"c": [name, [encode(getattr(value, field)) for field in _layout(type(value))[0]]]}
    raise Unkept(f"a {name} is not kept")


def dumps(value: Any) -> str:
    """``value`` as JSON text (see :func:`encode`)."""
    return json.dumps(encode(value), ensure_ascii=False, separators=(",", ":"))


def loads(text: str) -> Any:
    """The value of JSON text made by :func:`dumps`; Unkept when it is not such text. Each
    object is rebuilt as the JSON parser meets it, innermost first."""
    try:
        return json.loads(text, object_hook=_rebuilt)
    except (TypeError, ValueError, KeyError, InvalidOperation, RecursionError) as error:
        raise Unkept(f"not a kept value ({error})") from None


def _rebuilt(data: dict[str, Any]) -> Any:
    if len(data) != 1:
        return data  # a record's fields, checked by the record that holds them
    ((tag, body),) = data.items()
    rebuild = _TAGS.get(tag)
    return data if rebuild is None else rebuild(body)


def _scalar(body: Any) -> Scalar:
    text, line, kind = body
    return Scalar(_typed(text, str), _typed(line, int), _typed(kind, str))


def _seq(body: Any) -> Seq:
    line, lines, items = body
    seq = Seq(_typed(items, list))
    seq.line, seq.lines = _typed(line, int), [_typed(n, int) for n in lines]
    return seq


def _map(body: Any) -> Map:
    line, lines, items = body
    mapping = Map((_typed(k, str), v) for k, v in items)
    mapping.line, mapping.lines = _typed(line, int), {_typed(k, str): _typed(n, int) for k, n in lines}
    return mapping


def _decimal(text: Any) -> Decimal:
    """A figure as money.py reads them: finite, and far from Decimal's limits."""
    value = Decimal(_typed(text, str))
    if not value.is_finite() or abs(value.adjusted()) > 30:
        raise Unkept(f"{text!r} is not a figure")
    return value


def _amount(body: Any) -> Amount:
    number, unit, places, text, brackets, mark, nil = body
    if not (
        type(unit) is str
        and type(places) is int
        and type(text) is str
        and type(mark) is str
        and type(brackets) is bool
        and type(nil) is bool
    ):
        raise Unkept(f"{body!r} is not an amount")
    return Amount(None if number is None else _decimal(number), unit, places, text, brackets, mark, nil)


def _typed(value: Any, kind: type) -> Any:
    if type(value) is not kind:
        raise Unkept(f"{value!r} is not a {kind.__name__}")
    return value


def _record(body: Any) -> Any:
    name, values = body
    cls = CLASSES.get(name)
    if cls is None:
        raise Unkept(f"{name!r} is not a kind of record")
    names, checks, empty = _layout(cls)
    if type(values) is not list or len(values) != len(names):
        raise Unkept(f"not the fields of a {name}")
    for check, value in zip(checks, values):
        if not check(value):
            raise Unkept(f"a field of a {name} is not of its declared type")
    fields = dict(zip(names, values))
    for field in empty:
        fields[field] = []
    return cls(**fields)


_TAGS: dict[str, Callable[[Any], Any]] = {
    "S": _scalar,
    "Q": _seq,
    "M": _map,
    "d": lambda body: {k: v for k, v in body},
    "t": lambda body: tuple(_typed(body, list)),
    "D": _decimal,
    "a": lambda body: dt.date.fromisoformat(_typed(body, str)),
    "A": _amount,
    "c": _record,
}


Check = Callable[[Any], bool]
_LAYOUTS: dict[type, tuple[tuple[str, ...], tuple[Check, ...], tuple[str, ...]]] = {}


def _layout(cls: type) -> tuple[tuple[str, ...], tuple[Check, ...], tuple[str, ...]]:
    """The fields a record of ``cls`` is kept with, in order; the check of each one's declared
    type; and the fields not kept that must be given, empty (worked out once per class). Such
    a field holds joined records: whoever joins them fills it in."""
    if cls not in _LAYOUTS:
        module = __import__(cls.__module__, fromlist=["_"])
        names = {**vars(module), "dt": dt, "Amount": Amount, "Problem": Problem}
        kept = [f for f in dataclasses.fields(cls) if (cls.__name__, f.name) not in JOINED]
        hints = _hints(kept, names)
        empty = [
            f.name
            for f in dataclasses.fields(cls)
            if (cls.__name__, f.name) in JOINED
            and f.default is dataclasses.MISSING
            and f.default_factory is dataclasses.MISSING
        ]
        _LAYOUTS[cls] = (
            tuple(f.name for f in kept),
            tuple(_checker(hints.get(f.name, object)) for f in kept),
            tuple(empty),
        )
    return _LAYOUTS[cls]


def _hints(fields: list[dataclasses.Field[Any]], names: dict[str, Any]) -> dict[str, Any]:
    """The declared types of the kept ``fields`` alone: a joined field may name a class of a
    layer above (an agenda item's summary table), imported only for the type checker."""

    def holder() -> None: ...

    holder.__annotations__ = {f.name: f.type for f in fields}
    return typing.get_type_hints(holder, globalns=names)


def conforms(value: Any, hint: Any) -> bool:
    """Whether ``value`` is of the declared type ``hint`` (the forms records declare)."""
    check = _CHECKS.get(hint)
    if check is None:
        check = _CHECKS[hint] = _checker(hint)
    return check(value)


_CHECKS: dict[Any, Check] = {}


def _checker(hint: Any) -> Check:
    """A function that tells whether a value is of type ``hint``, made once per type."""
    if hint is object or hint is typing.Any:
        return lambda value: True
    if hint is None or hint is type(None):
        return lambda value: value is None
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType) and len(args) == 2 and type(None) in args:
        inner = _checker(next(arg for arg in args if arg is not type(None)))
        return lambda value: value is None or inner(value)
    if origin in (typing.Union, types.UnionType):
        return lambda value: any(conforms(value, arg) for arg in args)
    if origin is None:
        if hint is int:
            return lambda value: type(value) is int
        return lambda value: isinstance(value, hint)
    if origin is list and args:
        return lambda value: isinstance(value, list) and all(conforms(item, args[0]) for item in value)
    if origin is dict and args:
        return lambda value: (
            isinstance(value, dict)
            and all(conforms(k, args[0]) and conforms(v, args[1]) for k, v in value.items())
        )
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return lambda value: isinstance(value, tuple) and all(conforms(item, args[0]) for item in value)
    if origin is tuple and args:
        return lambda value: (
            isinstance(value, tuple) and len(value) == len(args) and all(map(conforms, value, args))
        )
    return lambda value: isinstance(value, origin)
