"""The field reference (docs/fields.md, and ``scrutinypack help fields``), made from the
declarations: every field of every kind of record, with its type, whether it is required,
an example and what it means."""

from __future__ import annotations

from .fields import Field, Kind, ListOf, Record

INTRO = (
    "# Content fields\n\nEvery field of every kind of content file, made from the format's "
    "declarations (scrutinypack/format/); `scrutinypack help fields` prints this page. "
    "docs/content-format.md explains the format in words.\n"
)


def reference(kinds: dict[str, Kind]) -> str:
    return INTRO + "".join(_kind(kind, kind.path or kind.name) for kind in kinds.values())


def _kind(kind: Kind, where: str, depth: int = 2) -> str:
    out = f"\n{'#' * depth} {where}\n\n"
    if kind.description:
        out += kind.description + "\n\n"
    out += "| field | type | required | example | meaning | since |\n|---|---|---|---|---|---|\n"
    out += "".join(_row(f) for f in kind.fields)
    for f in kind.fields:
        inner = getattr(f.type, "kind", None)
        if inner is not None:
            out += _kind(inner, f"{where} → {f.name}", min(depth + 1, 4))
    return out


def _row(f: Field) -> str:
    cells = (
        f"`{f.name}`",
        _type(f),
        "yes" if f.required else "",
        f"`{f.shown_example}`" if f.shown_example else "",
        f.description or getattr(getattr(f.type, "kind", None), "description", ""),
        f.since,
    )
    return "| " + " | ".join(cell.replace("|", "\\|").replace("\n", " ") for cell in cells) + " |\n"


def _type(f: Field) -> str:
    t = f.type
    if isinstance(t, ListOf) and t.kind is not None:
        return "list of records (below)"
    if isinstance(t, Record):
        return "record (below)"
    if isinstance(t, ListOf) and t.of is not None:
        return f"list of {t.of.label}"
    options = getattr(t, "options", ())
    return t.label + (f": {', '.join(options)}" if options else "")
