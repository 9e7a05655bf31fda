"""Turn parsed documents into typed records, enforcing every rule of the content format.

Each ``*_record`` function takes a document read by ``yamldoc`` and returns the record
plus the problems found; a problem always names the file, the line and what to do.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import replace
from difflib import get_close_matches

from .. import colour as colours
from .. import urls
from ..model import (STATUSES, Accessibility, AgendaItem, Answer, Baseline, Block, Brand, Cell, Committee,
                     Item, Meeting, Percentage, Profile, Proposal, Report, Reported, Risk, Section,
                     SiteConfig, Summary, Table, TotalColumn, TotalRow)
from ..money import UNITS, Amount, MoneyError, parse_amount, parse_percent, total_of
from ..problems import Problem
from . import controls
from .mdtables import markdown_tables
from .yamldoc import Map, Scalar, Seq

YEAR = re.compile(r"^(\d{4})/(\d{2})$")
SLUG = re.compile(r"^[a-z0-9-]+$")
#: Characters that show nothing (or turn the text around) where a ref is printed, so that
#: "SC002" with one of them is another ref that looks the same: controls, format characters
#: (zero-width, bidi), line and paragraph separators, private and unassigned code points ...
HIDDEN_CATEGORIES = ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")
#: ... and Unicode's other default-ignorable characters (variation selectors, fillers).
IGNORABLE = re.compile("[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f\uffa0"
                       "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]")
#: A ref is printed in headings, tables and file names: longer is a mistake.
MAX_REF = 100
#: A service's name becomes a folder of the site (services/<name>/): a file name has at most
#: 255 bytes, and no council names a service at such length.
MAX_NAME = 150
TIME = re.compile(r"(?:[01][0-9]|2[0-3]):[0-5][0-9]")

SITE_FIELDS = ("council", "title", "unit", "profile_basis", "years", "base_url", "licence", "contact",
               "description", "brand", "accessibility")
BRAND_FIELDS = ("colour", "logo", "logo_print", "logo_alt", "footer_links")
LOGO_TYPES = (".svg", ".png")
ACCESSIBILITY_FIELDS = ("contact", "phone", "prepared", "reviewed", "compliance", "known_issues",
                        "disproportionate_burden", "enforcement")
COMPLIANCE = ("fully", "partially", "not")
#: The most a text field (or one paragraph of a report) may hold: far more than anyone types
#: (the seed papers' longest is 6 KB), and Python-Markdown's time for one paragraph grows with
#: the square of its length, so the cap bounds the time the site's Markdown takes.
MAX_FIELD_CHARS = 100_000
# The domain's first dot after its first character is found by the one way to reach it (a run
# of no dots), so a long address that is not one fails in time linear in its length.
EMAIL = re.compile(r"(mailto:)?[^\s@:/]+@[^\s@][^\s@.]*\.[^\s@]+", re.IGNORECASE)
BASES = ("discrete", "cumulative")
PROFILE_FIELDS = ("budget_change", "savings")
PROPOSAL_FIELDS = (
    "ref", "title", "service", "directorate", "committees", "status", "start_year", "owner",
    "project_code", "unit", "baseline", "budget_change", "savings", "profile_basis", "profile_note", "total",
    "full_year", "fte",
    "fte_total", "fte_note", "investment", "investment_total", "investment_note", "description",
    "decisions", "impact", "actions", "consultation", "risks", "equality", "reported",
    "sections", "tables", "notes", "facts", "other_refs", "items", "percentages",
)
ITEM_FIELDS = ("number", "title", "description", "impact", "budget_change", "savings",
               "full_year", "fte")
BASELINE_FIELDS = ("year", "gross", "income", "net", "note")
BLOCK_FIELDS = ("label", "years", "total", "note")
TABLE_FIELDS = ("caption", "unit", "columns", "header_groups", "rows", "total", "totals", "row_totals",
                "note")
COMMITTEE_FIELDS = ("name", "description", "meetings")
MEETING_FIELDS = ("date", "title", "location", "time", "note", "agenda")
AGENDA_FIELDS = ("title", "number", "proposals", "summary", "report", "note")
SUMMARY_FIELDS = ("group_by", "columns", "unit", "total")
GROUPINGS = ("service", "directorate", "committee", "none")
REPORT_FIELDS = ("title", "committee", "date", "author", "unit", "reference", "tables", "row_totals")


class Reader:
    """Reads the fields of one document, collecting problems instead of raising."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def problem(self, line: int, code: str, message: str, severity: str = "error") -> None:
        self.problems.append(Problem(self.file, line, code, message, severity))

    # -- shape -------------------------------------------------------------------------
    def mapping(self, value, line: int, what: str, known: tuple | None,
                required: tuple = ()) -> Map | None:
        """A mapping whose keys are ``known`` (any keys when None) and include ``required``."""
        if not isinstance(value, Map):
            self.problem(line, "wrong-type", f"{what} must be a mapping of 'field: value' lines"
                         f"{', e.g. ' + known[0] + ': …' if known else ''}")
            return None
        for key in value if known is not None else ():
            if key not in known:
                close = get_close_matches(key, known, n=1, cutoff=0.6)
                hint = f"did you mean '{close[0]}'?" if close else \
                    f"the fields of {what} are: {', '.join(known)}"
                self.problem(value.line_of(key), "unknown-field",
                             f"unknown field '{key}' in {what}: {hint}")
        for key in required:
            if value.get(key) in (None, ""):
                self.problem(value.line_of(key) if key in value else value.line, "missing-field",
                             f"{what} needs '{key}'")
        return value

    def sequence(self, value, line: int, what: str) -> Seq:
        if value is None:
            return Seq()
        if not isinstance(value, Seq):
            self.problem(line, "wrong-type", f"{what} must be a list ('- ' items or [a, b])")
            return Seq()
        return value

    # -- scalars -----------------------------------------------------------------------
    def text(self, m: Map, key: str, what: str = "") -> str:
        """A text field, refused (and cleaned) when it holds what no output can carry."""
        return self.plain(self._scalar(m, key, what), m.line_of(key), key)

    def plain(self, text: str, line: int, key: str) -> str:
        """``text`` of the field ``key``, on one line if the field is; what no field may hold
        (see ``controls``) is a problem, and is taken out, so that no output is ever given it."""
        if key in controls.ONE_LINE:
            text = controls.one_line(text)
        if not (found := controls.unsafe(text)):
            return text
        self.problem(line, "control-character", controls.message(key, found))
        return controls.without(text)

    def _scalar(self, m: Map, key: str, what: str = "") -> str:
        value = m.get(key)
        if value is None:
            return ""
        if not isinstance(value, Scalar):
            self.problem(m.line_of(key), "wrong-type",
                         f"'{key}'{what} must be text, not a {'list' if isinstance(value, Seq) else 'mapping'}")
            return ""
        text = self.sized(str(value), m.line_of(key), f"'{key}'{what}")
        return text.strip("\n") if "\n" in text else text.strip()

    def sized(self, text: str, line: int, what: str) -> str:
        """The text, or nothing when it is longer than a field may be."""
        return "" if self.too_long(text, line, what) else text

    def too_long(self, text: str, line: int, what: str) -> bool:
        if len(text) <= MAX_FIELD_CHARS:
            return False
        self.problem(line, "too-long", f"{what} is {len(text):,} characters long, more than the "
                                       f"{MAX_FIELD_CHARS:,} a field may hold: shorten it, or "
                                       "put the document in assets/ and link to it")
        return True

    def choice(self, m: Map, key: str, options: tuple, default: str) -> str:
        value = self.text(m, key)
        if not value:
            return default
        if value not in options:
            close = get_close_matches(value, options, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"use one of: {', '.join(options)}"
            self.problem(m.line_of(key), "invalid-value", f"'{key}' cannot be '{value}': {hint}")
            return default
        return value

    def amount(self, value, line: int, unit: str, what: str) -> Amount | None:
        if isinstance(value, (Map, Seq)):
            self.problem(line, "wrong-type", f"{what} must be an amount, not a list or mapping")
            return None
        try:
            return parse_amount(value, unit)
        except MoneyError as exc:
            self.problem(line, "invalid-amount", f"{what}: {exc}")
            return None

    def field_amount(self, m: Map, key: str, unit: str, what: str = "") -> Amount | None:
        if key not in m:
            return None
        return self.amount(m[key], m.line_of(key), unit, what or f"'{key}'")

    def year(self, value, line: int, what: str) -> str | None:
        text = str(value).strip() if value is not None else ""
        match = YEAR.match(text)
        if match and (int(match[1]) + 1) % 100 == int(match[2]):
            return text
        if match:
            expected = f"{match[1]}/{(int(match[1]) + 1) % 100:02d}"
            hint = f"the second part must be the year after the first: {expected}"
        elif typo := re.fullmatch(r"(\d{4})\s*[-–_.\\]\s*(\d{2})", text):
            hint = f"write a financial year as YYYY/YY, with a slash: {typo[1]}/{typo[2]}"
        else:
            hint = "write a financial year as YYYY/YY, e.g. 2019/20"
        self.problem(line, "invalid-year", f"{what} '{text}' is not a financial year: {hint}")
        return None

    def date(self, m: Map, key: str, what: str, month_ok: bool = False) -> str | None:
        text = self.text(m, key)
        if not text:
            return None
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            day = None
            if month_ok and re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text):
                return text
        if day is not None and day.year < dt.date.max.year:   # its last year has no next day or year
            return day.isoformat()
        shape = "YYYY-MM-DD or YYYY-MM" if month_ok else "YYYY-MM-DD"
        if day is not None:
            shape += f", before the year {dt.date.max.year} (check the year)"
        self.problem(m.line_of(key), "invalid-date", f"{what} '{text}' is not a date: write {shape}")
        return None

    def flag(self, m: Map, key: str) -> bool | None:
        value = self.text(m, key).lower()
        if value in ("", "null"):
            return None
        if value in ("true", "yes", "y", "on"):
            return True
        if value in ("false", "no", "n", "off"):
            return False
        self.problem(m.line_of(key), "invalid-value", f"'{key}' must be true or false")
        return None

    def unit(self, m: Map, default: str) -> str:
        return self.choice(m, "unit", UNITS, default)

    def string_list(self, m: Map, key: str, refs: bool = False) -> list[str]:
        """A list of texts (or one text); ``refs``: each is a ref (see :meth:`ref`)."""
        value = m.get(key)
        if isinstance(value, Scalar):
            return [self._ref(str(value), m.line_of(key), key) if refs
                    else self.plain(str(value), m.line_of(key), key)]
        items = self.sequence(value, m.line_of(key), f"'{key}'")
        out = []
        for index, item in enumerate(items):
            if not isinstance(item, Scalar):
                self.problem(items.line_of(index), "wrong-type", f"each of '{key}' must be text")
            else:
                out.append(self._ref(str(item), items.line_of(index), key) if refs
                           else self.plain(str(item), items.line_of(index), key))
        return out

    def name(self, m: Map, key: str) -> str:
        """A name that groups records and becomes a web address (a service)."""
        text = self.text(m, key)
        if len(text) > MAX_NAME:
            self.problem(m.line_of(key), "invalid-value", f"'{key}' is {len(text):,} characters long: "
                         f"a name of a service or directorate is at most {MAX_NAME}; shorten it")
            return text[:MAX_NAME]
        return text

    def ref(self, m: Map, key: str) -> str:
        """A name a record is known by (a proposal's ref, a committee's or a report's file
        name), in its compatibility form (NFKC: a full-width "ＳＣ００２" is "SC002"); one
        with a character that shows nothing, or reverses the text, is refused."""
        return self._ref(self._scalar(m, key), m.line_of(key), key)

    def _ref(self, text: str, line: int, key: str) -> str:
        if len(text) > MAX_REF:
            self.problem(line, "invalid-value", f"'{key}' is {len(text):,} characters long: a ref or "
                         f"a name of a file is at most {MAX_REF}; shorten it")
            text = text[:MAX_REF]
        hidden = [char for char in text if unicodedata.category(char) in HIDDEN_CATEGORIES
                  or IGNORABLE.match(char)]
        if hidden:
            names = ", ".join(dict.fromkeys(f"U+{ord(c):04X} {unicodedata.name(c, 'unnamed')}"
                                            for c in hidden))
            self.problem(line, "invisible-character",
                         f"'{key}' holds a character that does not show ({names}): delete it, since "
                         f"'{''.join(c for c in text if c not in hidden)}' with it would be another "
                         "name that looks the same")
            text = "".join(char for char in text if char not in hidden)
        return unicodedata.normalize("NFKC", text).strip()

    # -- composite values --------------------------------------------------------------
    def profile(self, m: Map, key: str, unit: str, convention: str) -> Profile | None:
        value = m.get(key)
        if value is None:
            return None
        mapping = self.mapping(value, m.line_of(key), f"'{key}'", None)
        if mapping is None:
            return None
        profile = Profile(convention, {}, {})
        for year_text, raw in mapping.items():
            line = mapping.line_of(year_text)
            year = self.year(year_text, line, f"'{key}' year")
            figure = self.amount(raw, line, unit, f"'{key}' {year_text}")
            if year and figure:
                profile.years[year], profile.lines[year] = figure, line
            else:
                profile.unreadable = True
        return profile

    def answer(self, m: Map, key: str) -> Answer | None:
        value = m.get(key)
        if value is None:
            return None
        if isinstance(value, Scalar):
            text = self.plain(self.sized(str(value), m.line_of(key), f"'{key}'"), m.line_of(key), key)
            return Answer(_answered(text), text.strip())
        mapping = self.mapping(value, m.line_of(key), f"'{key}'", ("required", "note"))
        if mapping is None:
            return None
        return Answer(self.flag(mapping, "required"), self.text(mapping, "note"))

    def risks(self, m: Map) -> str | list[Risk]:
        value = m.get("risks")
        if value is None or isinstance(value, Scalar):
            return self.text(m, "risks")
        out = []
        for index, entry in enumerate(self.sequence(value, m.line_of("risks"), "'risks'")):
            pair = self.mapping(entry, value.line_of(index), "a risk", ("risk", "mitigation"))
            if pair is not None:
                out.append(Risk(self.text(pair, "risk"), self.text(pair, "mitigation")))
        return out

    def table(self, value, line: int, unit: str) -> Table | None:
        m = self.mapping(value, line, "a table", TABLE_FIELDS, ("columns",))
        if m is None:
            return None
        table = Table(self.file, m.line, dict(m.lines), caption=self.text(m, "caption"),
                      unit=self.unit(m, unit), columns=self.string_list(m, "columns"),
                      note=self.text(m, "note"))
        width = len(table.columns)
        for index, group in enumerate(self.sequence(m.get("header_groups"), m.line_of("header_groups"),
                                                    "'header_groups'")):
            g = self.mapping(group, m["header_groups"].line_of(index), "a header group",
                             ("label", "span"), ("span",))
            if g is not None and str(g.get("span", "")).isdigit():
                table.header_groups.append((self.text(g, "label"), int(g["span"])))
        if table.header_groups and sum(span for _, span in table.header_groups) != width:
            self.problem(m.line_of("header_groups"), "table-shape",
                         f"the header groups span {sum(s for _, s in table.header_groups)} "
                         f"columns but the table has {width}")
        rows = self.sequence(m.get("rows"), m.line_of("rows"), "'rows'")
        for index, row in enumerate(rows):
            cells = self.cells(row, rows.line_of(index), width, table.unit)
            if cells is not None:
                table.rows.append(cells)
                table.row_lines.append(rows.line_of(index))
        if "total" in m:
            cells = self.cells(m["total"], m.line_of("total"), width, table.unit)
            if cells is not None:
                table.totals.append(TotalRow(cells, "rows", m.line_of("total")))
        totals = self.sequence(m.get("totals"), m.line_of("totals"), "'totals'")
        for index, entry in enumerate(totals):
            t = self.mapping(entry, totals.line_of(index), "a total row", ("row", "sums"), ("row",))
            if t is None or t.get("row") is None:
                continue
            cells = self.cells(t["row"], t.line_of("row"), width, table.unit)
            sums = t.get("sums", "rows")
            if isinstance(sums, Seq):
                sums = [str(s) for s in sums]
                known = [row.label for row in table.totals]
                for label in sums:
                    if label not in known:
                        self.problem(t.line_of("sums"), "unknown-row",
                                     f"'sums' names '{label}', which is not an earlier total row "
                                     f"of this table (those are: {', '.join(known) or 'none'})")
            elif str(sums) not in ("rows", "nothing"):
                self.problem(t.line_of("sums"), "invalid-value",
                             "'sums' must be rows, nothing, or a list of earlier total rows' labels")
                sums = "rows"
            if cells is not None:
                table.totals.append(TotalRow(cells, sums if isinstance(sums, list) else str(sums),
                                             totals.line_of(index)))
        for declared in self.row_totals(m):
            table.total_columns += self.total_columns(declared, table.columns, required=True)
        return table

    def row_totals(self, m: Map) -> list[Map]:
        """The ``row_totals`` entries: ``{column: label, sums: [labels]}``."""
        entries = self.sequence(m.get("row_totals"), m.line_of("row_totals"), "'row_totals'")
        found = []
        for index, entry in enumerate(entries):
            t = self.mapping(entry, entries.line_of(index), "a row total", ("column", "sums"), ("column",))
            if t is not None and t.get("column") is not None:
                found.append(t)
        return found

    def total_columns(self, t: Map, columns: list[str], required: bool) -> list[TotalColumn]:
        """The column ``t`` names as a total of others in a table with these ``columns``;
        without ``sums``, the columns between it and the label column or the last total
        column before it. ``required``: a table without the column is a problem (a report's
        row_totals are looked for in each of its Markdown tables, and need only one)."""
        label, sums = str(t["column"]).strip(), t.get("sums")
        wanted = [label] + ([str(s).strip() for s in sums] if isinstance(sums, Seq) else [])
        missing = [name for name in wanted if name not in columns]
        if missing:
            if required:
                self.problem(t.line, "unknown-column",
                             f"row_totals names the column '{missing[0]}', which this table does not "
                             f"have (its columns are: {', '.join(columns)}); copy the heading exactly")
            return []
        column = columns.index(label)
        if sums is not None and not isinstance(sums, Seq):
            self.problem(t.line_of("sums"), "wrong-type", "'sums' must be a list of column headings")
            return []
        parts = [columns.index(name) for name in wanted[1:]] if sums is not None \
            else list(range(1, column))
        if not parts or column in parts:
            self.problem(t.line, "invalid-value",
                         f"row_totals: the column '{label}' must add up other columns; name them in 'sums'")
            return []
        return [TotalColumn(column, parts, t.line)]

    def cells(self, row, line: int, width: int, unit: str) -> list[Cell] | None:
        if not isinstance(row, Seq):
            self.problem(line, "wrong-type", "a table row must be a list: [Label, \"1,000\", …]")
            return None
        if len(row) != width:
            self.problem(line, "table-shape",
                         f"this row has {len(row)} cells but the table has {width} columns")
            return None
        cells = []
        for value in row:
            text = "" if value is None else self.plain(self.sized(str(value), line, "a table cell").strip(),
                                                       line, "a table cell")
            try:
                amount = parse_amount(text, unit)
            except MoneyError:
                amount = None
            cells.append(Cell(text, amount if amount is not None and amount.is_figure else None))
        return cells


