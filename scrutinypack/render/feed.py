"""Atom feeds, so a resident can follow the proposals of the whole site or of one service.

One entry per proposal, dated by the latest event of its history (a report to a body, a
meeting whose agenda names it): a new meeting or report brings the proposal back to the
top of a reader. Every date comes from the content, never the clock, and ids are derived
from the council and the ref, so the same content gives the same bytes on every build and
a reader never sees an entry twice when the site moves to another address.
"""
from __future__ import annotations

import datetime as dt
import uuid
import xml.etree.ElementTree as ET

from .. import paths
from ..history import Event, latest
from ..model import Proposal, Site, slugify
from ..money import format_amount
from .html import long_date
from .labels import STATUS_LABELS

ATOM = "http://www.w3.org/2005/Atom"
ET.register_namespace("", ATOM)
NO_DATE = dt.date(1970, 1, 1)   # a site whose content gives no date at all


def site_feed(site: Site, histories: dict[str, list[Event]]) -> bytes:
    return _feed(site, paths.feed(), site.proposals, histories,
                 f"{site.config.council}: {site.config.title}", "")


def service_feed(site: Site, name: str, histories: dict[str, list[Event]]) -> bytes:
    return _feed(site, paths.service_feed(name), site.services()[name], histories,
                 f"{site.config.council}: {name} savings proposals", name)


def _feed(site: Site, feed_path: str, proposals: list[Proposal], histories, title: str,
          service: str) -> bytes:
    config = site.config
    link = _linker(site, feed_path)
    # A proposal with no dated event is dated by the latest event of the whole site.
    fallback = max(filter(None, (latest(h) for h in histories.values())), default=NO_DATE)
    entries = sorted(((latest(histories.get(p.slug, [])) or fallback, p) for p in proposals),
                     key=lambda dp: (-dp[0].toordinal(), dp[1].sort_key))
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "en-GB"})
    _text(feed, "title", title)
    _text(feed, "subtitle", "Savings proposals" + (f" for {service}" if service else "") +
          ", with their status and where they have been reported.")
    _text(feed, "id", _urn(config.council, config.title, service or "*"))
    _link(feed, link(paths.service(service) if service else paths.home()), "alternate", "text/html")
    if config.base_url:
        _link(feed, link(feed_path), "self", "application/atom+xml")
    _text(feed, "updated", _stamp(entries[0][0] if entries else fallback))
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", config.council or config.title)
    if config.contact:
        _text(author, "email", config.contact)
    if config.licence:
        _text(feed, "rights", config.licence)
    _text(feed, "generator", "scrutinypack")
    for day, proposal in entries:
        feed.append(_entry(site, proposal, histories.get(proposal.slug, []), day, link))
    ET.indent(feed, space=" ")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def _entry(site: Site, p: Proposal, events: list[Event], day: dt.date, link) -> ET.Element:
    entry = ET.Element(f"{{{ATOM}}}entry")
    status = STATUS_LABELS.get(p.status, "")
    _text(entry, "title", f"{p.ref}: {p.title}" + (f" ({status.lower()})" if status else ""))
    _text(entry, "id", _urn(site.config.council, "proposal", p.ref))
    _link(entry, link(paths.proposal(p)), "alternate", "text/html")
    _text(entry, "updated", _stamp(day))
    if p.service:
        ET.SubElement(entry, f"{{{ATOM}}}category", {"term": slugify(p.service), "label": p.service})
    _text(entry, "summary", _summary(p, status, events))
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
        parts.append(f"Reported to {event.body}" + (f", {when}" if when else "") +
                     (f": {item}" if item else "") + ".")
    return " ".join(parts)


def _linker(site: Site, feed_path: str):
    """Links absolute under ``base_url`` when the site has one, else relative to the feed."""
    base = site.config.base_url
    if base:
        base = base if base.endswith("/") else base + "/"
        return lambda target: base + target
    return lambda target: paths.relative(feed_path, target)


def _urn(*parts: str) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, "scrutinypack:" + "\x1f".join(parts)).urn


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _text(parent: ET.Element, name: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{name}")
    element.text = text
    return element


def _link(parent: ET.Element, href: str, rel: str, kind: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}link", {"rel": rel, "type": kind, "href": href})
