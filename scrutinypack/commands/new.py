"""new: start a proposal, committee, meeting, report or site from a commented starter."""

from __future__ import annotations

import argparse
import sys

from ..program import command, program_name
from . import content_option, date_argument, suggest

KINDS = ("proposal", "committee", "meeting", "report", "monitoring", "recommendations", "site")


def add_parser(subparsers, name: str) -> None:
    parser = subparsers.add_parser(
        name,
        help="start a new proposal, committee, meeting, report, monitoring report or site",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Write a starter file, with comments that say what goes where, and say where "
        f"it went.\nIt builds as it is; fill it in, then run '{command('check')}'. "
        "Nothing is overwritten.",
        epilog="Examples:\n"
        f'  {program_name()} new proposal "Reduce waste disposal costs"   (takes the next '
        "free ref, e.g. SC812)\n"
        f"  {program_name()} new proposal --prefix CYP       (the next CYP ref)\n"
        f'  {program_name()} new committee "Budget Scrutiny Working Group"\n'
        f"  {program_name()} new meeting --committee budget-scrutiny --date 2019-01-15\n"
        f'  {program_name()} new report "Medium term financial strategy" '
        "--committee budget-scrutiny\n"
        f"  {program_name()} new recommendations --committee budget-scrutiny --date 2019-01-15\n"
        f"  {program_name()} new site --content my-council/content   (a new site: the content\n"
        "      folder, and beside it a README, a .gitignore and the CI workflows that publish it)",
    )
    parser.add_argument("kind", choices=KINDS, metavar="KIND", help="what to start: " + ", ".join(KINDS))
    parser.add_argument(
        "title", nargs="?", help="its title (a committee's name), in quotes; you can change it later"
    )
    content_option(parser)
    parser.add_argument("--ref", help="proposal: this ref instead of the next free one")
    parser.add_argument("--prefix", help="proposal: the next free ref with this prefix, e.g. CYP")
    parser.add_argument(
        "--slug", help="committee, report: this file name instead of one made from the title (a-z, 0-9 and -)"
    )
    parser.add_argument(
        "--committee",
        metavar="SLUG",
        help="meeting: the committee it belongs to (its file name in committees/); "
        "report: the committee it went to; recommendations: the one that agreed them",
    )
    parser.add_argument(
        "--date",
        type=date_argument,
        metavar="YYYY-MM-DD",
        help="meeting, report: its date; monitoring: the date of its position "
        "(default: today); recommendations: the meeting that agreed them "
        "(default: the committee's latest)",
    )
    parser.add_argument("--council", help="site: the council's name")


def run(args) -> int:
    from ..clerk.scaffold import (
        ScaffoldError,
        new_committee,
        new_meeting,
        new_monitoring,
        new_proposal,
        new_report,
        new_site,
    )
    from ..clerk.scaffold_recommendations import new_recommendations

    try:
        if args.kind == "proposal":
            path, ref = new_proposal(args.content, args.title, args.ref, args.prefix)
            what = f"proposal {ref}"
        elif args.kind == "committee":
            path = new_committee(args.content, args.title, args.slug)
            what = f"committee '{path.stem}'"
        elif args.kind == "meeting":
            path, day = new_meeting(args.content, args.committee, args.date, args.title)
            what = f"meeting on {day}, added at the end of the committee's meetings,"
        elif args.kind == "recommendations":
            path, day = new_recommendations(args.content, args.committee, args.date)
            what = f"set of recommendations from the meeting on {day}"
        elif args.kind == "report":
            path = new_report(args.content, args.title, args.slug, args.committee, args.date)
            what = f"report '{path.stem}'"
        elif args.kind == "monitoring":
            path = new_monitoring(args.content, args.title, args.slug, args.committee, args.date)
            what = f"savings delivery report '{path.stem}'"
        else:
            return _site(new_site(args.content, args.title, args.council), args.content)
    except (ScaffoldError, OSError) as error:  # OSError: a write refused (a link) or failed
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"Wrote a new {what} in {path}")
    print(
        f"Open it in a text editor, fill it in as the comments say, then run: {suggest('check', args.content)}"
    )
    return 0


def _site(written: list, content) -> int:
    print("Wrote a new site:")
    for path in [*written, *_wheel(content)]:
        print(f"  {path}")
    print(
        f"It builds as it is: {suggest('build', content)}\n"
        f"Then fill in {content}/site.yaml, replace the example proposals and meeting with your "
        f"own, and read README.md for how to put the site online."
    )
    return 0


def _wheel(content) -> list:
    """The wheel the workflows install, and its hash; where there is none, what to do."""
    from ..clerk.scaffold import repository_root
    from ..clerk.toolwheel import WheelError, installed_wheel, put

    try:
        path = put(repository_root(content), *installed_wheel())
    except (WheelError, OSError) as error:
        print(
            f"note: the workflows install scrutinypack from .scrutinypack/, which is not written: {error}",
            file=sys.stderr,
        )
        return []
    return [path, path.with_name("wheel.sha256")]
