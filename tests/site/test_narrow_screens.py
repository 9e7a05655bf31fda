"""Real-length names on a 320 px screen, in a real headless Chromium: every page template.

The site is the operational-savings paper of tests/fixtures/operational with the longest
service name, title, ref, committee name and agenda item title of the seed papers added, and
a word of 120 letters with no break in titles, captions and text. No page may scroll
sideways: a table may scroll inside its own container, the page may not.
"""

from __future__ import annotations

import shutil
import textwrap

import pytest

from scrutinypack import paths
from scrutinypack.build.builder import build
from scrutinypack.build.reading import read_site
from scrutinypack.cli import main

from ..support.browsers import AXE, AXE_RULES, CHROMIUM, serving
from ..support.content import ROOT

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Chromium is not installed: sh scripts/test.sh installs Debian's chromium when run as root",
)

OPERATIONAL = ROOT / "tests" / "fixtures" / "operational"
WORD = "Transformationworkstream" * 5  # 120 letters, no break
assert len(WORD) == 120
# The longest of the seed papers (content/ and examples/), as printed.
LONGEST_REF = "A/R.6.255"
LONGEST_TITLE = (
    "Supporting Carers of Children and Young People Looked After Together (SCAYT+) –(for consultation only)"
)
LONGEST_SERVICE = "Review of the management structure across Education and Children's Services"
SECOND_SERVICE = (
    "Adult Social Care Community (Older People (OP) / Physical Disability (PD))"  # in the fixture
)
LONGEST_COMMITTEE = "Children and Families Overview and Scrutiny Committee"
LONGEST_ITEM = (
    "Appendix 1: Children's Services – Proposed Savings Options (Subject to consultation where appropriate)"
)

STATEMENT = f"""\
    brand:
      footer_links:
        - {{label: "{WORD}", url: "https://example.org/{WORD}"}}
    """

FILES = {
    "monitoring/q2.yaml": f"""\
        title: Savings delivery 2025/26, quarter 2, {WORD}
        as_at: 2025-09-30
        year: 2025/26
        note: The {WORD} is behind.
        savings:
          "{LONGEST_REF}":
            target: "1,250,000"
            delivered: "1,000,000"
            forecast: TBC
            shortfall: "250,000"
            rag: amber
            note: The {WORD} slipped.
        """,
    "proposals/ar-6-255.yaml": f"""\
        ref: {LONGEST_REF}
        title: "{LONGEST_TITLE} {WORD}"
        service: "{LONGEST_SERVICE}"
        directorate: Children and Family Services {WORD}
        committees: [cabinet, children-and-families]
        status: proposed
        owner: {WORD}
        budget_change:
          2025/26: "(1,250,000)"
          2026/27: "-"
          2027/28: N/A
        total: "(1,250,000)"
        description: The {WORD} is reviewed.
        reported:
          - {{body: {LONGEST_COMMITTEE}, date: 2025-11-03, item: "10a", appendix: "1"}}
        sections:
          - heading: Background {WORD}
            body: Text with {WORD} in it.
            tables:
              - caption: Table 1 {WORD}
                unit: pounds
                columns: [Item {WORD}, "2025/26", "2026/27", Total]
                rows:
                  - ["{WORD}", "(1,000,000)", "-", "(1,000,000)"]
                  - [Placements, "(250,000)", N/A, "(250,000)"]
                total: [Total, "(1,250,000)", "-", "(1,250,000)"]
        """,
    "committees/children-and-families.yaml": f"""\
        name: {LONGEST_COMMITTEE}
        description: Scrutinises {WORD}.
        meetings:
          - date: 2025-11-03
            title: "{LONGEST_ITEM}"
            location: Committee Room {WORD}
            agenda:
              - title: "{LONGEST_ITEM} {WORD}"
                number: "10a"
                proposals: [{LONGEST_REF}, OP01]
                summary: {{group_by: service}}
              - title: Medium term financial strategy {WORD}
                report: mtfs
        """,
    "reports/mtfs.md": f"""\
        ---
        title: Medium term financial strategy {WORD}
        committee: children-and-families
        date: 2025-11-03
        author: Director of Finance
        ---
        The {WORD} closes the gap.

        | Year {WORD} | Gap (£) |
        |---|---:|
        | 2025/26 | 1,000 |
        | 2026/27 | 2,000 |
        | Total | 3,000 |
        """,
    "recommendations/children-and-families-2025-11-03.yaml": f"""\
        committee: children-and-families
        meeting: 2025-11-03
        to: Cabinet Member for {WORD}
        sent: 2025-11-10
        recommendations:
          - number: "10a"
            text: Review the {WORD} before the saving is counted.
            proposals: [{LONGEST_REF}]
            response: {{date: 2026-01-20, decision: partly accepted, text: "The {WORD} is reviewed."}}
            updates:
              - {{date: 2026-02-01, status: not implemented, text: "{WORD}"}}
          - number: "10b"
            text: Publish the {WORD}.
        """,
    "glossary.yaml": f"""\
        - term: {WORD[:100]}   # a term's longest (glossary.py)
          definition: A word of 120 letters, {WORD}, to test that long words wrap.
        """,
}


