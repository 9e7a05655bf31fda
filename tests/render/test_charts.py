"""Charts are inline SVG drawn at build time, each with a text alternative and its figures
in a table beside it; a saving is drawn positive whatever the paper's convention."""

import re
from decimal import Decimal

from scrutinypack.build.reading import read_site
from scrutinypack.model import Profile, Summary
from scrutinypack.render import charts
from scrutinypack.summaries import summarise

from ..support.content import BROWSE


def svg_of(page: str) -> str:
    return re.search(r"<svg.*?</svg>", page, re.S).group(0)


def test_every_chart_is_named_by_its_title_and_description(browse_site):
    pages = [
        "index.html",
        "services/index.html",
        "services/waste/index.html",
        "proposals/ex001/index.html",
        "proposals/ex011/index.html",
    ]
    for rel in pages:
        page = (browse_site / rel).read_text()
        for svg in re.findall(r"<svg.*?</svg>", page, re.S):
            labelled = re.search(r'role="img" aria-labelledby="([\w-]+) ([\w-]+)"', svg)
            assert labelled, rel
            assert f'<title id="{labelled[1]}">' in svg and f'<desc id="{labelled[2]}">' in svg
            assert "<script" not in svg and "href" not in svg


def test_the_home_chart_shows_each_year_with_its_table(browse_site):
    page = (browse_site / "index.html").read_text()
    svg = svg_of(page)
    assert re.findall(r'class="chart-label" [^>]*>([^<]*)<', svg) == ["2019/20", "2020/21", "2021/22"]
    table = page[page.index('<table class="figures chart-table">') :]
    assert '<td class="num">£1.915m</td>' in table and "£3.425m*" in table


def test_bars_are_in_proportion_to_the_figures():
    site = read_site(BROWSE).site
    chart = charts.savings_by_year(charts_table(site))
    widths = [
        Decimal(w) for w in re.findall(r'class="chart-bar" x="[^"]*" y="\d+" width="([\d.]+)%"', chart.svg)
    ]
    values = [b.value for b in chart.bars]
    assert widths[1] == Decimal("100.00")  # the largest bar takes the whole width
    assert abs(widths[0] / widths[1] - values[0] / values[1]) < Decimal("0.001")


def test_a_budget_change_paper_is_drawn_as_savings():
    site = read_site(BROWSE).site
    chart = charts.proposal_profile(site.by_ref["EX021"])  # budget_change: −0.265 in 2020/21
    assert [b.text for b in chart.bars] == [
        "£3.000m",
        "£3.000m (£0.000m less)",
        "£2.735m (£0.265m less)",
        "£2.635m (£0.365m less)",
    ]
    assert "the rest of the budget stays as it was" in chart.desc


def test_a_year_not_stated_is_said_and_not_drawn():
    site = read_site(BROWSE).site
    chart = charts.proposal_profile(site.by_ref["EX011"])  # no baseline; 2019/20 is N/A
    assert [(b.label, b.text) for b in chart.bars] == [
        ("2019/20", "not stated"),
        ("2020/21", "£0.150m"),
        ("2021/22", "£0.150m"),
    ]
    assert chart.svg.count('class="chart-bar"') == 2


def test_a_cost_is_drawn_below_zero():
    site = read_site(BROWSE).site
    proposal = site.by_ref["EX011"]
    years = dict(proposal.profile.years, **{"2021/22": proposal.profile.years["2021/22"].negated()})
    proposal.profile = Profile(proposal.profile.convention, years)
    svg = charts.proposal_profile(proposal).svg
    assert 'class="chart-axis"' in svg
    assert "−£0.150m" in svg


def test_services_are_drawn_largest_first(browse_site):
    svg = svg_of((browse_site / "services/index.html").read_text())
    labels = re.findall(r'class="chart-label" [^>]*>([^<]*)<', svg)
    assert labels[0] == "Highways" and labels[-1] == "Waste"


def charts_table(site):
    return summarise(site.proposals, Summary(group_by="none"), site.config.years, site.config.unit)


def test_after_a_year_not_stated_the_budget_left_is_unknown():
    site = read_site(BROWSE).site
    proposal = site.by_ref["EX001"]
    proposal.profile = Profile(proposal.profile.convention, dict(proposal.profile.years, **{"2020/21": None}))
    chart = charts.proposal_profile(proposal)
    assert [b.text for b in chart.bars] == ["£7.464m", "£7.214m (£0.250m less)", "not stated", "not stated"]
