"""A build in a new process that finds the build's cache (a CI run after an edit): it reads
and checks only the files that changed, rewrites only the files that show the change, and
makes the site a build from nothing makes. A damaged or foreign cache is not used, and the
build says so."""

from __future__ import annotations

import json
import shutil

import pytest

from scrutinypack.build.builder import build
from scrutinypack.build.readcache import load as load_stored
from scrutinypack.build.readcache import part_path
from scrutinypack.build.readcache import save as save_stored
from scrutinypack.build.state import environment
from scrutinypack.cachefiles import cache_root
from scrutinypack.content import load
from scrutinypack.content.stored import part_of
from scrutinypack.model import Proposal

from ..support.content import BROWSE, edit
from ..support.sitecheck import digest


@pytest.fixture
def content(tmp_path):
    """A copy of the browse fixture, to edit as a clerk would."""
    root = tmp_path / "content"
    shutil.copytree(BROWSE, root)
    return root


def inodes(out) -> dict[str, int]:
    """Each file of a site by its inode: a file carried over from the last build keeps it."""
    return {p.relative_to(out).as_posix(): p.stat().st_ino for p in out.rglob("*") if p.is_file()}


def rewritten(before: dict, after: dict) -> set[str]:
    return {rel for rel, inode in after.items() if before.get(rel) != inode} - {".scrutinypack"}


def same_as_a_fresh_build(content, out, tmp_path) -> bool:
    fresh = tmp_path / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.rmtree(cache_root(fresh), ignore_errors=True)
    build(content, fresh)
    return digest(out) == digest(fresh)


class Counted:
    """Counts the proposals validated (read from their YAML, not from the cache)."""

    def __init__(self, monkeypatch):
        self.files = []
        real = load.validate.proposal_record

        def counted(data, rel, *args):
            self.files.append(rel)
            return real(data, rel, *args)

        monkeypatch.setattr(load.validate, "proposal_record", counted)


def test_a_retitled_proposal_is_read_alone_and_rewrites_only_the_files_that_show_it(
    content, tmp_path, monkeypatch
):
    out = tmp_path / "site"
    build(content, out)
    before = inodes(out)
    edit(content, "proposals/ex020.yaml", "title: ", "title: Revised, ")
    read = Counted(monkeypatch)
    report = build(content, out)
    assert read.files == ["proposals/ex020.yaml"]
    after = inodes(out)
    changed = rewritten(before, after)
    index = {rel for rel in changed if rel.startswith("pagefind")}
    shows = {
        rel for rel in after if not rel.startswith("pagefind") and b"Revised, " in (out / rel).read_bytes()
    }
    assert changed - index == shows  # the pages, data and feeds that show the title; no other
    assert {"proposals/ex020/index.html", "data/proposals.csv", "feed.xml"} <= shows
    assert 0 < len(index) < 10  # its fragment and the index's changed chunks, not the whole index
    assert report.written == len(changed)  # as the build reports it
    assert len(changed) < 40 and not report.notes
    assert same_as_a_fresh_build(content, out, tmp_path)


def test_a_deleted_proposal_leaves_the_site_a_fresh_build_makes(content, tmp_path, monkeypatch):
    out = tmp_path / "site"
    build(content, out)
    (content / "proposals/ex020.yaml").unlink()
    read = Counted(monkeypatch)
    build(content, out)
    assert read.files == []  # every other proposal from the cache
    assert not (out / "proposals/ex020").exists()
    assert same_as_a_fresh_build(content, out, tmp_path)


def test_an_added_proposal_is_read_alone_and_the_site_is_what_a_fresh_build_makes(
    content, tmp_path, monkeypatch
):
    out = tmp_path / "site"
    build(content, out)
    shutil.copy(content / "proposals/ex001.yaml", content / "proposals/ex099.yaml")
    edit(content, "proposals/ex099.yaml", "ref: EX001", "ref: EX099")
    read = Counted(monkeypatch)
    build(content, out)
    assert read.files == ["proposals/ex099.yaml"]
    assert (out / "proposals/ex099/index.html").is_file()
    assert same_as_a_fresh_build(content, out, tmp_path)


