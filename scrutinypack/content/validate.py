"""Turn parsed documents into typed records, enforcing every rule of the content format.

Each ``*_record`` function takes a document read by ``yamldoc`` and returns the record
plus the problems found; a problem always names the file, the line and what to do. The
fields each record may have, and which it must, are declared once in ``format``; the
``*_FIELDS`` names below are those declarations' field names, for the code that lists them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from ..format.committee import AGENDA_ITEM, COMMITTEE, GROUP_BY, MEETING, SUMMARY
from ..format.fields import BASIS
from ..format.proposal import BASELINE, BLOCK, ITEM, PERCENTAGE, PROPOSAL, REPORTED, SECTION, STATUS
from ..format.report import REPORT
from ..format.site import ACCESSIBILITY, BRAND, SITE
from ..format.table import TABLE
from ..model import (
    AgendaItem,
    Baseline,
    Block,
    Committee,
    Item,
    Meeting,
    Percentage,
    Profile,
    Proposal,
    Report,
    Reported,
    Section,
    Summary,
)
from ..money import UNITS, Amount, MoneyError, parse_percent, total_of
from ..problems import Problem
from . import controls
from .mdtables import markdown_tables

# Given again here, so that the loader, the importer and the clerk's tools have one place to call.
from .reader import SLUG as SLUG
from .reader import YEAR as YEAR
from .reader import Reader as Reader
from .validate_site import site_record as site_record
from .validate_site import statement_problems as statement_problems
from .yamldoc import Map, Node, Scalar, Seq

TIME = re.compile(r"(?:[01][0-9]|2[0-3]):[0-5][0-9]")

SITE_FIELDS = SITE.names()
BRAND_FIELDS = BRAND.names()
ACCESSIBILITY_FIELDS = ACCESSIBILITY.names()
PROPOSAL_FIELDS = PROPOSAL.names()
ITEM_FIELDS = ITEM.names()
BASELINE_FIELDS = BASELINE.names()
BLOCK_FIELDS = BLOCK.names()
TABLE_FIELDS = TABLE.names()
COMMITTEE_FIELDS = COMMITTEE.names()
MEETING_FIELDS = MEETING.names()
AGENDA_FIELDS = AGENDA_ITEM.names()
SUMMARY_FIELDS = SUMMARY.names()
REPORT_FIELDS = REPORT.names()


def proposal_record(
    data: Node, file: str, slug: str, site_unit: str
) -> tuple[Proposal | None, list[Problem]]:
    r = Reader(file)
    m = r.record(data, getattr(data, "line", 1), "a proposal", PROPOSAL)
    if m is None:
        return None, r.problems
    unit = r.unit(m, site_unit)
    p = Proposal(
        file,
        m.line,
        dict(m.lines),
        slug=slug,
        ref=r.ref(m, "ref"),
        title=r.text(m, "title"),
        service=r.name(m, "service"),
        directorate=r.name(m, "directorate"),
        committees=r.string_list(m, "committees", refs=True),
        status=r.choice(m, "status", STATUS.options, ""),
        profile_basis=r.choice(m, "profile_basis", BASIS.options, ""),
        owner=r.text(m, "owner"),
        project_code=r.text(m, "project_code"),
        unit=unit,
        profile_note=r.text(m, "profile_note"),
        fte_note=r.text(m, "fte_note"),
        investment_note=r.text(m, "investment_note"),
        description=r.text(m, "description"),
        decisions=r.text(m, "decisions"),
        impact=r.text(m, "impact"),
        actions=r.text(m, "actions"),
        consultation=r.answer(m, "consultation"),
        risks=r.risks(m),
        equality=r.answer(m, "equality"),
        notes=r.text(m, "notes"),
    )
    if "start_year" in m and m["start_year"] is not None:
        p.start_year = r.year(m["start_year"], m.line_of("start_year"), "'start_year'")
    if "baseline" in m:
        p.baseline = _baseline(r, m, unit)
    p.profile = _one_profile(r, m, unit)
    p.total = r.field_amount(m, "total", unit)
    p.full_year = r.field_amount(m, "full_year", unit)
    if isinstance(m.get("fte"), Scalar):
        p.fte_overall = r.field_amount(m, "fte", "pounds", "'fte'")
    else:
        p.fte = _blocks(r, m, "fte", "fte_total", "pounds")
    p.investment = _blocks(r, m, "investment", "investment_total", unit)
    p.reported = _reported(r, m)
    p.sections = _sections(r, m, unit)
    p.tables = [
        t
        for i, v in enumerate(r.sequence(m.get("tables"), m.line_of("tables"), "'tables'"))
        if (t := r.table(v, m["tables"].line_of(i), unit))
    ]
    p.facts = _pairs(r, m, "facts", ("label", "value"))
    p.other_refs = _pairs(r, m, "other_refs", ("ref", "title"))
    p.items = _items(r, m, unit, p.profile.convention if p.profile else None)
    p.percentages = _percentages(r, m, unit)
    p.extra = r.extra(m, PROPOSAL, p, unit)
    # The file states its ref: every problem in it carries it, those about the file too.
    problems = [replace(found, ref=found.ref or p.ref) for found in r.problems]
    return (p if p.ref and p.title else None), problems


def _baseline(r: Reader, m: Map, unit: str) -> Baseline | None:
    b = r.record(m["baseline"], m.line_of("baseline"), "'baseline'", BASELINE)
    if b is None:
        return None
    year = r.year(b["year"], b.line_of("year"), "baseline year") if b.get("year") is not None else None
    baseline = Baseline(year, None, None, None, r.text(b, "note"))
    for name in ("gross", "income", "net"):
        if isinstance(b.get(name), Seq):
            parts = _figure_parts(r, b[name], unit, f"baseline {name}")
            baseline.parts[name] = parts
            setattr(baseline, name, total_of([a for _, a in parts], unit) if parts else None)
        else:
            setattr(baseline, name, r.field_amount(b, name, unit, f"baseline {name}"))
    return baseline


def _figure_parts(r: Reader, entries: Seq, unit: str, what: str) -> list[tuple[str, Amount]]:
    """A figure printed as labelled parts: [{label: High Needs, amount: "£2.622m"}, …]."""
    out = []
    for index, entry in enumerate(entries):
        e = r.mapping(
            entry, entries.line_of(index), f"a part of the {what}", ("label", "amount"), ("amount",)
        )
        amount = r.field_amount(e, "amount", unit, f"{what} part") if e is not None else None
        if e is not None and amount is not None:
            out.append((r.text(e, "label"), amount))
    return out


def _blocks(r: Reader, m: Map, key: str, total_key: str, unit: str) -> list[Block]:
    """FTE or investment: the contract's one profile (with ``total_key``), or a list of
    labelled blocks, each with its own years and total, as forms print "Recurrent:" and
    "Temporary:" rows."""
    value = m.get(key)
    if value is None:
        if m.get(total_key) is not None:
            r.problem(
                m.line_of(total_key),
                "missing-field",
                f"'{total_key}' is given but '{key}' has no years to add up",
            )
        return []
    if isinstance(value, Map):
        profile = r.profile(m, key, unit, "savings")
        total = r.field_amount(m, total_key, unit)
        return (
            [Block("", profile, total, "", m.line_of(total_key if total_key in m else key))]
            if profile
            else []
        )
    if total_key in m:
        r.problem(
            m.line_of(total_key),
            "unknown-field",
            f"'{total_key}' cannot go with a list of '{key}' blocks: give each block its own 'total'",
        )
    blocks = []
    for index, entry in enumerate(r.sequence(value, m.line_of(key), f"'{key}'")):
        e = r.record(entry, value.line_of(index), f"a block of '{key}'", BLOCK)
        if e is None:
            continue
        profile = r.profile(e, "years", unit, "savings")
        if profile is not None:
            blocks.append(
                Block(
                    r.text(e, "label"),
                    profile,
                    r.field_amount(e, "total", unit),
                    r.text(e, "note"),
                    e.line_of("total" if "total" in e else "years"),
                )
            )
    return blocks


def _one_profile(r: Reader, m: Map, unit: str) -> Profile | None:
    given = [key for key in ("budget_change", "savings") if key in m]
    if len(given) == 2:
        r.problem(
            m.line_of("savings"),
            "two-profiles",
            "a record has budget_change or savings, never both: keep the one the paper printed",
        )
    return r.profile(m, given[0], unit, given[0]) if given else None


def _fte(r: Reader, m: Map, key: str) -> Amount | Profile | None:
    value = m.get(key)
    if value is None:
        return None
    if isinstance(value, Map):
        return r.profile(m, key, "pounds", "savings")
    return r.amount(value, m.line_of(key), "pounds", f"'{key}'")


def _reported(r: Reader, m: Map) -> list[Reported]:
    out = []
    entries = r.sequence(m.get("reported"), m.line_of("reported"), "'reported'")
    for index, entry in enumerate(entries):
        e = r.record(entry, entries.line_of(index), "a 'reported' entry", REPORTED)
        if e is not None:
            out.append(
                Reported(
                    r.text(e, "body"),
                    r.date(e, "date", "reported date", True) or "",
                    r.text(e, "item"),
                    r.text(e, "appendix"),
                    r.text(e, "printed"),
                )
            )
    return out


def _sections(r: Reader, m: Map, unit: str) -> list[Section]:
    out = []
    entries = r.sequence(m.get("sections"), m.line_of("sections"), "'sections'")
    for index, entry in enumerate(entries):
        s = r.record(entry, entries.line_of(index), "a section", SECTION)
        if s is None:
            continue
        level = r.text(s, "level") or "2"
        if level not in ("2", "3", "4"):
            r.problem(s.line_of("level"), "invalid-value", "a section's level must be 2, 3 or 4")
            level = "2"
        tables = r.sequence(s.get("tables"), s.line_of("tables"), "'tables'")
        out.append(
            Section(
                r.text(s, "heading"),
                int(level),
                r.text(s, "body"),
                [t for i, v in enumerate(tables) if (t := r.table(v, tables.line_of(i), unit))],
            )
        )
    return out


def _pairs(r: Reader, m: Map, key: str, names: tuple[str, str]) -> list[tuple[str, str]]:
    out = []
    entries = r.sequence(m.get(key), m.line_of(key), f"'{key}'")
    for index, entry in enumerate(entries):
        e = r.mapping(entry, entries.line_of(index), f"an entry of '{key}'", names, names[:1])
        if e is not None:
            first = r.ref(e, "ref") if names[0] == "ref" else r.text(e, names[0])
            out.append((first, r.text(e, names[1])))
    return out


def _items(r: Reader, m: Map, unit: str, convention: str | None) -> list[Item]:
    out = []
    entries = r.sequence(m.get("items"), m.line_of("items"), "'items'")
    for index, entry in enumerate(entries):
        e = r.record(entry, entries.line_of(index), "an item", ITEM)
        if e is None:
            continue
        profile = _one_profile(r, e, unit)
        if profile and convention and profile.convention != convention:
            r.problem(
                e.line,
                "two-profiles",
                f"this item uses {profile.convention} but its proposal "
                f"uses {convention}: use one convention throughout a record",
            )
        item = Item(
            r.file,
            e.line,
            dict(e.lines),
            number=r.text(e, "number"),
            title=r.text(e, "title"),
            description=r.text(e, "description"),
            impact=r.text(e, "impact"),
            profile=profile,
            full_year=r.field_amount(e, "full_year", unit),
            fte=_fte(r, e, "fte"),
        )
        item.extra = r.extra(e, ITEM, item, unit)
        out.append(item)
    return out


def _percentages(r: Reader, m: Map, unit: str) -> list[Percentage]:
    out = []
    entries = r.sequence(m.get("percentages"), m.line_of("percentages"), "'percentages'")
    for index, entry in enumerate(entries):
        e = r.record(entry, entries.line_of(index), "a percentage", PERCENTAGE)
        if e is None or not all(e.get(k) is not None for k in ("part", "whole", "stated")):
            continue
        part = r.field_amount(e, "part", unit)
        whole = r.field_amount(e, "whole", unit)
        try:
            stated = parse_percent(e["stated"])
        except MoneyError as exc:
            r.problem(e.line_of("stated"), "invalid-amount", f"'stated': {exc}")
            continue
        if part and whole:
            out.append(Percentage(r.text(e, "label"), part, whole, stated, e.line))
    return out


def committee_record(
    data: Node, file: str, slug: str, site_unit: str
) -> tuple[Committee | None, list[Problem]]:
    r = Reader(file)
    m = r.record(data, getattr(data, "line", 1), "a committee", COMMITTEE)
    if m is None:
        return None, r.problems
    committee = Committee(
        file, m.line, dict(m.lines), slug=slug, name=r.text(m, "name"), description=r.text(m, "description")
    )
    committee.extra = r.extra(m, COMMITTEE, committee, site_unit)
    meetings = r.sequence(m.get("meetings"), m.line_of("meetings"), "'meetings'")
    seen: dict[str, int] = {}
    for index, entry in enumerate(meetings):
        e = r.record(entry, meetings.line_of(index), "a meeting", MEETING)
        if e is None:
            continue
        date = r.date(e, "date", "meeting date")
        meeting = Meeting(
            file,
            e.line,
            dict(e.lines),
            date=dt.date.fromisoformat(date) if date else None,
            title=r.text(e, "title"),
            location=r.text(e, "location"),
            time=_time(r, e),
            note=r.text(e, "note"),
        )
        meeting.extra = r.extra(e, MEETING, meeting, site_unit)
        if date in seen:
            r.problem(
                e.line_of("date"),
                "duplicate-meeting",
                f"two meetings on {date} (the other is on line {seen[date]}): a committee "
                "meets once a day here; merge their agendas",
            )
        elif date:
            seen[date] = e.line_of("date")
        agenda = r.sequence(e.get("agenda"), e.line_of("agenda"), "'agenda'")
        for item_index, item in enumerate(agenda):
            a = _agenda_item(r, item, agenda.line_of(item_index), site_unit)
            if a is not None:
                meeting.agenda.append(a)
        if date:
            committee.meetings.append(meeting)
    return committee, r.problems


def _time(r: Reader, meeting: Map) -> str:
    """A meeting's start, "HH:MM" on the 24-hour clock ("" when not given: all day)."""
    text = r.text(meeting, "time")
    if text and not TIME.fullmatch(text):
        r.problem(
            meeting.line_of("time"),
            "invalid-value",
            f"meeting time '{text}' is not a time: write it as HH:MM on the 24-hour clock, "
            'in quotes, e.g. "10:00" or "14:30"',
        )
        return ""
    return text


def _agenda_item(r: Reader, value: Node, line: int, site_unit: str) -> AgendaItem | None:
    a = r.record(value, line, "an agenda item", AGENDA_ITEM)
    if a is None:
        return None
    item = AgendaItem(
        r.file,
        a.line,
        dict(a.lines),
        title=r.text(a, "title"),
        number=r.text(a, "number"),
        report=r.ref(a, "report"),
        note=r.text(a, "note"),
    )
    item.extra = r.extra(a, AGENDA_ITEM, item, site_unit)
    selector = a.get("proposals")
    if isinstance(selector, Map):
        s = r.mapping(selector, a.line_of("proposals"), "'proposals'", ("service", "committee"))
        if s is not None and len(s) == 1:
            key = next(iter(s))
            item.selector = {key: r.ref(s, key) if key == "committee" else r.text(s, key)}
        elif s is not None:
            r.problem(
                a.line_of("proposals"),
                "invalid-value",
                "'proposals' takes a list of refs, or one of {service: …} / {committee: this}",
            )
    elif selector is not None:
        item.selector = r.string_list(a, "proposals", refs=True)
    if "summary" in a:
        item.summary = _summary(r, a, site_unit)
    return item


def _summary(r: Reader, a: Map, site_unit: str) -> Summary | None:
    value = a["summary"]
    if value is None or (isinstance(value, Scalar) and value.kind == "bool"):
        return (
            Summary(line=a.line_of("summary")) if value is None or value.lower() in ("true", "yes") else None
        )
    s = r.record(value, a.line_of("summary"), "'summary'", SUMMARY)
    if s is None:
        return None
    unit = r.choice(s, "unit", UNITS, "") or None
    summary = Summary(
        group_by=r.choice(s, "group_by", GROUP_BY.options, "service"),
        unit=unit,
        line=s.line,
    )
    columns = s.get("columns")
    for index, column in enumerate(r.string_list(s, "columns")):
        line = columns.line_of(index) if isinstance(columns, Seq) else s.line_of("columns")
        if column in ("full_year", "total") or r.year(column, line, "summary column"):
            summary.columns.append(column)
    if "total" in s:
        t = r.mapping(s["total"], s.line_of("total"), "the summary's printed total", None) or Map.empty()
        for key in t:
            if key not in ("full_year", "total") and not YEAR.match(key):
                r.problem(
                    t.line_of(key),
                    "invalid-value",
                    f"the printed total's '{key}' must be a summary column (a year, full_year or total)",
                )
                continue
            amount = r.amount(t[key], t.line_of(key), unit or site_unit, f"printed total {key}")
            if amount:
                summary.printed_total[key] = amount
    return summary


