"""PDFs: the site's own pages set on A4 by WeasyPrint, cached, in parallel, fetching nothing.

A proposal's PDF, and each proposal and report in a meeting's pack, is the main content of
its web page, made by the same templates, filters and macros; only its links change (back
to the web, or within a pack to the page that holds the record). So a figure cannot differ
between page and PDF. ``templates/print/`` adds what paper needs: cover, contents with page
numbers, running headers, an appendix of the checks' findings, and the print stylesheet.

The print HTML is made here, in the build's process; WeasyPrint renders it in worker
processes (it is CPU-bound), and each PDF is cached under a hash of its inputs
(render/pdfcache.py). WeasyPrint's only way to reach a file is :class:`RestrictedFetcher`,
which serves the content folder's ``assets/`` and the templates' static files and refuses
everything else. Anything WeasyPrint cannot use fails the build with the item named, before
anything is written, so the previous PDF stays as it was.
"""
from __future__ import annotations

import datetime as dt
import html as htmllib
import logging
import mimetypes
import os
import re
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pydyf
import weasyprint
from jinja2 import pass_context
from markupsafe import Markup
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .. import paths
from ..content.fence import inside, regular_file
from ..glossary import Term
from ..history import latest
from ..model import Meeting, Proposal, Report
from ..pipeline import Result
from ..plan import PDF_KINDS, Output
from ..write import OutputError
from .html import TEMPLATES, HtmlRenderer, long_date, make_environment
from .markup import SITE_LINK, render_markdown
from .pdfcache import PdfCache, cache_folder, fonts_fingerprint, render_key

PRINT = TEMPLATES / "print"
OPTIONS = {"pdf_variant": "pdf/ua-1"}   # tagged PDF (PDF/UA-1) for screen readers
Progress = Callable[[int, int, str], None]   # (rendered so far, to render, the PDF just done)


class PdfError(OutputError):
    """A PDF could not be made; the message names the PDF, the item and what to do."""


@dataclass
class PdfRun:
    files: dict[str, bytes]   # every PDF of the build, by site path
    rendered: list[str]       # rendered by WeasyPrint in this build
    reused: list[str]         # taken from the cache unchanged
    seconds: float


def render_pdfs(result: Result, outputs: list[Output], out_dir: Path, jobs: int | None = None,
                progress: Progress | None = None, prune: bool = True) -> PdfRun:
    """Every PDF among ``outputs``: from the cache where its inputs are unchanged, else
    rendered, ``jobs`` at a time (default: one per CPU). Raises :class:`PdfError`.

    ``prune`` (when ``outputs`` are all the site's PDFs) drops cache entries no PDF uses now."""
    started = time.perf_counter()
    pages = PrintPages(result)
    cache = PdfCache(cache_folder(out_dir))
    settings = (f"weasyprint {weasyprint.__version__}; pydyf {pydyf.__version__}; {sorted(OPTIONS.items())}; "
                f"fonts {fonts_fingerprint()}")
    roots = (str(pages.content_root / "assets"), str(TEMPLATES / "static"), str(PRINT))
    files: dict[str, bytes] = {}
    keys: dict[str, str] = {}
    todo: list[Job] = []
    sources: dict[str, dict[str, str]] = {}
    for output in outputs:
        if output.kind not in PDF_KINDS:
            continue
        html, sources[output.path] = pages.html(output)
        keys[output.path] = render_key(html, settings)
        cached = cache.get(keys[output.path])
        if cached is None:
            todo.append(Job(output.path, html, roots))
        else:
            files[output.path] = cached
    rendered = []
    with closing(_render_all(todo, jobs, progress)) as results:   # closing it stops the workers
        for job, data, problems in results:
            if problems:
                raise PdfError(_explain(job, problems, sources[job.path], pages.content_root))
            cache.put(keys[job.path], data)
            files[job.path] = data
            rendered.append(job.path)
    if prune:
        cache.keep_only(set(keys.values()))
    return PdfRun(files, sorted(rendered), sorted(set(files) - set(rendered)),
                  time.perf_counter() - started)


# -- The print HTML ---------------------------------------------------------------------------

