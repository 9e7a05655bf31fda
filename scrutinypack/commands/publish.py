"""publish: freeze the proposals as they stand into the content folder's publications/."""
from __future__ import annotations

import json
import sys

from . import content_option, count, date_argument, print_problems


def add_parser(subparsers, name: str) -> None:
    parser = subparsers.add_parser(
        name, help="record the proposals as published on a date",
        description="Write every proposal as it stands now into publications/<date>.json in the "
                    "content folder, so the site can show what changed from one publication to "
                    "the next. Nothing is written when nothing changed since the last one.")
    content_option(parser)
    parser.add_argument("--date", required=True, type=date_argument,
                        help="the date the papers are published, YYYY-MM-DD")


def run(args) -> int:
    from .. import publish
    from ..changes import compare
    from ..content import fence
    from ..content.load import Remembered
    from ..pipeline import read_site
    from ..render.html import long_date

    read = Remembered()   # the YAML as read, by path: a publication keeps fields as written
    result = read_site(args.content, read)
    if result.blocking:
        print_problems(result.blocking)
        print(f"\nNothing was published: {count(result.blocking)} to fix in {args.content}/.",
              file=sys.stderr)
        return 2
    root, date = result.content.root, args.date
    publications = result.site.config.publications
    last = publications[-1] if publications else None
    if last and date < last.date:
        print(f"error: the last publication is dated {last.date.isoformat()} ({last.file}); a new "
              f"one cannot be dated earlier than that: publish with --date {last.date.isoformat()} "
              "or later", file=sys.stderr)
        return 2
    document = publish.freeze(result.site, {rel: data for rel, (_text, data, _found) in read.documents.items()},
                              date)
    if last and publish.same_records(json.loads((root / last.file).read_text(encoding="utf-8")), document):
        print(f"Nothing has changed since the publication of {long_date(last.date)} ({last.file}): "
              "nothing was written.")
        return 0
    rel, data = publish.path_of(date), publish.dumps(document)
    made, problems = publish.read_publication(data.decode("utf-8"), rel)
    if made is None:   # the records were valid a moment ago: reading them back must work
        print_problems(problems)
        return 2
    try:
        fence.replace(root / rel, data, root)
    except OSError as error:   # a link on the way (refused), a full disk
        print(f"error: {error}; nothing was published", file=sys.stderr)
        return 2
    earlier = [p for p in publications if p.date < date]
    changes = compare(earlier[-1] if earlier else None, made)
    done = "Replaced" if last and last.date == date else "Published"
    since = (f"since {long_date(earlier[-1].date)}: {len(changes.of('new'))} new, "
             f"{len(changes.of('changed'))} changed, {len(changes.of('withdrawn'))} withdrawn"
             if earlier else "the first publication")
    print(f"{done} {len(made.proposals)} proposals as of {long_date(date)} in "
          f"{args.content}/{rel} ({since}). Build the site to show what changed.")
    return 0
