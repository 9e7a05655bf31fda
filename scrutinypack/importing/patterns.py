"""The patterns a clerk writes in a map, each run with a time limit.

A pattern is a regular expression, and some (``(a|aa)+$``) take time that doubles with each
character of a line they do not match. Python's ``re`` cannot be stopped, so map patterns run
in the ``regex`` module, which reads the same syntax and stops a match at a time limit; a
pattern that reaches it stops the import with a message naming the map's file and line.
"""

from __future__ import annotations

import regex

from .readers.limits import ReadError

#: What a map pattern's match is (not re's).
Match = regex.Match
#: Seconds one match may take: a sane pattern takes microseconds on a paragraph, and a
#: pattern that backtracks without end takes hours, so the limit is far from both.
TIME_LIMIT = 5.0
#: The text quoted in the message, enough to find the paragraph.
QUOTED = 60


class Pattern:
    """A compiled map pattern that knows where the map writes it."""

    def __init__(self, text: str, file: str, line: int, ignore_case: bool = True):
        self.text, self.file, self.line = text, file, line
        self.compiled = regex.compile(text, regex.VERSION0 | (regex.IGNORECASE * ignore_case))
        self.groupindex = self.compiled.groupindex

    def match(self, text: str):
        return self._run(self.compiled.match, text)

    def search(self, text: str):
        return self._run(self.compiled.search, text)

    def fullmatch(self, text: str):
        return self._run(self.compiled.fullmatch, text)

    def _run(self, method, text: str):
        try:
            return method(text, timeout=TIME_LIMIT)
        except TimeoutError:
            quoted = text if len(text) <= QUOTED else text[: QUOTED - 1] + "…"
            raise ReadError(
                f"{self.file}, line {self.line}: the pattern {self.text!r} took more "
                f"than {TIME_LIMIT:g} s on the text {quoted!r}: a repeat inside a "
                "repeat, like (a|aa)+ or (\\w+\\s?)+, tries every way to split a line "
                "it does not match; write each part once, like a+ or [\\w\\s]+"
            ) from None


def compile_pattern(text: str, file: str, line: int, ignore_case: bool = True) -> Pattern | str:
    """The pattern, or the reason it cannot be read."""
    try:
        return Pattern(text, file, line, ignore_case)
    except regex.error as exc:
        return str(exc)
