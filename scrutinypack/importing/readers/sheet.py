"""Read a finance spreadsheet (.csv or .xlsx) as rows of text, each cell as the sheet shows it.

Money must never pass through a binary float. A CSV cell is text already. An .xlsx keeps a
number as decimal text in its XML (``<v>0.04</v>``), so the workbook is read with the
standard library's zipfile and defusedxml (no spreadsheet library) and that text becomes a
Decimal, written with the decimal places its number format shows (``0.000`` → ``0.040``,
``#,##0`` → ``2,700``), as the printed paper would show it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
from pathlib import Path

from ...program import command
from ..document import Block, Document, Source, clean
from ..document import Cell as DocumentCell
from .limits import ReadError, check_file, open_zip, parse_xml, read_part

#: What a cell shows when its formula failed.
ERRORS = {
    "#NULL!",
    "#DIV/0!",
    "#VALUE!",
    "#REF!",
    "#NAME?",
    "#NUM!",
    "#N/A",
    "#GETTING_DATA",
    "#SPILL!",
    "#CALC!",
}
#: Excel keeps 15 significant digits; longer stored numbers are binary noise (0.30000000000000004).
EXCEL_DIGITS = Context(prec=15)
#: Excel's largest and smallest figures (beyond them it stores no number) and its longest
#: number format: a longer one was not made by Excel, and would cost time to read.
LARGEST, SMALLEST, LONGEST_FORMAT = Decimal("1e308"), Decimal("1e-308"), 255
#: Room for every digit a figure within Excel's range can show in a format of that length.
WIDE = Context(prec=2000, rounding=ROUND_HALF_UP)


#: Excel's largest sheet: columns A to XFD, rows 1 to 1,048,576.
MAX_COLUMNS, MAX_ROWS = 16384, 1048576
#: Cells a sheet may spread its rows over (gaps included), as a multiple of the cells present:
#: a sheet of ten cells placed a million columns apart is not a table, it is an attack.
SPREAD = 50
FIX = "open it in Excel and 'Save as' 'Excel Workbook (.xlsx)' or 'CSV UTF-8'"


class BadCell(ValueError):
    """A cell holds what no spreadsheet shows; the message says what it holds."""


@dataclass(frozen=True)
class Cell:
    text: str  # as the sheet shows it, trimmed
    error: str = ""  # why the cell has no usable value: "shows the error #REF!: …"
    stored: str = ""  # the full figure, when the number format hides some of its digits


@dataclass
class Sheet:
    name: str  # the file's name (and sheet's, for .xlsx)
    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)  # (row number, cells from A)
    note: str = ""  # how the file was read, when it matters


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_sheet(path: Path, sheet: str | None = None) -> Sheet:
    path = Path(path)
    check_file(path, command("import savings.xlsx --map savings.map.yaml"))
    suffix = path.suffix.lower()
    if suffix in (".csv", ".tsv"):
        return _read_csv(path)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, sheet)
    raise ReadError(
        f"{path.name} is not a .csv or .xlsx file: in Excel, use 'Save as' and "
        "choose 'Excel Workbook (.xlsx)' or 'CSV UTF-8 (comma delimited)'"
    )


def as_document(sheet: Sheet) -> Document:
    """The sheet as one table, for a document map (a summary table kept in a spreadsheet)."""
    rows = [
        [
            DocumentCell(clean(cell.text), Source(sheet.name, row=number, cell=index + 1))
            for index, cell in enumerate(cells)
        ]
        for number, cells in sheet.rows
    ]
    return Document(sheet.name, [Block("table", Source(sheet.name, table=1), rows=rows)])


def _cell(text: str) -> Cell:
    text = clean(text)
    return Cell(
        text, f"shows the error {text}: correct the formula in the spreadsheet" if text in ERRORS else ""
    )


# -- CSV -----------------------------------------------------------------------------------


def _read_csv(path: Path) -> Sheet:
    data = path.read_bytes()
    sheet = Sheet(path.name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel's plain "CSV" on Windows is Windows-1252 (where £ is byte 0xA3).
        text = data.decode("cp1252", errors="replace")
        sheet.note = (
            f"{path.name} is not UTF-8, so it was read as Windows-1252 (Excel's plain "
            "'CSV'); if any letters look wrong, save it as 'CSV UTF-8' and import again"
        )
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)  # Excel writes ';' in some countries
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=delimiter if delimiter in first_line else ","
    )
    try:
        for number, record in enumerate(reader, start=1):
            sheet.rows.append((number, [_cell(value) for value in record]))
    except csv.Error as exc:
        raise ReadError(
            f"{path.name}, line {reader.line_num}: this is not a well-formed CSV "
            f"file ({exc}): open it in Excel and save it again as 'CSV UTF-8'"
        ) from None
    return sheet


# -- XLSX ----------------------------------------------------------------------------------

_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"

#: Excel's built-in number formats (ECMA-376 18.8.30); the currency ones (5-8) as plain figures.
BUILTIN_FORMATS = {
    0: "General",
    1: "0",
    2: "0.00",
    3: "#,##0",
    4: "#,##0.00",
    5: "#,##0;-#,##0",
    6: "#,##0;-#,##0",
    7: "#,##0.00;-#,##0.00",
    8: "#,##0.00;-#,##0.00",
    9: "0%",
    10: "0.00%",
    11: "0.00E+00",
    12: "# ?/?",
    13: "# ??/??",
    14: "yyyy-mm-dd",
    15: "d-mmm-yy",
    16: "d-mmm",
    17: "mmm-yy",
    18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM",
    20: "h:mm",
    21: "h:mm:ss",
    22: "yyyy-mm-dd h:mm",
    37: "#,##0 ;(#,##0)",
    38: "#,##0 ;(#,##0)",
    39: "#,##0.00;(#,##0.00)",
    40: "#,##0.00;(#,##0.00)",
    45: "mm:ss",
    46: "[h]:mm:ss",
    47: "mm:ss.0",
    48: "##0.0E+0",
    49: "@",
}


def _read_xlsx(path: Path, wanted: str | None) -> Sheet:
    archive = open_zip(path, "an .xlsx workbook (an old .xls file renamed?)", FIX)
    with archive:
        book = _Workbook(archive, path.name)
        names = [name for name, _ in book.sheets]
        if not names:
            raise ReadError(f"{path.name} has no sheets")
        if wanted is None:
            name, target = book.sheets[0]
        else:
            found = [s for s in book.sheets if s[0].strip().casefold() == wanted.strip().casefold()]
            if not found:
                raise ReadError(
                    f"{path.name} has no sheet called '{wanted}': its sheets are "
                    f"{', '.join(names)}; correct 'sheet:' in the mapping"
                )
            name, target = found[0]
        sheet = Sheet(f"{path.name} (sheet '{name}')")
        sheet.rows = book.rows(target, sheet.name)
    return sheet


class _Workbook:
    """The parts of a workbook needed to read its cells: sheets, shared strings and formats."""

    def __init__(self, archive: zipfile.ZipFile, name: str):
        self.archive, self.name = archive, name
        office = [t for kind, t in self._rels("") if kind.endswith("/officeDocument")]
        self.book_path = office[0] if office else "xl/workbook.xml"
        book = self._xml(self.book_path)
        rels = dict((rid, t) for rid, t in self._rels(self.book_path, ids=True))
        kinds = dict(self._rels(self.book_path))
        self.sheets = []
        for element in book.iterfind("{*}sheets/{*}sheet"):
            rid = next((v for k, v in element.attrib.items() if k.endswith("}id")), None)
            if rid in rels:
                self.sheets.append((element.get("name", ""), rels[rid]))
        properties = book.find("{*}workbookPr")
        self.epoch = (
            dt.datetime(1904, 1, 1)
            if properties is not None and properties.get("date1904", "").lower() in ("1", "true")
            else dt.datetime(1899, 12, 30)
        )
        strings = [t for k, t in kinds.items() if k.endswith("/sharedStrings")]
        self.strings = [_string(si) for si in self._xml(strings[0]).iterfind("{*}si")] if strings else []
        styles = [t for k, t in kinds.items() if k.endswith("/styles")]
        self.formats = self._formats(self._xml(styles[0])) if styles else []

    def _xml(self, part: str):
        fix = "open it in Excel and save it again"
        return parse_xml(read_part(self.archive, part, self.name, fix), self.name, part, fix)

    def _rels(self, part: str, ids: bool = False) -> list[tuple[str, str]]:
        folder, base = posixpath.split(part)
        rels_path = posixpath.join(folder, "_rels", base + ".rels")
        if rels_path not in self.archive.namelist():
            return []
        out = []
        for rel in self._xml(rels_path).iter(_REL):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            target = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join(folder, target))
            )
            out.append((rel.get("Id" if ids else "Type", ""), target))
        return out

    def _formats(self, styles) -> list[str]:
        custom = {}
        for f in styles.iterfind("{*}numFmts/{*}numFmt"):
            code = f.get("formatCode", "General")
            if len(code) > LONGEST_FORMAT:
                raise ReadError(
                    f"{self.name}: a number format is {len(code):,} characters long, "
                    f"and Excel's are at most {LONGEST_FORMAT} (the file was not made "
                    f"by Excel, or is damaged): {FIX}"
                )
            custom[self._number(f.get("numFmtId"), "a number format's id")] = code
        out = []
        for xf in styles.iterfind("{*}cellXfs/{*}xf"):
            number = self._number(xf.get("numFmtId"), "a cell style's number format")
            out.append(custom.get(number) or BUILTIN_FORMATS.get(number, "General"))
        return out

    def _number(self, text: str | None, what: str, where: str = "") -> int:
        """An index the workbook gives (0 when it gives none), refused unless it is one."""
        if text is None:
            return 0
        if not (text.isascii() and text.isdigit()):
            raise ReadError(
                f"{where or self.name}: {what} is {text[:20]!r}, not a number (the file is damaged): {FIX}"
            )
        return int(text)

    def rows(self, part: str, sheet: str) -> list[tuple[int, list[Cell]]]:
        """Each row's cells from column A; a sheet whose gaps dwarf its cells is refused
        before any list is made, so a cell placed at column ZZZZZZZ costs nothing."""
        found = []
        number = 0
        present = spread = 0
        for row in self._xml(part).iterfind("{*}sheetData/{*}row"):
            number = _bounded(row.get("r"), number + 1, MAX_ROWS, "row", self.name)
            cells: dict[int, Cell] = {}
            column = -1
            for c in row.iterfind("{*}c"):
                column = _column_index(c.get("r"), self.name) if c.get("r") else column + 1
                where = f"{sheet}, cell {column_letter(column)}{number}"
                try:
                    cells[column] = self._cell(c, where)
                except BadCell as bad:
                    raise ReadError(f"{where} {bad}: correct it in Excel and save the file again") from None
            present += len(cells)
            spread += max(cells) + 1 if cells else 0
            found.append((number, cells))
        if spread > SPREAD * present + 10_000:
            raise ReadError(
                f"{self.name}: its {present:,} cells are spread over {spread:,} places "
                "(cells far apart, or a damaged file): copy the table of proposals "
                "into a new sheet and save that"
            )
        return [
            (number, [cells.get(i, Cell("")) for i in range(max(cells) + 1 if cells else 0)])
            for number, cells in found
        ]

    def _cell(self, c, where: str) -> Cell:
        kind = c.get("t", "n")
        value = c.find("{*}v")
        raw = value.text or "" if value is not None else ""
        if kind == "s":
            return _cell(self.strings[int(raw)] if raw.isdigit() and int(raw) < len(self.strings) else "")
        if kind == "inlineStr":
            inline = c.find("{*}is")
            return _cell(_string(inline) if inline is not None else "")
        if kind == "b":
            return _cell("TRUE" if raw == "1" else "FALSE")
        if kind in ("str", "e"):
            return _cell(raw)
        if kind == "d":
            return _cell(raw.removesuffix("T00:00:00"))
        if not raw:
            return Cell(
                "",
                "has a formula whose result was never saved (the file was written by "
                "another program): open it in Excel and save it"
                if c.find("{*}f") is not None
                else "",
            )
        style = self._number(c.get("s"), "its style", where)
        code = self.formats[style] if style < len(self.formats) else "General"
        return shown(raw, code, self.epoch)


def _column_index(reference: str, file: str) -> int:
    letters = re.match(r"[A-Za-z]{1,4}(?=\d|$)", reference)
    index = 0
    for letter in letters[0].upper() if letters else "A":
        index = index * 26 + ord(letter) - 64
    if not letters and re.match(r"[A-Za-z]", reference) or index > MAX_COLUMNS:
        raise ReadError(
            f"{file}: a cell is placed at {reference[:20]}, beyond column XFD, the last Excel has: {FIX}"
        )
    return index - 1


def _bounded(text: str | None, default: int, most: int, what: str, file: str) -> int:
    if text is None:
        return default
    if not text.isdigit() or not 0 < int(text) <= most:
        raise ReadError(f"{file}: a {what} is numbered {text[:20]}, which no Excel sheet has: {FIX}")
    return int(text)


def _string(item) -> str:
    """A shared or inline string: its text runs joined, phonetic guides left out."""
    parts = [t.text or "" for t in item.iterfind("{*}t")]
    parts += [t.text or "" for run in item.iterfind("{*}r") for t in run.iterfind("{*}t")]
    return re.sub(r"_x([0-9A-Fa-f]{4})_", _escaped, "".join(parts))


def _escaped(match: re.Match) -> str:
    """Excel's escape of a character XML cannot hold; half a surrogate pair is no character,
    and no file could be written with it, so it is shown as U+FFFD."""
    code = int(match[1], 16)
    return "\ufffd" if 0xD800 <= code <= 0xDFFF else chr(code)


# -- number formats ------------------------------------------------------------------------


def shown(raw: str, code: str, epoch: dt.datetime = dt.datetime(1899, 12, 30)) -> Cell:
    """A numeric cell's stored text as its number format shows it, exactly (no float)."""
    try:
        value = EXCEL_DIGITS.plus(Decimal(raw.strip()))
    except InvalidOperation:
        return _cell(raw)
    if not value.is_finite() or abs(value) >= LARGEST or value and abs(value) < SMALLEST:
        raise BadCell(f"holds the number {raw.strip()[:20]}, which no spreadsheet shows")
    sections = _sections(code)
    positive = _literal_free(sections[0])
    if positive.lower() in ("general", "@", "") or re.search(r"[eE][+-]|\?/|#/", positive):
        return Cell(_plain(value))
    if re.search(r"[ydhsYDHS]", positive) or (
        re.search(r"[mM]", positive) and not re.search(r"[0#?]", positive)
    ):
        return Cell(_date_text(value, positive, epoch))
    negative = _literal_free(sections[1]) if len(sections) > 1 and value < 0 else ""
    if re.search(r"[0#?]", negative):  # Excel shows a negative figure with its own section
        return _number(value, negative, "(" in negative)
    return _number(value, positive, False)


