"""PDF packs: real WeasyPrint PDFs, read back with pypdf as a member's reader would show them,
and with pikepdf (and the pdfua package) for their tags."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from pypdf import PdfReader

from scrutinypack import paths
from scrutinypack.build.builder import build
from scrutinypack.build.reading import read_site
from scrutinypack.cli import main
from scrutinypack.render.pdf import FetchRefused, Job, PdfError, RestrictedFetcher, lay_out

from ..support.content import BROWSE, COMMITTEE, PROPOSAL, ROOT, SITE
from ..support.pdfread import contents, tagged_structure, text
from ..support.pdftags import outline, stamped_pages, structure_problems
from ..support.sitecheck import broken_links, digest

pytestmark = pytest.mark.pdf

PACK = "committees/budget-scrutiny/2018-01-15/pack.pdf"  # in tests/fixtures/browse
FIGURE = re.compile(r"[−-]?£?\d[\d,]*\.\d+m?")


@pytest.fixture(scope="module")
def browse_pdfs(tmp_path_factory) -> Path:
    """tests/fixtures/browse built once with every PDF, the whole publication too."""
    out = tmp_path_factory.mktemp("browse-pdf") / "site"
    build(BROWSE, out, pdf="all", jobs=2)
    return out


@pytest.fixture(scope="module")
def browse():
    return read_site(BROWSE).site


def reader(path: Path) -> PdfReader:
    return PdfReader(path)


def links(pdf: PdfReader, page: int | None = None) -> list[tuple[str, str]]:
    """('internal', destination name) or ('uri', address) of every link, on one page or all."""
    found = []
    for p in pdf.pages if page is None else [pdf.pages[page]]:
        for annotation in p.get("/Annots") or []:
            annotation = annotation.get_object()
            if "/Dest" in annotation:
                found.append(("internal", str(annotation["/Dest"])))
            elif "/A" in annotation:
                found.append(("uri", str(annotation["/A"]["/URI"])))
    return found


class _Text(HTMLParser):
    """The text of a page's <main>, without the charts' SVG (their <desc> is not printed)."""

    def __init__(self):
        super().__init__()
        self.depth, self.svg, self.parts = 0, 0, []

    def handle_starttag(self, tag, attrs):
        self.depth += tag == "main"
        self.svg += tag == "svg"

    def handle_endtag(self, tag):
        self.depth -= tag == "main"
        self.svg -= tag == "svg"

    def handle_data(self, data):
        if self.depth and not self.svg:
            self.parts.append(data)


def page_figures(html: Path) -> Counter:
    parser = _Text()
    parser.feed(html.read_text(encoding="utf-8"))
    return Counter(FIGURE.findall(" ".join(parser.parts)))


# -- What is made, and where ------------------------------------------------------------------


def test_every_proposal_and_meeting_has_its_pdf_at_the_stable_path(browse_pdfs, browse):
    expected = [paths.proposal_pdf(p) for p in browse.proposals]
    expected += [paths.meeting_pack(m) for m in browse.meetings()] + [paths.publication_pdf()]
    for rel in expected:
        assert (browse_pdfs / rel).read_bytes().startswith(b"%PDF-"), rel
    assert len(reader(browse_pdfs / PACK).pages) > 10


def test_pages_link_to_their_pdfs_only_when_they_are_built(browse_pdfs, browse_site):
    assert broken_links(browse_pdfs) == []
    assert 'href="ex001.pdf"' in (browse_pdfs / "proposals/ex001/index.html").read_text(encoding="utf-8")
    assert 'href="pack.pdf"' in (browse_pdfs / PACK.replace("pack.pdf", "index.html")).read_text(
        encoding="utf-8"
    )
    assert 'href="publication.pdf"' in (browse_pdfs / "index.html").read_text(encoding="utf-8")
    assert not [p for p in browse_site.rglob("*.html") if ".pdf" in p.read_text(encoding="utf-8")]


# -- A meeting's pack ----------------------------------------------------------------------------


def test_the_pack_is_cover_contents_items_in_agenda_order_then_the_appendix(browse_pdfs, browse):
    pdf = reader(browse_pdfs / PACK)
    cover = pdf.pages[0].extract_text()
    for fact in (
        "Exampleshire County Council",
        "Budget Scrutiny Working Group",
        "Savings proposals 2019/20",
        "15 January 2018, 10:00",
        "Committee Room B, County Hall",
        "AGENDA PACK",
    ):
        assert fact in cover
    marks = outline(pdf)
    assert [title for depth, title, _ in marks if depth == 0] == [
        "Contents",
        "Item 1: Savings option forms",
        "Item 2: Medium term financial strategy",
        "Words used in this pack",
        "Appendix: what the checks found",
    ]
    meeting = next(m for m in browse.meetings() if paths.meeting_pack(m) == PACK)
    records = [f"{p.ref}: {p.title}" for p in meeting.agenda[0].proposals]
    records.append("Report: Medium term financial strategy 2019/20 to 2021/22")
    assert [title for depth, title, _ in marks if depth == 1] == records
    assert [page for _, _, page in marks] == sorted(page for _, _, page in marks)
    assert {title for depth, title, _ in marks if depth == 2} >= {"Budget change", "History"}


def test_the_contents_give_the_real_page_of_each_entry_and_link_to_it(browse_pdfs):
    pdf = reader(browse_pdfs / PACK)
    printed = contents(pdf)
    bookmarks = {title: page for depth, title, page in outline(pdf) if depth < 2}
    assert len(printed) == len(bookmarks) - 1  # all but "Contents" itself
    assert printed == {title: page for title, page in bookmarks.items() if title != "Contents"}
    destinations = {
        name: pdf.get_destination_page_number(dest) + 1 for name, dest in pdf.named_destinations.items()
    }
    internal = {target for kind, target in links(pdf, 1) if kind == "internal"}
    assert {destinations[target] for target in internal} == set(printed.values())


def test_every_page_after_the_cover_has_page_x_of_y_and_a_running_header(browse_pdfs):
    pdf = reader(browse_pdfs / PACK)
    pages = [page.extract_text() for page in pdf.pages]
    assert "Page 1 of" not in pages[0] and "Budget Scrutiny Working Group · " not in pages[0]
    for number, page in enumerate(pages[1:], 2):
        assert f"Page {number} of {len(pages)}" in page
        assert "Budget Scrutiny Working Group · 15 January 2018" in page
    start = next(page for _, title, page in outline(pdf) if title.startswith("EX002:"))
    assert "Item 1 · EX002: Close the mobile library service" in pages[start - 1]


def test_the_appendix_lists_the_findings_of_the_packs_papers_only(browse_pdfs, browse):
    pdf = reader(browse_pdfs / PACK)
    appendix = pdf.pages[-1].extract_text()
    in_pack = {
        p.ref
        for item in next(m for m in browse.meetings() if paths.meeting_pack(m) == PACK).agenda
        for p in item.proposals
    }
    expected = [f for f in browse.findings if f.ref in in_pack]
    assert expected, "the fixture has a figure that does not add up"
    for finding in expected:
        assert finding.where() in appendix
    assert not [f for f in browse.findings if f.ref and f.ref not in in_pack and f.where() in appendix]


def test_figures_in_the_pdfs_are_the_web_pages_figures(browse_pdfs, browse):
    pack = text(reader(browse_pdfs / PACK))
    meeting = (browse_pdfs / PACK.replace("pack.pdf", "index.html")).read_text(encoding="utf-8")
    row = re.search(r'<tr class="grand-total">(.*?)</tr>', meeting)[1]
    cells = [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]
    assert " ".join(cells) in pack  # "−1.160 −1.315 −0.280* −2.465*"
    # marked as the site's own
    assert "Total calculated by this site from the figures above" in re.sub(r"\s+", " ", pack)
    for p in browse.proposals:
        web = page_figures(browse_pdfs / paths.file_of(paths.proposal(p)))
        printed = Counter(FIGURE.findall(text(reader(browse_pdfs / paths.proposal_pdf(p)))))
        assert web and web <= printed, p.ref


def test_a_pack_explains_its_words_once_and_its_records_link_there(browse_pdfs):
    pdf = reader(browse_pdfs / PACK)
    printed = text(pdf)
    assert [title for _, title, _ in outline(pdf)].count("Words used in this pack") == 1
    assert "Words used on this page" not in printed  # not once for each record
    words = next(page for _, title, page in outline(pdf) if title == "Words used in this pack")
    destinations = {
        name: pdf.get_destination_page_number(dest) + 1 for name, dest in pdf.named_destinations.items()
    }
    to_words = {target for kind, target in links(pdf) if kind == "internal" and target.startswith("word-")}
    assert "word-net-budget" in to_words
    assert {destinations[target] for target in to_words} <= {words, words + 1}
    assert "Net budget" in pdf.pages[words - 1].extract_text()
    single = reader(browse_pdfs / "proposals/ex001/ex001.pdf")
    assert [title for _, title, _ in outline(single)].count("Words used in this proposal") == 1  # its own
    assert ("internal", "word-net-budget") in links(single)


# -- Links -------------------------------------------------------------------------------------


def test_links_inside_a_pack_are_internal_and_records_link_back_to_the_web(browse_pdfs):
    pdf = reader(browse_pdfs / PACK)
    every = links(pdf)
    assert ("internal", "proposal-ex001") in every  # the summary table's EX001
    assert ("uri", "../../../proposals/ex001/index.html") in every
    single = links(reader(browse_pdfs / "proposals/ex001/ex001.pdf"))
    assert ("uri", "index.html") in single  # the PDF sits beside its web page
    for rel in [PACK, "proposals/ex001/ex001.pdf", "publication.pdf"]:
        folder = (browse_pdfs / rel).parent
        for kind, target in links(reader(browse_pdfs / rel)):
            if kind == "uri" and not urlsplit(target).scheme:
                assert (folder / unquote(urlsplit(target).path)).resolve().is_file(), (rel, target)


def test_with_a_base_url_the_pdfs_link_to_the_absolute_web_pages(content, tmp_path):
    root = content({"site.yaml": SITE + "base_url: https://example.org/scrutiny/\n"})
    build(root, tmp_path / "site", pdf="default", jobs=1)
    single = links(reader(tmp_path / "site/proposals/sc001/sc001.pdf"))
    assert ("uri", "https://example.org/scrutiny/proposals/sc001/") in single
    pack = links(reader(tmp_path / "site/committees/budget/2018-01-15/pack.pdf"))
    assert ("uri", "https://example.org/scrutiny/committees/budget/2018-01-15/") in pack
    assert ("internal", "proposal-sc001") in pack


# -- What the PDF says about itself ---------------------------------------------------------


def test_pdfs_carry_title_author_subject_language_a_content_date_and_tags(browse_pdfs):
    pack = reader(browse_pdfs / PACK)
    assert pack.metadata.title == (
        "Budget Scrutiny Working Group, 15 January 2018: Savings proposals 2019/20 (agenda pack)"
    )
    assert pack.metadata.author == "Exampleshire County Council"
    assert pack.metadata.subject.startswith("Agenda pack for the meeting of Budget Scrutiny Working Group")
    assert pack.metadata["/CreationDate"].startswith("D:20180115")
    catalog = pack.trailer["/Root"]
    assert catalog["/Lang"] == "en-GB"
    assert catalog["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in catalog
    single = reader(browse_pdfs / "proposals/ex001/ex001.pdf")
    assert single.metadata.title == "EX001: Reduce non-recyclable waste at household waste recycling centres"
    assert single.metadata.subject.startswith("Savings proposal EX001 (Waste)")
    assert [title for depth, title, _ in outline(single) if depth == 0] == [
        single.metadata.title,
        "Words used in this proposal",
    ]


def test_the_whole_publication_has_every_proposal_and_report(browse_pdfs, browse):
    pdf = reader(browse_pdfs / "publication.pdf")
    marks = outline(pdf)
    assert [t for d, t, _ in marks if d == 0] == [
        "Contents",
        "Savings by service",
        "Proposals",
        "Reports",
        "Words used in this publication",
        "Appendix: what the checks found",
    ]
    records = [f"{p.ref}: {p.title}" for p in browse.proposals] + [
        f"Report: {r.title}" for r in browse.reports
    ]
    assert [t for d, t, _ in marks if d == 1] == records
    assert contents(pdf) == {t: page for d, t, page in marks if d < 2 and t != "Contents"}


# -- Paper ---------------------------------------------------------------------------------


def test_a_long_table_repeats_its_header_rows_on_every_page_and_its_total_once(content, tmp_path):
    rows = "".join(f'      - [Placement {n}, "1,000", "2,000", "3,000"]\n' for n in range(1, 91))
    root = content(
        {
            "proposals/sc001.yaml": PROPOSAL
            + (
                "tables:\n  - caption: Cost avoidance by placement\n    unit: pounds\n"
                '    columns: [Placement, "2019/20", "2020/21", Sum]\n    rows:\n'
                + rows
                + '    total: [All placements, "90,000", "180,000", "270,000"]\n'
            )
        }
    )
    build(root, tmp_path / "site", pdf="default", jobs=1)
    pdf = reader(tmp_path / "site/proposals/sc001/sc001.pdf")
    pages = [t for t in (page.extract_text() for page in pdf.pages) if re.search(r"Placement \d+ 1,000", t)]
    assert len(pages) >= 2
    for page in pages:
        assert "Placement 2019/20 2020/21 Sum" in page
    whole = text(pdf)
    assert whole.count("All placements 90,000 180,000 270,000") == 1
    assert whole.index("All placements") > whole.index("Placement 90 ")


def test_the_same_content_gives_the_same_pdf_bytes(content, tmp_path):
    root = content({})
    build(root, tmp_path / "a" / "site", pdf="default", jobs=1)
    build(root, tmp_path / "b" / "site", pdf="default", jobs=1)  # its own cache: rendered again
    a, b = digest(tmp_path / "a" / "site"), digest(tmp_path / "b" / "site")
    assert [rel for rel in a if rel.endswith(".pdf")] == [
        "committees/budget/2018-01-15/pack.pdf",
        "proposals/sc001/sc001.pdf",
    ]
    assert a == b


def test_a_proposal_on_two_items_is_printed_once_and_pointed_to(content, tmp_path):
    committee = COMMITTEE + "      - title: Waste again\n        proposals: [SC001]\n"
    build(content({"committees/budget.yaml": committee}), tmp_path / "site", pdf="default", jobs=1)
    pdf = reader(tmp_path / "site/committees/budget/2018-01-15/pack.pdf")
    assert [(d, t) for d, t, _ in outline(pdf) if d < 2] == [
        (0, "Contents"),
        (0, "Item 1: Option forms"),
        (1, "SC001: Reduce waste"),
        (0, "Item 2: Waste again"),
        (0, "Words used in this pack"),
        (0, "Appendix: what the checks found"),
    ]
    assert "In this item: SC001 (printed earlier in this pack)." in text(pdf)
    assert links(pdf).count(("internal", "proposal-sc001")) >= 3  # both items' lists and the table


def test_with_one_job_ctrl_c_stops_the_pdfs_at_once_and_an_error_waits_for_its_result():
    from scrutinypack.render.pdf.layout import workers

    def stopped():
        raise KeyboardInterrupt

    def failed():
        raise ValueError("a paper WeasyPrint cannot set")

    with workers(1) as pool:
        future = pool.submit(failed)  # kept, as a pool of processes keeps it
        with pytest.raises(ValueError):
            future.result()
        with pytest.raises(KeyboardInterrupt):
            pool.submit(stopped)  # not held back until every PDF is planned


# -- The cache ---------------------------------------------------------------------------------


def test_a_rebuild_lays_out_nothing_and_an_edit_only_the_papers_that_show_it(tmp_path):
    root, out = tmp_path / "content", tmp_path / "site"
    shutil.copytree(BROWSE, root)
    first = build(root, out, pdf="default", jobs=2)
    site = first.result.site
    assert len(first.pdf.made) == 12 and first.pdf.reused == []
    records = [
        name for name in first.pdf.laid_out if name.startswith(("proposal-", "report-")) and "#" not in name
    ]
    assert sorted(records) == sorted(
        {f"proposal-{p.slug}" for p in site.proposals}
        | {
            f"report-{r.slug}"
            for m in site.meetings()
            for i in m.agenda
            for r in site.reports
            if r.slug == i.report
        }
    )  # each once
    before = digest(out)
    again = build(root, out, pdf="default", jobs=2)
    assert again.rendered == 0 and again.pdf is None  # nothing changed: nothing made at all
    assert digest(out) == before
    (tmp_path / ".site-cache" / "state.json").unlink()  # forget the last build: the paper cache remains
    again = build(root, out, pdf="default", jobs=2)
    assert again.pdf.laid_out == [] and len(again.pdf.made) == 12
    assert digest(out) == before
    assert (tmp_path / ".site-cache" / "pdf").is_dir()  # beside the output folder, kept by the swap

    edited = build(root, out, pdf="default", jobs=2) if _retitle(root) else None
    showing = {
        paths.meeting_pack(m)
        for m in site.meetings()
        if any(p.slug == "ex004" for item in m.agenda for p in item.proposals)
    }
    assert len(showing) == 3
    assert edited.pdf.made == sorted(showing | {"proposals/ex004/ex004.pdf"})
    laid_out = set(edited.pdf.laid_out)
    # the record once for all four PDFs, the summary tables that list it, the packs' contents,
    # and the running headers that carry its title: nothing else
    assert [name for name in laid_out if name.startswith(("proposal-", "report-"))] == ["proposal-ex004"]
    items = {name for name in laid_out if "#item-" in name}
    assert {name.split("#")[0] for name in items} == showing
    # in each PDF that shows the new title, the sheet of running headers that has it (and the
    # next, where the new title moves the end of a sheet); the page labels are drawn from
    # their sample, which stays as it was
    stamps = {name for name in laid_out if "#stamps-" in name}
    sheets = Counter(name.split("#")[0] for name in stamps)
    assert set(sheets) == showing | {"proposals/ex004/ex004.pdf"} and max(sheets.values()) <= 2
    assert laid_out - items - stamps - {"proposal-ex004"} == {f"{pack}#contents" for pack in showing}
    assert "Switch all street lights" in text(reader(out / "proposals/ex004/ex004.pdf"))


def _retitle(root: Path) -> bool:
    proposal = root / "proposals" / "ex004.yaml"
    proposal.write_text(
        proposal.read_text(encoding="utf-8").replace(
            "Switch street lights to LED", "Switch all street lights to LED"
        ),
        encoding="utf-8",
    )
    return True


def test_after_an_edit_the_packs_are_what_a_cold_build_of_the_edited_content_makes(tmp_path):
    root, out = tmp_path / "content", tmp_path / "site"
    shutil.copytree(BROWSE, root)
    build(root, out, pdf="default", jobs=2)
    _retitle(root)
    build(root, out, pdf="default", jobs=2)  # from the cache: the record laid out again
    cold = tmp_path / "cold" / "site"
    build(root, cold, pdf="default", jobs=2)  # its own cache: everything laid out
    for pack in ("committees/budget-scrutiny/2018-01-15/pack.pdf", "proposals/ex004/ex004.pdf"):
        edited, fresh = reader(out / pack), reader(cold / pack)
        assert outline(edited) == outline(fresh)
        assert "Switch all street lights" in " ".join(title for _, title, _ in outline(edited))
        assert contents(edited) == contents(fresh)
        assert [page.extract_text() for page in edited.pages] == [page.extract_text() for page in fresh.pages]
        assert tagged_structure(out / pack) == tagged_structure(cold / pack)
        assert structure_problems(out / pack) == []
        assert (out / pack).read_bytes() == (cold / pack).read_bytes()


def test_a_contents_longer_or_shorter_than_guessed_is_laid_out_again_with_the_right_numbers(
    content, tmp_path, monkeypatch
):
    import scrutinypack.render.pdf as pdf_package

    monkeypatch.setattr(pdf_package, "ENTRIES_A_CONTENTS_PAGE", 1)  # guess one page an entry: far too many
    report = build(content({}), tmp_path / "site", pdf="default", jobs=1)
    pack = "committees/budget/2018-01-15/pack.pdf"
    assert report.pdf.laid_out.count(f"{pack}#contents") == 2  # the guess, then its real length
    pdf = reader(tmp_path / "site" / pack)
    assert contents(pdf) == {
        title: page for depth, title, page in outline(pdf) if depth < 2 and title != "Contents"
    }
    assert "Contents" in pdf.pages[1].extract_text() and "Item 1" in pdf.pages[2].extract_text()


# -- Tags ------------------------------------------------------------------------------------


def test_each_pdf_has_one_structure_tree_that_reaches_every_tagged_thing(browse_pdfs):
    for rel in [PACK, "proposals/ex001/ex001.pdf", "publication.pdf"]:
        assert structure_problems(browse_pdfs / rel) == [], rel
    pack = tagged_structure(browse_pdfs / PACK)
    assert pack[0] == ("/Document", 0) and [role for role, _ in pack].count("/Document") == 1
    # the papers under the Document: cover, contents, item 1, its first record
    first = [next(role for role, _ in paper if role.startswith("/H")) for paper in papers_of(pack)]
    assert first[:4] == ["/H1", "/H1", "/H1", "/H2"]  # the record one level under its item
    single = papers_of(tagged_structure(browse_pdfs / "proposals/ex001/ex001.pdf"))
    assert next(role for role, _ in single[0] if role.startswith("/H")) == "/H1"  # the same record alone


def papers_of(structure: list[tuple[str, int]]) -> list[list[tuple[str, int]]]:
    """The structure split at each element right under the Document: one run a paper."""
    papers = []
    for role, depth in structure[1:]:
        if depth == 1:
            papers.append([])
        papers[-1].append((role, depth))
    return papers


def test_page_numbers_and_running_headers_are_artifacts_outside_the_tags(browse_pdfs):
    pdf = reader(browse_pdfs / PACK)
    stamped, wrong = stamped_pages(browse_pdfs / PACK)
    assert wrong == []
    assert stamped == list(range(2, len(pdf.pages) + 1))  # every page but the cover
    for page in pdf.pages[1:]:
        assert "Page " in page.extract_text()


def test_the_pdfs_pass_the_pdfua_packages_checks(browse_pdfs):
    pdfua = pytest.importorskip("pdfua", reason="the pdfua package is not installed (pip install pdfua)")
    for rel in [PACK, "proposals/ex001/ex001.pdf", "publication.pdf"]:
        report = pdfua.validate(str(browse_pdfs / rel))
        errors = [(f.rule_id, f.message) for f in report.findings if f.severity.name == "ERROR"]
        assert errors == [], rel
        ran = {outcome.rule_id for outcome in report.outcomes if not outcome.skipped_reason}
        # the document-level rules ran: tagged, marked, untagged content, language, title
        assert {
            "UA-01-005",
            "UA-01-002",
            "UA-01-003",
            "UA-06-001",
            "UA-07-001",
            "UA-07-002",
            "UA-28-004",
            "UA-18-005",
        } <= ran


# -- Nothing from the network, nothing half-written ----------------------------------------


def test_the_fetcher_serves_assets_only_and_refuses_the_network_and_other_files(tmp_path):
    assets = tmp_path / "content" / "assets"
    assets.mkdir(parents=True)
    (assets / "plan.txt").write_text("the plan", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("not for a PDF", encoding="utf-8")
    fetcher = RestrictedFetcher([assets])
    assert fetcher.fetch((assets / "plan.txt").as_uri()).read() == b"the plan"
    for url in (
        "https://example.org/tracker.png",
        "http://127.0.0.1:8000/x.png",
        "ftp://example.org/x",
        (tmp_path / "secret.txt").as_uri(),
        assets.as_uri() + "/../../secret.txt",
        "file://otherhost" + str(assets / "plan.txt"),
    ):
        with pytest.raises(FetchRefused) as refused:
            fetcher.fetch(url)
        assert "refused" in str(refused.value)
    job = Job(
        "proposals/x/x.pdf",
        '<p>A tracker: <img src="https://example.org/tracker.png" alt="">',
        (str(assets),),
    )
    data, _pages, problems = lay_out(job)
    assert data is None
    assert problems[0][0] == "https://example.org/tracker.png"
    assert "fetches nothing from the network" in problems[0][1]


REPORT = """\
---
title: Waste strategy
committee: budget
date: 2018-01-15
---
The plan for the next three years.
"""


@pytest.mark.parametrize("asset", [None, b"this is not a PNG"], ids=["missing", "unreadable"])
def test_a_broken_item_fails_naming_it_and_the_previous_pdf_stays(content, tmp_path, asset):
    committee = COMMITTEE + "      - title: Waste strategy\n        report: waste\n"
    root = content({"committees/budget.yaml": committee, "reports/waste.md": REPORT})
    out = tmp_path / "site"
    build(root, out, pdf="default", jobs=1)
    before = digest(out)
    (root / "reports/waste.md").write_text(REPORT + "\n![The plan](/assets/plan.png)\n", encoding="utf-8")
    if asset is not None:
        (root / "assets").mkdir()
        (root / "assets/plan.png").write_bytes(asset)
    with pytest.raises(PdfError) as error:
        build(root, out, pdf="default", jobs=1)
    message = str(error.value)
    assert message.startswith("committees/budget/2018-01-15/pack.pdf could not be made:")
    assert "Item 2 · Report: Waste strategy (reports/waste.md)" in message
    assert "assets/plan.png" in message and str(root) not in message
    assert digest(out) == before
    assert not list(tmp_path.glob(".site.*"))


# -- The command line ----------------------------------------------------------------------


def test_the_cli_makes_pdfs_by_default_skips_them_with_no_pdf_and_adds_the_publication(
    content, tmp_path, capsys
):
    root, out = content({}), tmp_path / "site"
    assert main(["build", "--content", str(root), "--out", str(out), "--jobs", "1"]) == 0
    printed = capsys.readouterr()
    # the record, its words, and the pack's cover, item, words and appendix, the sheets of
    # running headers (one for the proposal's PDF, two for the pack's) and the sample page
    # label; then the pack's contents
    assert "Laying out the papers for the PDFs" in printed.err
    assert "PDFs: 2 made from their papers, 11 laid out, 0 unchanged" in printed.out
    # the log's counts are counts on the way: none of them could pass for the total
    on_the_way = [int(n) for n in re.findall(r"PDF papers: (\d+) laid out", printed.err)]
    assert on_the_way and on_the_way == sorted(on_the_way) and max(on_the_way) < 10
    assert (out / "proposals/sc001/sc001.pdf").is_file()

    assert main(["build", "--content", str(root), "--out", str(out), "--no-pdf"]) == 0
    assert not list(out.rglob("*.pdf")) and "PDFs:" not in capsys.readouterr().out
    assert broken_links(out) == []

    assert main(["build", "--content", str(root), "--out", str(out), "--pdf", "all"]) == 0
    # the publication's cover, summary, proposals, words, appendix, contents and four sheets of
    # running headers; the record, the pack's papers, the other PDFs' headers and the sample
    # label kept
    assert "PDFs: 3 made from their papers, 10 laid out, 11 unchanged" in capsys.readouterr().out
    assert (out / "publication.pdf").is_file() and broken_links(out) == []

    with pytest.raises(SystemExit):
        main(["build", "--content", str(root), "--out", str(out), "--jobs", "0"])


# -- The bundled site ----------------------------------------------------------------------


def test_the_bundled_lancashire_packs_list_every_proposal_on_its_page(tmp_path):
    out = tmp_path / "site"
    report = build(ROOT / "content", out, pdf="default", jobs=2)
    site = report.result.site
    assert len(report.pdf.made) == len(site.proposals) + len(site.meetings())
    for meeting in site.meetings():
        pdf = reader(out / paths.meeting_pack(meeting))
        marks = outline(pdf)
        refs = [p.ref for item in meeting.agenda for p in item.proposals]
        assert [t.split(":")[0] for d, t, _ in marks if d == 1] == refs
        assert contents(pdf) == {t: page for d, t, page in marks if d < 2 and t != "Contents"}
        web = (out / paths.file_of(paths.meeting(meeting))).read_text(encoding="utf-8")
        row = re.search(r'<tr class="grand-total">(.*?)</tr>', web)[1]
        cells = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]
        item = next(page for d, t, page in marks if t.startswith("Item 1: "))
        first_record = next(page for d, _, page in marks if d == 1)
        table = "\n".join(page.extract_text() for page in pdf.pages[item - 1 : first_record])
        assert " ".join(cells) in table  # the summary table's total, as the meeting's page shows it
