"""A proposal's history: where and when it went before a body, from its ``reported`` list
and the meetings whose agendas name it, as one list in date order.

Shared by the proposal page and the Atom feeds, so both tell the same story. Dates come
from the content only, never the clock, so the feeds are the same on every build.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .model import AgendaItem, Meeting, Proposal, Reported, Site


@dataclass(frozen=True)
class Event:
    date: str                    # YYYY-MM-DD, YYYY-MM (a month), or "" when the paper gives none
    body: str                    # who it went before
    reported: Reported | None = None
    meeting: Meeting | None = None
    item: AgendaItem | None = None

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
    events = [Event(m.date.isoformat() if m.date else "", m.committee.name, None, m, item)
              for m, item in meetings]
    for reported in proposal.reported:
        same = next((i for i, e in enumerate(events) if e.reported is None and e.meeting
                     and e.date == reported.date and e.body.lower() == reported.body.lower()), None)
        if same is None:
            events.append(Event(reported.date, reported.body, reported))
        else:
            events[same] = Event(events[same].date, events[same].body, reported,
                                 events[same].meeting, events[same].item)
    return sorted(events, key=lambda e: (e.day is None, e.day or dt.date.min, e.body))


def latest(events: list[Event]) -> dt.date | None:
    days = [e.day for e in events if e.day]
    return max(days) if days else None