# -- the records ---------------------------------------------------------------------------

def site_record(data, file: str, assets: set[str] | None = None) -> tuple[SiteConfig, list[Problem]]:
    """site.yaml's record. ``assets`` are the content's asset paths (assets/…), for the
    logo to be one of them; None where there is no content folder to look in (a publication)."""
    r = Reader(file)
    m = r.mapping(data, getattr(data, "line", 1), "site.yaml", SITE_FIELDS, ("title",))
    if m is None:
        return SiteConfig(file, 1), r.problems
    config = SiteConfig(file, m.line, dict(m.lines), council=r.text(m, "council"),
                        title=r.text(m, "title"), unit=r.unit(m, "pounds"),
                        base_url=r.text(m, "base_url"), licence=r.text(m, "licence"),
                        contact=r.text(m, "contact"), description=r.text(m, "description"),
                        profile_basis=r.choice(m, "profile_basis", BASES, "discrete"))
    if config.base_url:
        config.base_url = _base_url(r, m, config.base_url)
    years = r.sequence(m.get("years"), m.line_of("years"), "'years'")
    for index, value in enumerate(years):
        year = r.year(value, years.line_of(index), "years:")
        if year:
            config.years.append(year)
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
    r.problem(m.line_of("base_url"), "invalid-value",
              f"'base_url' must be the web address the site is published at, starting "
              f"https:// (or http://), e.g. https://example.org/scrutiny/; not '{base_url}'")
    return ""


