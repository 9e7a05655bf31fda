"""publish: freeze the proposals as they stand into the content folder's publications/."""

from __future__ import annotations

import sys

from . import content_option, count, date_argument, print_problems


def add_parser(subparsers, name: str) -> None:
    parser = subparsers.add_parser(
        name,
        help="record the proposals as published on a date",
        description="Write every proposal as it stands now into publications/<date>.json in the "
        "content folder, so the site can show what changed from one publication to "
        "the next. Nothing is written when nothing changed since the last one.",
    )
    content_option(parser)
    parser.add_argument(
        "--date", required=True, type=date_argument, help="the date the papers are published, YYYY-MM-DD"
    )


def run(args) -> int:
    from ..clerk.publishing import publish
    from ..render.html import long_date

    outcome = publish(args.content, args.date)
    last = outcome.last
    if outcome.what == "blocked":
        print_problems(outcome.problems)
        print(
            f"\nNothing was published: {count(outcome.problems)} to fix in {args.content}/.", file=sys.stderr
        )
    elif outcome.what == "too-early":
        print(
            f"error: the last publication is dated {last.date.isoformat()} ({last.file}); a new "
            f"one cannot be dated earlier than that: publish with --date {last.date.isoformat()} "
            "or later",
            file=sys.stderr,
        )
    elif outcome.what == "unchanged":
        print(
            f"Nothing has changed since the publication of {long_date(last.date)} ({last.file}): "
            "nothing was written."
        )
        return 0
    elif outcome.what == "unreadable":
        print_problems(outcome.problems)
    elif outcome.what == "unwritten":
        print(f"error: {outcome.error}; nothing was published", file=sys.stderr)
    else:
        _published(args, outcome, long_date)
        return 0
    return 2


def _published(args, outcome, long_date) -> None:
    changes = outcome.changes
    since = (
        f"since {long_date(changes.before.date)}: {len(changes.of('new'))} new, "
        f"{len(changes.of('changed'))} changed, {len(changes.of('withdrawn'))} withdrawn"
        if changes.before
        else "the first publication"
    )
    print(
        f"{outcome.what.capitalize()} {len(outcome.made.proposals)} proposals as of "
        f"{long_date(args.date)} in {args.content}/{outcome.rel} ({since}). "
        "Build the site to show what changed."
    )
