"""check: report every problem and finding; write nothing.

Two kinds of error differ (content format 1.2): a file the tool cannot read as the format
says stops ``build`` (exit status 2); a finding about the paper's own figures is published on
the checks page (exit status 1, or 0 with ``--publishing``, which fails only where ``build``
would).
"""

from __future__ import annotations

import argparse
import json
import sys

from . import content_option, count, print_problems

EXIT_STATUSES = """exit status:
  0  every file can be read and built (and, without --publishing, no finding is an error)
  2  a file cannot be read as the format says (a misspelt field, a year written 2019-20):
     'build' stops too; the message gives the file and line
  1  the paper's own figures have an error (a total that does not add up), or a warning
     with --strict: the site still builds and shows it on its checks page"""


def add_parser(subparsers, name: str) -> None:
    parser = subparsers.add_parser(
        name,
        help="check the content and its arithmetic",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Report every problem and finding with file, line, ref and a stable code. "
        "Writes nothing.",
        epilog=EXIT_STATUSES,
    )
    content_option(parser)
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text for people (default), json for one object a line",
    )
    failing = parser.add_mutually_exclusive_group()
    failing.add_argument(
        "--strict",
        action="store_true",
        help="fail on warnings too (a sum that could not be checked is info: it never fails)",
    )
    failing.add_argument(
        "--publishing",
        action="store_true",
        help="fail only on files that cannot be read (exit status 2), as 'build' does: "
        "findings about the figures are published, never stop a publishing run",
    )


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
    if args.publishing:
        return 0
    failing = ("error", "warning") if args.strict else ("error",)  # info never fails
    return 1 if any(p.severity in failing for p in everything) else 0
