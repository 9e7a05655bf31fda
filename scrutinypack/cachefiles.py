"""The build's cache: what must outlive the site's swap (the build's state, the PDF cache),
kept beside the output folder and written only through the fence. The build (state) and the
PDF renderer both keep files here, so it sits below both."""

from __future__ import annotations

import contextlib
from pathlib import Path

from .content import fence
from .problems import OutputError


def cache_root(out: Path) -> Path:
    """Where a build keeps what must outlive the swap (its state, the PDF cache): beside the
    output folder, never in it; ``site`` → ``.site-cache`` (``.gitignore`` covers ``/.site-*/``).
    Deleting it is always safe: the next build then makes everything afresh."""
    out = Path(out).resolve()
    return out.parent / f".{out.name}-cache"


def cache_file(path: Path, root: Path) -> Path:
    """A file of the build's cache (under :func:`cache_root`), checked by the fence before it
    is read, with ``root`` the folder the cache sits in: a cache folder that is a link (a
    committed ``.site-cache``) is refused by name before anything is read or built."""
    with _cache_refused():
        return fence.guard(path, root)


def cache_write(path: Path, data: bytes, root: Path, durable: bool = True) -> None:
    """Replace a file of the build's cache through the fence (see :func:`cache_file`)."""
    with _cache_refused():
        fence.replace(path, data, root, durable)


@contextlib.contextmanager
def _cache_refused():
    try:
        yield
    except fence.Refused as refusal:
        raise OutputError(f"{refusal} (the cache is always safe to delete)") from None
