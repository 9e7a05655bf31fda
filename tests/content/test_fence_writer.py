"""The fence's writer of many new files (a build's pages): each folder looked at once, and
still nothing written through a link or outside its folder (issue 29)."""

import os

import pytest

from scrutinypack.content import fence


def test_files_go_into_the_folders_they_name(tmp_path):
    writer = fence.Writer(tmp_path / "site")
    writer.create("proposals/sc001/index.html", b"one")
    writer.create("proposals/sc002/index.html", b"two")
    writer.create("index.html", b"home")
    assert (tmp_path / "site/proposals/sc002/index.html").read_bytes() == b"two"
    assert (tmp_path / "site/index.html").read_bytes() == b"home"


def test_a_path_that_leads_out_is_refused_and_nothing_is_written(tmp_path):
    writer = fence.Writer(tmp_path / "site")
    with pytest.raises(fence.Refused, match="not inside"):
        writer.create("../outside.html", b"x")
    assert not (tmp_path / "outside.html").exists()


def test_a_folder_that_is_a_link_is_refused(tmp_path):
    outside = tmp_path / "home"
    outside.mkdir()
    site = tmp_path / "site"
    site.mkdir()
    os.symlink(outside, site / "proposals")
    with pytest.raises(fence.Refused, match="link"):
        fence.Writer(site).create("proposals/index.html", b"x")
    assert list(outside.iterdir()) == []


def test_a_file_already_there_or_a_link_is_never_replaced(tmp_path):
    site = tmp_path / "site"
    writer = fence.Writer(site)
    writer.create("a/index.html", b"first")
    with pytest.raises(FileExistsError):
        writer.create("a/index.html", b"second")
    target = tmp_path / "secret"
    target.write_bytes(b"kept")
    os.symlink(target, site / "a" / "feed.xml")
    with pytest.raises(OSError):
        writer.create("a/feed.xml", b"over")
    assert target.read_bytes() == b"kept" and (site / "a/index.html").read_bytes() == b"first"
