"""Packs that do not waste paper: an agenda item's records follow one another on the same
page, in real WeasyPrint PDFs read back with pypdf, pdfplumber and pikepdf as a member's
reader (or a screen reader) would find them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from scrutinypack.build.builder import build
from scrutinypack.render.pdf import pdfplan

from ..support.content import BROWSE, SITE
from ..support.pdfread import contents, tagged_structure
from ..support.pdftags import outline, structure_problems

pytestmark = pytest.mark.pdf

PACK = "committees/budget/2018-01-15/pack.pdf"
MM = 72 / 25.4
TOP, BOTTOM = 24 * MM, 22 * MM  # the page's margins (templates/print/page.css): the stamps' place
#: (slug, paragraphs of description): some a few lines, some over a page
LENGTHS = [
    ("sc001", 11),
    ("sc002", 12),
    ("sc003", 11),
    ("sc004", 50),
    ("sc005", 11),
    ("sc006", 13),
    ("sc007", 11),
    ("sc008", 12),
]
PARAGRAPH = (
    "The service will review how it is delivered across the county, with the aim of keeping "
    "the same outcomes for residents at a lower cost, and will report back to the committee "
    "on the savings achieved and any effect on the people who use it. "
)


def _proposal(slug: str, paragraphs: int) -> str:
    ref = slug.upper()
    description = "\n\n".join(f"{n}. {PARAGRAPH}" for n in range(1, paragraphs + 1))
    body = "\n".join("  " + line for line in description.splitlines())
    return (
        f"ref: {ref}\ntitle: Review of service {ref}\nservice: Waste\ncommittees: [budget]\n"
        f"status: proposed\ntotal: -0.100\ndescription: |\n{body}\n"
    )


def _committee(refs: list[str]) -> str:
    return (
        "name: Budget Scrutiny\nmeetings:\n  - date: 2018-01-15\n    title: Savings\n    agenda:\n"
        f"      - title: Option forms\n        proposals: [{', '.join(refs)}]\n"
        "        summary: {group_by: service}\n"
        "      - title: The budget gap\n        note: The gap is discussed.\n"
    )


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> Path:
    """Seven proposals, short and long, on one agenda item, the short ones in one run (no cut
    that the cache would make), built once with real WeasyPrint."""
    root = tmp_path_factory.mktemp("flow")
    files = {"site.yaml": SITE, "committees/budget.yaml": _committee([s.upper() for s, _ in LENGTHS])}
    files |= {f"proposals/{slug}.yaml": _proposal(slug, n) for slug, n in LENGTHS}
    for rel, text in files.items():
        (root / "content" / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / "content" / rel).write_text(text, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdfplan, "RUN", 1 << 62)  # one run an item (main had none)
        build(root / "content", root / "site", pdf="default", jobs=2)
    return root / "site"


def _fill(page) -> float:
    """How far down its text column a page is printed, 0 to 1 (the stamped margins aside)."""
    height = float(page.height)
    marks = [
        item["bottom"]
        for kind in ("chars", "rects", "lines", "curves")
        for item in getattr(page, kind)
        if TOP <= item["top"] and item["bottom"] <= height - BOTTOM
    ]
    return (max(marks, default=TOP) - TOP) / (height - TOP - BOTTOM)


def _pages_of_record(pdf: PdfReader) -> int:
    """A proposal's own PDF's pages, without its list of words."""
    words = [page for depth, title, page in outline(pdf) if depth == 0 and title.startswith("Words")]
    return words[0] - 1 if words else len(pdf.pages)


def _records(pdf: PdfReader) -> list[tuple[str, int]]:
    """(reference, page from 1) of each proposal's bookmark, in order."""
    return [(title.split(":")[0], page) for depth, title, page in outline(pdf) if depth == 1]


def test_a_pack_of_short_proposals_prints_them_one_after_another_not_a_page_each(pack):
    pdf = PdfReader(pack / PACK)
    alone = sum(_pages_of_record(PdfReader(pack / f"proposals/{slug}/{slug}.pdf")) for slug, _ in LENGTHS)
    item, after = (
        next(page for _, title, page in outline(pdf) if title.startswith(start))
        for start in ("Item 1", "Item 2")
    )
    assert after - item < alone  # the item, its table and all its proposals: fewer pages than they take alone
    marks = outline(pdf)
    ends = [
        max(page for depth, _, page in marks[at + 1 : at + 4] if depth == 2)  # the page of its last section
        for at, (depth, _, _) in enumerate(marks)
        if depth == 1
    ]
    begins = [page for _, page in _records(pdf)]
    shared = [n for n in range(1, len(begins)) if begins[n] == ends[n - 1]]
    assert shared  # a page holds the end of one proposal and the beginning of the next


def _long(pack: Path) -> set[str]:
    """The proposals of more than two pages alone, which start a page of their own."""
    return {
        slug.upper()
        for slug, _ in LENGTHS
        if _pages_of_record(PdfReader(pack / f"proposals/{slug}/{slug}.pdf")) > 2
    }


def test_no_page_is_mostly_blank_unless_what_follows_must_start_a_new_page(pack):
    pdf = PdfReader(pack / PACK)
    must = {page for depth, _, page in outline(pdf) if depth == 0}  # contents, items, words, appendix
    # and the item's first proposal (the summary table stands alone), a long proposal and the one
    # after it (laid out alone, once for every PDF: its paper ends with it)
    records = _records(pdf)
    must |= {
        page
        for n, (ref, page) in enumerate(records)
        if n == 0 or ref in _long(pack) or records[n - 1][0] in _long(pack)
    }
    assert 0 < len(_long(pack)) < len(LENGTHS) - 2  # some proposals of each kind
    with pdfplumber.open(pack / PACK) as plumbed:
        fills = [_fill(page) for page in plumbed.pages]
    blank = [number for number, fill in enumerate(fills[:-1], 1) if fill < 0.5 and number + 1 not in must]
    assert blank == [], [round(fill, 2) for fill in fills]


