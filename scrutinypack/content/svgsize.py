"""How much an SVG asks a browser or WeasyPrint to draw, counted before anything draws it.

A 2 KB SVG can ask for ten billion shapes: ten ``<use>`` of a group of ten ``<use>`` of a
group of ten…, each copying the one before. A file of nothing but ``<set/>`` makes a tree a
million elements long. Both are counted here, in time and memory in proportion to the file,
and a cleaner or a renderer never sees an SVG over :data:`MAX_ELEMENTS`.
"""

from __future__ import annotations

from io import BytesIO
from xml.dom.minidom import Element
from xml.etree.ElementTree import ParseError

import defusedxml
import defusedxml.ElementTree

MAX_ELEMENTS = 100_000


def too_many_elements(data: bytes) -> bool:
    """True when the file holds more than :data:`MAX_ELEMENTS` elements; read as a stream and
    stopped there, so a huge tree is never built. A file that is not safe XML is left to the
    parser that reports it."""
    try:
        events = defusedxml.ElementTree.iterparse(BytesIO(data), ("start",), forbid_dtd=True)
        return any(count > MAX_ELEMENTS for count, _ in enumerate(events, 1))
    except (defusedxml.DefusedXmlException, ParseError):
        return False


def drawn(root: Element) -> int | None:
    """How many elements the minidom tree under ``root`` draws, each ``<use>`` counted with
    the copy it makes of the element it refers to (and so of the copies that one makes),
    stopping at :data:`MAX_ELEMENTS` + 1; None when a ``<use>`` copies an element that holds
    it, which never ends. Each element is counted once, so the work is in proportion to the file."""
    ids = _ids(root)
    counts: dict[int, int] = {}
    open_: set[int] = set()
    stack = [(root, False)]
    while stack:
        element, ready = stack.pop()
        if ready:
            total = 1 + sum(counts[id(part)] for part in _parts(element, ids))
            counts[id(element)] = min(total, MAX_ELEMENTS + 1)
        elif id(element) in open_:  # still open below on the stack: we are inside it
            if id(element) not in counts:
                return None
        else:
            open_.add(id(element))
            stack.append((element, True))
            stack.extend((part, False) for part in _parts(element, ids) if id(part) not in counts)
    return counts[id(root)]


def _ids(root: Element) -> dict[str, Element]:
    """Each ``id`` and its element (the first, as a browser takes)."""
    found: dict[str, Element] = {}
    stack = [root]
    while stack:
        element = stack.pop()
        if element.getAttribute("id"):
            found.setdefault(element.getAttribute("id"), element)
        stack.extend(reversed(_children(element)))
    return found


def _parts(element: Element, ids: dict[str, Element]) -> list[Element]:
    """What an element draws: its children and, for a ``<use>``, the element it copies."""
    parts = _children(element)
    if element.localName == "use":
        link = element.getAttribute("href") or element.getAttributeNS("http://www.w3.org/1999/xlink", "href")
        target = ids.get(link.strip()[1:]) if link.strip().startswith("#") else None
        if target is not None:
            parts.append(target)
    return parts


def _children(element: Element) -> list[Element]:
    return [child for child in element.childNodes if child.nodeType == child.ELEMENT_NODE]
