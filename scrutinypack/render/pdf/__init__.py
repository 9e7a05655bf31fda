"""PDFs: the site's own pages set on A4 by WeasyPrint, each paper laid out once, on every core.

A PDF is assembled from papers (papers.py): a record, a run of short records, an agenda
item with its summary table, a cover, the contents, the words used, the appendix of
findings. Each paper is laid out once a build, whichever PDFs hold it (a proposal is in
its own PDF, in each pack that has it and in the whole publication), in worker processes
(layout.py), and kept in a cache under a hash of its inputs (cache.py), so an edit lays
out only the papers it changed.

The steps run as soon as what they need is ready, all in one pool of ``--jobs`` processes,
so that no core waits for a step to end everywhere:

1. as each PDF is planned, its papers and its sheets of running headers (stamp.py) are sent
   to be laid out, while the next PDF is planned;
2. when its records alone are laid out, their lengths say which are printed alone and
   which in runs, one after another (pdfplan.runs_of), and which are set a little closer to
   save a page holding a few lines (:meth:`_Run._tightened`); those papers are sent;
3. when its other papers are laid out, its contents, whose page numbers are now known (laid
   out again, once, if its own length was guessed wrong: it moves every page after it);
4. then it is assembled with pikepdf (assemble.py), its pages numbered as it is.

Anything WeasyPrint cannot use fails the build with the PDF and the item named, before
anything is written, so the previous PDFs stay as they were.
"""

from __future__ import annotations

import os
import queue
import time
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
import pydyf
import weasyprint

from ...pipeline import Result
from ...plan import PDF_KINDS, Output
from ...problems import OutputError
from ..html import TEMPLATES
from .assemble import Assembly, Piece, assemble
from .cache import PaperCache, cache_folder, fonts_fingerprint, paper_key
from .layout import TAGGED, FetchRefused, Job, Progress, RestrictedFetcher, lay_out, workers
from .papers import PRINT, PrintPages
from .pdfplan import Paper, PdfPlan, Slot
from .runs import Starts, starts, tail
from .stamp import SAMPLE, Header, LabelError, Labels, page_numbers, sheets, stamps

__all__ = [
    "FetchRefused",
    "Job",
    "PdfError",
    "PdfRun",
    "PrintPages",
    "RestrictedFetcher",
    "lay_out",
    "render_pdfs",
]

ENTRIES_A_CONTENTS_PAGE = 40  # the first guess at a contents' length
LABEL = "#label"  # the sample page label's paper
WIDOW = 0.15  # of a page: a record's last page holding less is set closer, if that saves it


class PdfError(OutputError):
    """A PDF could not be made; the message names the PDF, the item and what to do."""


@dataclass
class PdfRun:
    files: dict[str, bytes]  # every PDF of the build, by site path
    made: list[str]  # the PDFs assembled
    laid_out: list[str]  # the papers WeasyPrint laid out in this build, by name
    reused: list[str]  # the papers taken from the cache unchanged
    seconds: float


def render_pdfs(
    result: Result,
    outputs: list[Output],
    out_dir: Path,
    jobs: int | None = None,
    progress: Progress | None = None,
    prune: bool = True,
) -> PdfRun:
    """Every PDF among ``outputs``, assembled from papers taken from the cache where their
    inputs are unchanged, else laid out, ``jobs`` at a time (default: one per CPU).
    Raises :class:`PdfError`.

    ``prune`` (when ``outputs`` are all the site's PDFs) drops cache entries no PDF uses now."""
    started = time.perf_counter()
    run = _Run(result, out_dir, progress)
    with workers(jobs) as pool:
        run.pool = pool
        for output in outputs:
            if output.kind in PDF_KINDS:
                run.plan(output)
        run.finish()
    if prune:
        run.cache.keep_only(run.used)
    run.cache.save()
    return PdfRun(
        run.files, sorted(run.files), sorted(run.laid_out), sorted(run.reused), time.perf_counter() - started
    )


@dataclass(eq=False)
class _Pdf:
    """One PDF on its way: what it waits for, and its contents' guessed length."""

    plan: PdfPlan
    sheets: list[list[Header]]  # its running headers, a stamp sheet each (stamp.sheets)
    waiting: set[str] = field(default_factory=set)  # keys of the papers not laid out yet
    guess: int = 0  # the contents' length the page numbers assume
    attempts: int = 0  # contents laid out so far
    sent: bool = False  # to be assembled


