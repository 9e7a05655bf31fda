"""What the command line prints is made safe for a terminal, in one place.

Messages quote content (a title, a field name, a file name), and content is untrusted: an
escape sequence in it could erase the line before it, hide the tally or retitle the window,
and a bidi override could turn a line around. Every write to the command line's stdout and
stderr goes through :class:`Visible`, which shows such characters as ``\\u001b`` instead.
That form is also a JSON escape, so ``check --format json`` stays JSON that reads back to
the same text.
"""

from __future__ import annotations

import re
import sys
from contextlib import contextmanager

#: C0 controls but tab and newline, DEL, C1 controls, bidi marks, overrides and isolates,
#: and lone surrogates (which no terminal encoding can carry).
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def visible(text: str) -> str:
    """``text`` with every character a terminal would act on written as ``\\uXXXX``."""
    return UNSAFE.sub(lambda match: f"\\u{ord(match[0]):04x}", text)


class Visible:
    """A text stream that writes through to ``stream`` with :func:`visible` applied."""

    def __init__(self, stream):
        self.raw = stream  # for the progress bar's own carriage return, and nothing else

    def write(self, text: str) -> int:
        return self.raw.write(visible(text))

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str):
        return getattr(self.raw, name)


def raw(stream):
    """The stream under a :class:`Visible` one (the stream itself otherwise)."""
    return stream.raw if isinstance(stream, Visible) else stream


@contextmanager
def visible_output():
    """sys.stdout and sys.stderr made :class:`Visible` while the command runs."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = Visible(sys.stdout), Visible(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
