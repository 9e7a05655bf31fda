"""A PDF: its ruled tables and the paragraphs between them, page by page.

A PDF has no paragraphs or cells, only characters placed on pages; so a table is found by
its ruling lines, a cell spanning several columns is read once (pdfplumber gives the other
columns of it as None), and the text outside tables becomes paragraphs where the gap between
two lines is wider than a line's spacing. A line that wraps is joined to the next with a
space (or, after a hyphen, with nothing); a line starting with a bullet or a number starts
a line of its own.

PDFium (pypdfium2, which pdfplumber installs) reads each page's characters and ruling lines:
it is written in C, where pdfminer, which pdfplumber reads pages with, is Python and took
nine tenths of the time. pdfplumber's own functions then do the rest on what PDFium read:
they find the tables' cells in the ruling lines and put the characters into words and lines.
A long paper's pages are read in forked processes, side by side on the cores.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import re
from bisect import bisect_left, bisect_right
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from operator import itemgetter
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw
from pdfplumber.table import (
    Table,
    TableSettings,
    cells_to_tables,
    edges_to_intersections,
    intersections_to_cells,
    merge_edges,
)
from pdfplumber.utils import cluster_objects, filter_edges
from pdfplumber.utils.text import DEFAULT_Y_TOLERANCE, WordExtractor

from ...cpus import cpus
from ..document import Block, Cell, Document, Source, clean
from .limits import ReadError

FIX = "open it and save or export it again as PDF, or import the Word document it was made from"
_OWN_LINE = re.compile(r"[·•▪◦●○§\-–]\s|\d{1,2}[.)]\s|\*")


#: A long paper is read in several processes, one for each this many pages (up to the cores).
PAGES_A_PROCESS = 6
#: What one page may hold. A paper's page holds a few thousand characters and a few hundred
#: ruled lines; finding a table's cells takes time that grows with the square of its lines'
#: crossings, and a 3 KB file can rule a grid whose cells would take hours to find.
MOST_CHARACTERS, MOST_SEGMENTS, MOST_PAIRS, MOST_CROSSINGS = 100_000, 20_000, 250_000, 5_000


def read_pdf(path: Path) -> Document:
    try:
        pages = _shares(path, _page_count(path))
    except (pdfium.PdfiumError, ValueError, KeyError, TypeError, OSError) as exc:
        raise _refusal(path, exc) from None
    document = Document(path.name)
    tables = characters = 0
    for number, (count, contents) in sorted(pages.items()):
        characters += count
        for _top, kind, content in contents:
            if kind == "paragraph":
                document.blocks.append(Block(kind, Source(path.name, page=number), content))
                continue
            tables += 1
            document.blocks.append(_table(content, path.name, number, tables))
    if not characters:
        raise ReadError(
            f"{path.name} has no text layer (it is a scan, a picture of the pages): "
            "import the Word document it was made from, or run it through OCR first"
        )
    return document


def _page_count(path: Path) -> int:
    pdf = pdfium.PdfDocument(path)
    try:
        return len(pdf)
    finally:
        pdf.close()


def _shares(path: Path, pages: int) -> dict[int, tuple[int, list]]:
    """Every page's contents by its number: read here, or, for a long paper, in forked
    processes that each open the file and read every n-th page."""
    workers = min(cpus(), pages // PAGES_A_PROCESS)
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return _read_pages(path, range(1, pages + 1))
    shares = [range(first, pages + 1, workers) for first in range(1, workers + 1)]
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            out: dict[int, tuple[int, list]] = {}
            for read in pool.map(_read_pages, [path] * workers, shares):
                out.update(read)
            return out
    except BrokenProcessPool:  # a worker was stopped (out of memory?): read them here
        return _read_pages(path, range(1, pages + 1))


def _read_pages(path: Path, numbers) -> dict[int, tuple[int, list]]:
    pdf = pdfium.PdfDocument(path)
    try:
        return {number: _page_contents(pdf, number, f"{path.name}, page {number}") for number in numbers}
    finally:
        pdf.close()


def _page_contents(pdf, number: int, where: str) -> tuple[int, list]:
    """How many characters the page has, and its tables and paragraphs in printed order:
    (top, "table", rows of cells' text) and (top, "paragraph", text)."""
    page = pdf[number - 1]
    try:
        chars, edges = _page_layer(page, where)
    finally:
        page.close()
    chars.sort(key=_middle)
    middles = [_middle(char) for char in chars]
    found = _tables(edges, where)
    placed = [(box[1], "table", _cells(rows, chars, middles)) for box, rows in found]
    placed += [
        (top, "paragraph", text)
        for top, text in _paragraphs(_lines(_outside([box for box, _ in found], chars, middles)))
    ]
    return len(chars), sorted(placed, key=lambda p: p[0])


def _refusal(path: Path, cause) -> ReadError:
    if getattr(cause, "err_code", None) in (raw.FPDF_ERR_PASSWORD, raw.FPDF_ERR_SECURITY):
        return ReadError(
            f"{path.name} is encrypted (it needs a password to open): save an "
            "unprotected copy, or import the Word document it was made from"
        )
    return ReadError(f"{path.name} cannot be read as a PDF ({type(cause).__name__}): {FIX}")


# -- what PDFium reads from a page ---------------------------------------------------------


def _page_layer(page, where: str) -> tuple[list[dict], list[dict]]:
    """The page's characters and the straight lines drawn on it, as pdfplumber's objects
    (``top`` measured down from the top of the page)."""
    height = page.get_height()
    textpage = page.get_textpage()
    try:
        _bound(raw.FPDFText_CountChars(textpage.raw), MOST_CHARACTERS, "characters", where)
        chars = _characters(textpage.raw, height)
    finally:
        textpage.close()
    edges, segments = [], 0
    for path in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH]):
        segments += raw.FPDFPath_CountSegments(path.raw)
        _bound(segments, MOST_SEGMENTS, "drawn lines", where)
        edges += _straight_lines(path, height)
    return chars, edges


