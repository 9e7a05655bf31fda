"""Put imported files into the content folder: all of them or none, and never over a clerk's edits.

Every file is YAML made by an emitter (PyYAML's, or the template's careful scalar writer),
never by pasting text into a template, so no character in a paper can change the structure;
and each is parsed back before anything is written. A written file carries a hash of its
text: a later import replaces it only while it is exactly as imported, so a clerk's edits
are never lost without ``--force``. The files are first written beside their places and then
moved in, by the fence (content/fence.py), never through a link; if any move fails, the ones
already moved are put back, so a half-imported paper never happens.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..content import fence
from ..content.load import MAX_FILE_BYTES
from ..content.yamldoc import read_yaml
from .document import newlines

HASH_LINE = re.compile(r"^# import-sha256: ([0-9a-f]{64})\n", re.MULTILINE)
HEADER = (
    "# Imported from {source}, by 'scrutinypack import'.\n"
    "# Edit it freely: once edited, a later import leaves it alone (unless run with --force).\n"
)
#: Characters that end a line somewhere (YAML, Unicode, old Macs): never inside a comment.
_BREAKS = re.compile("[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


class WriteError(Exception):
    """A file made by the import would not read back as written; nothing was written."""


@dataclass
class Planned:
    """One file to write: its path in the content folder, its whole text, and what it is made
    from (``row 12``, ``SC002``), for messages."""

    path: str
    text: str
    origin: str


@dataclass
class Outcome:
    planned: Planned
    path: Path
    what: str  # new | updated | unchanged | replaced | kept-edited | kept-not-imported


def comment(text: str) -> str:
    """Text made safe for a '#' comment line: a line break in a sheet's name is a space."""
    return _BREAKS.sub(" ", text)


def with_header(source: str, body: str, before: str = "") -> str:
    """The file: the header naming its source, a hash of the whole, then the body (a
    report's header goes inside its front matter: ``before`` is its opening '---')."""
    head = before + HEADER.format(source=comment(source))
    return head + f"# import-sha256: {_digest(head + body)}\n" + body


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def as_imported(text: str) -> bool:
    """Is this file exactly as an import wrote it (not edited since)?"""
    match = HASH_LINE.search(text)
    return bool(match) and _digest(text[: match.start()] + text[match.end() :]) == match[1]


# -- YAML ----------------------------------------------------------------------------------


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # LibYAML's emitter when there
    """Text as YAML writes text; a figure plain (``-0.250``), as a clerk would write it."""


_RESOLVE = yaml.resolver.Resolver()
_PLAIN_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp"}


def _text(dumper: yaml.SafeDumper, value: str):
    value = newlines(value)
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    tag = _RESOLVE.resolve(yaml.ScalarNode, value, (True, False))
    if tag in _PLAIN_TAGS:  # the loader keeps the text as written: 0.250 stays 0.250
        return dumper.represent_scalar(tag, value)
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


class Text(str):
    """A field that is text even when it looks like a figure: ``item: "10"`` stays quoted."""


def _quoted(dumper: yaml.SafeDumper, value: str):
    if "\n" not in value and _RESOLVE.resolve(yaml.ScalarNode, value, (True, False)) in _PLAIN_TAGS:
        return dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style='"')
    return _text(dumper, str(value))


class Flow(list):
    """A list written on one line: ``committees: [budget-scrutiny]``."""


class FlowMap(dict):
    """A mapping written on one line: ``years: {2019/20: 3.00, 2020/21: 0.00}``."""


_Dumper.add_representer(str, _text)
_Dumper.add_representer(Text, _quoted)
_Dumper.add_representer(Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))
_Dumper.add_representer(
    FlowMap, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v, flow_style=True)
)


def dump(fields: dict) -> str:
    """A record as YAML, in its keys' order; bool-like text ('No') is quoted, figures are not."""
    return yaml.dump(
        fields, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100000, default_flow_style=False
    )


# -- writing -------------------------------------------------------------------------------


def check_reads_back(files: list[Planned]) -> None:
    for planned in files:
        text = planned.text
        if planned.path.endswith(".md"):  # a report: its front matter is the YAML
            text = text[4 : text.find("\n---\n", 4) + 1] if text.startswith("---\n") else ""
        _, problems = read_yaml(text, planned.path)
        if problems:
            raise WriteError(
                f"{planned.path} (from {planned.origin}) would not read back as "
                f"written ({problems[0].message}); nothing was written"
            )


def write_files(files: list[Planned], content_dir: Path, force: bool) -> list[Outcome]:
    """Decide each file's fate, then write every file that changes, all or none. A link
    anywhere on the way to a file is refused before anything is written (content/fence.py)."""
    check_reads_back(files)
    content_dir = Path(content_dir)
    outcomes, before = [], {}
    for planned in files:
        path = content_dir / planned.path
        old = (
            fence.read_inside(path, content_dir, MAX_FILE_BYTES)
            if fence.guard(path, content_dir).is_file()
            else None
        )
        text = (
            old.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
            if old is not None
            else None
        )  # as a text file is read: an editor's \r\n is \n
        if text is None:
            what = "new"
        elif text == planned.text:
            what = "unchanged"
        elif as_imported(text):
            what = "updated"
        elif force:
            what = "replaced"
        else:
            what = "kept-edited" if HASH_LINE.search(text) else "kept-not-imported"
        outcomes.append(Outcome(planned, path, what))
        before[path] = old
    _swap_in([o for o in outcomes if o.what in ("new", "updated", "replaced")], before, content_dir)
    return outcomes


def _swap_in(outcomes: list[Outcome], before: dict[Path, bytes | None], content_dir: Path) -> None:
    """Every file written beside its place first, then each moved in; if any move fails, the
    files already moved are put back as they were (``before``: their bytes, or None)."""
    staged: list[Path] = []
    moved: list[Path] = []
    try:
        for outcome in outcomes:
            staged.append(fence.staged(outcome.path, outcome.planned.text.encode("utf-8"), content_dir))
        for outcome, temporary in zip(outcomes, staged):
            fence.move_in(temporary, outcome.path, content_dir)
            moved.append(outcome.path)
    except BaseException:
        for path in reversed(moved):
            if before[path] is None:
                path.unlink(missing_ok=True)
            else:
                fence.replace(path, before[path], content_dir)
        raise
    finally:
        for temporary in staged:
            temporary.unlink(missing_ok=True)
