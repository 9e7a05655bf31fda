"""Search excerpts read as words: what Pagefind indexes from a table keeps its cells apart.

Pagefind takes a page's text as the browser would copy it, with nothing between two cells
written side by side, so "Ref" and "Proposal" became "RefProposal" in the results. The
index is read back here from Pagefind's own fragment files (gzip, a signature, then JSON).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path


def _indexed(site: Path) -> dict[str, str]:
    """Each indexed page's address and the text Pagefind holds for it."""
    pages = {}
    for fragment in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        raw = gzip.decompress(fragment.read_bytes())
        record = json.loads(raw[raw.index(b"{") :])
        pages[record["url"]] = record["content"]
    return pages


def test_a_meeting_summary_table_is_indexed_cell_by_cell(browse_site):
    text = _indexed(browse_site)["/committees/budget-scrutiny/2018-01-15/"]
    assert "Ref Proposal 2019/20 2020/21 2021/22 Total" in text
    assert "RefProposal" not in text


def test_a_note_under_a_title_is_indexed_as_its_own_words(browse_site):
    text = _indexed(browse_site)["/committees/budget-scrutiny/2018-01-15/"]
    assert "calculated by this site from the figures above Its years add up to −0.800" in text
    assert "Review the winter gritting routes Its years add up to −0.200" in text


def test_a_risk_table_is_indexed_apart_from_its_caption(browse_site):
    text = _indexed(browse_site)["/proposals/ex001/"]
    assert "mitigated Risk Mitigation Fly-tipping increases." in text
