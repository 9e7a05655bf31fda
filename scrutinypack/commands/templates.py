"""templates: list the default templates and their blocks, and copy one to start an override."""

from __future__ import annotations

import argparse
import sys

from ..program import command
from . import content_option


def add_parser(subparsers, name: str) -> None:
    parser = subparsers.add_parser(
        name,
        help="list the templates and their blocks, or copy one to change it",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="A template copied into <content>/templates/ is used in place of the default, on\n"
        "the site and in the PDFs. The blocks marked 'safe' may be changed freely;\n"
        "keep the others as they are (README.md, 'Templates of your own', says why).",
        epilog=f"Examples:\n  {command('templates')}\n  {command('templates copy base.html')}\n"
        f"  {command('templates copy print/pack.html')}",
    )
    parser.add_argument(
        "action", nargs="?", choices=("list", "copy"), default="list", help="list (default) or copy"
    )
    parser.add_argument("template", nargs="?", metavar="NAME", help="copy: the template's name, as listed")
    content_option(parser)


def run(args) -> int:
    from ..clerk.startpoints import SAFE_BLOCKS, templates
    from ..content import fence
    from ..resources import TEMPLATES

    known = templates()
    if args.action == "list":
        for name, blocks in known.items():
            safe = [b for b in blocks if b in SAFE_BLOCKS]
            keep = [b for b in blocks if b not in SAFE_BLOCKS]
            if not blocks:
                print(f"{name}\n    macros: keep their names and arguments (the pages call them)")
                continue
            print(
                f"{name}\n    safe to change: {', '.join(safe) or '-'}"
                + (f"; keep as they are: {', '.join(keep)}" if keep else "")
            )
        print(f"\nStart an override: {command('templates copy NAME')}")
        return 0
    name = (args.template or "").replace("\\", "/")  # as typed on Windows: print\pack.html
    if name not in known:
        print(
            f"error: no template is called {args.template!r}: {command('templates')} lists them",
            file=sys.stderr,
        )
        return 2
    target = args.content / "templates" / name
    try:
        fence.create(target, (TEMPLATES / name).read_bytes(), args.content)
    except FileExistsError:
        print(
            f"error: {target} already exists and is never overwritten: change it, or delete it "
            "to start again from the default",
            file=sys.stderr,
        )
        return 2
    except OSError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(
        f"Wrote {target}: it is used in place of the default. Change the safe blocks, then {command('check')}"
    )
    return 0