@dataclass
class Part:
    """A proposal or report in a PDF, as the main content of its web page."""

    kind: str       # proposal | report
    anchor: str     # its id in the PDF
    page: str       # its web page
    label: str      # in the contents and the bookmarks: "SC002: Reduce waste"
    short: str      # "SC002"
    running: str    # the running header over its pages
    source: str     # its content file, for messages
    body: Markup    # empty where a pack printed it under an earlier item


@dataclass
class Doc:
    """What the PDF says about itself: metadata and the running header."""

    kind: str
    title: str
    subject: str
    keywords: list[str]
    date: str        # from the content (never the clock), so the bytes stay the same; or ""
    running: str


class PrintPages:
    """The HTML WeasyPrint is given for each PDF, from the site's own Jinja environment."""

    def __init__(self, result: Result):
        self.site = result.site
        self.content_root = result.content.root.resolve()
        self.anchors: dict[str, str] = {}   # site path → id, for the records in the PDF being made
        self.terms: dict[str, Term] = {}    # glossary terms the records of a pack use, by slug
        self.css = Markup((PRINT / "print.css").read_text(encoding="utf-8"))
        self.chart_css = (PRINT / "charts.css").read_text(encoding="utf-8")
        env = make_environment(self.content_root)
        env.globals.update(url=self._url, web_url=self._web_url, web_text=self._web_text,
                           local_file=self._file_url, pdfs=frozenset())
        env.filters["md"] = self._md
        self.web = HtmlRenderer(self.site, env)
        self.proposals = {p.slug: p for p in self.site.proposals}
        self.reports = {r.slug: r for r in self.site.reports}

    def html(self, output: Output) -> tuple[str, dict[str, str]]:
        """The print HTML of one PDF output, and the content file of each record by its id."""
        self.anchors.clear()
        self.terms.clear()
        if output.kind == "proposal-pdf":
            doc, context, parts = self._proposal(self.proposals[output.key], output.path)
        elif output.kind == "pack":
            slug, date = output.key.split("/")
            meeting = next(m for c in self.site.committees if c.slug == slug
                           for m in c.meetings if m.slug == date)
            doc, context, parts = self._pack(meeting, output.path)
        else:
            doc, context, parts = self._publication(output.path)
        template = self.web.env.get_template(f"print/{output.kind.removesuffix('-pdf')}.html")
        terms = sorted(self.terms.values(), key=lambda t: t.term.lower())
        html = template.render(site=self.site, page=output.path, doc=doc, css=self.css, terms=terms, **context)
        return _unbroken_amounts(html), {p.anchor: p.source for p in parts}

    def _proposal(self, p: Proposal, page: str) -> tuple[Doc, dict, list[Part]]:
        part = self._part(p, page, f"{p.ref}: {p.title}", shift=0)
        doc = Doc("single", part.label, _proposal_subject(p, self.site.config.title),
                  [p.ref, p.service, p.directorate, "savings proposal"],
                  _iso(latest(self.web.histories[p.slug])), self.site.config.title)
        return doc, {"part": part}, [part]

    def _pack(self, m: Meeting, page: str) -> tuple[Doc, dict, list[Part]]:
        c = m.committee
        items = []
        for item in m.agenda:
            records = [(p, "proposal") for p in item.proposals]
            if item.report in self.reports:
                records.append((self.reports[item.report], "report"))
            items.append((item, records))
        for _item, records in items:   # every id first, so records can link to one another
            for record, kind in records:
                self.anchors.setdefault(_page_of(record), f"{kind}-{record.slug}")
        seen: set[str] = set()
        numbered = []
        for item, records in items:
            parts = []
            for record, kind in records:
                label = f"{record.ref}: {record.title}" if kind == "proposal" else f"Report: {record.title}"
                part = self._part(record, page, label, shift=1,
                                  running=f"Item {item.shown_number} · {label}", body=_page_of(record) not in seen)
                seen.add(_page_of(record))
                parts.append(part)
            numbered.append((item, parts))
        item_findings = {n: [f for f in self.site.findings if f.code == "summary-total"
                             and f.file == item.file and f.line == item.line_of("summary")]
                         for n, (item, _records) in enumerate(items, 1)}
        refs = {p.ref for item in m.agenda for p in item.proposals}
        files = {r.file for item, records in items for r, kind in records if kind == "report"}
        findings = [f for f in self.site.findings if f.ref in refs or f.file in files
                    or any(f in found for found in item_findings.values())]
        when = long_date(m.date)
        doc = Doc("pack", f"{c.name}, {when}: {m.title or 'meeting'} (agenda pack)",
                  f"Agenda pack for the meeting of {c.name} on {when}: "
                  + "; ".join(item.title for item in m.agenda),
                  [c.name, "agenda pack", *sorted(refs, key=str.lower)], _iso(m.date), f"{c.name} · {when}")
        return doc, {"c": c, "m": m, "items": numbered, "item_findings": item_findings,
                     "findings": findings, "proposals_count": len(refs)}, \
            [part for _item, parts in numbered for part in parts]

    def _publication(self, page: str) -> tuple[Doc, dict, list[Part]]:
        site = self.site
        for p in site.proposals:
            self.anchors[_page_of(p)] = f"proposal-{p.slug}"
        for r in site.reports:
            self.anchors[_page_of(r)] = f"report-{r.slug}"
        proposals = [self._part(p, page, f"{p.ref}: {p.title}", shift=1) for p in site.proposals]
        reports = [self._part(r, page, f"Report: {r.title}", shift=1) for r in site.reports]
        dates = [latest(events) for events in self.web.histories.values()]
        dates += [m.date for m in site.meetings()] + [r.date for r in site.reports]
        doc = Doc("publication", f"{site.config.council}: {site.config.title}",
                  f"Every proposal and report of {site.config.title}, with the checks' findings",
                  [site.config.council, "savings proposals", "scrutiny"],
                  _iso(max((d for d in dates if d), default=None)), site.config.title)
        return doc, {"proposals": proposals, "reports": reports, "by_service": self.web.by_service}, \
            proposals + reports

    def _part(self, record: Proposal | Report, page: str, label: str, shift: int,
              running: str = "", body: bool = True) -> Part:
        kind = "proposal" if isinstance(record, Proposal) else "report"
        anchor = self.anchors.get(_page_of(record), f"{kind}-{record.slug}")
        short = record.ref if kind == "proposal" else f"Report: {record.title}"
        html = Markup("")
        if body:
            # A record alone keeps its page's list of the words it uses; in a pack the lists
            # are one, at the end, and the records' terms link there.
            words = self._gather_words if shift else None
            main = _main_of(self.web.render(Output(page, kind, record.slug), words).decode("utf-8"))
            keep = {*self.anchors.values(), *(f"word-{slug}" for slug in self.terms)}
            main = _scoped_ids(main, anchor + "--", keep=keep)
            html = Markup(_styled_charts(_shifted_headings(main, shift), self.chart_css))
        return Part(kind, anchor, _page_of(record), label, short, running or label, record.file, html)

    def _gather_words(self, terms: list[Term]) -> str:
        for term in terms:
            self.terms.setdefault(term.slug, term)
        return ""

    # Links in a PDF: to a record in the same PDF, an internal link; to anything else, the
    # web page (absolute under site.yaml's base_url, else relative to where the PDF is, as a
    # file, so it opens from a folder as well as from a web server).

    @pass_context
    def _url(self, context, to: str) -> str:
        anchor = self.anchors.get(to)
        return "#" + anchor if anchor else self._web_url(context, to)

    @pass_context
    def _web_url(self, context, to: str) -> str:
        base = self.site.config.base_url
        if base:   # joined as text: a site path never replaces the base, whatever it looks like
            return base.rstrip("/") + "/" + to
        link = paths.relative(context["page"], paths.file_of(to) if to == "" or to.endswith("/") else to)
        return "./" + link if paths.is_external(link) or link.startswith(("/", "\\")) else link

    @pass_context
    def _web_text(self, context, to: str) -> str:
        return self._web_url(context, to) if self.site.config.base_url else \
            paths.file_of(to) + " in the published site's folder"

    @pass_context
    def _md(self, context, text: str) -> Markup:
        """Markdown as on the site; its site links made PDF links, its images local files."""
        def rewrite(match: re.Match) -> str:
            attribute, target = match[1], match[2]
            path, hash_, fragment = target.partition("#")
            if attribute == "src":
                return f'src="{htmllib.escape(self._file_url(path))}"'
            return f'href="{htmllib.escape(self._url(context, path) + hash_ + fragment)}"'
        return Markup(SITE_LINK.sub(rewrite, render_markdown(text or "")))

    def _file_url(self, site_path: str) -> str:
        """Where an image of the site comes from: the content folder's assets/ or the
        templates' static/; anything else is left for the fetcher to refuse by name."""
        if site_path.startswith("static/"):
            return (TEMPLATES / site_path).as_uri()
        return (self.content_root / site_path).as_uri()


