"""The Site and its records: plain data with Decimal money, no I/O and no HTML.

Records are made by ``content.validate``; :func:`build_site` joins them (agendas to
proposals, services to their proposals) and reports references that lead nowhere.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, overload

from .money import Amount, total_of
from .problems import Problem, unknown

if TYPE_CHECKING:  # the records joined to the site, made by the modules above this one
    from .content.publications import Publication
    from .delivery import MonitoringReport
    from .glossary import Glossary
    from .recommendations import RecommendationSet
    from .summaries import SummaryTable

#: What a line is kept for: a field's name, or (name, index) for an entry of a list.
LineKey = str | tuple[str, int]


@dataclass
class Located:
    """Where a record came from, and the line of each of its fields."""

    file: str
    line: int
    lines: dict[LineKey, int] = field(default_factory=dict)
    #: The fields declared in ``format`` that the record has no attribute of its own for,
    #: read by their type: a field added to the declaration is kept here until it has one.
    extra: dict[str, Any] = field(default_factory=dict, kw_only=True)

    def line_of(self, name: LineKey) -> int:
        return self.lines.get(name, self.line)


@dataclass
class Profile:
    """Figures per financial year, signed as printed.

    ``convention`` is ``budget_change`` (a saving is negative) or ``savings`` (a saving
    is positive); :meth:`saving` converts a figure to the one convention of the data files.
    """

    convention: str
    years: dict[str, Amount]
    lines: dict[str, int] = field(default_factory=dict)
    unreadable: bool = False  # a year or figure could not be read: reported once, its total not checked

    @overload
    def saving(self, amount: Amount) -> Amount: ...
    @overload
    def saving(self, amount: None) -> None: ...
    @overload
    def saving(self, amount: Amount | None) -> Amount | None: ...
    def saving(self, amount: Amount | None) -> Amount | None:
        if amount is None or self.convention == "savings":
            return amount
        return amount.negated()

    @cached_property
    def savings(self) -> dict[str, Amount]:
        """Each year's figure with a saving positive; worked out once (summaries ask often)."""
        return {year: self.saving(a) for year, a in self.years.items()}


@dataclass
class Baseline:
    year: str | None
    gross: Amount | None
    income: Amount | None
    net: Amount | None
    note: str = ""
    # A figure printed as several labelled parts (income from two funds): name → [(label, amount)].
    # The figure itself is then their sum.
    parts: dict[str, list[tuple[str, Amount]]] = field(default_factory=dict)


@dataclass
class Block:
    """One printed row of figures per year with its total: an FTE or investment profile.

    A form may print several, each under a label ("Recurrent:", "Temporary:").
    """

    label: str
    profile: Profile
    total: Amount | None
    note: str = ""
    line: int = 0


@dataclass
class Answer:
    """A yes/no question as the paper answered it: our reading, and the words printed."""

    required: bool | None
    note: str


@dataclass
class Risk:
    risk: str
    mitigation: str


@dataclass
class Reported:
    body: str
    date: str  # YYYY-MM-DD or YYYY-MM
    item: str
    appendix: str
    printed: str


@dataclass
class Cell:
    text: str
    amount: Amount | None  # None when the cell is not a figure


@dataclass
class TotalRow:
    cells: list[Cell]
    sums: str | list[str]  # "rows" | "nothing" | list of labels of earlier total rows
    line: int

    @property
    def label(self) -> str:
        return self.cells[0].text if self.cells else ""


@dataclass
class TotalColumn:
    """A column printed as the sum, row by row, of other columns (``parts``, by index)."""

    column: int
    parts: list[int]
    line: int


@dataclass
class Table(Located):
    caption: str = ""
    unit: str = "pounds"
    columns: list[str] = field(default_factory=list)
    header_groups: list[tuple[str, int]] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)
    row_lines: list[int] = field(default_factory=list)
    totals: list[TotalRow] = field(default_factory=list)
    total_columns: list[TotalColumn] = field(default_factory=list)
    note: str = ""


@dataclass
class Section:
    heading: str
    level: int
    body: str
    tables: list[Table]


@dataclass
class Percentage:
    label: str
    part: Amount
    whole: Amount
    stated: Amount
    line: int


@dataclass
class Item(Located):
    number: str = ""
    title: str = ""
    description: str = ""
    impact: str = ""
    profile: Profile | None = None
    full_year: Amount | None = None
    fte: Amount | Profile | None = None  # one figure, or one per year


