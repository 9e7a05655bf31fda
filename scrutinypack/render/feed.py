"""Atom feeds, so a resident can follow the proposals of the whole site or of one service.

When the content has publications, an entry is a proposal's change at a publication (new,
changed, withdrawn), dated by the publication and told in the words of ``changes``: who
follows a service hears when one of its proposals changes. Without publications, an entry
is a proposal, dated by the latest event of its history (a report to a body, a meeting
whose agenda names it). Every date comes from the content, never the clock, and ids are
derived from the council, the ref (and the publication date), so the same content gives
the same bytes on every build and a reader never sees an entry twice when the site moves
to another address.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from .. import paths
from ..model import Proposal, Site, slugify
from ..money import format_amount
from .atom import add_link, add_text, carried, stamp, urn
from .changes import Changes, ProposalChange
from .history import Event, latest, published
from .html import long_date
from .labels import STATUS_LABELS
from .recommendations_feed import entries

ATOM = "http://www.w3.org/2005/Atom"
NO_DATE = dt.date(1970, 1, 1)  # a site whose content gives no date at all


class Feeds:
    """The site-wide feed and one feed per service; what every feed needs is worked out once."""

    def __init__(self, site: Site, histories: dict[str, list[Event]]):
        self.site, self.histories = site, histories
        self.dated = {slug: latest(events) for slug, events in histories.items()}
        # A proposal with no dated event is dated by the latest event of the whole site.
        self.fallback = max(filter(None, self.dated.values()), default=NO_DATE)

    def site_feed(self) -> bytes:
        """Every proposal (or change), with each recommendation's response and updates."""
        site = self.site
        title = f"{site.config.council}: {site.config.title}"
        extra = entries(site, paths.linker(site.config.base_url, paths.feed()))
        if site.config.publications:
            return _changes_feed(site, paths.feed(), published(site).changes, title, "", extra)
        return self._feed(paths.feed(), site.proposals, title, "", extra)

    def service_feed(self, name: str) -> bytes:
        site = self.site
        title = f"{site.config.council}: {name} savings proposals"
        if site.config.publications:
            return _changes_feed(site, paths.service_feed(name), published(site).changes, title, name)
        return self._feed(paths.service_feed(name), site.services()[name], title, name)

    def _feed(
        self, feed_path: str, proposals: list[Proposal], title: str, service: str, extra: list = ()
    ) -> bytes:
        site, link = self.site, paths.linker(self.site.config.base_url, feed_path)
        entries = sorted(
            ((self.dated.get(p.slug) or self.fallback, p) for p in proposals),
            key=lambda dp: (-dp[0].toordinal(), dp[1].sort_key),
        )
        feed = _head(
            site,
            feed_path,
            title,
            service,
            link,
            "Savings proposals"
            + (f" for {service}" if service else "")
            + ", with their status and where they have been reported.",
            entries[0][0] if entries else self.fallback,
        )
        made = [
            (day, _entry(site, proposal, self.histories.get(proposal.slug, []), day, link))
            for day, proposal in entries
        ]
        return _bytes(_with(feed, made, extra))


def _changes_feed(
    site: Site, feed_path: str, changes: list[Changes], title: str, service: str, extra: list = ()
) -> bytes:
    link = paths.linker(site.config.base_url, feed_path)
    entries = sorted(
        ((c, pc) for c in changes for pc in c.proposals if not service or service in pc.services),
        key=lambda e: (-e[0].after.date.toordinal(), e[1].proposal.sort_key),
    )
    feed = _head(
        site,
        feed_path,
        title,
        service,
        link,
        "Changes to the savings proposals"
        + (f" for {service}" if service else "")
        + ": new, changed and withdrawn, at each publication.",
        entries[0][0].after.date if entries else changes[-1].after.date,
    )
    made = [
        (change.after.date, _change_entry(site, change, proposal_change, link))
        for change, proposal_change in entries
    ]
    return _bytes(_with(feed, made, extra))