def _logo(r: Reader, b: Map, name: str, assets: set[str] | None) -> str:
    """The picture at ``brand.<name>`` when it can be used, else "" (and the problem said)."""
    logo, line = r.text(b, name).replace("\\", "/"), b.line_of(name)   # assets\logo.png, as Windows writes it
    if not logo:
        return ""
    if not logo.lower().endswith(LOGO_TYPES):
        r.problem(line, "invalid-value", f"the logo must be an SVG or PNG image (a name ending .svg "
                  f"or .png), not '{logo}'")
    elif not logo.startswith("assets/") or _site_path(logo) != logo:
        r.problem(line, "invalid-value", f"the logo must be a file in the content folder's assets/, "
                  f"written as a path from the content folder, e.g. assets/logo.svg; not '{logo}'")
    elif assets is not None and logo not in assets:
        r.problem(line, "missing-file", f"the logo {logo} is not in the content folder: put the "
                  "image there, or correct the path (it is case-sensitive)")
    else:
        return logo
    return ""


def _brand(r: Reader, m: Map, assets: set[str] | None) -> Brand:
    b = r.mapping(m["brand"], m.line_of("brand"), "'brand'", BRAND_FIELDS)
    if b is None:
        return Brand()
    brand = Brand(logo_alt=r.text(b, "logo_alt"))
    if "colour" in b:
        colour, line = r.text(b, "colour"), b.line_of("colour")
        if not colours.HEX.match(colour):
            r.problem(line, "invalid-value", "'colour' must be written \"#rrggbb\", in quotes (a # "
                      "outside quotes starts a comment), e.g. colour: \"#1d70b8\""
                      + (f"; not '{colour}'" if colour else ""))
        elif short := colours.light_shortfall(colour.lower()):
            r.problem(line, "brand-contrast",
                      f"the brand colour {colour} has a contrast of {colours.ratio_text(short.ratio)} "
                      f"with {short.background} for {short.use}; WCAG 2.2 AA needs at least 4.5:1 "
                      f"for text. The nearest shade that passes is {short.nearest} "
                      f"({colours.ratio_text(short.nearest_ratio)}): use it, or a darker colour of your own")
        else:
            brand.colour = colour.lower()
            brand.dark_link = colours.dark_link(brand.colour)
    brand.logo_print = _logo(r, b, "logo_print", assets)   # for white paper: the PDFs
    logo, line = r.text(b, "logo"), b.line_of("logo")
    if logo:
        brand.logo = _logo(r, b, "logo", assets)
        if not brand.logo_alt:
            r.problem(line, "missing-field", "a logo needs 'logo_alt', the words a screen reader says in "
                      "its place (the council's name, e.g. logo_alt: Exampleshire County Council)")
    entries = r.sequence(b.get("footer_links"), b.line_of("footer_links"), "'footer_links'")
    for index, entry in enumerate(entries):
        e = r.mapping(entry, entries.line_of(index), "a footer link", ("label", "url"), ("label", "url"))
        label, url = (r.text(e, "label"), r.text(e, "url")) if e is not None else ("", "")
        if label and url:
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
    if kind == "web" or kind == "mailto" and EMAIL.fullmatch(address.text):
        brand.footer_links.append((label, address.text, line))
    elif kind == "site":
        brand.footer_links.append((label, address.path, line))
    else:
        r.problem(line, "invalid-value",
                  f"a footer link's 'url' must start https://, http:// or mailto:, or be a path in "
                  f"this site such as assets/privacy.pdf or /how-scrutiny-works/; not '{url}'")


