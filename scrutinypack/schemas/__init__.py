"""JSON Schemas of the content format, for editors: a YAML language server (VS Code's YAML
extension, among others) completes field names, explains each field on hover and underlines
a misspelt field or a year written 2019-20 while the clerk types.

The schemas ship in this folder and are copied into the content folder's ``.schemas/``, so
the first line of each content file can point at them by a relative path that works
offline and moves with the folder. They describe the shape of each file; the arithmetic is
for ``check`` alone. ``.schemas/`` is hidden, so the build neither reads nor publishes it.

They are made from the format's declarations (``format/editor_schemas.py``): after changing a
declaration, ``python -m scrutinypack.format`` writes them anew (a test fails until then).
"""

from __future__ import annotations

from pathlib import Path

from ..content import fence
from ..format import KINDS as DECLARED

HERE = Path(__file__).resolve().parent
FOLDER = ".schemas"
#: Each kind of content file, by the folder it lives in ("" for site.yaml).
KINDS = {name: kind.path.rpartition("/")[0] for name, kind in DECLARED.items()}


def schema_text(kind: str) -> str:
    return (HERE / f"{kind}.schema.json").read_text(encoding="utf-8")


def modeline(kind: str) -> str:
    """The first line of a content file of ``kind``: the language server's pointer to its
    schema, relative to the file."""
    up = "../" if KINDS[kind] else ""
    return f"# yaml-language-server: $schema={up}{FOLDER}/{kind}.schema.json\n"


def write(content_dir: Path) -> list[Path]:
    """Write the schemas into ``content_dir/.schemas/``; returns those written anew or changed
    (the same bytes are left alone). :class:`~scrutinypack.content.fence.Refused` when
    ``.schemas`` or a schema is a link: nothing is read or written through one."""
    folder = Path(content_dir) / FOLDER
    changed = []
    for kind in KINDS:
        path = folder / f"{kind}.schema.json"
        data = schema_text(kind).encode("utf-8")
        if not fence.guard(path, content_dir).is_file() or path.read_bytes() != data:
            fence.replace(path, data, content_dir)
            changed.append(path)
    return changed
