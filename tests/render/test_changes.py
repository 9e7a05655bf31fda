"""What changed since last time: the bundled site published twice with edits in between
(one proposal's figures and status changed, one withdrawn, one new), then built: each
proposal's history, the "What changed" pages with their effect on the totals, a meeting's
changes since the committee last met (on its page and in its pack), and the feeds."""

from __future__ import annotations

import functools
import html
import http.server
import json
import re
import shutil
import subprocess
import threading
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest

from scrutinypack import paths
from scrutinypack.build.builder import build
from scrutinypack.build.reading import read_site
from scrutinypack.cli import main
from scrutinypack.content.load import load_content
from scrutinypack.money import format_amount, from_pounds
from scrutinypack.plan import Output
from scrutinypack.render.changes import compare

from ..support.browsers import AXE, AXE_RULES, VNU, chromium
from ..support.content import PROPOSAL, ROOT
from ..support.sitecheck import broken_links, digest

ATOM = {"a": "http://www.w3.org/2005/Atom"}
FIRST, SECOND = "2019-01-15", "2019-02-12"
NEW_PROPOSAL = """\
ref: SC999
title: Close the depot at Example Road
service: Waste
committees: [budget-scrutiny]
status: proposed
budget_change:
  2019/20: -0.100
  2020/21: -0.050
total: -0.150
"""
MEETINGS = """\
  - date: 2019-02-20
    title: Savings proposals, second look
    agenda:
      - title: Savings option forms
        proposals: {committee: this}
        summary: {group_by: service}
  - date: 2019-02-25
    title: Savings proposals, third look
    agenda:
      - title: Savings option forms
        proposals: {committee: this}
"""


def publish(root: Path, date: str) -> None:
    assert main(["publish", "--content", str(root), "--date", date]) == 0


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The bundled content, its committee meeting after the first publication and two
    more meetings after the second; SC002 changed, SC012 withdrawn, SC999 new."""
    root = tmp_path_factory.mktemp("published") / "content"
    shutil.copytree(ROOT / "content", root)
    committee = root / "committees/budget-scrutiny.yaml"
    committee.write_text(committee.read_text().replace("date: 2018-01-15", "date: 2019-01-20") + MEETINGS)
    (root / "recommendations/budget-scrutiny-2018-01-15.yaml").unlink()  # agreed at the moved meeting
    before = read_site(root).site
    publish(root, FIRST)
    sc002 = root / "proposals/sc002.yaml"
    sc002.write_text(
        sc002.read_text()
        .replace("  2019/20: -0.250", "  2019/20: -0.400")
        .replace("total: -0.250", "total: -0.400")
        .replace("status: proposed", "status: approved")
    )
    (root / "proposals/sc012.yaml").unlink()
    (root / "proposals/sc999.yaml").write_text(NEW_PROPOSAL)
    publish(root, SECOND)
    after = read_site(root).site
    site = root.parent / "site"
    build(root, site)
    return root, site, before, after


def main_text(path: Path) -> str:
    page = path.read_text(encoding="utf-8")
    page = page[page.index("<main") : page.index("</main>")]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", page)).split())


def table_rows(path: Path, caption: str) -> dict[str, list[str]]:
    """The rows of the table with ``caption``: first cell → the other cells, as shown."""
    page = path.read_text(encoding="utf-8")
    table = next(t for t in re.findall(r"(?s)<table.*?</table>", page) if caption in t)
    rows = {}
    for row in re.findall(r"(?s)<tr>(.*?)</tr>", table):
        cells = [
            " ".join(html.unescape(re.sub(r"<[^>]+>", "", c)).split())
            for c in re.findall(r"(?s)<t[hd][^>]*>(.*?)</t[hd]>", row)
        ]
        rows[cells[0]] = cells[1:]
    return rows


def money(pounds: Decimal) -> str:
    return format_amount(from_pounds(pounds, "m", 3))


def column_total(site, column: str) -> Decimal:
    """A year's (or the) total saving of every proposal, worked out here, in pounds."""
    figures = [
        p.total_saving() if column == "total" else p.saving_by_year().get(column) for p in site.proposals
    ]
    return sum((f.pounds() for f in figures if f is not None and f.is_figure), Decimal(0))


# -- the proposal page -------------------------------------------------------------------


@pytest.mark.slow
def test_a_proposal_shows_its_status_and_figures_at_each_publication(published):
    _, site, _, _ = published
    page = site / "proposals/sc002/index.html"
    rows = table_rows(page, "SC002 as published")
    assert rows["Published"] == ["Status", "2019/20", "2020/21", "2021/22", "2022/23", "Total saving"]
    assert rows["15 January 2019"] == ["Proposed", "£0.250m", "£0.000m", "£0.000m", "£0.000m", "£0.250m"]
    assert rows["12 February 2019"] == ["Approved", "£0.400m", "£0.000m", "£0.000m", "£0.000m", "£0.400m"]


