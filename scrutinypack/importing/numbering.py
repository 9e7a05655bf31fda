"""Refs for records the paper prints none for, kept stable from one import to the next: a
record whose title was imported before keeps the ref it got then (read from the proposal
files in the content folder); a new one gets the next number after every one used."""

from __future__ import annotations

from pathlib import Path

from ..content import fence
from ..content.load import MAX_FILE_BYTES
from ..content.yamldoc import Map, read_yaml
from .maprecords import Numbering
from .mapshape import norm


def known_titles(content: Path) -> dict[str, str]:
    """Each proposal file's title (normalised) with its ref; a file that does not read is
    passed over (the build reports it)."""
    content = Path(content)
    folder = content / "proposals"
    known: dict[str, str] = {}
    if not fence.inside(folder, content) or not folder.is_dir():
        return known
    paths = sorted(folder.glob("*.yaml"))
    for path in paths:
        try:
            text = fence.read_inside(path, content, MAX_FILE_BYTES).decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        data, problems = read_yaml(text, path.name)
        if not problems and isinstance(data, Map) and data.get("title") and data.get("ref"):
            known.setdefault(norm(str(data["title"])), str(data["ref"]))
    return known


class Numberer:
    """Gives each record without a printed ref its number, in the paper's order."""

    def __init__(self, numbering: Numbering, known: dict[str, str]):
        self.numbering = numbering
        self.known = {title: ref for title, ref in known.items() if numbering.number(ref) is not None}
        used = [numbering.number(ref) or 0 for ref in self.known.values()]
        self.next = max([numbering.start - 1, *used]) + 1

    def ref(self, title: str) -> str:
        """The ref a record of this title had before, or the next one (each given once)."""
        ref = self.known.pop(norm(title), None) if title else None
        if ref is None:
            ref = self.numbering.ref(self.next)
            self.next += 1
        return ref