@pytest.fixture(scope="module")
def long_site(tmp_path_factory):
    """The site, with two publications so that a page of changes exists."""
    root = tmp_path_factory.mktemp("long") / "content"
    shutil.copytree(OPERATIONAL, root)
    for rel, text in FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(textwrap.dedent(text), encoding="utf-8")
    site_yaml = root / "site.yaml"
    site_yaml.write_text(
        site_yaml.read_text(encoding="utf-8").replace(
            "    - Wide tables", f"    - A known issue named {WORD}.\n    - Wide tables"
        )
        + textwrap.dedent(STATEMENT),
        encoding="utf-8",
    )
    assert main(["publish", "--content", str(root), "--date", "2025-10-01"]) == 0
    op03 = root / "proposals/op03.yaml"
    op03.write_text(op03.read_text().replace("(120,500)", "(130,500)"))
    assert main(["publish", "--content", str(root), "--date", "2025-11-01"]) == 0
    result = read_site(root)
    assert result.blocking == []
    out = root.parent / "site"
    build(root, out)
    return result.site, out


def page_paths(site) -> dict[str, str]:
    """Every page template, by name: the page of each that holds the longest words."""
    long = site.by_ref[LONGEST_REF]
    committee = next(c for c in site.committees if c.name == LONGEST_COMMITTEE)
    pages = {
        "home": paths.home(),
        "proposals": "proposals/",
        "services": "services/",
        "service": paths.service(LONGEST_SERVICE),
        "other service": paths.service(SECOND_SERVICE),
        "proposal": paths.proposal(long),
        "committees": "committees/",
        "committee": paths.committee(committee),
        "meeting": paths.meeting(committee.meetings[0]),
        "cabinet meeting": paths.meeting(site.meetings()[0]),
        "checks": "checks/",
        "changes": paths.changes(site.config.publications[-1].date),
        "publications": paths.changes_index(),
        "glossary": paths.glossary(),
        "how scrutiny works": paths.scrutiny(),
        "report": paths.report(site.reports[0]),
        "search": paths.search() + "index.html?q=" + WORD[:20],
        "accessibility": paths.accessibility(),
        "data": paths.data(),
        "recommendations": "recommendations/",
        "monitoring": paths.monitoring(site.monitoring[0]),
    }
    return pages


@pytest.fixture(scope="module")
def long_server(long_site, tmp_path_factory):
    with serving(long_site[1], tmp_path_factory.mktemp("www")) as url:
        yield url


@pytest.fixture(scope="module")
def narrow(browser, long_server):  # noqa: F811  (the fixture imported above)
    context = browser.new_context(viewport={"width": 320, "height": 800})
    yield context
    context.close()


