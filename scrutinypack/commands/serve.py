"""serve: build the site, serve it on this computer, and rebuild it on every change."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..program import command
from . import DEFAULT_OUT, content_option

#: Never site/: a preview has no PDFs, and site/ is what is published.
PREVIEW_OUT = Path("preview")


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port: give a number such as 8000")
    return int(text)


def add_parser(subparsers, name: str) -> None:
    parser = subparsers.add_parser(
        name,
        help="preview the site in a browser while you edit it",
        description="Build the site, serve it at http://127.0.0.1:8000/, and rebuild it whenever a "
        "file in the content folder (or a template) is saved: the browser refreshes "
        "by itself. While a file has a mistake, the browser shows what and where "
        "instead of the site, until it is fixed. Press Ctrl+C to stop.",
        epilog=f"The preview is written to {PREVIEW_OUT}/, not to {DEFAULT_OUT}/, and leaves out the PDFs, which "
        f"take a while to make: '{command('build')}' writes {DEFAULT_OUT}/ with its PDFs, the folder "
        "to publish.",
    )
    content_option(parser)
    parser.add_argument(
        "--out",
        type=Path,
        default=PREVIEW_OUT,
        help=f"where the preview is written (default: {PREVIEW_OUT}/); replaced whole",
    )
    parser.add_argument("--port", type=_port, default=8000, help="the port to serve on (default: 8000)")
    parser.add_argument(
        "--host", default="127.0.0.1", help="the address to serve on (default: 127.0.0.1, this computer only)"
    )
    parser.add_argument("--open", action="store_true", help="open the site in a web browser")


def run(args) -> int:
    from ..clerk.preview import serve

    print(
        f"The preview, in {args.out}/, has no PDFs: publish only {DEFAULT_OUT}/, written with its PDFs "
        f"by '{command('build')}'.",
        file=sys.stderr,
        flush=True,
    )
    return serve(args.content, args.out, args.host, args.port, args.open)
