"""Scrutiny recommendations and the responses to them (content format 1.2): plain data.

The executive must respond within two months of the recommendations being sent (Local
Government Act 2000, s.9FE). Whether a response is overdue depends on the date the site
speaks for: site.yaml's ``as_of``, or the day of the build where it has none.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from .model import Committee, Located, Meeting, Proposal, Site, natural_key
from .problems import Problem, unknown


def two_months_after(day: dt.date) -> dt.date:
    """The same day two months on; the month's last day where that month is shorter
    (31 December → the last day of February)."""
    month = day.month + 2
    year, month = day.year + (month - 1) // 12, (month - 1) % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass
class Response(Located):
    date: dt.date | None = None
    decision: str = ""
    text: str = ""


@dataclass
class Update(Located):
    date: dt.date | None = None
    status: str = ""
    text: str = ""


@dataclass
class Recommendation(Located):
    number: str = ""
    text: str = ""
    refs: list[str] = field(default_factory=list)  # as written under proposals:
    response: Response | None = None
    updates: list[Update] = field(default_factory=list)
    group: RecommendationSet = field(kw_only=True)  # the file it is one of
    proposals: list[Proposal] = field(default_factory=list)  # the Proposals of refs, joined by link()

    @property
    def anchor(self) -> str:
        """Its stable anchor on the tracker, ``<file's slug>-<number>``."""
        return f"{self.group.slug}-{self.number}"

    @property
    def status(self) -> str:
        """The latest progress: the last update's status, or '' before any."""
        return self.updates[-1].status if self.updates else ""

    def overdue_days(self, as_of: dt.date) -> int:
        """Days since the response fell due, with none given; 0 when not overdue."""
        due = self.group.due_date
        return (as_of - due).days if self.response is None and due and due < as_of else 0

    @property
    def late_days(self) -> int:
        """Days the response came after its due date; 0 when on time or not given."""
        due, response = self.group.due_date, self.response
        return (response.date - due).days if response and response.date and due and response.date > due else 0


@dataclass
class RecommendationSet(Located):
    """One file: the recommendations one committee agreed at one meeting."""

    slug: str = ""
    committee: str = ""  # its slug, as written
    meeting: dt.date | None = None
    to: str = ""
    sent: dt.date | None = None
    due: dt.date | None = None  # as written; see due_date
    note: str = ""
    recommendations: list[Recommendation] = field(default_factory=list)
    committee_record: Committee | None = None  # the Committee and Meeting, joined by link()
    meeting_record: Meeting | None = None

    @property
    def due_date(self) -> dt.date | None:
        """``due`` where given, else two months after ``sent``."""
        return self.due or (two_months_after(self.sent) if self.sent else None)


def link(site: Site, groups: list[RecommendationSet]) -> list[Problem]:
    """Join each file to its committee, meeting and proposals (``site.recommendations``, in
    order of meeting); a name that leads nowhere is an error."""
    problems: list[Problem] = []
    committees = {c.slug: c for c in site.committees}
    for group in groups:
        committee = committees.get(group.committee)
        if committee is None:
            problems.append(
                unknown(
                    "committee",
                    group.committee,
                    committees,
                    group.file,
                    group.line_of("committee"),
                    group.slug,
                )
            )
        else:
            group.committee_record = committee
            group.meeting_record = next((m for m in committee.meetings if m.date == group.meeting), None)
            if group.meeting_record is None and group.meeting:
                dates = ", ".join(m.slug for m in committee.meetings) or "none"
                problems.append(
                    Problem(
                        group.file,
                        group.line_of("meeting"),
                        "unknown-meeting",
                        f"{committee.name or committee.slug} has no meeting on {group.meeting} "
                        f"(its meetings: {dates}): give the date of the meeting that agreed "
                        "them",
                        ref=group.slug,
                    )
                )
        for rec in group.recommendations:
            rec.proposals = [site.by_ref[ref] for ref in rec.refs if ref in site.by_ref]
            problems += [
                unknown("proposal", ref, site.by_ref, rec.file, rec.line_of("proposals"), rec.anchor)
                for ref in rec.refs
                if ref not in site.by_ref
            ]
    site.recommendations = sorted(groups, key=lambda g: (g.meeting or dt.date.min, g.slug))
    return problems


def tracker_order(groups: list[RecommendationSet], as_of: dt.date) -> list[Recommendation]:
    """Every recommendation, the overdue first (longest overdue first), then by meeting and
    number as printed."""
    every = [rec for group in groups for rec in group.recommendations]
    return sorted(
        every,
        key=lambda rec: (
            -rec.overdue_days(as_of),
            rec.group.meeting or dt.date.min,
            rec.group.slug,
            natural_key(rec.number),
        ),
    )
