"""The site feed's entries for recommendations: one when a response arrives and one for
each update, dated by the content (never the clock), with ids from the council, the
recommendation's anchor and the date, so a reader sees each once."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from ..model import Site
from .atom import add_link, add_text, carried, stamp, urn
from .html import long_date
from .tracker import WORDS


def entries(site: Site, link) -> list[tuple[dt.date, ET.Element]]:
    """(date, entry) of every response and update, newest first."""
    found = []
    for group in site.recommendations:
        committee = group.committee_record.name if group.committee_record else group.committee
        for rec in group.recommendations:
            what = f"Recommendation {rec.number} of {committee} ({long_date(group.meeting)})"
            response = rec.response
            if response and response.date:
                late = f", {rec.late_days} days late" if rec.late_days else ""
                found.append(
                    (
                        response.date,
                        _entry(
                            site,
                            link,
                            rec,
                            "response",
                            response.date,
                            f"{what}: {WORDS.get(response.decision, 'responded').lower()} by {group.to}{late}",
                            response.text,
                        ),
                    )
                )
            for update in rec.updates:
                if update.date:
                    found.append(
                        (
                            update.date,
                            _entry(
                                site,
                                link,
                                rec,
                                "update",
                                update.date,
                                f"{what}: {WORDS.get(update.status, 'update').lower()}",
                                update.text,
                            ),
                        )
                    )
    return sorted(found, key=lambda e: -e[0].toordinal())


def _entry(site: Site, link, rec, kind: str, day: dt.date, title: str, text: str) -> ET.Element:
    entry = ET.Element("entry")
    add_text(entry, "title", title)
    add_text(entry, "id", urn(site.config.council, "recommendation", rec.anchor, kind, day.isoformat()))
    add_link(entry, f"{link('recommendations/')}#{rec.anchor}", "alternate", "text/html")
    add_text(entry, "updated", stamp(day))
    ET.SubElement(
        entry, "category", {"term": "recommendations", "label": carried("Scrutiny recommendations")}
    )
    add_text(entry, "summary", " ".join(text.split()) or title + ".")
    return entry
