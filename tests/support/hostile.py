"""What an audit of built pages looks for: every address a page loads or links to, by scheme, and
whether it stays inside the site."""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

from .content import ROOT

# -- reading a page as a browser would --------------------------------------------------------
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "poster",
    "data",
    "srcset",
    "background",
    "cite",
    "longdesc",
    "ping",
    "manifest",
    "codebase",
    "icon",
}


SAFE_SCHEMES = {"http", "https", "mailto", "tel"}


CHART_TAGS = {"svg", "title", "desc", "text", "rect", "line"}  # all render/charts.py draws


TEMPLATE_SOURCE = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "templates").rglob("*.html"))


# Tags that can run, load or restyle something, and that the (trusted) templates never write.
NEVER = {
    "iframe",
    "object",
    "embed",
    "base",
    "frame",
    "frameset",
    "applet",
    "math",
    "style",
    "noscript",
    "template",
    "textarea",
    "xmp",
    "plaintext",
    "listing",
    "portal",
    "details",
    "video",
    "audio",
    "source",
    "track",
    "marquee",
} - set(re.findall(r"<([a-z]+)", TEMPLATE_SOURCE))


# Addresses the templates write as they are (e.g. an empty icon, "data:,"): trusted like the templates.
TEMPLATE_ADDRESSES = sorted(set(re.findall(r'(?:href|src)="([^"{]*:[^"{]*)"', TEMPLATE_SOURCE)))


def scheme(value: str) -> str | None:
    """The scheme a browser reads in an address (it ignores tabs, newlines, outer spaces)."""
    value = re.sub(r"[\t\n\r]", "", value).strip(
        "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c"
        "\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18"
        "\x19\x1a\x1b\x1c\x1d\x1e\x1f "
    )
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", value)
    return match[1].lower() if match else None


def inside_site(page: str, value: str) -> bool:
    """Whether a relative address, read from ``page`` as a browser reads it, stays in the site."""
    path = re.sub(r"[\t\n\r]", "", value).strip().replace("\\", "/")
    path = re.sub("%2e", ".", path.split("#")[0].split("?")[0], flags=re.IGNORECASE)
    if path.startswith("//"):
        return False
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), path) or ".")
    return not (joined == ".." or joined.startswith("../") or joined.startswith("/"))


class Audit(HTMLParser):
    """Everything on a page a script could hide in, as a list of what is wrong."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page, self.wrong, self.text = page, [], []
        self.stack: list[str] = []
        self.script: str | None = None

    def handle_starttag(self, tag, attrs):
        where = f"{self.page}: <{tag}>"
        in_svg = "svg" in self.stack
        if tag in NEVER:
            self.wrong.append(f"{where} is never written by the site")
        if (tag == "svg" or in_svg) and tag not in CHART_TAGS:
            self.wrong.append(f"{where} inside an SVG is not one a chart draws")
        if tag == "svg" and ("class", "chart") not in attrs:
            self.wrong.append(f"{where} is an SVG that is not a chart")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.wrong.append(f"{where} has an event handler {name}={value!r}")
            if name == "style":
                self.wrong.append(f"{where} has a style attribute {value!r}")
            if name == "http-equiv":
                self.wrong.append(f"{where} has http-equiv={value!r}")
            if name in URL_ATTRIBUTES and value:
                self._address(where, tag, name, value)
        if tag == "script":
            src = dict(attrs).get("src")
            if src and not re.fullmatch(r"(\.\./)*static/[a-z]+\.js", src):
                self.wrong.append(f"{where} loads a script that is not the site's own: {src}")
            self.script = None if src else ""
        if tag not in ("br", "img", "input", "link", "meta", "hr", "rect", "line", "circle"):
            self.stack.append(tag)

    def _address(self, where: str, tag: str, name: str, value: str) -> None:
        if value in TEMPLATE_ADDRESSES:
            return
        found = scheme(value)
        if found is not None and found not in SAFE_SCHEMES:
            self.wrong.append(f"{where} {name}={value!r} has the scheme {found}:")
        elif found is None and not inside_site(self.page, value):
            if not (tag == "a" and name == "href" and value.startswith("//")):
                self.wrong.append(f"{where} {name}={value!r} leads out of the site")
        if found is not None and tag != "a":
            self.wrong.append(f"{where} {name}={value!r} loads from another server")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag == "script" and self.script is not None:
            if self.script.strip() not in TEMPLATE_SOURCE:
                self.wrong.append(f"{self.page}: an inline script not in the templates: {self.script!r}")
            self.script = None
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        if self.script is not None:
            self.script += data
        else:
            self.text.append(data)

    def visible(self) -> str:
        return " ".join("".join(self.text).split())


def audit(site: Path) -> dict[str, Audit]:
    pages = {}
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        pages[rel] = Audit(rel)
        pages[rel].feed(path.read_text(encoding="utf-8"))
        pages[rel].close()
    return pages
