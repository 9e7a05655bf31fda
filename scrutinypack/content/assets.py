"""What may be published from ``assets/``: documents and images, and SVG made safe to open.

Every asset is served from the site's own address, so a file a browser runs (HTML, XHTML, XML
with a stylesheet, JavaScript) would run as the site. Only documents and images are published.
An SVG opened on its own is a page, and may hold scripts: it is parsed with defusedxml (a DTD
or an entity is refused) and published with what can run or fetch taken out.
"""
from __future__ import annotations

import re
from pathlib import Path
from xml.parsers.expat import ExpatError

import defusedxml
import defusedxml.minidom

from ..problems import Problem

DOCUMENTS = (".pdf", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".csv", ".txt")
IMAGES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg")
ALLOWED = DOCUMENTS + IMAGES

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
#: Elements that run script, change attributes over time (SMIL: an animation can set an href
#: to ``javascript:``), or hold content of another language.
DROPPED = {"script", "foreignObject", "set", "animate", "animateMotion", "animateTransform",
           "animateColor", "discard", "handler", "listener", "iframe", "embed", "object", "audio",
           "video"}
MAX_DEPTH = 100
MAX_SVG_BYTES = 10 * 1024 * 1024
EMBEDDED_PICTURE = re.compile(r"data:image/(png|jpeg|gif|webp)[;,]")
#: CSS that fetches something: a stylesheet or an address other than one of the image's own
#: parts; or that hides what it says in escapes (``@\69mport``).
FETCHING_CSS = re.compile(r"@import|url\s*\((?!\s*['\"]?\s*#)|\\", re.IGNORECASE)


def refused(rel: str) -> Problem | None:
    """The problem with publishing the asset at ``rel``, or None when its kind may be published."""
    suffix = Path(rel).suffix.lower()
    if suffix in ALLOWED:
        return None
    kind = f"a {suffix} file" if suffix else "a file without an extension"
    return Problem(rel, 0, "asset-type",
                   f"{kind} cannot be published from assets/: only documents "
                   f"({', '.join(DOCUMENTS)}) and images ({', '.join(IMAGES)}) can, since a web "
                   "page, script or XML file would run as part of the site. Save it as PDF, or "
                   "move it out of the content folder")


def clean_svg(path: Path, rel: str) -> tuple[bytes | None, list[Problem]]:
    """The SVG with what can run or fetch taken out, and a warning naming what was; or None
    and an error when it cannot be read safely (too large, not XML, a DTD or entity, not SVG)."""
    try:
        size = path.stat().st_size
        data = path.read_bytes() if size <= MAX_SVG_BYTES else b""
    except OSError as error:
        return None, [Problem(rel, 0, "unreadable", f"this file cannot be read ({error.strerror or error}): "
                                                    "check that the account running the build may open it")]
    if size > MAX_SVG_BYTES:
        return None, [Problem(rel, 0, "svg-unsafe", f"this SVG is {size / 1048576:.1f} MB; an SVG may "
                                                    f"be {MAX_SVG_BYTES // 1048576} MB: simplify it, or "
                                                    "save it as PNG")]
    try:
        document = defusedxml.minidom.parseString(data, forbid_dtd=True)
    except defusedxml.DefusedXmlException:
        return None, [Problem(rel, 0, "svg-unsafe", "this SVG declares a DTD or entities, which could "
                                                    "read other files or multiply itself: export it "
                                                    "again as plain SVG, or as PNG")]
    except (ExpatError, ValueError) as error:
        return None, [Problem(rel, getattr(error, "lineno", 0), "svg-unsafe",
                              f"this SVG is not well-formed XML ({error}): export it again from the "
                              "drawing program, or as PNG")]
    root = document.documentElement
    if (root.namespaceURI, root.localName) != (SVG, "svg"):
        return None, [Problem(rel, 0, "svg-unsafe", "this file is not an SVG image (its first element "
                                                    "is not <svg> in the SVG namespace): export it "
                                                    "again as SVG, or as PNG")]
    removed = _clean(root)
    if removed is None:
        return None, [Problem(rel, 0, "svg-unsafe", f"this SVG nests its elements more than "
                                                    f"{MAX_DEPTH} deep: export it again, or as PNG")]
    # the <svg> element alone: a processing instruction before it (a stylesheet) goes too
    cleaned = ('<?xml version="1.0" encoding="UTF-8"?>\n' + root.toxml()).encode("utf-8")
    if not removed:
        return cleaned, []
    what = ", ".join(sorted(set(removed)))
    return cleaned, [Problem(
        rel, 0, "svg-cleaned", f"this SVG held what could run or fetch something ({what}): it is "
        "published without them; export it again without scripts or links to other files",
        "warning")]


def _clean(root) -> list[str] | None:
    """Take out of the tree what can run or fetch; returns what was taken out, or None when
    the tree is nested too deep to walk and write back (an image needs a few levels)."""
    removed: list[str] = []
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        if depth > MAX_DEPTH:
            return None
        for child in list(element.childNodes):
            if child.nodeType == child.PROCESSING_INSTRUCTION_NODE:
                element.removeChild(child)
                removed.append("a processing instruction")
            elif child.nodeType != child.ELEMENT_NODE:
                continue
            elif child.namespaceURI != SVG or child.localName in DROPPED:
                element.removeChild(child)
                removed.append(f"<{child.localName}>")
            elif child.localName == "style" and FETCHING_CSS.search(_text(child)):
                element.removeChild(child)
                removed.append("a stylesheet that fetches")
            else:
                stack.append((child, depth + 1))
        for attribute in list(element.attributes.values()):
            name = attribute.localName or attribute.name
            if name.lower().startswith("on"):
                removed.append(f"the event handler {name}")
            elif name in ("href", "src") and attribute.namespaceURI in (None, XLINK) \
                    and not _safe_link(element.localName, attribute.value):
                removed.append(f"the link {name}")
            elif name == "style" and FETCHING_CSS.search(attribute.value):
                removed.append("a style that fetches")
            else:
                continue
            element.removeAttributeNode(attribute)
    return removed


def _text(element) -> str:
    return "".join(node.data for node in element.childNodes if node.nodeType in (node.TEXT_NODE,
                                                                                  node.CDATA_SECTION_NODE))


def _safe_link(tag: str, value: str) -> bool:
    """A link to a part of the image itself; a link (``<a>``) may also lead to a web page, and
    an ``<image>`` be a picture written out in the file (as drawing programs embed them)."""
    target = re.sub(r"[\x00-\x20]+", "", value).lower()
    return target.startswith("#") or (tag == "a" and target.startswith(("https:", "http:", "mailto:"))) \
        or (tag == "image" and EMBEDDED_PICTURE.match(target) is not None)
