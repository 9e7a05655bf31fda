"""Where each record of a run paper starts (papers.PrintPages._runs), read from its PDF.

A run's records follow one another on its pages, so the contents' page numbers and each
page's running header need to know on which of the paper's pages each record begins, and
whether it begins at the top of that page (then the page is headed by it) or below the end
of the record before it (then the page is headed by that one). WeasyPrint writes a named
destination for every id, at the top of the element: the records' anchors say both.
"""
from __future__ import annotations

from pathlib import Path

import pikepdf

Starts = dict[str, tuple[int, bool]]   # a record's anchor → (its first page from 0, at the top of it)
TOP = 1.0   # points: how far below the first record's top a record may start and be at the top


def starts(paper: Path, anchors: list[str]) -> Starts:
    """Each of ``anchors``' first page in the paper, and whether it starts at its top (where
    the paper's first record starts)."""
    with pikepdf.open(paper) as pdf:
        pages = {page.objgen: number for number, page in enumerate(pdf.pages)}
        dests = pikepdf.NameTree(pdf.Root.Names.Dests)
        found = {}
        for anchor in anchors:
            dest = dests[anchor]
            dest = dest.D if isinstance(dest, pikepdf.Dictionary) else dest
            found[anchor] = pages[dest[0].objgen], float(dest[3])
    top = found[anchors[0]][1]
    return {anchor: (page, y >= top - TOP) for anchor, (page, y) in found.items()}


def headers(records: list[tuple[str, str]], count: int, where: Starts) -> list[str]:
    """The running header of each of a run's ``count`` pages, given its records as (anchor,
    running header) in order: the record at the top of the page."""
    heads = [records[0][1]] * count
    for anchor, running in records:
        page, at_top = where[anchor]
        for number in range(page if at_top else page + 1, count):
            heads[number] = running
    return heads