def _accessibility(r: Reader, m: Map) -> Accessibility:
    a = r.mapping(m["accessibility"], m.line_of("accessibility"), "'accessibility'", ACCESSIBILITY_FIELDS)
    if a is None:
        return Accessibility(r.file, 0)
    statement = Accessibility(r.file, a.line, dict(a.lines), given=True, phone=r.text(a, "phone"),
                              prepared=r.date(a, "prepared", "'prepared'") or "",
                              reviewed=r.date(a, "reviewed", "'reviewed'") or "",
                              compliance=r.choice(a, "compliance", COMPLIANCE, ""),
                              enforcement=r.text(a, "enforcement"))
    contact = r.text(a, "contact")
    web = urls.read(contact)
    if web is not None and web.kind == "web":
        statement.contact = web.text
    elif contact and not EMAIL.fullmatch(contact):
        r.problem(a.line_of("contact"), "invalid-value",
                  f"'contact' must be an email address or a web address starting https://; not '{contact}'")
    else:
        statement.contact = contact.removeprefix("mailto:")
    if statement.reviewed and statement.prepared and statement.reviewed < statement.prepared:
        r.problem(a.line_of("reviewed"), "invalid-date",
                  f"'reviewed' ({statement.reviewed}) is before 'prepared' ({statement.prepared}): a "
                  "statement is reviewed after it is first prepared")
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
    missing = [name for name, value in (("contact", a.contact or config.contact), ("prepared", a.prepared),
                                        ("reviewed", a.reviewed), ("compliance", a.compliance)) if not value]
    if a.compliance in ("partially", "not") and not a.known_issues:
        missing.append("known_issues")
    if not missing:
        return []
    start = "site.yaml has no 'accessibility:' block" if not a.given else "'accessibility:' lacks " + \
        ", ".join(f"'{name}'" for name in missing)
    return [Problem(config.file, a.line, "accessibility-statement",
                    f"{start}, so the accessibility statement (site/accessibility/) cannot say all that "
                    f"the law asks of it: fill in accessibility: {', '.join(missing)} "
                    "(docs/content-format.md shows how)", "warning")]


