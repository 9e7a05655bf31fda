"""Open data: one row per proposal, one convention (a saving is positive), exact decimals.

Money is written in pounds as exact decimal strings, so no consumer has to guess a unit
and no spreadsheet rounds a figure on the way in. In the CSV every text cell is quoted, and
text that a spreadsheet would run as a formula is given an apostrophe before it: at the start
of the cell, and after any separator a spreadsheet may be told to split on (a CSV opened with
';' or TAB as its separator makes "Cuts;=2+5" two cells). The JSON keeps text as written.
"""

from __future__ import annotations

import json
from collections import Counter

from .. import paths
from ..format.proposal import STATUS
from ..model import Proposal, Site, slugify
from ..money import plain_decimal
from . import recommendations_data
from .csvtable import csv_table
from .data_monitoring import monitoring_resource

# The figures of a row: exact decimals (or blank), written as they are. Every other cell is text.
FIGURES = (
    "saving_",
    "total_saving",
    "full_year_saving",
    "baseline_gross",
    "baseline_income",
    "baseline_net",
    "findings",
)


def _row(site: Site, p: Proposal, findings: dict[str, int]) -> dict:
    savings = p.saving_by_year()
    baseline = p.baseline
    row = {
        "ref": p.ref,
        "title": p.title,
        "service": p.service,
        "directorate": p.directorate,
        "committees": ";".join(p.committees),
        "status": p.status,
        "start_year": p.start_year or "",
    }
    for year in site.config.years:
        row[f"saving_{year}"] = plain_decimal(savings.get(year))
    row["total_saving"] = plain_decimal(p.total_saving())
    row["full_year_saving"] = plain_decimal(p.full_year_saving())
    row["baseline_year"] = (baseline.year or "") if baseline else ""
    for name in ("gross", "income", "net"):
        row[f"baseline_{name}"] = plain_decimal(getattr(baseline, name)) if baseline else ""
    row["findings"] = str(findings.get(p.ref, 0))
    row["page"] = paths.proposal(p)
    return row


def _rows(site: Site) -> list[dict]:
    findings = Counter(f.ref for f in site.findings)
    return [_row(site, p, findings) for p in site.proposals]


def proposals_csv(site: Site) -> bytes:
    rows = _rows(site)
    return csv_table(list(rows[0]) if rows else ["ref", "title"], rows, FIGURES)


def proposals_json(site: Site) -> bytes:
    return _json(_about(site) | {"proposals": _rows(site)})


def proposal_record(site: Site, ref: str) -> bytes:
    """One proposal's row of the data, on its own: what its page links to."""
    p = site.by_ref[ref]
    link = paths.linker(site.config.base_url, paths.proposal_record(p))
    return _json(
        _about(site)
        | {
            "data_package": link(paths.data_package()),
            "proposal": _row(site, p, Counter(f.ref for f in site.findings_for(p.ref))),
        }
    )


def _about(site: Site) -> dict:
    return {
        "council": site.config.council,
        "title": site.config.title,
        "unit": "pounds",
        "convention": "a saving is positive; a cost is negative",
        "years": site.config.years,
        "licence": site.config.licence,
    }