def _with(feed: ET.Element, made: list, extra: list) -> ET.Element:
    """The feed with its entries and ``extra`` ones ((date, entry), each newest first),
    newest first, and updated when the newest of them was."""
    every = sorted([*made, *extra], key=lambda e: -e[0].toordinal())
    for _day, entry in every:
        feed.append(entry)
    if every:
        feed.find("updated").text = stamp(
            max(every[0][0], dt.date.fromisoformat(feed.find("updated").text[:10]))
        )
    return feed


def _change_entry(site: Site, change: Changes, pc: ProposalChange, link) -> ET.Element:
    entry = ET.Element("entry")
    p, day = pc.proposal, change.after.date
    add_text(entry, "title", f"{pc.ref}: {p.title} ({pc.kind})")
    add_text(entry, "id", urn(site.config.council, "change", day.isoformat(), pc.ref))
    now = site.by_ref.get(pc.ref)
    add_link(entry, link(paths.proposal(now) if now else paths.changes(day)), "alternate", "text/html")
    add_text(entry, "updated", stamp(day))
    for name in pc.services:
        ET.SubElement(entry, "category", {"term": slugify(name), "label": carried(name)})
    words = pc.words()
    add_text(entry, "summary", f"{words[:1].upper()}{words[1:]} ({change.period}).")
    return entry


def _head(
    site: Site, feed_path: str, title: str, service: str, link, subtitle: str, updated: dt.date
) -> ET.Element:
    config = site.config
    # The namespace is an attribute of the root, not registered with ElementTree: that
    # registry is global, and WeasyPrint's own entries in it would change the feeds' bytes.
    feed = ET.Element("feed", {"xmlns": ATOM, "xml:lang": "en-GB"})
    add_text(feed, "title", title)
    add_text(feed, "subtitle", subtitle)
    add_text(feed, "id", urn(config.council, config.title, service or "*"))
    add_link(feed, link(paths.service(service) if service else paths.home()), "alternate", "text/html")
    if config.base_url:
        add_link(feed, link(feed_path), "self", "application/atom+xml")
    add_text(feed, "updated", stamp(updated))
    author = ET.SubElement(feed, "author")
    add_text(author, "name", config.council or config.title)
    if config.contact:
        add_text(author, "email", config.contact)
    if config.licence:
        add_text(feed, "rights", config.licence)
    add_text(feed, "generator", "scrutinypack")
    return feed


def _bytes(feed: ET.Element) -> bytes:
    ET.indent(feed, space=" ")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def _entry(site: Site, p: Proposal, events: list[Event], day: dt.date, link) -> ET.Element:
    entry = ET.Element("entry")
    status = STATUS_LABELS.get(p.status, "")
    add_text(entry, "title", f"{p.ref}: {p.title}" + (f" ({status.lower()})" if status else ""))
    add_text(entry, "id", urn(site.config.council, "proposal", p.ref))
    add_link(entry, link(paths.proposal(p)), "alternate", "text/html")
    add_text(entry, "updated", stamp(day))
    if p.service:
        ET.SubElement(entry, "category", {"term": slugify(p.service), "label": carried(p.service)})
    add_text(entry, "summary", _summary(p, status, events))
    return entry


def _summary(p: Proposal, status: str, events: list[Event]) -> str:
    parts = [f"Status: {status}." if status else "Status not stated."]
    if p.service:
        parts.append(f"Service: {p.service}.")
    total = p.total_saving()
    if total is not None and total.is_figure:
        word = "Saving" if total.value >= 0 else "Cost"
        parts.append(f"{word} in total: {format_amount(total if total.value >= 0 else total.negated())}.")
    for event in events:
        when = long_date(event.date)
        item = event.item.title if event.item else ""
        parts.append(
            f"Reported to {event.body}"
            + (f", {when}" if when else "")
            + (f", item {event.number}" if event.number else "")
            + (f": {item}" if item else "")
            + (f", appendix {event.appendix}" if event.appendix else "")
            + "."
        )
    return " ".join(parts)
