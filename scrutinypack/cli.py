"""The command line: commands, arguments, exit codes and what the clerk reads.

Exit codes: 0 all well; 1 the checks found errors (or warnings, with --strict);
2 the content cannot be built as written, or the command was given wrongly.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__
from .problems import ContentError, Problem

DEFAULT_CONTENT = Path("content")
DEFAULT_OUT = Path("site")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py",
        description="Turn a folder of savings proposals, committees and reports into a checked, "
                    "browsable static website.",
        epilog="Start with 'python build.py build', then open site/index.html. "
               "Each command has its own --help.")
    parser.add_argument("--version", action="version", version=f"scrutinypack {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser("build", help="build the whole site into a folder",
                                description="Read the content folder, check it, and write the "
                                            "site. The old site stays as it was if anything fails.")
    _content_option(build)
    build.add_argument("--out", type=Path, default=DEFAULT_OUT,
                       help="where the site is written (default: site/); replaced whole")

    check = commands.add_parser("check", help="check the content and its arithmetic",
                                description="Report every problem and finding with file, line, "
                                            "ref and a stable code. Writes nothing.")
    _content_option(check)
    check.add_argument("--format", choices=("text", "json"), default="text",
                       help="text for people (default), json for one object a line")
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    return parser


def _content_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", type=Path, default=DEFAULT_CONTENT,
                        help="the content folder holding site.yaml (default: content/)")


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        return {"build": _build, "check": _check}[args.command](args)
    except KeyboardInterrupt:
        print("stopped; the previous site is untouched", file=sys.stderr)
        return 130


def _print_problems(problems: list[Problem], stream=None) -> None:
    for problem in problems:
        print(problem.as_text(), file=stream or sys.stderr)


def _build(args) -> int:
    from .builder import build
    from .write import OutputError

    try:
        report = build(args.content, args.out)
    except ContentError as error:
        _print_problems(error.problems)
        print(f"\nThe site was not built: {_count(error.problems)} to fix in {args.content}/. "
              f"The previous {args.out}/ is untouched.", file=sys.stderr)
        return 2
    except OutputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    site = report.result.site
    errors = sum(f.severity == "error" for f in site.findings)
    warnings = len(site.findings) - errors
    print(f"Built {report.outputs} files ({report.written} written, {report.unchanged} unchanged) "
          f"in {report.seconds:.2f} s → {args.out}/")
    print(f"{len(site.proposals)} proposals, {len(site.committees)} committees, "
          f"{len(site.meetings())} meetings, {len(site.reports)} reports. "
          f"Checks: {errors} errors, {warnings} warnings (see {args.out}/checks/index.html, "
          f"or run 'python build.py check').")
    return 0


def _check(args) -> int:
    from .pipeline import read_site

    result = read_site(args.content)
    everything = sorted(result.problems + result.site.findings)
    if args.format == "json":
        for problem in everything:
            print(json.dumps(problem.as_json(), ensure_ascii=False))
    else:
        _print_problems(everything, sys.stdout)
        print(f"{len(result.site.proposals)} proposals checked: {_count(everything)}.")
    errors = [p for p in everything if p.severity == "error"]
    if result.blocking:
        return 2
    return 1 if errors or (args.strict and everything) else 0


def _count(problems: list[Problem]) -> str:
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
