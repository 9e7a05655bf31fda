"""The records and findings a build keeps for the next build in a new process (a CI run
that restores ``.site-cache/``), in ``<cache root>/stored.json`` (content/stored.py says what
it holds and how a damaged or foreign one is told apart). Read and written through the fence.
"""

from __future__ import annotations

from pathlib import Path

from ..cachefiles import cache_file, cache_write
from ..content.stored import Stored

NAME = "stored.json"


def load(folder: Path, environment: str) -> tuple[Stored, str]:
    """What the last build kept, and a note for the clerk when there was a cache file but it
    cannot be used (then everything is read and checked afresh)."""
    path = folder / NAME
    cache_file(path, folder.parent)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Stored(environment), ""
    except OSError as error:
        return Stored(environment), note(path, f"it cannot be read ({error.strerror or error})")
    stored, why = Stored.from_bytes(data, environment)
    return stored, note(path, why) if why else ""


def save(stored: Stored, folder: Path) -> None:
    cache_write(folder / NAME, stored.to_bytes(), folder.parent, durable=False)  # checked on reading


def note(path: Path, why: str) -> str:
    """What to tell the clerk of a file of the cache that was not used."""
    return (
        f"the build's cache {path.parent.name}/{path.name} was not used: {why}; what it would "
        "have saved was made afresh (the cache is written again now; deleting it is always safe)"
    )
