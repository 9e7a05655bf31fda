"""The core's data path in one place: load → validate → model → check. The build adds the
checks of the content's own templates, which need the renderer (build/reading.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .checks import run_checks
from .checks_monitoring import check_reports
from .checks_recommendations import overdue
from .content import kept
from .content.load import Content, Remembered, load_content
from .content.stored import Stored, digest
from .delivery import join_reports
from .model import AgendaItem, Meeting, Site, build_site
from .problems import Problem
from .recommendations import link
from .summaries import Across, Group, Sum, SummaryTable, summarise

kept.register(SummaryTable, Group, Sum, Across, joined=("Group.proposals",))


@dataclass
class Result:
    content: Content
    site: Site
    problems: list[Problem]  # problems that stop a build: the content cannot be read as written

    @property
    def blocking(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def read_content(
    content_dir: Path, remembered: Remembered | None = None, stored: Stored | None = None
) -> Result:
    """Read and check a content folder; nothing is raised, everything is reported.

    ``remembered`` keeps what was read for the next call: a file whose text is the same is
    not parsed or validated again (a live preview reads the folder after every edit).
    ``stored`` does the same between processes (the build's cache, build/readcache.py)."""
    content = load_content(Path(content_dir), remembered, stored)
    site, problems = build_site(content.config, content.proposals, content.committees, content.reports)
    problems += join_reports(site, content.monitoring) + link(site, content.recommendations)
    site.as_of = site.config.as_of or dt.date.today()
    if not site.config.years:
        site.config.years = sorted({y for p in site.proposals for y in p.saving_by_year()})
    _summarise(site, remembered, stored)
    assets = {path.relative_to(content.root).as_posix() for path in content.assets}
    checked = run_checks(site, assets, remembered.findings if remembered else None, stored)
    monitored, compared = check_reports(site)
    site.findings = sorted(set(checked.findings + monitored + overdue(site)))
    site.checks_made = checked.made + compared
    return Result(content, site, sorted(content.problems + problems))


def _summarise(site: Site, remembered: Remembered | None, stored: Stored | None = None) -> None:
    """Each agenda item's summary table. A live preview keeps the tables: the same item of the
    same records (its unchanged files, read once) with the same settings has the same table;
    so does a build in a new process, from the build's cache (``stored``)."""
    names = {c.slug: c.name for c in site.committees}
    settings = (site.config.years, site.config.unit, site.config.profile_basis, names)
    kept = remembered.summaries if remembered else {}
    made = {}
    for meeting in site.meetings():
        for item in meeting.agenda:
            if item.summary is None and not item.proposals:
                continue
            key = (id(item), *map(id, item.proposals))  # the objects are kept below: ids stay theirs
            before = kept.get(key)
            if before is None or before[0] != settings:
                before = (settings, _table(site, meeting, item, settings, stored), item, item.proposals)
            made[key] = before
            item.table = before[1]
    if remembered:
        remembered.summaries = made


def _table(
    site: Site, meeting: Meeting, item: AgendaItem, settings: tuple[Any, ...], stored: Stored | None
) -> SummaryTable:
    """An agenda item's summary table: as a build in another process made it, when the item
    and each of its proposals were read from the same text, with the same settings."""
    names = settings[-1]
    stamps = [stored.stamps.get(r.file) for r in [item, *item.proposals]] if stored else [None]
    if stored is None or None in stamps:
        return summarise(item.proposals, item.summary, site.config.years, site.config.unit, names.get)
    # the item by its place, as two items written on one line are told apart
    key = f"{item.file}:{item.line}:{meeting.slug}:{item.position}"
    stamp = digest(repr((settings, stamps)))
    found = stored.get("summaries", key, stamp)
    if kept.conforms(found, tuple[SummaryTable, list[list[int]]]) and len(found[1]) == len(found[0].groups):
        table: SummaryTable = found[0]
        members: list[list[int]] = found[1]
        if all(0 <= i < len(item.proposals) for group in members for i in group):
            for group, indexes in zip(table.groups, members):
                group.proposals = [item.proposals[i] for i in indexes]
            return table
    table = summarise(item.proposals, item.summary, site.config.years, site.config.unit, names.get)
    place = {id(p): i for i, p in enumerate(item.proposals)}
    stored.put("summaries", key, stamp, (table, [[place[id(p)] for p in g.proposals] for g in table.groups]))
    return table
