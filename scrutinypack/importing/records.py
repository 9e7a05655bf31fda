"""Records found by a map, as the files they become: each emitted as YAML, read back by the
same validator as the build, and refused (with its source) if it would not build."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..content import validate
from ..content.yamldoc import read_yaml
from ..format.fields import TEXT
from ..format.proposal import PROPOSAL
from ..model import slugify
from ..problems import Problem
from .mapshape import Record
from .place import Flow, FlowMap, Planned, Text, dump, with_header
from .units import Stated


@dataclass
class Files:
    files: list[Planned] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def plan_records(records: list[Record], site_unit: str) -> Files:
    out = Files()
    seen: dict[str, Record] = {}
    for record in records:
        slug = slugify(record.ref)
        source = f"{record.source.file}, {record.source.place()}".rstrip(", ")
        if not slug:
            out.problems.append(
                Problem(str(record.source), 0, "no-ref", "this record has no ref the map could read")
            )
            continue
        if slug in seen:
            out.problems.append(
                Problem(
                    str(record.source),
                    0,
                    "duplicate-ref",
                    f"{record.ref} is printed again here (first at {seen[slug].source}): each "
                    "record needs its own ref",
                    ref=record.ref,
                )
            )
            continue
        seen[slug] = record
        body = dump(styled(_site_unit(record.fields, site_unit)))
        data, problems = read_yaml(body, "import")
        if not problems:
            problems = validate.proposal_record(data, "import", slug, site_unit)[1]
        for problem in problems:
            line = body.split("\n")[problem.line - 1] if 0 < problem.line <= body.count("\n") else ""
            out.problems.append(
                Problem(
                    str(record.source),
                    0,
                    problem.code,
                    f"{problem.message} (in '{line.strip()[:80]}'): correct the paper or the map",
                    problem.severity,
                    record.ref,
                )
            )
        if not any(p.severity == "error" for p in problems):
            out.files.append(
                Planned(f"proposals/{slug}.yaml", with_header(source, body), f"{record.ref} ({source})")
            )
    return out


def _text_fields() -> frozenset[str]:
    kinds = [PROPOSAL, *PROPOSAL.nested()]
    return frozenset(f.name for kind in kinds for f in kind.fields if f.type is TEXT)


#: Fields that are text, never figures: a number printed there ('item: "10"') stays quoted.
TEXT_FIELDS = _text_fields()


def _site_unit(fields: dict, site_unit: str) -> dict:
    """A unit the table stated is the record's only when it is not the site's own."""
    unit = fields.get("unit")
    if not isinstance(unit, Stated):
        return fields
    return (
        {k: v for k, v in fields.items() if k != "unit"}
        if unit == site_unit
        else {**fields, "unit": str(unit)}
    )


def styled(value, key: str = ""):
    """Short things on one line, as clerks write them: lists of words, a block's years, a
    figure's labelled parts; a text field is text (quoted when it looks like a figure)."""
    if isinstance(value, str) and key in TEXT_FIELDS:
        return Text(value)
    if isinstance(value, dict):
        inner = {k: styled(v, k) for k, v in value.items()}
        if key == "years" or set(value) <= {"label", "amount"}:
            return FlowMap(inner)
        return inner
    if isinstance(value, list):
        items = [styled(v) for v in value]
        return Flow(items) if all(isinstance(v, str) for v in items) else items
    return value
