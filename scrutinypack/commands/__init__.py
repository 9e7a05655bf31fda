"""The sub-commands, each a module with ``add_parser(subparsers, name)`` and ``run(args)``.

Each ``run`` imports its wing when it runs, for start-up speed: ``--help`` and a command load
only what that command needs (Jinja, WeasyPrint and the readers of papers are slow to load)."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

from .. import program
from ..problems import Problem, tally

DEFAULT_CONTENT = Path("content")
DEFAULT_OUT = Path("site")


def suggest(command: str, content: Path) -> str:
    """A command to run next, as the user would type it here."""
    return program.command(command) + ("" if Path(content) == DEFAULT_CONTENT else f" --content {content}")


def content_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--content",
        type=Path,
        default=DEFAULT_CONTENT,
        help="the content folder holding site.yaml (default: content/)",
    )


def date_argument(text: str) -> dt.date:
    """An argparse type: a date written YYYY-MM-DD, and only that (Python would also take
    20190115 or 2019-W03, which a clerk never means)."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(f"'{text}' is not a date: write YYYY-MM-DD, e.g. 2019-01-15")


def print_problems(problems: list[Problem], stream=None) -> None:
    for problem in problems:
        print(problem.as_text(), file=stream or sys.stderr)


def count(problems: list[Problem]) -> str:
    """'2 errors, 1 warning, 1 sum not checked'."""
    errors, warnings = (sum(p.severity == s for p in problems) for s in ("error", "warning"))
    return tally(errors, warnings, sum(p.code == "not-checked" for p in problems))  # info is not only sums


from . import build, check, help, import_, maps, new, publish, schema, serve, templates, upgrade  # noqa: E402  (the commands use the helpers above)

COMMANDS = {
    "build": build,
    "check": check,
    "serve": serve,
    "new": new,
    "import": import_,
    "maps": maps,
    "templates": templates,
    "publish": publish,
    "schema": schema,
    "upgrade": upgrade,
    "help": help,
}
