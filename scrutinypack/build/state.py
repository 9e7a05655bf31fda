"""What a build was made from, so the next build can tell what changed.

Content files are known by the hash of their bytes, never by their dates (a copy, a checkout
or a clock change would fool dates). Everything else a page depends on (the templates,
scrutinypack's own code, the versions of the libraries that render, the build's options) is
folded into one environment key: when it changes, everything is made again.

The state is kept in the :class:`~scrutinypack.build.builder.Builder` between builds and on disk
beside the output folder (``write.cache_root``), so a build in a new process knows it too.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from .. import __version__
from ..cachefiles import cache_file, cache_write
from ..content.fence import inside, regular_file
from ..resources import TEMPLATES

VERSION = 1
PACKAGE = Path(__file__).resolve().parents[1]  # scrutinypack/: its code is part of every output
LIBRARIES = ("jinja2", "markdown", "nh3", "pyyaml", "pagefind", "weasyprint", "pydyf")
# Edits to these are followed output by output through the plan's dependencies; any other
# change (site.yaml, a publication, the glossary, an asset, a file added or removed) makes
# every output again, since it can change what every page says or links to.
TRACKED = ("proposals/", "committees/", "reports/", "recommendations/")


#: The counts a build reports (builder._summary), which a build after no change repeats.
SUMMARY = ("proposals", "committees", "meetings", "reports", "errors", "warnings", "undone")


def scan(content_dir: Path) -> dict[str, str]:
    """Every file of the content folder (hidden ones aside): its path and a hash of its bytes
    (nothing is read through a link that leads out of the folder, nor from a pipe or device)."""
    root = Path(content_dir)
    found = {}
    for folder, folders, files in os.walk(root):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        for name in files:
            if not name.startswith("."):
                path = Path(folder) / name
                rel = path.relative_to(root).as_posix()
                if (os.path.islink(path) and not inside(path, root)) or not regular_file(path):
                    found[rel] = "refused"  # a link out, a pipe, a device: the loader says why
                    continue
                try:
                    found[rel] = _digest(path.read_bytes())
                except OSError:
                    found[rel] = "unreadable"  # the loader says why
    return dict(sorted(found.items()))


def environment(options: str) -> str:
    """One key for all a build depends on besides the content."""
    parts = [f"scrutinypack {__version__}", options]
    for library in LIBRARIES:
        try:
            parts.append(f"{library} {metadata.version(library)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{library} -")
    for base in (PACKAGE, TEMPLATES):
        for path in sorted(p for p in base.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            parts.append(f"{path.relative_to(base.parent).as_posix()} {_digest(path.read_bytes())}")
    return _digest("\n".join(parts).encode("utf-8"))


def changed_inputs(old: dict[str, str], new: dict[str, str]) -> set[str] | None:
    """The content files whose bytes changed, or None when every output must be made again."""
    if old.keys() != new.keys():
        return None
    changed = {rel for rel, digest in new.items() if old[rel] != digest}
    if any(not rel.startswith(TRACKED) for rel in changed):
        return None
    return changed


@dataclass
class State:
    environment: str
    inputs: dict[str, str]  # content path → hash
    outputs: dict[str, dict]  # output path → {"size": bytes, "deps": [content paths]}
    extra: dict[str, int] = field(default_factory=dict)  # files made outside the plan (search index) → size
    lagging: list[str] = field(default_factory=list)  # outputs and index folders left out of date
    links: str = ""  # a hash of every site path a link may lead to
    summary: dict = field(default_factory=dict)  # counts for the report

    def unchanged(self, rel: str, folder: Path) -> bool:
        """Whether the output folder still holds this file as the build wrote it (by its size)."""
        size = self.outputs[rel]["size"] if rel in self.outputs else self.extra.get(rel)
        try:
            return size is not None and (folder / rel).stat().st_size == size
        except OSError:
            return False

    def intact(self, folder: Path) -> bool:
        return all(self.unchanged(rel, folder) for rel in [*self.outputs, *self.extra])

    def save(self, path: Path) -> None:
        """Into ``path``, ``<cache root>/state.json`` (write.cache_root): fenced under the folder
        the cache sits in, so neither the cache folder nor the file may be a link."""
        fields = {name: getattr(self, name) for name in self.__dataclass_fields__}  # no deep copy
        data = json.dumps({"version": VERSION, **fields}, sort_keys=True).encode("utf-8")
        cache_write(path, data, path.parent.parent)

    @classmethod
    def load(cls, path: Path) -> tuple[State | None, str]:
        """The state saved by an earlier build, or None, and why it is not used when there is
        one ("" else); OutputError when the cache folder is a link (see :meth:`save`)."""
        cache_file(path, path.parent.parent)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None, ""
        except (OSError, ValueError) as error:
            return None, f"it cannot be read ({getattr(error, 'strerror', None) or error})"
        if not isinstance(data, dict) or data.pop("version", None) != VERSION:
            return None, "it was written by another version of scrutinypack"
        try:
            state = cls(**data)
        except TypeError:
            return None, "it is not laid out as this version writes it"
        return (state, "") if state.well_formed() else (None, "it is not laid out as this version writes it")

    def well_formed(self) -> bool:
        """Whether each part is of the type the build reads it as (a damaged or foreign file
        may hold anything)."""
        return (
            all(isinstance(x, str) for x in (self.environment, self.links))
            and _all(self.inputs, str, str)
            and _all(self.extra, str, int)
            and isinstance(self.summary, dict)
            and all(type(self.summary.get(k)) is int for k in SUMMARY)
            and isinstance(self.lagging, list)
            and all(isinstance(x, str) for x in self.lagging)
            and _all(self.outputs, str, dict)
            and all(
                isinstance(o.get("size"), int) and isinstance(o.get("deps"), list)
                for o in self.outputs.values()
            )
        )


def _all(mapping, key_type: type, value_type: type) -> bool:
    return isinstance(mapping, dict) and all(
        isinstance(k, key_type) and isinstance(v, value_type) for k, v in mapping.items()
    )


def links_key(paths: set[str]) -> str:
    return _digest("\n".join(sorted(paths)).encode("utf-8"))


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()