def _page_of(record: Proposal | Report) -> str:
    return paths.proposal(record) if isinstance(record, Proposal) else paths.report(record)


def _proposal_subject(p: Proposal, publication: str) -> str:
    return f"Savings proposal {p.ref}" + (f" ({p.service})" if p.service else "") + f", {publication}"


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _main_of(page: str) -> str:
    """The inside of a rendered page's <main>: the record, without the site's header and footer."""
    start = page.index(">", page.index("<main")) + 1
    return page[start:page.rindex("</main>")]


# Inside tags only (text may hold anything): attributes are always double-quoted here.
_TAG = re.compile(r'(<[a-zA-Z][^\s/>]*)((?:\s+[^\s"\'>/=]+(?:="[^"]*")?)*)(\s*/?>)')
_ATTRIBUTE = re.compile(r'(\s+)([^\s"\'>/=]+)(?:="([^"]*)")?')
_ID_LISTS = ("id", "for", "headers", "aria-labelledby", "aria-describedby")


def _scoped_ids(html: str, prefix: str, keep: set[str]) -> str:
    """Prefix a page's ids and its links to them, so that many pages can share one PDF
    (two proposals each have a "history"); links to other records' ids are kept."""
    def attribute(match: re.Match) -> str:
        space, name, value = match[1], match[2], match[3]
        if value is None:
            return match[0]
        if name in _ID_LISTS:
            value = " ".join(prefix + ident for ident in value.split())
        elif name == "href" and value.startswith("#") and value[1:] not in keep:
            value = "#" + prefix + value[1:]
        return f'{space}{name}="{value}"'
    return _TAG.sub(lambda tag: tag[1] + _ATTRIBUTE.sub(attribute, tag[2]) + tag[3], html)