def _sections(code: str) -> list[str]:
    """Split a format code on ';' outside quotes and brackets."""
    out, current, quote, bracket, escape = [], "", False, False, False
    for char in code:
        if escape:
            current, escape = current + char, False
            continue
        if char == "\\" and not quote:
            escape = True
        elif char == '"':
            quote = not quote
        elif char == "[" and not quote:
            bracket = True
        elif char == "]" and not quote:
            bracket = False
        elif char == ";" and not quote and not bracket:
            out.append(current)
            current = ""
            continue
        current += char
    return out + [current]


def _literal_free(section: str) -> str:
    """A format section without its quoted text, escapes, [colours], _ spacing and * fills."""
    section = re.sub(r'"[^"]*"', "", section)
    section = re.sub(r"\\.|_.|\*.", "", section)
    return re.sub(r"\[[^\]]*\]", "", section).strip()


def _plain(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return "0" if text in ("-0", "0") else text


def _number(value: Decimal, section: str, brackets: bool) -> Cell:
    number = re.search(r"[0#?,.]*[0#?][0#?,.]*", section)
    pattern = number[0] if number else "0"
    whole, _, decimals = pattern.partition(".")
    scale = len(whole) - len(whole.rstrip(","))  # each trailing comma divides by 1,000
    grouped = "," in whole.rstrip(",")
    most = sum(ch in "0#?" for ch in decimals)
    least = len(decimals.rstrip("#").replace(",", "")) if decimals else 0
    figure = value.scaleb(2 * section.count("%") - 3 * scale)
    rounded = WIDE.quantize(figure, Decimal(1).scaleb(-most))
    text = f"{abs(rounded):{',' if grouped else ''}.{most}f}"
    while most > least and text.endswith("0"):
        text, most = text[:-1], most - 1
    text = text.removesuffix(".")
    if rounded < 0:
        text = f"({text})" if brackets else "-" + text
    text += "%" * section.count("%")
    stored = _plain(figure) + "%" * section.count("%") if rounded != figure else ""
    return Cell(text, stored=stored)


def _date_text(value: Decimal, section: str, epoch: dt.datetime) -> str:
    try:
        moment = epoch + dt.timedelta(seconds=round(value * 86400))  # a day count, to the second
    except OverflowError:
        raise BadCell(f"holds the date {value}, which is not between the years 1 and 9999") from None
    lower = section.lower()
    has_date, has_time = bool(re.search(r"[yd]", lower)) or "mmm" in lower, bool(re.search(r"[hs]", lower))
    parts = [moment.date().isoformat()] if has_date or not has_time else []
    if has_time:
        parts.append(f"{moment:%H:%M}" + (f":{moment:%S}" if "s" in lower else ""))
    return " ".join(parts)
