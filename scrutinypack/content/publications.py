"""Publications: the proposals frozen as they stood on a date, kept in the content folder.

``scrutinypack publish --date`` writes ``publications/<date>.json`` (clerk/publishing.py):
site.yaml's fields and every proposal's fields exactly as written (an amount is kept as its text, so no decimal place is
lost), in one stable shape with sorted keys and a format version (docs/content-format.md).
Reading one back runs each record through the same validator as ``proposals/``: a figure
means the same in a publication as in the content, and a hand-edited file gets the same
messages, with its own file and line.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import PurePosixPath
from typing import Any

from ..model import Proposal, SiteConfig, build_site
from ..problems import Problem
from . import validate
from .reader import Reader
from .validate_site import site_record
from .yamldoc import Map, Node, Scalar, Seq, plain, read_yaml

FORMAT = "scrutinypack publication"
VERSION = 1
FOLDER = "publications"
FIELDS = ("format", "version", "date", "site", "proposals")
ENTRY_FIELDS = ("file", "fields")
DATE_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ABOUT = "a publication is written by 'scrutinypack publish'"


@dataclass(eq=False)
class Publication:
    """One publication read back: its date and the proposals as they then stood."""

    date: dt.date
    file: str  # publications/<date>.json, relative to the content folder
    config: SiteConfig  # site.yaml as it then stood
    proposals: list[Proposal]  # in the site's order
    fields: dict[str, dict[str, Any]]  # by ref: each record's fields as written, to compare words
    site_fields: dict[str, Any]  # site.yaml's fields as written

    @cached_property
    def by_ref(self) -> dict[str, Proposal]:
        return {p.ref: p for p in self.proposals}


def read_publication(
    text: str, rel: str, previous: Publication | None = None
) -> tuple[Publication | None, list[Problem]]:
    """Read one publication file; problems name the file and, where they can, the line.

    JSON is read fast without line marks; only when something is wrong is the file read
    again through the YAML reader (JSON is YAML), whose marks give each message its line.
    A record written exactly as in the ``previous`` publication is that record again, not
    validated twice: from one publication to the next most records do not change.
    """
    try:
        data = json.loads(text, parse_float=str, parse_int=str)
        tree = _marked(data)
    except json.JSONDecodeError as error:
        return None, [
            Problem(
                rel,
                error.lineno,
                "publication-syntax",
                f"this publication is not valid JSON ({error.msg}, column {error.colno}): "
                f"{ABOUT}; if it was edited by hand, undo the edit or publish again",
            )
        ]
    except RecursionError:  # nested hundreds deep: the YAML reader says where
        _, found = read_yaml(text, rel)
        return None, found or [
            Problem(
                rel,
                0,
                "yaml-too-deep",
                "this publication is nested far too deep: undo the edit or publish again",
            )
        ]
    publication, problems = _publication(tree, data, rel, previous)
    if problems:
        tree, found = read_yaml(text, rel)
        if not found:
            publication, problems = _publication(tree, plain(tree), rel, None)
    return publication, problems


def _publication(
    tree: Node, plain: dict[str, Any], rel: str, previous: Publication | None
) -> tuple[Publication | None, list[Problem]]:
    r = Reader(rel)
    stem = PurePosixPath(rel).stem
    if not DATE_NAME.match(stem):
        r.problem(
            0,
            "publication-name",
            f"a publication is named by its date, YYYY-MM-DD.json: "
            f"rename '{PurePosixPath(rel).name}' ({ABOUT})",
        )
    m = r.mapping(tree, getattr(tree, "line", 1), "a publication", FIELDS, ("version", "date", "proposals"))
    if m is None:
        return None, r.problems
    version = r.text(m, "version")
    if version != str(VERSION):  # (a missing version is already a problem)
        newer = version.isdigit() and int(version) > VERSION
        if version:
            r.problem(
                m.line_of("version"),
                "publication-version",
                f"this publication is in format version {version}, written by a newer "
                "scrutinypack: upgrade scrutinypack to read it"
                if newer
                else f"'version' must be {VERSION}: {ABOUT}",
            )
        return None, r.problems
    date = r.date(m, "date", "the publication date")
    if date and DATE_NAME.match(stem) and date != stem:
        r.problem(
            m.line_of("date"),
            "publication-date",
            f"the file is named {stem}.json but its date is {date}: a publication is named "
            "by its date, so rename the file or correct the date",
        )
    config, found = site_record(m.get("site") or Map.empty(m.line), rel)
    r.problems.extend(found)
    site_fields = plain.get("site") or {}
    known = previous if previous is not None and previous.site_fields == site_fields else None
    proposals, fields = [], {}
    entries = r.mapping(m.get("proposals"), m.line_of("proposals"), "'proposals'", None) or Map.empty()
    for ref, entry in entries.items():
        e = r.mapping(entry, entries.line_of(ref), f"the entry of {ref}", ENTRY_FIELDS, ENTRY_FIELDS)
        if e is None or not isinstance(e.get("fields"), Map):
            continue
        slug = PurePosixPath(r.text(e, "file")).stem
        written = plain["proposals"][ref]["fields"]
        record = known.by_ref.get(ref) if known else None
        if record is None or known is None or record.slug != slug or known.fields[ref] != written:
            record, found = validate.proposal_record(e["fields"], rel, slug, config.unit)
            r.problems.extend(dataclasses.replace(p, ref=p.ref or ref) for p in found)
        if record is not None and record.ref != ref:
            r.problem(
                e.line_of("fields"),
                "publication-ref",
                f"the entry of {ref} holds the record of {record.ref}: {ABOUT}, "
                "so give each entry the ref of its own record",
            )
        elif record is not None:
            proposals.append(record)
            fields[ref] = written
    if any(p.severity == "error" for p in r.problems) or date is None:
        return None, r.problems
    site, _ = build_site(config, proposals, [], [])  # the figures worked out as in the content
    if not config.years:
        config.years = sorted({y for p in site.proposals for y in p.saving_by_year()})
    return Publication(
        dt.date.fromisoformat(date), rel, config, site.proposals, fields, site_fields
    ), r.problems


def _marked(value: Any) -> Node:
    """Plain JSON values as the validator's nodes, without line marks (line 0: the file)."""
    if isinstance(value, dict):
        mapping = Map.empty(0)
        for key, item in value.items():
            mapping[key] = _marked(item)
        return mapping
    if isinstance(value, list):
        seq = Seq(_marked(item) for item in value)
        seq.line, seq.lines = 0, []
        return seq
    if value is None:
        return None
    if isinstance(value, bool):
        return Scalar("true" if value else "false", 0, "bool")
    return Scalar(str(value), 0, "str")
