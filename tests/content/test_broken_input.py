"""Broken content: every bad file gets a message naming the file, the line and what to do; the
build stops with exit code 2 and no traceback, and the last good site stays byte for byte as it was.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from scrutinypack.build.builder import build
from scrutinypack.build.reading import read_site
from scrutinypack.content import yamldoc

from ..support.brokencases import BAD, p, write_files
from ..support.content import PROPOSAL, ROOT, SITE
from ..support.sitecheck import digest

# Run through the real command line too: one of each kind of failure.
BY_CLI = [
    "unclosed bracket",
    "tab indentation",
    "duplicate key",
    "billion laughs",
    "alias inside itself",
    "every field missing",
    "a proposal that is a list",
    "a picture named .yaml",
    "latin-1 £ sign",
    "50 MB",
    "committees a mapping",
    "empty file",
]


@pytest.mark.slow
@pytest.mark.parametrize("name", BAD)
def test_bad_content_is_named_with_file_and_line(content, name):
    bad = BAD[name]
    root = content({})
    write_files(root, bad.files)
    messages = [problem.as_text() for problem in read_site(root).blocking]
    assert any(message.startswith(bad.problem) for message in messages), messages


@pytest.mark.slow
@pytest.mark.parametrize("name", BY_CLI)
def test_the_build_stops_cleanly_and_the_last_good_site_stays(content, tmp_path, name):
    bad = BAD[name]
    root, out = content({}), tmp_path / "site"
    build(root, out)
    before = digest(out)
    write_files(root, bad.files)
    run = subprocess.run(
        [sys.executable, "build.py", "build", "--content", str(root), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    assert bad.problem in run.stderr
    assert f"The previous {out}/ is untouched." in run.stderr
    assert digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".site-cache",
        "content",
        "site",
    ]  # nothing left aside but the cache


def test_check_reports_unreadable_content_with_exit_code_2(content):
    root = content({"proposals/sc001.yaml": PROPOSAL + "notes: &loop [*loop]\n"})
    run = subprocess.run(
        [sys.executable, "build.py", "check", "--content", str(root)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 2 and "Traceback" not in run.stderr + run.stdout
    assert "proposals/sc001.yaml:12: error: an alias (*name)" in run.stdout


@pytest.mark.parametrize("loader", ["CSafeLoader", "SafeLoader"])
def test_both_yaml_parsers_give_the_same_clear_messages(monkeypatch, loader):
    """PyYAML built with or without LibYAML: deep nesting and control characters stay problems.

    (Python's own parser runs out of stack on deep nesting before it can say where: the message
    then names the document's first line.)"""
    if not hasattr(__import__("yaml"), loader):
        pytest.skip(f"PyYAML has no {loader} here")
    monkeypatch.setattr(yamldoc, "LOADER", getattr(__import__("yaml"), loader))
    deep_line = 2 if loader == "CSafeLoader" else 1
    for text, line, start in (
        ("a: 1\nb: é\nc: x\x00y\n", 3, "the character U+0000"),
        ("a:\n  b: " + "[" * 3000 + "]" * 3000, deep_line, ""),
        ("a: &x {b: *x}\n", 1, "an alias (*name)"),
    ):
        value, problems = yamldoc.read_yaml(text, "f.yaml")
        assert [(p.file, p.line) for p in problems] == [("f.yaml", line)]
        assert problems[0].message.startswith(start)
        assert "nested more than 50 deep" in problems[0].message or start


# -- content that looks odd but is fine ----------------------------------------------------


def test_a_byte_order_mark_crlf_line_ends_and_tabs_inside_values_build(content, tmp_path):
    odd = ("\ufeff" + p("title: Reduce waste", 'title: "Reduce\twaste"')).replace("\n", "\r\n")
    root = content({})
    write_files(
        root,
        {
            "proposals/sc001.yaml": odd.encode("utf-8"),
            "site.yaml": ("\ufeff" + SITE).replace("\n", "\r").encode("utf-8"),
        },
    )
    result = read_site(root)
    assert result.problems == []
    assert result.site.proposals[0].ref == "SC001"
    assert result.site.proposals[0].title == "Reduce\twaste"
    assert result.site.config.council == "Test Council"
    build(root, tmp_path / "site")
    assert "\ufeff" not in (tmp_path / "site/proposals/sc001/index.html").read_text(encoding="utf-8")


def test_line_numbers_stay_right_with_crlf_line_ends(content):
    root = content({})
    write_files(root, {"proposals/sc001.yaml": (PROPOSAL + "totl: 1\n").replace("\n", "\r\n")})
    assert [p.where() for p in read_site(root).blocking] == ["proposals/sc001.yaml:12"]


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="the superuser may read any file, so none is unreadable",
)
def test_a_file_the_build_may_not_read_is_named(content):
    root = content({})
    (root / "proposals/sc001.yaml").chmod(0)
    try:
        problems = read_site(root).blocking
    finally:
        (root / "proposals/sc001.yaml").chmod(0o644)
    assert problems[0].as_text().startswith("proposals/sc001.yaml: error: this file cannot be read")
