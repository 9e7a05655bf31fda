"""The meetings as iCalendar files (RFC 5545), for residents to subscribe to in their own
calendar: one per committee and one for every committee.

Each meeting is an event in UK local time (Europe/London, with its VTIMEZONE written out,
so a calendar needs no time zone database of its own); a meeting without a time is an
all-day event. The same content gives the same bytes: an event's UID is derived from the
council, the committee and the date (so it stays the same when the site moves), and its
DTSTAMP is the meeting's own date, never the clock.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from zoneinfo import ZoneInfo

import icalendar

from .. import paths
from ..model import Meeting, Site

TIME_ZONE = "Europe/London"
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f]")  # all but tab and line feed


def meetings_calendar(site: Site, committee_slug: str = "") -> bytes:
    """The calendar of one committee's meetings (``committee_slug``), or of every committee's."""
    committees = (
        [c for c in site.committees if c.slug == committee_slug] if committee_slug else site.committees
    )
    path = paths.calendar(committees[0] if committee_slug else None)
    council = site.config.council or site.config.title
    name = f"{committees[0].name}, {council}" if committee_slug else f"{council}: meetings"
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//scrutinypack//meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _line(name))
    calendar.add("x-wr-timezone", TIME_ZONE)
    link = paths.linker(site.config.base_url, path)
    meetings = sorted(
        (m for c in committees for m in c.meetings if m.date),
        key=lambda m: (m.date, m.time, m.committee.slug),
    )
    for meeting in meetings:
        calendar.add_component(_event(site, meeting, link))
    for group in site.recommendations:  # in order of meeting, then file
        if group.committee_record in committees and group.due_date:
            calendar.add_component(_response_due(site, group, link))
    if any(m.time for m in meetings):  # the rules of UK time in the years the meetings span
        years = [m.date.year for m in meetings if m.time]
        calendar.add_missing_timezones(
            first_date=dt.date(min(years), 1, 1), last_date=dt.date(max(years) + 1, 1, 1)
        )
    return calendar.to_ical()


def _event(site: Site, meeting: Meeting, link) -> icalendar.Event:
    committee = meeting.committee
    event = icalendar.Event()
    event.add("uid", event_uid(site, meeting))
    event.add("dtstamp", dt.datetime.combine(meeting.date, dt.time(), dt.timezone.utc))
    if meeting.time:
        hour, minute = map(int, meeting.time.split(":"))
        event.add("dtstart", dt.datetime.combine(meeting.date, dt.time(hour, minute), ZoneInfo(TIME_ZONE)))
    else:  # all day: the day it is on, and no time zone
        event.add("dtstart", meeting.date)
        event.add("dtend", meeting.date + dt.timedelta(days=1))
    event.add("summary", _line(f"{committee.name}: {meeting.title}" if meeting.title else committee.name))
    if meeting.location:
        event.add("location", _line(meeting.location))
    page = link(paths.meeting(meeting))
    event.add("url", page)
    lines = (
        ["Agenda:"] + [f"{item.shown_number}. {item.title}" for item in meeting.agenda]
        if meeting.agenda
        else ["The agenda has not been published yet."]
    )
    if site.config.base_url:  # a link a calendar can follow from anywhere
        lines += ["", f"Papers: {page}"]
    event.add("description", "\n".join(map(_line, lines)))
    return event


def _response_due(site: Site, group, link) -> icalendar.Event:
    """An all-day event on the day the executive's response to a set of recommendations is
    due, stamped with the day they were sent."""
    event = icalendar.Event()
    name = "\x1f".join(("scrutinypack response due", site.config.council or site.config.title, group.slug))
    event.add("uid", f"{uuid.uuid5(uuid.NAMESPACE_URL, name)}@scrutinypack")
    event.add("dtstamp", dt.datetime.combine(group.sent or group.due_date, dt.time(), dt.timezone.utc))
    event.add("dtstart", group.due_date)
    event.add("dtend", group.due_date + dt.timedelta(days=1))
    committee = group.committee_record.name or group.committee_record.slug
    event.add("summary", _line(f"Response due from {group.to}: {committee}'s recommendations"))
    page = link("recommendations/")
    numbers = ", ".join(rec.number for rec in group.recommendations)
    lines = [
        f"{group.to} must respond to the recommendations ({numbers}) that {committee} agreed on "
        f"{group.meeting.isoformat() if group.meeting else 'its meeting'}."
    ]
    if site.config.base_url:
        lines += ["", f"Tracker: {page}"]
    event.add("url", page)
    event.add("description", "\n".join(map(_line, lines)))
    return event


def _line(text: str) -> str:
    """A one-line property's text: a line break is a space, and no other control is written
    (RFC 5545 allows none in text but tab; icalendar would write a CR raw and refuse a LF).
    The validator refuses them all; this keeps the calendar whole whatever it is given."""
    return CONTROLS.sub("", " ".join(text.splitlines()))


def event_uid(site: Site, meeting: Meeting) -> str:
    name = "\x1f".join(
        (
            "scrutinypack meeting",
            site.config.council or site.config.title,
            meeting.committee.slug,
            meeting.slug,
        )
    )
    return f"{uuid.uuid5(uuid.NAMESPACE_URL, name)}@scrutinypack"