# A page scrolls sideways when the document is wider than the screen; name what sticks out.
WIDER = """() => {
  const width = document.documentElement.clientWidth;
  const out = [...document.querySelectorAll('body *')].filter(e => {
    const box = e.getBoundingClientRect();
    if (box.right <= width + 0.5 || !box.width) return false;
    return !e.closest('.table-wrap');   // a table scrolls inside its own container
  }).map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ')[0] : ''));
  return [document.documentElement.scrollWidth, out.slice(0, 5)];
}"""


def test_every_template_is_covered(long_site):
    site, out = long_site
    templates = {p.name for p in (ROOT / "templates").glob("*.html") if not p.name.startswith("_")}
    covered = {
        "home.html",
        "proposals.html",
        "services.html",
        "service.html",
        "proposal.html",
        "committees.html",
        "committee.html",
        "meeting.html",
        "checks.html",
        "changes.html",
        "publications.html",
        "glossary.html",
        "how-scrutiny-works.html",
        "report.html",
        "search.html",
        "reports.html",
        "accessibility.html",
        "data.html",
        "recommendations.html",
        "monitoring.html",
    }
    uncovered = templates - covered - {"base.html"}
    assert uncovered == set(), f"pages with no 320 px test: {uncovered}"
    for page in page_paths(site).values():
        assert (out / paths.file_of(page.split("?")[0].replace("index.html", ""))).is_file(), page


@pytest.mark.browser
def test_no_page_scrolls_sideways_at_320px_with_real_length_names(long_site, long_server, narrow):
    site, _out = long_site
    wide = {}
    page = narrow.new_page()
    for name, path in {**page_paths(site), "reports": "reports/"}.items():
        page.goto(long_server + path)
        if name == "search":
            page.locator("#results li").first.wait_for()
        width, sticking_out = page.evaluate(WIDER)
        if width > 320:
            wide[name] = (width, sticking_out)
    page.close()
    assert wide == {}


@pytest.mark.browser
def test_the_service_filter_fits_the_screen_and_still_filters(long_site, long_server, narrow):
    page = narrow.new_page()
    page.goto(long_server + "proposals/")
    select = page.locator(".table-filter select[data-column='2']")
    box = select.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 320
    select.select_option(LONGEST_SERVICE)
    rows = page.locator("#all-proposals tbody tr:visible")
    assert rows.count() == 1 and LONGEST_REF in rows.first.inner_text()
    page.close()


@pytest.mark.browser
@pytest.mark.skipif(
    not AXE.is_file(),
    reason="axe-core is not installed: run sh scripts/test.sh (npm install axe-core into .cache/npm)",
)
def test_axe_finds_nothing_on_the_pages_that_mark_calculated_figures(long_site, long_server, narrow):
    site, _out = long_site
    page = narrow.new_page()
    problems = {}
    for name in ("home", "proposals", "service", "meeting", "checks", "proposal"):
        page.goto(long_server + page_paths(site)[name])
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "rules => axe.run(document, {runOnly: {type: 'tag', values: rules}})", AXE_RULES
        )
        found = [
            f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]
        ]
        if found:
            problems[name] = found
    page.close()
    assert problems == {}


@pytest.mark.browser
def test_a_dash_or_nil_sorts_as_nothing_and_n_a_sorts_last(long_site, long_server, narrow):
    page = narrow.new_page()
    page.goto(long_server + "proposals/")
    page.get_by_role("button", name="2027/28", exact=True).click()
    cells = page.locator("#all-proposals tbody tr:visible td:nth-child(7)").all_inner_texts()
    refs = page.locator("#all-proposals tbody tr:visible td:nth-child(1)").all_inner_texts()
    assert cells[0] == "(3,333,333)" and cells[-1] == "N/A"
    assert set(cells[1:-1]) == {"-", "—", "Nil"}
    assert refs[-1] == LONGEST_REF
    page.close()
