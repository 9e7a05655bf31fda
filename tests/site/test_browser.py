"""What a resident meets, in a real headless Chromium (Debian's package, driven by Playwright).

Search finds a proposal, tables sort and filter, a 320 px screen has no sideways scroll, the
keyboard reaches every control and shows where it is, pages do not shift as they load, the
site works without JavaScript, and axe-core finds no WCAG 2.2 AA problem in light or dark
colours. Screenshots of the main pages at 320 and 1280 px are saved in artifacts/screenshots/.

The site is served on 127.0.0.1 from a sub-folder, as a council's web server might serve it.
scripts/test.sh installs what these tests need; whatever is missing, they skip and say why.
"""

from __future__ import annotations

import re

import pytest

from scrutinypack.build.builder import build
from scrutinypack.render import search

from ..support.browsers import AXE, AXE_RULES, CHROMIUM, serving
from ..support.content import BROWSE, ROOT

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed: run sh scripts/test.sh"
)
expect = sync_api.expect

SCREENSHOTS = ROOT / "artifacts" / "screenshots"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Chromium is not installed: sh scripts/test.sh installs Debian's chromium when run as root",
    ),
]

MAIN_PAGES = {
    "home": "",
    "proposals": "proposals/",
    "proposal": "proposals/ex001/",
    "service": "services/libraries/",
    "services": "services/",
    "committee": "committees/budget-scrutiny/",
    "meeting": "committees/budget-scrutiny/2018-01-15/",
    "checks": "checks/",
    "report": "reports/mtfs-2018/",
    "search": "search/index.html?q=library",
    "data": "data/",
    "accessibility": "accessibility/",
    "recommendations": "recommendations/",
    "monitoring": "monitoring/2019-20-quarter-2/",
}


# -- search -------------------------------------------------------------------------------


def test_search_from_any_page_finds_a_known_proposal(visit, server):
    page = visit("committees/budget-scrutiny/2018-06-11/")
    page.fill("#site-search-q", "gritting")
    page.press("#site-search-q", "Enter")
    page.wait_for_url(re.compile(r"/search/index\.html\?q=gritting$"))
    result = page.locator("#results a").first
    expect(result).to_have_text("EX005: Review the winter gritting routes")
    result.click()
    page.wait_for_url(server + "proposals/ex005/")
    expect(page.locator("h1")).to_contain_text("Review the winter gritting routes")


def test_a_search_index_in_parts_finds_what_one_index_finds(browser, tmp_path, monkeypatch):
    """A large site's index is built in parts (Pagefind holds an index in memory while it
    builds it); the search page merges them, so results and filters are the same."""
    monkeypatch.setattr(search, "PART_SIZE", 4)  # 13 pages: four parts
    build(BROWSE, tmp_path / "site")
    assert (tmp_path / "site/pagefind-4/pagefind-entry.json").is_file()
    with serving(tmp_path / "site", tmp_path / "www") as url:
        page = browser.new_page()
        page.goto(url + "search/index.html?q=library")
        status = page.locator("#search-status")
        expect(status).to_have_text("3 results for “library”.")
        page.fill("#q", "")
        page.select_option("#filter-service", "Highways")
        expect(status).to_have_text("2 results (service: Highways).")
        page.close()


def test_search_filters_narrow_the_results(visit):
    page = visit("search/index.html?q=library")
    status = page.locator("#search-status")
    expect(status).to_have_text("3 results for “library”.")
    page.select_option("#filter-type", "Proposal")
    expect(status).to_have_text("2 results for “library” (type: Proposal).")
    assert "type=Proposal" in page.url
    page.fill("#q", "")
    page.select_option("#filter-type", "")
    page.select_option("#filter-service", "Highways")
    expect(status).to_have_text("2 results (service: Highways).")
    expect(page.locator("#results h3")).to_have_count(2)
    titles = sorted(page.locator("#results h3").all_inner_texts())
    assert [t.split(":")[0] for t in titles] == ["EX004", "EX005"]


def test_search_opened_from_a_disk_says_it_cannot_run(visit, browse_site):
    page = visit((browse_site / "search" / "index.html").as_uri())
    notice = page.locator("#search-unavailable")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("opened straight from a disk or file share")


# -- tables -------------------------------------------------------------------------------


