"""Laying out papers: WeasyPrint, in worker processes, fetching nothing it should not.

A :class:`Job` is self-contained (a paper's whole HTML and the folders it may read), so it
can run in any process, or on another machine; its result depends on nothing else.
WeasyPrint's only way to reach a file is :class:`RestrictedFetcher`, which serves the
content folder's ``assets/``, the templates' static files and pictures written out in an SVG
(``data:image/png…``), each picture within content/pictures.py's limits, and refuses
everything else.
"""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint
from PIL import Image
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from ...content import pictures
from ...content.fence import inside, regular_file
from ...cpus import cpus

try:
    import resource
except ImportError:  # Windows
    resource = None

TAGGED = {"pdf_variant": "pdf/ua-1"}  # tagged PDF (PDF/UA-1) for screen readers
Progress = Callable[[int, int, str], None]  # (done so far, to do, the one just done)
#: A worker's heap: the bundled site's workers peak at about 185 MiB of it (and 500 MiB of
#: address space); the 1,000-proposal build's processes at 920 MiB resident all together
#: (bench/results-pdf-1000.json); a 50-megapixel WebP, the largest picture allowed, at 820 MiB
WORKER_MEMORY = 2 * 1024**3


@dataclass(frozen=True)
class Job:
    name: str  # the paper, for messages
    html: str
    roots: tuple[str, ...]  # the folders the fetcher may serve
    tagged: bool = True  # False for the page stamps, which become artifacts
    css: str = ""  # the stylesheet, parsed once a process rather than once a paper


class FetchRefused(Exception):
    pass


class RestrictedFetcher(URLFetcher):
    """WeasyPrint's only way to a file: local files under ``roots``, nothing else.

    Every refusal is kept in :attr:`refused` as (URL, reason), so that the build can fail
    naming it (WeasyPrint itself would only log it and leave the image out).
    """

    def __init__(self, roots):
        super().__init__()
        self.roots = [Path(root).absolute() for root in roots]
        self.refused: list[tuple[str, str]] = []

    def fetch(self, url, headers=None):
        try:
            kind, data = self._embedded(url) if url[:5].lower() == "data:" else self._file(url)
        except FetchRefused as refusal:
            self.refused.append((_short(url), str(refusal)))
            raise
        return URLFetcherResponse(url, data, {"Content-Type": kind})

    def _file(self, url: str) -> tuple[str, bytes]:
        path = self._allowed(url)
        data = path.read_bytes()
        try:
            pictures.check(data, str(path))
        except pictures.TooLarge as error:
            raise FetchRefused(str(error)) from None
        return mimetypes.guess_type(path.name)[0] or "application/octet-stream", data

    @staticmethod
    def _embedded(url: str) -> tuple[str, bytes]:
        """A picture written out in an SVG (as drawing programs embed them), within the limits
        of content/pictures.py; any other ``data:`` address is refused."""
        try:
            return pictures.embedded(url)
        except pictures.PictureError as error:
            raise FetchRefused(f"refused a picture written out as a data: address: {error}") from None

    def _allowed(self, url: str) -> Path:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise FetchRefused(
                f"refused {url}: a PDF fetches nothing from the network; only files "
                "in the content folder's assets/ can go into it"
            )
        path = Path(unquote(parts.path))
        # a root that is a link out of its own folder (a linked assets/) holds nothing allowed
        if not any(inside(path, root) and inside(root, root.parent) for root in self.roots):
            raise FetchRefused(
                f"refused {path}: it is outside the content folder's assets/ (and the "
                "templates' static files), the only files a PDF may use"
            )
        if not regular_file(path):
            raise FetchRefused(f"{path} does not exist")
        return path.resolve()


def _short(url: str) -> str:
    """A URL to name in a message: a ``data:`` address (megabytes long) cut short."""
    return url[:60] + "…" if url[:5].lower() == "data:" and len(url) > 60 else url


class _Errors(logging.Handler):
    """WeasyPrint's errors (a resource it could not use), which it logs and carries on from."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.problems: list[tuple[str, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        url = next((a for a in record.args or () if isinstance(a, str) and "://" in a), "")
        self.problems.append((url, record.getMessage()))


_FONTS: list[FontConfiguration] = []  # one a process: making one costs more than a small paper
_STYLESHEETS: dict[str, weasyprint.CSS] = {}  # by their text, parsed once a process


def lay_out(job: Job) -> tuple[bytes | None, int, list[tuple[str, str]]]:
    """One paper (in a worker process): its PDF and page count, or the problems that stopped
    it as (URL, reason)."""
    fetcher = RestrictedFetcher(job.roots)
    errors = _Errors()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(errors)
    try:
        if not _FONTS:
            _FONTS.append(FontConfiguration())
        if job.css and job.css not in _STYLESHEETS:
            _STYLESHEETS[job.css] = weasyprint.CSS(string=job.css, url_fetcher=fetcher, font_config=_FONTS[0])
        document = weasyprint.HTML(string=job.html, url_fetcher=fetcher).render(
            stylesheets=[_STYLESHEETS[job.css]] if job.css else None, font_config=_FONTS[0]
        )
        data = document.write_pdf(**(TAGGED if job.tagged else {}))
    except Exception as error:  # input WeasyPrint cannot set: reported, never a traceback
        return None, 0, [("", f"WeasyPrint failed: {type(error).__name__}: {error}")]
    finally:
        logger.removeHandler(errors)
    problems = fetcher.refused or errors.problems
    return (None, 0, problems) if problems else (data, len(document.pages), [])


def _limit_worker() -> None:
    """Bound what one worker process may take, so that a paper that blows up fails that paper
    (a MemoryError, or a worker that stops: both are reported) rather than the machine: its
    heap (RLIMIT_DATA: memory written to, not the libraries mapped in) to :data:`WORKER_MEMORY`,
    and Pillow's decoding to the pixels a picture may have. Where the system has no
    :mod:`resource` (Windows), only the latter."""
    Image.MAX_IMAGE_PIXELS = pictures.MAX_PIXELS
    if resource is not None:
        hard = resource.getrlimit(resource.RLIMIT_DATA)[1]
        soft = WORKER_MEMORY if hard == resource.RLIM_INFINITY else min(WORKER_MEMORY, hard)
        resource.setrlimit(resource.RLIMIT_DATA, (soft, hard))


@contextmanager
def workers(jobs: int | None) -> Iterator[Executor]:
    """A pool of ``jobs`` processes (default: one per CPU), or this process alone for one.
    On an error, the work not yet started is dropped rather than waited for."""
    count = jobs or cpus()
    pool = _Here() if count <= 1 else ProcessPoolExecutor(max_workers=count, initializer=_limit_worker)
    try:
        yield pool
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


class _Here(Executor):
    """Work done at once, in this process, as it is submitted. An error is kept for its
    future, as a pool would; Ctrl+C is not, so that it stops the build at once."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as error:
            future.set_exception(error)
        return future