@dataclass
class Proposal(Located):
    slug: str = ""
    ref: str = ""
    title: str = ""
    service: str = ""
    directorate: str = ""
    committees: list[str] = field(default_factory=list)
    status: str = ""
    start_year: str | None = None
    owner: str = ""
    project_code: str = ""
    unit: str = "m"
    baseline: Baseline | None = None
    profile: Profile | None = None
    profile_note: str = ""
    total: Amount | None = None
    full_year: Amount | None = None
    fte: list[Block] = field(default_factory=list)
    fte_overall: Amount | None = None  # one figure or word for the whole ("TBC", "N/A")
    fte_note: str = ""
    investment: list[Block] = field(default_factory=list)
    investment_note: str = ""
    description: str = ""
    decisions: str = ""
    impact: str = ""
    actions: str = ""
    consultation: Answer | None = None
    risks: str | list[Risk] = ""
    equality: Answer | None = None
    reported: list[Reported] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    notes: str = ""
    facts: list[tuple[str, str]] = field(default_factory=list)
    other_refs: list[tuple[str, str]] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    percentages: list[Percentage] = field(default_factory=list)
    derived: bool = False  # profile, full year and total are the sums of the items
    profile_basis: str = ""  # the record's own profile_basis; "" follows site.yaml
    cumulative: bool = False  # each year's figure is the running position, not that year's change

    @property
    def sort_key(self) -> NaturalKey:
        return natural_key(self.ref)

    def saving_by_year(self) -> dict[str, Amount]:
        """Each year's figure with a saving positive (not a figure where the paper gives none)."""
        return self.profile.savings if self.profile is not None else {}

    def total_saving(self) -> Amount | None:
        """The printed total as a saving; else the sum of the years when all are figures."""
        if self.total is not None:
            return self.profile.saving(self.total) if self.profile else self.total
        if self.profile and self.profile.years and not self.cumulative:
            return total_of([a for a in self.saving_by_year().values()], self.unit)
        return None

    def full_year_saving(self) -> Amount | None:
        if self.full_year is None:
            return None
        return self.profile.saving(self.full_year) if self.profile else self.full_year


@dataclass
class Summary:
    group_by: str = "service"
    columns: list[str] = field(default_factory=list)  # years, "full_year", "total"; [] = default
    unit: str | None = None
    printed_total: dict[str, Amount] = field(default_factory=dict)
    line: int = 0


@dataclass
class AgendaItem(Located):
    title: str = ""
    number: str = ""  # as printed ("10", "10a"), or "" where the agenda gives none
    position: int = 0  # 1, 2, 3 in the agenda's order (set by build_site)
    selector: list[str] | dict[str, str] | None = None  # refs | {"service": X} | {"committee": slug}
    summary: Summary | None = None
    report: str = ""
    note: str = ""
    proposals: list[Proposal] = field(default_factory=list)  # resolved by build_site
    table: SummaryTable | None = None  # computed by build_site

    @property
    def shown_number(self) -> str:
        """The number shown for the item everywhere: as printed, else its place in the agenda."""
        return self.number or str(self.position)


@dataclass
class Meeting(Located):
    date: dt.date | None = None
    title: str = ""
    location: str = ""
    time: str = ""
    note: str = ""
    agenda: list[AgendaItem] = field(default_factory=list)
    committee: Committee | None = None

    @property
    def slug(self) -> str:
        return self.date.isoformat() if self.date else ""


@dataclass
class Committee(Located):
    slug: str = ""
    name: str = ""
    description: str = ""
    meetings: list[Meeting] = field(default_factory=list)


@dataclass
class Report(Located):
    slug: str = ""
    title: str = ""
    committee: str = ""
    date: dt.date | None = None
    author: str = ""
    unit: str = "m"
    reference: str = ""
    body: str = ""
    body_line: int = 1
    tables: list[Table] = field(default_factory=list)  # from the front matter
    body_tables: list[Table] = field(default_factory=list)  # the Markdown tables, for checking


@dataclass
class Brand:
    """A council's own look (site.yaml ``brand:``); every field may be left out."""

    colour: str = ""  # '#rrggbb', checked for contrast where it is used
    dark_link: str = ""  # links' colour in dark mode, worked out from ``colour``
    logo: str = ""  # a site path under assets/
    logo_print: str = ""  # the logo for white paper (PDFs), where ``logo`` is for the coloured header
    logo_alt: str = ""
    footer_links: list[tuple[str, str, int]] = field(default_factory=list)  # (label, URL, line)

    @property
    def paper_logo(self) -> str:
        """The logo on a PDF's cover and running header: the print logo, else the one logo."""
        return self.logo_print or self.logo


