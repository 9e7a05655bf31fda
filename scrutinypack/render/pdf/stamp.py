"""Running headers and "Page X of Y", numbered through a whole PDF, as artifacts.

WeasyPrint numbers the pages of one document; it cannot number a paper's pages by where
they will fall in each PDF it is put into (a record is laid out once for many). So papers
are laid out with empty margins, and each run of a paper's pages in a PDF gets a stamp:
WeasyPrint lays out as many blank pages with the header and footer each of them needs (the
page labels given as text, print/stamp.html), and assembly draws each stamp page over its
page inside an /Artifact sequence. Artifacts are outside the structure tree, so the tags
stay valid, and a screen reader does not read "Page 3 of 40" in the middle of a sentence.
"""
from __future__ import annotations

import pikepdf
from pikepdf import Dictionary

from .papers import Paper, PdfPlan, PrintPages

RUN = 24   # pages a stamp paper holds, or a little more: the slots it serves are whole


def page_numbers(plan: PdfPlan, counts: dict[str, int]) -> dict[str, int]:
    """The page each slot of ``plan`` starts on, by its id, given each paper's page count."""
    numbers, page = {}, 1
    for slot in plan.slots:
        numbers[slot.anchor] = page
        page += counts[slot.paper]
    return numbers


def stamps(pages: PrintPages, plan: PdfPlan, counts: dict[str, int]) -> dict[str, tuple[Paper, int]]:
    """The stamps of each slot that has a running header, by the slot's paper name: the
    stamp paper and the page of it where the slot's run begins. Consecutive slots share a
    stamp paper of about :data:`RUN` pages: WeasyPrint's cost for a document is as much as
    for a few pages, and an edit that changes one header lays out one run again."""
    total = sum(counts[slot.paper] for slot in plan.slots)
    made: dict[str, tuple[Paper, int]] = {}
    run: list[tuple[str, str]] = []        # (header, page label) of each page of the run so far
    members: list[tuple[str, int]] = []    # (slot's paper, where it begins in the run)
    first_anchor, number = "", 1

    def close() -> None:
        if run:
            paper = pages.stamp(f"{plan.path}#stamp-{first_anchor}", plan, list(run))
            made.update({name: (paper, start) for name, start in members})
            run.clear()
            members.clear()

    for slot in plan.slots:
        count = counts[slot.paper]
        if slot.running:
            if not run:
                first_anchor = slot.anchor
            members.append((slot.paper, len(run)))
            run += [(slot.running, f"Page {n} of {total}") for n in range(number, number + count)]
            if len(run) >= RUN:
                close()
        number += count
    close()
    return made


def stamp_page(out: pikepdf.Pdf, page: pikepdf.Page, form) -> None:
    """Draw ``form`` (a stamp page) over ``page`` as a pagination artifact."""
    resources = Dictionary({key: value for key, value in page.obj.Resources.items()})
    xobjects = Dictionary({key: value for key, value in resources.get("/XObject", {}).items()})
    xobjects.Stamp = form
    resources.XObject = xobjects
    page.obj.Resources = resources   # its own: papers' pages may share one resource dictionary
    page.contents_add(out.make_stream(b"q\n"), prepend=True)
    page.contents_add(out.make_stream(b"Q\n/Artifact <</Type /Pagination>> BDC\nq /Stamp Do Q\nEMC\n"))
