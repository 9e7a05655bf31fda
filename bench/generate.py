"""Synthetic content for the benchmark: a seeded, deterministic content folder at any size.

    python -m bench.generate --proposals 1000 --out /tmp/bench-1000

The records look like the Lancashire option forms they are modelled on: a baseline, a
budget change (or savings) profile over four years with its printed total, FTE, invest to
save, and Markdown decisions, impact, actions and risks of the length real forms have.
Committees, meetings (agendas with summary tables) and reports (Markdown tables with a
printed total row) grow in proportion. A small seeded share of the printed totals is
deliberately wrong, so the checks have something to find; :class:`Generated` says which,
and what every figure is, so a test can hold the built site to it.

The same ``seed`` and ``n`` always give the same bytes. Importable for other measurements:
``generate(1000, Path("out"), seed=1)``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

YEARS = ("2019/20", "2020/21", "2021/22", "2022/23")
BASELINE_YEAR = "2018/19"

# Shares of records given a deliberately wrong printed figure (each at least one when n > 0).
WRONG_PROFILE_TOTAL = 0.03
WRONG_FTE_TOTAL = 0.01
WRONG_NET = 0.01
WRONG_SUMMARY_TOTAL = 0.10
WRONG_REPORT_TOTAL = 0.10

SERVICES = (
    "Waste",
    "Highways",
    "Libraries",
    "Adult Social Care",
    "Children's Social Care",
    "Education",
    "Public Health",
    "Passenger Transport",
    "Property",
    "Finance",
    "Human Resources",
    "ICT",
    "Legal Services",
    "Trading Standards",
    "Registrars",
    "Museums",
    "Youth Services",
    "Planning",
    "Economic Development",
    "Parking",
    "Street Lighting",
    "Country Parks",
    "Fire and Rescue",
    "Emergency Planning",
    "Democratic Services",
    "Customer Services",
    "Procurement",
    "Special Educational Needs",
    "Home to School Transport",
    "Adult Learning",
    "Coroners",
    "Archives",
    "Environmental Health",
    "Flood Risk Management",
    "Housing Support",
    "Cultural Services",
)
AREAS = (
    "North",
    "South",
    "East",
    "West",
    "Central",
    "Coastal",
    "Rural",
    "Urban",
    "Pennine",
    "Valley",
    "Forest",
    "Moorland",
)
DIRECTORATES = (
    "Adult Services and Health and Wellbeing",
    "Children's Services",
    "Growth, Environment, Transport and Community Services",
    "Resources",
    "Corporate Services",
)
COMMITTEE_KINDS = (
    "Budget Scrutiny Working Group",
    "Scrutiny Committee",
    "Overview and Scrutiny Panel",
    "Cabinet Committee",
    "Select Committee",
)
STATUSES = (
    ("proposed", 40),
    ("consultation", 15),
    ("approved", 30),
    ("rejected", 5),
    ("withdrawn", 4),
    ("delivered", 6),
)
FIRST = (
    "Jane",
    "Amir",
    "Siobhan",
    "David",
    "Priya",
    "Tom",
    "Grace",
    "Kwame",
    "Helen",
    "Owen",
    "Fatima",
    "Gareth",
    "Lucy",
    "Marek",
    "Ruth",
    "Sanjay",
)
LAST = (
    "Example",
    "Ahmed",
    "O'Neill",
    "Hughes",
    "Patel",
    "Walker",
    "Okafor",
    "Jones",
    "Nowak",
    "Campbell",
    "Evans",
    "Shah",
    "Lloyd",
    "Murray",
    "Byrne",
    "Clarke",
)

VERBS = (
    "Reduce",
    "Review",
    "Redesign",
    "Recommission",
    "Consolidate",
    "Digitise",
    "Rationalise",
    "Increase income from",
    "Stop",
    "Bring in-house",
    "Share",
    "Automate",
)
THINGS = (
    "non-recyclable waste disposal at HWRCs",
    "back-office support",
    "agency staffing",
    "printing and postage",
    "fleet vehicle leasing",
    "building maintenance contracts",
    "day services for older people",
    "transport for eligible pupils",
    "mobile library routes",
    "street lighting hours",
    "grass cutting frequency",
    "residential care placements",
    "supported living contracts",
    "the highways inspection regime",
    "the school crossing patrol service",
    "management posts",
    "the community grants programme",
    "office accommodation",
    "the out-of-hours telephone service",
    "payroll processing",
    "subsidised bus routes",
    "museum opening hours",
    "the youth offer",
    "respite care",
    "the registration service",
    "energy use in corporate buildings",
    "the trading standards advice line",
    "gully cleansing",
    "winter gritting routes",
    "the adult learning prospectus",
)
PEOPLE = (
    "service users",
    "residents",
    "carers",
    "schools",
    "district councils",
    "partners in the NHS",
    "voluntary sector providers",
    "staff",
    "parents and young people",
    "local businesses",
    "town and parish councils",
    "bus operators",
)
EFFECTS = (
    "see a change in how the service is delivered",
    "need to use online channels more often",
    "experience longer waiting times at busy periods",
    "be offered an alternative provider",
    "notice reduced opening hours",
    "be asked to contribute towards the cost",
    "see fewer visits but a more targeted service",
    "need to travel further to the nearest site",
)
MEANS = (
    "a review of existing contracts",
    "the redesign of staff rotas",
    "a phased reduction in posts",
    "renegotiation with the current provider",
    "the introduction of a new IT system",
    "better use of the council's buildings",
    "joint commissioning with health partners",
    "a new charging policy",
    "the deletion of vacant posts",
    "demand management at the front door",
)
RISKS = (
    "Demand may rise faster than forecast",
    "The provider market may not respond",
    "Staff turnover may delay implementation",
    "Income may fall short of the target",
    "Partners may not agree to the new arrangements",
    "Legal challenge to the decision",
    "The new system may not be ready in time",
    "Reputational damage if the change is poorly communicated",
    "Savings may be double counted with another option",
    "Consultation may change the proposal",
)
MITIGATIONS = (
    "monthly monitoring of demand and spend",
    "early engagement with the market",
    "a managed programme of recruitment and retention",
    "prudent income targets reviewed quarterly",
    "a joint project board with partners",
    "full consultation and an equality analysis",
    "a contingency in the programme plan",
    "a communications plan agreed with members",
    "a single register of savings held by finance",
    "a decision delayed until consultation ends",
)
PLACES = (
    "Committee Room A, County Hall",
    "Committee Room B, County Hall",
    "Cabinet Room 'C', County Hall",
    "The Council Chamber",
    "Room 4, Civic Centre",
)


@dataclass
class Generated:
    """What was written, and what every figure is, for tests and the benchmark."""

    root: Path
    seed: int
    refs: list[str] = field(default_factory=list)  # in file order
    slugs: dict[str, str] = field(default_factory=dict)  # ref -> slug
    services: dict[str, str] = field(default_factory=dict)  # ref -> service
    conventions: dict[str, str] = field(default_factory=dict)  # ref -> budget_change | savings
    savings: dict[str, dict[str, Decimal]] = field(
        default_factory=dict
    )  # ref -> year -> saving, £m, positive
    total_savings: dict[str, Decimal] = field(default_factory=dict)  # ref -> printed total as a saving
    committees: list[str] = field(default_factory=list)  # slugs
    meetings: list[str] = field(default_factory=list)  # "committee/date"
    reports: list[str] = field(default_factory=list)  # slugs
    # the wrong figures planted: (check code, file, ref) — ref "" for committees and reports
    planted: set = field(default_factory=set)

    @property
    def n(self) -> int:
        return len(self.refs)


def generate(n: int, out_dir: Path, seed: int = 1) -> Generated:
    """Write a content folder of ``n`` proposals into ``out_dir`` (replaced if it exists)."""
    out_dir = Path(out_dir)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    (out_dir / "proposals").mkdir(parents=True)
    (out_dir / "committees").mkdir()
    (out_dir / "reports").mkdir()
    return _Writer(n, out_dir, seed).write()


def sizes(n: int) -> dict[str, int]:
    """How many of each record a site of ``n`` proposals has."""
    return {"services": min(max(n // 25, 6), 400), "committees": max(2, n // 50), "reports": max(2, n // 20)}


def _planted_count(share: float, n: int) -> int:
    return max(1, round(share * n)) if n else 0


def m3(milli: int) -> str:
    """Thousandths of £m as printed with three places: -250 → '-0.250'."""
    sign = "-" if milli < 0 else ""
    return f"{sign}{abs(milli) // 1000}.{abs(milli) % 1000:03d}"


def d2(hundredths: int) -> str:
    sign = "-" if hundredths < 0 else ""
    return f"{sign}{abs(hundredths) // 100}.{abs(hundredths) % 100:02d}"


def thousands(value: int) -> str:
    return f"{value:,}"


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is a subset of it)."""
    return json.dumps(text, ensure_ascii=False)


