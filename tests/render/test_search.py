"""The search index is built with the site, covers proposals, meetings and reports, carries
the filters the search page offers, and is the same bytes on every build."""

import json
import re

from scrutinypack.build.builder import build
from scrutinypack.build.reading import read_site
from scrutinypack.render import search

from ..support.content import BROWSE
from ..support.sitecheck import digest


def test_the_index_covers_proposals_meetings_and_reports(browse_site):
    entry = json.loads((browse_site / "pagefind/pagefind-entry.json").read_text())
    assert entry["languages"]["en-gb"]["page_count"] == 9 + 3 + 1 + 1  # and the delivery report
    assert (browse_site / "pagefind/pagefind.js").is_file()
    assert not list((browse_site / "pagefind").glob("pagefind-ui.*")), "the site has its own search page"


def test_only_record_pages_are_indexed(browse_site):
    indexed = {
        p.relative_to(browse_site).as_posix()
        for p in browse_site.rglob("index.html")
        if "data-pagefind-body" in p.read_text()
    }
    assert "proposals/ex001/index.html" in indexed
    assert "committees/budget-scrutiny/2018-01-15/index.html" in indexed
    assert "reports/mtfs-2018/index.html" in indexed
    assert "index.html" not in indexed and "proposals/index.html" not in indexed


def test_a_proposal_page_carries_its_filters(browse_site):
    page = (browse_site / "proposals/ex001/index.html").read_text()
    filters = re.findall(r'data-pagefind-filter="(\w+)\[data-value\]" data-value="([^"]*)"', page)
    assert filters == [
        ("type", "Proposal"),
        ("service", "Waste"),
        ("status", "Approved"),
        ("committee", "Budget Scrutiny Working Group"),
        ("committee", "Cabinet"),
        ("year", "2019/20"),
        ("year", "2020/21"),
    ]


def test_the_search_page_offers_every_filter_value_the_index_holds(browse_site):
    page = (browse_site / "search/index.html").read_text()
    for name in ("type", "service", "status", "committee", "year"):
        assert f'<select id="filter-{name}" name="{name}">' in page
    assert "<option>Children&#39;s Services</option>" in page
    assert "<option>2017/18</option>" in page  # the meeting of 15 January 2018


def test_meetings_are_filed_under_the_financial_year_they_fall_in():
    site = read_site(BROWSE).site
    meeting = next(m for m in site.meetings() if m.slug == "2018-06-11")
    assert ("year", "2018/19") in search.page_filters(site, "meeting", meeting)
    assert search.financial_year(meeting.date.replace(month=3)) == "2017/18"


def test_the_search_index_is_the_same_bytes_on_every_build(tmp_path):
    """Pagefind writes its filters in hash-map order; the build puts them in order."""
    builds = [tmp_path / name for name in ("a", "b", "c")]
    for out in builds:
        build(BROWSE, out)
    first = digest(builds[0])
    assert any(path.startswith("pagefind/filter/") for path in first)
    for out in builds[1:]:
        assert digest(out) == first


def test_search_and_its_fallbacks_are_on_the_page(browse_site):
    page = (browse_site / "search/index.html").read_text()
    assert '<div class="notice no-js-only">' in page and "Search needs JavaScript" in page
    assert "opened straight from a disk or a file share" in page
    home = (browse_site / "index.html").read_text()
    assert 'action="search/index.html"' in home and 'role="search"' in home
    deep = (browse_site / "committees/budget-scrutiny/2018-01-15/index.html").read_text()
    assert 'action="../../../search/index.html"' in deep


def test_a_site_with_nothing_to_search_yet_builds_without_an_index(content, tmp_path):
    """A new site before its first proposal: Pagefind refuses no pages, so none is asked for."""
    root = content({"proposals/sc001.yaml": None, "committees/budget.yaml": None})
    build(root, tmp_path / "site")
    assert (tmp_path / "site/index.html").is_file() and (tmp_path / "site/search/index.html").is_file()
    assert not (tmp_path / "site/pagefind").exists()
