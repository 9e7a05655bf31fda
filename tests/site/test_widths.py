"""What residents see at every width, measured in a real headless Chromium.

Every kind of page and every proposal page of the bundled site (content/) and of a site with
the longest real names and amounts (tests/fixtures/longest/), at 320, 390, 768, 1280 and
1920 px, in light and dark colours. A page fails on text an element hides (clipped or cut
with an ellipsis), chart text past its chart or off the screen, a table in a scroll box on a
desktop screen, a word split over two lines in a button, a navigation link, a heading cell
or a summary card, and a page that scrolls sideways.

One browser and one page are reused and resized, and each view is measured in one script
call. A sample of full-page screenshots (each kind of page at each width and theme) is saved
in artifacts/visual/ for a person to look at.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ..support.browsers import CHROMIUM, serving
from ..support.content import ROOT

pytest.importorskip("playwright.sync_api", reason="Playwright is not installed: run sh scripts/test.sh")


pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Chromium is not installed: sh scripts/test.sh installs Debian's chromium when run as root",
    ),
]

WIDTHS = (320, 390, 768, 1280, 1920)
SCHEMES = ("light", "dark")
DESKTOP = 1280
SHOTS = ROOT / "artifacts" / "visual"
SITES = {"bundled": ROOT / "content", "longest": ROOT / "tests" / "fixtures" / "longest"}
SEARCH_WORD = {"bundled": "school", "longest": "transport"}

#: One script call a view: each problem as a line of text. ``desktop`` is true at 1280 px
#: and wider, where a table must show every column without scrolling.
MEASURE = r"""
(desktop) => {
  const problems = [];
  const width = document.documentElement.clientWidth;
  const name = (el) => {
    const classes = typeof el.className === 'string' && el.className.trim()
      ? '.' + el.className.trim().split(/\s+/).join('.') : '';
    return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + classes;
  };
  const said = (el) => JSON.stringify((el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 60));
  const shown = (el) => el.getClientRects().length > 0 && !el.closest('.visually-hidden');
  if (document.documentElement.scrollWidth > width + 1)
    problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} px in ${width} px`);
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('svg') || !shown(el) || !(el.textContent || '').trim()) continue;
    const style = getComputedStyle(el);
    const hides = ['hidden', 'clip'].includes(style.overflowX) || style.textOverflow === 'ellipsis';
    if (hides && el.scrollWidth > el.clientWidth + 1)
      problems.push(`${name(el)} hides text: ${said(el)}`);
    const scrolls = ['auto', 'scroll'].includes(style.overflowX);
    if (desktop && scrolls && el.scrollWidth > el.clientWidth + 1 && el.querySelector('table'))
      problems.push(`${name(el)} holds a table in a scroll box: ` +
                    `${el.scrollWidth} px in ${el.clientWidth} px`);
  }
  for (const text of document.querySelectorAll('svg text')) {
    const svg = text.ownerSVGElement.getBoundingClientRect();
    const box = text.getBoundingClientRect();
    if (box.left < svg.left - 1 || box.right > svg.right + 1 || box.left < -1 || box.right > width + 1)
      problems.push(`chart text past its chart or the screen: ${said(text)} ` +
                    `(${Math.round(box.left)} to ${Math.round(box.right)} px; chart ` +
                    `${Math.round(svg.left)} to ${Math.round(svg.right)} px, screen ${width} px)`);
  }
  const whole = 'button, nav a, th, .headline-figures > div, .cards > li';
  for (const el of document.querySelectorAll(whole)) {
    if (!shown(el)) continue;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const word of node.data.matchAll(/[^\s\-\u2010-\u2014\/]+/g)) {
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0)
                             .map((r) => Math.round(r.top)));
        if (tops.size > 1) problems.push(`${name(el)} splits the word "${word[0]}" over two lines`);
      }
    }
  }
  return problems;
}
"""


def _built(content: Path, out: Path) -> Path:
    """The site as a clerk builds it, with the real command (no PDFs: they are not looked at)."""
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "build.py"),
            "build",
            "--no-pdf",
            "--content",
            str(content),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def _kind(page: str) -> str:
    """A page's kind, from its place in the site: its first folder and its depth."""
    folders = page.split("/")[:-1]
    return "/".join(folders[:1] + ["*"] * (len(folders) - 1)) or "home"


def _pages(site: Path) -> list[tuple[str, str, bool]]:
    """(kind, path, screenshot?) for every proposal page and the first page of each other kind."""
    chosen, seen = [], set()
    for path in sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html")):
        kind = _kind(path)
        if kind in seen and kind != "proposals/*":
            continue
        chosen.append((kind, path, kind not in seen))
        seen.add(kind)
    return chosen


@pytest.fixture(scope="module")
def chromium_page(browser):
    return browser.new_page(viewport={"width": WIDTHS[0], "height": 900})


def _look(page, url: str) -> None:
    page.goto(url)
    if "/search/" in url:
        page.locator("#results li").first.wait_for()


def _views(page, label: str, kind: str, shoot: bool) -> list[str]:
    """The problems of the open page at each width and theme, saving screenshots if asked."""
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for scheme in SCHEMES:
            page.emulate_media(color_scheme=scheme)
            problems += [
                f"{label} at {width} px, {scheme}: {p}" for p in page.evaluate(MEASURE, width >= DESKTOP)
            ]
            if shoot:
                name = re.sub(r"[^a-z0-9]+", "-", f"{kind.replace('*', 'one')}-{width}-{scheme}")
                page.screenshot(path=str(SHOTS / label.split(":")[0] / f"{name}.png"), full_page=True)
    return problems


@pytest.mark.parametrize("which", sorted(SITES))
def test_every_page_reads_whole_at_every_width(which, chromium_page, tmp_path):
    site = _built(SITES[which], tmp_path / "site")
    shutil.rmtree(SHOTS / which, ignore_errors=True)
    (SHOTS / which).mkdir(parents=True)
    problems = []
    with serving(site, tmp_path / "www") as url:
        for kind, path, shoot in _pages(site):
            address = url + path
            if kind == "search":
                address += f"?q={SEARCH_WORD[which]}"
            _look(chromium_page, address)
            problems += _views(chromium_page, f"{which}:{path}", kind, shoot)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