def _json(document: dict) -> bytes:
    return (json.dumps(document, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


# The known licences, by the words site.yaml names them with: their identifier and text.
LICENCES = (
    (
        "open government licence",
        "OGL-UK-3.0",
        "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    ),
    ("cc-by-4.0", "CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/"),
    ("creative commons attribution 4.0", "CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/"),
)
SAVING = "a saving is positive, a cost (a budget increase) negative"


def data_package(site: Site) -> bytes:
    """A Frictionless Data Package describing proposals.csv: what each column holds, its
    type, the unit and the sign convention, the licence and the source. The CSV's figures
    are exact decimals as text, which the Table Schema declares numbers."""
    config = site.config
    name = f"{config.council}: {config.title}" if config.council else config.title
    link = paths.linker(config.base_url, paths.data_package())
    package = {
        "profile": "tabular-data-package",
        "name": slugify(name),
        "title": name,
        "description": f"The savings proposals of {name}, one row per proposal, as the papers print "
        f"them and as checked by scrutinypack. Figures are in pounds (GBP); {SAVING}.",
        "keywords": ["council budget", "savings proposals", "scrutiny"],
        "sources": [{"title": name, "path": link(paths.home())}] if config.base_url else [{"title": name}],
        "resources": [
            {
                "name": "proposals",
                "path": "proposals.csv",
                "profile": "tabular-data-resource",
                "title": "Savings proposals",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": "One row per proposal. Every text cell is quoted, and an =, +, -, @, TAB or "
                "CR at its start, or after a comma, semicolon, TAB or line break in it, has "
                "an apostrophe put before it, so that no spreadsheet runs it as a formula "
                "whatever separator it is told to use; proposals.json, beside it, has the "
                "same rows with the text as written. Figures are never changed that way: "
                "they are not quoted, and a cost is a negative number.",
                "dialect": {
                    "delimiter": ",",
                    "lineTerminator": "\r\n",
                    "quoteChar": '"',
                    "doubleQuote": True,
                    "header": True,
                },
                "schema": table_schema(site),
            }
        ],
    }
    if site.monitoring:
        package["resources"].append(monitoring_resource(site))
    if site.recommendations:
        package["resources"].append(recommendations_data.resource())
    if config.base_url:
        package["homepage"] = link(paths.home())
    licence = config.licence
    if licence:
        known = next((entry for entry in LICENCES if entry[0] in licence.lower()), None)
        package["licenses"] = [
            {"name": known[1], "path": known[2], "title": licence}
            if known
            else {"name": slugify(licence), "title": licence}
        ]
    if config.publications:
        package["created"] = f"{config.publications[-1].date.isoformat()}T00:00:00Z"
    return _json(package)


def table_schema(site: Site) -> dict:
    def text(name: str, description: str, **extra) -> dict:
        return {"name": name, "type": "string", "description": description, **extra}

    def money(name: str, description: str, saving: bool = True) -> dict:
        return {
            "name": name,
            "type": "number",
            "decimalChar": ".",
            "bareNumber": True,
            "unit": "GBP",
            "description": f"{description}, in pounds (GBP){f'; {SAVING}' if saving else ''}.",
        }

    year = {"pattern": r"[0-9]{4}/[0-9]{2}"}
    fields = [
        text("ref", "The proposal's reference, as printed.", constraints={"required": True, "unique": True}),
        text("title", "The proposal's title, as printed."),
        text("service", "The service it belongs to."),
        text("directorate", "The directorate it belongs to."),
        text("committees", "The committees that look at it: their short names, separated by ';'."),
        text("status", "Where it stands.", constraints={"enum": list(STATUS.options)}),
        text("start_year", "The financial year the saving starts (YYYY/YY).", constraints=year),
    ]
    fields += [
        money(f"saving_{year_}", f"The saving in the financial year {year_}") for year_ in site.config.years
    ]
    fields += [
        money("total_saving", "The total saving: the printed total, else the sum of the years"),
        money("full_year_saving", "The full-year effect of the saving"),
        text("baseline_year", "The financial year of the budget the saving comes out of.", constraints=year),
        money("baseline_gross", "The gross budget the saving comes out of (spending before income)", False),
        money("baseline_income", "The income of that budget", False),
        money("baseline_net", "The net budget: gross less income", False),
        {
            "name": "findings",
            "type": "integer",
            "constraints": {"minimum": 0},
            "description": "How many findings the checks made about the proposal's figures (see the checks page).",
        },
        text("page", "The proposal's page, relative to the site's address."),
    ]
    return {"fields": fields, "primaryKey": ["ref"], "missingValues": [""]}
