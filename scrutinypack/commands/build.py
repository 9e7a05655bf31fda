"""build: read, check and write the whole site."""
from __future__ import annotations

import sys
from pathlib import Path

from . import DEFAULT_OUT, content_option, count, print_problems


def add_parser(subparsers, name: str) -> None:
    parser = subparsers.add_parser(
        name, help="build the whole site into a folder",
        description="Read the content folder, check it, and write the site. The old site "
                    "stays as it was if anything fails.")
    content_option(parser)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="where the site is written (default: site/); replaced whole")


def run(args) -> int:
    from ..builder import build
    from ..problems import ContentError
    from ..write import OutputError

    try:
        report = build(args.content, args.out)
    except ContentError as error:
        print_problems(error.problems)
        print(f"\nThe site was not built: {count(error.problems)} to fix in {args.content}/. "
              f"The previous {args.out}/ is untouched.", file=sys.stderr)
        return 2
    except OutputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    site = report.result.site
    print(f"Built {report.outputs} files ({report.written} written, {report.unchanged} unchanged) "
          f"in {report.seconds:.2f} s → {args.out}/")
    print(f"{len(site.proposals)} proposals, {len(site.committees)} committees, "
          f"{len(site.meetings())} meetings, {len(site.reports)} reports. "
          f"Checks: {count(site.findings)} (see {args.out}/checks/index.html, "
          f"or run 'python build.py check').")
    return 0
