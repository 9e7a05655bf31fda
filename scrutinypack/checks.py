"""Every arithmetic and consistency check, each with a stable code.

Two figures agree when they differ by no more than one unit in the last decimal place
written; where several printed figures meet, the coarsest of those written with decimal
places sets the tolerance (a bare 0 or a whole number beside them sets none).
The checks report, they never change a figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .checks_links import CODES as LINK_CODES
from .checks_links import links
from .checks_monitoring import CODES as DELIVERY_CODES
from .content.kept import conforms
from .content.stored import Stored
from .content.validate import YEAR
from .model import Cell, Profile, Proposal, Site, Table
from .money import NOT_FIGURES, Amount, agree, format_amount, from_pounds, tolerance_of, total_of
from .problems import Problem

# code: (severity, what it means) — the list is published on the checks page.
CODES = {
    "profile-total": ("error", "a stated total is not the sum of its years"),
    "fte-total": ("error", "the FTE total is not the sum of its years"),
    "investment-total": ("error", "the investment total is not the sum of its years"),
    "items-total": ("error", "a proposal's figures are not the sums of its sub-items"),
    "net-mismatch": ("error", "gross − income is not the net budget"),
    "income-negative": ("warning", "income is written as a negative number"),
    "percent-mismatch": ("error", "a stated percentage is not part ÷ whole"),
    "table-total": ("error", "a table's printed total is not the sum of its rows"),
    "table-row-total": ("error", "a table's printed total column is not the sum of its columns"),
    "table-years": ("error", "a table's years repeat or do not run in sequence"),
    "summary-total": ("error", "a summary's printed total is not the sum of its proposals"),
    "year-not-in-site": ("error", "a profile year is not one of site.yaml's years"),
    "start-year-outside-profile": ("warning", "the start year is not a year of the profile"),
    "figure-before-start": ("warning", "the profile has a figure before the start year"),
    "saving-exceeds-budget": ("warning", "a saving is larger than the budget it comes from"),
    "saving-is-cost": ("warning", "a 'saving' that is really a cost"),
    **LINK_CODES,
    "not-checked": ("info", "a sum could not be checked: a figure it needs is not stated (N/A, TBC, null)"),
    **DELIVERY_CODES,
}


@dataclass
class Checked:
    """What the checks found, and how many sums they compared: with the ``not-checked``
    findings, the pages can say how many sums could not be checked and why."""

    findings: list[Problem] = field(default_factory=list)
    made: int = 0

    def add(self, other: Checked) -> None:
        self.findings += other.findings
        self.made += other.made


def run_checks(
    site: Site, asset_paths: set[str] = frozenset(), memo: dict | None = None, stored: Stored | None = None
) -> Checked:
    """Every finding of the site, in order. ``memo`` (kept between calls by a live preview)
    holds each proposal's own findings: a record read again unchanged is the same object;
    ``stored`` those of a build in another process, by the text each record was read from."""
    checked = Checked()
    years = tuple(site.config.years)
    for proposal in site.proposals:
        kept = memo.get(id(proposal)) if memo is not None else None
        settings = (years, proposal.cumulative)  # what site.yaml tells the checks of a record
        if kept is None or kept[0] is not proposal or kept[1] != settings:
            kept = (proposal, settings, _stored_proposal(proposal, list(years), stored))
            if memo is not None:
                memo[id(proposal)] = kept
        checked.add(kept[2])
    if memo is not None:  # forget the records that are gone or were read again
        for key in memo.keys() - {id(p) for p in site.proposals}:
            del memo[key]
    for committee in site.committees:
        for meeting in committee.meetings:
            for item in meeting.agenda:
                if item.table is not None:
                    checked.add(_summary(item, item.table))
    for report in site.reports:
        for table in report.tables + report.body_tables:
            checked.add(_table(table, ""))
    checked.findings += links(site, asset_paths, stored, _find)
    checked.findings = sorted(set(checked.findings))
    return checked


def _find(code: str, file: str, line: int, message: str, ref: str = "", subject: str = "") -> Problem:
    return Problem(file, line, code, message, CODES[code][0], ref, subject)


def _show(amount: Amount) -> str:
    return format_amount(amount)


def _not_checked(
    file: str, line: int, what: str, missing: list[str], ref: str = "", subject: str = ""
) -> Problem:
    """A sum that needs a figure the paper does not give: reported, never passed in silence."""
    return _find(
        "not-checked",
        file,
        line,
        f"{what} could not be checked: there is no figure for {_listed(missing)}",
        ref,
        subject,
    )


def _listed(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _given(name: str, amount: Amount) -> str:
    """A part that is not a figure, for a message: "2026/27 (N/A)", or "2026/27" when blank."""
    return name if amount.text.lower() == "null" else f"{name} ({amount.text})"


def _compare_total(
    code: str,
    p: Proposal,
    stated: Amount | None,
    parts: Profile,
    unit: str,
    subject: str,
    what: str,
    line: int,
    show=None,
) -> Checked:
    show = show or _show
    if stated is None or not stated.is_figure or not parts.years or parts.unreadable:
        return Checked()  # nothing printed to check; or a year unread, already reported
    missing = [_given(year, f) for year, f in parts.years.items() if not f.is_figure]
    if missing:
        return Checked([_not_checked(p.file, line, f"{what}, {show(stated)},", missing, p.ref, subject)])
    figures = list(parts.years.values())
    computed = total_of(figures, stated.unit if stated.unit in ("pounds", "k", "m") else unit)
    if agree(computed.pounds(), stated.pounds(), tolerance_of(stated, *figures)):
        return Checked(made=1)
    difference = from_pounds(abs(stated.pounds() - computed.pounds()), stated.unit, stated.places)
    return Checked(
        [
            _find(
                code,
                p.file,
                line,
                (
                    f"{what} is printed as {show(stated)} but its years add up to {show(computed)}, "
                    f"a difference of {show(difference)}"
                ),
                p.ref,
                subject,
            )
        ],
        1,
    )


def _proposal(p: Proposal, site_years: list[str]) -> Checked:
    checked = Checked()
    out = checked.findings
    profile = p.profile
    if profile and not p.derived and not p.cumulative:
        checked.add(
            _compare_total(
                "profile-total", p, p.total, profile, p.unit, "total", "the total", p.line_of("total")
            )
        )
    for code, blocks, unit, subject, what, show in (
        ("fte-total", p.fte, "pounds", "fte", "FTE", _show_plain),
        ("investment-total", p.investment, p.unit, "investment", "investment", _show),
    ):
        for block in blocks:
            name = f"the {what} total" + (f" ({block.label})" if block.label else "")
            checked.add(
                _compare_total(code, p, block.total, block.profile, unit, subject, name, block.line, show)
            )
    checked.add(_baseline(p))
    checked.add(_items(p))
    for pct in p.percentages:
        checked.add(_percentage(p, pct))
    if profile:
        for year, line in profile.lines.items():
            if site_years and year not in site_years:
                out.append(
                    _find(
                        "year-not-in-site",
                        p.file,
                        line,
                        f"the year {year} is not one of site.yaml's years "
                        f"({', '.join(site_years)}): add it there, or correct the year",
                        p.ref,
                        "profile",
                    )
                )
        if p.start_year and profile.years:
            if p.start_year not in profile.years:
                out.append(
                    _find(
                        "start-year-outside-profile",
                        p.file,
                        p.line_of("start_year"),
                        f"the start year {p.start_year} is not one of the profile's years "
                        f"({', '.join(profile.years)})",
                        p.ref,
                        "start_year",
                    )
                )
            else:
                early = [
                    y for y, a in profile.years.items() if y < p.start_year and a.is_figure and a.value != 0
                ]
                if early:
                    out.append(
                        _find(
                            "figure-before-start",
                            p.file,
                            profile.lines[early[0]],
                            f"the profile has {_show(profile.years[early[0]])} in {early[0]}, "
                            f"before the start year {p.start_year}",
                            p.ref,
                            "profile",
                        )
                    )
    for table_index, table in enumerate(_tables_of(p), start=1):
        checked.add(_table(table, p.ref, f"table:{table_index}"))
    saving = p.total_saving()
    if saving is not None and saving.is_figure and saving.value < 0:
        out.append(
            _find(
                "saving-is-cost",
                p.file,
                p.line_of("total" if p.total else "profile"),
                f"the total is {_show(p.total or saving)}, which in this record's "
                f"convention ({_convention(p)}) is a cost, not a saving",
                p.ref,
                "total",
            )
        )
    # A budget of nothing or less (a service that earns more than it spends) is not one a
    # saving can exceed: such savings are new income, so the comparison says nothing.
    budget = p.baseline and (p.baseline.net or p.baseline.gross)
    if (
        saving is not None
        and saving.is_figure
        and budget
        and budget.is_figure
        and budget.value > 0
        and saving.value > 0
        and saving.pounds() > budget.pounds() + budget.tolerance()
    ):
        out.append(
            _find(
                "saving-exceeds-budget",
                p.file,
                p.line_of("baseline"),
                f"the saving of {_show(saving)} is larger than the budget it comes from "
                f"({_show(budget)}{' net' if p.baseline.net else ' gross'})",
                p.ref,
                "baseline",
            )
        )
    return checked


def _convention(p: Proposal) -> str:
    return (
        "budget change: a saving is negative"
        if p.profile and p.profile.convention == "budget_change"
        else "savings: a saving is positive"
    )


def _tables_of(p: Proposal) -> list[Table]:
    return [t for s in p.sections for t in s.tables] + p.tables


def _baseline(p: Proposal) -> Checked:
    b = p.baseline
    if b is None:
        return Checked()
    checked = Checked()
    out = checked.findings
    if b.income is not None and b.income.is_figure and b.income.value < 0:
        out.append(
            _find(
                "income-negative",
                p.file,
                p.line_of("baseline"),
                f"income is written as {_show(b.income)}; income is subtracted by its "
                "size, so write it as a positive figure as printed papers do",
                p.ref,
                "baseline",
            )
        )
    figures = {"gross": b.gross, "income": b.income, "net": b.net}
    if all(f is not None and f.is_figure for f in figures.values()):
        checked.made += 1
        computed = b.gross.pounds() - abs(b.income.pounds())
        if not agree(computed, b.net.pounds(), tolerance_of(*figures.values())):
            net = total_of([b.gross, b.income.negated() if b.income.value > 0 else b.income], b.net.unit)
            difference = from_pounds(abs(net.pounds() - b.net.pounds()), b.net.unit, b.net.places)
            out.append(
                _find(
                    "net-mismatch",
                    p.file,
                    p.line_of("baseline"),
                    f"gross {_show(b.gross)} − income {_show(b.income)} is {_show(net)}, "
                    f"but the net budget is printed as {_show(b.net)}, a difference of "
                    f"{_show(difference)}",
                    p.ref,
                    "baseline",
                )
            )
    elif all(f is not None for f in figures.values()):
        out.append(
            _not_checked(
                p.file,
                p.line_of("baseline"),
                "gross − income = net",
                [_given(f"the {name}", f) for name, f in figures.items() if not f.is_figure],
                p.ref,
                "baseline",
            )
        )
    return checked


def _items(p: Proposal) -> Checked:
    checked = Checked()
    if not p.items or p.derived:
        return checked
    item_profiles = [i.profile for i in p.items if i.profile]
    if p.profile:
        for year, stated in p.profile.years.items():
            parts = [ip.years.get(year) for ip in item_profiles]
            checked.add(
                _sum_check(
                    p,
                    "items-total",
                    stated,
                    parts,
                    p.profile.lines.get(year, p.line),
                    f"{year} of the proposal",
                    "profile",
                )
            )
    if p.full_year is not None:
        checked.add(
            _sum_check(
                p,
                "items-total",
                p.full_year,
                [i.full_year for i in p.items],
                p.line_of("full_year"),
                "the full-year effect",
                "full_year",
            )
        )
    return checked


def _sum_check(
    p: Proposal, code: str, stated: Amount | None, parts: list, line: int, what: str, subject: str
) -> Checked:
    if stated is None or not stated.is_figure or any(x is None for x in parts):
        return Checked()
    missing = [_given(f"sub-item {index}", x) for index, x in enumerate(parts, 1) if not x.is_figure]
    if missing:
        return Checked([_not_checked(p.file, line, f"{what}, {_show(stated)},", missing, p.ref, subject)])
    computed = total_of(parts, stated.unit)
    if agree(computed.pounds(), stated.pounds(), tolerance_of(stated, *parts)):
        return Checked(made=1)
    return Checked(
        [
            _find(
                code,
                p.file,
                line,
                f"{what} is printed as {_show(stated)} but its sub-items add up to {_show(computed)}",
                p.ref,
                subject,
            )
        ],
        1,
    )


def _percentage(p: Proposal, pct) -> Checked:
    if not (pct.part.is_figure and pct.whole.is_figure):
        return Checked(
            [
                _not_checked(
                    p.file,
                    pct.line,
                    f"the percentage {pct.stated.text}",
                    [
                        _given(f"the {name}", f)
                        for name, f in (("part", pct.part), ("whole", pct.whole))
                        if not f.is_figure
                    ],
                    p.ref,
                    "percentages",
                )
            ]
        )
    if pct.whole.value == 0:
        return Checked(
            [
                _find(
                    "percent-mismatch",
                    p.file,
                    pct.line,
                    f"{pct.stated.text} is stated as a share of {_show(pct.whole)}, which is zero",
                    p.ref,
                    "percentages",
                )
            ],
            1,
        )
    computed = pct.part.pounds() / pct.whole.pounds() * 100
    if agree(computed, pct.stated.value, pct.stated.tolerance()):
        return Checked(made=1)
    shown = f"{computed:.{pct.stated.places + 1}f}%"
    return Checked(
        [
            _find(
                "percent-mismatch",
                p.file,
                pct.line,
                f"{pct.stated.text} is stated, but {_show(pct.part)} of {_show(pct.whole)} is {shown}",
                p.ref,
                "percentages",
            )
        ],
        1,
    )


def _no_figure(cells: list[Cell]) -> list[Cell] | None:
    """The cells of a column that give no figure (N/A, TBC), or None when some hold other
    words: then it is not a column of figures, and there is nothing to check."""
    words = [c for c in cells if c.amount is None and c.text]
    return words if all(c.text.lower() in NOT_FIGURES for c in words) else None


def _table(table: Table, ref: str, subject: str = "") -> Checked:
    checked = Checked()
    out = checked.findings
    name = f"'{table.caption}'" if table.caption else f"the table on line {table.line}"
    for total in table.totals:
        if total.sums == "nothing":
            continue
        sources = (
            table.rows
            if total.sums == "rows"
            else [[Cell(label, None)] + _cells_of(table, label) for label in total.sums]
        )
        for col in range(1, len(total.cells)):
            stated = total.cells[col].amount
            if stated is None:
                continue
            column = [row[col] for row in sources if col < len(row)]
            parts = [c.amount for c in column if c.amount is not None]
            missing = _no_figure(column)
            if missing is None or not parts:
                continue  # words in the column: not a column of figures
            heading = table.columns[col] if col < len(table.columns) else f"column {col + 1}"
            row = f"the row '{total.label}'" if total.label else "the total row"
            if missing:
                out.append(
                    _not_checked(
                        table.file,
                        total.line,
                        f"in {name}, {row}'s figure for '{heading}'",
                        [
                            f"'{r[0].text}' ({r[col].text})"
                            for r in sources
                            if col < len(r) and r[col] in missing
                        ],
                        ref,
                        subject,
                    )
                )
                continue
            computed = total_of(parts, stated.unit)
            checked.made += 1
            if not agree(computed.pounds(), stated.pounds(), tolerance_of(stated, *parts)):
                out.append(
                    _find(
                        "table-total",
                        table.file,
                        total.line,
                        (
                            f"in {name}, {row} prints {_show_plain(stated)} for "
                            f"'{heading}' but the rows above add up to {_show_plain(computed)}"
                        ),
                        ref,
                        subject,
                    )
                )
    checked.add(_row_totals(table, name, ref, subject))
    out += _years_in_sequence(table, name, ref, subject)
    return checked


def _row_totals(table: Table, name: str, ref: str, subject: str) -> Checked:
    """Each row's figure in a total column against the figures of the columns it adds up;
    a row with words in those columns is left alone, a blank cell adds nothing."""
    checked = Checked()
    out = checked.findings
    rows = list(zip(table.rows, table.row_lines)) + [(t.cells, t.line) for t in table.totals]
    for total in table.total_columns:
        for row, line in rows:
            stated = row[total.column].amount if total.column < len(row) else None
            cells = [row[i] for i in total.parts if i < len(row)]
            missing = _no_figure(cells)
            parts = [c.amount for c in cells if c.amount is not None]
            if stated is None or missing is None or not parts:
                continue
            label = f"the row '{row[0].text}'" if row and row[0].text else f"the row on line {line}"
            if missing:
                out.append(
                    _not_checked(
                        table.file,
                        line,
                        f"in {name}, {label}'s figure for '{table.columns[total.column]}'",
                        [
                            f"'{table.columns[i]}' ({row[i].text})"
                            for i in total.parts
                            if i < len(row) and row[i] in missing
                        ],
                        ref,
                        subject,
                    )
                )
                continue
            computed = total_of(parts, stated.unit)
            checked.made += 1
            if not agree(computed.pounds(), stated.pounds(), tolerance_of(stated, *parts)):
                added = " and ".join(f"'{table.columns[i]}'" for i in total.parts)
                out.append(
                    _find(
                        "table-row-total",
                        table.file,
                        line,
                        (
                            f"in {name}, {label} prints {_show_plain(stated)} for '{table.columns[total.column]}' "
                            f"but {added} add up to {_show_plain(computed)}"
                        ),
                        ref,
                        subject,
                    )
                )
    return checked


def _cells_of(table: Table, label: str):
    for total in table.totals:
        if total.label == label:
            return total.cells[1:]
    return []


def _show_plain(amount: Amount) -> str:
    return format_amount(amount, unit_shown=False)


def _years_in_sequence(table: Table, name: str, ref: str, subject: str) -> list[Problem]:
    out = []
    labels = [(row[0].text, line) for row, line in zip(table.rows, table.row_lines) if row]
    years = [(text, line) for text, line in labels if YEAR.match(text)]
    if len(years) >= 2:
        out += _sequence(table, [y for y, _ in years], [at for _, at in years], name, ref, subject)
    header = [c for c in table.columns if YEAR.match(c)]
    if len(header) >= 2:
        out += _sequence(table, header, [table.line] * len(header), name, ref, subject)
    return out


def _sequence(table, years: list[str], lines: list[int], name: str, ref: str, subject: str):
    """Years should run on from the first one; each one out of place is reported once."""
    out = []
    first = int(years[0][:4])
    for index, year in enumerate(years):
        start = first + index
        expected = f"{start}/{(start + 1) % 100:02d}"
        if year == expected:
            continue
        if year in years[:index]:
            message = f"in {name}, {year} appears twice; in its place the year {expected} was expected"
        else:
            message = f"in {name}, {year} is out of sequence; the year {expected} was expected"
        out.append(_find("table-years", table.file, lines[index], message, ref, subject))
    return out


def _summary(item, table) -> Checked:
    checked = Checked()
    out = checked.findings
    for column, stated in table.printed_total.items():
        computed = table.total.get(column)
        if computed is None or computed.amount is None or not stated.is_figure:
            continue
        parts = [table.figure(p, column) for p in item.proposals]
        parts = [x for x in parts if x is not None and x.is_figure]
        checked.made += 1
        if not agree(computed.amount.pounds(), stated.pounds(), tolerance_of(stated, *parts)):
            label = "full year" if column == "full_year" else column
            out.append(
                _find(
                    "summary-total",
                    item.file,
                    item.line_of("summary"),
                    (
                        f"the printed total for {label} in '{item.title}' is {_show(stated)} but its "
                        f"proposals add up to {_show(computed.amount)}"
                    ),
                )
            )
    return checked


def _stored_proposal(proposal: Proposal, years: list[str], stored: Stored | None) -> Checked:
    """A proposal's own findings: as a build in another process found them, when the record
    was read from the same text and site.yaml gives the same years and basis."""
    stamp = stored.stamps.get(proposal.file) if stored is not None else None
    if stamp is None:
        return _proposal(proposal, years)
    stamp = f"{stamp} {' '.join(years)} {proposal.cumulative}"
    kept = stored.get("findings", proposal.file, stamp)
    if kept is not None and conforms(kept, tuple[list[Problem], int]):
        return Checked(*kept)
    checked = _proposal(proposal, years)
    stored.put("findings", proposal.file, stamp, (checked.findings, checked.made))
    return checked
