"""Problems are values until the edge: every stage collects them, the CLI prints them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from difflib import get_close_matches


@dataclass(frozen=True, order=True)
class Problem:
    file: str  # relative to the content folder, with forward slashes
    line: int  # 1-based; 0 when the problem concerns the whole file
    code: str  # stable, kebab-case: what kind of problem it is
    message: str  # what is wrong and what to do about it
    severity: str = "error"  # error | warning | info (a sum that could not be checked)
    ref: str = ""  # the proposal (or other record) it concerns
    subject: str = ""  # the field it concerns (total, baseline, table:1…), to show it beside that figure

    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    def as_text(self) -> str:
        ref = f" [{self.ref}]" if self.ref else ""
        return f"{self.where()}: {self.severity}: {self.message}{ref} ({self.code})"

    def as_json(self) -> dict[str, str | int]:
        data = asdict(self)
        return {key: data[key] for key in ("severity", "code", "file", "line", "ref", "message")}


class ContentError(Exception):
    """The content cannot be built; carries every problem found, in file order."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(p.as_text() for p in self.problems))

    def __reduce__(
        self,
    ) -> tuple[
        type[ContentError], tuple[list[Problem]]
    ]:  # raised in a render worker process, it is pickled back whole
        return ContentError, (self.problems,)


class OutputError(Exception):
    """The site cannot be written (a link in the output folder, a search index that cannot be
    made): raised by the writers and renderers, printed by the command line."""


def unknown(kind: str, name: str, known: Iterable[str], file: str, line: int, ref: str = "") -> Problem:
    """An ``unknown-<kind>`` error for a name that leads nowhere (a ref, a committee, a
    meeting ...), with the closest of the ``known`` names as a "did you mean"."""
    close = get_close_matches(name, sorted(known), n=1)
    hint = f"did you mean '{close[0]}'?" if close else f"no {kind} has that name"
    return Problem(file, line, f"unknown-{kind}", f"unknown {kind} '{name}': {hint}", ref=ref)


def plural(number: int, things: str) -> str:
    """'1 committee', '2 committees': ``things`` is the plural, ending in s."""
    return f"{number} {things if number != 1 else things.removesuffix('s')}"


def tally(errors: int, warnings: int, undone: int = 0) -> str:
    """'2 errors, 1 warning': how the command line counts problems and findings; with
    ', 3 sums not checked' when some could not be (their findings are ``info``)."""
    counted = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    return counted + (f", {undone} sum{'s' * (undone != 1)} not checked" if undone else "")
