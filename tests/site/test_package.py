"""scrutinypack as a package: built, installed in a fresh environment, run from an empty folder.

These tests build the sdist and the wheel and install them with pip into a new virtual
environment (a minute on two cores: the dependencies come from pip's cache or the index).
They are marked ``package``: ``pytest -m "not package"`` leaves them out.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from scrutinypack import __version__

from ..support.clone import not_in_a_clone
from ..support.content import ROOT

pytestmark = [pytest.mark.package, pytest.mark.slow]
DOCKER_INSTALL = ROOT / "scripts" / "docker-install.sh"


def run(*args, cwd: Path, timeout: float = 600) -> str:
    done = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(map(str, args))} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """The sdist, and the wheel built from it with pip (so the sdist must be complete)."""
    folder = tmp_path_factory.mktemp("dist")
    source = tmp_path_factory.mktemp("source") / "scrutinypack"  # as a fresh clone has it: setuptools
    shutil.copytree(ROOT, source, ignore=not_in_a_clone)  # would reuse an old egg-info's list
    run(
        sys.executable, "-m", "build", "--sdist", "--outdir", folder, source, cwd=folder
    )  # not ROOT: its build.py
    sdist = next(folder.glob("scrutinypack-*.tar.gz"))
    run(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", folder, sdist, cwd=folder
    )
    return folder


@pytest.fixture(scope="module")
def installed(dist, tmp_path_factory) -> Path:
    """A fresh virtual environment holding only the wheel and what it depends on, installed
    by the Dockerfile's own step (scripts/docker-install.sh tool)."""
    venv = tmp_path_factory.mktemp("venv") / "env"
    wheel = next(dist.glob("scrutinypack-*.whl"))
    out = run("sh", DOCKER_INSTALL, "tool", wheel, venv, cwd=dist)
    assert out.strip() == f"scrutinypack {__version__}"
    return venv / "bin"


def shipped_files() -> set[str]:
    """What the tool needs at run time, as the repository holds it."""
    files = {
        f"templates/{p.relative_to(ROOT / 'templates').as_posix()}"
        for p in (ROOT / "templates").rglob("*")
        if p.is_file()
    }
    return files | {
        f"scrutinypack/{p.relative_to(ROOT / 'scrutinypack').as_posix()}"
        for p in (ROOT / "scrutinypack").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }


def test_the_wheel_holds_the_code_templates_static_files_glossary_and_starter(dist):
    wheel = next(dist.glob("scrutinypack-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        name.replace("templates/", "scrutinypack/templates/", 1) if name.startswith("templates/") else name
        for name in shipped_files()
    }
    assert expected - names == set()
    assert {
        "scrutinypack/templates/print/print.css",
        "scrutinypack/templates/static/site.css",
        "scrutinypack/glossary.yaml",
        "scrutinypack/starter/github-publish.yml",
    } <= names
    assert not any(name.startswith("templates/") for name in names)  # no stray top-level folder


def test_the_sdist_holds_the_one_templates_folder(dist):
    sdist = next(dist.glob("scrutinypack-*.tar.gz"))
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert shipped_files() - names == set()
    assert {"CHANGELOG.md", "docs/content-format.md", "Dockerfile", "scripts/docker-install.sh"} <= names
    assert not any(name.startswith("scrutinypack/templates/") for name in names)  # not a copy


def test_installed_from_the_wheel_new_site_builds_with_pdfs_from_an_empty_folder(installed, tmp_path):
    work = tmp_path / "empty"
    work.mkdir()
    where = run(installed / "python", "-c", "import scrutinypack; print(scrutinypack.__file__)", cwd=work)
    assert Path(where.strip()).is_relative_to(installed.parent)  # the wheel's copy, not the repository
    assert run(installed / "scrutinypack", "--version", cwd=work).strip() == f"scrutinypack {__version__}"
    said = run(installed / "scrutinypack", "new", "site", "--content", "mine", cwd=work)
    assert "It builds as it is: scrutinypack build --content mine" in said
    assert "0 errors, 1 warning" in run(installed / "scrutinypack", "check", "--content", "mine", cwd=work)
    said = run(installed / "scrutinypack", "build", "--content", "mine", cwd=work)
    assert "or run 'scrutinypack check --content mine'" in said and "build.py" not in said

    site = work / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Example County Council" in home and "static/site.css" in home
    assert (site / "static" / "site.css").read_bytes() == (ROOT / "templates/static/site.css").read_bytes()
    assert "Send committee papers by email" in (site / "proposals/p001/index.html").read_text(
        encoding="utf-8"
    )
    assert any((site / "pagefind").glob("pagefind-entry.json"))
    pack = next(site.glob("committees/budget-scrutiny/*/pack.pdf"))
    text = "".join(page.extract_text() for page in PdfReader(pack).pages)
    assert "Send committee papers by email" in text and "Share a library management system" in text
    assert PdfReader(site / "proposals/p002/p002.pdf").pages
    assert (work / ".site-cache").is_dir() and (work / ".github/workflows/publish.yml").is_file()


def test_installed_from_the_wheel_import_publish_and_serve_work_from_any_folder(installed, tmp_path):
    work = tmp_path / "elsewhere"
    shutil.copytree(ROOT / "examples/import/content", work / "imported")
    run(
        installed / "scrutinypack",
        "import",
        ROOT / "examples/import/lancashire-savings.xlsx",
        "--map",
        ROOT / "examples/import/lancashire-savings.map.yaml",
        "--content",
        "imported",
        cwd=work,
    )
    assert len(list((work / "imported/proposals").glob("*.yaml"))) == 13
    run(installed / "scrutinypack", "publish", "--content", "imported", "--date", "2019-01-15", cwd=work)
    assert (work / "imported/publications/2019-01-15.json").is_file()

    port = _free_port()
    server = subprocess.Popen(
        [installed / "scrutinypack", "serve", "--content", "imported", "--port", str(port)],
        cwd=work,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        page = _fetch(f"http://127.0.0.1:{port}/", server)
        assert "Lancashire County Council" in page
    finally:
        server.terminate()
        server.wait(timeout=30)


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _fetch(url: str, server: subprocess.Popen, wait: float = 60) -> str:
    """The page once the preview serves it (it builds first); fails if the preview stops."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"serve stopped: {server.stderr.read()}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8")
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"serve did not answer at {url} within {wait} s")