def test_a_proposal_of_more_than_two_pages_starts_a_page_and_is_printed_as_in_its_own_pdf(pack):
    pdf = PdfReader(pack / PACK)
    begins = dict(_records(pdf))
    for ref in _long(pack):
        own = PdfReader(pack / f"proposals/{ref.lower()}/{ref.lower()}.pdf")
        for number in range(_pages_of_record(own)):
            printed, alone = (
                _body(page.extract_text())
                for page in (pdf.pages[begins[ref] - 1 + number], own.pages[number])
            )
            assert printed == alone, (ref, number)


def _body(text: str) -> list[str]:
    """A page's lines without its running header ("… SC004: Review of service SC004") and footer."""
    return [
        line for line in text.splitlines() if not re.search(r"Page \d+ of \d+|Test Council|: Review of", line)
    ]


def test_each_proposals_bookmark_and_contents_entry_point_at_the_page_of_its_heading(pack):
    pdf = PdfReader(pack / PACK)
    records = _records(pdf)
    assert [ref for ref, _ in records] == [slug.upper() for slug, _ in LENGTHS]
    listed = contents(pdf)
    for ref, page in records:
        lines = pdf.pages[page - 1].extract_text().splitlines()
        assert ref in lines and f"Review of service {ref}" in lines  # its heading: caption, then title
        assert listed[f"{ref}: Review of service {ref}"] == page
        before = pdf.pages[page - 2].extract_text().splitlines()
        assert f"Review of service {ref}" not in before


def test_each_page_is_headed_by_the_first_proposal_that_begins_on_it_or_the_one_it_goes_on_with(pack):
    pdf = PdfReader(pack / PACK)
    records = _records(pdf)
    item, after = (
        next(page for _, title, page in outline(pdf) if title.startswith(start))
        for start in ("Item 1", "Item 2")
    )
    for number in range(item + 1, after):
        beginning = [ref for ref, page in records if page == number]
        expected = beginning[0] if beginning else [ref for ref, page in records if page < number][-1]
        assert re.findall(r"Item 1 · (SC\d+)", pdf.pages[number - 1].extract_text()) == [expected], number
    with pdfplumber.open(pack / PACK) as plumbed:
        below = [
            ref
            for ref, page in records
            if min(
                match["top"]
                for match in plumbed.pages[page - 1].search(f"Review of service {ref}")
                if match["top"] > TOP
            )
            > TOP + 40 * MM
        ]
    assert below  # some proposals begin below the end of the one before


def test_records_under_an_item_keep_their_tags_one_level_down_and_the_tree_whole(pack):
    headings = _headings(tagged_structure(pack / PACK))
    tops = [title for depth, title, _ in outline(PdfReader(pack / PACK)) if depth == 0]
    assert headings.count("/H1") == 1 + len(tops)  # the cover, the contents, items, words, appendix
    assert headings.count("/H2") >= len(LENGTHS)  # each proposal's title, under its item
    assert structure_problems(pack / PACK) == []


def _headings(structure: list[tuple[str, int]]) -> list[str]:
    """The roles of the headings in a structure tree, those tagged inside a heading (its
    caption's span, as WeasyPrint tags it) aside."""
    found, inside = [], None  # the depth of the heading we are in
    for role, depth in structure:
        if inside is not None and depth <= inside:
            inside = None
        if inside is None and re.fullmatch(r"/H\d", role):
            found.append(role)
            inside = depth
    return found


def test_an_edit_lays_out_again_only_the_run_that_shows_it(tmp_path):
    root, out = tmp_path / "content", tmp_path / "site"
    shutil.copytree(BROWSE, root)
    build(root, out, pdf="default", jobs=2)
    proposal = root / "proposals" / "ex004.yaml"
    proposal.write_text(
        proposal.read_text(encoding="utf-8").replace(
            "Switch street lights to LED", "Switch all street lights to LED"
        ),
        encoding="utf-8",
    )
    edited = build(root, out, pdf="default", jobs=2)
    laid_out = [
        name
        for name in edited.pdf.laid_out
        if "#stamps-" not in name and "#contents" not in name and name != "proposal-ex004"
    ]  # its own PDF
    assert laid_out and all("#item-" in name for name in laid_out)  # in packs, only the items that print it
    pack = PdfReader(out / "committees/budget-scrutiny/2018-01-15/pack.pdf")
    assert any("Switch all street lights" in title for _, title, _ in outline(pack))
    assert structure_problems(out / "committees/budget-scrutiny/2018-01-15/pack.pdf") == []


def test_a_proposal_whose_last_page_would_hold_a_few_lines_is_set_closer_on_a_page_less(content, tmp_path):
    root = content({"proposals/sc001.yaml": _proposal("sc001", 7)})  # alone, 7 lines over one page
    build(root, tmp_path / "site", pdf="default", jobs=1)
    own = PdfReader(tmp_path / "site/proposals/sc001/sc001.pdf")
    pack = PdfReader(tmp_path / "site/committees/budget/2018-01-15/pack.pdf")
    begins = dict(_records(pack))["SC001"]
    after = next(page for depth, _, page in outline(pack) if depth == 0 and page > begins)
    assert _pages_of_record(own) == 1 and after - begins == 1  # in its own PDF and in the pack
    for pdf, page in ((own, 0), (pack, begins - 1)):
        printed = " ".join(pdf.pages[page].extract_text().split())
        assert printed.count("who use it.") == 7 and "SC001" in printed  # nothing left out
    assert structure_problems(tmp_path / "site/proposals/sc001/sc001.pdf") == []