class _Run:
    """What one build knows of its papers and PDFs: their keys, which were laid out, the
    work in the pool and what waits for it."""

    def __init__(self, result: Result, out_dir: Path, progress: Progress | None):
        self.pages = PrintPages(result)
        self.site = result.site
        self.progress = progress
        self.pool = None
        self.cache = PaperCache(cache_folder(out_dir))
        self.settings = (
            f"weasyprint {weasyprint.__version__}; pydyf {pydyf.__version__}; fonts {fonts_fingerprint()}"
        )
        self.roots = (str(self.pages.content_root / "assets"), str(TEMPLATES / "static"), str(PRINT))
        self.keys: dict[str, str] = {}  # paper name → key
        self.where: dict[str, Starts] = {}  # a run paper's key → where its records start
        self.settled: set[str] = set()  # records whose paper is chosen (_tightened)
        self.chosen: dict[str, str] = {}  # a record → its paper set closer, where that is printed
        self.tails: dict[str, float] = {}  # a record's paper's key → how far down its last page it ends
        self.used: set[str] = set()  # every key looked up: a contents' first guess too, for the next build
        self.laid_out: list[str] = []
        self.reused: set[str] = set()
        self.fresh: set[str] = set()  # the keys laid out in this build
        self.pdfs: list[_Pdf] = []
        self.flying: dict[
            str, tuple[str, list[_Pdf]]
        ] = {}  # key being laid out → its paper's name, who waits
        self.work: dict[Future, object] = {}  # in the pool → its key, or its _Pdf
        self.ready: queue.SimpleQueue[Future] = queue.SimpleQueue()  # done, not taken in yet
        self.files: dict[str, bytes] = {}
        self.sent = self.done = 0  # papers sent to be laid out, and back
        self.label = self.pages.stamp_sheet(LABEL, [("", "", SAMPLE)], sample=True)

    def plan(self, output: Output) -> None:
        """Plan one PDF and send what it needs to be laid out."""
        plan = self.pages.plan(output)
        pdf = _Pdf(plan, sheets(plan))
        self.pdfs.append(pdf)
        for slot in pdf.plan.slots:
            if slot.paper in self.pages.papers:  # all but the contents, which waits for the rest
                self.need(self.pages.papers[slot.paper], pdf)
        for number, sheet in enumerate(pdf.sheets, 1):
            self.need(
                self.pages.stamp_sheet(
                    f"{pdf.plan.path}#stamps-{number}", [(h.doc, h.running, "") for h in sheet]
                ),
                pdf,
                tagged=False,
            )
        self.need(self.label, pdf, tagged=False)
        self._advance(pdf)

    def need(self, paper: Paper, pdf: _Pdf | None, tagged: bool = True) -> None:
        """``paper`` from the cache, or sent to be laid out; ``pdf`` waits for it."""
        key = paper_key(
            paper.html, paper.css, f"{self.settings}; {TAGGED if tagged else 'untagged'}", self.roots
        )
        if self.keys.get(paper.name) != key:  # not asked for before
            self.keys[paper.name] = key
            self.used.add(key)
            if key in self.flying or key in self.fresh:
                pass  # the same paper under another name (a list of words)
            elif self.cache.has(key):
                self.reused.add(paper.name)
            else:
                self.flying[key] = (paper.name, [])
                self._send(lay_out, Job(paper.name, paper.html, self.roots, tagged, paper.css), key)
                self.sent += 1
        if pdf is not None and key in self.flying:
            self.flying[key][1].append(pdf)
            pdf.waiting.add(key)

    def finish(self) -> None:
        """Take in what the pool gives back, sending on what it makes ready, until all is done."""
        if self.progress:
            self.progress(self.done, self.sent, "")
        while self.work:
            future = self.ready.get()
            what = self.work.pop(future)
            try:
                outcome = future.result()
            except BrokenProcessPool:
                raise PdfError(self._stopped(what)) from None
            if isinstance(what, _Pdf):
                self.files[what.plan.path] = outcome
            else:
                self._laid_out(what, *outcome)

    def _send(self, work, job, what) -> None:
        future = self.pool.submit(work, job)
        self.work[future] = what
        future.add_done_callback(self.ready.put)

    def _laid_out(self, key: str, data: bytes | None, count: int, problems: list[tuple[str, str]]) -> None:
        name, waiting = self.flying.pop(key)
        if problems:
            raise PdfError(self._explain(name, problems))
        self.cache.put(key, data, count)
        self.fresh.add(key)
        if name == LABEL:
            self._check_sample()
        self.laid_out.append(name)
        self.done += 1
        if self.progress:
            self.progress(self.done, self.sent, name)
        for pdf in waiting:
            pdf.waiting.discard(key)
            self._advance(pdf)

    def _advance(self, pdf: _Pdf) -> None:
        """The PDF's next step, once all it waits for is laid out: its papers arranged, its
        contents, then its assembly."""
        if pdf.waiting or pdf.sent or not self._tightened(pdf) or not self._arranged(pdf):
            return
        if pdf.plan.contents and not self._contents_settled(pdf):
            return
        pdf.sent = True
        self._send(assemble, self._assembly(pdf), pdf)

    def _tightened(self, pdf: _Pdf) -> bool:
        """Whether it is settled, for each record the PDF prints alone, which of its papers it
        prints: where the last page holds a few lines only (under :data:`WIDOW` of it), the
        record set a little closer, if that takes a page less (laid out once, for every PDF)."""
        for slot in pdf.plan.slots:
            name = slot.paper
            if name in self.settled or name not in self.pages.records:
                continue
            key = self.keys[name]
            if self.cache.pages[key] < 2 or self._tail(name) >= WIDOW:
                self.settled.add(name)
                continue
            tight = self.pages.tight(name)
            self.need(tight, pdf)
            if self.keys[tight.name] not in self.flying:
                self.settled.add(name)
                if self.cache.pages[self.keys[tight.name]] < self.cache.pages[key]:
                    self.chosen[name] = tight.name
        return not pdf.waiting

    def _file(self, name: str) -> Path:
        """The laid-out paper that the slot naming paper ``name`` prints."""
        return self.cache.file(self.keys[self.chosen.get(name, name)])

    def _pages(self, name: str) -> int:
        return self.cache.pages[self.keys[self.chosen.get(name, name)]]

    def _tail(self, name: str) -> float:
        """How far down its last page the record ``name`` ends, in the paper printed for it."""
        key = self.keys[self.chosen.get(name, name)]
        if key not in self.tails:
            self.tails[key] = tail(self.cache.file(key), name)
        return self.tails[key]

    def _arranged(self, pdf: _Pdf) -> bool:
        """Whether the PDF's slots are final; if not, they are arranged now that the records
        alone are laid out (pdfplan.PdfPlan.arrange), and the new papers sent to be laid out."""
        plan = pdf.plan
        if plan.arrange is None:
            return True
        plan.slots = plan.arrange(
            {
                slot.paper: (self._pages(slot.paper), self._tail(slot.paper))
                for slot in plan.slots
                if slot.paper in self.pages.records
            }
        )
        plan.arrange = None
        for slot in plan.slots:
            if slot.paper in self.pages.papers:
                self.need(self.pages.papers[slot.paper], pdf)
        return not pdf.waiting

    def _contents_settled(self, pdf: _Pdf) -> bool:
        """Whether the PDF's contents is laid out with the page numbers its own length gives;
        if not, it is sent to be laid out (again: a wrong guess moves every page after it)."""
        plan = pdf.plan
        while True:
            if pdf.attempts:
                length = self.cache.pages[self.keys[f"{plan.path}#contents"]]
                if length == pdf.guess or pdf.attempts == 3:
                    return True
                pdf.guess = length
            else:
                pdf.guess = 1 + len(plan.slots) // ENTRIES_A_CONTENTS_PAGE
            pdf.attempts += 1
            self.need(
                plan.contents(page_numbers(plan, self._counts(plan, pdf.guess), self._starts(plan))), pdf
            )
            if pdf.waiting:
                return False

    def _counts(self, plan: PdfPlan, contents: int | None = None) -> dict[str, int]:
        """Each paper's page count; the contents' as guessed, or as laid out."""
        return {
            slot.paper: contents
            if contents is not None and slot.paper == f"{plan.path}#contents"
            else self._pages(slot.paper)
            for slot in plan.slots
        }

    def _starts(self, plan: PdfPlan) -> dict[str, Starts]:
        """Where each run's records start in its paper, read once a build from its PDF."""
        for slot in plan.slots:
            key = self.keys[slot.paper] if slot.records else None
            if key is not None and key not in self.where:
                self.where[key] = starts(self.cache.file(key), [record.anchor for record in slot.records])
        return {slot.paper: self.where[self.keys[slot.paper]] for slot in plan.slots if slot.records}

    def _assembly(self, pdf: _Pdf) -> Assembly:
        plan = pdf.plan
        counts = self._counts(plan)
        placed = {
            header: (str(self.cache.file(self.keys[f"{plan.path}#stamps-{number}"])), page)
            for number, sheet in enumerate(pdf.sheets, 1)
            for page, header in enumerate(sheet)
        }
        stamped = stamps(plan, counts, self._starts(plan))
        pieces = tuple(
            Piece(
                str(self._file(slot.paper)),
                tuple((*placed[header], label) for header, label in stamped.get(slot.paper, ())),
                slot.nested,
            )
            for slot in plan.slots
        )
        doc = plan.doc
        return Assembly(
            plan.path,
            pieces,
            doc.title,
            self.site.config.council,
            doc.subject,
            tuple(doc.keywords),
            doc.date,
            tuple(sorted(plan.records.items())),
            self.site.config.base_url or "",
            f"scrutinypack (WeasyPrint {weasyprint.__version__}, pikepdf {pikepdf.__version__})",
            str(self.cache.file(self.keys[LABEL])),
        )

    def _check_sample(self) -> None:
        try:
            with pikepdf.open(self.cache.file(self.keys[LABEL])) as opened:
                Labels(opened.pages[0])
        except LabelError as error:
            raise PdfError(
                f"The page numbers could not be drawn: {error}. Install a font with "
                "digits, such as Liberation Sans or DejaVu Sans, and build again."
            ) from None

    def _stopped(self, what) -> str:
        path = what.plan.path if isinstance(what, _Pdf) else self._first_pdf(self.flying[what][0])[0]
        return (
            f"{path} could not be made: a process laying out or putting together its papers "
            "stopped unexpectedly (out of memory?); try --jobs 1. Nothing was written: the "
            "previous site and its PDFs are as they were."
        )

    def _first_pdf(self, name: str):
        """The first PDF that holds the paper ``name``, and its slot there (None for its stamps)."""
        for pdf in self.pdfs:
            slot = next((slot for slot in pdf.plan.slots if slot.paper == name), None)
            if slot is not None or name.startswith(f"{pdf.plan.path}#"):
                return pdf.plan.path, slot
        return name, None

    def _explain(self, name: str, problems: list[tuple[str, str]]) -> str:
        """'pack.pdf could not be made: Item 2 · Report: MTFS (reports/mtfs.md): …', naming
        the first PDF that holds the paper."""
        path, slot = self._first_pdf(name)
        where = "the PDF"
        if slot is not None and slot.paper == name:
            where = "; ".join(dict.fromkeys(_named(shown) for shown in (slot, *slot.records)))
        lines = [f"  {where}: {_shown(reason, self.pages.content_root)}" for _url, reason in problems]
        return (
            f"{path} could not be made:\n"
            + "\n".join(lines)
            + "\nFix or remove that reference (or add the file to assets/), then build again. "
            "Nothing was written: the previous site and its PDFs are as they were."
        )


def _named(slot: Slot) -> str:
    """'Item 2 · Report: MTFS (reports/mtfs.md)': a paper, or a record of a run, for messages."""
    return (slot.running or "the cover") + (f" ({slot.source})" if slot.source else "")


def _shown(text: str, content_root: Path) -> str:
    """Paths as a clerk knows them: relative to the content folder."""
    for root, name in (
        (content_root.as_uri() + "/", ""),
        (str(content_root) + os.sep, ""),
        (TEMPLATES.as_uri() + "/", "templates/"),
        (str(TEMPLATES) + os.sep, "templates/"),
    ):
        text = text.replace(root, name)
    return text
