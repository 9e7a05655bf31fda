"""The YAML the tool writes for clerks (starters, imports), made to read back as meant; it is
written by the fence (content/fence.py), whole or not at all, never through a link.

YAML reads a bare ``No`` as false, ``0.040`` as a float and ``a: b`` as a mapping, so text
from a spreadsheet or a command line is written quoted (or as a ``|`` block when it runs to
several lines); only words that cannot be misread are left bare, to keep the files readable.
"""

from __future__ import annotations

import json
import re

_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ._/()'&,-]*")
_PLAIN_KEY = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_/.-]*")
_READ_AS_OTHER = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf"}
#: Characters YAML does not allow in a file, even inside quotes: written as \u escapes.
#: U+0085, U+2028 and U+2029 too: YAML reads them as line breaks, which would change the structure.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def quoted(text: str) -> str:
    """A double-quoted scalar (JSON's escapes are YAML's)."""
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m[0]):04x}", json.dumps(text, ensure_ascii=False))


def text(value: str) -> str:
    """Bare when it reads back as the same text, quoted otherwise."""
    if _PLAIN.fullmatch(value) and value.lower() not in _READ_AS_OTHER and not value.endswith(" "):
        return value
    return quoted(value)


def key(name: str) -> str:
    return name if _PLAIN_KEY.fullmatch(name) and name.lower() not in _READ_AS_OTHER else quoted(name)


def block(value: str, indent: int) -> list[str] | None:
    """A ``|`` block's lines, indented by ``indent``; None when the text cannot be one
    (a leading space or a character YAML would refuse), so it must be quoted instead."""
    if value[:1] in (" ", "\t") or _UNPRINTABLE.search(value) or "\r" in value:
        return None
    pad = " " * indent
    return ["|"] + [pad + line if line.strip() else "" for line in value.split("\n")]
