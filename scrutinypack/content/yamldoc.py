"""Safe YAML with a line mark on every value and every scalar kept as written.

PyYAML's constructors would turn ``0.250`` into a float and ``No`` into ``False``; for
money and for clerks' prose both are losses. So documents are composed into nodes and
converted here: every scalar stays a :class:`Scalar` (the text as written, plus the type
YAML would have given it), and the validator decides what each field means.
"""

from __future__ import annotations

from typing import Any

import yaml

from ..model import LineKey
from ..problems import Problem

#: LibYAML's parser when PyYAML was built with it (ten times faster); the same nodes and marks.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: A document may use anchors and aliases, but not to multiply itself into a bomb: neither
#: its values nor its text (a long value repeated by aliases) may grow beyond these.
MAX_NODES = 200_000
MAX_TEXT = 10_000_000  # characters, or the document's own length when it is longer
#: Content nests a few levels deep; far deeper is a mistake (and Python's stack is finite).
MAX_DEPTH = 50

TAGS = {
    "tag:yaml.org,2002:str": "str",
    "tag:yaml.org,2002:int": "int",
    "tag:yaml.org,2002:float": "float",
    "tag:yaml.org,2002:bool": "bool",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:timestamp": "date",
}


#: A value as read: a Scalar, a Map, a Seq or None (YAML's null). Typed Any, as each field's
#: reader looks at what it has (``isinstance``) before it uses it.
Node = Any


class Scalar(str):
    """A scalar exactly as written, with the line it stands on and YAML's reading of it."""

    line: int
    kind: str  # str | int | float | bool | date | null

    def __new__(cls, text: str, line: int, kind: str) -> Scalar:
        obj = super().__new__(cls, text)
        obj.line, obj.kind = line, kind
        return obj


class Map(dict[str, Node]):
    """A mapping that remembers the line of the mapping and of each of its values."""

    line: int = 1
    lines: dict[LineKey, int] = {}  # by key; a record made from the mapping adds to a copy

    @classmethod
    def empty(cls, line: int = 1) -> Map:
        mapping = cls()
        mapping.line, mapping.lines = line, {}
        return mapping

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


class Seq(list[Node]):
    line: int
    lines: list[int]

    def line_of(self, index: int) -> int:
        return self.lines[index] if index < len(self.lines) else self.line


def plain(value: Node) -> Any:
    """A document as read (line-marked nodes) as plain values: dicts, lists and the scalars'
    text as written."""
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return None if value is None else str(value)


def read_yaml(text: str, file: str, first_line: int = 1) -> tuple[Node, list[Problem]]:
    """Parse one YAML document; returns (value or None, problems)."""
    offset = first_line - 1
    try:
        node = yaml.compose(text, Loader=LOADER)
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(exc, text, file, offset)]
    except yaml.reader.ReaderError as exc:
        return None, [_character_problem(exc, text, file, offset)]
    except RecursionError:  # the pure-Python parser, on lists nested hundreds deep
        return None, [Problem(file, first_line, "yaml-too-deep", _TOO_DEEP)]
    except yaml.YAMLError as exc:  # pragma: no cover - every other PyYAML parse error is marked
        return None, [Problem(file, first_line, "yaml-syntax", f"not valid YAML: {exc}")]
    if node is None:
        return None, []
    converter = _Converter(file, offset, max(MAX_TEXT, len(text)))
    value = converter.convert(node)
    return value, converter.problems


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, file: str, offset: int) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = (mark.line + 1 + offset) if mark else offset + 1
    what = exc.problem or "not valid YAML"
    lines = text.split("\n")
    printed = lines[mark.line] if mark and mark.line < len(lines) else ""
    if "\t" in printed[: len(printed) - len(printed.lstrip())] or "tab" in what:
        hint = "YAML does not allow tabs for indentation: indent with spaces"
    elif "mapping values are not allowed" in what:
        hint = "a value contains ': ' — put the whole value in quotes, or use a | block for text"
    elif "nesting depth" in what:
        hint = _TOO_DEEP
    elif "found undefined alias" in what:
        hint = "an alias (*name) needs an anchor (&name) earlier in the file"
    elif "could not find expected ':'" in what or "simple key" in what:
        hint = "a line is missing its 'field: value' colon, or a quote is not closed"
    else:
        hint = "check the indentation and quoting on this line and the one before it"
    context = exc.context_mark
    if context is not None and context.line + 1 + offset != line and exc.context:
        hint += f" ({exc.context.removeprefix('while ')} that starts on line {context.line + 1 + offset})"
    return Problem(file, line, "yaml-syntax", f"YAML cannot be read here ({what}): {hint}")