def proposal_record(data, file: str, slug: str, site_unit: str) -> tuple[Proposal | None, list[Problem]]:
    r = Reader(file)
    m = r.mapping(data, getattr(data, "line", 1), "a proposal", PROPOSAL_FIELDS, ("ref", "title"))
    if m is None:
        return None, r.problems
    unit = r.unit(m, site_unit)
    p = Proposal(file, m.line, dict(m.lines), slug=slug, ref=r.ref(m, "ref"), title=r.text(m, "title"),
                 service=r.name(m, "service"), directorate=r.name(m, "directorate"),
                 committees=r.string_list(m, "committees", refs=True),
                 status=r.choice(m, "status", STATUSES, ""),
                 profile_basis=r.choice(m, "profile_basis", BASES, ""),
                 owner=r.text(m, "owner"), project_code=r.text(m, "project_code"), unit=unit,
                 profile_note=r.text(m, "profile_note"), fte_note=r.text(m, "fte_note"),
                 investment_note=r.text(m, "investment_note"),
                 description=r.text(m, "description"), decisions=r.text(m, "decisions"),
                 impact=r.text(m, "impact"), actions=r.text(m, "actions"),
                 consultation=r.answer(m, "consultation"), risks=r.risks(m),
                 equality=r.answer(m, "equality"), notes=r.text(m, "notes"))
    if "start_year" in m and m["start_year"] is not None:
        p.start_year = r.year(m["start_year"], m.line_of("start_year"), "'start_year'")
    if "baseline" in m:
        p.baseline = _baseline(r, m, unit)
    p.profile = _one_profile(r, m, unit)
    p.total = r.field_amount(m, "total", unit)
    p.full_year = r.field_amount(m, "full_year", unit)
    if isinstance(m.get("fte"), Scalar):
        p.fte_overall = r.field_amount(m, "fte", "pounds", "'fte'")
    else:
        p.fte = _blocks(r, m, "fte", "fte_total", "pounds")
    p.investment = _blocks(r, m, "investment", "investment_total", unit)
    p.reported = _reported(r, m)
    p.sections = _sections(r, m, unit)
    p.tables = [t for i, v in enumerate(r.sequence(m.get("tables"), m.line_of("tables"), "'tables'"))
                if (t := r.table(v, m["tables"].line_of(i), unit))]
    p.facts = _pairs(r, m, "facts", ("label", "value"))
    p.other_refs = _pairs(r, m, "other_refs", ("ref", "title"))
    p.items = _items(r, m, unit, p.profile.convention if p.profile else None)
    p.percentages = _percentages(r, m, unit)
    # The file states its ref: every problem in it carries it, those about the file too.
    problems = [replace(found, ref=found.ref or p.ref) for found in r.problems]
    return (p if p.ref and p.title else None), problems


