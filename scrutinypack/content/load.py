"""Read a content folder: find its files, read them safely, and hand each to the validator."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import glossary
from ..delivery import MonitoringReport
from ..model import AgendaItem, Committee, Proposal, Report, SiteConfig
from ..problems import Problem
from ..program import command
from . import assets as asset_kinds
from . import publications, validate, validate_monitoring
from .fence import inside, read_inside, regular_file
from .kept import conforms
from .reader import SLUG
from .stored import Stored, digest
from .terms import combine, read_terms
from .validate_recommendations import recommendations_record
from .validate_site import site_record, statement_problems
from .yamldoc import Node, read_yaml

if TYPE_CHECKING:  # what the checks and summaries keep here between builds
    from ..checks import Memo
    from ..recommendations import RecommendationSet
    from ..summaries import SummaryTable

#: A record of a file of its own, as its validator makes it: a proposal, a committee ...
FileRecord = Any
#: A validator of such a file: (document, file, slug, the site's unit) → (record or None, problems).
MakeRecord = Callable[[Node, str, str, str], tuple[FileRecord | None, list[Problem]]]

#: Content files are typed by people; anything bigger is a mistake (or an attack).
MAX_FILE_BYTES = 5 * 1024 * 1024
#: All the content files together: twice the largest site the benchmark builds (10,000
#: proposals are 47 MB), hundreds of times a council's papers; more is a mistake or an attack.
MAX_CONTENT_BYTES = 100 * 1024 * 1024
#: Publications are written by the tool and grow with the site.
MAX_PUBLICATION_BYTES = 200 * 1024 * 1024
YAML_SUFFIXES = (".yaml", ".yml")


@dataclass
class Content:
    root: Path
    config: SiteConfig
    proposals: list[Proposal] = field(default_factory=list)
    committees: list[Committee] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)
    monitoring: list[MonitoringReport] = field(default_factory=list)  # (1.2)
    recommendations: list[RecommendationSet] = field(default_factory=list)  # (1.2)
    assets: list[Path] = field(default_factory=list)
    cleaned: dict[Path, bytes] = field(default_factory=dict)  # an SVG asset's bytes, made safe to open
    problems: list[Problem] = field(default_factory=list)
    remembered: Remembered | None = None  # what earlier builds read, when kept
    stored: Stored | None = None  # what a build in another process read, from the build's cache
    read_bytes: int = 0  # of the content files read, for MAX_CONTENT_BYTES


@dataclass
class Remembered:
    """What one build read, for the next to reuse where a file's text is the same (a live
    preview reads the whole folder after every edit, and most files have not changed)."""

    # path -> (text, YAML, problems)
    documents: dict[str, tuple[str, Node, list[Problem]]] = field(default_factory=dict)
    # path -> (YAML, unit, record, problems)
    records: dict[str, tuple[Node, str, FileRecord | None, list[Problem]]] = field(default_factory=dict)
    # path -> (text, unit, record, problems)
    reports: dict[str, tuple[str, str, Report | None, list[Problem]]] = field(default_factory=dict)
    # agenda item's and proposals' ids -> (settings, table, item, proposals) (pipeline.py)
    summaries: dict[tuple[int, ...], tuple[object, SummaryTable, AgendaItem, list[Proposal]]] = field(
        default_factory=dict
    )
    findings: Memo = field(default_factory=dict)  # a proposal's own findings (checks.py)


def load_content(root: Path, remembered: Remembered | None = None, stored: Stored | None = None) -> Content:
    """Everything in the folder, as records; problems are collected, never raised.

    ``remembered`` is what the last call read (see :func:`pipeline.read_content`), updated here;
    ``stored`` what a build in another process read, used where a file's text is the same."""
    root = Path(root).resolve()
    problems: list[Problem] = []
    if not root.is_dir():
        problems.append(
            Problem(
                str(root),
                0,
                "no-content",
                "this content folder does not exist: give --content the folder that holds site.yaml",
            )
        )
        return Content(root, SiteConfig("site.yaml", 1), problems=problems)
    content = Content(
        root, SiteConfig("site.yaml", 1), problems=problems, remembered=remembered, stored=stored
    )
    content.assets = [path for path in _assets(content, root / "assets") if _publishable(content, path)]
    site_path = root / "site.yaml"
    if not site_path.exists():
        problems.append(
            Problem(
                "site.yaml",
                0,
                "no-site-yaml",
                "site.yaml is missing: create it with council, title, unit and years "
                f"({command('new site')} writes a starter)",
            )
        )
    else:
        data, _ = _read_yaml_file(content, site_path)
        if data is not _UNREADABLE:
            content.config, found = site_record(
                data, "site.yaml", {p.relative_to(root).as_posix() for p in content.assets}
            )
            problems.extend(found + statement_problems(content.config))
    unit = content.config.unit
    for folder, make, records in (
        ("proposals", validate.proposal_record, content.proposals),
        ("committees", validate.committee_record, content.committees),
        ("monitoring", validate_monitoring.monitoring_record, content.monitoring),
        ("recommendations", recommendations_record, content.recommendations),
    ):
        for path in _files(content, folder, YAML_SUFFIXES):
            before = len(problems)
            record = _read_record(content, folder, make, path, unit)
            if record:
                records.append(record)
            if folder == "proposals" and any(not p.ref for p in problems[before:]):
                problems[before:] = _with_stated_ref(content, path, problems[before:])
    for path in _files(content, "reports", (".md",)):
        text, rel = _read_text(content, path)
        if text is None or not _slug_ok(content, path, rel):
            continue
        record, found = _report(content, text, rel, path.stem, unit)
        problems.extend(found)
        if record:
            content.reports.append(record)
    for path in _files(content, publications.FOLDER, (".json",)):
        text, rel = _read_text(content, path, MAX_PUBLICATION_BYTES)
        if text is not None:  # in date order: each is read against the one before
            publication, found = publications.read_publication(
                text, rel, content.config.publications[-1] if content.config.publications else None
            )
            problems.extend(found)
            if publication:
                content.config.publications.append(publication)
    content.config.publications.sort(key=lambda publication: publication.date)
    content.config.glossary = _glossary(content)
    return content


