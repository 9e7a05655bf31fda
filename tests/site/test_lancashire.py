"""The bundled site end to end: the Lancashire papers, transcribed and checked.

Figures are compared with the seed text itself, and the expected findings are worked out
here from the printed figures, independently of the checks under test.
"""

import re
from decimal import Decimal

import pytest

from scrutinypack.build.builder import build
from scrutinypack.build.reading import read_site

from ..support.content import ROOT
from ..support.seedtext import lancashire_forms
from ..support.sitecheck import broken_links

CONTENT = ROOT / "content"
FORMS = lancashire_forms()


@pytest.fixture(scope="module")
def result():
    return read_site(CONTENT)


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory, result):
    out = tmp_path_factory.mktemp("lancashire") / "site"
    build(CONTENT, out)
    return out


def figure(text: str) -> Decimal:
    return Decimal(text.replace("£", "").replace("m", "").replace(",", "").rstrip("*"))


def test_the_bundled_content_builds_without_problems(result):
    assert result.problems == []


def test_all_45_option_forms_and_13_summary_rows_are_there(result):
    refs = {p.ref for p in result.site.proposals}
    assert set(FORMS) <= refs
    assert {f"CYP{n:02d}" for n in range(1, 14)} <= refs
    assert len(refs) == 58


def _texts(blocks) -> list[list[str]]:
    return [[block.profile.years[y].text for y in YEARS] + [block.total.text] for block in blocks]


YEARS = ["2019/20", "2020/21", "2021/22", "2022/23"]


@pytest.mark.parametrize("ref", sorted(FORMS))
def test_each_form_is_transcribed_as_printed(result, ref):
    printed, p = FORMS[ref], result.site.by_ref[ref]
    assert [[p.profile.years[y].text for y in YEARS] + [p.total.text]] == printed["change"]
    for name in ("gross", "income", "net"):
        parts = p.baseline.parts.get(name)
        shown = [a.text for _, a in parts] if parts else [getattr(p.baseline, name).text]
        assert shown == printed[name], name
    assert _texts(p.fte) == printed["fte"]
    assert _texts(p.investment) == printed["investment"]


def expected_findings() -> set[tuple[str, str]]:
    """(ref, code) for every place where a form's own arithmetic does not hold."""
    expected = set()
    for ref, form in FORMS.items():
        for key, code in (
            ("change", "profile-total"),
            ("fte", "fte-total"),
            ("investment", "investment-total"),
        ):
            for row in form[key]:
                if any(not re.match(r"-?\d", t) for t in row):
                    continue  # TBC or N/A: the total cannot be checked
                parts, stated = [figure(t) for t in row[:4]], figure(row[4])
                places = max(-figure(t).as_tuple().exponent for t in row)
                if abs(sum(parts) - stated) > Decimal(1).scaleb(-places):
                    expected.add((ref, code))
        printed = form["gross"] + form["income"] + form["net"]
        if len(printed) >= 3 and all("£" in t for t in printed):
            gross, net = figure(form["gross"][0]), figure(form["net"][0])
            income = sum(abs(figure(t)) for t in form["income"])
            if abs(gross - income - net) > Decimal("0.001"):
                expected.add((ref, "net-mismatch"))
    return expected


def test_checks_find_exactly_the_forms_whose_sums_do_not_hold(result):
    arithmetic = {"profile-total", "fte-total", "investment-total", "net-mismatch"}
    found = {(f.ref, f.code) for f in result.site.findings if f.code in arithmetic and f.ref in FORMS}
    assert found == expected_findings()


def test_summary_table_of_the_committees_paper(result):
    committee = next(c for c in result.site.committees if c.slug == "childrens-services-education-scrutiny")
    item = committee.meetings[0].agenda[0]
    assert [p.ref for p in item.proposals] == [f"CYP{n:02d}" for n in range(1, 14)]
    assert item.table.total["2018/19"].amount.value == Decimal("4.650")
    # "Total Saving Identified" of the thirteen rows as printed
    assert item.table.total["total"].amount.value == Decimal("8.454")


def test_pages_and_data_exist_for_every_proposal(result, site_dir):
    for p in result.site.proposals:
        assert (site_dir / "proposals" / p.slug / "index.html").is_file()
    csv_rows = (site_dir / "data/proposals.csv").read_text().strip().splitlines()
    assert len(csv_rows) == 1 + len(result.site.proposals)


def test_a_proposal_page_shows_every_part_of_the_form(site_dir):
    page = (site_dir / "proposals/sc002/index.html").read_text()
    for text in (
        "Reduce non-recyclable waste disposal at HWRCs",
        "£8.064m",
        "£0.600m",
        "£7.464m",
        "\u22120.250",
        "Decisions needed",
        "Household Waste Recycling Centres",
        "Risks and mitigation",
        "Equality analysis",
        "Not required",
    ):
        assert text in page, text


def test_no_broken_links(site_dir):
    assert broken_links(site_dir) == []