def _answered(text: str) -> bool | None:
    """A printed answer's yes or no: "Yes - completed" is yes, "Not required" is no."""
    first = re.split(r"[\W_]+", text.strip().lower(), maxsplit=1)[0]
    return {"yes": True, "true": True, "no": False, "not": False, "false": False}.get(first)


def _baseline(r: Reader, m: Map, unit: str) -> Baseline | None:
    b = r.mapping(m["baseline"], m.line_of("baseline"), "'baseline'", BASELINE_FIELDS)
    if b is None:
        return None
    year = r.year(b["year"], b.line_of("year"), "baseline year") if b.get("year") is not None else None
    baseline = Baseline(year, None, None, None, r.text(b, "note"))
    for name in ("gross", "income", "net"):
        if isinstance(b.get(name), Seq):
            parts = _figure_parts(r, b[name], unit, f"baseline {name}")
            baseline.parts[name] = parts
            setattr(baseline, name, total_of([a for _, a in parts], unit) if parts else None)
        else:
            setattr(baseline, name, r.field_amount(b, name, unit, f"baseline {name}"))
    return baseline


def _figure_parts(r: Reader, entries: Seq, unit: str, what: str) -> list[tuple[str, Amount]]:
    """A figure printed as labelled parts: [{label: High Needs, amount: "£2.622m"}, …]."""
    out = []
    for index, entry in enumerate(entries):
        e = r.mapping(entry, entries.line_of(index), f"a part of the {what}", ("label", "amount"),
                      ("amount",))
        amount = r.field_amount(e, "amount", unit, f"{what} part") if e is not None else None
        if amount is not None:
            out.append((r.text(e, "label"), amount))
    return out


def _blocks(r: Reader, m: Map, key: str, total_key: str, unit: str) -> list[Block]:
    """FTE or investment: the contract's one profile (with ``total_key``), or a list of
    labelled blocks, each with its own years and total, as forms print "Recurrent:" and
    "Temporary:" rows."""
    value = m.get(key)
    if value is None:
        if m.get(total_key) is not None:
            r.problem(m.line_of(total_key), "missing-field",
                      f"'{total_key}' is given but '{key}' has no years to add up")
        return []
    if isinstance(value, Map):
        profile = r.profile(m, key, unit, "savings")
        total = r.field_amount(m, total_key, unit)
        return [Block("", profile, total, "", m.line_of(total_key if total_key in m else key))] \
            if profile else []
    if total_key in m:
        r.problem(m.line_of(total_key), "unknown-field",
                  f"'{total_key}' cannot go with a list of '{key}' blocks: give each block its own 'total'")
    blocks = []
    for index, entry in enumerate(r.sequence(value, m.line_of(key), f"'{key}'")):
        e = r.mapping(entry, value.line_of(index), f"a block of '{key}'", BLOCK_FIELDS, ("years",))
        if e is None:
            continue
        profile = r.profile(e, "years", unit, "savings")
        if profile is not None:
            blocks.append(Block(r.text(e, "label"), profile, r.field_amount(e, "total", unit),
                                r.text(e, "note"), e.line_of("total" if "total" in e else "years")))
    return blocks


def _one_profile(r: Reader, m: Map, unit: str) -> Profile | None:
    given = [key for key in PROFILE_FIELDS if key in m]
    if len(given) == 2:
        r.problem(m.line_of("savings"), "two-profiles",
                  "a record has budget_change or savings, never both: keep the one the paper printed")
    return r.profile(m, given[0], unit, given[0]) if given else None