_UNREADABLE = object()
_STATED_REF = re.compile(r"""^ref:[ \t]*(["']?)([^"'#\n]*?)\1[ \t]*(?:#.*)?$""", re.MULTILINE)


def _with_stated_ref(content: Content, path: Path, found: list[Problem]) -> list[Problem]:
    """A proposal's file that cannot be read as YAML (or has a bad name) may still state its
    ref on a line of its own: its problems carry it, as every other finding of the file does.
    A file the fence refuses is not read for it (a link out: its ref is not the site's)."""
    try:
        text = read_inside(path, content.root, MAX_FILE_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return found
    stated = _STATED_REF.search(text)
    if not stated or not stated[2].strip():
        return found
    return [p if p.ref else replace(p, ref=stated[2].strip()) for p in found]


def _files(content: Content, folder: str, suffixes: tuple[str, ...]) -> list[Path]:
    base = content.root / folder
    if not base.is_dir():
        return []
    return sorted(
        p for p in base.iterdir() if p.suffix in suffixes and p.is_file() and not p.name.startswith(".")
    )


def _assets(content: Content, folder: Path, walked: frozenset[Path] = frozenset()) -> list[Path]:
    """The files of ``folder`` (``assets/`` and, in turn, its folders) to publish: inside the
    content folder once links are followed, at every level (a link that leads out is refused,
    naming it), and not hidden (``.DS_Store``, ``.git/``: what a file manager or a tool leaves
    behind is not for the public). ``walked`` are the real folders being walked, so a link
    back to one of them is not walked twice."""
    if not folder.is_dir() or not _inside(content, folder):
        return []
    real = folder.resolve()
    if real in walked:
        return []
    found = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or not _inside(content, path):
            continue
        if path.is_dir():
            found += _assets(content, path, walked | {real})
        elif regular_file(path):
            found.append(path)
    return found


def _publishable(content: Content, path: Path) -> bool:
    """A document or an image (an SVG made safe to open on its own: see content/assets.py)."""
    rel = _rel(content, path)
    refusal = asset_kinds.refused(rel)
    if refusal:
        content.problems.append(refusal)
        return False
    if path.suffix.lower() != ".svg":
        too_large = asset_kinds.too_large_picture(path, rel)
        content.problems.extend([too_large] if too_large else [])
        return too_large is None
    cleaned, found = asset_kinds.clean_svg(path, rel)
    content.problems.extend(found)
    if cleaned is not None:
        content.cleaned[path] = cleaned
    return cleaned is not None


def _inside(content: Content, path: Path) -> bool:
    """A content path may not lead outside the content folder, by '..' or by a link."""
    if inside(path, content.root):
        return True
    content.problems.append(
        Problem(
            _rel(content, path),
            0,
            "outside-content",
            "this is a link to somewhere outside the content folder: copy the file or folder in instead",
        )
    )
    return False


def _rel(content: Content, path: Path) -> str:
    try:
        return path.relative_to(content.root).as_posix()
    except ValueError:
        return str(path)


def _slug_ok(content: Content, path: Path, rel: str) -> bool:
    if SLUG.match(path.stem):
        return True
    suggestion = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "item"
    content.problems.append(
        Problem(
            rel,
            0,
            "invalid-slug",
            f"the file name '{path.stem}' becomes a web address, so it may hold only a-z, 0-9 "
            f"and '-': rename it to '{suggestion}{path.suffix}'",
        )
    )
    return False


def _read_text(content: Content, path: Path, limit: int = MAX_FILE_BYTES) -> tuple[str | None, str]:
    rel = _rel(content, path)
    if not _inside(content, path):
        return None, rel
    if not regular_file(path):
        content.problems.append(
            Problem(
                rel,
                0,
                "not-a-file",
                "this is not a plain file (a folder, a device or a pipe): "
                "replace it with the file it should be, or delete it",
            )
        )
        return None, rel
    try:
        size = path.stat().st_size
        data = path.read_bytes() if size <= limit else b""
    except OSError as exc:
        content.problems.append(
            Problem(
                rel,
                0,
                "unreadable",
                f"this file cannot be read ({exc.strerror or exc}): check that "
                "it is still there and that the account running the build may open it",
            )
        )
        return None, rel
    if size > limit:
        content.problems.append(
            Problem(
                rel,
                0,
                "file-too-large",
                f"this file is {size / 1048576:.1f} MB; content files are limited to "
                f"{limit // 1048576} MB: split it, or move attachments to assets/",
            )
        )
        return None, rel
    if limit == MAX_FILE_BYTES and _over_total(content, rel, size):
        return None, rel
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        content.problems.append(
            Problem(
                rel,
                line,
                "not-utf8",
                f"byte {data[exc.start]:#04x} is not UTF-8 text: save the file as UTF-8 "
                "(in Word or Excel: 'Save as' → 'CSV UTF-8' or 'Plain text, UTF-8')",
            )
        )
        return None, rel
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n"), rel


def _over_total(content: Content, rel: str, size: int) -> bool:
    """Is the content, with this file, more than a site holds? Said once, at the file that
    passes the limit."""
    content.read_bytes += size
    if content.read_bytes - size <= MAX_CONTENT_BYTES < content.read_bytes:
        content.problems.append(
            Problem(
                rel,
                0,
                "content-too-large",
                f"with this file the content folder's files hold more than "
                f"{MAX_CONTENT_BYTES // 1048576} MB, far more than a council's papers: the files "
                "after it are not read; move attachments to assets/, or split the site",
            )
        )
    return content.read_bytes > MAX_CONTENT_BYTES


def _read_yaml_file(content: Content, path: Path) -> tuple[Node, str]:
    """The document and its path as read; ``_UNREADABLE`` for one whose problems are reported."""
    text, rel = _read_text(content, path)
    if text is None:
        return _UNREADABLE, rel
    return _parse_yaml(content, text, rel)[0], rel


def _parse_yaml(content: Content, text: str, rel: str) -> tuple[Node | object, list[Problem]]:
    """The YAML of a file's text, or _UNREADABLE; and the problems it has as YAML."""
    kept = content.remembered.documents.get(rel) if content.remembered else None
    if kept is not None and kept[0] == text:
        data, found = kept[1], kept[2]
    else:
        data, found = read_yaml(text, rel)
        if content.remembered:
            content.remembered.documents[rel] = (text, data, found)
    content.problems.extend(found)
    if any(p.severity == "error" for p in found):
        return _UNREADABLE, found
    if data is None:
        content.problems.append(Problem(rel, 1, "empty-file", "this file is empty: fill it in, or delete it"))
        return _UNREADABLE, found
    return data, found


#: The kinds of record kept in the build's cache, by folder: the many, which take the time.
STORED = {"proposals": Proposal, "committees": Committee, "reports": Report}


def _read_record(content: Content, folder: str, make: MakeRecord, path: Path, unit: str) -> FileRecord | None:
    """The record of a YAML file, or None; its problems go to the content's. One read in
    another process from the same text, with the same unit, is taken from the cache."""
    text, rel = _read_text(content, path)
    if text is None:
        return None
    stamp = f"{digest(text)} {unit}"
    if content.stored is not None:
        content.stored.stamps[rel] = stamp
    kept = _stored(content, folder, rel, stamp)
    if kept is not None:
        read, record, found = kept
        content.problems.extend(read)
        if not _slug_ok(content, path, rel):
            return None
        content.problems.extend(found)
        return record
    data, read = _parse_yaml(content, text, rel)
    if data is _UNREADABLE or not _slug_ok(content, path, rel):
        return None
    record, found = _record(content, make, data, rel, path.stem, unit)
    content.problems.extend(found)
    if content.stored is not None and folder in STORED:
        content.stored.put("records", rel, stamp, [read, record, found])
    return record


def _stored(content: Content, folder: str, rel: str, stamp: str) -> list[Any] | None:
    """(the YAML's problems, the record or None, its problems) as kept, or None."""
    if content.stored is None or folder not in STORED:
        return None
    kept = content.stored.get("records", rel, stamp)
    if kept is None or not conforms(kept, list) or len(kept) != 3:
        return None
    read, record, found = kept
    if (
        conforms(read, list[Problem])
        and conforms(found, list[Problem])
        and conforms(record, STORED[folder] | None)
    ):
        return [read, record, found]
    return None


def _record(
    content: Content, make: MakeRecord, data: Node, rel: str, slug: str, unit: str
) -> tuple[FileRecord | None, list[Problem]]:
    """The record of a document: the one made last time when the document is the same one
    (same text) read with the same site unit. Records are plain data; the model adds only
    what it works out the same way each time."""
    kept = content.remembered.records.get(rel) if content.remembered else None
    if kept is not None and kept[0] is data and kept[1] == unit:
        return kept[2], kept[3]
    record, found = make(data, rel, slug, unit)
    if content.remembered:
        content.remembered.records[rel] = (data, unit, record, found)
    return record, found


def _report(
    content: Content, text: str, rel: str, slug: str, unit: str
) -> tuple[Report | None, list[Problem]]:
    """A report's record and problems: the ones made last time when its text and the site's
    unit are the same (its tables are parsed for checking, which takes a while)."""
    kept = content.remembered.reports.get(rel) if content.remembered else None
    if kept is not None and kept[0] == text and kept[1] == unit:
        return kept[2], kept[3]
    stamp = f"{digest(text)} {unit}"
    stored = _stored(content, "reports", rel, stamp)
    if stored is not None:
        return stored[1], stored[2]
    front, body, body_line = _split_front_matter(text)
    data, found = read_yaml(front, rel, first_line=2) if front is not None else (None, [])
    record = None
    if not found:
        record, found = validate.report_record(data, rel, slug, unit, body, body_line)
    if content.remembered:
        content.remembered.reports[rel] = (text, unit, record, found)
    if content.stored is not None:
        content.stored.put("records", rel, stamp, [[], record, found])
    return record, found


def _glossary(content: Content) -> glossary.Glossary:
    """The shipped glossary, with content/glossary.yaml over it when there is one."""
    path = content.root / glossary.FILE
    if not path.is_file():
        return combine([])
    data, rel = _read_yaml_file(content, path)
    if data is _UNREADABLE:
        return combine([], rel)
    terms, found = read_terms(data, rel)
    content.problems.extend(found)
    return combine(terms, rel)


def _split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Split '---' front matter from a Markdown body; returns (front, body, body's first line)."""
    if not text.startswith("---\n"):
        return None, text, 1
    end = re.search(r"^(---|\.\.\.)[ \t]*$", text[4:], re.MULTILINE)
    if end is None:
        return None, text, 1
    front = text[4 : 4 + end.start()]
    rest = text[4 + end.end() :].removeprefix("\n")
    return front, rest, front.count("\n") + 3
