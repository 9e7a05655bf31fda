"""The command line: one sub-command per module in ``commands/``; this file only dispatches.

Exit codes: 0 all well; 1 the checks found errors (or warnings, with --strict);
2 the content cannot be built as written, or the command was given wrongly.
"""

from __future__ import annotations

import argparse
import sys

from . import __version__
from .commands import COMMANDS
from .program import command, program_name
from .terminal import visible_output


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog=program_name().removeprefix("python "),
        description="Turn a folder of savings proposals, committees and reports into a checked, "
        "browsable static website.",
        epilog=f"Start with '{command('new site')}' in an empty folder; then "
        f"'{command('build')}' writes the site into site/. "
        f"Each command has its own --help, e.g. '{command('check --help')}'.",
    )
    top.add_argument("--version", action="version", version=f"scrutinypack {__version__}")
    subparsers = top.add_subparsers(dest="command", metavar="COMMAND")
    for name, module in COMMANDS.items():
        module.add_parser(subparsers, name)
    return top


def main(argv: list[str] | None = None) -> int:
    with visible_output():  # content quoted in a message never acts on the terminal
        return _run(argv)


def _run(argv: list[str] | None) -> int:
    top = parser()
    args = top.parse_args(argv)
    if args.command is None:
        top.print_help()
        return 2
    try:
        return COMMANDS[args.command].run(args)
    except KeyboardInterrupt:
        print("stopped; the previous site is untouched", file=sys.stderr)
        return 130
