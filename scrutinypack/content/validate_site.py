"""site.yaml's record: the publication, its look (brand) and its accessibility statement."""

from __future__ import annotations

import datetime as dt
import re

from .. import colour as colours
from .. import urls
from ..format.fields import BASIS
from ..format.site import ACCESSIBILITY, BRAND, COMPLIANCE, FOOTER_LINK, SITE
from ..model import Accessibility, Brand, SiteConfig
from ..problems import Problem
from .reader import Reader
from .yamldoc import Map, Node, Scalar

LOGO_TYPES = (".svg", ".png")
# The domain's first dot after its first character is found by the one way to reach it (a run
# of no dots), so a long address that is not one fails in time linear in its length.
EMAIL = re.compile(r"(mailto:)?[^\s@:/]+@[^\s@][^\s@.]*\.[^\s@]+", re.IGNORECASE)


def site_record(data: Node, file: str, assets: set[str] | None = None) -> tuple[SiteConfig, list[Problem]]:
    """site.yaml's record. ``assets`` are the content's asset paths (assets/…), for the
    logo to be one of them; None where there is no content folder to look in (a publication)."""
    r = Reader(file)
    m = r.record(data, getattr(data, "line", 1), "site.yaml", SITE)
    if m is None:
        return SiteConfig(file, 1), r.problems
    config = SiteConfig(
        file,
        m.line,
        dict(m.lines),
        council=r.text(m, "council"),
        title=r.text(m, "title"),
        unit=r.unit(m, "pounds"),
        base_url=r.text(m, "base_url"),
        licence=r.text(m, "licence"),
        contact=r.text(m, "contact"),
        description=r.text(m, "description"),
        profile_basis=r.choice(m, "profile_basis", BASIS.options, "discrete"),
    )
    if as_of := r.date(m, "as_of", "'as_of'"):
        config.as_of = dt.date.fromisoformat(as_of)
    if config.base_url:
        config.base_url = _base_url(r, m, config.base_url)
    years = r.sequence(m.get("years"), m.line_of("years"), "'years'")
    for index, value in enumerate(years):
        year = r.year(value, years.line_of(index), "years:")
        if year:
            config.years.append(year)
    config.extra = r.extra(m, SITE, config, config.unit)
    if m.get("brand") is not None:
        config.brand = _brand(r, m, assets)
    if m.get("accessibility") is not None:
        config.accessibility = _accessibility(r, m)
    return config, r.problems


def _base_url(r: Reader, m: Map, base_url: str) -> str:
    """The web address as a browser reads it (urls.py), or '' with an error."""
    address = urls.read(base_url)
    if address is not None and address.kind == "web":
        return address.text
    r.problem(
        m.line_of("base_url"),
        "invalid-value",
        f"'base_url' must be the web address the site is published at, starting "
        f"https:// (or http://), e.g. https://example.org/scrutiny/; not '{base_url}'",
    )
    return ""


def _logo(r: Reader, b: Map, name: str, assets: set[str] | None) -> str:
    """The picture at ``brand.<name>`` when it can be used, else "" (and the problem said)."""
    logo, line = r.text(b, name), b.line_of(name)
    if not logo:
        return ""
    if not logo.lower().endswith(LOGO_TYPES):
        r.problem(
            line,
            "invalid-value",
            f"the logo must be an SVG or PNG image (a name ending .svg or .png), not '{logo}'",
        )
    elif not logo.startswith("assets/") or _site_path(logo) != logo:
        r.problem(
            line,
            "invalid-value",
            f"the logo must be a file in the content folder's assets/, "
            f"written as a path from the content folder, e.g. assets/logo.svg; not '{logo}'",
        )
    elif assets is not None and logo not in assets:
        r.problem(
            line,
            "missing-file",
            f"the logo {logo} is not in the content folder: put the "
            "image there, or correct the path (it is case-sensitive)",
        )
    else:
        return logo
    return ""


def _brand(r: Reader, m: Map, assets: set[str] | None) -> Brand:
    b = r.record(m["brand"], m.line_of("brand"), "'brand'", BRAND)
    if b is None:
        return Brand()
    brand = Brand(logo_alt=r.text(b, "logo_alt"))
    if "colour" in b:
        colour, line = r.text(b, "colour"), b.line_of("colour")
        if not colours.HEX.match(colour):
            r.problem(
                line,
                "invalid-value",
                "'colour' must be written \"#rrggbb\", in quotes (a # "
                'outside quotes starts a comment), e.g. colour: "#1d70b8"'
                + (f"; not '{colour}'" if colour else ""),
            )
        elif short := colours.light_shortfall(colour.lower()):
            r.problem(
                line,
                "brand-contrast",
                f"the brand colour {colour} has a contrast of {colours.ratio_text(short.ratio)} "
                f"with {short.background} for {short.use}; WCAG 2.2 AA needs at least 4.5:1 "
                f"for text. The nearest shade that passes is {short.nearest} "
                f"({colours.ratio_text(short.nearest_ratio)}): use it, or a darker colour of your own",
            )
        else:
            brand.colour = colour.lower()
            brand.dark_link = colours.dark_link(brand.colour)
    brand.logo_print = _logo(r, b, "logo_print", assets)  # for white paper: the PDFs
    logo, line = r.text(b, "logo"), b.line_of("logo")
    if logo:
        brand.logo = _logo(r, b, "logo", assets)
        if not brand.logo_alt:
            r.problem(
                line,
                "missing-field",
                "a logo needs 'logo_alt', the words a screen reader says in "
                "its place (the council's name, e.g. logo_alt: Exampleshire County Council)",
            )
    entries = r.sequence(b.get("footer_links"), b.line_of("footer_links"), "'footer_links'")
    for index, entry in enumerate(entries):
        e = r.record(entry, entries.line_of(index), "a footer link", FOOTER_LINK)
        label, url = (r.text(e, "label"), r.text(e, "url")) if e is not None else ("", "")
        if e is not None and label and url:
            _footer_link(r, brand, label, url, e.line_of("url"))
    return brand


