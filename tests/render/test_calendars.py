"""Residents can put the meetings in their own calendars: an iCalendar file per committee and
one for every committee, read back here with the icalendar library as a calendar would."""

from __future__ import annotations

import datetime as dt
import shutil
from zoneinfo import ZoneInfo

import icalendar

from scrutinypack.build.builder import Builder, build
from scrutinypack.build.reading import read_site
from scrutinypack.render.calendar import meetings_calendar

from ..support.content import BROWSE, COMMITTEE, SITE, codes
from ..support.sitecheck import page_text, parse

LONDON = ZoneInfo("Europe/London")
TWO_MEETINGS = (
    COMMITTEE
    + """\
  - date: 2018-06-11
    title: Progress, with a comma; and a semicolon
    time: "14:30"
    location: Committee Room A, County Hall
    agenda:
      - title: Highways savings
        number: "10"
        proposals: [SC001]
      - title: Any other business
"""
)


def calendar(path) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(path.read_bytes())


def events(cal) -> dict[str, icalendar.Event]:
    return {str(e["summary"]): e for e in cal.walk("VEVENT")}


def test_each_committee_has_a_calendar_of_its_meetings(content, tmp_path):
    root = content(
        {
            "committees/budget.yaml": TWO_MEETINGS,
            "site.yaml": SITE + "base_url: https://example.org/scrutiny/\n",
        }
    )
    build(root, tmp_path / "site")
    cal = calendar(tmp_path / "site/committees/budget/meetings.ics")
    assert (
        cal["version"] == "2.0"
        and cal["prodid"]
        and str(cal["x-wr-calname"]) == "Budget Scrutiny, Test Council"
    )
    found = events(cal)
    assert sorted(found) == [
        "Budget Scrutiny: Progress, with a comma; and a semicolon",
        "Budget Scrutiny: Savings",
    ]
    timed = found["Budget Scrutiny: Progress, with a comma; and a semicolon"]
    start = timed.decoded("dtstart")
    assert start == dt.datetime(2018, 6, 11, 14, 30, tzinfo=LONDON)
    assert start.utcoffset() == dt.timedelta(hours=1)  # British Summer Time
    assert timed["dtstart"].params["TZID"] == "Europe/London"
    assert str(timed["location"]) == "Committee Room A, County Hall"
    assert str(timed["url"]) == "https://example.org/scrutiny/committees/budget/2018-06-11/"
    assert str(timed["description"]) == (
        "Agenda:\n10. Highways savings\n2. Any other business\n\n"
        "Papers: https://example.org/scrutiny/committees/budget/2018-06-11/"
    )
    all_day = found["Budget Scrutiny: Savings"]
    assert all_day.decoded("dtstart") == dt.date(2018, 1, 15)  # a date: VALUE=DATE, no time
    assert all_day.decoded("dtend") == dt.date(2018, 1, 16)
    assert "location" not in all_day
    zones = cal.walk("VTIMEZONE")
    assert [str(z["tzid"]) for z in zones] == ["Europe/London"]
    assert {str(part["tzname"]) for part in zones[0].subcomponents} == {"GMT", "BST"}


def test_the_site_calendar_has_every_committees_meetings_in_date_order(browse_site):
    cal = calendar(browse_site / "meetings.ics")
    starts = [
        e.decoded("dtstart") for e in cal.walk("VEVENT") if not str(e["summary"]).startswith("Response due")
    ]  # recommendations' (1.2)
    days = [s.date() if isinstance(s, dt.datetime) else s for s in starts]
    assert len(days) == len(read_site(BROWSE).site.meetings()) == 3 and days == sorted(days)
    per_committee = [
        e
        for path in sorted(browse_site.glob("committees/*/meetings.ics"))
        for e in calendar(path).walk("VEVENT")
    ]
    assert sorted(str(e["uid"]) for e in per_committee) == sorted(str(e["uid"]) for e in cal.walk("VEVENT"))
    assert len({str(e["uid"]) for e in per_committee}) == 3 + 1  # and one response due
    first = events(cal)["Budget Scrutiny Working Group: Savings proposals 2019/20"]
    assert first.decoded("dtstart") == dt.datetime(2018, 1, 15, 10, 0, tzinfo=LONDON)
    assert first.decoded("dtstart").utcoffset() == dt.timedelta(0)  # Greenwich Mean Time
    assert str(first["url"]) == "committees/budget-scrutiny/2018-01-15/"  # no base_url: relative to the file


