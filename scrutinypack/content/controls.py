"""The characters a text field may not hold: what no output can carry as it is.

XML 1.0 (the feeds) cannot hold most C0 controls, iCalendar no raw control in its text, and
a terminal acts on ESC, CR or a C1 control rather than showing it. None of them is ever
meant in a title or a paragraph, so the validator refuses them in every text field, and a
line break in a field that is one line (a name, a title). Tab and, in prose, newline are
text. Lone surrogates and noncharacters are not text at all.
"""
from __future__ import annotations

import re

#: Fields that are one line wherever they are printed: names, titles, labels.
ONE_LINE = ("ref", "title", "name", "term", "service", "directorate", "council",
            "number", "owner", "project_code", "committee", "author", "reference", "label",
            "heading", "caption", "logo_alt", "contact", "phone", "time", "date")
NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff" + "".join(
    f"{chr(plane * 0x10000 + 0xfffe)}{chr(plane * 0x10000 + 0xffff)}" for plane in range(1, 17))
UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff{NONCHARACTERS}]")
UNSAFE_ONE_LINE = re.compile(f"[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff{NONCHARACTERS}]")
NAMES = {"\x00": "null", "\x07": "bell", "\x08": "backspace", "\n": "line break",
         "\x0b": "vertical tab", "\x0c": "form feed", "\r": "carriage return", "\x1b": "escape",
         "\x7f": "delete", "\x85": "next line", "\x9b": "control sequence introducer"}


def unsafe(text: str, one_line: bool) -> list[str]:
    """The characters of ``text`` that the field may not hold, each once, in order."""
    pattern = UNSAFE_ONE_LINE if one_line else UNSAFE
    return list(dict.fromkeys(pattern.findall(text)))


def without(text: str, one_line: bool) -> str:
    """``text`` with those characters gone (a line break in a one-line field is a space)."""
    if one_line:
        text = re.sub(r"\s*\n\s*", " ", text)
    return (UNSAFE_ONE_LINE if one_line else UNSAFE).sub("", text)


def message(key: str, found: list[str]) -> str:
    """What a problem about ``found`` in the field ``key`` says."""
    names = ", ".join(f"U+{ord(char):04X} ({_kind(char)})" for char in found)
    if found == ["\n"]:
        return f"'{key}' is one line of text but holds a line break: write it on one line"
    return (f"'{key}' holds a character that is not text, {names}: delete it (it usually comes "
            "from a copy and paste, or from an escape such as \\e or \\r in quotes)")


def _kind(char: str) -> str:
    if char in NAMES:
        return NAMES[char]
    if "\ud800" <= char <= "\udfff":
        return "half of a surrogate pair"
    return "a noncharacter" if re.fullmatch(f"[{NONCHARACTERS}]", char) else "a control character"
