"""build: read, check and write the whole site."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from ..problems import ContentError, OutputError, plural, tally
from ..terminal import raw
from . import DEFAULT_OUT, content_option, count, print_problems, suggest


def add_parser(subparsers, name: str) -> None:
    parser = subparsers.add_parser(
        name,
        help="build the whole site into a folder",
        description="Read the content folder, check it, and write the site. The old site "
        "stays as it was if anything fails.",
    )
    content_option(parser)
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help="where the site is written (default: site/); replaced whole",
    )
    pdf = parser.add_mutually_exclusive_group()
    pdf.add_argument(
        "--pdf",
        choices=("default", "all"),
        default="default",
        help="which PDFs: 'default', one per proposal and an agenda pack per meeting; "
        "'all', also the whole publication in one (publication.pdf)",
    )
    pdf.add_argument(
        "--no-pdf",
        dest="pdf",
        action="store_const",
        const="none",
        help="make no PDFs, for a quick preview of the pages",
    )
    parser.add_argument(
        "--jobs", type=_positive, metavar="N", help="lay out N PDF papers at a time (default: one per CPU)"
    )


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, not {text!r}")
    return int(text)


class ProgressBar:
    """The PDFs' papers being laid out, on stderr: a bar redrawn in place on a terminal;
    elsewhere (a CI log) a plain line at the start and at each of the first three quarters. The
    total grows as the packs' contents and runs are sent, so the log gives only counts on the
    way, never one that could pass for the total: the last line of 'build' says how many were
    laid out in all."""

    WIDTH = 24

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.quarter = 0
        self.drawn = False  # a bar line is on the terminal, not yet ended

    def __call__(self, done: int, total: int, path: str) -> None:
        if self.tty:
            filled = self.WIDTH * done // total
            line = f"PDFs [{'#' * filled}{'.' * (self.WIDTH - filled)}] {done}/{total} {path}"
            width = shutil.get_terminal_size().columns - 1
            raw(self.stream).write("\r")  # the bar's own return; the path in it is shown visible
            self.stream.write(line[:width].ljust(width))
            self.drawn = done < total
            if not self.drawn:
                self.stream.write("\n")
        elif done == 0:  # no number: the packs' contents are sent once the rest is laid out
            print("Laying out the papers for the PDFs", file=self.stream)
        elif 4 * done // total > self.quarter and done < total:  # the last count is build's own
            self.quarter = 4 * done // total
            print(f"PDF papers: {done} laid out", file=self.stream)
        self.stream.flush()

    def end(self) -> None:
        """Before an error message: off the bar's line."""
        if self.drawn:
            self.stream.write("\n")
            self.drawn = False


def run(args) -> int:
    from ..build.builder import build

    progress = ProgressBar()
    try:
        report = build(args.content, args.out, pdf=args.pdf, jobs=args.jobs, progress=progress)
    except ContentError as error:
        print_problems(error.problems)
        print(
            f"\nThe site was not built: {count(error.problems)} to fix in {args.content}/. "
            f"The previous {args.out}/ is untouched.",
            file=sys.stderr,
        )
        return 2
    except OutputError as error:
        progress.end()
        print(f"error: {error}", file=sys.stderr)
        return 2
    n = report.summary
    for note in report.notes:
        print(f"note: {note}", file=sys.stderr)
    if report.rendered == 0:
        print(
            f"Nothing has changed since the last build: {args.out}/ is up to date "
            f"({report.outputs} files, checked in {report.seconds:.2f} s)."
        )
    else:
        print(
            f"Built {report.outputs} files in {report.seconds:.2f} s → {args.out}/ "
            f"({report.rendered} made again, {report.written} with new bytes)."
        )
    counted = ", ".join(plural(n[kind], kind) for kind in ("proposals", "committees", "meetings", "reports"))
    print(
        f"{counted}. Checks: {tally(n['errors'], n['warnings'], n.get('undone', 0))} "
        f"(see {args.out}/checks/index.html, "
        f"or run '{suggest('check', args.content)}')."
    )
    if report.pdf:
        pdf = report.pdf
        print(
            f"PDFs: {len(pdf.made)} made from their papers, {len(pdf.laid_out)} laid out, {len(pdf.reused)} "
            f"unchanged from the cache (.{args.out.resolve().name}-cache/ beside {args.out}/), "
            f"in {pdf.seconds:.1f} s."
        )
    return 0
