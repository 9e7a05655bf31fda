"""Clerks' Markdown to safe HTML: rendered once per text, sanitised with an allow-list.

Links written as site paths (``/proposals/sc002/``, ``assets/plan.pdf``) are kept as
site-root paths here and made relative per page by :func:`relative_links`, so a text is
converted once however many pages show it.
"""

from __future__ import annotations

import html
import re
import threading
from functools import lru_cache
from html.parser import HTMLParser

import markdown
import nh3

from . import paths, urls

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "code",
    "del",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
    "dl",
    "dt",
    "dd",
    "span",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "abbr": {"title"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    """A link or image as the browser reads it (scrutinypack/urls.py), or none; images only
    from the site (others would track readers and break offline), as a site-root path."""
    if attribute not in ("href", "src"):
        return value
    address = urls.read(value)
    if address is None or (attribute == "src" and address.kind != "site"):
        return None
    if address.kind == "site":
        return "/" + (address.path if attribute == "src" else address.text)
    return address.text


# One line with nothing Markdown or HTML would read (no emphasis, link, code, entity, list
# or heading mark): a paragraph as it stands. Four texts in ten are like that ("No", "Not
# required", a sentence), and Python-Markdown is a third of a proposal page's time.
_PLAIN = re.compile(r"[^\n*_`\[\]<>\\|&#!~]+")
_BLOCK_START = re.compile(r"(\d+[.)]|[-+>=]|#)")


@lru_cache(maxsize=8192)
def render_markdown(text: str) -> str:
    """Markdown → sanitised HTML with site-root links. Raw HTML in the text is escaped."""
    if not text:
        return ""
    plain = text.strip()
    if _PLAIN.fullmatch(plain) and not _BLOCK_START.match(plain) and "  " not in plain:
        return f"<p>{html.escape(plain, quote=False)}</p>"
    return _markdown(text)


def _markdown(text: str) -> str:
    """Markdown → sanitised HTML, the whole way."""
    made = re.sub(
        r' style="text-align: (right|center|left);"', lambda m: f' class="align-{m[1]}"', _converted(text)
    )
    made = re.sub(r"<h1>", "<h2>", made).replace("</h1>", "</h2>")
    clean = nh3.clean(
        made,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_keep_attribute,
        allowed_classes={
            "td": {"align-right", "align-center", "align-left"},
            "th": {"align-right", "align-center", "align-left"},
        },
        link_rel="noopener noreferrer",
    )
    # A table wider than the screen scrolls in its own box, as the site's own tables do.
    return clean.replace("<table>", '<div class="table-wrap"><table>').replace("</table>", "</table></div>")


@lru_cache(maxsize=8192)
def _converted(text: str) -> str:
    """Python-Markdown's HTML of a text, its raw HTML escaped, not yet sanitised. The checks
    read the links of a text with links in it, and its pages show it: converted once, and
    the build's forked render processes inherit what the checks converted."""
    return _converter().reset().convert(_escape_raw_html(text))


def link_targets(text: str) -> list[tuple[str, str]]:
    """Every link and image address of a Markdown text as Python-Markdown reads it, character
    references decoded, before any is judged: ('href' or 'src', address)."""
    reader = _Targets()
    reader.feed(_converted(text))
    reader.close()
    return reader.targets


class _Targets(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.targets: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.targets += [
            (name, value) for name, value in attrs if name in ("href", "src") and value is not None
        ]


_local = threading.local()


def _converter() -> markdown.Markdown:
    """One converter per thread, reset before each text: setting one up costs more than most
    conversions, and a converter holds state while it works, so threads do not share one."""
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = _local.converter = markdown.Markdown(
            extensions=["tables", "sane_lists"], output_format="html"
        )
    return converter


def _escape_raw_html(text: str) -> str:
    """Clerks write Markdown, not HTML: angle brackets are shown, never interpreted.

    The exceptions are the bold/sup/sub markup and line breaks that come out of pasted Word
    text (a line break is the only way to break a line inside a Markdown table cell).
    """
    text = re.sub(r"<(/?)(b|strong|sup|sub|i|em)>|<(br) ?/?>", _unescaped, text)
    text = re.sub(r"<((?:https?://|mailto:)[^<>\s]+)>", "\x00\\1\x01", text)
    return text.replace("<", "&lt;").replace("\x00", "<").replace("\x01", ">")


def _unescaped(match: re.Match[str]) -> str:
    if match[3]:
        return "\x00br\x01"
    return f"\x00{match[1]}{match[2]}\x01"


#: A link or image of rendered Markdown to a site path ("/proposals/sc002/"): relative_links
#: makes it relative to the page, render.pdf a link inside the PDF or to the web page.
SITE_LINK = re.compile(r'(href|src)="/([^"]*)"')


def relative_links(html: str, page: str) -> str:
    """Rewrite the site-root links of rendered Markdown to links relative to ``page``."""
    return SITE_LINK.sub(lambda m: f'{m[1]}="{_relative(page, m[2])}"', html)


def _relative(page: str, target: str) -> str:
    path, _, fragment = target.partition("#")
    return paths.relative(page, path) + ("#" + fragment if fragment else "")
