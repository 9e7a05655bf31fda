"""The repository as a fresh clone has it, for the tests that build the package from a copy."""

from __future__ import annotations

import shutil
from pathlib import Path

from .content import ROOT

#: What a working copy has and a fresh clone has not: anywhere, and (the build's own output
#: folders) at the top only, since scrutinypack/build/ and tests/build/ are code.
_ANYWHERE = shutil.ignore_patterns(
    ".git", ".venv", ".cache", "*.egg-info", ".site-*", "__pycache__", ".pytest_cache", ".hypothesis"
)
_AT_THE_TOP = {"build", "site", "artifacts", "dist"}


def not_in_a_clone(directory: str, names: list[str]) -> set[str]:
    """For shutil.copytree's ``ignore``: what a copy of ROOT leaves out."""
    return set(_ANYWHERE(directory, names)) | (_AT_THE_TOP & set(names) if Path(directory) == ROOT else set())