def block(text: str, indent: int = 2) -> str:
    pad = " " * indent
    return "|\n" + "\n".join(pad + line if line else "" for line in text.split("\n"))


class _Writer:
    def __init__(self, n: int, root: Path, seed: int):
        self.n, self.root, self.seed = n, root, seed
        self.rng = random.Random(f"scrutinypack-bench:{seed}:{n}")
        self.result = Generated(root, seed)
        counts = sizes(n)
        self.services = self._service_names(counts["services"])
        self.committee_names = self._committee_names(counts["committees"])
        self.n_reports = counts["reports"] if n else 0
        self.summaries_written = 0
        width = max(3, len(str(n)))
        self.refs = [f"SC{i:0{width}d}" for i in range(1, n + 1)]
        self.wrong = {
            "profile-total": set(self.rng.sample(range(n), _planted_count(WRONG_PROFILE_TOTAL, n))),
            "fte-total": set(self.rng.sample(range(n), _planted_count(WRONG_FTE_TOTAL, n))),
            "net-mismatch": set(self.rng.sample(range(n), _planted_count(WRONG_NET, n))),
        }

    # -- names -------------------------------------------------------------------------
    def _service_names(self, count: int) -> list[str]:
        names = list(SERVICES[:count])
        for area in AREAS:
            for base in SERVICES:
                if len(names) >= count:
                    return names
                names.append(f"{base} ({area})")
        index = 2
        while len(names) < count:
            names.append(f"{SERVICES[len(names) % len(SERVICES)]} (District {index})")
            index += 1
        return names

    def _committee_names(self, count: int) -> list[tuple[str, str]]:
        out = []
        for i in range(count):
            kind = COMMITTEE_KINDS[i % len(COMMITTEE_KINDS)]
            area = AREAS[(i // len(COMMITTEE_KINDS)) % len(AREAS)]
            cycle = i // (len(COMMITTEE_KINDS) * len(AREAS))
            name = f"{area} {kind}" + (f" {cycle + 1}" if cycle else "")
            slug = name.lower().replace(" ", "-")
            out.append((slug, name))
        return out

    # -- prose -------------------------------------------------------------------------
    def sentence(self) -> str:
        r = self.rng
        shapes = (
            lambda: f"The saving will be delivered through {r.choice(MEANS)}.",
            lambda: f"Some {r.choice(PEOPLE)} may {r.choice(EFFECTS)}.",
            lambda: (
                f"This change affects {r.choice(PEOPLE)} and {r.choice(PEOPLE)}, who will be told "
                f"of it at least {r.randint(4, 12)} weeks before it takes effect."
            ),
            lambda: (
                f"Analysis of {r.choice(THINGS)} over the last {r.randint(2, 5)} years shows that "
                f"the current level of spend is above that of comparable councils."
            ),
            lambda: (
                f"The service will work with {r.choice(PEOPLE)} to make sure that those most in need "
                f"continue to be supported."
            ),
            lambda: f"There is a dependency on {r.choice(MEANS)}, which is planned for {r.choice(YEARS)}.",
            lambda: (
                f"Around {r.randint(3, 60)} per cent of {r.choice(PEOPLE)} are expected to "
                f"{r.choice(EFFECTS)}."
            ),
            lambda: f"The proposal builds on {r.choice(MEANS)} agreed in {r.choice(YEARS[:2])}.",
        )
        return r.choice(shapes)()

    def paragraph(self, low: int, high: int) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(low, high)))

    def bullets(self, low: int, high: int) -> str:
        r = self.rng
        return "\n".join(
            f"- {r.choice(VERBS)} {r.choice(THINGS)} through {r.choice(MEANS)}."
            for _ in range(r.randint(low, high))
        )

    def link_to_other(self, index: int) -> str:
        other = self.rng.randrange(self.n)
        if other == index:
            return ""
        ref = self.refs[other]
        return (
            f" See also [{ref}](/proposals/{ref.lower()}/), which affects the same {self.rng.choice(PEOPLE)}."
        )

    # -- writing -----------------------------------------------------------------------
    def write(self) -> Generated:
        self._site()
        members: dict[int, list[int]] = {c: [] for c in range(len(self.committee_names))}
        for index in range(self.n):
            for c in self._proposal(index):
                members[c].append(index)
        meetings = {c: self._meeting_dates(c) for c in members}
        reports_for = self._reports(meetings)
        for c in members:
            self._committee(c, members[c], meetings[c], reports_for.get(c, {}))
        return self.result

    def _site(self) -> None:
        text = (
            f"council: Synthetic County Council\n"
            f"title: Savings proposals 2019/20 to 2022/23\n"
            f"unit: m\n"
            f"years: [{', '.join(YEARS)}]\n"
            f"licence: Open Government Licence v3.0\n"
            f"contact: scrutiny@example.org\n"
            f"accessibility: {{prepared: 2019-01-01, reviewed: 2019-01-01, compliance: fully}}\n"
            f"description: {block('Made-up proposals for the benchmark: ' + str(self.n) + ' option forms, written by a seeded generator.' + chr(10) + chr(10) + 'Figures are in **£m** unless a table says otherwise.')}\n"
        )
        (self.root / "site.yaml").write_text(text, encoding="utf-8")

    def _proposal(self, index: int) -> list[int]:
        r, result = self.rng, self.result
        ref = self.refs[index]
        slug = ref.lower()
        service_index = (index * 7 + r.randrange(3)) % len(self.services)
        service = self.services[service_index]
        n_committees = len(self.committee_names)
        committees = [service_index % n_committees]
        if n_committees > 1 and r.random() < 0.4:
            second = r.randrange(n_committees)
            if second not in committees:
                committees.append(second)
        convention = "budget_change" if r.random() < 0.7 else "savings"

        net = r.randint(500, 60_000)  # £m thousandths
        income = r.randint(0, net * 3 // 10) if r.random() < 0.7 else 0
        gross = net + income
        printed_net = net + (r.randint(20, 300) if index in self.wrong["net-mismatch"] else 0)

        saving = max(10, net * r.randint(2, 20) // 100)
        start = 0 if r.random() < 0.75 else 1
        weights = [0] * start + [r.choice((0, 1, 2, 3, 5)) for _ in YEARS[start:]]
        weights[start] = weights[start] or 1
        shares = [saving * w // sum(weights) for w in weights]
        shares[start] += saving - sum(shares)
        printed_total = saving
        if index in self.wrong["profile-total"]:
            delta = r.randint(10, 150)
            printed_total = saving + (delta if r.random() < 0.5 or delta >= saving else -delta)
        sign = -1 if convention == "budget_change" else 1

        result.refs.append(ref)
        result.slugs[ref] = slug
        result.services[ref] = service
        result.conventions[ref] = convention
        result.savings[ref] = {y: Decimal(s) / 1000 for y, s in zip(YEARS, shares)}
        result.total_savings[ref] = Decimal(printed_total) / 1000
        file = f"proposals/{slug}.yaml"
        for code in ("profile-total", "net-mismatch"):
            if index in self.wrong[code]:
                result.planted.add((code, file, ref))

        lines = [
            f"ref: {ref}",
            f"title: {q(r.choice(VERBS) + ' ' + r.choice(THINGS))}",
            f"service: {q(service)}",
            f"directorate: {q(DIRECTORATES[service_index % len(DIRECTORATES)])}",
            f"committees: [{', '.join(self.committee_names[c][0] for c in committees)}]",
            f"status: {r.choices([s for s, _ in STATUSES], [w for _, w in STATUSES])[0]}",
            f"start_year: {YEARS[start]}",
            f"owner: {q(r.choice(FIRST) + ' ' + r.choice(LAST))}",
        ]
        if r.random() < 0.5:
            lines.append(f"project_code: TR{r.randint(1000, 999999):06d}")
        lines.append(
            f"baseline: {{year: {BASELINE_YEAR}, gross: {m3(gross)}, income: {m3(income)}, "
            f"net: {m3(printed_net)}}}"
        )
        lines.append(f"{convention}:")
        lines += [f"  {y}: {m3(sign * s)}" for y, s in zip(YEARS, shares)]
        lines.append(f"total: {m3(sign * printed_total)}")
        if r.random() < 0.3:
            lines.append(f"full_year: {m3(sign * saving)}")
        if r.random() < 0.8:
            posts = [0] * start + [-r.choice((0, 0, 50, 100, 250, 400)) for _ in YEARS[start:]]
            fte_total = sum(posts)
            if index in self.wrong["fte-total"]:
                fte_total += r.choice((-150, 200))
                result.planted.add(("fte-total", file, ref))
            lines.append("fte:")
            lines += [f"  {y}: {d2(p)}" for y, p in zip(YEARS, posts)]
            lines.append(f"fte_total: {d2(fte_total)}")
            if r.random() < 0.3:
                lines.append(
                    f"fte_note: {q('Posts will be deleted through vacancy management where possible.')}"
                )
        else:
            lines.append(f"fte: {r.choice(('TBC', 'N/A'))}")
        if r.random() < 0.15:
            invest = [r.choice((0, 0, 25, 50, 120)) for _ in YEARS]
            lines.append("investment:")
            lines += [f"  {y}: {m3(v)}" for y, v in zip(YEARS, invest)]
            lines.append(f"investment_total: {m3(sum(invest))}")
            lines.append(f"investment_note: {q('One-off costs of ' + r.choice(MEANS) + '.')}")
        if r.random() < 0.5:
            lines.append(f"description: {block(self.paragraph(1, 3))}")
        decisions = self.paragraph(1, 2)
        if r.random() < 0.3:
            decisions = f"**Cabinet is asked to agree** the proposal. {decisions}"
        lines.append(f"decisions: {block(decisions)}")
        impact = self.paragraph(3, 6) + self.link_to_other(index) + "\n\n" + self.paragraph(2, 4)
        lines.append(f"impact: {block(impact)}")
        lines.append(f"actions: {block(self.paragraph(1, 2) + chr(10) + chr(10) + self.bullets(2, 5))}")
        required = r.random() < 0.4
        lines.append(
            f"consultation: {{required: {str(required).lower()}, note: "
            f"{q(self.paragraph(1, 2) if required else 'No')}}}"
        )
        lines.append("risks:")
        for _ in range(r.randint(2, 4)):
            lines.append(f"  - risk: {q(r.choice(RISKS) + '. ' + self.sentence())}")
            lines.append(
                f"    mitigation: {q('The service will put in place ' + r.choice(MITIGATIONS) + '. ' + self.sentence())}"
            )
        equality = r.random() < 0.5
        lines.append(
            f"equality: {{required: {str(equality).lower()}, note: "
            f"{q(self.paragraph(1, 2) if equality else 'No')}}}"
        )
        if r.random() < 0.7:
            day = dt.date(2017, 9, 1) + dt.timedelta(days=r.randrange(300))
            lines.append("reported:")
            lines.append(
                f'  - {{body: Cabinet, date: {day.isoformat()}, item: "{r.randint(3, 12)}", '
                f"appendix: {chr(65 + r.randrange(6))}}}"
            )
        if r.random() < 0.1:
            lines += self._case_sections()
        (self.root / file).write_text("\n".join(lines) + "\n", encoding="utf-8")
        return committees

    def _case_sections(self) -> list[str]:
        """A business case's narrative and one money table (its total row correct)."""
        r = self.rng
        lines = ["sections:"]
        for heading in ("Background", "Approach", "Assumptions"):
            lines.append(f"  - heading: {heading}")
            lines.append(f"    body: {block(self.paragraph(2, 5), 6)}")
        rows = [
            (r.choice(THINGS).capitalize(), [r.randint(0, 400) * 1000 for _ in YEARS[:3]])
            for _ in range(r.randint(2, 5))
        ]
        lines += [
            "tables:",
            "  - caption: Cost avoidance",
            "    unit: pounds",
            f'    columns: [Item, "{YEARS[0]}", "{YEARS[1]}", "{YEARS[2]}", Total]',
            "    rows:",
        ]
        for label, values in rows:
            cells = [q(label)] + [q(thousands(v)) for v in values] + [q(thousands(sum(values)))]
            lines.append(f"      - [{', '.join(cells)}]")
        column_sums = [sum(v[i] for _, v in rows) for i in range(3)]
        cells = ["Total"] + [q(thousands(v)) for v in column_sums] + [q(thousands(sum(column_sums)))]
        lines.append(f"    total: [{', '.join(cells)}]")
        return lines

    def _meeting_dates(self, c: int) -> list[dt.date]:
        count = self.rng.randint(3, 5)
        days = sorted(self.rng.sample(range(700), count))
        return [dt.date(2018, 1, 8) + dt.timedelta(days=d) for d in days]

    def _reports(self, meetings: dict[int, list[dt.date]]) -> dict[int, dict[int, list[str]]]:
        """Write the reports; returns, per committee and meeting, the report slugs on its agenda."""
        on_agenda: dict[int, dict[int, list[str]]] = {}
        n_committees = len(self.committee_names)
        wrong = (
            set(self.rng.sample(range(self.n_reports), _planted_count(WRONG_REPORT_TOTAL, self.n_reports)))
            if self.n_reports
            else set()
        )
        for i in range(self.n_reports):
            c = i % n_committees
            m = (i // n_committees) % len(meetings[c])
            slug = f"mtfs-{i + 1:04d}"
            date = meetings[c][m]
            on_agenda.setdefault(c, {}).setdefault(m, []).append(slug)
            self._report(i, slug, c, date, i in wrong)
        return on_agenda

    def _report(self, i: int, slug: str, c: int, date: dt.date, wrong: bool) -> None:
        r = self.rng
        file = f"reports/{slug}.md"
        services = r.sample(self.services, min(len(self.services), r.randint(4, 9)))
        rows = [(s, [r.randint(50, 4000) for _ in YEARS]) for s in services]
        sums = [sum(v[k] for _, v in rows) for k in range(len(YEARS))]
        total_cells = sums + [sum(sums)]
        if wrong:
            column = r.randrange(len(total_cells))
            total_cells[column] += r.choice((-1, 1)) * r.randint(5, 50)
            self.result.planted.add(("table-total", file, ""))
        body = [
            "## Purpose of the report",
            "",
            self.paragraph(2, 4),
            "",
            "## Savings by service",
            "",
            f"1. {self.paragraph(2, 3)}",
            f"2. {self.paragraph(1, 3)}",
            "",
            f"| Service | {' | '.join(YEARS)} | Total |",
            "|---|" + "---:|" * (len(YEARS) + 1),
        ]
        for name, values in rows:
            body.append(f"| {name} | {' | '.join(thousands(v) for v in values)} | {thousands(sum(values))} |")
        body.append(f"| **Total** | {' | '.join(thousands(v) for v in total_cells)} |")
        body += [
            "",
            "## The funding gap",
            "",
            self.paragraph(2, 4),
            "",
            "| Year | Budget requirement | Savings identified | Gap |",
            "|---|---:|---:|---:|",
        ]
        gap_rows = [(y, r.randint(400_000, 900_000), r.randint(5_000, 40_000)) for y in YEARS]
        for year, need, found in gap_rows:
            body.append(f"| {year} | {thousands(need)} | {thousands(found)} | {thousands(need - found)} |")
        body.append(
            f"| Total | {thousands(sum(n for _, n, _ in gap_rows))} | "
            f"{thousands(sum(f for _, _, f in gap_rows))} | "
            f"{thousands(sum(n - f for _, n, f in gap_rows))} |"
        )
        body += ["", "## Recommendations", "", self.bullets(2, 4), ""]
        front = (
            f"---\ntitle: {q('Medium term financial strategy update ' + str(i + 1))}\n"
            f"committee: {self.committee_names[c][0]}\ndate: {date.isoformat()}\n"
            f"author: Director of Finance\nunit: k\n---\n"
        )
        (self.root / file).write_text(front + "\n".join(body), encoding="utf-8")
        self.result.reports.append(slug)

    def _committee(
        self, c: int, members: list[int], dates: list[dt.date], reports: dict[int, list[str]]
    ) -> None:
        r = self.rng
        slug, name = self.committee_names[c]
        file = f"committees/{slug}.yaml"
        lines = [
            f"name: {q(name)}",
            f"description: {block('Scrutinises the savings proposals of its services before Cabinet sets the budget. ' + self.paragraph(1, 2))}",
            "meetings:",
        ]
        chunks = [members[k :: len(dates)] for k in range(len(dates))]
        for m, date in enumerate(dates):
            self.result.meetings.append(f"{slug}/{date.isoformat()}")
            lines += [
                f"  - date: {date.isoformat()}",
                f"    title: {q('Savings proposals ' + YEARS[0] + ', meeting ' + str(m + 1))}",
                f'    time: "{r.choice(("10:00", "14:00", "18:30"))}"',
                f"    location: {q(r.choice(PLACES))}",
                "    agenda:",
            ]
            if chunks[m]:
                lines += self._summary_item(chunks[m], file)
            if m == len(dates) - 1 and members:
                lines += [
                    "      - title: All savings proposals of the committee",
                    "        proposals: {committee: this}",
                    "        summary: {group_by: service}",
                ]
            for report in reports.get(m, []):
                lines += [
                    f"      - title: Medium term financial strategy ({report})",
                    f"        report: {report}",
                ]
            if not chunks[m] and not reports.get(m) and m != len(dates) - 1:
                lines += [
                    "      - title: Minutes of the last meeting",
                    f"        note: {q('The minutes were agreed as a correct record.')}",
                ]
        (self.root / file).write_text("\n".join(lines) + "\n", encoding="utf-8")
        self.result.committees.append(slug)

    def _summary_item(self, chunk: list[int], file: str) -> list[str]:
        """An agenda item listing proposals, with a summary table and its printed total row."""
        r = self.rng
        refs = [self.refs[i] for i in chunk]
        conventions = {self.result.conventions[ref] for ref in refs}
        sign = -1 if conventions == {"budget_change"} else 1
        printed = {y: sign * sum(self.result.savings[ref][y] for ref in refs) for y in YEARS}
        printed["total"] = sign * sum(self.result.total_savings[ref] for ref in refs)
        if r.random() < WRONG_SUMMARY_TOTAL or not self.summaries_written:
            column = r.choice(list(printed))
            printed[column] += Decimal(r.choice((-1, 1)) * r.randint(50, 500)) / 1000
            self.result.planted.add(("summary-total", file, ""))
        self.summaries_written += 1
        totals = ", ".join(f"{k}: {m3(int(v * 1000))}" for k, v in printed.items())
        return [
            "      - title: Savings option forms",
            f"        proposals: [{', '.join(refs)}]",
            f"        summary: {{group_by: service, total: {{{totals}}}}}",
        ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--proposals", type=int, default=1000, help="how many proposals (default 1000)")
    parser.add_argument("--out", type=Path, required=True, help="the content folder to write (replaced)")
    parser.add_argument("--seed", type=int, default=1, help="the same seed gives the same files")
    args = parser.parse_args(argv)
    made = generate(args.proposals, args.out, seed=args.seed)
    print(
        f"Wrote {made.n} proposals, {len(made.committees)} committees, {len(made.meetings)} meetings, "
        f"{len(made.reports)} reports to {args.out}/ ({len(made.planted)} figures deliberately wrong)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