def _bound(count: int, most: int, what: str, where: str) -> None:
    if count > most:
        raise ReadError(
            f"{where} has more than {most:,} {what}, far more than a page of a paper "
            f"(it is crafted, or a drawing): {FIX}"
        )


def _characters(textpage, height: float) -> list[dict]:
    """The spaces PDFium puts between words on its own are left out: pdfplumber finds
    words by the gaps between characters, as in a PDF that prints no spaces."""
    generated, loose_box, angle = (
        raw.FPDFText_IsGenerated,
        raw.FPDFText_GetLooseCharBox,
        raw.FPDFText_GetCharAngle,
    )
    box = raw.FS_RECTF()
    chars = []
    for index, text in enumerate(_page_text(textpage)):
        if text.isspace() and generated(textpage, index) or not loose_box(textpage, index, box):
            continue
        left, right, top, bottom = box.left, box.right, height - box.top, height - box.bottom
        chars.append(
            {
                "text": text,
                "x0": left,
                "x1": right,
                "top": top,
                "bottom": bottom,
                "doctop": top,
                "width": right - left,
                "height": bottom - top,
                "size": bottom - top,
                "upright": angle(textpage, index) == 0,
            }
        )
    return chars


def _page_text(textpage) -> list[str]:
    """Each character's text, by its index: the page's text at once, or one by one where
    that does not give one a character (a character outside Unicode's first plane takes two
    places in the text). PDFium reports a hyphen that ends a line as U+0002 (one by one) or
    U+FFFE (at once)."""
    count = raw.FPDFText_CountChars(textpage)
    buffer = (ctypes.c_ushort * (count + 1))()
    raw.FPDFText_GetText(textpage, 0, count, buffer)
    text = bytes(buffer)[: count * 2].decode("utf-16-le", errors="replace")
    if len(text) != count or "\ufffd" in text:
        text = "".join(chr(raw.FPDFText_GetUnicode(textpage, index)) for index in range(count))
    return list(text.replace("\x02", "-").replace("\ufffe", "-"))


def _straight_lines(path, height: float) -> list[dict]:
    """Each straight segment of a drawn path that runs across or down the page (a rectangle
    gives four), as a pdfplumber edge. Curves are no table's rules."""
    a, b, c, d, e, f = path.get_matrix().get()
    x, y = ctypes.c_float(), ctypes.c_float()
    points = []  # (x, top, the segment's kind, whether it closes its subpath)
    for index in range(raw.FPDFPath_CountSegments(path.raw)):
        segment = raw.FPDFPath_GetPathSegment(path.raw, index)
        raw.FPDFPathSegment_GetPoint(segment, x, y)
        kind = raw.FPDFPathSegment_GetType(segment)
        points.append(
            (
                a * x.value + c * y.value + e,
                height - (b * x.value + d * y.value + f),
                kind,
                bool(raw.FPDFPathSegment_GetClose(segment)),
            )
        )
    edges = []
    start = previous = None
    for px, py, kind, closes in points:
        if kind == raw.FPDF_SEGMENT_LINETO and previous:
            edges.append(_edge(previous, (px, py)))
        if kind == raw.FPDF_SEGMENT_MOVETO or start is None:
            start = (px, py)
        previous = (px, py)
        if closes and start:
            edges.append(_edge(previous, start))
            previous = start
    return [edge for edge in edges if edge["orientation"]]


def _edge(one: tuple, two: tuple) -> dict:
    x0, x1 = sorted((round(one[0], 3), round(two[0], 3)))
    top, bottom = sorted((round(one[1], 3), round(two[1], 3)))
    return {
        "object_type": "line",
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "width": x1 - x0,
        "height": bottom - top,
        "orientation": "v" if x0 == x1 else "h" if top == bottom else None,
    }


# -- tables and paragraphs ------------------------------------------------------------------