_HEADING = re.compile(r"<(/?)h([1-6])(?=[\s>])")


def _shifted_headings(html: str, by: int) -> str:
    """A page's h1 becomes an h2 under the item or part that holds it in a pack."""
    return _HEADING.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + by, 6)}", html) if by else html


_AMOUNT = re.compile(r"[−-]£\d[\d,]*(?:\.\d+)?[km]?")
_NOT_TEXT = re.compile(r"<(svg|style)\b.*?</\1>|" + _TAG.pattern, re.S)


def _unbroken_amounts(html: str) -> str:
    """Keep '−£0.010m' in one piece: a line may otherwise break after its minus sign."""
    pieces, last = [], 0
    for match in _NOT_TEXT.finditer(html):
        pieces += [_AMOUNT.sub(r'<span class="amount">\g<0></span>', html[last:match.start()]), match[0]]
        last = match.end()
    return "".join(pieces) + _AMOUNT.sub(r'<span class="amount">\g<0></span>', html[last:])


_CHART = re.compile(r'<svg class="chart"[^>]*>')


def _styled_charts(html: str, css: str) -> str:
    """WeasyPrint styles inline SVG only from a stylesheet inside the SVG itself."""
    return _CHART.sub(lambda m: m[0] + "<style>" + css + "</style>", html)


