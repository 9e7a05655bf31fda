"""The papers a PDF is made of, as print HTML, and the plan that puts them together.

A proposal's PDF, and each proposal and report in a meeting's pack, is the main content of
its web page, made by the same templates, filters and macros, so a figure cannot differ
between page and PDF. ``templates/print/`` adds what paper needs: cover, contents with page
numbers, an appendix of the checks' findings, and the print stylesheet.

Each paper (a record, an agenda item with its summary table, a cover, the contents, the
words used, the appendix) is a whole HTML document of its own, laid out alone. In a pack and
the publication, short records are printed in runs, one after another on the same page, so
that a short one leaves no half-blank page: a run is a paper of its own (:func:`pdfplan.runs_of`), the
same paper in every PDF that prints it. So a paper's links cannot know which PDF they will
be in: they name a site path (``scrutinypack-link:proposals/sc001/``) or an id outside the
paper (``scrutinypack-link:#word-net-budget``), and assembly makes each a link inside the
PDF, where the target is in it, or to the web page.
"""

from __future__ import annotations

import datetime as dt
import html as htmllib
import re
from collections.abc import Callable

from jinja2 import pass_context
from markupsafe import Markup

from ... import paths
from ...glossary import Term
from ...markup import SITE_LINK, render_markdown
from ...model import Meeting, Proposal, Report
from ...pipeline import Result
from ...plan import Output
from ..history import latest, since_previous_meeting
from ..html import TEMPLATES, HtmlRenderer, long_date, make_environment
from .pdfplan import Doc, Length, Paper, Part, PdfPlan, Planned, Run, Slot, arranged, runs_of
from .printhtml import (
    LINK,
    WEB,
    linked_heading,
    main_of,
    outward_links,
    scoped_ids,
    styled_charts,
    unbroken_amounts,
)

PRINT = TEMPLATES / "print"


