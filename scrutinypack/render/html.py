"""HTML pages from Jinja templates. Templates are compiled once per build."""

from __future__ import annotations

import datetime as dt
import os
import re
import traceback
from collections import Counter
from collections.abc import Callable
from difflib import get_close_matches
from functools import cached_property, lru_cache
from pathlib import Path

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
    pass_context,
)
from jinja2.exceptions import SecurityError
from markupsafe import Markup, escape

from .. import checks, checks_recommendations, paths
from ..content.fence import inside
from ..content.terms import combine
from ..glossary import Marker, Term
from ..markup import relative_links, render_markdown
from ..model import NO_SERVICE, Brand, Site, Summary
from ..money import UNIT_LABEL, Amount, format_amount
from ..plan import Output
from ..problems import Problem
from ..resources import TEMPLATES
from ..summaries import column_figure, profile_across, summarise
from . import charts, delivery_pages, recommendations_data, search, tracker
from .changes import signed
from .data import table_schema
from .history import proposal_histories, published, since_previous_meeting
from .labels import STATUS_LABELS
from .sandbox import SandboxedTemplates, own_functions

#: A content folder's own templates: a file here replaces the default of the same name.
OVERRIDES = "templates"


def make_environment(content: Path | None = None) -> Environment:
    """The templates' environment; with ``content``, its templates/ is searched before the
    defaults (Hugo's layouts/, MkDocs' custom_dir). Overrides are autoescaped like the rest,
    and where there are any, every template runs sandboxed (render/sandbox.py): an override
    extends, includes and fills the defaults, so they share one environment."""
    loaders = [FileSystemLoader(str(TEMPLATES))]
    sandboxed = bool(_override_files(content))
    if sandboxed:
        loaders.insert(0, _FencedLoader(Path(content)))
    kind, cache = (SandboxedTemplates, "sandboxed-templates") if sandboxed else (Environment, "templates")
    env = kind(
        loader=ChoiceLoader(loaders),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_compiled_templates(cache),
    )
    env.filters.update(
        money=_money,
        md=_md,
        date=long_date,
        column_label=column_label,
        sentence=lambda text: text[:1].upper() + text[1:],
        unit_label=lambda unit: UNIT_LABEL.get(unit, unit),
        signed=signed,
        dial=lambda phone: re.sub(r"[^0-9+]", "", phone),
    )
    env.globals.update(
        url=_url,
        status_label=STATUS_LABELS.get,
        column_figure=column_figure,
        profile_across=profile_across,
        check_codes={**checks.CODES, **checks_recommendations.CODES},
        paths=paths,
        charts=charts,
        delivery=delivery_pages,
        search_filters_for=_search_filters,
        search_filter_names=search.FILTERS,
        no_service=NO_SERVICE,
        since_previous_meeting=since_previous_meeting,
    )
    if sandboxed:
        env.globals.update(
            paths=own_functions(paths), charts=own_functions(charts), delivery=own_functions(delivery_pages)
        )
    return env


class _FencedLoader(FileSystemLoader):
    """A content folder's templates/, none of which may be (or be in) a link that leads out of
    the content folder: the template would put a file from elsewhere into every page."""

    def __init__(self, content: Path):
        super().__init__(str(content / OVERRIDES))
        self.content = content

    def get_source(self, environment, template):
        source, filename, uptodate = super().get_source(environment, template)
        if not inside(filename, self.content):
            raise TemplateError(
                f"{OVERRIDES}/{template} is a link to somewhere outside the content "
                "folder: copy the file in instead"
            )
        return source, filename, uptodate


def _compiled_templates(name: str) -> FileSystemBytecodeCache | None:
    """Templates compiled once per computer, like Python's own .pyc files: each build
    process would otherwise compile them all again. Jinja keys each entry by the template's
    name and file (so an override never shares the default's entry) and checks it against a
    hash of the source (so an edited template is compiled afresh), but not by how it was
    compiled: the sandbox's code is kept in a folder of its own (``name``), or a template
    compiled without the sandbox would run in it. None when the cache cannot be written."""
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "scrutinypack" / name
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return FileSystemBytecodeCache(str(folder)) if os.access(folder, os.W_OK) else None
    except OSError:
        return None


def web_environment(content: Path | None = None) -> Environment:
    """The site's environment, made once a process for each set of override files:
    compiling the templates costs more than rendering a page. Jinja recompiles a template
    whose file changed (the live preview); an override added or removed makes a new
    environment, since Jinja would go on using the default it had loaded."""
    return _environment(content, _override_files(content))


@lru_cache(maxsize=4)
def _environment(content: Path | None, _files: tuple) -> Environment:
    return make_environment(content)