# -- Rendering ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Job:
    path: str                # the PDF's site path
    html: str
    roots: tuple[str, ...]   # the folders the fetcher may serve


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
            path = self._allowed(url)
        except FetchRefused as refusal:
            self.refused.append((url, str(refusal)))
            raise
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})

    def _allowed(self, url: str) -> Path:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise FetchRefused(f"refused {url}: a PDF fetches nothing from the network; only files "
                               "in the content folder's assets/ can go into it")
        path = Path(unquote(parts.path))
        # a root that is a link out of its own folder (a linked assets/) holds nothing allowed
        if not any(inside(path, root) and inside(root, root.parent) for root in self.roots):
            raise FetchRefused(f"refused {path}: it is outside the content folder's assets/ (and the "
                               "templates' static files), the only files a PDF may use")
        if not regular_file(path):
            raise FetchRefused(f"{path} does not exist")
        return path.resolve()


class _Errors(logging.Handler):
    """WeasyPrint's errors (a resource it could not use), which it logs and carries on from."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.problems: list[tuple[str, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        url = next((a for a in record.args or () if isinstance(a, str) and "://" in a), "")
        self.problems.append((url, record.getMessage()))


def render_job(job: Job) -> tuple[bytes | None, list[tuple[str, str]]]:
    """One PDF (in a worker process), or the problems that stopped it as (URL, reason)."""
    fetcher = RestrictedFetcher(job.roots)
    errors = _Errors()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(errors)
    try:
        data = weasyprint.HTML(string=job.html, url_fetcher=fetcher).write_pdf(**OPTIONS)
    except Exception as error:   # input WeasyPrint cannot set: reported, never a traceback
        return None, [("", f"WeasyPrint failed: {type(error).__name__}: {error}")]
    finally:
        logger.removeHandler(errors)
    problems = fetcher.refused or errors.problems
    return (None, problems) if problems else (data, [])


def _render_all(todo: list[Job], jobs: int | None, progress: Progress | None
                ) -> Iterator[tuple[Job, bytes | None, list]]:
    """Each job's result as it finishes: in this process when one worker will do, else in a
    pool of processes, biggest first so that no long pack starts last."""
    total = len(todo)
    if not total:
        return
    if progress:
        progress(0, total, "")
    workers = min(jobs or _cpus(), total)
    if workers <= 1:
        for done, job in enumerate(todo, 1):
            data, problems = render_job(job)
            if progress:
                progress(done, total, job.path)
            yield job, data, problems
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(render_job, job): job
                   for job in sorted(todo, key=lambda job: -len(job.html))}
        try:
            for done, future in enumerate(as_completed(futures), 1):
                job = futures[future]
                try:
                    data, problems = future.result()
                except BrokenProcessPool:
                    data, problems = None, [("", "the process rendering it stopped unexpectedly "
                                                 "(out of memory?); try --jobs 1")]
                if progress:
                    progress(done, total, job.path)
                yield job, data, problems
        finally:
            for future in futures:
                future.cancel()


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


_SECTION = re.compile(r'<(?:section|nav) class="[^"]*" id="([^"]+)" data-bookmark="[^"]*" '
                      r'data-running="([^"]*)"')


def _explain(job: Job, problems: list[tuple[str, str]], sources: dict[str, str],
             content_root: Path) -> str:
    """'pack.pdf could not be made: Item 2 · Report: MTFS (reports/mtfs.md): …', with the
    part of the PDF found where the HTML refers to the URL."""
    lines = []
    for url, reason in problems:
        where = "the PDF"
        at = max(job.html.find(url), job.html.find(htmllib.escape(url))) if url else -1
        sections = [m for m in _SECTION.finditer(job.html) if m.start() < at]
        if sections:
            anchor, running = sections[-1][1], htmllib.unescape(sections[-1][2])
            where = running + (f" ({sources[anchor]})" if anchor in sources else "")
        lines.append(f"  {where}: {_shown(reason, content_root)}")
    return (f"{job.path} could not be made:\n" + "\n".join(lines) +
            "\nFix or remove that reference (or add the file to assets/), then build again. "
            "Nothing was written: the previous site and its PDFs are as they were.")


def _shown(text: str, content_root: Path) -> str:
    """Paths as a clerk knows them: relative to the content folder."""
    for root, name in ((content_root.as_uri() + "/", ""), (str(content_root) + os.sep, ""),
                       (TEMPLATES.as_uri() + "/", "templates/"), (str(TEMPLATES) + os.sep, "templates/")):
        text = text.replace(root, name)
    return text
