"""Write the site atomically: build a new folder beside the old one, then swap them.

A reader (or a web server) sees the old site or the new one, never a mix. Files whose bytes
did not change are hard-linked from the old site, so they keep their dates and cost no I/O.
On Linux the swap is one ``renameat2(RENAME_EXCHANGE)`` call; elsewhere two renames, and a
build interrupted between them is repaired by the next one.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
from pathlib import Path

MARKER = ".scrutinypack"   # written into every output folder: we only ever replace our own


class OutputError(Exception):
    pass


def recover(out: Path) -> None:
    """Put back a site left aside by a build that was stopped mid-swap."""
    aside = _aside(out)
    if not out.exists() and aside.exists():
        os.rename(aside, out)
    elif aside.exists():
        shutil.rmtree(aside, ignore_errors=True)
    for stale in out.parent.glob(f".{out.name}.new-*"):
        shutil.rmtree(stale, ignore_errors=True)


def write_site(out: Path, files: dict[str, bytes], copies: dict[str, Path]) -> dict[str, int]:
    """Replace ``out`` with exactly ``files`` (bytes) and ``copies`` (files copied as they are).

    Returns counts of files written and reused.
    """
    out = Path(out).resolve()
    _refuse_foreign(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    recover(out)
    new = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    counts = {"written": 0, "unchanged": 0}
    try:
        for rel, data in sorted(files.items()):
            counts[_place(out, new, rel, data=data)] += 1
        for rel, source in sorted(copies.items()):
            counts[_place(out, new, rel, source=source)] += 1
        (new / MARKER).write_text("This folder is written by scrutinypack and replaced whole on "
                                  "every build.\n", encoding="utf-8")
        os.chmod(new, 0o755)
        _swap(new, out)
    finally:
        shutil.rmtree(new, ignore_errors=True)
    return counts


def _refuse_foreign(out: Path) -> None:
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).exists())):
        raise OutputError(f"{out} already exists and was not written by scrutinypack; "
                          "choose an empty or new folder for --out (it is replaced on every build)")


def _place(out: Path, new: Path, rel: str, data: bytes | None = None, source: Path | None = None) -> str:
    target = new / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    old = out / rel
    if old.is_file() and _same(old, data, source):
        try:
            os.link(old, target)
            return "unchanged"
        except OSError:
            pass
    if source is not None:
        shutil.copyfile(source, target)
    else:
        target.write_bytes(data)
    return "written"


def _same(old: Path, data: bytes | None, source: Path | None) -> bool:
    size = len(data) if data is not None else source.stat().st_size
    if old.stat().st_size != size:
        return False
    return old.read_bytes() == (data if data is not None else source.read_bytes())


def _aside(out: Path) -> Path:
    return out.parent / f".{out.name}.old"


def _swap(new: Path, out: Path) -> None:
    if not out.exists():
        os.rename(new, out)
        return
    if _exchange(new, out):
        return   # ``new`` now holds the old site and is removed by the caller
    aside = _aside(out)
    os.rename(out, aside)
    os.rename(new, out)
    shutil.rmtree(aside, ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2); False where that is not available."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0
