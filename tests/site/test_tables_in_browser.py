"""Tables people can read, in a real headless Chromium: on a phone a wide table scrolls in its
box with its first column held in view and a shadow on the side where more columns are; on a
desktop every column is in view, the table taking more than the text column if it must.
"""

from __future__ import annotations

import pytest

from scrutinypack.build.builder import build

from ..support.browsers import CHROMIUM
from ..support.content import ROOT

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed"),
]

LONGEST = ROOT / "tests" / "fixtures" / "longest"

#: Where the table's first cell and its box sit, and the box's shadows, as the page shows them.
PLACES = """
() => {
  const box = document.querySelector('.table-wrap:has(#all-proposals)');
  const first = box.querySelector('tbody tr td');
  const last = box.querySelector('thead th:last-child');
  return {box: box.getBoundingClientRect().left, first: first.getBoundingClientRect().left,
          scrolled: box.scrollLeft, scrolls: box.scrollWidth > box.clientWidth,
          last: last.getBoundingClientRect().right, width: document.documentElement.clientWidth,
          shadows: getComputedStyle(box).backgroundImage.split('linear-gradient').length - 1};
}
"""


@pytest.fixture(scope="module")
def proposals_page(browser, tmp_path_factory):
    site = tmp_path_factory.mktemp("tables") / "site"
    build(LONGEST, site)
    page = browser.new_page()
    page.goto((site / "proposals/index.html").as_uri())
    return page


def test_on_a_phone_a_wide_table_keeps_its_first_column_in_view(proposals_page):
    proposals_page.set_viewport_size({"width": 320, "height": 800})
    proposals_page.eval_on_selector(".table-wrap:has(#all-proposals)", "box => box.scrollLeft = 400")
    seen = proposals_page.evaluate(PLACES)
    assert seen["scrolls"] and seen["scrolled"] == 400
    assert abs(seen["first"] - seen["box"]) < 1, "the refs stay at the box's left edge"
    assert seen["shadows"] == 4, "shadows show which side has more columns"


def test_on_a_desktop_every_column_is_in_view(proposals_page):
    proposals_page.set_viewport_size({"width": 1280, "height": 800})
    seen = proposals_page.evaluate(PLACES)
    assert not seen["scrolls"]
    assert seen["last"] <= seen["width"], "the Total column is on the screen"
