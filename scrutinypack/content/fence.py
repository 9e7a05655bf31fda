"""The fence: the one module that says which files the tool may read, and the one way it
writes a file.

Git stores symbolic links, so a contributed content folder can hold one anywhere: a file, a
folder, ``assets/`` itself, a hidden ``.part`` file, a link inside a linked folder. Every
reader of content (the loader, the build's scan, the PDF fetcher and its cache key) asks
:func:`inside` of the real path, never of the path as written, and reads only a
:func:`regular_file` (:func:`read_inside` does both, within a size).

Every writer (``publish``, ``import``, ``new``, ``schema``, the build's state, the PDF cache,
the site's files) goes through :func:`create` or :func:`replace`. They refuse a target under
its root (the content folder, or the folder the output and its cache sit in) that is a link
or a device, or that is reached through a link at any level, hidden names included; they
open files with ``O_EXCL`` and, where the system has it, ``O_NOFOLLOW`` (elsewhere the walk
that looks at each part of the path with ``lstat`` refuses a link alone); and a replacement
is written beside its target under a new random name, flushed to disk (caches aside) and
renamed over it, so a reader sees the old file or the new one, never half of one, and never
a file somewhere else.
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Iterable
from pathlib import Path

#: Not on Windows: there the lstat walk (:func:`_walk`) refuses a link alone.
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_BINARY = getattr(os, "O_BINARY", 0)
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _BINARY


class Refused(OSError):
    """A file the fence will not read or write; the message names it and says what to do
    (an OSError, so a command that reports a failed write reports this one too)."""

    def __str__(self) -> str:
        return str(self.args[0])


def inside(path: Path, folder: Path) -> bool:
    """True when ``path``, links followed at every level, is ``folder`` or under it (links
    followed too); False for a path that leads out, a loop of links or a name the system
    cannot take (a NUL)."""
    try:
        return Path(path).resolve().is_relative_to(Path(folder).resolve())
    except (OSError, RuntimeError, ValueError):  # RuntimeError: a loop of links (before 3.13)
        return False


def regular_file(path: Path) -> bool:
    """A plain file (links followed), not a folder, a device or a pipe, whose reading could
    block for ever or never end (``/dev/zero``)."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def servable(path: Path, roots: Iterable[Path]) -> bool:
    """Whether a PDF may use the file at ``path``: a plain file inside one of ``roots``, none
    of which may itself be a link out of the folder that holds it (a linked ``assets/``)."""
    return any(inside(path, root) and inside(root, Path(root).parent) for root in roots) and regular_file(
        path
    )


def read_inside(path: Path, folder: Path, limit: int) -> bytes:
    """The bytes of a plain file inside ``folder`` (links followed, as the loader follows
    them), at most ``limit`` of them; :class:`Refused`, having read nothing, otherwise."""
    if not inside(path, folder):
        raise Refused(
            f"{path} is a link to somewhere outside {folder}: nothing is read from "
            "there; copy the file in instead of linking to it"
        )
    if not regular_file(path):
        raise Refused(
            f"{path} is not a plain file (a folder, a device or a pipe): replace it "
            "with the file it should be, or delete it"
        )
    with open(path, "rb") as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise Refused(
            f"{path} is larger than {limit // 1048576} MB, more than such a file "
            "can be: check that it is the file it should be"
        )
    return data


def guard(path: Path, root: Path) -> Path:
    """``path`` as a place to write under ``root``: :class:`Refused` when it is not under
    ``root``, when it or any folder between ``root`` and it is a link, or when it is there
    and is not a plain file."""
    target = Path(os.path.abspath(path))
    mode = _walk(target, root, path)
    if mode is not None and not stat.S_ISREG(mode):
        raise Refused(
            f"{path} is not a plain file (a folder, a device or a pipe): move it "
            "aside, then run the command again"
        )
    return target


def make_folders(folder: Path, root: Path) -> None:
    """``folder`` and the folders above it up to ``root``, made where missing; none a link
    (``root`` itself, chosen by the person running the command, is made as it is written)."""
    base, target = Path(os.path.abspath(root)), Path(os.path.abspath(folder))
    os.makedirs(base, exist_ok=True)
    if target == base:
        return
    mode = _walk(target, root, folder)
    if mode is not None and not stat.S_ISDIR(mode):
        raise Refused(f"{folder} is not a folder, so nothing can be written in it: move it aside")
    if mode is not None:
        return
    place = base
    for part in target.relative_to(base).parts:
        place = place / part
        try:
            os.mkdir(place)
        except FileExistsError:
            pass
        if not stat.S_ISDIR(os.lstat(place).st_mode):  # made a link since it was looked at
            raise Refused(_link(place, folder, root))


