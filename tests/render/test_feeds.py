"""Residents can follow the proposals: Atom feeds for the site and each service, dated by
the content (never the clock), and a history on each proposal's page."""

import datetime as dt
import xml.etree.ElementTree as ET

from scrutinypack.build.builder import build

from ..support.sitecheck import broken_links, parse

NS = {"a": "http://www.w3.org/2005/Atom"}


def feed(path):
    return ET.parse(path).getroot()


def entries(root):
    return {e.find("a:title", NS).text.split(":")[0]: e for e in root.findall("a:entry", NS)}


def test_the_site_feed_has_every_proposal_newest_first(browse_site):
    root = feed(browse_site / "feed.xml")
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    titles = [
        e.find("a:title", NS).text
        for e in root.findall("a:entry", NS)
        if e.find("a:link", NS).get("href").startswith("proposals/")
    ]  # and recommendations'
    assert len(titles) == 9
    updated = [e.find("a:updated", NS).text for e in root.findall("a:entry", NS)]
    assert updated == sorted(updated, reverse=True)
    assert root.find("a:updated", NS).text == updated[0] == "2018-06-11T00:00:00Z"


def test_an_entry_is_dated_by_its_latest_report_or_meeting(browse_site):
    ex001 = entries(feed(browse_site / "feed.xml"))["EX001"]
    assert ex001.find("a:updated", NS).text == "2018-02-08T00:00:00Z"  # Cabinet, 8 February 2018
    summary = ex001.find("a:summary", NS).text
    assert summary.startswith("Status: Approved. Service: Waste. Saving in total: £0.350m.")
    assert "Reported to Cabinet, 8 February 2018, item 5: Savings for decision, appendix B." in summary


def test_a_service_feed_has_only_that_service(browse_site):
    root = feed(browse_site / "services/highways/feed.xml")
    assert sorted(entries(root)) == ["EX004", "EX005"]
    assert root.find("a:title", NS).text == "Exampleshire County Council: Highways savings proposals"


def test_feed_links_lead_to_the_pages_from_where_the_feed_is(browse_site):
    for path in ("feed.xml", "services/highways/feed.xml"):
        root = feed(browse_site / path)
        for link in root.iter("{http://www.w3.org/2005/Atom}link"):
            target = (browse_site / path).parent / link.get("href").partition("#")[0]
            assert (target / "index.html").is_file(), (path, link.get("href"))


def test_ids_stay_the_same_when_the_site_gets_an_address(content, tmp_path):
    root = content({})
    build(root, tmp_path / "a")
    (root / "site.yaml").write_text(
        (root / "site.yaml").read_text() + "base_url: https://example.org/savings/\n"
    )
    build(root, tmp_path / "b")
    before, after = feed(tmp_path / "a/feed.xml"), feed(tmp_path / "b/feed.xml")
    assert before.find("a:id", NS).text == after.find("a:id", NS).text
    assert before.find("a:id", NS).text.startswith("urn:uuid:")
    link = after.find("a:entry/a:link", NS).get("href")
    assert link == "https://example.org/savings/proposals/sc001/"
    assert after.find("a:link[@rel='self']", NS).get("href") == "https://example.org/savings/feed.xml"


def test_a_site_with_no_dates_still_gives_the_same_feed(content, tmp_path):
    root = content({"committees/budget.yaml": "name: Budget Scrutiny\n"})
    build(root, tmp_path / "a")
    assert feed(tmp_path / "a/feed.xml").find("a:updated", NS).text == "1970-01-01T00:00:00Z"
    assert str(dt.date.today().year) not in (tmp_path / "a/feed.xml").read_text()


def test_pages_announce_their_feeds(browse_site):
    def alternates(rel):
        page = (browse_site / rel).read_text()
        return [line for line in page.splitlines() if 'rel="alternate"' in line]

    assert any('href="feed.xml"' in line for line in alternates("index.html"))
    service = alternates("services/waste/index.html")
    assert any('href="feed.xml"' in line and "Waste proposals" in line for line in service)
    proposal = alternates("proposals/ex001/index.html")
    assert any('href="../../services/waste/feed.xml"' in line for line in proposal)


def test_a_proposal_shows_its_status_and_history_in_date_order(browse_site):
    page = (browse_site / "proposals/ex001/index.html").read_text()
    assert '<strong class="status status-approved">Approved</strong>' in page
    assert 'Last reported: <a href="#history">Cabinet, 8 February 2018</a>' in page
    history = page[page.index('<h2 id="history">') : page.index('class="follow"')]
    assert history.index("15 January 2018") < history.index("8 February 2018")
    # the reported line and the meeting of the same body and day are one event
    assert history.count('<p class="timeline-date">15 January 2018</p>') == 1
    assert "15 January 2018, item 3: Savings option forms" in history  # as the record prints it


def test_a_month_only_date_and_the_printed_reference_are_kept(browse_site):
    page = (browse_site / "proposals/ex020/index.html").read_text()
    assert "September 2017" in page and "(printed as “Sept 17 Item 6 App D”)" in page


def test_a_proposal_never_reported_says_so(content, tmp_path):
    out = tmp_path / "site"
    build(content({"committees/budget.yaml": "name: Budget Scrutiny\n"}), out)
    page = (out / "proposals/sc001/index.html").read_text()
    assert "The papers do not say where this proposal has been reported." in page
    assert "history" in parse(out / "proposals/sc001/index.html").ids


def test_every_link_of_every_page_resolves(browse_site):
    assert broken_links(browse_site) == []