_TOO_DEEP = (
    f"lists and mappings are nested more than {MAX_DEPTH} deep here; content needs "
    "only a few levels: check the brackets and the indentation"
)


def _character_problem(exc: yaml.reader.ReaderError, text: str, file: str, offset: int) -> Problem:
    """A character YAML refuses (a NUL, a control character): name it and its line."""
    bad = yaml.reader.Reader.NON_PRINTABLE.search(text)
    at = bad.start() if bad else min(exc.position, len(text))
    code = ord(text[at]) if at < len(text) else exc.character
    return Problem(
        file,
        text.count("\n", 0, at) + 1 + offset,
        "yaml-syntax",
        f"the character U+{code:04X} cannot be in a YAML file: delete it (a file full "
        "of such characters is not text: was a document or spreadsheet saved as .yaml?)",
    )


class _Converter:
    def __init__(self, file: str, offset: int, max_text: int):
        self.file, self.offset = file, offset
        self.problems: list[Problem] = []
        self.nodes = 0
        self.text, self.max_text = 0, max_text  # characters of text converted, aliases expanded
        self.open: set[int] = set()  # the lists and mappings being converted, to catch cycles

    def line(self, node: yaml.Node) -> int:
        line: int = node.start_mark.line
        return line + 1 + self.offset

    def convert(self, node: yaml.Node, depth: int = 0) -> Node:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            if self.nodes == MAX_NODES + 1:
                self.problems.append(
                    Problem(
                        self.file,
                        self.line(node),
                        "yaml-too-large",
                        f"the document expands to more than {MAX_NODES:,} values "
                        "(anchors and aliases multiplying?): split it or remove the aliases",
                    )
                )
            return None
        if isinstance(node, yaml.ScalarNode):
            self.text += len(node.value)
            if self.text > self.max_text:
                if self.text - len(node.value) <= self.max_text:
                    self.problems.append(
                        Problem(
                            self.file,
                            self.line(node),
                            "yaml-too-large",
                            f"the document expands to more than {self.max_text:,} characters of text "
                            "(an alias repeating a long value?): write the value out once, or split "
                            "the file",
                        )
                    )
                return None
            kind = TAGS.get(node.tag, "str")
            if kind == "null":
                return None
            return Scalar(node.value, self.line(node), kind)
        if id(node) in self.open:
            self.problems.append(
                Problem(
                    self.file,
                    self.line(node),
                    "yaml-recursive",
                    "an alias (*name) is used inside the value its anchor (&name) marks, so that value "
                    "would contain itself for ever: write the value out instead",
                )
            )
            return None
        if depth >= MAX_DEPTH:
            self.problems.append(Problem(self.file, self.line(node), "yaml-too-deep", _TOO_DEEP))
            return None
        self.open.add(id(node))
        try:
            return self._collection(node, depth + 1)
        finally:
            self.open.discard(id(node))

    def _collection(self, node: yaml.Node, depth: int) -> Seq | Map:
        if isinstance(node, yaml.SequenceNode):
            seq = Seq()
            seq.line, seq.lines = self.line(node), []
            for item in node.value:
                seq.lines.append(self.line(item))
                seq.append(self.convert(item, depth))
            return seq
        mapping = Map()
        mapping.line, mapping.lines = self.line(node), {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problems.append(
                    Problem(
                        self.file,
                        self.line(key_node),
                        "yaml-merge",
                        "merge keys (<<) are not supported: write the fields out",
                    )
                )
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(
                    Problem(self.file, self.line(key_node), "yaml-key", "a field name must be plain text")
                )
                continue
            key = key_node.value
            if key in mapping:
                self.problems.append(
                    Problem(
                        self.file,
                        self.line(key_node),
                        "duplicate-key",
                        f"'{key}' is given twice in this mapping (first on line {mapping.lines[key]}): "
                        "keep one",
                    )
                )
                continue
            mapping.lines[key] = (
                self.line(value_node)
                if not isinstance(value_node, (yaml.MappingNode, yaml.SequenceNode))
                else self.line(key_node)
            )
            mapping[key] = self.convert(value_node, depth)
        return mapping
