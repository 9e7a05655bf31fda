"""A proposal's history: where and when it went before a body, from its ``reported`` list
and the meetings whose agendas name it, as one list in date order; and, when the content
has publications, how it stood at each and what changed between them.

Shared by the proposal and meeting pages and the Atom feeds, so all tell the same story.
Dates come from the content only, never the clock, so the feeds are the same on every build.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from ..content.publications import Publication
from ..model import AgendaItem, Meeting, Proposal, Reported, Site
from .changes import WITHDRAWN, Changes, ProposalChange, compare


@dataclass(frozen=True)
class Event:
    date: str  # YYYY-MM-DD, YYYY-MM (a month), or "" when the paper gives none
    body: str  # who it went before
    reported: Reported | None = None
    meeting: Meeting | None = None
    item: AgendaItem | None = None

    @property
    def number(self) -> str:
        """The agenda item's number: as the agenda prints it, else as the record does, else
        the item's place in the agenda."""
        return (
            (self.item.number if self.item else "")
            or (self.reported.item if self.reported else "")
            or (self.item.shown_number if self.item else "")
        )

    @property
    def appendix(self) -> str:
        return self.reported.appendix if self.reported else ""

    @property
    def day(self) -> dt.date | None:
        """The date to sort and date feeds by: a month alone counts as its first day."""
        if not self.date:
            return None
        return dt.date.fromisoformat(self.date if len(self.date) == 10 else self.date + "-01")


def proposal_histories(site: Site) -> dict[str, list[Event]]:
    """Every proposal's events (by slug), oldest first; undated events last.

    A ``reported`` line and a meeting of the same body on the same day are one event.
    """
    on_agenda: dict[str, list[tuple[Meeting, AgendaItem]]] = {}
    for meeting in site.meetings():
        for item in meeting.agenda:
            for proposal in item.proposals:
                on_agenda.setdefault(proposal.slug, []).append((meeting, item))
    return {p.slug: _events(p, on_agenda.get(p.slug, [])) for p in site.proposals}


def _events(proposal: Proposal, meetings: list[tuple[Meeting, AgendaItem]]) -> list[Event]:
    events = [
        Event(m.date.isoformat() if m.date else "", m.committee.name, None, m, item) for m, item in meetings
    ]
    for reported in proposal.reported:
        same = next(
            (
                i
                for i, e in enumerate(events)
                if e.reported is None
                and e.meeting
                and e.date == reported.date
                and e.body.lower() == reported.body.lower()
            ),
            None,
        )
        if same is None:
            events.append(Event(reported.date, reported.body, reported))
        else:
            events[same] = Event(
                events[same].date, events[same].body, reported, events[same].meeting, events[same].item
            )
    return sorted(events, key=lambda e: (e.day is None, e.day or dt.date.min, e.body))


def latest(events: list[Event]) -> dt.date | None:
    days = [e.day for e in events if e.day]
    return max(days) if days else None


@dataclass(frozen=True)
class Step:
    """A proposal at one publication: how it stood (None once it is no longer published)
    and what had changed since the publication before (None when nothing had)."""

    publication: Publication
    proposal: Proposal | None
    change: ProposalChange | None
    period: str  # "between 15 January and 12 February 2019"


@dataclass
class Published:
    changes: list[Changes]  # each publication against the one before, oldest first
    steps: dict[str, list[Step]]  # by ref, oldest first


@dataclass(frozen=True)
class Since:
    """The changes since the previous meeting of a committee: between the publications in
    force at the two meetings (the latest dated on or before each)."""

    previous: Meeting
    then: Publication
    now: Publication
    changes: Changes | None  # None when the same publication was in force at both


def published(site: Site) -> Published:
    """The publications' changes and every proposal's steps, worked out once per build."""
    return _published(tuple(site.config.publications))


@lru_cache(maxsize=1)
def _published(publications: tuple[Publication, ...]) -> Published:
    changes = [compare(before, after) for before, after in zip((None,) + publications[:-1], publications)]
    steps: dict[str, list[Step]] = {}
    for change in changes:
        changed = {c.ref: c for c in change.proposals}
        for proposal in change.after.proposals:
            steps.setdefault(proposal.ref, []).append(
                Step(change.after, proposal, changed.get(proposal.ref), change.period)
            )
        for gone in change.of(WITHDRAWN):
            if gone.after is None:
                steps.setdefault(gone.ref, []).append(Step(change.after, None, gone, change.period))
    return Published(changes, steps)


def in_force(publications: list[Publication], day: dt.date | None) -> Publication | None:
    """The publication in force on ``day``: the latest dated on or before it."""
    dated = [p for p in publications if day is not None and p.date <= day]
    return dated[-1] if dated else None


def since_previous_meeting(site: Site, meeting: Meeting) -> Since | None:
    """None when the committee met for the first time, or no publication was in force then."""
    earlier = [m for m in meeting.committee.meetings if m.date and meeting.date and m.date < meeting.date]
    if not earlier:
        return None
    previous = earlier[-1]
    publications = site.config.publications
    then, now = in_force(publications, previous.date), in_force(publications, meeting.date)
    if then is None or now is None:
        return None
    if then is now:
        return Since(previous, then, now, None)
    slug = meeting.committee.slug
    refs = {p.ref for m in (previous, meeting) for item in m.agenda for p in item.proposals}
    refs |= {p.ref for publication in (then, now) for p in publication.proposals if slug in p.committees}
    return Since(previous, then, now, compare(then, now, refs))
