"""What may be published from ``assets/``: documents and images, and SVG made safe to open.

Every asset is served from the site's own address, so a file a browser runs (HTML, XHTML, XML
with a stylesheet, JavaScript) would run as the site. Only documents and images are published.
An SVG opened on its own is a page, and may hold scripts: it is parsed with defusedxml (a DTD
or an entity is refused) and published with what can run or fetch taken out.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.dom.minidom import CDATASection, Comment, Element, ProcessingInstruction, Text
from xml.parsers.expat import ExpatError

import defusedxml
import defusedxml.minidom

from .. import urls
from ..problems import Problem
from . import cssfetch, pictures, svgsize

DOCUMENTS = (".pdf", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".csv", ".txt")
IMAGES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg")
ALLOWED = DOCUMENTS + IMAGES

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
#: Elements that run script, change attributes over time (SMIL: an animation can set an href
#: to ``javascript:``), or hold content of another language.
DROPPED = {
    "script",
    "foreignObject",
    "set",
    "animate",
    "animateMotion",
    "animateTransform",
    "animateColor",
    "discard",
    "handler",
    "listener",
    "iframe",
    "embed",
    "object",
    "audio",
    "video",
}
MAX_DEPTH = 100
MAX_SVG_BYTES = 10 * 1024 * 1024
XML = "http://www.w3.org/XML/1998/namespace"


class _Unsafe(Exception):
    """An SVG that cannot be published at all; the message says why and what to do."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.line = line


def refused(rel: str) -> Problem | None:
    """The problem with publishing the asset at ``rel``, or None when its kind may be published."""
    suffix = Path(rel).suffix.lower()
    if suffix in ALLOWED:
        return None
    kind = f"a {suffix} file" if suffix else "a file without an extension"
    return Problem(
        rel,
        0,
        "asset-type",
        f"{kind} cannot be published from assets/: only documents "
        f"({', '.join(DOCUMENTS)}) and images ({', '.join(IMAGES)}) can, since a web "
        "page, script or XML file would run as part of the site. Save it as PDF, or "
        "move it out of the content folder",
    )


def too_large_picture(path: Path, rel: str) -> Problem | None:
    """The problem with a PNG, JPEG, GIF or WebP asset that would decode to more pixels than a
    page or a PDF may use (measured from its header, before anything decodes it)."""
    if path.suffix.lower() not in IMAGES:
        return None
    try:
        with path.open("rb") as file:
            head = file.read(pictures.HEADER_BYTES)
        pictures.check(head, "this picture")
    except OSError:
        return None  # left for the step that reads it whole, which says what is wrong
    except pictures.TooLarge as error:
        return Problem(rel, 0, "picture-too-large", str(error))
    return None


def clean_svg(path: Path, rel: str) -> tuple[bytes | None, list[Problem]]:
    """The SVG with what can run or fetch taken out, and a warning naming what was; or None
    and an error when it cannot be read safely (too large, not XML, a DTD or entity, not SVG)
    or would take too long to draw."""
    try:
        size = path.stat().st_size
        data = path.read_bytes() if size <= MAX_SVG_BYTES else b""
    except OSError as error:
        return None, [
            Problem(
                rel,
                0,
                "unreadable",
                f"this file cannot be read ({error.strerror or error}): "
                "check that the account running the build may open it",
            )
        ]
    try:
        root = _parse(data, size)
        removed = _clean(root)
        _check_drawing(root)
    except _Unsafe as unsafe:
        return None, [Problem(rel, unsafe.line, "svg-unsafe", str(unsafe))]
    # the <svg> element alone: a processing instruction before it (a stylesheet) goes too
    cleaned = ('<?xml version="1.0" encoding="UTF-8"?>\n' + root.toxml()).encode("utf-8")
    if not removed:
        return cleaned, []
    what = ", ".join(sorted(set(removed)))
    return cleaned, [
        Problem(
            rel,
            0,
            "svg-cleaned",
            f"this SVG held what could run or fetch something ({what}): it is "
            "published without them; export it again without scripts or links to other files",
            "warning",
        )
    ]


#: What an SVG's <a> may lead to (urls.Address kinds); any other element, its own parts only.
_LINKS = ("fragment", "web", "mailto")
#: What an element may hold, as xml.dom.minidom types it.
_Child = Element | ProcessingInstruction | Comment | Text | CDATASection


def _parse(data: bytes, size: int) -> Element:
    """The SVG's root element, parsed with no DTD or entity, after its size is known to be
    within bounds. Raises :class:`_Unsafe`."""
    if size > MAX_SVG_BYTES:
        raise _Unsafe(
            f"this SVG is {size / 1048576:.1f} MB; an SVG may be {MAX_SVG_BYTES // 1048576} MB: "
            "simplify it, or save it as PNG"
        )
    if svgsize.too_many_elements(data):
        raise _Unsafe(
            f"this SVG has more than {svgsize.MAX_ELEMENTS:,} elements, more than a page "
            "can draw in good time: simplify it, or save it as PNG"
        )
    try:
        # bytes, as xml.dom.minidom takes them (their encoding declared inside): the stub says str
        document = defusedxml.minidom.parseString(data, forbid_dtd=True)  # type: ignore[arg-type]
    except defusedxml.DefusedXmlException:
        raise _Unsafe(
            "this SVG declares a DTD or entities, which could read other files or multiply "
            "itself: export it again as plain SVG, or as PNG"
        ) from None
    except (ExpatError, ValueError) as error:
        raise _Unsafe(
            f"this SVG is not well-formed XML ({error}): export it again from the drawing program, or as PNG",
            getattr(error, "lineno", 0),
        ) from None
    root = document.documentElement
    if root is None or (root.namespaceURI, root.localName) != (SVG, "svg"):
        raise _Unsafe(
            "this file is not an SVG image (its first element is not <svg> in the SVG "
            "namespace): export it again as SVG, or as PNG"
        )
    return root


