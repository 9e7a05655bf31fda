"""PDFs: the site's own pages set on A4 by WeasyPrint, each paper laid out once, on every core.

A PDF is assembled from papers (papers.py): a record, an agenda item with its summary
table, a cover, the contents, the words used, the appendix of findings. Each paper is laid
out once a build, whichever PDFs hold it (a proposal is in its own PDF, in each pack that
has it and in the whole publication), in worker processes (layout.py), and kept in a cache
under a hash of its inputs (cache.py), so an edit lays out only the papers it changed.
Then, in order:

1. every paper but the contents, in parallel;
2. each PDF's contents, whose page numbers are now known (laid out again, once, if its own
   length was guessed wrong: it moves every page after it);
3. the running header and "Page X of Y" of each paper's run of pages (stamp.py);
4. each PDF assembled with pikepdf (assemble.py), in parallel too.

Anything WeasyPrint cannot use fails the build with the PDF and the item named, before
anything is written, so the previous PDFs stay as they were.
"""
from __future__ import annotations

import os
import time
from collections.abc import Iterable
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pydyf
import weasyprint

from ...pipeline import Result
from ...plan import PDF_KINDS, Output
from ...write import OutputError
from ..html import TEMPLATES
from .assemble import Assembly, Piece, assemble
from .cache import PaperCache, cache_folder, fonts_fingerprint, paper_key
from .layout import TAGGED, FetchRefused, Job, Progress, RestrictedFetcher, in_parallel, lay_out
from .papers import PRINT, Paper, PdfPlan, PrintPages
from .stamp import SAMPLE, Header, LabelError, Labels, page_numbers, stamps

__all__ = ["FetchRefused", "Job", "PdfError", "PdfRun", "PrintPages", "RestrictedFetcher", "lay_out",
           "render_pdfs"]

ENTRIES_A_CONTENTS_PAGE = 40   # the first guess at a contents' length


class PdfError(OutputError):
    """A PDF could not be made; the message names the PDF, the item and what to do."""


@dataclass
class PdfRun:
    files: dict[str, bytes]   # every PDF of the build, by site path
    made: list[str]           # the PDFs assembled
    laid_out: list[str]       # the papers WeasyPrint laid out in this build, by name
    reused: list[str]         # the papers taken from the cache unchanged
    seconds: float


def render_pdfs(result: Result, outputs: list[Output], out_dir: Path, jobs: int | None = None,
                progress: Progress | None = None, prune: bool = True) -> PdfRun:
    """Every PDF among ``outputs``, assembled from papers taken from the cache where their
    inputs are unchanged, else laid out, ``jobs`` at a time (default: one per CPU).
    Raises :class:`PdfError`.

    ``prune`` (when ``outputs`` are all the site's PDFs) drops cache entries no PDF uses now."""
    started = time.perf_counter()
    run = _Run(result, out_dir, jobs)
    plans = [run.pages.plan(o) for o in outputs if o.kind in PDF_KINDS]
    run.lay_out(run.pages.papers.values(), plans, progress)
    counts = run.contents(plans)
    stamped = {plan.path: stamps(plan, counts) for plan in plans}
    placed, sample = run.stamp_sheets(stamped, plans)
    assemblies = [run.assembly(plan, stamped[plan.path], placed[plan.path], sample) for plan in plans]
    files = {}
    for job, data in in_parallel(assemble, assemblies, jobs):
        if isinstance(data, BrokenProcessPool):
            raise PdfError(f"{job.path} could not be made: the process putting it together stopped "
                           "unexpectedly (out of memory?); try --jobs 1. Nothing was written: the "
                           "previous site and its PDFs are as they were.")
        files[job.path] = data
    if prune:
        run.cache.keep_only(run.used)
    run.cache.save()
    return PdfRun(files, sorted(files), sorted(run.laid_out), sorted(run.reused),
                  time.perf_counter() - started)


