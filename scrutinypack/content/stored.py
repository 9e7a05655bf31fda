"""What one build read and checked, kept for a build in a new process (a CI run after an edit).

Each entry is filed under a section ("records", "findings", "links") and a key (a content
file, a text's hash), stamped with all it was made from (the hash of the file's text, the
site's unit, …): it is used only while its stamp is the same. The whole is one file of the
build's cache, written with the environment it was made in (scrutinypack's code and the
libraries') and a hash of its bytes, so a file that is damaged, or made by another version
or for another purpose, is told apart and not used: see :meth:`Stored.from_bytes`.
"""

from __future__ import annotations

import hashlib
import json

from .kept import Unkept, dumps, loads

MAGIC = b"scrutinypack-stored 1"


def digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class Stored:
    """Entries read from the cache (``old``) and those this build used or made (``new``),
    which are all the next build needs: an entry no file uses any more is not written again."""

    def __init__(self, environment: str, old: dict | None = None):
        self.environment = environment
        self.old: dict[str, dict] = old or {}
        self.new: dict[str, dict] = {}
        self.reused = 0  # entries used as they were
        self.stamps: dict[str, str] = {}  # a record's file → the stamp of the text it was read from

    def get(self, section: str, key: str, stamp: str):
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

    def put(self, section: str, key: str, stamp: str, value) -> None:
        """Keep ``value`` for the next build (a value the cache cannot hold is left out)."""
        try:
            self.new.setdefault(section, {})[key] = [stamp, dumps(value)]
        except Unkept:
            pass

    def to_bytes(self) -> bytes:
        body = json.dumps(self.new, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
        check = hashlib.blake2b(body, digest_size=16).hexdigest()
        return b"%s %s %s\n%s" % (MAGIC, self.environment.encode(), check.encode(), body)

    @classmethod
    def from_bytes(cls, data: bytes, environment: str) -> tuple[Stored, str]:
        """The entries of a cache file, and why none are used ("" when they are)."""
        head, _, body = data.partition(b"\n")
        parts = head.split(b" ")
        if len(parts) != 4 or b" ".join(parts[:2]) != MAGIC:
            return cls(environment), "it is not a cache this version of scrutinypack writes"
        if parts[2].decode("ascii", "replace") != environment:
            return cls(environment), "it was made by another version of scrutinypack or its libraries"
        if hashlib.blake2b(body, digest_size=16).hexdigest().encode() != parts[3]:
            return cls(environment), "it is damaged (its bytes are not those it was written with)"
        try:
            old = json.loads(body)
        except ValueError:
            return cls(environment), "it is damaged (not JSON)"
        if not _well_formed(old):
            return cls(environment), "it is not laid out as this version writes it"
        return cls(environment, old), ""


def _well_formed(old) -> bool:
    """Sections of entries, each a [stamp, JSON text] pair."""
    return isinstance(old, dict) and all(
        isinstance(section, dict)
        and all(
            isinstance(entry, list) and len(entry) == 2 and all(isinstance(x, str) for x in entry)
            for entry in section.values()
        )
        for section in old.values()
    )