def test_a_proposal_says_what_changed_in_words_and_numbers(published):
    _, site, _, _ = published
    text = main_text(site / "proposals/sc002/index.html")
    history = text[text.index("What changed") : text.index("Where it has been reported")]
    assert "New: proposed, total saving £0.250m, on 15 January 2019." in history
    assert (
        "Total saving changed from £0.250m to £0.400m, +£0.150m, between 15 January and 12 February 2019."
    ) in history
    assert "Saving in 2019/20 changed from £0.250m to £0.400m, +£0.150m" in history
    assert "Status changed from Proposed to Approved, between 15 January and 12 February 2019." in history
    assert history.index("15 January 2019") < history.index("12 February 2019")


def test_a_new_proposal_is_new_and_an_untouched_one_has_one_step(published):
    _, site, _, _ = published
    text = main_text(site / "proposals/sc999/index.html")
    assert "New: proposed, total saving £0.150m, between 15 January and 12 February 2019." in text
    rows = table_rows(site / "proposals/sc013/index.html", "SC013 as published")
    assert list(rows) == ["Published", "15 January 2019", "12 February 2019"]
    text = main_text(site / "proposals/sc013/index.html")
    assert text.count("changed from") == 0  # nothing changed, nothing said


# -- the "What changed" pages ------------------------------------------------------------


def test_the_what_changed_page_lists_new_changed_and_withdrawn_proposals(published):
    _, site, _, _ = published
    page = site / paths.file_of(paths.changes(SECOND))
    text = main_text(page)
    assert "Compared with the publication of 15 January 2019: 1 new, 1 changed and 1 withdrawn" in text
    new = text[text.index("New proposals (1)") : text.index("Changed proposals (1)")]
    changed = text[text.index("Changed proposals (1)") : text.index("Withdrawn proposals (1)")]
    withdrawn = text[text.index("Withdrawn proposals (1)") :]
    assert "SC999: Close the depot at Example Road" in new
    assert "SC002: Reduce non-recyclable waste disposal at HWRCs" in changed
    assert "Total saving changed from £0.250m to £0.400m, +£0.150m." in changed
    assert "SC012: Provision of Bus Passes" in withdrawn
    assert "no longer among the published proposals (was proposed, total saving £0.400m)" in withdrawn
    links = page.read_text(encoding="utf-8")
    assert 'href="../../proposals/sc999/"' in links and 'href="../../proposals/sc002/"' in links
    assert "proposals/sc012/" not in links  # its page is gone with it


def test_the_what_changed_page_gives_the_net_effect_per_year(published):
    _, site, before, after = published
    rows = table_rows(site / paths.file_of(paths.changes(SECOND)), "Total savings by year")
    thousand = Decimal(1000)
    expected_change = {
        "2019/20": (150 + 100) * thousand,
        "2020/21": (50 - 400) * thousand,
        "2021/22": 0,
        "2022/23": 0,
        "total": (150 + 150 - 400) * thousand,
    }
    for column, change in expected_change.items():
        old, new = column_total(before, column), column_total(after, column)
        assert new - old == change, column
        label = "Total" if column == "total" else column
        shown = rows[label]
        assert shown[:2] == [money(old), money(new)], column
        assert shown[2].rstrip("*") == (
            ("+" if change > 0 else "") + money(change) if change else "no change"
        )


def test_the_what_changed_page_gives_the_net_effect_per_service(published):
    _, site, _, _ = published
    rows = table_rows(site / paths.file_of(paths.changes(SECOND)), "Total saving by service")
    assert rows["Waste"][2] == "+£0.300m"  # SC002 +0.150, SC999 +0.150
    assert rows["Integrated Transport Services"] == ["£0.400m", "—", "−£0.400m"]  # SC012 went
    assert set(rows) == {"Service", "Waste", "Integrated Transport Services"}  # only those moved


def test_the_first_publication_shows_every_proposal_as_new(published):
    _, site, before, _ = published
    text = main_text(site / paths.file_of(paths.changes(FIRST)))
    assert f"The first publication of these proposals: all {len(before.proposals)} are new." in text
    assert f"New proposals ({len(before.proposals)})" in text


def test_the_pages_of_what_changed_are_linked_from_home_and_from_each_other(published):
    _, site, _, _ = published
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f'href="changes/{SECOND}/">What changed in the latest publication, 12 February 2019</a>' in home
    second = (site / paths.file_of(paths.changes(SECOND))).read_text(encoding="utf-8")
    assert f'href="../{FIRST}/" rel="prev"' in second
    first = (site / paths.file_of(paths.changes(FIRST))).read_text(encoding="utf-8")
    assert f'href="../{SECOND}/" rel="next"' in first
    index = main_text(site / "changes/index.html")
    assert index.index("12 February 2019: 1 new, 1 changed, 1 withdrawn.") < index.index(
        "15 January 2019: the first publication"
    )


