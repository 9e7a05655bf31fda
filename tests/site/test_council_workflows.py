"""A council publishes on its own: from an empty folder, with only the wheel installed, 'new site'
and the starter's GitHub workflow and GitLab pipeline, run line by line in fresh environments
where no package index knows scrutinypack.

The workflows' lines run here as the runner would run them, except those that need the
hosting itself: the 'uses:' actions (checkout, cache, upload, deploy) and apt-get (Pango is
installed on this machine already). pip runs with no index at all: the wheel's dependencies come
from a folder of wheels made beforehand, in which there is no scrutinypack.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from ..support.clone import not_in_a_clone
from ..support.content import ROOT

pytestmark = [pytest.mark.package, pytest.mark.slow]


def run(*args, cwd: Path, env: dict | None = None) -> str:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=900, env=env
    )
    assert done.returncode == 0, f"{' '.join(map(str, args))} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    source = tmp_path_factory.mktemp("source") / "scrutinypack"
    shutil.copytree(ROOT, source, ignore=not_in_a_clone)  # scrutinypack/build/ is code
    folder = tmp_path_factory.mktemp("dist")
    run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--quiet",
        "--wheel-dir",
        folder,
        source,
        cwd=folder,
    )
    return next(folder.glob("scrutinypack-*.whl"))


@pytest.fixture(scope="module")
def offline(wheel, tmp_path_factory) -> dict:
    """The environment of every later pip: no index, and only the dependencies' wheels."""
    house = tmp_path_factory.mktemp("wheelhouse")
    run(sys.executable, "-m", "pip", "download", "--quiet", "--dest", house, wheel, cwd=house)
    for ours in house.glob("scrutinypack-*"):
        ours.unlink()
    return {**os.environ, "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(house), "PIP_CONFIG_FILE": os.devnull}


def fresh_venv(folder: Path) -> Path:
    subprocess.run([sys.executable, "-m", "venv", folder], check=True, timeout=300)
    return folder / "bin"


@pytest.fixture(scope="module")
def clerk(wheel, offline, tmp_path_factory) -> Path:
    """The clerk's computer: only the wheel (a copy, as downloaded) and its dependencies."""
    downloaded = tmp_path_factory.mktemp("downloads") / wheel.name
    shutil.copyfile(wheel, downloaded)
    bin_ = fresh_venv(tmp_path_factory.mktemp("clerk") / "env")
    run(bin_ / "python", "-m", "pip", "install", "--quiet", downloaded, cwd=downloaded.parent, env=offline)
    return bin_


@pytest.fixture(scope="module")
def started(clerk, offline, tmp_path_factory) -> Path:
    """An empty folder after 'new site', with a proposal whose printed total is wrong."""
    work = tmp_path_factory.mktemp("council")
    said = run(clerk / "scrutinypack", "new", "site", "--content", "content", cwd=work, env=offline)
    assert ".scrutinypack/wheel.sha256" in said
    years = yaml.safe_load((work / "content/site.yaml").read_text(encoding="utf-8"))["years"]
    (work / "content/proposals/p003.yaml").write_text(
        f"ref: P003\ntitle: Close a depot\nbudget_change:\n  {years[0]}: -0.100\n  {years[1]}: -0.050\n"
        "total: -0.200\n",
        encoding="utf-8",
    )
    return work


def test_new_site_puts_in_the_very_wheel_that_was_installed_with_its_hash(started, wheel):
    [kept] = (started / ".scrutinypack").glob("*.whl")
    assert kept.name == wheel.name and kept.read_bytes() == wheel.read_bytes()
    checked = run("sha256sum", "--check", "--strict", "wheel.sha256", cwd=started / ".scrutinypack")
    assert f"{wheel.name}: OK" in checked


def test_without_the_downloaded_wheel_upgrade_makes_it_again_the_same_each_time(
    clerk, started, wheel, offline, tmp_path
):
    downloaded = next(Path(p) for p in re.findall(r"file://(\S+\.whl)", _direct_url(clerk)))
    downloaded.unlink()
    elsewhere = tmp_path / "repo"
    shutil.copytree(started, elsewhere)
    run(clerk / "scrutinypack", "upgrade", "--content", "content", cwd=elsewhere, env=offline)
    first = (elsewhere / ".scrutinypack" / wheel.name).read_bytes()
    run(clerk / "scrutinypack", "upgrade", "--content", "content", cwd=elsewhere, env=offline)
    assert (elsewhere / ".scrutinypack" / wheel.name).read_bytes() == first
    original, remade = zipfile.ZipFile(wheel), zipfile.ZipFile(elsewhere / ".scrutinypack" / wheel.name)
    names = [n for n in original.namelist() if not n.endswith("/RECORD")]
    assert sorted(names) == sorted(n for n in remade.namelist() if not n.endswith("/RECORD"))
    assert all(original.read(n) == remade.read(n) for n in names)
    run("sha256sum", "--check", "--strict", "wheel.sha256", cwd=elsewhere / ".scrutinypack")


def _direct_url(bin_: Path) -> str:
    return run(
        bin_ / "python",
        "-c",
        "from importlib import metadata; "
        "print(metadata.distribution('scrutinypack').read_text('direct_url.json'))",
        cwd=bin_,
    )


# -- the workflows, line by line -----------------------------------------------------------------


def github_lines(repo: Path) -> tuple[dict, list[str]]:
    workflow = yaml.safe_load((repo / ".github/workflows/publish.yml").read_text(encoding="utf-8"))
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    return workflow["env"], [s["run"] for s in steps if "run" in s and "apt-get" not in s["run"]]


def gitlab_lines(repo: Path) -> tuple[dict, list[str]]:
    pipeline = yaml.safe_load((repo / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    lines = pipeline["pages"]["before_script"] + pipeline["pages"]["script"]
    return pipeline["variables"], [line for line in lines if "apt-get" not in line]


def run_pipeline(lines_of, repo: Path, env: dict) -> subprocess.CompletedProcess:
    """Each line in a shell, in order, as the runner does; the first that fails stops the run."""
    bin_ = fresh_venv(repo.parent / f"{repo.name}-env")
    variables, lines = lines_of(repo)
    env = {**env, "PATH": f"{bin_}{os.pathsep}{env['PATH']}", "CI_PROJECT_DIR": str(repo)}
    env.update(
        {k: os.path.expandvars(str(v).replace("$CI_PROJECT_DIR", str(repo))) for k, v in variables.items()}
    )
    for line in lines:
        done = subprocess.run(
            ["bash", "-e", "-c", line], cwd=repo, env=env, capture_output=True, text=True, timeout=900
        )
        if done.returncode != 0:
            return done
    return done


@pytest.mark.parametrize("lines_of, published", [(github_lines, "site"), (gitlab_lines, "public")])
def test_the_workflows_publish_a_wrong_total_and_stop_on_a_misspelt_field(
    started, offline, tmp_path, lines_of, published
):
    repo = tmp_path / "repo"
    shutil.copytree(started, repo)
    done = run_pipeline(lines_of, repo, offline)
    assert done.returncode == 0, done.stdout + done.stderr
    checks = (repo / published / "checks/index.html").read_text(encoding="utf-8")
    assert "P003" in checks and "profile-total" in checks
    assert (repo / published / "proposals/p003/index.html").is_file()
    assert any((repo / published / "proposals/p003").glob("*.pdf"))

    repo = tmp_path / "misspelt"
    shutil.copytree(started, repo)
    (repo / "content/proposals/p003.yaml").write_text(
        "ref: P003\ntitle: Close a depot\nservce: Waste\n", encoding="utf-8"
    )
    done = run_pipeline(lines_of, repo, offline)
    assert done.returncode == 2
    assert "proposals/p003.yaml:3: error: unknown field 'servce'" in done.stdout
    assert not (repo / published).exists()


def test_no_message_of_the_installed_command_nor_starter_file_says_build_py(
    clerk, started, offline, tmp_path
):
    said = [
        run(clerk / "scrutinypack", *words, cwd=started, env=offline)
        for words in (
            ["--help"],
            *(
                [name, "--help"]
                for name in (
                    "build",
                    "check",
                    "serve",
                    "new",
                    "import",
                    "publish",
                    "schema",
                    "upgrade",
                    "maps",
                    "templates",
                    "help",
                )
            ),
        )
    ]
    said.append(
        run(clerk / "scrutinypack", "check", "--publishing", "--content", "content", cwd=started, env=offline)
    )
    assert "Start with 'scrutinypack new site'" in said[0]
    assert not any("build.py" in text for text in said)
    written = [p for p in started.rglob("*") if p.is_file() and p.suffix != ".whl"]
    assert written and not any("build.py" in p.read_text(encoding="utf-8") for p in written)
