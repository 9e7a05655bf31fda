"""Whether a path on disk stays inside a folder once every link on the way is followed.

Git stores symbolic links, so a contributed content folder can hold one anywhere: a file, a
folder, ``assets/`` itself, a link inside a linked folder. Every reader of content (the loader,
the build's scan, the PDF fetcher) asks this one question, of the real path, never of the path
as written.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path


def inside(path: Path, folder: Path) -> bool:
    """True when ``path``, links followed at every level, is ``folder`` or under it (links
    followed too); False for a path that leads out, a loop of links or a name the system
    cannot take (a NUL)."""
    try:
        return Path(path).resolve().is_relative_to(Path(folder).resolve())
    except (OSError, RuntimeError, ValueError):   # RuntimeError: a loop of links (before 3.13)
        return False


def regular_file(path: Path) -> bool:
    """A plain file (links followed), not a folder, a device or a pipe, whose reading could
    block for ever or never end (``/dev/zero``)."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False
