"""The plan: one entry per file the build writes, with the content files it is made from.

With each output knowing its inputs, "what must be rebuilt after this edit" is a lookup.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import paths
from .model import Site

EVERYTHING = "*"   # an output that depends on every content file (index pages, data files)
STATIC = ("site.css", "tables.js", "search.js")   # templates/static/, copied as they are


@dataclass(frozen=True)
class Output:
    path: str                 # the file written, relative to the output folder
    kind: str                 # which renderer makes it
    key: str = ""             # which record it is about
    deps: frozenset = frozenset({EVERYTHING})


def plan_site(site: Site) -> list[Output]:
    site_yaml = site.config.file
    committee_files = {c.slug: c.file for c in site.committees}
    outputs = [Output(paths.file_of(page), kind) for page, kind in (
        ("", "home"), ("proposals/", "proposals"), ("services/", "services"),
        ("committees/", "committees"), ("reports/", "reports"), ("checks/", "checks"),
        (paths.search(), "search"))]
    outputs += [Output("data/proposals.csv", "csv"), Output("data/proposals.json", "json"),
                Output(paths.feed(), "feed")]
    for p in site.proposals:
        meeting_files = {committee_files[s] for s in p.committees if s in committee_files}
        outputs.append(Output(paths.file_of(paths.proposal(p)), "proposal", p.slug,
                              frozenset({p.file, site_yaml} | meeting_files)))
    for name, members in site.services().items():
        outputs.append(Output(paths.file_of(paths.service(name)), "service", name,
                              frozenset({p.file for p in members} | {site_yaml})))
        outputs.append(Output(paths.service_feed(name), "feed", name,
                              frozenset({p.file for p in members} | {site_yaml}
                                        | set(committee_files.values()))))
    for c in site.committees:
        members = {p.file for m in c.meetings for item in m.agenda for p in item.proposals}
        outputs.append(Output(paths.file_of(paths.committee(c)), "committee", c.slug,
                              frozenset({c.file, site_yaml} | members)))
        for m in c.meetings:
            deps = {c.file, site_yaml} | {p.file for item in m.agenda for p in item.proposals}
            deps |= {r.file for r in site.reports if any(i.report == r.slug for i in m.agenda)}
            outputs.append(Output(paths.file_of(paths.meeting(m)), "meeting",
                                  f"{c.slug}/{m.slug}", frozenset(deps)))
    for r in site.reports:
        outputs.append(Output(paths.file_of(paths.report(r)), "report", r.slug,
                              frozenset({r.file, site_yaml} | ({committee_files[r.committee]}
                                        if r.committee in committee_files else set()))))
    outputs += [Output(f"static/{name}", "static", name, frozenset()) for name in STATIC]
    return outputs