# -- meetings ------------------------------------------------------------------------------


def test_a_meeting_shows_the_changes_since_the_committees_previous_meeting(published):
    _, site, _, _ = published
    page = site / "committees/budget-scrutiny/2019-02-20/index.html"
    text = main_text(page)
    section = text[text.index("Changes since the previous meeting of this committee") : text.index("Agenda")]
    assert "The previous meeting was on 20 January 2019." in section
    assert "published on 15 January 2019, in force then, with those published on 12 February 2019" in section
    assert section.index("SC002") < section.index("SC012") < section.index("SC999")
    assert (
        "Total saving changed from £0.250m to £0.400m, +£0.150m, between 15 January and 12 February 2019."
        in section
    )
    rows = table_rows(page, "Net effect on the totals of this committee")
    assert rows["Total"][2] == "−£0.100m"


def test_a_meeting_with_no_publication_since_the_last_says_so(published):
    _, site, _, _ = published
    text = main_text(site / "committees/budget-scrutiny/2019-02-25/index.html")
    assert (
        "The previous meeting was on 20 February 2019. No new publication of the proposals since "
        "then: they stand as published on 12 February 2019." in text
    )


def test_a_committees_first_meeting_has_no_changes_section(published):
    _, site, _, _ = published
    for meeting in ("budget-scrutiny/2019-01-20", "childrens-services-education-scrutiny/2018-01-31"):
        text = main_text(site / f"committees/{meeting}/index.html")
        assert "Changes since the previous meeting" not in text, meeting


def test_the_meeting_pack_has_the_changes_too(published):
    root, _, _, _ = published
    from scrutinypack.render.pdf import PrintPages

    result = read_site(root)
    meeting = next(m for m in result.site.meetings() if m.slug == "2019-02-20")
    pages = PrintPages(result)
    plan = pages.plan(Output(paths.meeting_pack(meeting), "pack", "budget-scrutiny/2019-02-20"))
    pack = "".join(pages.papers[slot.paper].html for slot in plan.slots if slot.paper in pages.papers)
    contents = plan.contents({slot.anchor: 1 for slot in plan.slots})
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", pack)).split())
    assert "Changes since the previous meeting of this committee" in text
    assert "Total saving changed from £0.250m to £0.400m, +£0.150m" in text
    assert '#changes"' in contents.html and "Changes since the previous meeting" in contents.html  # listed


# -- feeds ---------------------------------------------------------------------------------


def entries(path: Path) -> list[ET.Element]:
    return ET.parse(path).getroot().findall("a:entry", ATOM)


def test_the_site_feed_has_an_entry_for_each_change_dated_by_its_publication(published):
    _, site, before, _ = published
    found = entries(site / "feed.xml")
    assert len(found) == len(before.proposals) + 3
    latest = {e.find("a:title", ATOM).text: e for e in found[:3]}
    assert set(latest) == {
        "SC002: Reduce non-recyclable waste disposal at HWRCs (changed)",
        "SC012: Provision of Bus Passes for Secondary Excluded, wherever possible (withdrawn)",
        "SC999: Close the depot at Example Road (new)",
    }
    sc002 = latest["SC002: Reduce non-recyclable waste disposal at HWRCs (changed)"]
    assert sc002.find("a:updated", ATOM).text == "2019-02-12T00:00:00Z"
    assert sc002.find("a:summary", ATOM).text == (
        "Status changed from Proposed to Approved; total saving changed from £0.250m to £0.400m, "
        "+£0.150m; saving in 2019/20 changed from £0.250m to £0.400m, +£0.150m "
        "(between 15 January and 12 February 2019)."
    )
    gone = latest["SC012: Provision of Bus Passes for Secondary Excluded, wherever possible (withdrawn)"]
    assert gone.find("a:link", ATOM).get("href") == f"changes/{SECOND}/"
    assert {e.find("a:updated", ATOM).text for e in found[3:]} == {"2019-01-15T00:00:00Z"}
    ids = [e.find("a:id", ATOM).text for e in found]
    assert len(set(ids)) == len(ids)


def test_following_a_service_means_hearing_of_its_proposals_changes(published):
    _, site, before, _ = published
    waste = entries(site / "services/waste/feed.xml")
    titles = [
        (e.find("a:updated", ATOM).text[:10], e.find("a:title", ATOM).text.split(":")[0]) for e in waste
    ]
    assert titles[:2] == [(SECOND, "SC002"), (SECOND, "SC999")]
    first = sorted(p.ref for p in before.proposals if p.service == "Waste")
    assert sorted(ref for day, ref in titles if day == FIRST) == first
    assert all(c.get("label") == "Waste" for e in waste for c in e.findall("a:category", ATOM))
    assert not (site / "services/integrated-transport-services").exists()  # its only proposal went


