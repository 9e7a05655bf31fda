"""The pieces of an Atom entry that every feed writes alike: stable ids, dates, text XML can
hold, and links. Shared by the proposals' feeds and the recommendations' entries."""

from __future__ import annotations

import datetime as dt
import re
import uuid
import xml.etree.ElementTree as ET

NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def urn(*parts: str) -> str:
    """The same id for the same parts, build after build."""
    return uuid.uuid5(uuid.NAMESPACE_URL, "scrutinypack:" + "\x1f".join(parts)).urn


def stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def add_text(parent: ET.Element, name: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, name)
    element.text = carried(text)
    return element


def carried(text: str) -> str:
    """``text`` with what XML 1.0 cannot hold (most C0 controls, lone surrogates, U+FFFE and
    U+FFFF) as U+FFFD: the validator refuses them, and the feed stays XML whatever it is given."""
    return NOT_XML.sub("\ufffd", text)


def add_link(parent: ET.Element, href: str, rel: str, kind: str) -> None:
    ET.SubElement(parent, "link", {"rel": rel, "type": kind, "href": href})