def _walk(target: Path, root: Path, path: Path) -> int | None:
    """The mode of ``target`` (None when it is not there yet), having checked that it is
    under ``root`` and that nothing on the way from ``root`` is a link or a file."""
    base = Path(os.path.abspath(root))
    if not target.is_relative_to(base) or target == base:
        raise Refused(f"{path} is not inside {root}: nothing is written there")
    place = base
    for part in target.relative_to(base).parts:
        place = place / part
        try:
            mode = os.lstat(place).st_mode
        except FileNotFoundError:
            return None  # made from here on by the writer
        if stat.S_ISLNK(mode):
            raise Refused(_link(place, path, root))
        if place != target and not stat.S_ISDIR(mode):
            raise Refused(f"{place} is not a folder, so {path} cannot be written: move it aside")
    return mode


def _link(place: Path, path: Path, root: Path) -> str:
    where = "is a link" if place == Path(os.path.abspath(path)) else f"leads through the link {place}"
    return (
        f"{path} {where}: scrutinypack never writes through a link, which could lead "
        f"outside {root}; replace the link with a real file or folder, or delete it"
    )


def create(path: Path, data: bytes, root: Path) -> None:
    """Write a new file; FileExistsError when there is one, which is never replaced."""
    _write_new(_placed(path, root), data)


class Writer:
    """New files under one ``root``, each written as :func:`create` writes it, but each
    folder looked at (or made) once, not once a file: a build writes thousands of files into
    a few hundred folders of a new folder of its own."""

    def __init__(self, root: Path):
        self.root = os.path.abspath(root)
        self.folders: set[str] = set()  # seen to be real folders under the root, none a link

    def target(self, rel: str) -> Path:
        """Where ``rel`` goes under the root, its folders there (made where missing)."""
        target = os.path.normpath(os.path.join(self.root, rel))
        if not target.startswith(self.root + os.sep):
            raise Refused(f"{rel} is not inside {self.root}: nothing is written there")
        folder = os.path.dirname(target)
        if folder not in self.folders:
            make_folders(Path(folder), Path(self.root))
            self.folders.add(folder)
        return Path(target)

    def create(self, rel: str, data: bytes) -> None:
        """Write a new file; FileExistsError when there is one (or a link), never replaced."""
        _write_new(self.target(rel), data)


def replace(path: Path, data: bytes, root: Path, durable: bool = True) -> None:
    """Write ``path`` whole through a new file beside it, flushed to disk (unless not
    ``durable``: a cache, where a power cut costs at most an empty entry, and a flush a
    few milliseconds a file) and renamed over it; the file keeps its permissions."""
    move_in(staged(path, data, root, durable), path, root)


def staged(path: Path, data: bytes, root: Path, durable: bool = True) -> Path:
    """The first half of :func:`replace`: ``data`` in a new hidden file beside ``path``, on
    disk, to be moved in by :func:`move_in` (or removed) by the caller; so that several files
    can be written first and moved in only when every one of them could be."""
    target = _placed(path, root)
    while True:
        temporary = target.with_name(f".{target.name}.{secrets.token_hex(6)}.part")
        try:
            _write_new(temporary, data, durable)
            return temporary
        except FileExistsError:
            continue


def move_in(temporary: Path, path: Path, root: Path) -> None:
    """Rename a :func:`staged` file over ``path``, checked again just before (a link put
    there since is refused); the staged file is removed if it cannot be moved."""
    try:
        target = guard(path, root)
        try:
            os.chmod(temporary, stat.S_IMODE(os.lstat(target).st_mode))
        except FileNotFoundError:
            pass
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _placed(path: Path, root: Path) -> Path:
    """The guarded target, its folders made (when they are there, the guard has just seen
    that none of them is a link)."""
    target = guard(path, root)
    if not os.path.isdir(target.parent):
        make_folders(target.parent, root)
    return target


def _write_new(path: Path, data: bytes, durable: bool = False) -> None:
    handle = os.open(path, _NEW_FILE, 0o666)  # the umask decides, as for any new file
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise
