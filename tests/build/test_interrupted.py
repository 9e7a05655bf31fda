"""Interrupted builds: a build killed at any moment leaves the old site or the new one, whole.

Real build processes are killed (SIGKILL, the whole process group, as a power cut or the
out-of-memory killer would) after seeded random delays spread over a build's duration, and
again at random moments after the new folder appears beside the old one, where the writing
and the swap happen. After each kill the output folder must be byte for byte one of the two
known-good builds; the next build that runs to the end must clear whatever the killed one left.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scrutinypack.build.staging import MARKER, Stage, recover

from ..support.content import BROWSE, ROOT
from ..support.sitecheck import digest

SEED = 20180115


def new_content(tmp_path: Path) -> Path:
    """The browse site after an edit: a title changed, a proposal gone, another added."""
    root = tmp_path / "new-content"
    shutil.copytree(BROWSE, root)
    path = root / "proposals/ex001.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Reduce non-recyclable waste", "Cut non-recyclable waste"),
        encoding="utf-8",
    )
    (root / "proposals/ex020.yaml").unlink()
    (root / "proposals/ex030.yaml").write_text(
        "ref: EX030\ntitle: Share a finance team with the district councils\nservice: Finance\n"
        "committees: [cabinet]\nsavings: {2019/20: 0.100, 2020/21: 0.050}\ntotal: 0.150\n",
        encoding="utf-8",
    )
    return root


def start(content: Path, out: Path, env: dict, *options: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "build.py", "build", *options, "--content", str(content), "--out", str(out)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def complete(content: Path, out: Path, env: dict, *options: str) -> dict[str, str]:
    """A build run to its end, as the command line runs it; the site's files and their hashes."""
    process = start(content, out, env, *options)
    assert process.wait(timeout=300) == 0, process.stderr.read().decode()
    process.stderr.close()
    return digest(out)


def kill(process: subprocess.Popen) -> bool:
    """SIGKILL the build and everything it started; True when it had not finished by then."""
    running = process.poll() is None
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()
    process.stderr.close()
    return running and process.returncode == -signal.SIGKILL


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


@pytest.fixture
def sites(tmp_path):
    """Known-good builds of the old and the new content, and an environment for the builds."""
    old, new = BROWSE, new_content(tmp_path)
    env = dict(os.environ, TMPDIR=str(tmp_path / "tmp"))  # Pagefind's scratch space, kept apart
    (tmp_path / "tmp").mkdir()
    good = {
        name: complete(content, tmp_path / "good" / name, env, "--no-pdf")
        for name, content in (("old", old), ("new", new))
    }
    assert good["old"] != good["new"]
    return {"old": old, "new": new}, good, env


@pytest.mark.slow
def test_a_killed_build_leaves_the_old_site_or_the_new_one(sites, tmp_path):
    content, good, env = sites
    out = tmp_path / "work" / "site"
    complete(content["old"], out, env, "--no-pdf")
    started = time.monotonic()
    complete(content["new"], out, env, "--no-pdf")
    duration = time.monotonic() - started  # spreads the kill points; nothing is asserted on it
    state = "new"
    rng = random.Random(SEED)
    tried = killed = 0
    for round_ in range(24):
        target = "old" if state == "new" else "new"
        if round_ % 6 == 5:  # a build that runs to the end clears what the killed ones left
            assert complete(content[target], out, env, "--no-pdf") == good[target]
            assert leftovers(out) == []
            state = target
            continue
        earlier = set(leftovers(out))  # what killed builds left, which this one clears
        process = start(content[target], out, env, "--no-pdf")
        if round_ % 2:  # a random moment of the whole build
            time.sleep(rng.uniform(0, duration * 1.1))
        else:  # a random moment after its new folder appears: writing and swapping
            while process.poll() is None and not set(leftovers(out)) - earlier:
                time.sleep(0.001)
            time.sleep(rng.uniform(0, 0.02))  # writing the browse site takes a few ms
        tried += 1
        killed += kill(process)
        now = digest(out)
        assert now in (good[state], good[target]), f"kill point {tried}: a mix of old and new"
        state = target if now == good[target] else state
    assert tried == 20 and killed >= 1
    assert complete(content["new"], out, env, "--no-pdf") == good["new"] and leftovers(out) == []


@pytest.mark.pdf
def test_a_build_killed_while_making_pdfs_leaves_a_whole_site_and_a_sound_cache(content, tmp_path):
    """The PDF cache outlives every build: a kill while it is written must not poison it."""
    root, env = content({}), dict(os.environ, TMPDIR=str(tmp_path))
    expected = complete(root, tmp_path / "good" / "site", env)
    assert any(name.endswith(".pdf") for name in expected)
    out = tmp_path / "work" / "site"
    before = complete(root, out, env, "--no-pdf")  # the old site has no PDFs
    rng = random.Random(SEED)
    for _ in range(3):
        process = start(root, out, env)
        time.sleep(rng.uniform(0.3, 2.0))
        kill(process)
        assert digest(out) in (before, expected)
    assert complete(root, out, env) == expected and leftovers(out) == []


# -- the two moments of a swap that renames twice (where renameat2 is missing) -------------------


def _site(out: Path, index: bytes) -> None:
    """A site of one page, written as a build writes one."""
    with Stage(out) as stage:
        stage.put("index.html", index)
        stage.commit()


def test_a_site_left_aside_mid_swap_is_put_back(tmp_path):
    """Killed between 'site → .site.old' and '.site.new → site': the old site comes back."""
    out = tmp_path / "site"
    _site(out, b"old")
    os.rename(out, tmp_path / ".site.old")
    (tmp_path / ".site.new-x1").mkdir()  # as a build makes it: marked as its own at once
    (tmp_path / ".site.new-x1" / MARKER).write_text("", encoding="utf-8")
    (tmp_path / ".site.new-x1/index.html").write_bytes(b"half")
    recover(out)
    assert (out / "index.html").read_bytes() == b"old" and leftovers(out) == []


def test_a_site_swapped_but_not_tidied_is_kept(tmp_path):
    """Killed after both renames, before the old one was removed: the new site stays."""
    out = tmp_path / "site"
    _site(out, b"new")
    shutil.copytree(out, tmp_path / ".site.old")
    (tmp_path / ".site.old/index.html").write_bytes(b"old")
    _site(out, b"new")
    assert (out / "index.html").read_bytes() == b"new" and leftovers(out) == []
