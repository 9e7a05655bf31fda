"""The search index: Pagefind run over the pages of the site being made.

The index is made in the folder that is about to be swapped in, so it goes into the site
with the atomic swap like every other file. Pagefind reads only the pages marked ``data-pagefind-body`` and their
``data-pagefind-filter`` values.

Pagefind 1.5 writes its filter files and the list of them in hash-map order, which changes
from run to run; :func:`_put_in_order` puts them in order (and names them by their new bytes),
so the same pages give the same bundle on every build.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import os
import shutil
import struct
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..model import NO_SERVICE, Site
from ..problems import OutputError
from .labels import STATUS_LABELS

FOLDER = "pagefind"
# Pagefind's own ready-made interfaces: the site has its own search page, so these stay out.
UNUSED = ("pagefind-ui.", "pagefind-component-ui.", "pagefind-modular-ui.", "pagefind-highlight.")


def pagefind_executable() -> Path:
    """Pagefind's binary as its Python package finds it (PAGEFIND_BINARY_PATH, then the
    ``pagefind[bin]`` or ``[extended]`` wheels, then the PATH)."""
    try:
        from pagefind.service import get_executable

        executable = get_executable()
    except ImportError:
        executable = None
    if executable is None:
        raise OutputError(
            "the search index needs Pagefind, which is not installed: pip install 'pagefind[bin]'"
        )
    return executable


#: The pages that carry ``data-pagefind-body``: one for each proposal, meeting and report.
BODY_KINDS = ("proposal", "meeting", "report", "monitoring")
#: The most pages in one index. Pagefind holds a whole index in memory while it builds it
#: (about a third of a megabyte a page), so a large site gets several indexes, built side by
#: side, which the search page merges in the browser (Pagefind's mergeIndex).
PART_SIZE = 800


def bundles(pages: int) -> list[str]:
    """The folders of the indexes for this many pages: pagefind/, then pagefind-2/, …"""
    count = max(1, -(-pages // PART_SIZE))
    return [FOLDER] + [f"{FOLDER}-{n}" for n in range(2, count + 1)]


def parts(pages: list[str]) -> dict[str, list[str]]:
    """The pages of each index folder, shared out evenly (Pagefind's time goes with the
    pages, so the parts indexed side by side finish together); the same pages always give
    the same parts, whatever the computer."""
    pages = sorted(pages)
    folders = bundles(len(pages))
    size, larger = divmod(len(pages), len(folders))
    starts = [i * size + min(i, larger) for i in range(len(folders) + 1)]
    return {folder: pages[starts[i] : starts[i + 1]] for i, folder in enumerate(folders)}


def index_folder(site: Path, pages: list[str], jobs: int = 1, only: set[str] | None = None) -> list[str]:
    """Index ``pages`` of the site being made in ``site`` into its index folders (or into
    those named in ``only``); returns the files written, relative to ``site``.

    Run on the folder that is about to be swapped in, so the index goes in with the atomic
    swap like every other file, and a build stopped half-way leaves nothing elsewhere.
    """
    site = Path(site)
    chosen = [
        (folder, part) for folder, part in parts(pages).items() if part and (only is None or folder in only)
    ]  # Pagefind refuses a site of no pages
    with ThreadPoolExecutor(max(1, min(jobs, len(chosen) or 1))) as pool:  # each part is its own process
        made = list(pool.map(lambda part: _index_part(site, *part), chosen))
    return [rel for files in made for rel in files]


def _index_part(site: Path, folder: str, pages: list[str]) -> list[str]:
    """One index, of ``pages`` only: Pagefind is given a folder of links to them."""
    executable = pagefind_executable()
    scratch = site / f".{folder}-pages"
    for parent in sorted({(scratch / rel).parent for rel in pages}):
        parent.mkdir(parents=True, exist_ok=True)
    for rel in pages:
        try:
            os.link(site / rel, scratch / rel)
        except OSError:  # no hard links here (FAT, some network shares): a copy does as well
            shutil.copyfile(site / rel, scratch / rel)
    bundle = site / folder
    shutil.rmtree(bundle, ignore_errors=True)  # the last index, where a site is updated in place
    try:
        run = subprocess.run(
            [str(executable), "--site", str(scratch), "--output-path", str(bundle), "--silent"],
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if run.returncode != 0:
        raise OutputError(f"Pagefind could not index the site: {(run.stderr or run.stdout).strip()}")
    for path in bundle.iterdir():
        if path.name.startswith(UNUSED):
            path.unlink()
    _put_in_order(bundle)
    return sorted(
        f"{folder}/{path.relative_to(bundle).as_posix()}" for path in bundle.rglob("*") if path.is_file()
    )


# -- Pagefind's filter files, in order ------------------------------------------------------
# Its binary files are gzip'd "pagefind_dcd" + CBOR. A language's meta file is
# [version, pages, index chunks, [[filter, file hash], …], sorts, meta fields]; a filter file
# is [filter, [[value, [page numbers]], …]]. The order of either list means nothing to the
# search, so sorting them changes no result.
SIGNATURE = b"pagefind_dcd"


def _put_in_order(bundle: Path) -> None:
    """Rewrite the files of the index in ``bundle`` whose bytes depend on hash-map order: the
    entry, each language's meta file and its filter files (the rest are left as written)."""
    entry = json.loads((bundle / "pagefind-entry.json").read_bytes())
    old_files, new_files = [], {}
    for language, about in sorted(entry["languages"].items()):
        old_files.append(f"pagefind.{about['hash']}.pf_meta")
        meta = _read((bundle / old_files[-1]).read_bytes())
        filters = []
        for name, old in meta[3]:
            old_files.append(f"filter/{old}.pf_filter")
            name, values = _read((bundle / old_files[-1]).read_bytes())
            data = _write([name, sorted(values, key=lambda pair: pair[0])])
            new = f"{language}_{hashlib.sha256(data).hexdigest()[:7]}"
            new_files[f"filter/{new}.pf_filter"] = data
            filters.append([name, new])
        meta[3] = sorted(filters)
        data = _write(meta)
        about["hash"] = f"{language}_{hashlib.sha256(data).hexdigest()[:13]}"
        new_files[f"pagefind.{about['hash']}.pf_meta"] = data
    entry["languages"] = dict(sorted(entry["languages"].items()))
    new_files["pagefind-entry.json"] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8"
    )
    for rel in old_files:  # all read before any is written: an old name may be a new one
        (bundle / rel).unlink()
    for rel, data in new_files.items():
        (bundle / rel).write_bytes(data)


