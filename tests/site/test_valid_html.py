"""Every page template gives valid HTML, as the Nu HTML Checker (vnu) reads it: no errors and
no warnings. scripts/test.sh installs the checker from npm; it needs Java."""

import json
import shutil
import subprocess

import pytest

from scrutinypack.build.builder import build

from ..support.browsers import VNU
from ..support.content import ROOT


@pytest.mark.slow
@pytest.mark.skipif(
    not VNU.is_file(),
    reason="the Nu HTML Checker is not installed: "
    "run sh scripts/test.sh (npm install vnu-jar into .cache/npm)",
)
@pytest.mark.skipif(shutil.which("java") is None, reason="the Nu HTML Checker needs Java")
def test_every_page_is_valid_html(browse_site, tmp_path):
    """The small site of every page, and the operational-savings paper: figures the site
    works out marked as such, brackets, dashes, N/A and numbered agenda items."""
    operational = tmp_path / "operational" / "site"
    build(ROOT / "tests" / "fixtures" / "operational", operational)
    canary = tmp_path / "canary.html"  # proves the checker runs and reports
    canary.write_text('<!doctype html><html lang="en"><title>x</title><p><span><div></div></p>')
    run = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU),
            "--skip-non-html",
            "--format",
            "json",
            str(browse_site),
            str(operational),
            str(canary),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(run.stderr)["messages"]
    assert any(m["url"].endswith("/canary.html") and m["type"] == "error" for m in messages)
    problems = [
        f"{m['url'].split('/site/', 1)[-1]}:{m.get('lastLine')}: {m['type']}"
        f"{'/' + m['subType'] if 'subType' in m else ''}: {m['message']}"
        for m in messages
        if not m["url"].endswith("/canary.html")
    ]
    assert problems == []
