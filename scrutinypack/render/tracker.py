"""What the pages say of recommendations: the tracker's rows and filters, and the
recommendations a meeting agreed or a proposal is the subject of."""

from __future__ import annotations

from ..format.recommendations import DECISION, STATUS
from ..model import Meeting, Proposal, Site
from ..recommendations import tracker_order

#: The decisions' and statuses' words for people.
WORDS = dict(zip(DECISION.options + STATUS.options, DECISION.labels + STATUS.labels))


def _context(site: Site, recs: list) -> dict:
    return {"recs": recs, "as_of": site.as_of, "words": WORDS}


def page(site: Site) -> dict:
    """The tracker: every recommendation, the overdue first, and its filters' choices."""
    recs = tracker_order(site.recommendations, site.as_of)
    committees = sorted(
        {g.committee_record.name if g.committee_record else g.committee for g in site.recommendations}
    )
    decisions = [
        WORDS[d] for d in DECISION.options if any(r.response and r.response.decision == d for r in recs)
    ]
    statuses = [WORDS[s] for s in STATUS.options if any(r.status == s for r in recs)]
    options = {
        "committee": committees,
        "decision": decisions + (["No response"] if any(not r.response for r in recs) else []),
        "status": statuses + (["No update yet"] if any(not r.updates for r in recs) else []),
    }
    return {
        **_context(site, recs),
        "options": options,
        "overdue": sum(1 for r in recs if r.overdue_days(site.as_of)),
    }


def agreed_at(site: Site, meeting: Meeting) -> dict:
    return _context(
        site,
        [r for r in tracker_order(site.recommendations, site.as_of) if r.group.meeting_record is meeting],
    )


def about(site: Site, proposal: Proposal) -> dict:
    return _context(
        site,
        [
            r
            for r in tracker_order(site.recommendations, site.as_of)
            if any(p is proposal for p in r.proposals)
        ],
    )
