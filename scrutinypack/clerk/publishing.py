"""Publishing: freeze the proposals as they stand into ``publications/<date>.json``.

The reading side (what a publication holds, and reading one back) is the content's own
(content/publications.py); this is the writing side, which only the clerk's ``publish`` runs.
Each step that stops the run says why in the outcome; the command prints it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..build.reading import read_site
from ..content import fence
from ..content.load import Remembered
from ..content.publications import FIELDS, FOLDER, FORMAT, VERSION, Publication, read_publication
from ..content.yamldoc import plain
from ..problems import Problem
from ..render.changes import Changes, compare


@dataclass
class Outcome:
    """What ``publish`` did: ``what`` is one of blocked, too-early, unchanged, unreadable,
    unwritten, published or replaced."""

    what: str
    problems: list[Problem] = field(default_factory=list)
    last: Publication | None = None  # the latest publication before this run
    made: Publication | None = None  # the publication written
    rel: str = ""  # its path in the content folder
    changes: Changes | None = None  # since the one before it (``before`` None: the first)
    error: str = ""


def publish(content: Path, date: dt.date) -> Outcome:
    """Write the publication of ``content`` on ``date``, unless something stops it."""
    read = Remembered()  # the YAML as read, by path: a publication keeps fields as written
    result = read_site(content, read)
    if result.blocking:
        return Outcome("blocked", result.blocking)
    root, publications = result.content.root, result.site.config.publications
    last = publications[-1] if publications else None
    if last and date < last.date:
        return Outcome("too-early", last=last)
    document = freeze(result.site, {rel: data for rel, (_text, data, _found) in read.documents.items()}, date)
    if last and same_records(json.loads((root / last.file).read_text(encoding="utf-8")), document):
        return Outcome("unchanged", last=last)
    rel, data = path_of(date), dumps(document)
    made, problems = read_publication(data.decode("utf-8"), rel)
    if made is None:  # the records were valid a moment ago: reading them back must work
        return Outcome("unreadable", problems, last)
    try:
        fence.replace(root / rel, data, root)
    except OSError as error:  # a link on the way (refused), a full disk
        return Outcome("unwritten", last=last, error=str(error))
    earlier = [p for p in publications if p.date < date]
    return Outcome(
        "replaced" if last and last.date == date else "published",
        last=last,
        made=made,
        rel=rel,
        changes=compare(earlier[-1] if earlier else None, made),
    )


def path_of(date: dt.date) -> str:
    return f"{FOLDER}/{date.isoformat()}.json"


def freeze(site, documents: dict, date: dt.date) -> dict:
    """The publication of ``site`` on ``date``; ``documents`` are the files as read, by path."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "date": date.isoformat(),
        "site": plain(documents.get(site.config.file)) or {},
        "proposals": {p.ref: {"file": p.file, "fields": plain(documents[p.file])} for p in site.proposals},
    }


def dumps(document: dict) -> bytes:
    """The one way a publication is written: sorted keys, one value a line, UTF-8."""
    return (json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def same_records(a: dict, b: dict) -> bool:
    """Whether two publications hold the same site and records, whatever their dates."""
    return all(a.get(key) == b.get(key) for key in FIELDS if key != "date")
