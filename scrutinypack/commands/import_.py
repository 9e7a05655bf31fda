"""import: turn papers into proposal files: Word option forms, PDFs and their text through a
document map, or a finance spreadsheet (one row per proposal) through a column mapping. The
run is importing/run.py's; this parses the arguments and prints what it is told."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..program import command
from . import content_option, count, print_problems

DONE = {
    "new": "written",
    "updated": "updated from the {kind}",
    "replaced": "replaced (--force)",
    "unchanged": "unchanged",
}


def add_parser(subparsers, name: str) -> None:
    parser = subparsers.add_parser(
        name,
        help="make proposal files from papers (.docx, .pdf, .txt) or a spreadsheet (.csv, .xlsx)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Make proposal files, proposals/<ref>.yaml, from a council's papers.\n"
        "A document map (docs/importing.md) says where each record starts in a\n"
        "Word document, PDF or its text, and which label gives which field. For a\n"
        "spreadsheet, the mapping file is a proposal written as usual, with\n"
        "{Column heading} where a row's cell goes. Figures are kept exactly as printed.\n"
        "Nothing is written unless every row or record can be read and the site\n"
        "can still be built with them (every committee they name is there).\n"
        "A file edited since it was imported is never replaced, unless you add --force.",
        epilog=f"Examples: {command('import forms.docx')} "
        "--map examples/import/lancashire-option-forms.map.yaml\n"
        f"          {command('import examples/import/lancashire-savings.xlsx')} "
        "--map examples/import/lancashire-savings.map.yaml",
    )
    parser.add_argument(
        "paper",
        type=Path,
        metavar="FILE",
        help="the paper: .docx, .pdf, .txt, or a spreadsheet: .xlsx, or .csv "
        "(save it from Excel as 'CSV UTF-8')",
    )
    parser.add_argument(
        "--map",
        type=Path,
        required=True,
        metavar="MAP.yaml",
        help="the map from the paper's labels (or columns) to proposal fields",
    )
    content_option(parser)
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace files even if they were edited since they were imported (their edits are lost)",
    )
    parser.add_argument(
        "--add-committees",
        action="store_true",
        help="write a stub committees/<slug>.yaml, for you to complete, for each committee the "
        "records name that the site does not have (without it, the import stops and says which)",
    )


def run(args) -> int:
    from ..importing.run import Request, run_import

    teller = Printed(args.content)
    outcomes = run_import(
        Request(args.paper, args.map, args.content, args.force, args.add_committees), teller
    )
    if outcomes is None:
        return 2
    return 1 if any(o.what.startswith("kept") for o in outcomes) else 0


class Printed:
    """The import's messages on the terminal: problems and errors on stderr, what was imported
    and the checks on it on stdout."""

    def __init__(self, content: Path):
        self.content = content

    def problems(self, problems) -> None:
        print_problems(problems)

    def rows(self, problems) -> None:
        for problem in problems:
            print(
                f"{problem.file}, row {problem.line}: {problem.severity}: {problem.message}", file=sys.stderr
            )

    def error(self, message: str) -> None:
        print(f"error: {message}", file=sys.stderr)

    def note(self, message: str) -> None:
        print(f"note: {message}", file=sys.stderr)

    def nothing(self, why: str) -> None:
        print(f"\nNothing was imported: {why}", file=sys.stderr)

    def unplaced(self, pieces) -> None:
        """Every piece of text the map did not place, so that nothing is dropped unseen."""
        if not pieces:
            return
        print(f"Text the map did not place ({len(pieces)} pieces; add labels to the map to place them):")
        for source, ref, text in pieces:
            text = " ".join(text.split())
            print(f"  {source}{f' [{ref}]' if ref else ''}: {text if len(text) <= 100 else text[:99] + '…'}")

    def imported(self, outcomes, source: str, kind: str) -> None:
        kept = [o for o in outcomes if o.what.startswith("kept")]
        for o in kept:
            why = (
                "was edited since it was imported"
                if o.what == "kept-edited"
                else "was not written by an import"
            )
            print(
                f"{o.path}: kept as it is: it {why}. To replace it with {o.planned.origin}, run the "
                "import again with --force (its edits would be lost).",
                file=sys.stderr,
            )
        tally = {}
        for o in outcomes:
            tally[o.what] = tally.get(o.what, 0) + 1
        done = ", ".join(
            f"{tally[key]} {label.format(kind=kind)}" for key, label in DONE.items() if tally.get(key)
        )
        folder = next(
            (
                f
                for f in ("reports", "monitoring")
                if all(o.planned.path.startswith(f + "/") for o in outcomes)
            ),
            "proposals",
        )
        what = {"reports": "report", "monitoring": "delivery report"}.get(folder, "proposal")
        print(
            f"Imported {len(outcomes)} {what}{'s' * (len(outcomes) != 1)} from {source} into "
            f"{self.content}/{folder}/: {done or 'none written'}"
            f"{f', {len(kept)} kept' if kept else ''}."
        )

    def added(self, outcomes) -> None:
        for o in outcomes:
            print(
                f"Added {o.path}: a stub committee for {o.planned.origin}; complete its name and "
                "meetings (the file says how)."
            )

    def checked(self, found) -> None:
        print_problems(found, sys.stdout)
        print(
            f"Checks on the imported proposals: {count(found)}. "
            f"Run '{command('check')}' for the whole site, then '{command('serve')}' to see it."
        )
