"""One import: read the map, read the paper with it, check every record, write them all or
none, then read the site again to check what was written.

Nothing here prints or chooses an exit code: each step tells a :class:`Teller` what happened
(the command line prints it) and the run returns the files' outcomes, or None when nothing
was imported.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ..clerk.scaffold import ScaffoldError, site_config
from ..problems import Problem
from .mapapply import apply_map
from .mapfile import read_map
from .mapshape import is_document_map, no_records
from .monitoring import plan_monitoring
from .numbering import known_titles
from .place import Outcome, Planned, WriteError, write_files
from .readers import ReadError, read_document
from .readers.sheet import read_sheet
from .records import plan_records
from .report import plan_report
from .spreadsheet import mapping_from, plan_import, read_map_file
from .trial import Trial, committee_name, stub_committee, try_import


class Teller(Protocol):
    """Who hears how an import goes: the command line, which prints each message."""

    def problems(self, problems: list[Problem]) -> None: ...  # each with its file and line
    def rows(self, problems: list[Problem]) -> None: ...  # each with its spreadsheet row
    def error(self, message: str) -> None: ...  # the one thing that stopped it
    def note(self, message: str) -> None: ...
    def nothing(self, why: str) -> None: ...  # why nothing was imported
    def unplaced(self, pieces: list[tuple[str, str, str]]) -> None: ...  # (source, ref, text)
    def imported(self, outcomes: list[Outcome], source: str, kind: str) -> None: ...
    def added(self, outcomes: list[Outcome]) -> None: ...  # the stub committees written
    def checked(self, found: list[Problem]) -> None: ...  # the checks on what was written


@dataclass
class Request:
    paper: Path
    map: Path
    content: Path
    force: bool = False
    add_committees: bool = False  # write a stub for each committee the records name and the site lacks


class _Stop(Exception):
    """The import cannot go on; the teller has been told why."""


def run_import(request: Request, tell: Teller) -> list[Outcome] | None:
    """Import ``request.paper``; the outcome of each file, or None when nothing was written."""
    try:
        data, problems = read_map_file(request.map)
        if data is None:
            _unreadable(request, problems, tell)
        planned, source, kind = (_document if is_document_map(data) else _sheet)(request, data, tell)
    except _Stop:
        return None
    except ReadError as error:  # a map's pattern that ran out of time, before any write
        tell.error(str(error))
        return None
    return _write(request, planned, source, kind, tell)


def _unreadable(request: Request, problems: list[Problem], tell: Teller) -> None:
    tell.problems(problems)
    tell.nothing(f"correct the mapping {request.map} and run the import again.")
    raise _Stop


def _opened(request: Request, made, read: Callable, tell: Teller):
    """The map (or mapping), the site's unit and the paper read with it; each failure is one
    message, and stops the import."""
    mapping, problems = made
    if mapping is None:
        _unreadable(request, problems, tell)
    try:
        return mapping, site_config(request.content).unit, read(mapping)
    except (ScaffoldError, ReadError) as error:
        tell.error(str(error))
        raise _Stop from None


def _sheet(request: Request, data, tell: Teller) -> tuple[list[Planned], str, str]:
    mapping, unit, sheet = _opened(
        request, mapping_from(data, str(request.map)), lambda m: read_sheet(request.paper, m.sheet), tell
    )
    if sheet.note:
        tell.note(sheet.note)
    plan = plan_import(sheet, mapping, unit)
    tell.problems(plan.mapping_problems)
    tell.rows(plan.row_problems + plan.notes)
    if not plan.ok:
        rows = len({p.line for p in plan.row_problems})
        what = f"{rows} row{'s' * (rows != 1)} could not be read" if rows else "the mapping needs correcting"
        tell.nothing(f"{what}. Correct the spreadsheet or the mapping and run the import again.")
        raise _Stop
    return plan.rows, sheet.name, "spreadsheet"


def _document(request: Request, data, tell: Teller) -> tuple[list[Planned], str, str]:
    doc_map, unit, document = _opened(
        request,
        read_map(data, str(request.map)),
        lambda m: read_document(request.paper, m.columns_layout),
        tell,
    )
    if doc_map.report is not None or doc_map.monitoring is not None:
        return [_report(document, doc_map, unit, tell)], document.file, "paper"
    result = apply_map(document, doc_map, known_titles(request.content) if doc_map.numbering else None)
    if not result.records:
        tell.error(f"{document.file}: {no_records(doc_map)}; check it against the paper ({request.map})")
        raise _Stop
    planned = plan_records(result.records, unit)
    tell.problems(result.warnings + planned.problems)
    if any(p.severity == "error" for p in planned.problems):
        bad = len({p.ref for p in planned.problems if p.severity == "error"})
        tell.nothing(
            f"{bad} record{'s' * (bad != 1)} could not be read. "
            "Correct the paper or the map and run the import again."
        )
        raise _Stop
    tell.unplaced([(piece.source, piece.ref, piece.text) for piece in result.unplaced])
    return planned.files, document.file, "paper"


def _report(document, doc_map, unit: str, tell: Teller) -> Planned:
    """A paper imported as one file: a report, or a savings delivery report (1.2)."""
    made = (
        plan_report(document, doc_map.report, unit)
        if doc_map.report is not None
        else plan_monitoring(document, doc_map.monitoring, unit)
    )
    tell.problems(made.problems)
    if made.planned is None:
        tell.nothing("the report could not be read. Correct the paper or the map and run the import again.")
        raise _Stop
    tell.unplaced([(source, "", text) for source, text in made.unplaced])
    return made.planned


def _write(
    request: Request, files: list[Planned], source: str, kind: str, tell: Teller
) -> list[Outcome] | None:
    """Every file written, or none: none when the site they leave would not build."""
    try:
        trial = try_import(files, request.content, request.force)
        stubs = []
        if trial.missing and request.add_committees:
            stubs = [stub_committee(slug, file) for slug, file in sorted(trial.missing.items())]
            trial = try_import(files + stubs, request.content, request.force)
        if trial.errors:
            _refuse(trial, request, tell)
            return None
        outcomes = write_files(files + stubs, request.content, request.force)
    except (WriteError, OSError) as error:
        tell.error(str(error))
        return None
    tell.imported(outcomes[: len(files)], source, kind)
    tell.added(outcomes[len(files) :])
    tell.checked(trial.findings)
    return outcomes


def _refuse(trial: Trial, request: Request, tell: Teller) -> None:
    """The errors the import would add, and what to add to the site to mend the commonest."""
    tell.problems(trial.errors)
    errors = len(trial.errors)
    why = f"the site would not build with these files ({errors} error{'s' * (errors != 1)} above)"
    if not trial.missing:
        tell.nothing(f"{why}. Correct the paper, the map or the site and run the import again.")
        return
    slugs = sorted(trial.missing)
    named = ", ".join(f"{slug} (named in {trial.missing[slug]})" for slug in slugs)
    example = slugs[0]
    tell.nothing(
        f"{why}: they name {len(slugs)} committee{'s' * (len(slugs) != 1)} the site does not "
        f"have: {named}. Add a file for each in {request.content}/committees/, e.g. "
        f"committees/{example}.yaml:\n\n    name: {committee_name(example)}\n\n"
        "(see docs/content-format.md for its meetings), or run the import again with "
        "--add-committees to write a stub of each for you to complete."
    )