def _fte(r: Reader, m: Map, key: str):
    value = m.get(key)
    if value is None:
        return None
    if isinstance(value, Map):
        return r.profile(m, key, "pounds", "savings")
    return r.amount(value, m.line_of(key), "pounds", f"'{key}'")


def _reported(r: Reader, m: Map) -> list[Reported]:
    out = []
    entries = r.sequence(m.get("reported"), m.line_of("reported"), "'reported'")
    for index, entry in enumerate(entries):
        e = r.mapping(entry, entries.line_of(index), "a 'reported' entry",
                      ("body", "date", "item", "appendix", "printed"), ("body",))
        if e is not None:
            out.append(Reported(r.text(e, "body"), r.date(e, "date", "reported date", True) or "",
                                r.text(e, "item"), r.text(e, "appendix"), r.text(e, "printed")))
    return out


def _sections(r: Reader, m: Map, unit: str) -> list[Section]:
    out = []
    entries = r.sequence(m.get("sections"), m.line_of("sections"), "'sections'")
    for index, entry in enumerate(entries):
        s = r.mapping(entry, entries.line_of(index), "a section", ("heading", "level", "body", "tables"))
        if s is None:
            continue
        level = r.text(s, "level") or "2"
        if level not in ("2", "3", "4"):
            r.problem(s.line_of("level"), "invalid-value", "a section's level must be 2, 3 or 4")
            level = "2"
        tables = r.sequence(s.get("tables"), s.line_of("tables"), "'tables'")
        out.append(Section(r.text(s, "heading"), int(level), r.text(s, "body"),
                           [t for i, v in enumerate(tables) if (t := r.table(v, tables.line_of(i), unit))]))
    return out


def _pairs(r: Reader, m: Map, key: str, names: tuple) -> list[tuple[str, str]]:
    out = []
    entries = r.sequence(m.get(key), m.line_of(key), f"'{key}'")
    for index, entry in enumerate(entries):
        e = r.mapping(entry, entries.line_of(index), f"an entry of '{key}'", names, names[:1])
        if e is not None:
            first = r.ref(e, "ref") if names[0] == "ref" else r.text(e, names[0])
            out.append((first, r.text(e, names[1])))
    return out


def _items(r: Reader, m: Map, unit: str, convention: str | None) -> list[Item]:
    out = []
    entries = r.sequence(m.get("items"), m.line_of("items"), "'items'")
    for index, entry in enumerate(entries):
        e = r.mapping(entry, entries.line_of(index), "an item", ITEM_FIELDS)
        if e is None:
            continue
        profile = _one_profile(r, e, unit)
        if profile and convention and profile.convention != convention:
            r.problem(e.line, "two-profiles", f"this item uses {profile.convention} but its proposal "
                      f"uses {convention}: use one convention throughout a record")
        out.append(Item(r.file, e.line, dict(e.lines), number=r.text(e, "number"),
                        title=r.text(e, "title"), description=r.text(e, "description"),
                        impact=r.text(e, "impact"), profile=profile,
                        full_year=r.field_amount(e, "full_year", unit), fte=_fte(r, e, "fte")))
    return out


def _percentages(r: Reader, m: Map, unit: str) -> list[Percentage]:
    out = []
    entries = r.sequence(m.get("percentages"), m.line_of("percentages"), "'percentages'")
    for index, entry in enumerate(entries):
        e = r.mapping(entry, entries.line_of(index), "a percentage",
                      ("label", "part", "whole", "stated"), ("part", "whole", "stated"))
        if e is None or not all(e.get(k) is not None for k in ("part", "whole", "stated")):
            continue
        part = r.field_amount(e, "part", unit)
        whole = r.field_amount(e, "whole", unit)
        try:
            stated = parse_percent(e["stated"])
        except MoneyError as exc:
            r.problem(e.line_of("stated"), "invalid-amount", f"'stated': {exc}")
            continue
        if part and whole:
            out.append(Percentage(r.text(e, "label"), part, whole, stated, e.line))
    return out


def committee_record(data, file: str, slug: str, site_unit: str) -> tuple[Committee | None, list[Problem]]:
    r = Reader(file)
    m = r.mapping(data, getattr(data, "line", 1), "a committee", COMMITTEE_FIELDS, ("name",))
    if m is None:
        return None, r.problems
    committee = Committee(file, m.line, dict(m.lines), slug=slug, name=r.text(m, "name"),
                          description=r.text(m, "description"))
    meetings = r.sequence(m.get("meetings"), m.line_of("meetings"), "'meetings'")
    seen: dict[str, int] = {}
    for index, entry in enumerate(meetings):
        e = r.mapping(entry, meetings.line_of(index), "a meeting", MEETING_FIELDS, ("date",))
        if e is None:
            continue
        date = r.date(e, "date", "meeting date")
        meeting = Meeting(file, e.line, dict(e.lines),
                          date=dt.date.fromisoformat(date) if date else None,
                          title=r.text(e, "title"), location=r.text(e, "location"),
                          time=_time(r, e), note=r.text(e, "note"))
        if date in seen:
            r.problem(e.line_of("date"), "duplicate-meeting",
                      f"two meetings on {date} (the other is on line {seen[date]}): a committee "
                      "meets once a day here; merge their agendas")
        elif date:
            seen[date] = e.line_of("date")
        agenda = r.sequence(e.get("agenda"), e.line_of("agenda"), "'agenda'")
        for item_index, item in enumerate(agenda):
            a = _agenda_item(r, item, agenda.line_of(item_index), site_unit)
            if a is not None:
                meeting.agenda.append(a)
        if date:
            committee.meetings.append(meeting)
    return committee, r.problems