class _Run:
    """What one build knows of its papers: their keys, which were laid out, the cache."""

    def __init__(self, result: Result, out_dir: Path, jobs: int | None):
        self.pages = PrintPages(result)
        self.site = result.site
        self.jobs = jobs
        self.cache = PaperCache(cache_folder(out_dir))
        self.settings = (f"weasyprint {weasyprint.__version__}; pydyf {pydyf.__version__}; "
                         f"fonts {fonts_fingerprint()}")
        self.roots = (str(self.pages.content_root / "assets"), str(TEMPLATES / "static"), str(PRINT))
        self.keys: dict[str, str] = {}   # paper name → key
        self.used: set[str] = set()      # every key looked up: a contents' first guess too, for the next build
        self.laid_out: list[str] = []
        self.reused: list[str] = []

    def lay_out(self, papers: Iterable[Paper], plans: list[PdfPlan], progress: Progress | None = None,
                tagged: bool = True) -> None:
        """Lay out the papers the cache does not have, biggest first, all cores busy."""
        todo: dict[str, Job] = {}
        for paper in papers:
            key = paper_key(paper.html, paper.css, f"{self.settings}; {TAGGED if tagged else 'untagged'}")
            self.keys[paper.name] = key
            self.used.add(key)
            if key in todo:
                continue
            if self.cache.has(key):
                self.reused.append(paper.name)
            else:
                todo[key] = Job(paper.name, paper.html, self.roots, tagged, paper.css)
        jobs = sorted(todo.values(), key=lambda job: -len(job.html))
        for job, outcome in in_parallel(lay_out, jobs, self.jobs, progress, name=lambda job: job.name):
            if isinstance(outcome, BrokenProcessPool):
                outcome = None, 0, [("", "the process laying it out stopped unexpectedly (out of memory?); "
                                         "try --jobs 1")]
            data, count, problems = outcome
            if problems:
                raise PdfError(self._explain(job.name, problems, plans))
            self.cache.put(self.keys[job.name], data, count)
            self.laid_out.append(job.name)

    def contents(self, plans: list[PdfPlan]) -> dict[str, int]:
        """Lay out each PDF's contents with the page numbers it will have; returns the page
        count of every paper by name. A contents whose length was guessed wrong moves every
        page after it: it is laid out again with the numbers that follow from its length."""
        counts = {name: self.cache.pages[key] for name, key in self.keys.items()}
        guess = {plan.path: 1 + len(plan.slots) // ENTRIES_A_CONTENTS_PAGE for plan in plans if plan.contents}
        waiting = [plan for plan in plans if plan.contents]
        for _attempt in range(3):
            if not waiting:
                break
            papers = []
            for plan in waiting:
                counts[f"{plan.path}#contents"] = guess[plan.path]
                papers.append(plan.contents(page_numbers(plan, counts)))
            self.lay_out(papers, plans)
            for plan in waiting:
                counts[f"{plan.path}#contents"] = self.cache.pages[self.keys[f"{plan.path}#contents"]]
            waiting = [plan for plan in waiting if counts[f"{plan.path}#contents"] != guess[plan.path]]
            for plan in waiting:
                guess[plan.path] = counts[f"{plan.path}#contents"]
        return counts

    def stamp_sheets(self, stamped: dict[str, dict[str, list[tuple[Header, str]]]], plans: list[PdfPlan]
                     ) -> tuple[dict[str, dict[Header, tuple[str, int]]], str]:
        """Lay out each PDF's stamp sheet, a page for each different header, and the sample
        page label; returns, by PDF, each header's (sheet's file, page), and the sample's file."""
        sheets = {path: list(dict.fromkeys(header for pages in made.values() for header, _ in pages))
                  for path, made in stamped.items()}
        papers = [self.pages.stamp_sheet(f"{path}#stamps", [(h.doc, h.running, "") for h in headers])
                  for path, headers in sheets.items() if headers]
        papers.append(self.pages.stamp_sheet("#label", [("", "", SAMPLE)], sample=True))
        self.lay_out(papers, plans, tagged=False)
        sample = self.cache.file(self.keys["#label"])
        try:
            with pikepdf.open(sample) as opened:
                Labels(opened.pages[0])
        except LabelError as error:
            raise PdfError(f"The page numbers could not be drawn: {error}. Install a font with "
                           "digits, such as Liberation Sans or DejaVu Sans, and build again.") from None
        placed = {path: {header: (str(self.cache.file(self.keys[f"{path}#stamps"])), page)
                         for page, header in enumerate(headers)} for path, headers in sheets.items()}
        return placed, str(sample)

    def assembly(self, plan: PdfPlan, stamped: dict[str, list[tuple[Header, str]]],
                 placed: dict[Header, tuple[str, int]], sample: str) -> Assembly:
        pieces = [Piece(str(self.cache.file(self.keys[slot.paper])),
                        tuple((*placed[header], label) for header, label in stamped.get(slot.paper, ())),
                        slot.nested) for slot in plan.slots]
        doc = plan.doc
        return Assembly(plan.path, tuple(pieces), doc.title, self.site.config.council, doc.subject,
                        tuple(doc.keywords), doc.date, tuple(sorted(plan.records.items())),
                        self.site.config.base_url or "",
                        f"scrutinypack (WeasyPrint {weasyprint.__version__}, pikepdf {pikepdf.__version__})", sample)

    def _explain(self, name: str, problems: list[tuple[str, str]], plans: list[PdfPlan]) -> str:
        """'pack.pdf could not be made: Item 2 · Report: MTFS (reports/mtfs.md): …', naming
        the first PDF that holds the paper."""
        plan, slot = next(((plan, slot) for plan in plans for slot in plan.slots
                           if slot.paper == name or name.startswith(f"{plan.path}#")),
                          (None, None))
        where = "the PDF"
        if slot is not None and slot.paper == name:
            where = (slot.running or "the cover") + (f" ({slot.source})" if slot.source else "")
        lines = [f"  {where}: {_shown(reason, self.pages.content_root)}" for _url, reason in problems]
        return (f"{plan.path if plan else name} could not be made:\n" + "\n".join(lines) +
                "\nFix or remove that reference (or add the file to assets/), then build again. "
                "Nothing was written: the previous site and its PDFs are as they were.")


def _shown(text: str, content_root: Path) -> str:
    """Paths as a clerk knows them: relative to the content folder."""
    for root, name in ((content_root.as_uri() + "/", ""), (str(content_root) + os.sep, ""),
                       (TEMPLATES.as_uri() + "/", "templates/"), (str(TEMPLATES) + os.sep, "templates/")):
        text = text.replace(root, name)
    return text
