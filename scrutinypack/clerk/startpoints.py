"""What the wheel ships to start from: the example import maps, the guides, the default
templates and the blocks a council may change in them.

Like the templates (:mod:`scrutinypack.resources`), the maps and guides have one source in
the repository (``examples/import/``, ``docs/``) that the wheel ships inside the package
(``scrutinypack/maps``, ``scrutinypack/docs``: setup.py maps them there).
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from ..resources import TEMPLATES

REPOSITORY = Path(__file__).resolve().parents[2]
#: The blocks README.md calls safe to change; every other block is kept as it is.
SAFE_BLOCKS = ("title", "description", "breadcrumbs", "main", "body")
BLOCK = re.compile(r"{%-?\s*block\s+(\w+)")


def _shipped(package: str, repository: str) -> Path:
    inside = Path(str(resources.files("scrutinypack") / package))
    return inside if inside.is_dir() else REPOSITORY / repository


def maps_folder() -> Path:
    return _shipped("maps", "examples/import")


def docs_folder() -> Path:
    return _shipped("docs", "docs")


def maps() -> dict[str, str]:
    """Each example map's name (its file name without ``.map.yaml``) → the first sentence of
    the comment it opens with."""
    found = {}
    for path in sorted(maps_folder().glob("*.map.yaml")):
        words = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.startswith("#") or not line.strip("# "):
                break
            words.append(line.strip("# "))
        found[path.name.removesuffix(".map.yaml")] = " ".join(words).split(". ")[0].rstrip(":.")
    return found


def templates() -> dict[str, list[str]]:
    """Each default template (``base.html``, ``print/pack.html``) → the blocks it defines."""
    paths = [*sorted(TEMPLATES.glob("*.html")), *sorted((TEMPLATES / "print").glob("*.html"))]
    return {
        path.relative_to(TEMPLATES).as_posix(): list(
            dict.fromkeys(BLOCK.findall(path.read_text(encoding="utf-8")))
        )
        for path in paths
    }
