"""The model of savings delivery reports (monitoring/<slug>.yaml, content format 1.2).

Plain data, no I/O: a report, its savings as printed and, once joined to the site
(:func:`join_reports`), the proposal and meeting each names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .format.monitoring import RAG
from .model import Located, Meeting, Proposal, Site
from .money import Amount, total_of
from .problems import Problem, unknown

COLUMNS = ("target", "delivered", "forecast", "shortfall")
#: The ratings in words, for people who cannot tell the colours apart.
RAG_WORDS = dict(zip(RAG.options, RAG.labels))


@dataclass
class MonitoredSaving(Located):
    """One row: a proposal's saving for the year and where it stood."""

    ref: str = ""
    figures: dict[str, Amount | None] = field(default_factory=dict)  # by COLUMNS; None: not written
    rag: str = ""
    note: str = ""
    proposal: Proposal | None = None  # joined by join_reports

    def figure(self, column: str) -> Amount | None:
        return self.figures.get(column)


@dataclass
class MonitoringReport(Located):
    slug: str = ""
    title: str = ""
    as_at: dt.date | None = None
    year: str = ""
    committee: str = ""
    meeting_date: dt.date | None = None
    unit: str = "m"
    note: str = ""
    savings: list[MonitoredSaving] = field(default_factory=list)
    printed_total: dict[str, Amount] = field(default_factory=dict)
    total_lines: dict[str, int] = field(default_factory=dict)
    meeting: Meeting | None = None  # joined by join_reports

    @property
    def heading(self) -> str:
        return self.title or f"Savings delivery {self.year}"

    def column_total(self, column: str) -> Amount | None:
        """The sum of a column, worked out by the site; None when a figure is not stated."""
        figures = [f for s in self.savings if (f := s.figure(column)) is not None]
        if not figures or len(figures) < len(self.savings):
            return None
        return total_of(figures, self.unit)


def join_reports(site: Site, reports: list[MonitoringReport]) -> list[Problem]:
    """Give the site its reports (oldest first), each saving its proposal and each report its
    meeting; a ref, committee or meeting that leads nowhere is a problem."""
    problems: list[Problem] = []
    committees = {c.slug: c for c in site.committees}
    for report in reports:
        for saving in report.savings:
            saving.proposal = site.by_ref.get(saving.ref)
            if saving.proposal is None:
                problems.append(
                    unknown("proposal", saving.ref, site.by_ref.keys(), report.file, saving.line, saving.ref)
                )
        committee = committees.get(report.committee)
        if report.committee and committee is None:
            problems.append(
                unknown(
                    "committee", report.committee, committees.keys(), report.file, report.line_of("committee")
                )
            )
        if committee is not None and report.meeting_date is not None:
            report.meeting = next((m for m in committee.meetings if m.date == report.meeting_date), None)
            if report.meeting is None:
                problems.append(
                    unknown(
                        "meeting",
                        report.meeting_date.isoformat(),
                        [m.slug for m in committee.meetings],
                        report.file,
                        report.line_of("meeting"),
                    )
                )
    site.monitoring = sorted(reports, key=lambda r: (r.as_at or dt.date.min, r.slug))
    return problems


def delivery_of(site: Site, proposal: Proposal) -> list[tuple[MonitoringReport, MonitoredSaving]]:
    """Every report that mentions the proposal, oldest first, with its row."""
    return [
        (report, saving)
        for report in site.monitoring
        for saving in report.savings
        if saving.proposal is proposal
    ]
