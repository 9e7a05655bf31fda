"""docs/guide.md, "From your Word papers to your site online", run as it is written: every
command of its shell blocks, in order, in an empty folder, with the installed command.

Left out, because they need what this machine does not give a test: the install lines (pipx,
brew, apt-get with sudo: the network and root), the container (docker), the PowerShell block
(Windows), 'git push' (a git host) and 'scrutinypack serve' (it runs until stopped;
tests/clerk/test_preview_folder.py runs it). The guide's paper, savings.xlsx, is the example
spreadsheet of examples/import/, put in the folder where the guide says to save it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ..support.content import ROOT

GUIDE = ROOT / "docs/guide.md"
BLOCK = re.compile(r"^```(\w+)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
SKIPPED = re.compile(r"^(pipx|brew|sudo|docker|git push|scrutinypack serve)\b")


def guide_lines() -> tuple[list[str], list[str]]:
    """The lines to run, in order, and those left out."""
    run, left = [], []
    for language, body in BLOCK.findall(GUIDE.read_text(encoding="utf-8")):
        for line in body.splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            (left if language == "powershell" or SKIPPED.match(line) else run).append(line)
    return run, left


def test_the_guide_leaves_out_only_installing_the_container_windows_pushing_and_the_preview():
    run, left = guide_lines()
    assert {line.split()[0] for line in left} <= {
        "py",
        "$env:WEASYPRINT_DLL_DIRECTORIES",
        "pipx",
        "brew",
        "sudo",
        "docker",
        "git",
        "scrutinypack",
        '[Environment]::SetEnvironmentVariable("WEASYPRINT_DLL_DIRECTORIES",',
    }
    assert [line for line in left if line.startswith(("git", "scrutinypack"))] == [
        "scrutinypack --version",
        "scrutinypack serve",
        "git push -u origin main",
    ]  # the first on Windows
    for step in (
        "scrutinypack new site",
        "scrutinypack maps copy",
        "scrutinypack import",
        "scrutinypack check --publishing",
        "scrutinypack build",
        "git commit",
    ):
        assert any(line.startswith(step) for line in run), step


@pytest.mark.slow
def test_the_guide_runs_as_written_from_an_empty_folder_to_a_site_ready_to_push(tmp_path):
    run, _ = guide_lines()
    paper = f'cp "{ROOT / "examples/import/lancashire-savings.xlsx"}" savings.xlsx'
    script = "\n".join(f"{paper}\n{line}" if line.startswith("scrutinypack import") else line for line in run)
    identity = {
        f"GIT_{who}_{what}": value
        for who in ("AUTHOR", "COMMITTER")
        for what, value in (("NAME", "A Clerk"), ("EMAIL", "clerk@example.org"))
    }
    env = {**os.environ, **identity, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(
        ["bash", "-e", "-x", "-c", script],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    council = tmp_path / "my-council"
    assert "Example County Council" in (council / "site/index.html").read_text(encoding="utf-8")
    assert len(list((council / "content/proposals").glob("*.yaml"))) == 15  # 13 imported, 2 examples
    assert any((council / "site/proposals").glob("*/*.pdf"))
    committed = subprocess.run(
        ["git", "ls-files"], cwd=council, capture_output=True, text=True
    ).stdout.split()
    assert "content/site.yaml" in committed and ".github/workflows/publish.yml" in committed
    assert not any(name.startswith(("site/", ".site-cache/")) for name in committed)
