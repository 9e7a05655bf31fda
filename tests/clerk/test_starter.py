"""'new site' writes a site that builds as written, and the repository that puts it online:
the clerk's README, the GitHub and GitLab Pages workflows, a .gitignore; the Dockerfile and
the script holding its steps."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest
import yaml
from pypdf import PdfReader

from scrutinypack.build.builder import build
from scrutinypack.build.reading import read_site
from scrutinypack.cli import main
from scrutinypack.content.validate import SITE_FIELDS

from ..support.content import ROOT, codes

DOCKER_INSTALL = ROOT / "scripts" / "docker-install.sh"


@pytest.fixture
def started(tmp_path, capsys):
    """An empty folder after 'new site --content mine', run from it."""
    code = main(["new", "site", "--content", str(tmp_path / "mine")])
    assert code == 0, capsys.readouterr().err
    return tmp_path


@pytest.mark.pdf
def test_a_new_site_builds_as_written_with_pdfs(started):
    result = read_site(started / "mine")
    # all the checks clean; the one warning asks for the accessibility statement's facts
    assert codes(result.problems) == ["accessibility-statement"] and result.site.findings == []
    assert [p.ref for p in result.site.proposals] == ["P001", "P002"]
    [meeting] = result.site.meetings()
    assert [p.ref for item in meeting.agenda for p in item.proposals] == ["P001", "P002"]
    build(started / "mine", started / "site", pdf="default")
    pack = next((started / "site/committees/budget-scrutiny").glob("*/pack.pdf"))
    text = "".join(page.extract_text() for page in PdfReader(pack).pages)
    assert "Send committee papers by email instead of printing them" in text
    assert "Share a library management system" in text
    for ref in ("p001", "p002"):
        assert PdfReader(started / f"site/proposals/{ref}/{ref}.pdf").pages


def test_run_from_the_repository_the_commands_suggested_are_build_py_ones(started):
    built = subprocess.run(
        [sys.executable, ROOT / "build.py", "build", "--no-pdf", "--content", "mine"],
        cwd=started,
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    assert "or run 'python build.py check --content mine'" in built.stdout


def test_site_yaml_has_every_field_commented_and_each_checks_clean_once_filled_in(started):
    text = (started / "mine/site.yaml").read_text(encoding="utf-8")
    for field in SITE_FIELDS:
        line = next((line for line in text.splitlines() if re.match(rf"(# )?{field}:", line)), None)
        assert line is not None, f"site.yaml does not mention {field}"
        assert "#" in line, f"{field} has no comment: {line}"
    fields = "|".join(("profile_basis", "description", "licence", "contact", "base_url"))
    used = re.sub(rf"^# (?=({fields}):)", "", text, flags=re.MULTILINE)  # these filled in
    used = re.sub(r"^(description: \|\n)#   ", r"\1  ", used, flags=re.MULTILINE)  # with its text
    (started / "mine/site.yaml").write_text(used, encoding="utf-8")
    result = read_site(started / "mine")
    assert codes(result.problems) == ["accessibility-statement"] and result.site.findings == []
    assert result.site.config.base_url == "https://example.org/scrutiny/"
    assert result.site.config.description.startswith("Where the figures come from")


def test_a_new_site_writes_its_repository_beside_the_content_folder(started, capsys):
    ignored = (started / ".gitignore").read_text(encoding="utf-8").split()
    assert "/site/" in ignored and "/.site-cache/" in ignored
    readme = (started / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# Example County Council: savings proposals")
    assert "scrutinypack build --content mine" in readme and "%" not in readme
    assert (started / ".github/workflows/publish.yml").is_file() and (started / ".gitlab-ci.yml").is_file()


def test_the_repository_files_already_there_are_kept(tmp_path, capsys):
    (tmp_path / "README.md").write_text("Our own notes\n")
    (tmp_path / ".gitignore").write_text("*.tmp\n")
    assert main(["new", "site", "--content", str(tmp_path / "mine")]) == 0
    out = capsys.readouterr().out
    assert (tmp_path / "README.md").read_text() == "Our own notes\n"
    assert (tmp_path / ".gitignore").read_text() == "*.tmp\n"
    assert str(tmp_path / "README.md") not in out and str(tmp_path / ".gitlab-ci.yml") in out


def test_a_folder_holding_an_example_file_is_refused_and_nothing_is_written(tmp_path, capsys):
    (tmp_path / "mine/proposals").mkdir(parents=True)
    (tmp_path / "mine/proposals/p001.yaml").write_text("ref: P001\ntitle: Ours\n")
    assert main(["new", "site", "--content", str(tmp_path / "mine")]) == 2
    assert "p001.yaml already exists and is never overwritten" in capsys.readouterr().err
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        "mine",
        "mine/proposals",
        "mine/proposals/p001.yaml",
    ]


def test_the_github_workflow_checks_builds_with_the_cache_and_publishes_to_pages(started):
    workflow = yaml.safe_load((started / ".github/workflows/publish.yml").read_text(encoding="utf-8"))
    assert workflow["env"] == {"CONTENT": "mine"}
    assert workflow["permissions"]["pages"] == "write"
    steps = workflow["jobs"]["build"]["steps"]
    commands = [step.get("run", "") for step in steps]
    uses = [step.get("uses", "").split("@")[0] for step in steps]
    install = next(i for i, c in enumerate(commands) if "pip install ./.scrutinypack/" in c)
    assert "libpango-1.0-0" in commands[install - 1]
    check = commands.index('scrutinypack check --publishing --content "$CONTENT"')
    cache = uses.index("actions/cache")
    built = commands.index('scrutinypack build --content "$CONTENT"')
    upload = uses.index("actions/upload-pages-artifact")
    assert install < check < cache < built < upload
    assert steps[cache]["with"]["path"] == ".site-cache" and steps[upload]["with"]["path"] == "site"
    deploy = workflow["jobs"]["publish"]
    assert deploy["needs"] == "build" and deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


def test_the_gitlab_job_checks_builds_with_the_cache_and_publishes_to_pages(started):
    ci = yaml.safe_load((started / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert ci["variables"]["CONTENT"] == "mine"
    job = ci["pages"]
    assert ".site-cache/" in job["cache"]["paths"]
    assert any("pip install ./.scrutinypack/" in line for line in job["before_script"])
    assert job["script"] == [
        'scrutinypack check --publishing --content "$CONTENT"',
        'scrutinypack build --content "$CONTENT"',
        "mv site public",
    ]
    assert job["artifacts"]["paths"] == ["public"]


# -- the Dockerfile and its steps ---------------------------------------------------------------


def test_the_dockerfile_runs_the_install_script_and_builds_by_default():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM debian:\S+-slim$", dockerfile, re.MULTILINE)
    runs = re.findall(r"^RUN (.*(?:\\\n.*)*)", dockerfile, re.MULTILINE)
    assert [re.search(r"docker-install\.sh (\w+)", run)[1] for run in runs] == ["system", "tool"]
    copied = re.search(r"^COPY scripts/docker-install.sh (\S+)", dockerfile, re.MULTILINE)[1]
    assert all(copied in run for run in runs)
    assert 'ENTRYPOINT ["scrutinypack", "build"]' in dockerfile
    assert "/opt/scrutinypack/bin" in dockerfile and "/opt/scrutinypack" in runs[1]


def test_the_install_script_is_valid_sh_and_refuses_an_unknown_step():
    assert subprocess.run(["sh", "-n", DOCKER_INSTALL]).returncode == 0
    wrong = subprocess.run(["sh", DOCKER_INSTALL, "everything"], capture_output=True, text=True)
    assert wrong.returncode == 2 and "usage:" in wrong.stderr


@pytest.mark.skipif(shutil.which("dpkg-query") is None, reason="not a Debian system: no dpkg-query")
def test_the_debian_packages_the_image_installs_are_those_the_pdf_tests_run_with():
    """Debian's names, checked against this machine, where WeasyPrint renders the tests' PDFs
    (the 'tool' step itself is run by tests/site/test_package.py)."""
    listed = subprocess.run(["sh", DOCKER_INSTALL, "packages"], capture_output=True, text=True, check=True)
    packages = listed.stdout.split()
    assert {"libpango-1.0-0", "libpangoft2-1.0-0", "python3-venv"} <= set(packages)
    status = subprocess.run(
        ["dpkg-query", "-W", "-f", "${Package} ${db:Status-Status}\n", *packages],
        capture_output=True,
        text=True,
    )
    assert status.returncode == 0, status.stderr
    assert sorted(status.stdout.split("\n")[:-1]) == sorted(f"{p} installed" for p in packages)
