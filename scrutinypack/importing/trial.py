"""The site as an import would leave it, read before anything is written.

An import writes nothing unless the content it leaves can still be built: a proposal naming a
committee the site lacks, or a ref another file already has, stops it as an unreadable figure
does. So the planned files are first written into a copy of the content folder (its files
linked, not copied, where the system allows, so a large ``assets/`` costs nothing), and the
copy is read before and after: an error the import would add stops it. The checks' findings
on the paper's own figures never do: they are published, not corrected.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..build.reading import read_site
from ..content.fence import Refused
from ..content.load import Remembered
from ..content.validate import SLUG
from ..problems import Problem
from .place import Planned, comment, dump, write_files

COMMITTEES = "committees"


@dataclass
class Trial:
    errors: list[Problem]  # what the import would add that stops a build: any one stops it
    findings: list[Problem]  # everything found in the files it plans, for the user to read
    missing: dict[str, str] = field(default_factory=dict)  # a committee's slug: the file naming it


def try_import(files: list[Planned], content_dir: Path, force: bool) -> Trial:
    """Write ``files`` into a copy of ``content_dir`` as the import would, and say what the
    site would then hold that it does not now (the copy is removed)."""
    with tempfile.TemporaryDirectory(prefix="scrutinypack-import-") as folder:
        copy = Path(folder) / "content"
        shutil.copytree(content_dir, copy, symlinks=True, ignore=_unread, copy_function=_link_or_copy)
        remembered = Remembered()  # the second reading parses only the files the import wrote
        before = read_site(copy, remembered).blocking
        try:
            outcomes = write_files(files, copy, force)
        except OSError as error:  # a link in the way, as in the content folder: named there
            raise Refused(_here(str(error), copy, content_dir)) from None
        after = read_site(copy, remembered)
        planned = {o.planned.path for o in outcomes}
        findings = sorted(p for p in after.problems + after.site.findings if p.file in planned)
        missing = _missing_committees(after.content, planned, copy)
        errors = _added(before, after.blocking)
    return Trial(*(_named_here(found, copy, content_dir) for found in (errors, findings)), missing)


def _named_here(problems: list[Problem], copy: Path, content_dir: Path) -> list[Problem]:
    """A message that names a file of the copy names it in the content folder (the site's
    reader names files under the real path: on macOS /tmp is /private/tmp)."""
    return [replace(p, message=_here(p.message, copy, content_dir)) for p in problems]


def _here(text: str, copy: Path, content_dir: Path) -> str:
    return text.replace(str(copy.resolve()), str(content_dir)).replace(str(copy), str(content_dir))


def _added(before: list[Problem], after: list[Problem]) -> list[Problem]:
    """The errors that are more of a kind (file, line, code) than the site has now: comparing
    whole messages would count a hint that changed ('did you mean CYP01?', once CYP01 is
    there) as a new error."""
    had = Counter(_kind(p) for p in before)
    now = Counter(_kind(p) for p in after)
    grown = {kind for kind, n in now.items() if n > had[kind]}
    known = set(before)
    added = [p for p in after if _kind(p) in grown and p not in known]
    return added or [p for p in after if _kind(p) in grown]


def _kind(problem: Problem) -> tuple[str, int, str]:
    return problem.file, problem.line, problem.code


def _missing_committees(content, planned: set[str], root: Path) -> dict[str, str]:
    """Each committee a planned file names that the site has no file for, with the first
    file that names it (a slug that cannot be a file name is left to its own error)."""
    named = [(slug, p.file) for p in content.proposals if p.file in planned for slug in p.committees]
    named += [(r.committee, r.file) for r in content.reports + content.monitoring if r.file in planned]
    known = {c.slug for c in content.committees}
    missing: dict[str, str] = {}
    for slug, file in named:
        if slug and slug not in known and SLUG.match(slug) and not _has_file(root, slug):
            missing.setdefault(slug, file)
    return missing


def _has_file(root: Path, slug: str) -> bool:
    return any((root / COMMITTEES / f"{slug}{suffix}").exists() for suffix in (".yaml", ".yml"))


def stub_committee(slug: str, named_by: str) -> Planned:
    """A committee file for the clerk to complete: its name guessed from its slug."""
    text = (
        f"# A stub written by 'scrutinypack import --add-committees': {comment(named_by)} names it.\n"
        "# TO COMPLETE: the committee's name as the council prints it (guessed below from the\n"
        "# file's name), and its meetings (docs/content-format.md, committees/<slug>.yaml).\n"
        + dump({"name": committee_name(slug)})
    )
    return Planned(f"{COMMITTEES}/{slug}.yaml", text, named_by)


def committee_name(slug: str) -> str:
    return " ".join(word.capitalize() for word in slug.split("-"))


def _unread(folder: str, names: list[str]) -> set[str]:
    """What the copy leaves out: hidden names (``.git``: the site reads none) and anything
    that is not a file, a folder or a link (a pipe or a device, which copying would block on;
    the site reads none of them either)."""
    left = set()
    for name in names:
        try:
            mode = os.lstat(os.path.join(folder, name)).st_mode
        except OSError:
            mode = 0
        if name.startswith(".") or not (stat.S_ISREG(mode) or stat.S_ISDIR(mode) or stat.S_ISLNK(mode)):
            left.add(name)
    return left


def _link_or_copy(source: str, target: str) -> None:
    """A hard link where the system allows one (the copy is only read, and the files the
    import writes replace their targets by renaming, never in place), else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
