"""schema: write or refresh the JSON Schemas an editor's YAML language server reads."""

from __future__ import annotations

import argparse
import sys

from ..program import command
from . import content_option


def add_parser(subparsers, name: str) -> None:
    parser = subparsers.add_parser(
        name,
        help="write the schemas that let an editor check content files as you type",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Write the JSON Schemas of site.yaml, proposals, committees, reports and the "
        "glossary\ninto the content folder's .schemas/, where the first line of each "
        f"file made by '{command('new')}'\npoints. An editor with a YAML language "
        "server (VS Code's YAML extension) then completes field\nnames, explains them "
        "and underlines mistakes. Run it again after updating scrutinypack.",
        epilog=f"Example:\n  {command('schema --content my-council')}",
    )
    content_option(parser)


def run(args) -> int:
    from .. import schemas

    if not (args.content / "site.yaml").is_file():
        print(
            f"error: {args.content}/site.yaml does not exist: give --content the folder that holds site.yaml",
            file=sys.stderr,
        )
        return 2
    try:
        changed = schemas.write(args.content)
    except OSError as error:
        print(
            f"error: cannot write {args.content / schemas.FOLDER}: {error.strerror or error}", file=sys.stderr
        )
        return 2
    folder = args.content / schemas.FOLDER
    print(
        f"Wrote {len(changed)} schema{'s' if len(changed) != 1 else ''} in {folder}"
        + (" (all were up to date)" if not changed else "")
    )
    print(
        "A content file uses its schema when its first line is, for a proposal:\n  "
        + schemas.modeline("proposal").strip()
        + "\n(for site.yaml: "
        + schemas.modeline("site").strip().split("=", 1)[1]
        + ")"
    )
    return 0
