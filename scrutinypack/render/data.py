"""Open data: one row per proposal, one convention (a saving is positive), exact decimals.

Money is written in pounds as exact decimal strings, so no consumer has to guess a unit
and no spreadsheet rounds a figure on the way in.
"""
from __future__ import annotations

import csv
import io
import json

from .. import paths
from ..model import Proposal, Site
from ..money import plain_decimal


def _row(site: Site, p: Proposal) -> dict:
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
    row["findings"] = str(len(site.findings_for(p.ref)))
    row["page"] = paths.proposal(p)
    return row


def proposals_csv(site: Site) -> bytes:
    rows = [_row(site, p) for p in site.proposals]
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
        "proposals": [_row(site, p) for p in site.proposals],
    }
    return (json.dumps(document, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