def _read(data: bytes):
    raw = gzip.decompress(data)
    if not raw.startswith(SIGNATURE):
        raise OutputError("Pagefind wrote a search index this version of scrutinypack cannot read")
    return _cbor_decode(raw, len(SIGNATURE))[0]


def _write(value) -> bytes:
    return gzip.compress(SIGNATURE + _cbor_encode(value), compresslevel=9, mtime=0)


def _cbor_decode(data: bytes, i: int):
    """The part of CBOR that Pagefind writes: integers, strings and arrays."""
    head = data[i]
    major, info = head >> 5, head & 31
    i += 1
    if info < 24:
        arg = info
    elif info <= 27:
        size = 1 << (info - 24)
        arg = int.from_bytes(data[i : i + size], "big")
        i += size
    else:
        raise OutputError(f"unexpected data in Pagefind's index (CBOR head {head:#x})")
    if major == 0:
        return arg, i
    if major == 3:
        return data[i : i + arg].decode("utf-8"), i + arg
    if major == 4:
        items = []
        for _ in range(arg):
            item, i = _cbor_decode(data, i)
            items.append(item)
        return items, i
    raise OutputError(f"unexpected data in Pagefind's index (CBOR type {major})")


def _cbor_encode(value) -> bytes:
    if isinstance(value, int):
        return _cbor_head(0, value)
    if isinstance(value, str):
        text = value.encode("utf-8")
        return _cbor_head(3, len(text)) + text
    return _cbor_head(4, len(value)) + b"".join(_cbor_encode(item) for item in value)


def _cbor_head(major: int, arg: int) -> bytes:
    if arg < 24:
        return bytes([major << 5 | arg])
    for info, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if arg < 1 << (8 * struct.calcsize(fmt)):
            return bytes([major << 5 | info]) + struct.pack(fmt, arg)
    raise OutputError("a number in Pagefind's index is too large")


# -- what the pages tell Pagefind -----------------------------------------------------------
# Filter names, as the search page labels them. The values are written into the pages as
# data-pagefind-filter attributes and offered as the options of the search page, from the
# same functions, so an option always matches what the index holds.
FILTERS = {
    "type": "Type",
    "service": "Service",
    "status": "Status",
    "committee": "Committee",
    "year": "Financial year",
}


def financial_year(day: dt.date) -> str:
    """The financial year (April to March) a date falls in: 15 January 2018 → 2017/18."""
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def page_filters(site: Site, kind: str, record) -> list[tuple[str, str]]:
    """The (filter, value) pairs of one page: a proposal, meeting or report."""
    names = {c.slug: c.name for c in site.committees}
    if kind == "proposal":
        pairs = [
            ("type", "Proposal"),
            ("service", record.service or NO_SERVICE),
            ("status", STATUS_LABELS.get(record.status, "Status not stated")),
        ]
        pairs += [("committee", names[slug]) for slug in record.committees if slug in names]
        years = [y for y, a in record.saving_by_year().items() if a is not None and a.value]
        pairs += [("year", y) for y in years]
        return pairs
    if kind == "meeting":
        pairs = [("type", "Meeting"), ("committee", record.committee.name)]
        return pairs + ([("year", financial_year(record.date))] if record.date else [])
    pairs = [("type", "Report")]
    if record.committee in names:
        pairs.append(("committee", names[record.committee]))
    return pairs + ([("year", financial_year(record.date))] if record.date else [])


def filter_options(site: Site) -> dict[str, list[str]]:
    """Every value each filter takes somewhere in the site, in a reader's order."""
    pairs = [pair for p in site.proposals for pair in page_filters(site, "proposal", p)]
    pairs += [pair for m in site.meetings() for pair in page_filters(site, "meeting", m)]
    pairs += [pair for r in site.reports for pair in page_filters(site, "report", r)]
    order = {
        "type": lambda v: ("Proposal", "Meeting", "Report").index(v),
        "status": lambda v: list(STATUS_LABELS.values()).index(v) if v in STATUS_LABELS.values() else 99,
        "service": str.lower,
        "committee": str.lower,
        "year": str,
    }
    return {name: sorted({v for k, v in pairs if k == name}, key=order[name]) for name in FILTERS}
