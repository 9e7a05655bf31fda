"""A web page's HTML made fit for paper: its <main> alone, ids scoped to the record, links
named so that assembly can point them inside the PDF or to the web (:data:`LINK`,
:data:`WEB`), amounts kept whole on a line, and charts with their styles inside."""

from __future__ import annotations

import re

LINK = "scrutinypack-link:"  # a record or an id: inside the PDF when it is there, else the web
WEB = "scrutinypack-web:"  # always the web page


def main_of(page: str) -> str:
    """The inside of a rendered page's <main>: the record, without the site's header and footer."""
    start = page.index(">", page.index("<main")) + 1
    return page[start : page.rindex("</main>")]


_H1 = re.compile(r"(<h1[^>]*>)(.*?)(</h1>)", re.S)


def linked_heading(html: str, page: str) -> str:
    """A record's heading links to its web page: the way back to the web, without a line of
    text that means nothing on paper."""

    def link(m: re.Match) -> str:
        return m[0] if "<a " in m[2] else f'{m[1]}<a class="web-heading" href="{WEB}{page}">{m[2]}</a>{m[3]}'

    return _H1.sub(link, html, count=1)


# Inside tags only (text may hold anything): attributes are always double-quoted here.
_TAG = re.compile(r'(<[a-zA-Z][^\s/>]*)((?:\s+[^\s"\'>/=]+(?:="[^"]*")?)*)(\s*/?>)')
_ATTRIBUTE = re.compile(r'(\s+)([^\s"\'>/=]+)(?:="([^"]*)")?')
_ID_LISTS = ("id", "for", "headers", "aria-labelledby", "aria-describedby")


def scoped_ids(html: str, prefix: str, keep: set[str]) -> str:
    """Prefix a page's ids and its links to them, so that many pages can share one PDF
    (two proposals each have a "history"); links to the ids in ``keep`` are kept."""

    def attribute(match: re.Match) -> str:
        space, name, value = match[1], match[2], match[3]
        if value is None:
            return match[0]
        if name in _ID_LISTS:
            value = " ".join(prefix + ident for ident in value.split())
        elif name == "href" and value.startswith("#") and value[1:] not in keep:
            value = "#" + prefix + value[1:]
        return f'{space}{name}="{value}"'

    return _TAG.sub(lambda tag: tag[1] + _ATTRIBUTE.sub(attribute, tag[2]) + tag[3], html)


_ID = re.compile(r'<[^>]*\sid="([^"]+)"')
_FRAGMENT_LINK = re.compile(r'(<a\s[^>]*href=")#([^"]+)"')


def outward_links(html: str) -> str:
    """A link to an id that is not in this paper names it for assembly to find (another
    paper of the same PDF has it); WeasyPrint would drop it."""
    ids = set(_ID.findall(html))
    return _FRAGMENT_LINK.sub(lambda m: m[0] if m[2] in ids else f'{m[1]}{LINK}#{m[2]}"', html)


_AMOUNT = re.compile(r"[−-]£\d[\d,]*(?:\.\d+)?[km]?")
_NOT_TEXT = re.compile(r"<(svg|style)\b.*?</\1>|" + _TAG.pattern, re.S)


def unbroken_amounts(html: str) -> str:
    """Keep '−£0.010m' in one piece: a line may otherwise break after its minus sign."""
    pieces, last = [], 0
    for match in _NOT_TEXT.finditer(html):
        pieces += [_AMOUNT.sub(r'<span class="amount">\g<0></span>', html[last : match.start()]), match[0]]
        last = match.end()
    return "".join(pieces) + _AMOUNT.sub(r'<span class="amount">\g<0></span>', html[last:])


_CHART = re.compile(r'<svg class="chart"[^>]*>')


def styled_charts(html: str, css: str) -> str:
    """WeasyPrint styles inline SVG only from a stylesheet inside the SVG itself."""
    return _CHART.sub(lambda m: m[0] + "<style>" + css + "</style>", html)
