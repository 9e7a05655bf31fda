"""On paper, what a member or resident reads, not what the web page offers: no downloads, no
open-data row, no content file, no web address that only names the site's folder; and
contents pages that are full rather than a page for a few lines.

The PDFs are real WeasyPrint output read back with pypdf; a web page's print stylesheet is
tried in a real headless Chromium.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from scrutinypack.build.builder import build

from ..support.browsers import chromium
from ..support.content import BROWSE, SITE, write_content

pytestmark = pytest.mark.pdf

PACK = "committees/budget-scrutiny/2018-01-15/pack.pdf"  # in tests/fixtures/browse
WEB_ONLY = (
    "Source file",
    "row of the open data",
    "published site's folder",
    "Download",
    "Add these meetings to your calendar",
)


def _text(pdf: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(pdf).pages)


@pytest.fixture(scope="module")
def browse_pdfs(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("residents-print") / "site"
    build(BROWSE, out, pdf="default", jobs=1)
    return out


@pytest.mark.parametrize("pdf", [PACK, "proposals/ex001/ex001.pdf"])
def test_a_pdf_carries_no_web_only_text(browse_pdfs, pdf):
    printed = _text(browse_pdfs / pdf)
    assert "Reduce non-recyclable waste" in printed
    assert [words for words in WEB_ONLY if words in printed] == []


def test_a_pdf_names_no_web_address_when_the_site_has_none(browse_pdfs):
    printed = _text(browse_pdfs / PACK)
    assert "Web page" not in printed and "index.html" not in printed


@pytest.mark.browser
def test_a_web_page_prints_without_its_web_only_lines(browse_pdfs):
    with chromium() as browser:
        page = browser.new_page()
        page.goto((browse_pdfs / "proposals/ex005/index.html").as_uri())
        on_screen = page.inner_text("main")
        page.emulate_media(media="print")
        on_paper = page.inner_text("main")
    assert "Source file" in on_screen and "row of the open data" in on_screen
    assert "Review the winter gritting routes" in on_paper
    assert [words for words in WEB_ONLY + ("proposals/ex005.yaml",) if words in on_paper] == []


def test_a_packs_contents_fill_their_page_before_turning_over(tmp_path):
    """50 proposals and the rest of the contents fit on one page (they took a page and a
    bit, the second page holding a few lines)."""
    refs = [f"SC{n:03d}" for n in range(1, 51)]
    files = {
        "site.yaml": SITE,
        "committees/budget.yaml": """\
        name: Budget Scrutiny
        meetings:
          - date: 2018-01-15
            agenda:
              - title: Option forms
                proposals: {committee: this}
        """,
    }
    files |= {
        f"proposals/{ref.lower()}.yaml": f"ref: {ref}\ntitle: Proposal {ref}\ncommittees: [budget]\n"
        for ref in refs
    }
    build(write_content(tmp_path / "content", files), tmp_path / "site", pdf="default", jobs=1)
    pack = PdfReader(tmp_path / "site/committees/budget/2018-01-15/pack.pdf")
    pages = [page.extract_text() for page in pack.pages]
    contents = [number for number, page in enumerate(pages, 1) if "15 January 2018 Contents" in page]
    assert contents == [2]
    assert all(f"{ref}: Proposal {ref}" in pages[1] for ref in refs)
    assert "Appendix: what the checks found" in pages[1]
