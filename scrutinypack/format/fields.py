"""The typed declaration of a content file's fields, in the spirit of MkDocs' config options.

A :class:`Kind` is one kind of record (a proposal, a committee, a meeting inside it ...) and
its :class:`Field` s. The validator's field lists, the editor schemas, the field reference, the
labels and the importer's fields are all read from these declarations, so a field is written
down once. A field's type says how it is written; the simple types (text, Markdown, a choice,
a date, a year, an amount) are read by the validator from the type alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Type:
    """How a value is written. ``definition``: the shared schema definition it is (the
    ``required`` one when the field may not be empty); ``simple``: read generically."""

    label: str
    definition: str = ""
    required_definition: str = ""
    example: str = ""
    simple: bool = False


@dataclass(frozen=True)
class Choice(Type):
    """One of ``options``; ``labels`` are their words for people, where they differ."""

    options: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    simple: bool = True


@dataclass(frozen=True)
class Shape(Type):
    """A value of its own shape, written out as its schema (``fragment``); ``uses``: the
    named types and kinds whose definitions the fragment refers to."""

    fragment: dict[str, Any] = field(default_factory=dict, hash=False)
    uses: tuple[Type, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Record(Type):
    """A mapping of sub-fields: a nested record kind."""

    kind: Kind


@dataclass(frozen=True)
class ListOf(Type):
    """A list, each entry a record of ``kind`` or a value of ``of``; ``description``: the
    list's own, when it is a shared definition."""

    kind: Kind | None = None
    of: Type | None = None
    nullable: bool = True
    description: str = ""

    def __post_init__(self) -> None:
        if (self.kind is None) == (self.of is None):
            raise TypeError(f"a list ({self.label}) declares either kind= or of=, not both or neither")


TEXT = Type("text", "text", "requiredText", simple=True)
MARKDOWN = Type(
    "Markdown", "markdown", "markdown", "The service will **stop** printing leaflets.", simple=True
)
AMOUNT = Type("amount", "amount", "requiredAmount", '"£1.224m"', simple=True)
YEAR = Type("financial year", "year", "year", "2019/20", simple=True)
DATE = Type("date", "date", "date", "2019-01-15", simple=True)
PROFILE = Type("profile (year: amount)", "profile", "profile", "{2019/20: -0.250, 2020/21: -0.100}")
REFS = Type("list of refs", "textList", "textList", "[budget-scrutiny]")
UNIT = Choice("choice", "unit", "unit", "m", options=("pounds", "k", "m"))
BASIS = Choice("choice", "profileBasis", "profileBasis", "cumulative", options=("discrete", "cumulative"))


@dataclass(frozen=True)
class Field:
    """One field: its name, type, whether it must be given, what it means (one line, for
    hover and the reference), an example, and the content format version it came in."""

    name: str
    type: Type
    description: str = ""
    example: str = ""
    required: bool = False
    since: str = "1.0"
    label: str = ""
    #: A longer explanation in Markdown, for editors that show one on hover.
    markdown_description: str = ""

    @property
    def markdown(self) -> bool:
        return self.type is MARKDOWN

    @property
    def shown_example(self) -> str:
        return self.example or self.type.example

    @property
    def words(self) -> str:
        """The field's name for people, e.g. "Full year" for full_year."""
        return self.label or self.name.replace("_", " ").capitalize()


@dataclass
class Kind:
    """A kind of record: where it is written (``path``), what it is, and its fields, in the
    order they are written. ``definition``: its name among a schema's shared definitions,
    for a nested kind used in more than one place; ``rules``: schema conditions between its
    fields (the validator says the same in words)."""

    name: str
    path: str
    description: str
    fields: tuple[Field, ...]
    definition: str = ""
    rules: dict[str, Any] = field(default_factory=dict)
    #: What the file is called in a schema's title, for a kind that is a file.
    title: str = ""
    #: A nested kind that may be written empty (``baseline:`` with nothing after it).
    nullable: bool = False
    #: The file is a list of these records (the glossary), not one.
    many: bool = False

    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def required(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.required)

    def get(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def nested(self) -> list[Kind]:
        """The record kinds inside this one, each once, depth first."""
        found: list[Kind] = []
        for f in self.fields:
            inner = getattr(f.type, "kind", None)
            if inner is not None and inner not in found:
                found += [inner] + [k for k in inner.nested() if k not in found]
        return found
