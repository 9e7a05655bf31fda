"""The paper cache: each laid-out paper kept under a hash of everything that went into it.

WeasyPrint is by far the slowest part of a build, and a paper's PDF is a function of: its
print HTML and its stylesheet, the files that HTML points at
(images in ``assets/``), the fonts installed, and the versions of WeasyPrint and pydyf with
the options they are given. Hashing those tells, without laying anything out, whether the
paper would come out the same; so a rebuild after no change lays out nothing, and an edit
lays out only the papers whose HTML it changed. The PDFs members read are assembled from
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
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ...write import cache_root

# Where fontconfig (Linux, BSD), macOS and Windows keep fonts; a font added, removed or
# updated in any of them changes every key, since it may change how text is set.
FONT_FOLDERS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.fonts", "~/.local/share/fonts",
                "/Library/Fonts", "/System/Library/Fonts", "~/Library/Fonts",
                os.path.join(os.environ.get("WINDIR", r"C:\Windows"), "Fonts"))
_FILE_URL = re.compile(r"file://[^\"')\s<>]+")
PAGES = "pages.json"   # key → page count, so that planning a pack opens no PDF


def cache_folder(out: Path) -> Path:
    """``site`` → ``.site-cache/pdf`` beside it (``.gitignore`` covers ``/.site-*/``)."""
    return cache_root(out) / "pdf"


class PaperCache:
    """Papers' PDF bytes by key, one file each, with their page counts; written atomically,
    so a build that is stopped half-way leaves either a whole entry or none."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        try:
            self.pages: dict[str, int] = json.loads((self.folder / PAGES).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.pages = {}

    def file(self, key: str) -> Path:
        return self.folder / f"{key}.pdf"

    def has(self, key: str) -> bool:
        if key in self.pages and self.file(key).is_file():
            return True
        if self.file(key).is_file():   # written by a build stopped before it saved the counts
            import pikepdf
            try:
                with pikepdf.open(self.file(key)) as pdf:
                    self.pages[key] = len(pdf.pages)
                return True
            except pikepdf.PdfError:
                return False
        return False

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
        self.folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".new-", dir=self.folder)
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def paper_key(html: str, css: str, settings: str) -> str:
    """The hash of a paper's inputs: its print HTML and stylesheet, the bytes of every local
    file it refers to, and ``settings`` (the renderer's versions and options, and
    :func:`fonts_fingerprint`)."""
    digest = hashlib.sha256()
    for part in (settings, css, html):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    for url in sorted(set(_FILE_URL.findall(html))):
        digest.update(url.encode("utf-8") + b"\0" + _file_digest(url) + b"\0")
    return digest.hexdigest()


def _file_digest(url: str) -> bytes:
    path = Path(unquote(urlsplit(url).path))
    try:
        return hashlib.sha256(path.read_bytes()).digest()
    except OSError:
        return b"missing"


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
