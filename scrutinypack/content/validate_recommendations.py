"""recommendations/<slug>.yaml's record: what a committee recommended, and what became of it.

A response cannot come before the recommendations were sent, nor progress before the
response: each is a mistake in the file, reported with its line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from ..format.recommendations import DECISION, RECOMMENDATION, RECOMMENDATIONS, RESPONSE, STATUS, UPDATE
from ..problems import Problem
from ..recommendations import Recommendation, RecommendationSet, Response, Update
from .reader import Reader
from .yamldoc import Map, Node

#: A number becomes part of a web address's anchor (#<slug>-<number>): "1", "2a", "3.1".
NUMBER = re.compile(r"[A-Za-z0-9]+(?:[.-][A-Za-z0-9]+)*")


def recommendations_record(
    data: Node, file: str, slug: str, _unit: str
) -> tuple[RecommendationSet | None, list[Problem]]:
    r = Reader(file)
    m = r.record(data, getattr(data, "line", 1), "a set of recommendations", RECOMMENDATIONS)
    if m is None:
        return None, r.problems
    group = RecommendationSet(
        file,
        m.line,
        dict(m.lines),
        slug=slug,
        committee=r.ref(m, "committee"),
        meeting=_date(r, m, "meeting"),
        to=r.text(m, "to"),
        sent=_date(r, m, "sent"),
        due=_date(r, m, "due"),
        note=r.text(m, "note"),
    )
    if group.sent and group.due and group.due < group.sent:
        r.problem(
            m.line_of("due"),
            "invalid-date",
            f"'due' ({group.due}) is before 'sent' ({group.sent}): "
            "a response falls due after the recommendations are sent",
        )
    entries = r.sequence(m.get("recommendations"), m.line_of("recommendations"), "'recommendations'")
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        before = len(r.problems)
        rec = _recommendation(r, entry, entries.line_of(index), group)
        if rec is None:
            continue
        _refer(r, before, rec.anchor)
        if rec.number in seen:
            r.problem(
                rec.line_of("number"),
                "duplicate-number",
                f"recommendation {rec.number} is already on line {seen[rec.number]}: give each "
                "its own number, as printed",
            )
        else:
            seen[rec.number] = rec.line_of("number")
            group.recommendations.append(rec)
    _refer(r, 0, slug)
    return group, r.problems


def _date(r: Reader, m: Map, key: str) -> dt.date | None:
    text = r.date(m, key, f"'{key}'")
    return dt.date.fromisoformat(text) if text else None


def _recommendation(r: Reader, value: Node, line: int, group: RecommendationSet) -> Recommendation | None:
    e = r.record(value, line, "a recommendation", RECOMMENDATION)
    if e is None:
        return None
    number = r.text(e, "number")
    if not number:
        return None
    if not NUMBER.fullmatch(number):
        r.problem(
            e.line_of("number"),
            "invalid-value",
            f"recommendation number '{number}' becomes the end of a web address: write it with "
            'letters and digits, e.g. "1", "2a" or "3.1"',
        )
        return None
    rec = Recommendation(
        r.file,
        e.line,
        dict(e.lines),
        number=number,
        text=r.text(e, "text"),
        refs=r.string_list(e, "proposals", refs=True),
        group=group,
    )
    if e.get("response") is not None:
        rec.response = _response(r, e)
    entries = r.sequence(e.get("updates"), e.line_of("updates"), "'updates'")
    for index, entry in enumerate(entries):
        u = r.record(entry, entries.line_of(index), "an update", UPDATE)
        if u is not None:
            rec.updates.append(
                Update(
                    r.file,
                    u.line,
                    dict(u.lines),
                    date=_date(r, u, "date"),
                    status=r.choice(u, "status", STATUS.options, ""),
                    text=r.text(u, "text"),
                )
            )
    _order(r, rec, group)
    return rec


def _response(r: Reader, e: Map) -> Response | None:
    a = r.record(e["response"], e.line_of("response"), "a response", RESPONSE)
    if a is None:
        return None
    return Response(
        r.file,
        a.line,
        dict(a.lines),
        date=_date(r, a, "date"),
        decision=r.choice(a, "decision", DECISION.options, ""),
        text=r.text(a, "text"),
    )


def _order(r: Reader, rec: Recommendation, group: RecommendationSet) -> None:
    """A response on or after ``sent``; updates after the response (with one), oldest first."""
    response = rec.response
    if response and response.date and group.sent and response.date < group.sent:
        r.problem(
            response.line_of("date"),
            "response-before-sent",
            f"recommendation {rec.number}'s response is dated {response.date}, before the "
            f"recommendations were sent ({group.sent}): check both dates",
        )
    if rec.updates and response is None:
        r.problem(
            rec.line_of("updates"),
            "update-without-response",
            f"recommendation {rec.number} has updates but no response: add the response "
            "(date and decision) that the progress follows",
        )
    previous = response.date if response else None
    for update in rec.updates:
        if update.date and previous and update.date < previous:
            what = "the response" if response and previous == response.date else "the update before it"
            r.problem(
                update.line_of("date"),
                "update-before-response",
                f"recommendation {rec.number}'s update of {update.date} is before {what} "
                f"({previous}): updates follow the response, oldest first",
            )
        previous = update.date or previous


def _refer(r: Reader, start: int, ref: str) -> None:
    """The problems from ``start`` on, with no ref yet, carry ``ref``: a recommendation's
    anchor, or the file's slug for the rest."""
    r.problems[start:] = [p if p.ref else replace(p, ref=ref) for p in r.problems[start:]]
