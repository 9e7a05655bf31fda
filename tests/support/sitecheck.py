"""Helpers for tests that read a built site: its text as a reader sees it, and every internal
link and anchor, which must resolve."""

from __future__ import annotations

import hashlib
import html
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

_INLINE = re.compile(r"</?(?:a|abbr|b|em|i|span|strong|sup|sub)\b[^>]*>")


def text_of(page: str) -> str:
    """A page's words as a reader sees them: inline tags vanish, block tags break words apart."""
    page = re.sub(r"(?s)<script.*?</script>|<style.*?</style>", " ", page)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", _INLINE.sub("", page))).split())


def page_text(path: Path) -> str:
    return text_of(path.read_text(encoding="utf-8"))


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name) and tag in ("a", "link", "img", "script"):
                self.links.append(attrs[name])


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def broken_links(site: Path) -> list[str]:
    """Every relative link of every page, resolved as a file-share browser would."""
    pages = {p: parse(p) for p in site.rglob("*.html")}
    broken = []
    for path, page in pages.items():
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("//"):
                continue
            if link.startswith("/"):
                broken.append(f"{path.relative_to(site)}: root-absolute link {link}")
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if target.is_dir():
                target = target / "index.html"
            if not target.exists() or site.resolve() not in [target, *target.parents]:
                broken.append(f"{path.relative_to(site)}: {link}")
            elif parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse(target).ids
                if parts.fragment not in ids:
                    broken.append(f"{path.relative_to(site)}: {link} (no such anchor)")
    return broken


def broken_data_links(site: Path) -> list[str]:
    """The links of the Atom feeds (relative to each feed) and the page of each row of the
    open data (a site path): each must lead to a page of the site."""
    broken = []
    for feed in sorted(site.rglob("feed.xml")):
        for link in ET.parse(feed).getroot().iter("{http://www.w3.org/2005/Atom}link"):
            href = link.get("href", "")
            if not urlsplit(href).scheme and not _page_exists(
                feed.parent / unquote(urlsplit(href).path), site
            ):
                broken.append(f"{feed.relative_to(site)}: {href}")
    data = site / "data/proposals.json"
    if data.exists():
        for row in json.loads(data.read_text(encoding="utf-8"))["proposals"]:
            if not _page_exists(site / row["page"], site):
                broken.append(f"data/proposals.json: {row['ref']}: {row['page']}")
    return broken


def _page_exists(target: Path, site: Path) -> bool:
    target = target.resolve()
    if target.is_dir():
        target = target / "index.html"
    return target.is_file() and site.resolve() in target.parents


def digest(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }
