"""What one build read and checked, kept for a build in a new process (a CI run after an edit).

Each entry is filed under a section ("records", "findings", "links") and a key (a content
file, a text's hash), stamped with all it was made from (the hash of the file's text, the
site's unit, …): it is used only while its stamp is the same. The whole is kept in the build's
cache in :data:`PARTS` files (an edit rewrites the few whose entries changed), each written
with the environment it was made in (scrutinypack's code and the libraries') and a hash of its
bytes, so a part that is damaged, or made by another version or for another purpose, is told
apart and not used: see :meth:`Stored.from_parts`.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from .kept import Unkept, dumps, loads

MAGIC = b"scrutinypack-stored 1"


def digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class Stored:
    """Entries read from the cache (``old``) and those this build used or made (``new``),
    which are all the next build needs: an entry no file uses any more is not written again."""

    def __init__(self, environment: str):
        self.environment = environment
        self.old: dict[str, dict[str, list[str]]] = {}
        self.new: dict[str, dict[str, list[str]]] = {}
        self.reused = 0  # entries used as they were
        self.stamps: dict[str, str] = {}  # a record's file → the stamp of the text it was read from
        self.loaded: set[int] = set()  # the parts of the cache file read whole
        self.present: set[int] = set()  # and those there, read or not

    def get(self, section: str, key: str, stamp: str) -> Any:
        """The value kept under ``key`` with this stamp, or None (none, another stamp, or not
        as this version keeps values: then it is made afresh)."""
        entry = self.old.get(section, {}).get(key)
        if entry is None or entry[0] != stamp:
            return None
        try:
            value = loads(entry[1])
        except Unkept:
            return None
        self.new.setdefault(section, {})[key] = entry
        self.reused += 1
        return value

    def put(self, section: str, key: str, stamp: str, value: Any) -> None:
        """Keep ``value`` for the next build (a value the cache cannot hold is left out)."""
        try:
            self.new.setdefault(section, {})[key] = [stamp, dumps(value)]
        except Unkept:
            pass

    def changed_parts(self) -> dict[int, bytes]:
        """The parts of the cache file to write: those whose entries are not the ones read."""
        new, old = _split(self.new), _split(self.old)
        return {
            part: self._part_bytes(entries)
            for part, entries in new.items()
            if part not in self.loaded or entries != old.get(part, {})
        } | {
            part: self._part_bytes({})
            for part in self.present - new.keys()
            if old.get(part) or part not in self.loaded
        }

    def _part_bytes(self, entries: dict[str, dict[str, list[str]]]) -> bytes:
        body = json.dumps(entries, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
        check = hashlib.blake2b(body, digest_size=16).hexdigest()
        return b"%s %s %s\n%s" % (MAGIC, self.environment.encode(), check.encode(), body)

    @classmethod
    def from_parts(cls, parts: dict[int, bytes], environment: str) -> tuple[Stored, str]:
        """The entries of the cache's parts, and why some are not used ("" when all are)."""
        stored, why = cls(environment), ""
        stored.present = set(parts)
        for part, data in sorted(parts.items()):
            entries, why_not = _read_part(data, environment)
            if entries is None:
                why = why or why_not
                continue
            stored.loaded.add(part)
            for section, found in entries.items():
                stored.old.setdefault(section, {}).update(found)
        return stored, why


#: The cache is written in this many parts, so an edit rewrites a few of them, not all.
PARTS = 64


def part_of(section: str, key: str) -> int:
    return (
        hashlib.blake2b(f"{section}\0{key}".encode("utf-8", "surrogatepass"), digest_size=2).digest()[0]
        % PARTS
    )


def _split(sections: dict[str, dict[str, list[str]]]) -> dict[int, dict[str, dict[str, list[str]]]]:
    parts: dict[int, dict[str, dict[str, list[str]]]] = {}
    for section, entries in sections.items():
        for key, entry in entries.items():
            parts.setdefault(part_of(section, key), {}).setdefault(section, {})[key] = entry
    return parts


def _read_part(data: bytes, environment: str) -> tuple[dict[str, dict[str, list[str]]] | None, str]:
    head, _, body = data.partition(b"\n")
    fields = head.split(b" ")
    if len(fields) != 4 or b" ".join(fields[:2]) != MAGIC:
        return None, "it is not a cache this version of scrutinypack writes"
    if fields[2].decode("ascii", "replace") != environment:
        return None, "it was made by another version of scrutinypack or its libraries"
    if hashlib.blake2b(body, digest_size=16).hexdigest().encode() != fields[3]:
        return None, "it is damaged (its bytes are not those it was written with)"
    try:
        entries = json.loads(body)
    except ValueError:
        return None, "it is damaged (not JSON)"
    if not _well_formed(entries):
        return None, "it is not laid out as this version writes it"
    return entries, ""


def _well_formed(old: Any) -> bool:
    """Sections of entries, each a [stamp, JSON text] pair."""
    return isinstance(old, dict) and all(
        isinstance(section, dict)
        and all(
            isinstance(entry, list) and len(entry) == 2 and all(isinstance(x, str) for x in entry)
            for entry in section.values()
        )
        for section in old.values()
    )
