"""Open data: one row per proposal, one convention (a saving is positive), exact decimals.

Money is written in pounds as exact decimal strings, so no consumer has to guess a unit
and no spreadsheet rounds a figure on the way in. In the CSV, text that a spreadsheet would
run as a formula (=, +, -, @ first) is given a leading apostrophe; the JSON keeps it as written.
"""
from __future__ import annotations

import csv
import io
import json
from collections import Counter

from .. import paths
from ..model import Proposal, Site
from ..money import plain_decimal


TEXT_COLUMNS = ("ref", "title", "service", "directorate", "committees", "status", "start_year")
# A cell starting with one of these is run as a formula when a spreadsheet opens the CSV.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _row(site: Site, p: Proposal, findings: dict[str, int]) -> dict:
    savings = p.saving_by_year()
    baseline = p.baseline
    row = {
        "ref": p.ref, "title": p.title, "service": p.service, "directorate": p.directorate,
        "committees": ";".join(p.committees), "status": p.status, "start_year": p.start_year or "",
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


def _inert(value: str) -> str:
    """Text a spreadsheet shows as text: a leading apostrophe before what would start a formula."""
    return "'" + value if value.startswith(FORMULA_START) else value


def proposals_csv(site: Site) -> bytes:
    rows = [{key: _inert(value) if key in TEXT_COLUMNS else value for key, value in row.items()}
            for row in _rows(site)]
    buffer = io.StringIO()
    fields = list(rows[0]) if rows else ["ref", "title"]
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def proposals_json(site: Site) -> bytes:
    document = {
        "council": site.config.council, "title": site.config.title,
        "unit": "pounds", "convention": "a saving is positive; a cost is negative",
        "years": site.config.years, "licence": site.config.licence,
        "proposals": _rows(site),
    }
    return (json.dumps(document, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
