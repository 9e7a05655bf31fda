"""Read the fields of one document, collecting problems instead of raising.

The :class:`Reader` reads each type of value the content format has (text, a choice, an
amount, a financial year, a date, a profile, a table ...) with the file and line of each
problem; a field of a simple declared type (``format``) is read from its type alone.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import fields
from difflib import get_close_matches
from typing import Any

from ..format.fields import AMOUNT as AMOUNT_TYPE
from ..format.fields import DATE as DATE_TYPE
from ..format.fields import YEAR as YEAR_TYPE
from ..format.fields import Choice, Field, Kind
from ..format.table import TABLE
from ..model import Answer, Cell, Located, Profile, Risk, Table, TotalColumn, TotalRow
from ..money import UNITS, Amount, MoneyError, parse_amount
from ..problems import Problem
from . import controls
from .yamldoc import Map, Node, Scalar, Seq

YEAR = re.compile(r"^(\d{4})/(\d{2})$")
SLUG = re.compile(r"^[a-z0-9-]+$")
#: Characters that show nothing (or turn the text around) where a ref is printed, so that
#: "SC002" with one of them is another ref that looks the same: controls, format characters
#: (zero-width, bidi), line and paragraph separators, private and unassigned code points ...
HIDDEN_CATEGORIES = ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")
#: ... and Unicode's other default-ignorable characters (variation selectors, fillers).
IGNORABLE = re.compile(
    "[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f\uffa0"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
#: A ref is printed in headings, tables and file names: longer is a mistake.
MAX_REF = 100
#: A service's name becomes a folder of the site (services/<name>/): a file name has at most
#: 255 bytes, and no council names a service at such length.
MAX_NAME = 150

#: The most a text field (or one paragraph of a report) may hold: far more than anyone types
#: (the seed papers' longest is 6 KB), and Python-Markdown's time for one paragraph grows with
#: the square of its length, so the cap bounds the time the site's Markdown takes.
MAX_FIELD_CHARS = 100_000


class Reader:
    """Reads the fields of one document, collecting problems instead of raising."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def problem(self, line: int, code: str, message: str, severity: str = "error") -> None:
        self.problems.append(Problem(self.file, line, code, message, severity))

    # -- shape -------------------------------------------------------------------------
    def mapping(
        self,
        value: Node,
        line: int,
        what: str,
        known: tuple[str, ...] | None,
        required: tuple[str, ...] = (),
    ) -> Map | None:
        """A mapping whose keys are ``known`` (any keys when None) and include ``required``."""
        if not isinstance(value, Map):
            self.problem(
                line,
                "wrong-type",
                f"{what} must be a mapping of 'field: value' lines"
                f"{', e.g. ' + known[0] + ': …' if known else ''}",
            )
            return None
        for key in value:
            if known is not None and key not in known:
                close = get_close_matches(key, known, n=1, cutoff=0.6)
                hint = (
                    f"did you mean '{close[0]}'?"
                    if close
                    else f"the fields of {what} are: {', '.join(known)}"
                )
                self.problem(value.line_of(key), "unknown-field", f"unknown field '{key}' in {what}: {hint}")
        for key in required:
            if value.get(key) in (None, ""):
                self.problem(
                    value.line_of(key) if key in value else value.line,
                    "missing-field",
                    f"{what} needs '{key}'",
                )
        return value

    def record(self, value: Node, line: int, what: str, kind: Kind) -> Map | None:
        """A mapping of the declared fields of ``kind``, its required ones given."""
        return self.mapping(value, line, what, kind.names(), kind.required())

    def sequence(self, value: Node, line: int, what: str) -> Seq:
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
            self.problem(
                m.line_of(key),
                "wrong-type",
                f"'{key}'{what} must be text, not a {'list' if isinstance(value, Seq) else 'mapping'}",
            )
            return ""
        text = self.sized(str(value), m.line_of(key), f"'{key}'{what}")
        return text.strip("\n") if "\n" in text else text.strip()

    def sized(self, text: str, line: int, what: str) -> str:
        """The text, or nothing when it is longer than a field may be."""
        return "" if self.too_long(text, line, what) else text

    def too_long(self, text: str, line: int, what: str) -> bool:
        if len(text) <= MAX_FIELD_CHARS:
            return False
        self.problem(
            line,
            "too-long",
            f"{what} is {len(text):,} characters long, more than the "
            f"{MAX_FIELD_CHARS:,} a field may hold: shorten it, or "
            "put the document in assets/ and link to it",
        )
        return True

    def choice(self, m: Map, key: str, options: tuple[str, ...], default: str) -> str:
        value = self.text(m, key)
        if not value:
            return default
        if value not in options:
            close = get_close_matches(value, options, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"use one of: {', '.join(options)}"
            self.problem(m.line_of(key), "invalid-value", f"'{key}' cannot be '{value}': {hint}")
            return default
        return value

    def amount(self, value: Node, line: int, unit: str, what: str) -> Amount | None:
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

    def year(self, value: Node, line: int, what: str) -> str | None:
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
        if day is not None and day.year < dt.date.max.year:  # its last year has no next day or year
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
            return [
                self.ref_text(str(value), m.line_of(key), key)
                if refs
                else self.plain(str(value), m.line_of(key), key)
            ]
        items = self.sequence(value, m.line_of(key), f"'{key}'")
        out = []
        for index, item in enumerate(items):
            if not isinstance(item, Scalar):
                self.problem(items.line_of(index), "wrong-type", f"each of '{key}' must be text")
            else:
                out.append(
                    self.ref_text(str(item), items.line_of(index), key)
                    if refs
                    else self.plain(str(item), items.line_of(index), key)
                )
        return out

    def name(self, m: Map, key: str) -> str:
        """A name that groups records and becomes a web address (a service)."""
        text = self.text(m, key)
        if len(text) > MAX_NAME:
            self.problem(
                m.line_of(key),
                "invalid-value",
                f"'{key}' is {len(text):,} characters long: "
                f"a name of a service or directorate is at most {MAX_NAME}; shorten it",
            )
            return text[:MAX_NAME]
        return text

    def ref(self, m: Map, key: str) -> str:
        """A name a record is known by (a proposal's ref, a committee's or a report's file
        name), in its compatibility form (NFKC: a full-width "ＳＣ００２" is "SC002"); one
        with a character that shows nothing, or reverses the text, is refused."""
        return self.ref_text(self._scalar(m, key), m.line_of(key), key)

    def ref_text(self, text: str, line: int, key: str) -> str:
        """``text`` read as a ref is (see :meth:`ref`), for one not written as a field's value:
        an entry of a list of refs, or a mapping's key (the savings of a delivery report)."""
        if len(text) > MAX_REF:
            self.problem(
                line,
                "invalid-value",
                f"'{key}' is {len(text):,} characters long: a ref or "
                f"a name of a file is at most {MAX_REF}; shorten it",
            )
            text = text[:MAX_REF]
        hidden = [
            char for char in text if unicodedata.category(char) in HIDDEN_CATEGORIES or IGNORABLE.match(char)
        ]
        if hidden:
            names = ", ".join(
                dict.fromkeys(f"U+{ord(c):04X} {unicodedata.name(c, 'unnamed')}" for c in hidden)
            )
            self.problem(
                line,
                "invisible-character",
                f"'{key}' holds a character that does not show ({names}): delete it, since "
                f"'{''.join(c for c in text if c not in hidden)}' with it would be another "
                "name that looks the same",
            )
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

    def table(self, value: Node, line: int, unit: str) -> Table | None:
        m = self.record(value, line, "a table", TABLE)
        if m is None:
            return None
        table = Table(
            self.file,
            m.line,
            dict(m.lines),
            caption=self.text(m, "caption"),
            unit=self.unit(m, unit),
            columns=self.string_list(m, "columns"),
            note=self.text(m, "note"),
        )
        width = len(table.columns)
        for index, group in enumerate(
            self.sequence(m.get("header_groups"), m.line_of("header_groups"), "'header_groups'")
        ):
            g = self.mapping(
                group, m["header_groups"].line_of(index), "a header group", ("label", "span"), ("span",)
            )
            if g is not None and str(g.get("span", "")).isdigit():
                table.header_groups.append((self.text(g, "label"), int(g["span"])))
        if table.header_groups and sum(span for _, span in table.header_groups) != width:
            self.problem(
                m.line_of("header_groups"),
                "table-shape",
                f"the header groups span {sum(s for _, s in table.header_groups)} "
                f"columns but the table has {width}",
            )
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
                        self.problem(
                            t.line_of("sums"),
                            "unknown-row",
                            f"'sums' names '{label}', which is not an earlier total row "
                            f"of this table (those are: {', '.join(known) or 'none'})",
                        )
            elif str(sums) not in ("rows", "nothing"):
                self.problem(
                    t.line_of("sums"),
                    "invalid-value",
                    "'sums' must be rows, nothing, or a list of earlier total rows' labels",
                )
                sums = "rows"
            if cells is not None:
                table.totals.append(
                    TotalRow(cells, sums if isinstance(sums, list) else str(sums), totals.line_of(index))
                )
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
                self.problem(
                    t.line,
                    "unknown-column",
                    f"row_totals names the column '{missing[0]}', which this table does not "
                    f"have (its columns are: {', '.join(columns)}); copy the heading exactly",
                )
            return []
        column = columns.index(label)
        if sums is not None and not isinstance(sums, Seq):
            self.problem(t.line_of("sums"), "wrong-type", "'sums' must be a list of column headings")
            return []
        parts = [columns.index(name) for name in wanted[1:]] if sums is not None else list(range(1, column))
        if not parts or column in parts:
            self.problem(
                t.line,
                "invalid-value",
                f"row_totals: the column '{label}' must add up other columns; name them in 'sums'",
            )
            return []
        return [TotalColumn(column, parts, t.line)]

    def cells(self, row: Node, line: int, width: int, unit: str) -> list[Cell] | None:
        if not isinstance(row, Seq):
            self.problem(line, "wrong-type", 'a table row must be a list: [Label, "1,000", …]')
            return None
        if len(row) != width:
            self.problem(
                line, "table-shape", f"this row has {len(row)} cells but the table has {width} columns"
            )
            return None
        cells = []
        for value in row:
            text = (
                ""
                if value is None
                else self.plain(self.sized(str(value), line, "a table cell").strip(), line, "a table cell")
            )
            try:
                amount = parse_amount(text, unit)
            except MoneyError:
                amount = None
            cells.append(Cell(text, amount if amount is not None and amount.is_figure else None))
        return cells

    # -- declared fields ---------------------------------------------------------------
    def declared(self, m: Map, f: Field, unit: str) -> str | dt.date | Amount | None:
        """The value of a field of a simple type, read and checked by its type alone."""
        if f.type is YEAR_TYPE:
            return (
                self.year(m[f.name], m.line_of(f.name), f"'{f.name}'") if m.get(f.name) is not None else None
            )
        if f.type is DATE_TYPE:
            return self.date(m, f.name, f"'{f.name}'")
        if f.type is AMOUNT_TYPE:
            return self.field_amount(m, f.name, unit)
        if isinstance(f.type, Choice):
            return self.choice(m, f.name, f.type.options, "")
        return self.text(m, f.name)

    def extra(self, m: Map, kind: Kind, record: Located, unit: str = "pounds") -> dict[str, Any]:
        """The simple fields of ``kind`` the record has no attribute of its own for, read by
        their type: a field added to the declaration is read, checked and kept."""
        own = {f.name for f in fields(record)}
        found = {}
        for f in kind.fields:
            if f.type.simple and f.name not in own and f.name in m:
                value = self.declared(m, f, unit)
                if value not in (None, ""):
                    found[f.name] = value
        return found


def _answered(text: str) -> bool | None:
    """A printed answer's yes or no: "Yes - completed" is yes, "Not required" is no."""
    first = re.split(r"[\W_]+", text.strip().lower(), maxsplit=1)[0]
    return {"yes": True, "true": True, "no": False, "not": False, "false": False}.get(first)
