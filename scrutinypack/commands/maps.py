"""maps: list the example import maps that ship with scrutinypack, and copy one to start from."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..program import command


def add_parser(subparsers, name: str) -> None:
    parser = subparsers.add_parser(
        name,
        help="list the example import maps, or copy one to start your own",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="The maps that turn councils' papers into proposal files (see 'import'), each\n"
        "for one council's paper. Copy the nearest to yours and change its labels.",
        epilog=f"Examples:\n  {command('maps')}\n  {command('maps copy lancashire-option-forms')}   "
        "(writes lancashire-option-forms.map.yaml here)",
    )
    parser.add_argument(
        "action", nargs="?", choices=("list", "copy"), default="list", help="list (default) or copy"
    )
    parser.add_argument("map", nargs="?", metavar="NAME", help="copy: the map's name, as listed")
    parser.add_argument(
        "--to",
        type=Path,
        default=Path("."),
        metavar="FOLDER",
        help="copy: the folder to copy it into (default: here)",
    )


def run(args) -> int:
    from ..clerk.startpoints import docs_folder, maps, maps_folder
    from ..content import fence

    known = maps()
    if args.action == "list":
        for name, about in known.items():
            print(f"{name}\n    {about}")
        print(
            f"\nThe guide to maps: {docs_folder() / 'importing.md'}\n"
            f"Copy one to start from: {command('maps copy NAME')}"
        )
        return 0
    if args.map not in known:
        print(
            f"error: no map is called {args.map!r}: {command('maps')} lists them ({', '.join(known)})",
            file=sys.stderr,
        )
        return 2
    target = args.to / f"{args.map}.map.yaml"
    try:
        fence.create(target, (maps_folder() / target.name).read_bytes(), args.to)
    except FileExistsError:
        print(
            f"error: {target} already exists and is never overwritten: give --to another folder",
            file=sys.stderr,
        )
        return 2
    except OSError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(
        f"Wrote {target}: change its labels to your paper's, then {command(f'import PAPER --map {target}')}"
    )
    return 0
