"""The plan: one entry per file the build writes, with the content files it is made from.

With each output knowing its inputs, "what must be rebuilt after this edit" is a lookup.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import paths
from .model import Meeting, Site

EVERYTHING = "*"  # an output that depends on every content file (index pages, data files)
STATIC = ("site.css", "tables.js", "search.js")  # templates/static/, copied as they are
# --pdf: none; default, a PDF per proposal and a pack per meeting; all, the whole publication too
PDF_MODES = ("none", "default", "all")
PDF_KINDS = ("proposal-pdf", "pack", "publication-pdf")


@dataclass(frozen=True)
class Output:
    path: str  # the file written, relative to the output folder
    kind: str  # which renderer makes it
    key: str = ""  # which record it is about
    deps: frozenset[str] = frozenset({EVERYTHING})


def plan_site(site: Site, pdf: str = "none") -> list[Output]:
    site_yaml = site.config.file
    committee_files = {c.slug: c.file for c in site.committees}
    published = frozenset(p.file for p in site.config.publications)  # histories, changes
    glossary = site.config.glossary
    words = frozenset({glossary.file} if glossary and glossary.file else ())  # marked on every page
    recs = frozenset(g.file for g in site.recommendations)  # in the calendars
    recs_of: dict[
        int, set[str]
    ] = {}  # a proposal's, a meeting's or a committee's id → the files of its recommendations
    for g in site.recommendations:
        for record in [g.meeting_record, g.committee_record] + [
            p for r in g.recommendations for p in r.proposals
        ]:
            recs_of.setdefault(id(record), set()).add(g.file)
    outputs = [
        Output(paths.file_of(page), kind)
        for page, kind in (
            ("", "home"),
            ("proposals/", "proposals"),
            ("services/", "services"),
            ("committees/", "committees"),
            ("reports/", "reports"),
            ("checks/", "checks"),
            (paths.search(), "search"),
        )
    ]
    outputs += [
        Output("data/proposals.csv", "csv"),
        Output("data/proposals.json", "json"),
        Output(paths.data_package(), "datapackage"),
        Output(paths.file_of(paths.data()), "data"),
        Output(paths.feed(), "feed"),
        Output(paths.calendar(), "calendar", "", frozenset({site_yaml, *committee_files.values()}) | recs),
    ]
    if site.recommendations:
        outputs += [
            Output(paths.file_of("recommendations/"), "recommendations"),
            Output("data/recommendations.csv", "recommendations-csv"),
        ]
    monitored = {r.file for r in site.monitoring}  # a proposal's or service's delivery
    outputs += [
        Output(
            paths.file_of(paths.monitoring(r)),
            "monitoring",
            r.slug,
            frozenset(
                {r.file, site_yaml}
                | {s.proposal.file for s in r.savings if s.proposal}
                | ({_committee_file(r.meeting)} if r.meeting else set())
            )
            | words,
        )
        for r in site.monitoring
    ]
    if site.monitoring:
        outputs.append(Output(paths.monitoring_csv(), "monitoring-csv"))
    on_agenda: dict[str, set[str]] = {}  # proposal file → the committee files whose agendas name it
    for m in site.meetings():
        for item in m.agenda:
            for p in item.proposals:
                on_agenda.setdefault(p.file, set()).add(_committee_file(m))
    for p in site.proposals:
        meeting_files = {committee_files[s] for s in p.committees if s in committee_files}
        meeting_files |= on_agenda.get(p.file, set())  # its history lists those meetings
        deps = frozenset({p.file, site_yaml} | meeting_files | recs_of.get(id(p), set())) | published | words
        outputs.append(Output(paths.file_of(paths.proposal(p)), "proposal", p.slug, deps | monitored))
        outputs.append(Output(paths.proposal_record(p), "record", p.ref, deps))
        if pdf != "none":
            outputs.append(Output(paths.proposal_pdf(p), "proposal-pdf", p.slug, deps))
    for name, members in site.services().items():
        outputs.append(
            Output(
                paths.file_of(paths.service(name)),
                "service",
                name,
                frozenset({p.file for p in members} | {site_yaml} | monitored) | words,
            )
        )
        outputs.append(
            Output(
                paths.service_feed(name),
                "feed",
                name,
                frozenset({p.file for p in members} | {site_yaml} | set(committee_files.values()))
                | published,
            )
        )
    for c in site.committees:
        on_agendas = {p.file for m in c.meetings for item in m.agenda for p in item.proposals}
        outputs.append(
            Output(
                paths.file_of(paths.committee(c)),
                "committee",
                c.slug,
                frozenset({c.file, site_yaml} | on_agendas) | words,
            )
        )
        outputs.append(
            Output(
                paths.calendar(c),
                "calendar",
                c.slug,
                frozenset({c.file, site_yaml} | recs_of.get(id(c), set())),
            )
        )
        for m in c.meetings:
            read = {c.file, site_yaml} | {p.file for item in m.agenda for p in item.proposals}
            read |= {r.file for r in site.reports if any(i.report == r.slug for i in m.agenda)}
            read |= published | words | recs_of.get(id(m), set())  # changes since the previous meeting
            read |= {r.file for r in site.monitoring if r.meeting is m}  # its delivery reports
            outputs.append(
                Output(paths.file_of(paths.meeting(m)), "meeting", f"{c.slug}/{m.slug}", frozenset(read))
            )
            if pdf != "none":
                outputs.append(Output(paths.meeting_pack(m), "pack", f"{c.slug}/{m.slug}", frozenset(read)))
    for r in site.reports:
        outputs.append(
            Output(
                paths.file_of(paths.report(r)),
                "report",
                r.slug,
                frozenset(
                    {r.file, site_yaml}
                    | ({committee_files[r.committee]} if r.committee in committee_files else set())
                )
                | words,
            )
        )
    outputs.append(Output(paths.file_of(paths.glossary()), "glossary", "", frozenset({site_yaml}) | words))
    outputs.append(Output(paths.file_of(paths.scrutiny()), "scrutiny"))  # counts every proposal
    outputs.append(Output(paths.file_of(paths.accessibility()), "accessibility", "", frozenset({site_yaml})))
    if published:  # each links to the proposals' pages that exist now
        deps = frozenset({site_yaml} | {p.file for p in site.proposals}) | published | words
        outputs.append(Output(paths.file_of(paths.changes_index()), "publications", "", deps))
        outputs += [
            Output(paths.file_of(paths.changes(p.date)), "changes", p.date.isoformat(), deps)
            for p in site.config.publications
        ]
    outputs += [
        Output(f"static/{name}", "static", name, frozenset({site_yaml} if name == "site.css" else ()))
        for name in STATIC
    ]  # site.css carries the brand colour
    if pdf == "all":
        outputs.append(Output(paths.publication_pdf(), "publication-pdf"))
    return outputs


def _committee_file(m: Meeting) -> str:
    assert m.committee is not None, "build_site gives each meeting its committee"
    return m.committee.file
