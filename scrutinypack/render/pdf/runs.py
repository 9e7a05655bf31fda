"""Where records start and end in their papers, read from the papers' PDFs.

A run's records follow one another on the same pages, so the contents' page numbers and each
page's running header need to know on which of the paper's pages each record begins.
WeasyPrint writes a named destination for every id, on the page where the element begins:
the records' anchors say it.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf

Starts = dict[str, int]  # a record's anchor → the paper's page it begins on, from 0
MARGINS = (24 * 72 / 25.4, 22 * 72 / 25.4)  # points: the page's top and bottom margins (print/page.css)


def starts(paper: Path, anchors: list[str]) -> Starts:
    """The page of the paper each of ``anchors`` begins on."""
    with pikepdf.open(paper) as pdf:
        pages = {page.objgen: number for number, page in enumerate(pdf.pages)}
        dests = pikepdf.NameTree(pdf.Root.Names.Dests)
        found = {}
        for anchor in anchors:
            dest = dests[anchor]
            found[anchor] = pages[(dest.D if isinstance(dest, pikepdf.Dictionary) else dest)[0].objgen]
    return found


def tail(paper: Path, anchor: str) -> float:
    """How far down its last page the record ``anchor`` (a paper of its own) ends, 0 to 1 of
    the page's text column, from its end marker (print/_parts.html)."""
    with pikepdf.open(paper) as pdf:
        dest = pikepdf.NameTree(pdf.Root.Names.Dests)[f"end--{anchor}"]
        dest = dest.D if isinstance(dest, pikepdf.Dictionary) else dest
        height = float(dest[0].MediaBox[3])
    top, bottom = height - MARGINS[0], MARGINS[1]
    return (top - float(dest[3])) / (top - bottom)


def headers(running: str, records: list[tuple[str, str]], count: int, where: Starts) -> list[str]:
    """The running header of each of a paper's ``count`` pages, given its own (``running``,
    on its first page) and its run of records as (anchor, running header) in order: as a
    book's, the first record that begins on the page, else the one the page goes on with."""
    beginning: dict[int, list[str]] = {}
    for anchor, head in records:
        beginning.setdefault(where[anchor], []).append(head)
    heads, carried = [], running
    for page in range(count):
        here = beginning.get(page, [])
        heads.append(running if page == 0 else here[0] if here else carried)
        carried = here[-1] if here else carried
    return heads
