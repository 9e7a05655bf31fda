"""The findings about recommendations that depend on the date the site speaks for: a
response not given by its due date is overdue (a warning, published on the checks page)."""

from __future__ import annotations

from .model import Site
from .problems import Problem

CODES = {"response-overdue": ("warning", "a response to a scrutiny recommendation is overdue")}


def overdue(site: Site) -> list[Problem]:
    """A ``response-overdue`` warning for each recommendation with no response past its due
    date, saying by how many days as of ``site.as_of``."""
    found = []
    for group in site.recommendations:
        for rec in group.recommendations:
            days = rec.overdue_days(site.as_of)
            if days:
                found.append(
                    Problem(
                        rec.file,
                        rec.line_of("number"),
                        "response-overdue",
                        f"recommendation {rec.number} ({group.committee}, {group.meeting}) had no response from "
                        f"{group.to or 'the executive'} by {group.due_date}: {days} day{'s' * (days != 1)} "
                        f"overdue as of {site.as_of}. Add the response when it comes",
                        "warning",
                        rec.anchor,
                    )
                )
    return found