def _tables(edges: list[dict], where: str) -> list[tuple[tuple, list]]:
    """The ruled tables, as pdfplumber's ``find_tables`` finds them with its default
    settings: each as its box and its rows of cell boxes (None where a cell spans)."""
    settings = TableSettings.resolve(None)
    edges = merge_edges(
        filter_edges(edges, min_length=settings.edge_min_length_prefilter),
        snap_x_tolerance=settings.snap_x_tolerance,
        snap_y_tolerance=settings.snap_y_tolerance,
        join_x_tolerance=settings.join_x_tolerance,
        join_y_tolerance=settings.join_y_tolerance,
    )
    edges = filter_edges(edges, min_length=settings.edge_min_length)
    across = sum(edge["orientation"] == "h" for edge in edges)
    _bound(across * (len(edges) - across), MOST_PAIRS, "pairs of ruled lines to cross", where)
    points = edges_to_intersections(
        edges, settings.intersection_x_tolerance, settings.intersection_y_tolerance
    )
    _bound(len(points), MOST_CROSSINGS, "crossings of ruled lines", where)
    found = [Table(None, cells) for cells in cells_to_tables(intersections_to_cells(points))]
    return [(table.bbox, [row.cells for row in table.rows]) for table in found]


def _middle(char: dict) -> float:
    return (char["top"] + char["bottom"]) / 2


def _in_cell(char: dict, box: tuple) -> bool:
    """pdfplumber's rule: a character's middle is in the box, counting its left and top
    sides but not its right and bottom ones."""
    middle_x = (char["x0"] + char["x1"]) / 2
    middle_y = (char["top"] + char["bottom"]) / 2
    return box[0] <= middle_x < box[2] and box[1] <= middle_y < box[3]


def _outside(boxes: list[tuple], chars: list[dict], middles: list[float]) -> list[dict]:
    """The characters whose middles are in none of the tables' boxes (edges included)."""
    inside = set()
    for box in boxes:
        for index in range(bisect_left(middles, box[1]), bisect_right(middles, box[3])):
            if box[0] <= (chars[index]["x0"] + chars[index]["x1"]) / 2 <= box[2]:
                inside.add(index)
    return [char for index, char in enumerate(chars) if index not in inside]


def _cells(rows: list, chars: list[dict], middles: list[float]) -> list[list[str]]:
    """A table's rows of cells' text; ``chars`` are in order of their middles' height on
    the page, ``middles``, so a row's are found by bisection."""
    out = []
    for row in rows:
        boxes = [box for box in row if box is not None]
        if not boxes:
            out.append([])
            continue
        span = (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )
        near = chars[bisect_left(middles, span[1]) : bisect_left(middles, span[3])]
        in_row = [char for char in near if _in_cell(char, span)]
        out.append(
            [
                _joined(
                    "\n".join(
                        line["text"] for line in _lines([char for char in in_row if _in_cell(char, box)])
                    )
                )
                for box in boxes
            ]
        )
    return out


def _table(rows: list[list[str]], file: str, page: int, number: int) -> Block:
    block = Block("table", Source(file, page=page, table=number))
    for row_number, row in enumerate(rows, 1):
        if row:
            block.rows.append(
                [
                    Cell(text, Source(file, page=page, table=number, row=row_number, cell=index + 1))
                    for index, text in enumerate(row)
                ]
            )
    return block


def _lines(chars: list[dict]) -> list[dict]:
    """The characters as lines of words, each its text, top and bottom, as pdfplumber's
    ``extract_text`` sees them (words split at a gap of 3 pt, lines at 3 pt of height)."""
    words = WordExtractor().extract_words(chars)
    lines = []
    for line in cluster_objects(words, itemgetter("top"), DEFAULT_Y_TOLERANCE):
        lines.append(
            {
                "text": " ".join(word["text"] for word in line),
                "top": min(word["top"] for word in line),
                "bottom": max(word["bottom"] for word in line),
            }
        )
    return lines


def _joined(text: str) -> str:
    """A cell's wrapped lines as its text: joined by spaces, except where a line begins a
    bullet, a numbered point or a footnote."""
    out = ""
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        out = _join(out, line, "\n" if _OWN_LINE.match(line) else " ") if out else line
    return clean(out)


def _join(text: str, line: str, space: str) -> str:
    """A word broken after its hyphen ('re-' / 'assessments') is one word again."""
    if space == " " and re.search(r"\w-$", text):
        return text + line
    return text + space + line


def _paragraphs(lines: list[dict]) -> list[tuple[float, str]]:
    """Lines as paragraphs, each with its top: a paragraph ends where the gap to the next
    line is more than half a line, or where the next line starts a bullet or a number."""
    out: list[tuple[float, str]] = []
    text, top, bottom, height = "", 0.0, 0.0, 0.0
    for line in lines:
        gap = line["top"] - bottom
        starts = not text or gap > 0.5 * height or _OWN_LINE.match(line["text"])
        if starts:
            if text:
                out.append((top, clean(text)))
            text, top = line["text"], line["top"]
        else:
            text = _join(text, line["text"], " ")
        bottom, height = line["bottom"], line["bottom"] - line["top"]
    if text:
        out.append((top, clean(text)))
    return out