def column(page, index: int) -> list[str]:
    return page.locator(f"#all-proposals tbody tr:visible td:nth-child({index})").all_inner_texts()


def figure(text: str):
    text = text.replace("−", "-").replace(",", "").strip()
    return float(text) if re.fullmatch(r"-?\d+(\.\d+)?", text) else None


def test_sorting_a_column_changes_the_order(visit):
    page = visit("proposals/")
    refs = column(page, 1)
    assert refs == ["EX001", "EX002", "EX003", "EX004", "EX005", "EX010", "EX011", "EX020", "EX021"]
    total = page.get_by_role("button", name="Total", exact=True)
    heading = page.locator("#all-proposals thead th").last

    total.click()
    expect(heading).to_have_attribute("aria-sort", "ascending")
    figures = [figure(t) for t in column(page, 8)]
    stated = [f for f in figures if f is not None]
    assert stated == sorted(stated) and figures[-2:] == [None, None]  # no figure: last
    assert column(page, 1) != refs

    total.click()
    expect(heading).to_have_attribute("aria-sort", "descending")
    stated = [f for f in (figure(t) for t in column(page, 8)) if f is not None]
    assert stated == sorted(stated, reverse=True)
    assert column(page, 1)[0] == "EX004"

    page.get_by_role("button", name="Proposal", exact=True).click()
    titles = column(page, 2)
    assert titles == sorted(titles, key=str.lower)
    expect(heading).not_to_have_attribute("aria-sort", re.compile("."))


def test_sorting_a_grouped_table_keeps_rows_in_their_groups(visit):
    page = visit("committees/budget-scrutiny/2018-01-15/")
    table = page.locator("table.summary").first
    groups_before = table.locator("tr.group").all_inner_texts()
    table.get_by_role("button", name="Proposal", exact=True).click()
    assert table.locator("tr.group").all_inner_texts() == groups_before
    libraries = table.locator("tbody", has=page.locator("tr.group", has_text="Libraries"))
    assert libraries.locator("tr:not(.group):not(.subtotal) td:first-child").all_inner_texts() == [
        "EX002",
        "EX003",
    ]
    assert libraries.locator("tr").last.get_attribute("class") == "subtotal"


def test_filtering_a_table_hides_the_rows_that_do_not_match(visit):
    page = visit("proposals/")
    status = page.locator(".table-filter-status")
    page.locator(".table-filter input").fill("library")
    assert column(page, 1) == ["EX002", "EX003"]
    expect(status).to_have_text("Showing 2 of 9 proposals. The totals are for all 9.")
    page.locator(".table-filter select[data-column='3']").select_option("Proposed")
    assert column(page, 1) == ["EX003"]
    page.locator(".table-filter input").fill("gritting")
    expect(status).to_have_text("No proposals match.")
    page.locator(".table-filter input").fill("")
    page.locator(".table-filter select[data-column='3']").select_option("")
    assert len(column(page, 1)) == 9
    expect(status).to_have_text("")


# -- small screens, keyboard, layout -----------------------------------------------------


@pytest.mark.parametrize("name", MAIN_PAGES)
def test_a_320px_screen_has_no_sideways_scroll(visit, name):
    page = visit(MAIN_PAGES[name], width=320)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


FOCUSABLE = """() => {
  const all = [...document.querySelectorAll(
    'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])')]
    .filter(e => !e.disabled && e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden');
  all.forEach((e, i) => { e.dataset.control = String(i); });
  return all.map(e => e.outerHTML.slice(0, 80));
}"""

FOCUSED = """() => {
  const e = document.activeElement, style = getComputedStyle(e);
  const shown = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
    || style.boxShadow !== 'none' || style.backgroundColor === 'rgb(255, 221, 0)';
  return [e.dataset.control ?? null, shown];
}"""


@pytest.mark.parametrize("name", ["home", "proposals", "proposal", "meeting", "search"])
def test_the_keyboard_reaches_every_control_and_shows_where_it_is(visit, name):
    page = visit(MAIN_PAGES[name], width=320 if name == "proposal" else 1280)
    controls = page.evaluate(FOCUSABLE)
    reached, unmarked = set(), []
    for _ in range(len(controls) + 3):
        page.keyboard.press("Tab")
        control, shown = page.evaluate(FOCUSED)
        if control is not None:
            reached.add(int(control))
            if not shown:
                unmarked.append(controls[int(control)])
    assert [controls[i] for i in range(len(controls)) if i not in reached] == []
    assert unmarked == []