def _sized_paragraphs(r: Reader, body: str, body_line: int) -> str:
    """The report's body without any paragraph (lines between blank lines) longer than a
    field may be: a long report is many paragraphs, each rendered alone."""
    pieces, line = re.split(r"(\n[ \t]*\n)", body), body_line
    for index, piece in enumerate(pieces):
        if index % 2 == 0:
            pieces[index] = r.sized(piece, line, "this paragraph")
        line += piece.count("\n")
    return "".join(pieces)


def report_record(
    front: Node, file: str, slug: str, site_unit: str, body: str, body_line: int
) -> tuple[Report | None, list[Problem]]:
    r = Reader(file)
    m = r.record(
        front if front is not None else Map.empty(),
        getattr(front, "line", 1),
        "the report's front matter",
        REPORT,
    )
    if m is None:
        return None, r.problems
    unit = r.unit(m, site_unit)
    date = r.date(m, "date", "report date")
    body = _sized_paragraphs(r, body, body_line)
    if found := controls.UNSAFE.search(body):
        body = r.plain(body, body_line + body.count("\n", 0, found.start()), "the report's text")
    report = Report(
        file,
        m.line,
        dict(m.lines),
        slug=slug,
        title=r.text(m, "title"),
        committee=r.ref(m, "committee"),
        date=dt.date.fromisoformat(date) if date else None,
        author=r.text(m, "author"),
        unit=unit,
        reference=r.text(m, "reference"),
        body=body,
        body_line=body_line,
    )
    report.extra = r.extra(m, REPORT, report, unit)
    tables = r.sequence(m.get("tables"), m.line_of("tables"), "'tables'")
    report.tables = [t for i, v in enumerate(tables) if (t := r.table(v, tables.line_of(i), unit))]
    report.body_tables = markdown_tables(body, body_line, file, unit)
    for declared in r.row_totals(m):  # for each Markdown table that has the columns named
        matched = False
        for table in report.body_tables:
            columns = r.total_columns(declared, table.columns, required=False)
            table.total_columns += columns
            matched = matched or bool(columns)
        if not matched:
            r.problem(
                declared.line,
                "unknown-column",
                f"row_totals names the column '{declared['column']}', which no Markdown table "
                "of this report has (with the columns in 'sums'); copy the heading exactly",
            )
    return report, r.problems