def _override_files(content: Path | None) -> tuple:
    folder = Path(content) / OVERRIDES if content is not None else None
    if folder is None or not folder.is_dir():
        return ()
    return tuple(
        sorted(
            (p.relative_to(folder).as_posix(), p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()
        )
    )


def override_problems(content: Path) -> list[Problem]:
    """Each override that cannot be compiled (an error, with its line), each file in
    templates/ that replaces no default template (a warning: a misspelt name does nothing),
    and, when there are any, that they run sandboxed (info)."""
    env = web_environment(content)
    defaults = {p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.rglob("*.html")}
    overrides = _override_files(content)
    problems = (
        [
            Problem(
                f"{OVERRIDES}/",
                0,
                "template-overrides",
                (
                    f"this site has {len(overrides)} template{'s' * (len(overrides) != 1)} of its own; they run "
                    "sandboxed, with the defaults: no attribute that starts with '_', no module, class or file, "
                    "no changing of the site's data, and a limit on the work and the size of what a page makes "
                    "(see SECURITY.md)"
                ),
                "info",
            )
        ]
        if overrides
        else []
    )
    for name, _mtime in overrides:
        rel = f"{OVERRIDES}/{name}"
        if name.startswith(".") or "/." in name:
            continue
        if name not in defaults:
            close = get_close_matches(name, sorted(defaults), n=1)
            hint = f"did you mean {close[0]}?" if close else "the defaults are listed in the README"
            problems.append(
                Problem(
                    rel,
                    0,
                    "unknown-template",
                    f"this replaces no default template ({hint}); it is used only "
                    "where another of your templates includes it",
                    "warning",
                )
            )
        if not name.endswith(".html"):
            continue
        try:
            env.get_template(name)
        except Exception as error:  # whatever Jinja says of an override is the clerk's to fix
            problems.append(
                template_problem(error, content)
                or Problem(rel, 0, "template-error", _template_message(error))
            )
    return problems


def template_problem(error: BaseException, content: Path) -> Problem | None:
    """An error raised while rendering, as a problem of the override template it came from
    (its file and line: the innermost override in the traceback), or None when no override
    had a part in it, which makes it a fault of scrutinypack's own."""
    folder = (Path(content) / OVERRIDES).resolve()
    places = [(f.filename, f.lineno) for f in traceback.extract_tb(error.__traceback__)]
    if isinstance(error, TemplateSyntaxError) and error.filename:
        places.append((error.filename, error.lineno))
    for filename, line in reversed(places):
        path = Path(filename).resolve()
        if path.is_relative_to(folder):
            return Problem(
                f"{OVERRIDES}/{path.relative_to(folder).as_posix()}",
                line or 0,
                "template-error",
                _template_message(error),
            )
    return None


def _template_message(error: BaseException) -> str:
    what = error.message if isinstance(error, TemplateError) and error.message else str(error)
    sandbox = (
        " (the content folder's templates run sandboxed: see SECURITY.md)"
        if isinstance(error, SecurityError)
        else ""
    )
    return (
        f"this template cannot be used as written: {what} ({type(error).__name__}){sandbox}. Compare "
        "it with the default of the same name, or delete it to use the default; nothing was written"
    )


def site_stylesheet(brand: Brand) -> bytes:
    """templates/static/site.css, with the brand colour (validated: '#rrggbb') as the accent of
    the header and links on screen; print keeps its black and white."""
    css = (TEMPLATES / "static" / "site.css").read_bytes()
    if not brand.colour:
        return css
    return css + (
        "/* brand: site.yaml's colour, the accent of the header and links; in dark mode links take\n"
        "   its nearest shade that reads on the dark backgrounds (scrutinypack/colour.py) */\n"
        f"@media screen {{ :root {{ --brand: {brand.colour}; --accent: {brand.colour}; "
        f"--link: {brand.colour}; }} }}\n"
        f"@media screen and (prefers-color-scheme: dark) {{ :root {{ --link: {brand.dark_link}; }} }}\n"
    ).encode("ascii")


def _money(amount: Amount | None, unit_shown: bool = True) -> Markup:
    """A figure as printed; negative figures get a class so CSS can mark them."""
    text = escape(format_amount(amount, unit_shown=unit_shown))
    if amount is not None and amount.value is not None and amount.value < 0:
        return Markup(f'<span class="negative">{text}</span>')
    if amount is not None and amount.value is None:
        return Markup(f'<span class="not-stated">{text}</span>')
    return text


@pass_context
def _md(context, text: str) -> Markup:
    return Markup(relative_links(render_markdown(text or ""), context["page"]))


@pass_context
def _search_filters(context, kind: str, record) -> list[tuple[str, str]]:
    return search.page_filters(context["site"], kind, record)


@pass_context
def _url(context, to: str) -> str:
    return paths.relative(context["page"], to)


def long_date(value) -> str:
    """15 January 2018; a month alone (2017-09) as September 2017."""
    if not value:
        return ""
    if isinstance(value, str):
        if len(value) == 7:
            return dt.date.fromisoformat(value + "-01").strftime("%B %Y")
        value = dt.date.fromisoformat(value)
    return f"{value.day} {value:%B %Y}"


def column_label(column: str) -> str:
    return {"total": "Total", "full_year": "Full year"}.get(column, column)


class HtmlRenderer:
    def __init__(self, site: Site, env: Environment | None = None, pdfs: frozenset = frozenset()):
        self.site = site
        self.env = env or web_environment(None)
        self.pdfs = pdfs  # the PDFs the build makes: pages link to these
        self.findings_by_ref: dict[str, list] = {}
        for finding in site.findings:
            self.findings_by_ref.setdefault(finding.ref, []).append(finding)
        self.proposal_by_slug = {p.slug: p for p in site.proposals}
        self.committee_by_slug = {c.slug: c for c in site.committees}
        self.report_by_slug = {r.slug: r for r in site.reports}
        self.services = site.services()
        self.histories = proposal_histories(site)
        self.published = published(site)
        self.glossary = site.config.glossary or combine([])
        self.marker = Marker(self.glossary)
        self._words_made: dict[tuple, str] = {}

    def settle(self) -> None:
        """Use the templates as they are now, without looking at their files again: for a
        process that renders one build's pages and ends (Jinja otherwise looks at the file
        of each template every time a page uses it, several times a page)."""
        self.env.auto_reload = False

    @cached_property
    def overall(self):
        """Every proposal in one summary table (the home page and the list of proposals)."""
        config = self.site.config
        return summarise(self.site.proposals, Summary(group_by="none"), config.years, config.unit)

    @cached_property
    def by_service(self):
        config = self.site.config
        return summarise(self.site.proposals, Summary(group_by="service"), config.years, config.unit)

    def render(self, output: Output, words: Callable[[list[Term]], str] | None = None) -> bytes:
        """One page. Its glossary terms are marked, and ``words(terms)`` is put at the end of
        its main element (by default the meanings of the terms, from _words.html)."""
        page = output.path[: -len("index.html")] if output.path.endswith("index.html") else output.path
        context = {
            "site": self.site,
            "page": page,
            "pdfs": self.pdfs,
            "findings_by_ref": self.findings_by_ref,
            "services": self.services,
        }
        template, extra = getattr(self, "_" + output.kind)(output.key)
        context.update(extra)
        page_html = self.env.get_template(template).render(context)
        if output.kind not in ("glossary", "accessibility"):  # the statement is plain legal prose
            page_html = self.marker.mark(page_html, words or (lambda terms: self._words(page, terms)))
        return page_html.encode("utf-8")

    def _words(self, page: str, terms: list[Term]) -> str:
        """_words.html for these terms on this page. The default sees the page only through its
        links (to the glossary, and any in the meanings), so the pages that use the same terms
        and see the same links share one rendering: most pages of a site share a few. A
        content folder's own templates may use the page otherwise: rendered every time."""
        template = self.env.get_template("_words.html")
        if isinstance(self.env, SandboxedTemplates):
            return template.render({"site": self.site, "page": page, "terms": terms})
        key = (
            paths.relative(page, paths.glossary()),
            *((t.slug, relative_links(render_markdown(t.definition), page)) for t in terms),
        )
        made = self._words_made.get(key)
        if made is None:
            made = self._words_made[key] = template.render({"site": self.site, "page": page, "terms": terms})
        return made

    def _home(self, _key):
        meetings, since = next_meetings(self.site)
        return "home.html", {
            "latest": self.published.changes[-1] if self.published.changes else None,
            "overall": self.overall,
            "next_meetings": meetings,
            "since": since,
        }

    def _proposals(self, _key):
        return "proposals.html", {"options": search.filter_options(self.site), "overall": self.overall}

    def _services(self, _key):
        return "services.html", {"by_service": self.by_service}

    def _committees(self, _key):
        return "committees.html", {}

    def _reports(self, _key):
        return "reports.html", {}

    def _checks(self, _key):
        return "checks.html", {"findings": self.site.findings}

    def _search(self, _key):
        pages = (
            len(self.site.proposals)
            + len(self.site.meetings())
            + len(self.site.reports)
            + len(self.site.monitoring)
        )
        return "search.html", {"options": search.filter_options(self.site), "bundles": search.bundles(pages)}

    def _proposal(self, slug):
        proposal = self.proposal_by_slug[slug]
        findings = self.findings_by_ref.get(proposal.ref, [])
        by_subject: dict[str, list] = {}
        for finding in findings:
            by_subject.setdefault(finding.subject, []).append(finding)
        return "proposal.html", {
            "p": proposal,
            "findings": findings,
            "by_subject": by_subject,
            **tracker.about(self.site, proposal),
            "history": self.histories[slug],
            "published": self.published.steps.get(proposal.ref, []),
        }

    def _service(self, name):
        members = self.services[name]
        table = summarise(members, Summary(group_by="none"), self.site.config.years, self.site.config.unit)
        return "service.html", {"name": name, "members": members, "table": table}

    def _committee(self, slug):
        return "committee.html", {"c": self.committee_by_slug[slug]}

    def _meeting(self, key):
        slug, date = key.split("/")
        committee = self.committee_by_slug[slug]
        meeting = next(m for m in committee.meetings if m.slug == date)
        return "meeting.html", {
            "c": committee,
            "m": meeting,
            "reports": self.report_by_slug,
            **tracker.agreed_at(self.site, meeting),
        }

    def _recommendations(self, _key):
        return "recommendations.html", tracker.page(self.site)

    def _report(self, slug):
        report = self.report_by_slug[slug]
        return "report.html", {
            "r": report,
            "c": self.committee_by_slug.get(report.committee),
            "findings": [f for f in self.site.findings if f.file == report.file],
        }

    def _monitoring(self, slug):
        report = next(r for r in self.site.monitoring if r.slug == slug)
        return "monitoring.html", {
            "r": report,
            "findings": [f for f in self.site.findings if f.file == report.file],
        }

    def _publications(self, _key):
        return "publications.html", {"all_changes": self.published.changes}

    def _changes(self, date):
        everything = self.published.changes
        index = next(i for i, c in enumerate(everything) if c.after.date.isoformat() == date)
        return "changes.html", {
            "changes": everything[index],
            "earlier": everything[index - 1] if index else None,
            "later": everything[index + 1] if index + 1 < len(everything) else None,
        }

    def _accessibility(self, _key):
        return "accessibility.html", {"a": self.site.config.accessibility}

    def _data(self, _key):
        return "data.html", {
            "columns": table_schema(self.site)["fields"],
            "rec_columns": recommendations_data.schema()["fields"],
        }

    def _glossary(self, _key):
        return "glossary.html", {"terms": self.glossary.terms}

    def _scrutiny(self, _key):
        return "how-scrutiny-works.html", {
            "how_often": {
                c.slug: how_often([m.date for m in c.meetings if m.date]) for c in self.site.committees
            },
            "status_counts": Counter(p.status for p in self.site.proposals),
            "all_changes": self.published.changes,
        }


def next_meetings(site: Site, most: int = 5) -> tuple[list, dt.date | None]:
    """The meetings the home page lists, and the date they are counted from. The site has no
    clock (the same content gives the same pages), so "now" is the latest publication's date:
    the first meetings on or after it. Before any publication: the latest meetings."""
    dated = sorted((m for m in site.meetings() if m.date), key=lambda m: (m.date, m.time, m.committee.slug))
    if site.config.publications:
        since = site.config.publications[-1].date
        return [m for m in dated if m.date >= since][:most], since
    return dated[-most:], None


def how_often(dates: list[dt.date]) -> str:
    """'4 meetings are listed, from January to June 2018, about every two months.'

    Listed, not held: without a clock the site cannot tell a past meeting from a coming one.
    """
    if not dates:
        return "No meetings are listed yet."
    if len(dates) == 1:
        return f"One meeting is listed, on {long_date(dates[0])}."
    first, last = dates[0], dates[-1]
    if (first.year, first.month) == (last.year, last.month):
        span = f"in {last:%B %Y}"
    else:
        start = f"{first:%B}" if first.year == last.year else f"{first:%B %Y}"
        span = f"from {start} to {last:%B %Y}"
    if len(dates) == 2:  # two dates make no rhythm
        return f"Two meetings are listed, {span}."
    gaps = sorted((b - a).days for a, b in zip(dates, dates[1:]))
    gap = gaps[len(gaps) // 2]
    rhythm = next(
        words
        for days, words in (
            (10, "about every week"),
            (21, "about every two weeks"),
            (45, "about every month"),
            (75, "about every two months"),
            (110, "about every three months"),
            (200, "about twice a year"),
            (10**6, "about once a year or less"),
        )
        if gap <= days
    )
    return f"{len(dates)} meetings are listed, {span}, {rhythm}."
