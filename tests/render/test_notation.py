"""One notation for a figure: a saving reads the same on the cards, in the chart, in its table
and in the text, the way the paper prints it, and the chart's caption says which way that is.

A new site's papers print savings as negative budget changes: its home page showed
"Total −£0.200m" on the cards but "£0.200m" in the chart and its table.
"""

from __future__ import annotations

import re

from scrutinypack.build.builder import build
from scrutinypack.cli import main

FIGURE = r"−?£[\d,.]+m"


def _new_site(tmp_path, capsys):
    assert main(["new", "site", "--content", str(tmp_path / "content")]) == 0
    capsys.readouterr()
    out = tmp_path / "site"
    build(tmp_path / "content", out)
    return out


def _chart(page: str) -> tuple[str, list[str], list[str]]:
    """A page's first chart: its caption, the figures it draws and those of its table."""
    figure = re.search(r'<figure class="chart-figure">(.*?)</figure>', page, re.S)[1]
    drawn = re.findall(rf'<text class="chart-figure"[^>]*>({FIGURE})', figure)
    caption = re.search(r"<figcaption>([^<]*)", figure)[1]
    table = re.search(r'<table class="figures chart-table">(.*?)</table>', page, re.S)[1]
    return caption, drawn, re.findall(rf'<td class="num">({FIGURE})', table)


def test_a_new_sites_totals_read_the_same_on_cards_chart_and_table(tmp_path, capsys):
    page = (_new_site(tmp_path, capsys) / "index.html").read_text()
    cards = re.findall(rf'<dd>(?:<span class="negative">)?({FIGURE})', page)
    caption, drawn, table = _chart(page)
    assert cards[-1].startswith("−"), "the starter's papers print a saving as negative"
    assert drawn == cards[:-1] and table == cards
    assert "a saving shown as a negative figure, as the papers print it" in caption


def test_a_proposals_chart_writes_its_figures_as_its_paper_does(content, tmp_path):
    root = content(
        {
            "proposals/sc001.yaml": """\
        ref: SC001
        title: Reduce waste
        budget_change: {2019/20: -0.250, 2020/21: -0.100}
        """
        }
    )
    build(root, tmp_path / "site")
    page = (tmp_path / "site/proposals/sc001/index.html").read_text()
    caption, drawn, table = _chart(page)
    assert drawn == table == ["−£0.250m", "−£0.100m"]
    assert caption == "SC001: savings by year, a saving shown as a negative figure, as the papers print it"