def test_a_calendar_is_the_same_bytes_each_build_and_its_uids_survive_a_move(content, tmp_path):
    root = content({"committees/budget.yaml": TWO_MEETINGS})
    build(root, tmp_path / "one")
    build(root, tmp_path / "two")
    assert (tmp_path / "one/meetings.ics").read_bytes() == (tmp_path / "two/meetings.ics").read_bytes()
    uids = sorted(str(e["uid"]) for e in calendar(tmp_path / "one/meetings.ics").walk("VEVENT"))
    (root / "site.yaml").write_text(SITE + "base_url: https://elsewhere.example/\n", encoding="utf-8")
    build(root, tmp_path / "moved")
    moved = calendar(tmp_path / "moved/meetings.ics")
    assert sorted(str(e["uid"]) for e in moved.walk("VEVENT")) == uids
    assert {str(e["dtstamp"].to_ical(), "ascii") for e in moved.walk("VEVENT")} == {
        "20180115T000000Z",
        "20180611T000000Z",
    }  # the meetings' dates, not the clock


def test_a_meeting_time_that_is_not_hh_mm_is_named_with_its_line(content):
    found = read_site(
        content({"committees/budget.yaml": TWO_MEETINGS.replace('"14:30"', '"2.30pm"')})
    ).problems
    assert codes(found) == ["invalid-value"] and found[0].line == 11
    assert "write it as HH:MM on the 24-hour clock" in found[0].message


def listed_meetings(home) -> str:
    """The heading and words of the home page's list of meetings."""
    text = page_text(home)
    start = text.index("Next meetings") if "Next meetings" in text else text.index("Latest meetings")
    return text[start : text.index("Committees and meetings")]


def test_meeting_committee_and_home_pages_link_to_the_calendars(browse_site):
    for page, target in (
        ("committees/budget-scrutiny/2018-01-15/index.html", "../meetings.ics"),
        ("committees/budget-scrutiny/index.html", "meetings.ics"),
        ("index.html", "meetings.ics"),
    ):
        assert target in parse(browse_site / page).links, page
    listed = listed_meetings(browse_site / "index.html")  # no publication: the latest three
    assert listed.startswith(
        "Latest meetings 15 January 2018, 10:00: Budget Scrutiny Working Group, "
        "Savings proposals 2019/20, Committee Room B, County Hall"
    )
    assert listed.count(" 2018") == 3


def test_the_next_meetings_are_counted_from_the_latest_publication(content, tmp_path):
    from scrutinypack.cli import main

    root = content({"committees/budget.yaml": TWO_MEETINGS})
    assert main(["publish", "--date", "2018-03-01", "--content", str(root)]) == 0
    build(root, tmp_path / "site")
    assert listed_meetings(tmp_path / "site/index.html") == (
        "Next meetings From 1 March 2018, the date of the latest publication. 11 June 2018, 14:30: Budget "
        "Scrutiny, Progress, with a comma; and a semicolon, Committee Room A, County Hall Add every "
        "committee's meetings to your calendar (iCalendar; how) "
    )


def test_the_preview_updates_a_calendar_at_once_when_a_meeting_changes(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(BROWSE, root)
    out = tmp_path / "site"
    builder = Builder(root, out)
    builder.build()
    path = root / "committees/budget-scrutiny.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace('time: "10:00"', 'time: "14:30"'), encoding="utf-8"
    )
    builder.build(complete=False)
    for ics in ("committees/budget-scrutiny/meetings.ics", "meetings.ics"):
        starts = [e.decoded("dtstart") for e in calendar(out / ics).walk("VEVENT")]
        assert dt.datetime(2018, 1, 15, 14, 30, tzinfo=LONDON) in starts, ics


def test_text_cannot_add_lines_or_events_to_a_calendar(content):
    """The validator refuses line breaks in a title (tests/content/test_hostile_text.py); the calendar
    writer, given them anyway, keeps each on one line."""
    site = read_site(content({})).site
    meeting = site.committees[0].meetings[0]
    meeting.title = "Savings\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:Free money; here, now"
    meeting.location = "Room 1\nURL:https://evil.example/"
    found = list(icalendar.Calendar.from_ical(meetings_calendar(site)).walk("VEVENT"))
    assert len(found) == 1
    assert (
        str(found[0]["summary"])
        == "Budget Scrutiny: Savings END:VEVENT BEGIN:VEVENT SUMMARY:Free money; here, now"
    )  # escaped: text
    assert str(found[0]["location"]) == "Room 1 URL:https://evil.example/"
    assert str(found[0]["url"]) == "committees/budget/2018-01-15/"