def _site_path(value: str) -> str | None:
    """The site path a browser reads in ``value``; None if it reads another address."""
    address = urls.read(value)
    return address.path if address is not None and address.kind == "site" else None


def _footer_link(r: Reader, brand: Brand, label: str, url: str, line: int) -> None:
    """A web or mailto: address, or a path in the site, as the browser reads it (urls.py)."""
    address = urls.read(url)
    kind = address.kind if address is not None else None
    if address is not None and (kind == "web" or kind == "mailto" and EMAIL.fullmatch(address.text)):
        brand.footer_links.append((label, address.text, line))
    elif address is not None and kind == "site":
        brand.footer_links.append((label, address.path, line))
    else:
        r.problem(
            line,
            "invalid-value",
            f"a footer link's 'url' must start https://, http:// or mailto:, or be a path in "
            f"this site such as assets/privacy.pdf or /how-scrutiny-works/; not '{url}'",
        )


def _accessibility(r: Reader, m: Map) -> Accessibility:
    a = r.record(m["accessibility"], m.line_of("accessibility"), "'accessibility'", ACCESSIBILITY)
    if a is None:
        return Accessibility(r.file, 0)
    statement = Accessibility(
        r.file,
        a.line,
        dict(a.lines),
        given=True,
        phone=r.text(a, "phone"),
        prepared=r.date(a, "prepared", "'prepared'") or "",
        reviewed=r.date(a, "reviewed", "'reviewed'") or "",
        compliance=r.choice(a, "compliance", COMPLIANCE.options, ""),
        enforcement=r.text(a, "enforcement"),
    )
    contact = r.text(a, "contact")
    web = urls.read(contact)
    if web is not None and web.kind == "web":
        statement.contact = web.text
    elif contact and not EMAIL.fullmatch(contact):
        r.problem(
            a.line_of("contact"),
            "invalid-value",
            f"'contact' must be an email address or a web address starting https://; not '{contact}'",
        )
    else:
        statement.contact = contact.removeprefix("mailto:")
    if statement.reviewed and statement.prepared and statement.reviewed < statement.prepared:
        r.problem(
            a.line_of("reviewed"),
            "invalid-date",
            f"'reviewed' ({statement.reviewed}) is before 'prepared' ({statement.prepared}): a "
            "statement is reviewed after it is first prepared",
        )
    for name in ("known_issues", "disproportionate_burden"):
        entries = r.sequence(a.get(name), a.line_of(name), f"'{name}'")
        for index, entry in enumerate(entries):
            if isinstance(entry, Scalar) and entry.strip():
                getattr(statement, name).append(entry.strip())
                statement.lines[(name, len(getattr(statement, name)) - 1)] = entries.line_of(index)
            elif entry is not None:
                r.problem(entries.line_of(index), "wrong-type", f"each of '{name}' must be text (Markdown)")
    return statement


def statement_problems(config: SiteConfig) -> list[Problem]:
    """A warning naming what the accessibility statement still lacks. The page is made all the
    same (from site.yaml's contact where the block gives none), but the law asks a council's
    statement for each of these."""
    a = config.accessibility
    missing = [
        name
        for name, value in (
            ("contact", a.contact or config.contact),
            ("prepared", a.prepared),
            ("reviewed", a.reviewed),
            ("compliance", a.compliance),
        )
        if not value
    ]
    if a.compliance in ("partially", "not") and not a.known_issues:
        missing.append("known_issues")
    if not missing:
        return []
    start = (
        "site.yaml has no 'accessibility:' block"
        if not a.given
        else "'accessibility:' lacks " + ", ".join(f"'{name}'" for name in missing)
    )
    return [
        Problem(
            config.file,
            a.line,
            "accessibility-statement",
            f"{start}, so the accessibility statement (site/accessibility/) cannot say all that "
            f"the law asks of it: fill in accessibility: {', '.join(missing)} "
            "(docs/content-format.md shows how)",
            "warning",
        )
    ]
