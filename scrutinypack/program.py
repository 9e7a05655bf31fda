"""The tool's name as the user runs it, for every command a message suggests.

Decided once, here: the installed command is ``scrutinypack``; the repository's own
``build.py`` is run as ``python build.py``. Files the tool writes (starters, imported
records, publications) always say ``scrutinypack``, so that the same content makes the same
bytes however the tool was started.
"""

from __future__ import annotations

import sys
from pathlib import Path

INSTALLED = "scrutinypack"


def program_name() -> str:
    """``scrutinypack`` or ``python build.py``: how this run was started."""
    return "python build.py" if Path(sys.argv[0]).name == "build.py" else INSTALLED


def command(words: str) -> str:
    """``words`` (e.g. ``"check"``) as the user types it here."""
    return f"{program_name()} {words}"