@pytest.mark.slow
def test_the_same_content_builds_the_same_bytes(published, tmp_path):
    root, site, _, _ = published
    build(root, tmp_path / "again")
    assert digest(tmp_path / "again") == digest(site)


def test_every_link_of_the_published_site_resolves(published):
    _, site, _, _ = published
    assert broken_links(site) == []


# -- the words of a change -------------------------------------------------------------------


def changes_between(content, before: str, after: str):
    """Publish SC001 as ``before``, then as ``after``, and compare the two publications."""
    root = content({"proposals/sc001.yaml": before})
    publish(root, FIRST)
    (root / "proposals/sc001.yaml").write_text(after, encoding="utf-8")
    publish(root, SECOND)
    first, second = load_content(root).config.publications
    return compare(first, second)


def test_the_same_figure_written_with_fewer_decimals_is_no_change(content, capsys):
    root = content({})
    publish(root, FIRST)
    (root / "proposals/sc001.yaml").write_text(PROPOSAL.replace("-0.250", "-0.25"), encoding="utf-8")
    publish(root, SECOND)
    first, second = load_content(root).config.publications
    assert compare(first, second).proposals == []


def test_each_kind_of_difference_has_its_words(content):
    after = (
        PROPOSAL.replace("title: Reduce waste", "title: Reduce landfill")
        .replace("  2020/21: 0.000", "  2020/21: TBC")
        .replace("gross: 8.064", "gross: 8.100")
        + "full_year: -0.300\nimpact: Fewer visits.\n"
    )
    [change] = changes_between(content, PROPOSAL, after).proposals
    assert change.kind == "changed"
    assert [d.words() for d in change.differences] == [
        "saving in 2020/21 changed from £0.000m to TBC",
        "full year effect now given as £0.300m",
        "gross budget changed from £8.064m to £8.100m, +£0.036m",
        "title changed from “Reduce waste” to “Reduce landfill”",
        "impact revised",
    ]


def test_a_status_of_withdrawn_is_a_withdrawal(content):
    [change] = changes_between(
        content, PROPOSAL, PROPOSAL.replace("status: proposed", "status: withdrawn")
    ).proposals
    assert change.kind == "withdrawn"
    assert change.words() == "status changed from Proposed to Withdrawn"


def test_a_proposal_moved_to_another_service_concerns_both(content):
    changes = changes_between(content, PROPOSAL, PROPOSAL.replace("service: Waste", "service: Highways"))
    [change] = changes.proposals
    assert change.services == ["Waste", "Highways"]
    assert {m.key: format_amount(m.change) for m in changes.by_service} == {
        "Highways": "£0.250m",
        "Waste": "−£0.250m",
    }


# -- valid HTML, and in a real browser ----------------------------------------------------

NEW_PAGES = [
    paths.changes(SECOND),
    paths.changes(FIRST),
    paths.changes_index(),
    paths.glossary(),
    paths.scrutiny(),
    "proposals/sc002/",
    "committees/budget-scrutiny/2019-02-20/",
]


@pytest.mark.slow
def test_the_new_pages_are_valid_html(published):

    if not VNU.is_file() or not shutil.which("java"):
        pytest.skip("the Nu HTML Checker or Java is not installed: run sh scripts/test.sh")
    _, site, _, _ = published
    run = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU),
            "--format",
            "json",
            *[str(site / paths.file_of(page)) for page in NEW_PAGES],
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(run.stderr)["messages"]
    assert [f"{m['url'].rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages] == []


@pytest.mark.browser
def test_the_new_pages_pass_axe_in_chromium(published, tmp_path):
    if not AXE.is_file():
        pytest.skip("axe-core is not installed: run sh scripts/test.sh")
    _, site, _, _ = published
    handler = functools.partial(_Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    problems = []
    try:
        with chromium() as browser:
            for scheme, width in (("light", 1280), ("dark", 320)):
                context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
                page = context.new_page()
                for path in NEW_PAGES:
                    page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/{path}")
                    page.add_script_tag(path=str(AXE))
                    result = page.evaluate(
                        "rules => axe.run(document, {runOnly: {type: 'tag', values: rules}})", AXE_RULES
                    )
                    problems += [
                        f"{path} ({scheme}, {width}px): {v['id']}: {v['help']} at "
                        f"{[n['target'] for n in v['nodes']][:3]}"
                        for v in result["violations"]
                    ]
                    assert page.evaluate("document.documentElement.scrollWidth") <= width, path
                context.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert problems == []


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass
