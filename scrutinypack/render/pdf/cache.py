"""The paper cache: each laid-out paper kept under a hash of everything that went into it.

WeasyPrint is by far the slowest part of a build, and a paper's PDF is a function of: its
print HTML and its stylesheet, the files that HTML points at (images in ``assets/``) and the
files those point at (an SVG's pictures), the fonts installed, and the versions of WeasyPrint
and pydyf with the options they are given. Hashing those tells, without laying anything out,
whether the paper would come out the same; so a rebuild after no change lays out nothing,
and an edit lays out only the papers whose HTML it changed. The PDFs members read are assembled from
these papers (assemble.py), which is cheap.

The cache lives beside the output folder (``site/`` → ``.site-cache/pdf/``), never inside
it: the output folder is replaced whole by every build, and the cache must outlive that.
Deleting it is always safe; the next build lays everything out again.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from ...cachefiles import cache_file, cache_root, cache_write
from ...content.fence import servable

# Where fontconfig (Linux, BSD), macOS and Windows keep fonts; a font added, removed or
# updated in any of them changes every key, since it may change how text is set.
FONT_FOLDERS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.fonts",
    "~/.local/share/fonts",
    "/Library/Fonts",
    "/System/Library/Fonts",
    "~/Library/Fonts",
    os.path.join(os.environ.get("WINDIR", r"C:\Windows"), "Fonts"),
)
_FILE_URL = re.compile(r"file://[^\"')\s<>]+")
#: An SVG's references to other files (``<image href>``, ``xlink:href``, ``url(…)``), each of
#: bounded length, so that the search is linear whatever the file holds.
_REFERENCE = re.compile(
    rb"""(?:href|src)\s*=\s*(?:"([^"<>]{1,4096})"|'([^'<>]{1,4096})')"""
    rb"""|url\(\s*["']?([^"')<>]{1,4096})"""
)
MAX_READ = 256 * 1024 * 1024  # a file larger than this is known by its size and date
MAX_LOOK = 16 * 1024 * 1024  # an SVG larger than this is not looked into (the loader refuses it)
MAX_DEPTH = 8  # an SVG's picture's picture…: how deep references are followed
MAX_FILES = 1000  # files in one paper's key, at most
PAGES = "pages.json"  # key → page count, so that planning a pack opens no PDF


def cache_folder(out: Path) -> Path:
    """``site`` → ``.site-cache/pdf`` beside it (``.gitignore`` covers ``/.site-*/``)."""
    return cache_root(out) / "pdf"


class PaperCache:
    """Papers' PDF bytes by key, one file each, with their page counts; written atomically,
    so a build that is stopped half-way leaves either a whole entry or none."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        cache_file(self.folder / PAGES, self.folder.parent.parent)  # nothing read through a link
        try:
            self.pages: dict[str, int] = json.loads((self.folder / PAGES).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.pages = {}

    def file(self, key: str) -> Path:
        return self.folder / f"{key}.pdf"

    def has(self, key: str) -> bool:
        if key in self.pages and self._size(key) > 0:
            return True
        if self.file(key).is_file():  # written by a build stopped before it saved the counts
            import pikepdf  # for start-up speed: loaded only for such a file

            try:
                with pikepdf.open(self.file(key)) as pdf:
                    self.pages[key] = len(pdf.pages)
                return True
            except pikepdf.PdfError:
                return False
        return False

    def _size(self, key: str) -> int:
        try:
            return self.file(key).stat().st_size
        except OSError:
            return 0

    def put(self, key: str, data: bytes, pages: int) -> None:
        self._write(self.file(key), data)
        self.pages[key] = pages

    def keep_only(self, keys: set[str]) -> None:
        """Forget every entry this build did not use, so the cache does not grow with each edit."""
        if not self.folder.is_dir():
            return
        for entry in self.folder.iterdir():
            if entry.suffix == ".pdf" and entry.stem not in keys:
                entry.unlink(missing_ok=True)
        self.pages = {key: count for key, count in self.pages.items() if key in keys}

    def save(self) -> None:
        """The page counts, once a build has laid out what it needed."""
        self._write(self.folder / PAGES, json.dumps(self.pages, sort_keys=True).encode("utf-8"))

    def _write(self, path: Path, data: bytes) -> None:
        """The folder is ``<cache root>/pdf``: fenced under the folder the cache sits in. Not
        flushed to disk one by one (thousands of papers): an entry a power cut left empty is
        not taken (:meth:`has`), and is laid out again."""
        cache_write(path, data, self.folder.parent.parent, durable=False)


def paper_key(html: str, css: str, settings: str, roots: tuple[str, ...]) -> str:
    """The hash of a paper's inputs: its print HTML and stylesheet, ``settings`` (the
    renderer's versions and options, and :func:`fonts_fingerprint`), and the bytes of every
    local file it refers to, and of every file those refer to in turn (an SVG's pictures).
    Only files the fetcher may serve (plain files under ``roots``) are read, never more than
    :data:`MAX_READ` of one: anything else stands in the key as refused, for the fetcher
    to refuse by name."""
    digest = hashlib.sha256()
    for part in (settings, css, html):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    files: dict[str, bytes] = {}
    for url in sorted(set(_FILE_URL.findall(html))):
        _add(url, [Path(root) for root in roots], files, 0)
    for url, part in sorted(files.items()):
        digest.update(url.encode("utf-8") + b"\0" + part + b"\0")
    return digest.hexdigest()


def _add(url: str, roots: list[Path], files: dict[str, bytes], depth: int) -> None:
    """The digest of the file at ``url`` into ``files``, and those of the files it refers to."""
    url = urldefrag(url).url
    if url in files:
        return
    path = Path(unquote(urlsplit(url).path))
    if not servable(path, roots):
        files[url] = b"refused"
        return
    files[url], head = _file_digest(path)
    if depth < MAX_DEPTH and head is not None and path.suffix.lower() == ".svg":
        for match in _REFERENCE.finditer(head):
            if len(files) >= MAX_FILES:
                return
            written = (match[1] or match[2] or match[3]).decode("utf-8", "replace")
            target = urljoin(url, unescape(written).strip())
            if urlsplit(target).scheme == "file":
                _add(target, roots, files, depth + 1)


def _file_digest(path: Path) -> tuple[bytes, bytes | None]:
    """The file's hash, read in chunks, and its bytes when it is small enough to look into
    (an SVG); a file over :data:`MAX_READ` is known by its size and date alone."""
    try:
        with open(path, "rb") as stream:
            known = os.fstat(stream.fileno())
            if known.st_size > MAX_READ:
                return f"large {known.st_size} {known.st_mtime_ns}".encode(), None
            digest, data = hashlib.sha256(), bytearray()
            while chunk := stream.read(1 << 20):
                digest.update(chunk)
                if len(data) < MAX_LOOK:
                    data += chunk
        return digest.digest(), bytes(data) if len(data) <= MAX_LOOK else None
    except OSError:
        return b"missing", None


def fonts_fingerprint() -> str:
    """Name, size and date of every installed font file: cheap, and changes when they do."""
    digest = hashlib.sha256(sys.platform.encode())
    for folder in FONT_FOLDERS:
        root = Path(os.path.expanduser(folder))
        if not root.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue
                digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode("utf-8", "replace"))
    return digest.hexdigest()