class PrintPages:
    """The papers of each PDF, from the site's own Jinja environment. A record's own paper
    (for its PDF) is made once, as is each run's."""

    def __init__(self, result: Result):
        self.site = result.site
        self.content_root = result.content.root.resolve()
        self.papers: dict[str, Paper] = {}
        self._parts: dict[str, Part] = {}
        self.records: dict[str, Part] = {}  # by anchor: the name of each record's own paper
        self._terms: dict[str, Term] = {}  # gathered while a record's page is rendered
        page = (PRINT / "page.css").read_text(encoding="utf-8")
        self.css = page + (PRINT / "print.css").read_text(encoding="utf-8")
        self.stamp_css = page + (PRINT / "stamp.css").read_text(encoding="utf-8")  # and nothing more
        self.chart_css = (PRINT / "charts.css").read_text(encoding="utf-8")
        env = make_environment(self.content_root)  # with the content's own templates first
        env.globals.update(
            url=self._url,
            web_url=self._web_url,
            web_text=self._web_text,
            local_file=self._file_url,
            pdfs=frozenset(),
        )
        env.filters["md"] = self._md
        self.web = HtmlRenderer(self.site, env)
        self.proposals = {p.slug: p for p in self.site.proposals}
        self.reports = {r.slug: r for r in self.site.reports}

    def plan(self, output: Output) -> PdfPlan:
        """The plan of one PDF output; its papers are added to :attr:`papers`."""
        if output.kind == "proposal-pdf":
            return self._proposal(self.proposals[output.key], output.path)
        if output.kind == "pack":
            slug, date = output.key.split("/")
            meeting = next(
                m for c in self.site.committees if c.slug == slug for m in c.meetings if m.slug == date
            )
            return self._pack(meeting, output.path)
        return self._publication(output.path)

    def stamp_sheet(self, name: str, stamps: list[tuple[str, str, str]], sample: bool = False) -> Paper:
        """Stamp pages (stamp.py), each (the PDF's running header, the item's, the page
        label): the margins, nothing else; the council's name and logo too, unless this is
        the ``sample`` page label."""
        return Paper(
            name,
            self._render(
                "print/stamp.html",
                "Running headers",
                "stamp",
                stamps=stamps,
                footer="" if sample else self.site.config.council,
                logo="" if sample else self.site.config.brand.paper_logo,
            ),
            self.stamp_css,
        )

    # -- The PDFs ---------------------------------------------------------------------------

    def _proposal(self, p: Proposal, path: str) -> PdfPlan:
        part = self._record(p)
        doc = Doc(
            "single",
            part.label,
            _proposal_subject(p, self.site.config.title),
            [p.ref, p.service, p.directorate, "savings proposal"],
            _iso(latest(self.web.histories[p.slug])),
            self.site.config.title,
        )
        slots = [Slot(part.anchor, part.anchor, part.label, source=part.source)]
        if part.terms:
            name = f"{path}#words"
            self._paper(
                name,
                "print/proposal.html",
                "Words used in this proposal",
                "single",
                paper="words",
                terms=sorted(part.terms, key=_term_order),
            )
            slots.append(Slot(name, "words", "Words used in this proposal"))
        return PdfPlan(path, doc, slots, {part.page: part.anchor})

    def _pack(self, m: Meeting, path: str) -> PdfPlan:
        c = m.committee
        items = []
        for item in m.agenda:
            records = list(item.proposals)
            if item.report in self.reports:
                records.append(self.reports[item.report])
            items.append((item, records))
        seen: set[str] = set()
        numbered = []
        for item, records in items:
            parts = []
            for record in records:
                part = self._record(record)
                parts.append(part if part.page not in seen else Part(**{**part.__dict__, "body": Markup("")}))
                seen.add(part.page)
            numbered.append((item, parts))
        item_findings = {
            n: [
                f
                for f in self.site.findings
                if f.code == "summary-total" and f.file == item.file and f.line == item.line_of("summary")
            ]
            for n, (item, _records) in enumerate(items, 1)
        }
        refs = {p.ref for item in m.agenda for p in item.proposals}
        files = {r.file for _item, records in items for r in records if isinstance(r, Report)}
        delivery = [r for r in self.site.monitoring if r.meeting is m]  # 1.2: reports to this meeting
        files |= {r.file for r in delivery}
        findings = [
            f
            for f in self.site.findings
            if f.ref in refs or f.file in files or any(f in found for found in item_findings.values())
        ]
        when = long_date(m.date)
        doc = Doc(
            "pack",
            f"{c.name}, {when}: {m.title or 'meeting'} (agenda pack)",
            f"Agenda pack for the meeting of {c.name} on {when}: "
            + "; ".join(item.title for item in m.agenda),
            [c.name, "agenda pack", *sorted(refs, key=str.lower)],
            _iso(m.date),
            f"{c.name} · {when}",
        )
        printed = [part for _item, parts in numbered for part in parts if part.body]
        terms = _terms_of(printed)
        context = {
            "c": c,
            "m": m,
            "items": numbered,
            "item_findings": item_findings,
            "findings": findings,
            "proposals_count": len(refs),
            "terms": terms,
            "delivery_reports": delivery,
        }
        slots = [
            self._section(path, "pack", "cover", doc.title, "", context),
            Slot(f"{path}#contents", "contents", "Contents"),
        ]
        if since_previous_meeting(self.site, m):
            slots.append(
                self._section(
                    path,
                    "pack",
                    "changes",
                    "Changes since the previous meeting",
                    "Changes since the previous meeting",
                    context,
                )
            )
        pieces = [(slot, None) for slot in slots]
        for position, (item, parts) in enumerate(numbered, 1):
            shown = f"Item {item.shown_number}"
            records = [(part, f"{shown} · {part.label}") for part in parts if part.body]
            pieces.append(
                self._with_records(
                    path,
                    "pack",
                    f"item-{position}",
                    f"{shown}: {item.title}",
                    {**context, "position": position},
                    records,
                    source=c.file,
                )
            )
        for position, report in enumerate(delivery, 1):
            shown = f"Savings delivery: {report.heading}"
            pieces.append(
                (
                    self._section(
                        path,
                        "pack",
                        f"monitoring-{position}",
                        shown,
                        shown,
                        {**context, "position": position},
                        source=report.file,
                    ),
                    None,
                )
            )
        if terms:
            pieces.append(
                (
                    self._section(
                        path, "pack", "words", "Words used in this pack", "Words used in this pack", context
                    ),
                    None,
                )
            )
        pieces.append(
            (
                self._section(
                    path,
                    "pack",
                    "appendix",
                    "Appendix: what the checks found",
                    "Appendix: what the checks found",
                    context,
                ),
                None,
            )
        )
        return arranged(
            PdfPlan(
                path,
                doc,
                [],
                {part.page: part.anchor for part in printed},
                self._contents(path, "pack", context),
            ),
            pieces,
        )

    def _publication(self, path: str) -> PdfPlan:
        site = self.site
        proposals = [self._record(p) for p in site.proposals]
        reports = [self._record(r) for r in site.reports]
        dates = [latest(events) for events in self.web.histories.values()]
        dates += [m.date for m in site.meetings()] + [r.date for r in site.reports]
        doc = Doc(
            "publication",
            f"{site.config.council}: {site.config.title}",
            f"Every proposal and report of {site.config.title}, with the checks' findings",
            [site.config.council, "savings proposals", "scrutiny"],
            _iso(max((d for d in dates if d), default=None)),
            site.config.title,
        )
        terms = _terms_of(proposals + reports)
        context = {
            "proposals": proposals,
            "reports": reports,
            "by_service": self.web.by_service,
            "terms": terms,
        }
        pieces = [
            (self._section(path, "publication", "cover", doc.title, "", context), None),
            (Slot(f"{path}#contents", "contents", "Contents"), None),
            (
                self._section(
                    path, "publication", "summary", "Savings by service", "Savings by service", context
                ),
                None,
            ),
            self._with_records(
                path,
                "publication",
                "proposals",
                "Proposals",
                context,
                [(part, part.label) for part in proposals],
            ),
        ]
        if reports:
            pieces.append(
                self._with_records(
                    path,
                    "publication",
                    "reports",
                    "Reports",
                    context,
                    [(part, part.label) for part in reports],
                )
            )
        if terms:
            pieces.append(
                (
                    self._section(
                        path,
                        "publication",
                        "words",
                        "Words used in this publication",
                        "Words used in this publication",
                        context,
                    ),
                    None,
                )
            )
        pieces.append(
            (
                self._section(
                    path,
                    "publication",
                    "appendix",
                    "Appendix: what the checks found",
                    "Appendix: what the checks found",
                    context,
                ),
                None,
            )
        )
        return arranged(
            PdfPlan(
                path,
                doc,
                [],
                {part.page: part.anchor for part in proposals + reports},
                self._contents(path, "publication", context),
            ),
            pieces,
        )

    # -- Papers -------------------------------------------------------------------------------

    def _section(
        self, path: str, kind: str, paper: str, title: str, running: str, context: dict, source: str = ""
    ) -> Slot:
        name = f"{path}#{paper}"
        self._paper(name, f"print/{kind}.html", title, kind, paper=paper.split("-")[0], page=path, **context)
        return Slot(name, paper, running, source=source)

    def _with_records(
        self,
        path: str,
        kind: str,
        paper: str,
        title: str,
        context: dict,
        entries: list[tuple[Part, str]],
        source: str = "",
    ) -> Planned:
        """A paper of the PDF's own (an agenda item, the publication's list of proposals) and
        records after it, each (part, running header): at first the records alone, whose
        lengths decide how they are printed; then, given those, in runs or alone (:func:`pdfplan.runs_of`)."""
        section = self._section(path, kind, paper, title, title, context, source)

        def arrange(lengths: dict[str, Length]) -> list[Slot]:
            return [
                section,
                *(
                    group if isinstance(group, Slot) else self._run(path, paper, group)
                    for group in runs_of(entries, lengths)
                ),
            ]

        alone = [Slot(part.anchor, part.anchor, running, True, part.source) for part, running in entries]
        return [section, *alone], arrange

    def _run(self, path: str, paper: str, run: Run) -> Slot:
        """A run of records as a paper of its own, under the slot before; named after the
        paper it follows and its first record, which stay as other records are edited."""
        name = f"{path}#{paper}-run-{run[0][0].anchor}"
        parts, records = zip(*run)
        self._paper(name, "print/run.html", parts[0].label, "record", run=parts)
        return Slot(name, records[0].anchor, records[0].running, True, records[0].source, records)

    def _contents(self, path: str, kind: str, context: dict) -> Callable[[dict[str, int]], str]:
        def contents(pages: dict[str, int]) -> Paper:
            return Paper(
                f"{path}#contents",
                self._render(
                    f"print/{kind}.html",
                    "Contents",
                    kind,
                    paper="contents",
                    page=path,
                    pages=pages,
                    **context,
                ),
                self.css,
            )

        return contents

    def _record(self, record: Proposal | Report) -> Part:
        """A record's paper (made the first time it is asked for), and what PDFs say of it."""
        page = _page_of(record)
        if page in self._parts:
            return self._parts[page]
        kind = "proposal" if isinstance(record, Proposal) else "report"
        anchor = f"{kind}-{record.slug}"
        label = f"{record.ref}: {record.title}" if kind == "proposal" else f"Report: {record.title}"
        self._terms = {}
        main = main_of(
            self.web.render(Output(paths.file_of(page), kind, record.slug), self._gather_words).decode(
                "utf-8"
            )
        )
        main = scoped_ids(main, anchor + "--", keep={f"word-{slug}" for slug in self._terms})
        main = linked_heading(main, page)
        part = Part(
            kind,
            anchor,
            page,
            label,
            record.ref if kind == "proposal" else label,
            record.file,
            Markup(styled_charts(main, self.chart_css)),
            tuple(sorted(self._terms.values(), key=_term_order)),
        )
        self._paper(anchor, "print/record.html", label, "record", part=part)
        self._parts[page] = self.records[anchor] = part
        return part

    def tight(self, anchor: str) -> Paper:
        """The record's own paper set a little closer (print.css ``.tight``), for a record
        whose last page holds a few lines only: they may fit on the page before."""
        part = self.records[anchor]
        html = self._render("print/record.html", part.label, "record tight", part=part)
        return Paper(f"{anchor}#tight", html, self.css)

    def _paper(self, name: str, template: str, title: str, kind: str, **context) -> None:
        self.papers[name] = Paper(name, self._render(template, title, kind, **context), self.css)

    def _render(self, template: str, title: str, kind: str, **context) -> str:
        context.setdefault("pages", {})
        context.setdefault("page", "")
        html = self.web.env.get_template(template).render(site=self.site, title=title, kind=kind, **context)
        return outward_links(unbroken_amounts(html))

    def _gather_words(self, terms: list[Term]) -> str:
        """A record keeps no list of its words: each PDF has one list, and the records'
        terms link there."""
        for term in terms:
            self._terms.setdefault(term.slug, term)
        return ""

    # Links name what they point at; assembly decides (see the module's docstring).

    def _url(self, to: str) -> str:
        return LINK + to

    def _web_url(self, to: str) -> str:
        return WEB + to

    def _web_text(self, to: str) -> str:
        base = self.site.config.base_url
        return web_link(base, "", to) if base else paths.file_of(to) + " in the published site's folder"

    @pass_context
    def _md(self, context, text: str) -> Markup:
        """Markdown as on the site; its site links made PDF links, its images local files."""

        def rewrite(match: re.Match) -> str:
            attribute, target = match[1], match[2]
            path, hash_, fragment = target.partition("#")
            if attribute == "src":
                return f'src="{htmllib.escape(self._file_url(path))}"'
            return f'href="{htmllib.escape(self._url(path) + hash_ + fragment)}"'

        return Markup(SITE_LINK.sub(rewrite, render_markdown(text or "")))

    def _file_url(self, site_path: str) -> str:
        """Where an image of the site comes from: the content folder's assets/ or the
        templates' static/; anything else is left for the fetcher to refuse by name."""
        if site_path.startswith("static/"):
            return (TEMPLATES / site_path).as_uri()
        return (self.content_root / site_path).as_uri()


def web_link(base_url: str, pdf_path: str, to: str) -> str:
    """A link from the PDF at ``pdf_path`` to the site path ``to`` (with any #fragment):
    absolute under site.yaml's base_url, else relative, as a file, so that it opens from a
    folder as well as from a web server. ``to`` is a site path as urls.read allows it, so no
    segment reads as a scheme or another server (tests/content/test_addresses.py holds to it)."""
    if base_url:  # joined as text: a site path never replaces the base, whatever it looks like
        return base_url.rstrip("/") + "/" + to
    path, hash_, fragment = to.partition("#")
    link = paths.relative(pdf_path, paths.file_of(path) if path == "" or path.endswith("/") else path)
    return link + hash_ + fragment


def _page_of(record: Proposal | Report) -> str:
    return paths.proposal(record) if isinstance(record, Proposal) else paths.report(record)


def _term_order(term: Term) -> str:
    return term.term.lower()


def _terms_of(parts: list[Part]) -> list[Term]:
    found = {term.slug: term for part in parts for term in part.terms}
    return sorted(found.values(), key=_term_order)


def _proposal_subject(p: Proposal, publication: str) -> str:
    return f"Savings proposal {p.ref}" + (f" ({p.service})" if p.service else "") + f", {publication}"


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""
