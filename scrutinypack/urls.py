"""Web addresses from content, read as a browser reads them, and judged only then.

A browser does not follow an address as written (the WHATWG URL standard): it drops control
characters and spaces at either end, removes every tab and newline, reads '\\' as '/' in a web
address and '%2e' as '.' in a dot segment. A check of the text as written therefore passes
'/ javascript:…' or '/⏎/⏎/host/x.png', which a browser reads as a script or another server.
Here an address is first read the browser's way, then allowed or refused, and what a page
prints is the address as read: what is printed is what was checked.

Allowed are web addresses (http, https) with a host, mailto: and tel:, a #fragment, and paths
in the site, written from its root (``/proposals/sc002/``, ``assets/plan.pdf``), that stay in
it. A site path is refused if it names another server ('//host', '/\\host'), if its '..' lead
above the site's root, or if any segment would read as a scheme, or lose a space or a control
at its ends, once the path is made relative to a page: that segment may come first there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import paths

# What a browser strips from either end of an address: the C0 controls and space.
_OUTER = "".join(map(chr, range(0x21)))
_TAB_OR_NEWLINE = re.compile("[\t\n\r]")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_SPECIAL_END = re.compile(r"[?#]")  # ends the part of a web address where '\' is read as '/'
_HOST_END = re.compile(r"[/?#]")
# A host with one of these is no host a browser goes to: controls, space and the WHATWG
# standard's forbidden domain code points.
_BAD_HOST = re.compile(r"[\x00-\x20\x7f<>^|%\[\]\"]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_SINGLE_DOT = {".", "%2e"}
_DOUBLE_DOT = {"..", ".%2e", "%2e.", "%2e%2e"}
SCHEMES = {"http": "web", "https": "web", "mailto": "mailto", "tel": "tel"}


@dataclass(frozen=True)
class Address:
    """An allowed address. ``kind`` is 'web', 'mailto', 'tel', 'fragment' or 'site'; ``text``
    is the address to print: absolute, '#…', or a site path (no leading '/') with any #fragment."""

    kind: str
    text: str

    @property
    def path(self) -> str:
        """A site address's path, without its fragment."""
        return self.text.partition("#")[0]


def as_read(value: str) -> str:
    """The address a browser reads in ``value``: ends stripped, tabs and newlines removed."""
    return _TAB_OR_NEWLINE.sub("", value.strip(_OUTER))


def read(value: str) -> Address | None:
    """``value`` as a browser reads it, if a page may print it; None if it must not."""
    text = as_read(value)
    if not text:
        return None
    scheme = _SCHEME.match(text)
    if scheme:
        return _absolute(scheme[0][:-1].lower(), text[scheme.end() :])
    if text.startswith("#"):
        return Address("fragment", text)
    return _site(text)


def _absolute(scheme: str, rest: str) -> Address | None:
    kind = SCHEMES.get(scheme)
    if kind in ("mailto", "tel"):
        return Address(kind, f"{scheme}:{rest}") if rest else None
    if kind != "web":
        return None
    start = _SPECIAL_END.split(rest, maxsplit=1)[0]
    rest = start.replace("\\", "/") + rest[len(start) :]
    if not rest.startswith("//"):
        return None  # 'https:x' is read against the page's own address, not as a server
    rest = rest.lstrip("/")
    host = _HOST_END.split(rest, maxsplit=1)[0].rpartition("@")[2]
    if not host or _BAD_HOST.search(host):
        return None
    return Address("web", f"{scheme}://{rest}")


def _site(text: str) -> Address | None:
    path, hash_, fragment = text.partition("#")
    path = path.partition("?")[0].replace("\\", "/")
    if path.startswith("//"):
        return None  # a network-path reference: another server
    kept: list[str] = []
    for segment in path.split("/"):
        lower = segment.lower()
        if lower in _DOUBLE_DOT:
            if not kept:
                return None  # above the site's root: on a server, another site's pages
            kept.pop()
        elif segment and lower not in _SINGLE_DOT:
            if _SCHEME.match(segment) or segment != segment.strip() or _CONTROL.search(segment):
                return None
            kept.append(segment)
    return Address("site", paths.normalise_site_path("/" + "/".join(kept)) + hash_ + fragment)
