"""Rebuilds: only what an edit touches is made again, and the site comes out exactly as a
build from nothing would make it."""

from __future__ import annotations

import shutil

import pytest

from scrutinypack.build.builder import Builder, build

from ..support.content import BROWSE, edit
from ..support.sitecheck import digest


@pytest.fixture
def content(tmp_path):
    """A copy of the browse fixture, to edit as a clerk would."""
    root = tmp_path / "content"
    shutil.copytree(BROWSE, root)
    return root


# (file, text as it is, text after the edit): edits of the kinds a clerk makes in a day
EDITS = {
    "a proposal's figure": (
        "proposals/ex002.yaml",
        "2021/22: -0.080\ntotal: -0.500",
        "2021/22: -0.090\ntotal: -0.500",
    ),
    "a proposal's service": ("proposals/ex002.yaml", "service: Libraries", "service: Highways"),
    "a proposal's committees": (
        "proposals/ex002.yaml",
        "committees: [budget-scrutiny]",
        "committees: [cabinet]",
    ),
    "a proposal's ref": ("proposals/ex002.yaml", "ref: EX002", "ref: EX002A"),
    "a meeting's agenda": (
        "committees/budget-scrutiny.yaml",
        "proposals: {service: Highways}",
        "proposals: {service: Libraries}",
    ),
    "a report's table": ("reports/mtfs-2018.md", "| 2020/21 | 8.1 |", "| 2020/21 | 8.2 |"),
    "a meeting's time": ("committees/budget-scrutiny.yaml", 'time: "10:00"', 'time: "14:30"'),
    "a recommendation's response": (
        "recommendations/budget-scrutiny-2018-01-15.yaml",
        "decision: rejected",
        "decision: noted",
    ),
}


def test_a_build_after_no_change_makes_nothing(content, tmp_path):
    out = tmp_path / "site"
    first = build(content, out)
    before = digest(out)
    again = build(content, out)
    assert first.rendered > 30 and again.rendered == 0 and again.written == 0
    assert again.summary == first.summary  # the counts come from the last build's state
    assert digest(out) == before


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(EDITS))
@pytest.mark.parametrize("how", ["new process", "live preview"])
def test_a_rebuild_after_an_edit_is_the_site_a_fresh_build_makes(name, how, content, tmp_path):
    """A build in a new process swaps in a whole new folder; the live preview's Builder
    updates the folder in place. Either way the site is what a build from nothing makes."""
    out = tmp_path / "site"
    builder = Builder(content, out)
    rebuild = builder.build if how == "live preview" else lambda: build(content, out)
    full = builder.build()
    edit(content, *EDITS[name])
    again = rebuild()
    assert 0 < again.rendered < full.rendered
    fresh = tmp_path / "fresh"
    build(content, fresh)
    assert digest(out) == digest(fresh)


def test_an_edit_makes_again_only_the_pages_that_show_that_record(content, tmp_path):
    out = tmp_path / "site"
    builder = Builder(content, out)
    builder.build()
    stamp = {p: p.stat().st_ino for p in out.rglob("*.html")}
    edit(content, "proposals/ex020.yaml", "title: ", "title: Revised, ")
    builder.build()
    remade = {p.relative_to(out).as_posix() for p in out.rglob("*.html") if stamp.get(p) != p.stat().st_ino}
    assert "proposals/ex020/index.html" in remade
    assert "proposals/ex001/index.html" not in remade  # another proposal, not on its pages
    assert "reports/mtfs-2018/index.html" not in remade


def test_a_changed_template_makes_everything_again(content, tmp_path, monkeypatch):
    out = tmp_path / "site"
    first = build(content, out)
    monkeypatch.setattr("scrutinypack.build.state.environment", lambda options: "another environment")
    assert build(content, out).rendered == first.rendered


def test_a_page_removed_by_hand_is_made_again(content, tmp_path):
    out = tmp_path / "site"
    build(content, out)
    before = digest(out)
    (out / "proposals/ex001/index.html").unlink()
    again = build(content, out)
    assert again.rendered >= 1 and digest(out) == before


def test_a_file_added_or_removed_makes_everything_again(content, tmp_path):
    out = tmp_path / "site"
    first = build(content, out)
    shutil.copy(content / "proposals/ex001.yaml", content / "proposals/ex099.yaml")
    edit(content, "proposals/ex099.yaml", "ref: EX001", "ref: EX099")
    assert build(content, out).rendered == first.rendered + 2  # its page and its row of data
    (content / "proposals/ex099.yaml").unlink()
    assert build(content, out).rendered == first.rendered
    assert not (out / "proposals/ex099").exists()


def test_the_preview_shows_an_edit_first_and_the_site_wide_pages_when_it_pauses(content, tmp_path):
    out = tmp_path / "site"
    builder = Builder(content, out)
    builder.build()
    edit(content, "proposals/ex020.yaml", "title: ", "title: Revised, ")
    quick = builder.build(complete=False)
    assert "Revised, " in (out / "proposals/ex020/index.html").read_text(encoding="utf-8")
    assert "Revised, " not in (out / "proposals/index.html").read_text(encoding="utf-8")  # later
    assert builder.state.lagging and quick.rendered < 10
    builder.build()
    assert not builder.state.lagging
    fresh = tmp_path / "fresh"
    build(content, fresh)
    assert digest(out) == digest(fresh)


def index_files(out):
    """The search index's files by their inode: a file carried over keeps it."""
    return {p.relative_to(out).as_posix(): p.stat().st_ino for p in out.glob("pagefind*/**/*") if p.is_file()}


def test_a_search_index_in_parts_is_made_again_only_where_a_page_changed(content, tmp_path, monkeypatch):
    monkeypatch.setattr("scrutinypack.render.search.PART_SIZE", 4)  # 13 pages: four parts
    out = tmp_path / "site"
    build(content, out)
    before = index_files(out)
    edit(content, "reports/mtfs-2018.md", "| 2020/21 | 8.1 |", "| 2020/21 | 8.2 |")
    build(content, out)
    after = index_files(out)
    remade = {rel.split("/")[0] for rel in after if before.get(rel) != after[rel]}
    assert remade and len(remade) < 4  # the parts holding the report's and its meeting's pages
    fresh = tmp_path / "fresh"
    build(content, fresh)
    assert digest(out) == digest(fresh)


@pytest.mark.parametrize(
    "before, after",
    [
        ("unit: m", "unit: m\nprofile_basis: cumulative"),  # what every profile's years mean
        ("years: [2019/20, 2020/21, 2021/22]", "years: [2019/20, 2020/21, 2021/22, 2022/23]"),
    ],
)
def test_the_preview_after_a_site_yaml_edit_is_the_site_a_fresh_build_makes(before, after, content, tmp_path):
    """The preview keeps the records it read, their findings and the summary tables; a change
    to site.yaml changes what they mean, so none of them may be reused as it was."""
    out = tmp_path / "site"
    builder = Builder(content, out)
    first = builder.build()
    edit(content, "site.yaml", before, after)
    again = builder.build()
    fresh = tmp_path / "fresh"
    made = build(content, fresh)
    assert digest(out) == digest(fresh)
    assert again.summary == made.summary
    if "cumulative" in after:
        assert made.summary != first.summary  # the profile totals are read another way