def test_a_changed_site_yaml_makes_everything_again(content, tmp_path, monkeypatch):
    out = tmp_path / "site"
    first = build(content, out)
    edit(content, "site.yaml", "unit: m", "unit: k")  # every figure means another amount
    read = Counted(monkeypatch)
    again = build(content, out)
    assert again.rendered == first.rendered and len(read.files) == first.summary["proposals"]
    assert same_as_a_fresh_build(content, out, tmp_path)


def test_a_changed_template_or_version_makes_and_reads_everything_again(content, tmp_path, monkeypatch):
    out = tmp_path / "site"
    first = build(content, out)
    monkeypatch.setattr("scrutinypack.build.state.environment", lambda options: "another environment")
    read = Counted(monkeypatch)
    again = build(content, out)
    assert again.rendered == first.rendered and len(read.files) == first.summary["proposals"]
    assert "another version" in " ".join(again.notes)


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # cut short
        lambda data: data.replace(b"EX001", b"EX666"),  # changed, its hash no longer matches
        lambda data: b"\x00\xff" * 10,  # not text at all
        lambda data: b"",
    ],
    ids=["cut short", "changed", "binary", "empty"],
)
def test_a_damaged_cache_is_not_used_and_the_build_says_so(damage, content, tmp_path, monkeypatch):
    out = tmp_path / "site"
    build(content, out)
    stored = part_path(cache_root(out), part_of("records", "proposals/ex001.yaml"))
    stored.write_bytes(damage(stored.read_bytes()))
    edit(content, "proposals/ex020.yaml", "title: ", "title: Revised, ")
    read = Counted(monkeypatch)
    again = build(content, out)
    assert "proposals/ex001.yaml" in read.files  # those of the part read afresh
    assert any("stored-*.json was not used" in note for note in again.notes)
    assert same_as_a_fresh_build(content, out, tmp_path)
    assert not build(content, out).notes  # written again whole


def test_a_damaged_state_falls_back_to_a_full_build_and_says_so(content, tmp_path):
    out = tmp_path / "site"
    first = build(content, out)
    state = cache_root(out) / "state.json"
    data = json.loads(state.read_text(encoding="utf-8"))
    data["outputs"] = {"index.html": {"size": "large"}}  # valid JSON, not a state
    state.write_text(json.dumps(data), encoding="utf-8")
    again = build(content, out)
    assert again.rendered == first.rendered
    assert any("state.json was not used" in note for note in again.notes)
    state.write_bytes(b"{not json")
    assert build(content, out).rendered == first.rendered
    assert same_as_a_fresh_build(content, out, tmp_path)


def test_a_cache_entry_of_the_wrong_shape_is_read_afresh_not_trusted(content, tmp_path, monkeypatch):
    """A cache whose hash is right but whose record is not one (made by hand, or by a bug) is
    never put on a page: the file is read again instead."""
    out = tmp_path / "site"
    build(content, out)
    stored, why = load_stored(cache_root(out), environment("pdf=none"))
    assert not why
    stamp, text = stored.old["records"]["proposals/ex020.yaml"]
    record = json.loads(text)
    fields = [f for f in Proposal.__dataclass_fields__]
    record[1]["c"][1][fields.index("title")] = 20  # a number where the title's text should be
    stored.new = {
        **stored.old,
        "records": {**stored.old["records"], "proposals/ex020.yaml": [stamp, json.dumps(record)]},
    }
    save_stored(stored, cache_root(out))
    edit(content, "proposals/ex001.yaml", "title: ", "title: Revised, ")
    read = Counted(monkeypatch)
    build(content, out)
    assert sorted(read.files) == ["proposals/ex001.yaml", "proposals/ex020.yaml"]
    assert same_as_a_fresh_build(content, out, tmp_path)


def test_two_agenda_items_on_one_line_keep_their_own_summary_tables(content, tmp_path):
    """Items written on one line are told apart in the cache: each keeps its own table."""
    edit(
        content,
        "committees/budget-scrutiny.yaml",
        "    agenda:\n      - title: Highways savings\n        proposals: {service: Highways}\n"
        "        summary: {group_by: none}",
        "    agenda: [{title: By service, proposals: {service: Highways}, summary: {group_by: service}},"
        " {title: In all, proposals: {service: Highways}, summary: {group_by: none, columns: [total]}}]",
    )
    out = tmp_path / "site"
    build(content, out)
    edit(content, "site.yaml", "title: ", "title: The ")  # every page made again, the tables kept
    build(content, out)
    assert same_as_a_fresh_build(content, out, tmp_path)