@dataclass
class Accessibility(Located):
    """What the accessibility statement says (site.yaml ``accessibility:``). Its ``lines``
    also hold each list entry's line, by (field, index)."""

    contact: str = ""  # an email or web address for problems and other formats
    phone: str = ""
    prepared: str = ""  # YYYY-MM-DD
    reviewed: str = ""  # YYYY-MM-DD
    compliance: str = ""  # fully | partially | not; "" when not stated
    known_issues: list[str] = field(default_factory=list)  # Markdown
    disproportionate_burden: list[str] = field(default_factory=list)  # Markdown
    enforcement: str = ""  # Markdown; the template's paragraph when ""
    given: bool = False  # whether site.yaml has the block at all


@dataclass
class SiteConfig(Located):
    council: str = ""
    title: str = ""
    unit: str = "m"
    profile_basis: str = "discrete"  # discrete | cumulative: what each year's figure means
    years: list[str] = field(default_factory=list)
    base_url: str = ""
    licence: str = ""
    contact: str = ""
    description: str = ""
    as_of: dt.date | None = None  # the date the site speaks for (1.2); None: the build's
    brand: Brand = field(default_factory=Brand)
    accessibility: Accessibility = field(default_factory=lambda: Accessibility("site.yaml", 0))
    # Not from site.yaml but site-wide content all the same, read by the loader:
    # content/publications/*.json (publish.Publication, oldest first) and the glossary
    # (glossary.Glossary: the shipped default with content/glossary.yaml over it).
    publications: list[Publication] = field(default_factory=list)
    glossary: Glossary | None = None


@dataclass
class Site:
    config: SiteConfig
    proposals: list[Proposal]
    committees: list[Committee]
    reports: list[Report]
    by_ref: dict[str, Proposal] = field(default_factory=dict)
    findings: list[Problem] = field(default_factory=list)
    checks_made: int = 0  # sums compared; the findings coded not-checked are those that could not be
    monitoring: list[MonitoringReport] = field(default_factory=list)  # oldest first (1.2)
    recommendations: list[RecommendationSet] = field(default_factory=list)  # joined to the site
    #: The date the tracker speaks for: site.yaml's as_of, or the build's (set by the pipeline).
    as_of: dt.date = field(default_factory=dt.date.today)

    def services(self) -> dict[str, list[Proposal]]:
        """The proposals by service, services in order (worked out once: pages ask often)."""
        return self._services

    @cached_property
    def _services(self) -> dict[str, list[Proposal]]:
        groups: dict[str, list[Proposal]] = {}
        for proposal in self.proposals:
            groups.setdefault(proposal.service or NO_SERVICE, []).append(proposal)
        return dict(sorted(groups.items(), key=lambda kv: kv[0].lower()))

    def meetings(self) -> list[Meeting]:
        return [m for c in self.committees for m in c.meetings]

    def findings_for(self, ref: str) -> list[Problem]:
        return [f for f in self.findings if f.ref == ref]


NO_SERVICE = "Service not stated"


#: A sort key in which runs of digits compare as numbers.
NaturalKey = list[str | tuple[int, str]]


def natural_key(text: str) -> NaturalKey:
    """SC2 before SC10: digits compare as numbers (by length, then digit by digit, as no
    run of digits is too long for that; odd parts are the runs ``\\d`` matched)."""
    return [
        (len(part.lstrip("0")), part.lstrip("0")) if index % 2 else part.lower()
        for index, part in enumerate(re.split(r"(\d+)", text))
    ]


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "item"


