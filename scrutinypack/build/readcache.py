"""The records and findings a build keeps for the next build in a new process (a CI run
that restores ``.site-cache/``), in ``<cache root>/stored-NN.json`` (content/stored.py says
what they hold and how a damaged or foreign one is told apart). Read and written through the
fence.
"""

from __future__ import annotations

from pathlib import Path

from ..cachefiles import cache_file, cache_write
from ..content.stored import PARTS, Stored


def part_path(folder: Path, part: int) -> Path:
    return folder / f"stored-{part:02d}.json"


def load(folder: Path, environment: str) -> tuple[Stored, str]:
    """What the last build kept, and a note for the clerk when some of it was there but cannot
    be used (what it would have saved is then made afresh)."""
    parts, why = {}, ""
    for part in range(PARTS):
        path = cache_file(part_path(folder, part), folder.parent)
        try:
            parts[part] = path.read_bytes()
        except FileNotFoundError:
            continue
        except OSError as error:
            why = why or note(path, f"it cannot be read ({error.strerror or error})")
    stored, damaged = Stored.from_parts(parts, environment)
    return stored, why or (note(folder / "stored-*.json", damaged) if damaged else "")


def save(stored: Stored, folder: Path) -> None:
    """Write the parts whose entries changed (each replaced whole; a part is checked by its
    hash on reading, so it is not synced to the disk first)."""
    for part, data in stored.changed_parts().items():
        cache_write(part_path(folder, part), data, folder.parent, durable=False)


def note(path: Path, why: str) -> str:
    """What to tell the clerk of a file of the cache that was not used."""
    return (
        f"the build's cache {path.parent.name}/{path.name} was not used: {why}; what it would "
        "have saved was made afresh (the cache is written again now; deleting it is always safe)"
    )
