"""The characters a text field may not hold: what no output can carry as it is.

XML 1.0 (the feeds) cannot hold most C0 controls, iCalendar no raw control in its text, and
a terminal acts on ESC, CR or a C1 control rather than showing it. None of them is ever
meant in a title or a paragraph, so the validator refuses them in every text field. Tab and
newline are text; a field that is one line (a name, a title) reads a line break as a space,
as YAML reads the lines of a plain value (a spreadsheet cell often has one). Lone surrogates
and noncharacters are not text at all.
"""

from __future__ import annotations

import re

#: Fields that are one line wherever they are printed: names, titles, labels.
ONE_LINE = (
    "ref",
    "title",
    "name",
    "term",
    "service",
    "directorate",
    "council",
    "number",
    "owner",
    "project_code",
    "committee",
    "author",
    "reference",
    "label",
    "heading",
    "caption",
    "logo_alt",
    "contact",
    "phone",
    "time",
    "date",
)
NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17)
)
UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff{NONCHARACTERS}]")
LINE_BREAK = re.compile("[ \t]*(?:[\n\u2028\u2029][ \t]*)+")
NAMES = {
    "\x00": "null",
    "\x07": "bell",
    "\x08": "backspace",
    "\x0b": "vertical tab",
    "\x0c": "form feed",
    "\r": "carriage return",
    "\x1b": "escape",
    "\x7f": "delete",
    "\x85": "next line",
    "\x9b": "control sequence introducer",
}


def one_line(text: str) -> str:
    """``text`` with each line break (and the space around it) as one space."""
    return LINE_BREAK.sub(" ", text)


def unsafe(text: str) -> list[str]:
    """The characters of ``text`` that no field may hold, each once, in order."""
    return list(dict.fromkeys(UNSAFE.findall(text)))


def without(text: str) -> str:
    return UNSAFE.sub("", text)


def message(key: str, found: list[str]) -> str:
    """What a problem about ``found`` in the field ``key`` says."""
    names = ", ".join(f"U+{ord(char):04X} ({_kind(char)})" for char in found)
    return (
        f"'{key}' holds a character that is not text, {names}: delete it (it usually comes "
        "from a copy and paste, or from an escape such as \\e or \\r in quotes)"
    )


def _kind(char: str) -> str:
    if char in NAMES:
        return NAMES[char]
    if "\ud800" <= char <= "\udfff":
        return "half of a surrogate pair"
    return "a noncharacter" if re.fullmatch(f"[{NONCHARACTERS}]", char) else "a control character"
