"""Write the site atomically: build a new folder beside the old one, then swap them.

A reader (or a web server) sees the old site or the new one, never a mix. Files whose bytes
did not change are hard-linked from the old site, so they keep their dates and cost no I/O.
On Linux the swap is one ``renameat2(RENAME_EXCHANGE)`` call; elsewhere two renames, and a
build interrupted between them is repaired by the next one.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import shutil
import stat
import tempfile
import threading
from functools import partial
from pathlib import Path

from ..content import fence
from ..problems import OutputError

MARKER = ".scrutinypack"  # written into every output folder: we only ever replace our own


def recover(out: Path) -> None:
    """Put back a site left aside by a build that was stopped mid-swap, and remove the new
    folders such builds left; only folders that carry the mark of a build are emptied (an
    empty one goes too: a build stopped between making its folder and marking it)."""
    aside = _aside(out)
    if _ours(aside) and not out.exists():
        os.rename(aside, out)
    elif _ours(aside):
        shutil.rmtree(aside, ignore_errors=True)
    for stale in out.parent.glob(f".{out.name}.new-*"):
        if _ours(stale):
            shutil.rmtree(stale, ignore_errors=True)
        elif stale.is_dir() and not stale.is_symlink():
            with contextlib.suppress(OSError):  # not empty: not known to be ours, so kept
                os.rmdir(stale)


def _ours(folder: Path) -> bool:
    """A folder a build made: a folder (not a link to one) with the mark inside."""
    return folder.is_dir() and not folder.is_symlink() and (folder / MARKER).is_file()


def _mark(folder: Path) -> None:
    fence.create(
        folder / MARKER,
        b"This folder is written by scrutinypack and replaced whole on every build.\n",
        folder,
    )


class Stage:
    """The next output folder, made beside the old one and swapped in whole by :meth:`commit`.

    Each file is either put (its bytes; a hard link to the old file when they are the same),
    kept (a hard link to the old file, known unchanged without looking) or copied.
    """

    def __init__(self, out: Path, clear_later: bool = False):
        self.out = Path(out).resolve()
        _refuse_foreign(self.out)
        self.out.parent.mkdir(parents=True, exist_ok=True)
        recover(self.out)
        self.path = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.new-", dir=self.out.parent))
        _mark(self.path)  # before anything else: a build stopped here leaves a folder known as ours
        self.writer = fence.Writer(self.path)
        self.counts = {"written": 0, "unchanged": 0}
        self.files: list[str] = []
        self.folders: set[str] = set()
        self.clear_later = clear_later  # remove the old site in the background (live preview)

    def put(self, rel: str, data: bytes) -> None:
        self._count(_place(self.out, self.writer, rel, data=data), rel)

    def placer(self):
        """A function that puts one file (rel, bytes) and says how ("written" or "unchanged"),
        for another process to call; give what it says to :meth:`record`."""
        return partial(_place, self.out, self.writer)

    def record(self, placed: dict[str, str]) -> None:
        for rel, how in placed.items():
            self._count(how, rel)

    def copy(self, rel: str, source: Path) -> None:
        self._count(_place(self.out, self.writer, rel, source=source), rel)

    def keep(self, rel: str) -> None:
        """Carry a file over from the old site; it must be there."""
        folder = rel.rpartition("/")[0]
        if folder not in self.folders:  # a site has thousands of files in hundreds of folders
            (self.path / folder).mkdir(parents=True, exist_ok=True)
            self.folders.add(folder)
        target = self.path / rel
        try:
            os.link(self.out / rel, target)
        except OSError:
            shutil.copyfile(self.out / rel, target)
        self._count("unchanged", rel)

    def _count(self, how: str, rel: str) -> None:
        self.counts[how] += 1
        self.files.append(rel)

    def commit(self) -> None:
        os.chmod(self.path, 0o755)
        _swap(self.path, self.out)

    def __enter__(self) -> Stage:
        return self

    def __exit__(self, *_exc) -> None:
        # after a commit: the old site; else the new one. A build stopped before this is done
        # leaves a .<out>.new-* folder, which the next build's recover() removes.
        if self.clear_later:
            threading.Thread(target=shutil.rmtree, args=(self.path, True), daemon=True).start()
        else:
            shutil.rmtree(self.path, ignore_errors=True)


class InPlace:
    """The output folder updated where it stands, each file replaced atomically by a rename:
    the live preview's way, where a rebuild changes a few files among thousands and relinking
    them all into a new folder would cost more than the rebuild. The same calls as
    :class:`Stage`; ``before`` is every file the last build left there."""

    def __init__(self, out: Path, before: set[str]):
        self.out = self.path = Path(out).resolve()
        self.before = before
        self.counts = {"written": 0, "unchanged": 0}
        self.files: list[str] = []

    def put(self, rel: str, data: bytes) -> None:
        self._count(_replace(self.out, rel, data), rel)

    def placer(self):
        return partial(_replace, self.out)

    def record(self, placed: dict[str, str]) -> None:
        for rel, how in placed.items():
            self._count(how, rel)

    def copy(self, rel: str, source: Path) -> None:
        self.put(rel, source.read_bytes())

    def keep(self, rel: str) -> None:
        self._count("unchanged", rel)

    def _count(self, how: str, rel: str) -> None:
        self.counts[how] += 1
        self.files.append(rel)

    def commit(self) -> None:
        """Remove what the last build made and this one did not."""
        for rel in sorted(self.before - set(self.files)):
            (self.out / rel).unlink(missing_ok=True)

    def __enter__(self) -> InPlace:
        return self

    def __exit__(self, *_exc) -> None:
        pass


def _replace(out: Path, rel: str, data: bytes) -> str:
    try:
        target = fence.guard(out / rel, out)
        if target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data:
            return "unchanged"
        fence.replace(target, data, out)
    except fence.Refused as refusal:  # a link left in the output folder
        raise OutputError(str(refusal)) from None
    return "written"


def _refuse_foreign(out: Path) -> None:
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).exists())):
        raise OutputError(
            f"{out} already exists and was not written by scrutinypack; "
            "choose an empty or new folder for --out (it is replaced on every build)"
        )


def _place(
    out: Path, writer: fence.Writer, rel: str, data: bytes | None = None, source: Path | None = None
) -> str:
    """Put one file into the new folder: a hard link to the old site's file when its bytes are
    the same (its size tells most apart without reading it), else the bytes written."""
    target = writer.target(rel)
    old = os.path.join(out, rel)
    if _same(old, data, source):
        try:
            os.link(old, target)
            return "unchanged"
        except OSError:
            pass
    if source is not None:
        shutil.copyfile(source, fence.guard(target, Path(writer.root)))
    else:
        writer.create(rel, data)
    return "written"


def _same(old: str, data: bytes | None, source: Path | None) -> bool:
    """Whether ``old`` is a plain file (not a link) with these bytes."""
    try:
        found = os.lstat(old)
    except OSError:
        return False
    size = len(data) if data is not None else source.stat().st_size
    if not stat.S_ISREG(found.st_mode) or found.st_size != size:
        return False
    with open(old, "rb") as stream:
        return stream.read() == (data if data is not None else source.read_bytes())


def _aside(out: Path) -> Path:
    return out.parent / f".{out.name}.old"


def _swap(new: Path, out: Path) -> None:
    if not out.exists():
        os.rename(new, out)
        return
    if _exchange(new, out):
        return  # ``new`` now holds the old site and is removed by the caller
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
