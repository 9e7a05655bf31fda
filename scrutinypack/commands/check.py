"""check: report every problem and finding; write nothing."""
from __future__ import annotations

import json
import sys

from . import content_option, count, print_problems


def add_parser(subparsers, name: str) -> None:
    parser = subparsers.add_parser(
        name, help="check the content and its arithmetic",
        description="Report every problem and finding with file, line, ref and a stable code. "
                    "Writes nothing.")
    content_option(parser)
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="text for people (default), json for one object a line")
    parser.add_argument("--strict", action="store_true",
                        help="fail on warnings too (a sum that could not be checked is info: it never fails)")


def run(args) -> int:
    from ..build.reading import read_site

    result = read_site(args.content)
    everything = sorted(result.problems + result.site.findings)
    if args.format == "json":
        for problem in everything:
            print(json.dumps(problem.as_json(), ensure_ascii=False))
    else:
        print_problems(everything, sys.stdout)
        print(f"{len(result.site.proposals)} proposals checked: {count(everything)}.")
    if result.blocking:
        return 2
    failing = ("error", "warning") if args.strict else ("error",)   # info never fails
    return 1 if any(p.severity in failing for p in everything) else 0
