"""The check of the site's links: each link of its Markdown, and each of site.yaml's footer
links, to a path in the site must lead to a page or file of it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from . import paths, urls
from .content.kept import conforms
from .content.stored import Stored, digest
from .markup import link_targets
from .model import Site
from .problems import Problem

# code: (severity, what it means), on the checks page with the others (checks.CODES).
CODES = {"broken-link": ("error", "a link in the text leads to no page or file of the site")}


def _find(file: str, line: int, message: str, ref: str = "") -> Problem:
    return Problem(file, line, "broken-link", message, CODES["broken-link"][0], ref)


def broken_links(site: Site, asset_paths: Iterable[str], stored: Stored | None = None) -> list[Problem]:
    """Links in Markdown, and site.yaml's footer links, to site paths (e.g. /proposals/sc002/)
    must lead somewhere."""
    known = paths.known_paths(site) | set(asset_paths)
    out = []
    for file, line, ref, text in paths.markdown_fields(site):
        if "](" in text or "]:" in text:
            out += [
                _find(file, line + _line_in(text, shown), message, ref)
                for shown, message in _link_problems(_targets(text, stored), known)
            ]
    for label, link, line in site.config.brand.footer_links:
        if not paths.is_external(link) and link not in known:
            out.append(
                _find(
                    site.config.file,
                    line,
                    f"the footer link '{label}' leads to '{link}', which is no page or file of "
                    "the site; link to a site path such as /how-scrutiny-works/ or assets/privacy.pdf",
                )
            )
    return out


def _line_in(text: str, target: str) -> int:
    """The line of ``text`` (from 0) a link to ``target`` is written on, as near as can be told."""
    for offset, text_line in enumerate(text.split("\n")):
        if target[:12] in text_line.replace("\t", ""):
            return offset
    return 0


def _targets(text: str, stored: Stored | None) -> list[tuple[str, str]]:
    """The link targets of a Markdown text (markup.link_targets): as a build in another
    process read them from the same text, when it kept them."""
    if stored is None:
        return link_targets(text)
    key = digest(text)
    kept = stored.get("links", key, "")
    if kept is not None and conforms(kept, list[tuple[str, str]]):
        return list(kept)
    targets = link_targets(text)
    stored.put("links", key, "", targets)
    return targets


def _link_problems(targets: list[tuple[str, str]], known: set[str]) -> Iterator[tuple[str, str]]:
    """(address as read, message) for each of a Markdown text's link ``targets`` that leads
    nowhere, and each the page leaves out: one a browser reads as anything but a web, mailto:
    or tel: address or a site path, and any image not in the site (urls.py)."""
    for attribute, target in targets:
        address, shown = urls.read(target), urls.as_read(target)
        if address is None or attribute == "src" and address.kind != "site":
            yield (
                shown,
                (
                    f"the link to '{shown}' is, as a browser reads it, neither a web address "
                    "(https://, http://, mailto:, tel:) nor a path in this site, and a picture "
                    "must be a file of this site, so the page leaves it out; link to a site path "
                    "such as /proposals/sc002/ or assets/plan.pdf"
                ),
            )
        elif address.kind == "site" and address.path not in known:
            yield (
                shown,
                (
                    f"the link to '{shown}' leads to no page or file of the site; link to a site "
                    "path such as /proposals/sc002/ or assets/plan.pdf"
                ),
            )