def _check_drawing(root: Element) -> None:
    """Raises :class:`_Unsafe` when the cleaned image would copy itself without end, or draw
    more than a page can in good time once each ``<use>`` is counted as the copy it makes."""
    count = svgsize.drawn(root)
    if count is None:
        raise _Unsafe(
            "a <use> in this SVG copies an element that holds it, a copy without end: "
            "export it again, or save it as PNG"
        )
    if count > svgsize.MAX_ELEMENTS:
        raise _Unsafe(
            f"this SVG draws more than {svgsize.MAX_ELEMENTS:,} elements once each <use> "
            "is counted as the copy it makes, more than a page can draw in good time: "
            "export it again with fewer copies, or save it as PNG"
        )


def _clean(root: Element) -> list[str]:
    """Take out of the tree what can run or fetch; returns what was taken out. Each element's
    children are sorted in one pass (taking them out one by one is quadratic). Raises
    :class:`_Unsafe` when the tree is nested too deep to walk and write back (an image needs
    a few levels), or holds a picture too large to draw."""
    removed: list[str] = []
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _Unsafe(
                f"this SVG nests its elements more than {MAX_DEPTH} deep: export it again, or as PNG"
            )
        kept: list[_Child] = []
        for child in element.childNodes:
            unwanted = _unwanted(child)
            if unwanted:
                removed.append(unwanted)
                continue
            kept.append(child)
            if isinstance(child, Element):
                stack.append((child, depth + 1))
        if len(kept) < len(element.childNodes):
            _keep_only(element, kept)
        removed += _clean_attributes(element)
    return removed


def _unwanted(node: _Child) -> str | None:
    """What a child node is, when it must be taken out."""
    if isinstance(node, ProcessingInstruction):
        return "a processing instruction"
    if not isinstance(node, Element):
        return None
    if node.namespaceURI != SVG or node.localName in DROPPED:
        return f"<{node.localName}>"
    if node.localName == "style" and cssfetch.fetches(_text(node)):
        return "a stylesheet that fetches"
    return None


def _keep_only(element: Element, kept: list[_Child]) -> None:
    """Make ``kept`` the element's children, with their sibling links, in one pass."""
    with_ends: list[_Child | None] = [None, *kept, None]
    for before, after in zip(with_ends, with_ends[1:]):
        if before is not None:
            before.nextSibling = after
        if after is not None:
            after.previousSibling = before
    element.childNodes[:] = kept


def _clean_attributes(element: Element) -> list[str]:
    """Take out the attributes that run or fetch: event handlers, links other than to the
    image's own parts, and any attribute that a browser may read as CSS (``style``, ``fill``,
    ``mask``, ``filter``, ``cursor``…, so all but text for people and scripts, ``aria-*`` and
    ``data-*``) that fetches; returns what was taken out."""
    removed = []
    for attribute in list(element.attributes.values()):
        name = attribute.localName or attribute.name
        if name.lower().startswith("on"):
            removed.append(f"the event handler {name}")
        elif name in ("href", "src") and attribute.namespaceURI in (None, XLINK):
            kept = _kept_link(element.localName, attribute.value)
            if kept is not None:
                attribute.value = kept
                continue
            removed.append(f"the link {name}")
        elif attribute.namespaceURI == XML and name == "base":  # would move what #id points to
            removed.append("the attribute xml:base")
        elif not name.startswith(("aria-", "data-")) and cssfetch.fetches(attribute.value):
            removed.append(
                "a style that fetches" if name == "style" else f"the attribute {name} that fetches"
            )
        else:
            continue
        element.removeAttributeNode(attribute)
    return removed


def _text(element: Element) -> str:
    return "".join(
        node.data for node in element.childNodes if node.nodeType in (node.TEXT_NODE, node.CDATA_SECTION_NODE)
    )


def _kept_link(tag: str, value: str) -> str | None:
    """The link to publish, or None to take it out. Kept are a link to a part of the image
    itself and, from an ``<a>``, to a web page or an email address, each read as a browser
    reads it and published as read (``urls.read``, as every address of the site is); and, in
    an ``<image>``, a picture written out in the file (as drawing programs embed them), of a
    size a page can draw (raises :class:`_Unsafe` otherwise)."""
    compact = re.sub(r"[\x00-\x20]+", "", value)  # a data: address is read whole, spaces and all
    if tag == "image" and pictures.DATA_PICTURE.match(compact.lower()):
        _check_embedded(compact)
        return value
    address = urls.read(value)
    allowed = _LINKS if tag == "a" else ("fragment",)
    return address.text if address is not None and address.kind in allowed else None


def _check_embedded(url: str) -> None:
    """Raises :class:`_Unsafe` for a picture written out in the SVG that is too large to draw;
    one that cannot be read is left for the browser, which shows nothing for it."""
    try:
        pictures.embedded(url)
    except pictures.TooLarge as error:
        raise _Unsafe(f"this SVG holds a picture too large to draw: {error}") from None
    except pictures.PictureError:
        pass