def build_site(
    config: SiteConfig, proposals: list[Proposal], committees: list[Committee], reports: list[Report]
) -> tuple[Site, list[Problem]]:
    """Join the records; every reference that leads nowhere is a problem."""
    problems: list[Problem] = []
    proposals = sorted(proposals, key=lambda p: (p.sort_key, p.slug))
    by_ref: dict[str, Proposal] = {}
    for proposal in proposals:
        for ref in [proposal.ref] + [r for r, _ in proposal.other_refs]:
            if ref in by_ref:
                first = by_ref[ref]
                problems.append(
                    Problem(
                        proposal.file,
                        proposal.line_of("ref"),
                        "duplicate-ref",
                        f"ref {ref} is already used by {first.file}:{first.line_of('ref')}; "
                        "every proposal needs its own ref",
                        ref=ref,
                    )
                )
            else:
                by_ref[ref] = proposal
    for proposal in proposals:
        proposal.cumulative = (proposal.profile_basis or config.profile_basis) == "cumulative"
        if proposal.items and proposal.profile is None and proposal.total is None:
            _derive_from_items(proposal)
    problems += _service_clashes(proposals)
    committee_slugs = {c.slug for c in committees}
    report_slugs = {r.slug for r in reports}
    for proposal in proposals:
        for slug in proposal.committees:
            if slug not in committee_slugs:
                problems.append(
                    unknown(
                        "committee",
                        slug,
                        committee_slugs,
                        proposal.file,
                        proposal.line_of("committees"),
                        proposal.ref,
                    )
                )
    for report in reports:
        if report.committee and report.committee not in committee_slugs:
            problems.append(
                unknown(
                    "committee", report.committee, committee_slugs, report.file, report.line_of("committee")
                )
            )
    chosen = _Choices(proposals, by_ref)
    for committee in committees:
        committee.meetings.sort(key=lambda m: m.date or dt.date.min)
        for meeting in committee.meetings:
            meeting.committee = committee
            for position, item in enumerate(meeting.agenda, 1):
                item.position = position
                item.proposals = chosen.of(item, committee, problems)
                if item.report and item.report not in report_slugs:
                    problems.append(
                        unknown("report", item.report, report_slugs, item.file, item.line_of("report"))
                    )
    site = Site(
        config,
        proposals,
        sorted(committees, key=lambda c: c.slug),
        sorted(reports, key=lambda r: r.slug),
        by_ref,
    )
    return site, problems


def _service_clashes(proposals: list[Proposal]) -> list[Problem]:
    """Two services whose names make the same web address would share one page."""
    first: dict[str, tuple[str, Proposal]] = {}
    problems, told = [], set()
    for p in proposals:
        name = p.service or NO_SERVICE
        slug = slugify(name)
        other_name, other = first.setdefault(slug, (name, p))
        if other_name != name and (other_name, name) not in told:
            told.add((other_name, name))
            problems.append(
                Problem(
                    p.file,
                    p.line_of("service"),
                    "service-clash",
                    f"the service '{name}' and the service '{other_name}' ({other.file}) would share "
                    f"one page, services/{slug}/: spell them the same if they are one service, or "
                    "make their names differ in letters or digits",
                    ref=p.ref,
                )
            )
    return problems


def _derive_from_items(proposal: Proposal) -> None:
    """A proposal printed only as its sub-items has the items' sums as its own figures."""
    profiles = [item.profile for item in proposal.items if item.profile]
    if not profiles:
        return
    years = list(dict.fromkeys(year for profile in profiles for year in profile.years))
    summed: dict[str, Amount] = {}
    for year in years:
        parts = [profile.years.get(year) for profile in profiles]
        total = total_of([a for a in parts if a is not None], proposal.unit)
        if total is not None:
            summed[year] = total
    proposal.profile = Profile(profiles[0].convention, summed, {})
    full_years = [item.full_year for item in proposal.items if item.full_year is not None]
    if full_years:
        proposal.full_year = total_of(full_years, proposal.unit)
    proposal.derived = True


class _Choices:
    """The proposals an agenda item names, by ref, service or committee: each list of a service's
    or committee's proposals is made once, in the proposals' order (a large site has a
    thousand items over ten thousand proposals)."""

    def __init__(self, proposals: list[Proposal], by_ref: dict[str, Proposal]):
        self.by_ref = by_ref
        self.by_service: dict[str, list[Proposal]] = {}
        self.by_committee: dict[str, list[Proposal]] = {}
        for p in proposals:
            self.by_service.setdefault(p.service, []).append(p)
            for slug in dict.fromkeys(p.committees):
                self.by_committee.setdefault(slug, []).append(p)

    def of(self, item: AgendaItem, committee: Committee, problems: list[Problem]) -> list[Proposal]:
        selector = item.selector
        if selector is None:
            return []
        if isinstance(selector, dict) and "service" in selector:
            return list(self.by_service.get(selector["service"], []))
        if isinstance(selector, dict) and "committee" in selector:
            slug = committee.slug if selector["committee"] == "this" else selector["committee"]
            return list(self.by_committee.get(slug, []))
        chosen = []
        for ref in selector:
            if ref in self.by_ref:
                chosen.append(self.by_ref[ref])
            else:
                problems.append(
                    unknown("proposal", ref, self.by_ref.keys(), item.file, item.line_of("proposals"))
                )
        return chosen
