"""import: turn a finance spreadsheet (one row per proposal) into proposal files."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import content_option, count, print_problems

DONE = {"new": "written", "updated": "updated from the spreadsheet", "replaced": "replaced (--force)",
        "unchanged": "unchanged"}


def add_parser(subparsers, name: str) -> None:
    parser = subparsers.add_parser(
        name, help="make proposal files from a spreadsheet (.csv or .xlsx)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Make one proposal file, proposals/<ref>.yaml, from each row of a spreadsheet.\n"
                    "The mapping file says which column goes where: it is a proposal written as\n"
                    "usual, with {Column heading} where a row's cell goes. Figures are kept exactly\n"
                    "as the sheet shows them. Nothing is written unless every row can be read.\n"
                    "A file edited since it was imported is never replaced, unless you add --force.",
        epilog="Example: python build.py import examples/import/lancashire-savings.xlsx "
               "--map examples/import/lancashire-savings.map.yaml")
    parser.add_argument("spreadsheet", type=Path, metavar="FILE",
                        help="the spreadsheet: .xlsx, or .csv (save it from Excel as 'CSV UTF-8')")
    parser.add_argument("--map", type=Path, required=True, metavar="MAPPING.yaml",
                        help="the mapping from columns to proposal fields")
    content_option(parser)
    parser.add_argument("--force", action="store_true",
                        help="replace files even if they were edited since they were imported "
                             "(their edits are lost)")


def run(args) -> int:
    from ..importer import plan_import, read_mapping, write_rows
    from ..pipeline import read_site
    from ..scaffold import ScaffoldError, site_config
    from ..spreadsheet import SpreadsheetError, read_sheet

    mapping, problems = read_mapping(args.map)
    if mapping is None:
        print_problems(problems)
        print(f"\nNothing was imported: correct the mapping {args.map} and run the import again.",
              file=sys.stderr)
        return 2
    try:
        unit = site_config(args.content).unit
        sheet = read_sheet(args.spreadsheet, mapping.sheet)
    except (ScaffoldError, SpreadsheetError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
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
    outcomes = write_rows(plan.rows, args.content, args.force)
    kept = [o for o in outcomes if o.what.startswith("kept")]
    for o in kept:
        why = ("was edited since it was imported" if o.what == "kept-edited"
               else "was not written by an import")
        print(f"{o.path}: kept as it is: it {why}. To replace it with row {o.row.number}, run the "
              "import again with --force (its edits would be lost).", file=sys.stderr)
    tally = {}
    for o in outcomes:
        tally[o.what] = tally.get(o.what, 0) + 1
    done = ", ".join(f"{tally[key]} {label}" for key, label in DONE.items() if tally.get(key))
    print(f"Imported {len(outcomes)} proposal{'s' * (len(outcomes) != 1)} from {sheet.name} into "
          f"{args.content}/proposals/: {done or 'none written'}"
          f"{f', {len(kept)} kept' if kept else ''}.")
    result = read_site(args.content)
    files = {o.path.relative_to(args.content).as_posix() for o in outcomes}
    found = sorted(p for p in result.problems + result.site.findings if p.file in files)
    print_problems(found, sys.stdout)
    print(f"Checks on the imported proposals: {count(found)}. "
          "Run 'python build.py check' for the whole site, then 'python build.py serve' to see it.")
    return 1 if kept else 0
