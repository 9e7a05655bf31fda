"""import: turn papers into proposal files: Word option forms, PDFs and their text through a
document map, or a finance spreadsheet (one row per proposal) through a column mapping."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..program import command
from . import content_option, count, print_problems

DONE = {"new": "written", "updated": "updated from the {kind}", "replaced": "replaced (--force)",
        "unchanged": "unchanged"}


def add_parser(subparsers, name: str) -> None:
    parser = subparsers.add_parser(
        name, help="make proposal files from papers (.docx, .pdf, .txt) or a spreadsheet (.csv, .xlsx)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Make proposal files, proposals/<ref>.yaml, from a council's papers.\n"
                    "A document map (docs/importing.md) says where each record starts in a\n"
                    "Word document, PDF or its text, and which label gives which field. For a\n"
                    "spreadsheet, the mapping file is a proposal written as usual, with\n"
                    "{Column heading} where a row's cell goes. Figures are kept exactly as printed.\n"
                    "Nothing is written unless every row or record can be read.\n"
                    "A file edited since it was imported is never replaced, unless you add --force.",
        epilog=f"Examples: {command('import forms.docx')} "
               "--map examples/import/lancashire-option-forms.map.yaml\n"
               f"          {command('import examples/import/lancashire-savings.xlsx')} "
               "--map examples/import/lancashire-savings.map.yaml")
    parser.add_argument("paper", type=Path, metavar="FILE",
                        help="the paper: .docx, .pdf, .txt, or a spreadsheet: .xlsx, or .csv "
                             "(save it from Excel as 'CSV UTF-8')")
    parser.add_argument("--map", type=Path, required=True, metavar="MAP.yaml",
                        help="the map from the paper's labels (or columns) to proposal fields")
    content_option(parser)
    parser.add_argument("--force", action="store_true",
                        help="replace files even if they were edited since they were imported "
                             "(their edits are lost)")


def run(args) -> int:
    from ..importing.maps import is_document_map
    from ..importing.readers import ReadError
    from ..importing.template import read_map_file

    data, problems = read_map_file(args.map)
    try:
        if data is None:
            raise _Stop(_unreadable(args, problems))
        return (_run_document if is_document_map(data) else _run_sheet)(args, data)
    except _Stop:
        return 2
    except ReadError as error:       # a map's pattern that ran out of time, before any write
        print(f"error: {error}", file=sys.stderr)
        return 2


class _Stop(Exception):
    """The import cannot start; what to do has been said."""


def _unreadable(args, problems) -> None:
    print_problems(problems)
    print(f"\nNothing was imported: correct the mapping {args.map} and run the import again.",
          file=sys.stderr)


def _opened(args, made, read):
    """The map (or mapping), the site's unit and the paper read with it; each failure is one
    message, and stops the import."""
    from ..importing.readers import ReadError
    from ..scaffold import ScaffoldError, site_config

    mapping, problems = made
    if mapping is None:
        raise _Stop(_unreadable(args, problems))
    try:
        return mapping, site_config(args.content).unit, read(mapping)
    except (ScaffoldError, ReadError) as error:
        print(f"error: {error}", file=sys.stderr)
        raise _Stop from None


def _run_sheet(args, data) -> int:
    from ..importing.readers.sheet import read_sheet
    from ..importing.template import mapping_from, plan_import

    mapping, unit, sheet = _opened(args, mapping_from(data, str(args.map)),
                                   lambda m: read_sheet(args.paper, m.sheet))
    if sheet.note:
        print(f"note: {sheet.note}", file=sys.stderr)
    plan = plan_import(sheet, mapping, unit)
    print_problems(plan.mapping_problems)
    for problem in plan.row_problems + plan.notes:
        print(f"{problem.file}, row {problem.line}: {problem.severity}: {problem.message}",
              file=sys.stderr)
    if not plan.ok:
        rows = len({p.line for p in plan.row_problems})
        what = (f"{rows} row{'s' * (rows != 1)} could not be read" if rows else
                "the mapping needs correcting")
        print(f"\nNothing was imported: {what}. Correct the spreadsheet or the mapping and run "
              "the import again.", file=sys.stderr)
        return 2
    return _write(args, plan.rows, sheet.name, "spreadsheet")


def _run_document(args, data) -> int:
    from ..importing.maps import apply_map, read_map
    from ..importing.readers import read_document
    from ..importing.records import plan_records

    doc_map, unit, document = _opened(args, read_map(data, str(args.map)),
                                      lambda m: read_document(args.paper, m.columns_layout))
    if doc_map.report is not None or doc_map.monitoring is not None:
        return _run_report(args, document, doc_map, unit)
    result = apply_map(document, doc_map)
    if not result.records:
        print(f"error: {document.file}: no record starts in it: the map's 'start' matches no "
              f"paragraph or cell; check it against the paper ({args.map})", file=sys.stderr)
        return 2
    planned = plan_records(result.records, unit)
    print_problems(result.warnings + planned.problems)
    if any(p.severity == "error" for p in planned.problems):
        bad = len({p.ref for p in planned.problems if p.severity == "error"})
        print(f"\nNothing was imported: {bad} record{'s' * (bad != 1)} could not be read. "
              "Correct the paper or the map and run the import again.", file=sys.stderr)
        return 2
    _unplaced([(piece.source, piece.ref, piece.text) for piece in result.unplaced])
    return _write(args, planned.files, document.file, "paper")


def _run_report(args, document, doc_map, unit: str) -> int:
    """A paper imported as one file: a report, or a savings delivery report (1.2)."""
    from ..importing.monitoring import plan_monitoring
    from ..importing.report import plan_report
    made = (plan_report(document, doc_map.report, unit) if doc_map.report is not None
            else plan_monitoring(document, doc_map.monitoring, unit))
    print_problems(made.problems)
    if made.planned is None:
        print("\nNothing was imported: the report could not be read. Correct the paper or the "
              "map and run the import again.", file=sys.stderr)
        return 2
    _unplaced([(source, "", text) for source, text in made.unplaced])
    return _write(args, [made.planned], document.file, "paper")


def _unplaced(pieces) -> None:
    """Every piece of text the map did not place, so that nothing is dropped unseen."""
    if not pieces:
        return
    print(f"Text the map did not place ({len(pieces)} pieces; add labels to the map to place "
          "them):")
    for source, ref, text in pieces:
        text = " ".join(text.split())
        print(f"  {source}{f' [{ref}]' if ref else ''}: "
              f"{text if len(text) <= 100 else text[:99] + '…'}")


def _write(args, files, source: str, kind: str) -> int:
    from ..importing.write import WriteError, write_files
    from ..pipeline import read_site

    try:
        outcomes = write_files(files, args.content, args.force)
    except (WriteError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    kept = [o for o in outcomes if o.what.startswith("kept")]
    for o in kept:
        why = ("was edited since it was imported" if o.what == "kept-edited"
               else "was not written by an import")
        print(f"{o.path}: kept as it is: it {why}. To replace it with {o.planned.origin}, run the "
              "import again with --force (its edits would be lost).", file=sys.stderr)
    tally = {}
    for o in outcomes:
        tally[o.what] = tally.get(o.what, 0) + 1
    done = ", ".join(f"{tally[key]} {label.format(kind=kind)}" for key, label in DONE.items()
                     if tally.get(key))
    folder = next((f for f in ("reports", "monitoring") if all(o.planned.path.startswith(f + "/")
                                                              for o in outcomes)), "proposals")
    what = {"reports": "report", "monitoring": "delivery report"}.get(folder, "proposal")
    print(f"Imported {len(outcomes)} {what}{'s' * (len(outcomes) != 1)} from {source} into "
          f"{args.content}/{folder}/: {done or 'none written'}"
          f"{f', {len(kept)} kept' if kept else ''}.")
    result = read_site(args.content)
    files = {o.path.relative_to(args.content).as_posix() for o in outcomes}
    found = sorted(p for p in result.problems + result.site.findings if p.file in files)
    print_problems(found, sys.stdout)
    print(f"Checks on the imported proposals: {count(found)}. "
          f"Run '{command('check')}' for the whole site, then '{command('serve')}' to see it.")
    return 1 if kept else 0
