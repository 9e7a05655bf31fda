"""A whole build: read and check the content, plan the outputs, render what changed, write.

The plan says which content files each output is made from; the state of the last build
(state.py) says which content files changed since. So a rebuild renders only the outputs
whose inputs changed and carries every other file over from the old site, and a build after
no change at all reads nothing but the content's bytes. The site is still replaced whole, by
one atomic swap (staging.py), whatever was rendered; each output is made by its kind's class
(outputs.py).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .. import paths
from ..cachefiles import cache_root
from ..content.load import Remembered
from ..plan import EVERYTHING, PDF_KINDS, PDF_MODES, Output, plan_site
from ..problems import ContentError, OutputError
from ..render.search import BODY_KINDS, index_folder, parts
from . import readcache
from . import state as build_state
from .outputs import makers, templated
from .reading import read_site
from .staging import InPlace, Stage


@dataclass
class BuildReport:
    outputs: int  # files in the site
    written: int  # files whose bytes are new
    unchanged: int  # files carried over from the old site
    rendered: int  # outputs rendered this time (0: nothing had changed)
    seconds: float
    summary: dict  # proposals, committees, meetings, reports, errors, warnings, undone
    result: object = None  # pipeline.Result, when the content was read this time
    pdf: object = None  # render.pdf.PdfRun when PDFs were made: which were rendered, which reused
    notes: list = field(default_factory=list)  # what the clerk should know: a cache not used, and why


def rendered(result, outputs: list[Output], todo: list[Output]):
    """(path, bytes) of each output in ``todo``, PDFs aside; ``outputs`` is the whole plan."""
    return _made(makers(result, outputs), todo)


def _made(made: dict, todo: list[Output]):
    for output in todo:
        maker = made[output.kind]
        if not maker.together:  # PDFs: all together, in parallel and cached (render.pdf.render_pdfs)
            yield output.path, maker.render(output)


# Rendering in several processes pays from this many outputs on; fewer are rendered at once.
PARALLEL_FROM = 400
# Shares of the outputs per process. A process takes the next share as it finishes one, so
# the processes finish together however much the outputs' costs differ (a proposal's page
# costs fifty times its JSON record); each share holds some of every kind.
SHARES_PER_JOB = 8
_WORK = None  # what forked render workers inherit: (makers, todo, placer)


def _render_share(share: tuple[int, int]) -> dict[str, str]:
    index, count = share
    made, todo, place = _WORK
    return {path: place(path, data) for path, data in _made(made, todo[index::count])}


def _start_worker() -> None:
    next(iter(_WORK[0].values())).shared.html.settle()


def render_into(stage: Stage, result, outputs: list[Output], todo: list[Output], jobs: int | None) -> None:
    """Render ``todo`` into the stage, in ``jobs`` forked processes when there are many (each
    writes its own files, so no page is held in memory longer than it takes to write it).
    The makers are made here, once, and the processes inherit them."""
    global _WORK
    jobs = jobs or os.cpu_count() or 1
    todo = [o for o in todo if o.kind not in PDF_KINDS]
    made = makers(result, outputs)
    if jobs == 1 or len(todo) < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        for path, data in _made(made, todo):
            stage.put(path, data)
        return
    _WORK = (made, todo, stage.placer())
    shares = min(len(todo), jobs * SHARES_PER_JOB)
    try:
        with ProcessPoolExecutor(
            jobs, mp_context=multiprocessing.get_context("fork"), initializer=_start_worker
        ) as pool:
            for placed in pool.map(_render_share, [(i, shares) for i in range(shares)]):
                stage.record(placed)
    finally:
        _WORK = None


def build(
    content_dir: Path, out_dir: Path, pdf: str = "none", jobs: int | None = None, progress=None
) -> BuildReport:
    """Build the site once; raises ContentError (nothing written) when the content is not usable.

    ``pdf`` is one of PDF_MODES: none (the default here, for speed), ``default`` (a PDF per
    proposal and a pack per meeting) or ``all`` (and the whole publication); ``jobs`` and
    ``progress`` are render.pdf.render_pdfs's.
    """
    return Builder(content_dir, out_dir, pdf, jobs, progress, live=False).build()


class Builder:
    """One content folder built into one output folder, again and again (live preview).

    Between builds it keeps the last build's state and (when ``live``) the YAML it read, so
    a rebuild re-parses only the files whose text changed and re-renders only what depends on
    them. ``jobs`` is how many processes render (default: one per CPU).
    """

    def __init__(
        self,
        content_dir: Path,
        out_dir: Path,
        pdf: str = "none",
        jobs: int | None = None,
        progress=None,
        live: bool = True,
    ):
        if pdf not in PDF_MODES:
            raise ValueError(f"pdf must be one of {PDF_MODES}, not {pdf!r}")
        self.content_dir, self.out_dir = Path(content_dir).resolve(), Path(out_dir).resolve()
        self.pdf, self.jobs, self.progress = pdf, jobs, progress
        self.state_file = cache_root(self.out_dir) / "state.json"
        self.state: build_state.State | None = None
        self.remembered = Remembered() if live else None  # what was read, reused by the next build
        self.result = None  # the last pipeline.Result

    def build(self, complete: bool = True) -> BuildReport:
        """Build now; raises ContentError (nothing written) when the content is not usable.

        ``complete=False`` makes only the pages of the records an edit touches, and leaves the
        pages that list every record (home, lists, data, feeds) and the search index as the
        last build made them: on a large site those are most of a rebuild's time. The live
        preview shows the edit at once, and brings the rest up to date once the clerk pauses,
        with a later complete build."""
        started = time.perf_counter()
        content_dir, out_dir = self.content_dir, self.out_dir
        if content_dir == out_dir or out_dir in content_dir.parents or content_dir in out_dir.parents:
            raise OutputError(
                f"the output folder {out_dir} and the content folder {content_dir} "
                "must not contain each other: choose another --out"
            )
        inputs = build_state.scan(content_dir)
        environment = build_state.environment(f"pdf={self.pdf}")
        notes = []
        previous = self.state
        if previous is None:
            previous, why = build_state.State.load(self.state_file)
            notes += [readcache.note(self.state_file, why)] if why else []
        if (
            previous
            and previous.environment == environment
            and previous.inputs == inputs
            and previous.intact(out_dir)
            and not (complete and previous.lagging)
        ):
            self.state = previous
            files = len(previous.outputs) + len(previous.extra)
            return BuildReport(
                files, 0, files, 0, time.perf_counter() - started, previous.summary, self.result
            )
        return self._build(started, inputs, environment, previous, complete, notes)

    def _build(
        self, started: float, inputs: dict, environment: str, previous, complete: bool, notes: list[str]
    ) -> BuildReport:
        stored = None  # a live preview keeps what it read in memory (``remembered``) instead
        if self.remembered is None:
            stored, why = readcache.load(self.state_file.parent, environment)
            notes += [why] if why else []
        result = read_site(self.content_dir, self.remembered, stored)
        if stored is not None:  # each entry holds for its stamp, whatever the build comes to;
            readcache.save(stored, self.state_file.parent)  # written now, so the render workers
            result.content.stored = stored = None  # forked below do not hold it too
            _give_back_memory()
        if result.blocking:
            raise ContentError(result.blocking)
        site = result.site
        outputs = plan_site(site, self.pdf)
        links = build_state.links_key(paths.known_paths(site))
        copies = {path.relative_to(result.content.root).as_posix(): path for path in result.content.assets}
        planned = [o for o in outputs if o.path not in copies]
        fresh = _outdated(planned, previous, environment, inputs, links, self.out_dir)
        lagging = set(previous.lagging) if previous and len(fresh) < len(planned) else set()
        remade = {o.path for o in fresh}
        if complete:
            fresh += [o for o in planned if o.path in lagging and o.path not in remade]
        elif previous is not None:
            later = {o.path for o in fresh if EVERYTHING in o.deps and o.path in previous.outputs}
            lagging |= later
            fresh = [o for o in fresh if o.path not in later]
        pdfs = None
        live = self.remembered is not None
        if live and previous is not None and len(fresh) < len(planned):  # what is kept is there (_outdated)
            stage = InPlace(self.out_dir, {*previous.outputs, *previous.extra})
        else:
            stage = Stage(self.out_dir, clear_later=live)
        with stage:
            render_into(stage, result, planned, fresh, self.jobs)
            remade = {o.path for o in fresh}
            for o in planned:
                if o.kind not in PDF_KINDS and o.path not in remade:
                    stage.keep(o.path)
            for rel, source in sorted(copies.items()):
                if source in result.content.cleaned:  # an SVG, made safe to open
                    stage.put(rel, result.content.cleaned[source])
                else:
                    stage.copy(rel, source)
            wanted = [o for o in fresh if o.kind in PDF_KINDS]
            made = {o.path for o in wanted}
            if wanted:
                from ..render.pdf import render_pdfs  # WeasyPrint is loaded only when PDFs are made

                pdfs = templated(
                    render_pdfs,
                    result,
                    wanted,
                    self.out_dir,
                    self.jobs,
                    self.progress,
                    prune=len(wanted) == sum(o.kind in PDF_KINDS for o in planned),
                    content=result.content.root,
                )
                for path, data in sorted(pdfs.files.items()):
                    stage.put(path, data)
            for o in planned:
                if o.kind in PDF_KINDS and o.path not in made:
                    stage.keep(o.path)
            extra, lagging = self._index(stage, planned, fresh, previous, lagging, complete)
            sizes = {rel: (stage.path / rel).stat().st_size for rel in stage.files}
            stage.commit()
        summary = _summary(site, result.problems)
        self.state = build_state.State(
            environment,
            inputs,
            {o.path: {"size": sizes[o.path], "deps": sorted(o.deps)} for o in planned},
            {rel: sizes[rel] for rel in extra},
            sorted(lagging),
            links,
            summary,
        )
        self.state.save(self.state_file)
        self.result = result
        return BuildReport(
            len(stage.files),
            stage.counts["written"],
            stage.counts["unchanged"],
            len(fresh),
            time.perf_counter() - started,
            summary,
            result,
            pdfs,
            notes,
        )

    def _index(
        self, stage, planned: list[Output], fresh: list[Output], previous, lagging: set[str], complete: bool
    ) -> tuple[list[str], set[str]]:
        """The search index: its parts that hold a page made again are made again too (or,
        when not ``complete``, left to lag); the others are kept. Returns the index's files
        and what lags now."""
        pages = [o.path for o in planned if o.kind in BODY_KINDS]
        folders = parts(pages)
        kept = previous.extra if previous and len(fresh) < len(planned) else {}
        if not kept or not all(previous.unchanged(rel, self.out_dir) for rel in kept):
            redo = set(folders)
        else:
            remade = {o.path for o in fresh}
            redo = {folder for folder, part in folders.items() if remade.intersection(part)}
            redo |= lagging & set(folders)
            if not complete:
                lagging, redo = lagging | redo, set()
        if complete:
            lagging = set()
        files = [rel for rel in kept if rel.split("/", 1)[0] not in redo]
        for rel in files:
            stage.keep(rel)
        if redo:
            made = index_folder(stage.path, pages, self.jobs or os.cpu_count() or 1, redo)
            stage.record({rel: _relink(stage, rel) for rel in made})
            files += made
        return files, lagging


def _give_back_memory() -> None:
    """Return the heap's free pages to the system (glibc's malloc_trim): the kept records'
    text, just let go, would otherwise stay in the process, and every render worker forked
    from it would count those pages too. Elsewhere, nothing is done."""
    name = ctypes.util.find_library("c")
    trim = getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None
    if trim is not None:
        trim(0)


def _relink(stage, rel: str) -> str:
    """A file of the search index just made, as the old site's file where the bytes are the
    same (Pagefind names its fragments and chunks by their bytes, so most are): "unchanged",
    else "written". Where the site is updated in place there is no old file to compare."""
    old, new = stage.out / rel, stage.path / rel
    if old == new or old.is_symlink() or not old.is_file():
        return "written"
    data = new.read_bytes()
    if old.stat().st_size != len(data) or old.read_bytes() != data:
        return "written"
    linked = new.with_name(new.name + ".same")
    try:
        os.link(old, linked)
    except OSError:  # no hard links here: the new copy stays
        return "written"
    os.replace(linked, new)
    return "unchanged"


def _outdated(
    planned: list[Output], previous, environment: str, inputs: dict, links: str, out_dir: Path
) -> list[Output]:
    """The outputs to render: those whose inputs changed since the last build (all of them
    when there was none, or when something every page depends on changed)."""
    changed = build_state.changed_inputs(previous.inputs, inputs) if previous else None
    if changed is None or previous.environment != environment or previous.links != links:
        return planned
    fresh = []
    for o in planned:
        before = previous.outputs.get(o.path)
        if (
            before is None
            or EVERYTHING in o.deps
            or o.deps & changed
            or changed.intersection(before["deps"])
            or not previous.unchanged(o.path, out_dir)
        ):
            fresh.append(o)
    return fresh


def _summary(site, problems: list) -> dict:
    """The counts 'build' reports: those of 'check' (a warning about a file counts too)."""
    everything = [*problems, *site.findings]
    severities = [f.severity for f in everything]
    return {
        "proposals": len(site.proposals),
        "committees": len(site.committees),
        "meetings": len(site.meetings()),
        "reports": len(site.reports),
        "errors": severities.count("error"),
        "warnings": severities.count("warning"),
        "undone": sum(f.code == "not-checked" for f in everything),
    }
