"""help: print a reference made from the content format's declarations (``help fields``)."""

from __future__ import annotations

import argparse

from ..format import KINDS
from ..format.reference import reference
from ..program import command

TOPICS = {"fields": lambda: reference(KINDS)}


def add_parser(subparsers, name: str) -> None:
    parser = subparsers.add_parser(
        name,
        help="print a reference: 'fields' lists every field of every content file",
        description="Print a reference made from scrutinypack's own declaration of the content "
        "format, so it always matches what 'check' accepts.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=f"Example:\n  {command('help fields')}",
    )
    parser.add_argument("topic", choices=sorted(TOPICS), help="what to print")


def run(args) -> int:
    print(TOPICS[args.topic](), end="")
    return 0
