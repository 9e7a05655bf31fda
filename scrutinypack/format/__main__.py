"""``python -m scrutinypack.format``: write the files made from the declarations anew, the
shipped editor schemas and (in a source checkout) docs/fields.md, after a declaration changed."""

from __future__ import annotations

from pathlib import Path

from . import KINDS
from .editor_schemas import text
from .reference import reference

PACKAGE = Path(__file__).resolve().parent.parent


def main() -> None:
    for name, kind in KINDS.items():
        (PACKAGE / "schemas" / f"{name}.schema.json").write_text(text(kind), encoding="utf-8")
    docs = PACKAGE.parent / "docs"
    if docs.is_dir():
        (docs / "fields.md").write_text(reference(KINDS), encoding="utf-8")


main()
