"""monitoring/<slug>.yaml (1.2): a savings delivery report, read into its typed record.

Read with the same :class:`Reader` as the other records, so each problem names the file and
line. An ``as_at`` outside the ``year`` it monitors is a problem of the file: the position
cannot be stated at a day of another year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from ..delivery import COLUMNS, MonitoredSaving, MonitoringReport
from ..format.monitoring import MONITORING, RAG, SAVING, TOTALS
from ..problems import Problem
from .reader import Reader
from .yamldoc import Map, Node


def monitoring_record(
    data: Node, file: str, slug: str, site_unit: str
) -> tuple[MonitoringReport | None, list[Problem]]:
    r = Reader(file)
    m = r.record(data, getattr(data, "line", 1), "a monitoring report", MONITORING)
    if m is None:
        return None, r.problems
    unit = r.unit(m, site_unit)
    as_at, meeting = r.date(m, "as_at", "'as_at'"), r.date(m, "meeting", "'meeting'")
    year = r.year(m["year"], m.line_of("year"), "'year'") if m.get("year") is not None else None
    report = MonitoringReport(
        file,
        m.line,
        dict(m.lines),
        slug=slug,
        title=r.text(m, "title"),
        as_at=dt.date.fromisoformat(as_at) if as_at else None,
        year=year or "",
        committee=r.ref(m, "committee"),
        meeting_date=dt.date.fromisoformat(meeting) if meeting else None,
        unit=unit,
        note=r.text(m, "note"),
    )
    report.extra = r.extra(m, MONITORING, report, unit)
    if report.meeting_date and not report.committee:
        r.problem(
            m.line_of("meeting"),
            "missing-field",
            "'meeting' names a meeting of a committee: add 'committee', the committee's file name",
        )
    if report.as_at and year and not _within(report.as_at, year):
        r.problem(
            m.line_of("as_at"),
            "as-at-outside-year",
            f"'as_at' {report.as_at.isoformat()} is not a day of the financial year {year} "
            f"(1 April {year[:4]} to 31 March {int(year[:4]) + 1}): correct the date or the year",
        )
    report.savings = _savings(r, m, unit)
    _totals(r, m, report, unit)
    return report, r.problems


def _within(day: dt.date, year: str) -> bool:
    start = int(year[:4])
    return dt.date(start, 4, 1) <= day <= dt.date(start + 1, 3, 31)


def _savings(r: Reader, m: Map, unit: str) -> list[MonitoredSaving]:
    found = (
        r.mapping(m["savings"], m.line_of("savings"), "'savings'", None) if m.get("savings") else None
    ) or Map.empty()
    out = []
    for key in found:
        line, before = found.line_of(key), len(r.problems)
        ref = r.ref_text(str(key), line, "savings")  # a key is a ref, read as the field 'ref' is
        s = r.record(found[key], line, f"the saving {ref}", SAVING)
        if s is not None:
            saving = MonitoredSaving(
                r.file,
                line,
                dict(s.lines),
                ref=ref,
                note=r.text(s, "note"),
                rag=r.choice(s, "rag", RAG.options, ""),
            )
            saving.figures = {
                c: r.amount(s[c], s.line_of(c), unit, f"{ref} '{c}'") if c in s else None for c in COLUMNS
            }
            out.append(saving)
        r.problems[before:] = [replace(p, ref=p.ref or ref) for p in r.problems[before:]]
    return out


def _totals(r: Reader, m: Map, report: MonitoringReport, unit: str) -> None:
    if m.get("total") is None:
        return
    t = r.record(m["total"], m.line_of("total"), "'total'", TOTALS)
    if t is None:
        return
    for column in COLUMNS:
        amount = r.field_amount(t, column, unit, f"the printed total '{column}'")
        if amount is not None:
            report.printed_total[column], report.total_lines[column] = amount, t.line_of(column)
