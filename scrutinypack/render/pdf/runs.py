"""Where each record of a run starts, read from its paper's PDF (papers.PrintPages._runs).

A run's records follow one another on the same pages, so the contents' page numbers and each
page's running header need to know on which of the paper's pages each record begins.
WeasyPrint writes a named destination for every id, on the page where the element begins:
the records' anchors say it.
"""
from __future__ import annotations

from pathlib import Path

import pikepdf

Starts = dict[str, int]   # a record's anchor → the paper's page it begins on, from 0


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
