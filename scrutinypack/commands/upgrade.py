"""upgrade: put a scrutinypack wheel, and its hash, into the site's repository for its workflows."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..program import command
from . import content_option


def add_parser(subparsers, name: str) -> None:
    parser = subparsers.add_parser(
        name,
        help="put this scrutinypack (or a newer wheel) into the site's repository",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Replace the wheel in .scrutinypack/, beside the content folder, and its hash in\n"
        ".scrutinypack/wheel.sha256: the starter's workflows check the hash and install\n"
        "that wheel, so they build with exactly this version. Commit both files.",
        epilog=f"Examples:\n  {command('upgrade')}        (the scrutinypack installed here)\n"
        f"  {command('upgrade scrutinypack-0.2.0-py3-none-any.whl')}",
    )
    parser.add_argument(
        "wheel",
        nargs="?",
        type=Path,
        metavar="WHEEL",
        help="a scrutinypack wheel (default: the one this scrutinypack was installed from)",
    )
    content_option(parser)


def run(args) -> int:
    from ..clerk.scaffold import repository_root
    from ..clerk.toolwheel import WheelError, installed_wheel, put

    try:
        name, data = (args.wheel.name, args.wheel.read_bytes()) if args.wheel else installed_wheel()
        path = put(repository_root(args.content), name, data)
    except (WheelError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"Wrote {path} and its hash beside it: commit both, and the workflows install it.")
    return 0