def _time(r: Reader, meeting: Map) -> str:
    """A meeting's start, "HH:MM" on the 24-hour clock ("" when not given: all day)."""
    text = r.text(meeting, "time")
    if text and not TIME.fullmatch(text):
        r.problem(meeting.line_of("time"), "invalid-value",
                  f"meeting time '{text}' is not a time: write it as HH:MM on the 24-hour clock, "
                  "in quotes, e.g. \"10:00\" or \"14:30\"")
        return ""
    return text


def _agenda_item(r: Reader, value, line: int, site_unit: str) -> AgendaItem | None:
    a = r.mapping(value, line, "an agenda item", AGENDA_FIELDS, ("title",))
    if a is None:
        return None
    item = AgendaItem(r.file, a.line, dict(a.lines), title=r.text(a, "title"),
                      number=r.text(a, "number"), report=r.ref(a, "report"), note=r.text(a, "note"))
    selector = a.get("proposals")
    if isinstance(selector, Map):
        s = r.mapping(selector, a.line_of("proposals"), "'proposals'", ("service", "committee"))
        if s is not None and len(s) == 1:
            key = next(iter(s))
            item.selector = {key: r.ref(s, key) if key == "committee" else r.text(s, key)}
        elif s is not None:
            r.problem(a.line_of("proposals"), "invalid-value",
                      "'proposals' takes a list of refs, or one of {service: …} / {committee: this}")
    elif selector is not None:
        item.selector = r.string_list(a, "proposals", refs=True)
    if "summary" in a:
        item.summary = _summary(r, a, site_unit)
    return item


def _summary(r: Reader, a: Map, site_unit: str) -> Summary | None:
    value = a["summary"]
    if value is None or (isinstance(value, Scalar) and value.kind == "bool"):
        return Summary(line=a.line_of("summary")) if value is None or value.lower() in ("true", "yes") else None
    s = r.mapping(value, a.line_of("summary"), "'summary'", SUMMARY_FIELDS)
    if s is None:
        return None
    unit = r.choice(s, "unit", UNITS, "") or None
    summary = Summary(group_by=r.choice(s, "group_by", GROUPINGS, "service"),
                      unit=unit, line=s.line)
    columns = s.get("columns")
    for index, column in enumerate(r.string_list(s, "columns")):
        line = columns.line_of(index) if isinstance(columns, Seq) else s.line_of("columns")
        if column in ("full_year", "total") or r.year(column, line, "summary column"):
            summary.columns.append(column)
    if "total" in s:
        t = r.mapping(s["total"], s.line_of("total"), "the summary's printed total", None)
        for key in t or {}:
            if key not in ("full_year", "total") and not YEAR.match(key):
                r.problem(t.line_of(key), "invalid-value",
                          f"the printed total's '{key}' must be a summary column (a year, full_year or total)")
                continue
            amount = r.amount(t[key], t.line_of(key), unit or site_unit, f"printed total {key}")
            if amount:
                summary.printed_total[key] = amount
    return summary


def _sized_paragraphs(r: Reader, body: str, body_line: int) -> str:
    """The report's body without any paragraph (lines between blank lines) longer than a
    field may be: a long report is many paragraphs, each rendered alone."""
    pieces, line = re.split(r"(\n[ \t]*\n)", body), body_line
    for index, piece in enumerate(pieces):
        if index % 2 == 0:
            pieces[index] = r.sized(piece, line, "this paragraph")
        line += piece.count("\n")
    return "".join(pieces)


def report_record(front, file: str, slug: str, site_unit: str, body: str, body_line: int
                  ) -> tuple[Report | None, list[Problem]]:
    r = Reader(file)
    m = r.mapping(front if front is not None else Map.empty(), getattr(front, "line", 1),
                  "the report's front matter", REPORT_FIELDS, ("title",))
    if m is None:
        return None, r.problems
    unit = r.unit(m, site_unit)
    date = r.date(m, "date", "report date")
    body = _sized_paragraphs(r, body, body_line)
    if found := controls.UNSAFE.search(body):
        body = r.plain(body, body_line + body.count("\n", 0, found.start()), "the report's text")
    report = Report(file, m.line, dict(m.lines), slug=slug, title=r.text(m, "title"),
                    committee=r.ref(m, "committee"), date=dt.date.fromisoformat(date) if date else None,
                    author=r.text(m, "author"), unit=unit, reference=r.text(m, "reference"),
                    body=body, body_line=body_line)
    tables = r.sequence(m.get("tables"), m.line_of("tables"), "'tables'")
    report.tables = [t for i, v in enumerate(tables) if (t := r.table(v, tables.line_of(i), unit))]
    report.body_tables = markdown_tables(body, body_line, file, unit)
    for declared in r.row_totals(m):   # for each Markdown table that has the columns named
        found = False
        for table in report.body_tables:
            columns = r.total_columns(declared, table.columns, required=False)
            table.total_columns += columns
            found = found or bool(columns)
        if not found:
            r.problem(declared.line, "unknown-column",
                      f"row_totals names the column '{declared['column']}', which no Markdown table "
                      "of this report has (with the columns in 'sums'); copy the heading exactly")
    return report, r.problems