def test_the_first_tab_is_the_skip_link(visit):
    page = visit("proposals/")
    page.keyboard.press("Tab")
    expect(page.locator("a.skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#main$"))
    expect(page.locator("main")).to_be_focused()


LAYOUT_SHIFT = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => { for (const e of list.getEntries()) total += e.value; })
    .observe({type: 'layout-shift', buffered: true});
  setTimeout(() => resolve(total), 300);
})"""


@pytest.mark.parametrize("name", ["home", "proposals", "proposal", "meeting"])
def test_pages_do_not_shift_as_they_load(visit, name):
    page = visit(MAIN_PAGES[name], width=320)
    assert page.evaluate(LAYOUT_SHIFT) == 0


def test_without_javascript_every_table_is_whole_and_search_says_why_not(visit):
    page = visit("proposals/", js=False)
    assert len(column(page, 1)) == 9
    assert page.locator("button.sort-button").count() == 0
    expect(page.locator(".table-filter")).to_be_hidden()
    search = visit("search/index.html", js=False)
    expect(search.locator("main")).to_contain_text("Search needs JavaScript")
    expect(search.locator(".search-results")).to_be_hidden()


# -- accessibility and screenshots ---------------------------------------------------------

AXE_PAGES = [
    "home",
    "proposals",
    "proposal",
    "service",
    "committee",
    "meeting",
    "checks",
    "services",
    "report",
    "search",
    "accessibility",
    "data",
    "recommendations",
    "monitoring",
]
needs_axe = pytest.mark.skipif(
    not AXE.is_file(),
    reason="axe-core is not installed: run sh scripts/test.sh (npm install axe-core into .cache/npm)",
)


@needs_axe
@pytest.mark.parametrize("scheme,width", [("light", 1280), ("dark", 320)])
@pytest.mark.parametrize("name", AXE_PAGES)
def test_axe_finds_no_accessibility_problem(visit, name, scheme, width):
    assert_no_axe_violation(visit(MAIN_PAGES[name], width=width, scheme=scheme))


@needs_axe
@pytest.mark.parametrize("scheme,width", [("light", 320), ("dark", 1280)])
def test_axe_finds_no_problem_in_the_accessibility_statement_at_either_width(visit, scheme, width):
    """The statement, in the two pairings the test above leaves out."""
    assert_no_axe_violation(visit(MAIN_PAGES["accessibility"], width=width, scheme=scheme))


def assert_no_axe_violation(page) -> None:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("rules => axe.run(document, {runOnly: {type: 'tag', values: rules}})", AXE_RULES)
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]
    assert problems == []
    assert len(result["passes"]) > 20


COLOURS = """() => [getComputedStyle(document.querySelector('.site-header')).backgroundColor,
  getComputedStyle(document.querySelector('.site-footer a')).color,
  getComputedStyle(document.querySelector('.site-logo')).height,
  document.querySelector('.site-logo').naturalWidth]"""


def rgb(colour: str) -> str:
    return "rgb({}, {}, {})".format(*(int(colour[i : i + 2], 16) for i in (1, 3, 5)))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_brand_colour_and_logo_are_what_the_browser_shows(visit, scheme):
    """tests/fixtures/browse has brand colour #0b5d73: the header behind white text in both
    schemes; links in it in light colours, its lighter shade in dark."""
    from scrutinypack.colour import dark_link

    header, link, logo_height, logo_width = visit("proposals/", scheme=scheme).evaluate(COLOURS)
    assert header == rgb("#0b5d73")
    assert link == rgb("#0b5d73" if scheme == "light" else dark_link("#0b5d73"))
    assert logo_height == "48px" and logo_width > 0  # 3rem, and the image loaded


def test_main_pages_are_photographed_at_320_and_1280(visit):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, path in MAIN_PAGES.items():
        for width in (320, 1280):
            page = visit(path, width=width)
            target = SCREENSHOTS / f"{name}-{width}.png"
            page.screenshot(path=str(target), full_page=True)
            assert target.stat().st_size > 5000
