"""What a PDF is made of (papers, each PDF's slots for them, what it says about itself) and
how short records are grouped into runs, so that a short one leaves no half-blank page."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from ...glossary import Term

SHORT = 2  # pages: a record this long or shorter may follow the one before (runs_of)
HALF = 0.5  # of its last page: a record ending above this lets the next follow it
RUN = 6  # records a run holds, on average
LONGEST_RUN = 24  # and at most: a paper's layout takes memory as it grows


@dataclass(frozen=True)
class Paper:
    """The unit of work: a whole HTML document, laid out on its own into a PDF part."""

    name: str
    html: str
    css: str  # its stylesheet (print.css, or stamp.css), given to WeasyPrint beside the HTML


@dataclass(frozen=True)
class Slot:
    """A paper's place in one PDF."""

    paper: str  # its name
    anchor: str  # its id: the contents give its first page
    running: str  # the header over its pages; "" for a cover, which has none
    nested: bool = False  # under the slot before: bookmarks and headings one level down
    source: str = ""  # the content file it shows, for messages
    records: tuple[Slot, ...] = ()  # a run's records, one after another on its pages


@dataclass
class Doc:
    """What the PDF says about itself: metadata and the running header."""

    kind: str
    title: str
    subject: str
    keywords: list[str]
    date: str  # from the content (never the clock), so the bytes stay the same; or ""
    running: str


@dataclass
class PdfPlan:
    """One PDF: its papers in order (at first, maybe, those to measure: :attr:`arrange`),
    what it says about itself, and its contents paper's HTML for given page numbers (None
    when it has no contents)."""

    path: str
    doc: Doc
    slots: list[Slot]
    records: dict[str, str]  # site path → id, of each record printed in it
    contents: Callable[[dict[str, int]], Paper] | None = None
    #: the slots once the records alone in them are laid out, given how long each is
    #: (:data:`Length`); None when they are final
    arrange: Callable[[dict[str, Length]], list[Slot]] | None = None


@dataclass
class Part:
    """A proposal or report in a PDF, as the main content of its web page."""

    kind: str  # proposal | report
    anchor: str  # its id in the PDF
    page: str  # its web page
    label: str  # in the contents and the bookmarks: "SC002: Reduce waste"
    short: str  # "SC002"
    source: str  # its content file, for messages
    body: Markup  # empty where a pack printed it under an earlier item
    terms: tuple[Term, ...] = ()  # the glossary's words it uses


Run = tuple[tuple[Part, Slot], ...]  # records printed one after another: each part, and its slot
Length = tuple[int, float]  # a record alone: its pages, and how far down the last it ends (0 to 1)
#: A PDF's slot, or the slots to lay out first and how to arrange them given their lengths
Planned = tuple[Slot, None] | tuple[list[Slot], Callable[[dict[str, Length]], list[Slot]]]


def runs_of(entries: list[tuple[Part, str]], lengths: dict[str, Length]) -> list[Run | Slot]:
    """Records (each with its running header) as they are printed, given how long each is
    alone. A record follows the one before on the same page (in a run, a paper of its own)
    where that one leaves half its last page blank or more, so that a short record leaves no
    half-blank page; else it starts a page, in its own paper (the one its PDF has: laid out
    once, for every PDF). A record of more than :data:`SHORT` pages always does: laying it
    out again would cost more than the page it saves. A run also ends after a record whose
    anchor's hash says so (one in :data:`RUN`), so that an edit lays out again the run it is
    in, not every record of an item, and the other runs keep their bounds; and at
    :data:`LONGEST_RUN` records, whatever the anchors. A run of one is the record's own paper."""
    groups, run = [], []
    for part, running in entries:
        slot = Slot(part.anchor, part.anchor, running, True, part.source)
        long = lengths[part.anchor][0] > SHORT
        if run and (long or _ends_run(run, lengths)):
            groups.append(tuple(run) if len(run) > 1 else run[0][1])
            run = []
        if long:
            groups.append(slot)
        else:
            run.append((part, slot))
    if run:
        groups.append(tuple(run) if len(run) > 1 else run[0][1])
    return groups


def _ends_run(run: list[tuple[Part, Slot]], lengths: dict[str, Length]) -> bool:
    last = run[-1][0].anchor
    return lengths[last][1] >= HALF or _hashed(last) % RUN == 0 or len(run) == LONGEST_RUN


def arranged(plan: PdfPlan, pieces: list[Planned]) -> PdfPlan:
    """``plan`` with the slots of ``pieces`` laid out first, and how to arrange them."""
    plan.slots = [slot for slots, _arrange in pieces for slot in (slots if _arrange else [slots])]
    plan.arrange = lambda lengths: [
        slot for slots, arrange in pieces for slot in (arrange(lengths) if arrange else [slots])
    ]
    return plan


def _hashed(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")
