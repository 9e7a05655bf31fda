"""What a clerk reads from the command on the way to publishing: the exit statuses of 'check'
(a finding about the figures is published, a file that cannot be read stops), the command's
own name in every message, the counts 'build' gives, and content written on Windows."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import yaml

from scrutinypack.cli import main

from ..support.content import ROOT


@pytest.fixture
def started(tmp_path, capsys, monkeypatch):
    """'new site --content content' in an empty folder, run from it as the installed command."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", [str(tmp_path / "venv/bin/scrutinypack")])
    assert main(["new", "site", "--content", "content"]) == 0
    capsys.readouterr()
    return tmp_path


def wrong_total(root) -> None:
    years = yaml.safe_load((root / "content/site.yaml").read_text(encoding="utf-8"))["years"]
    (root / "content/proposals/p003.yaml").write_text(
        f"ref: P003\ntitle: Close a depot\nbudget_change:\n  {years[0]}: -0.100\n  {years[1]}: -0.050\n"
        "total: -0.200\n",
        encoding="utf-8",
    )


def test_a_wrong_total_fails_check_but_not_check_publishing(started, capsys):
    wrong_total(started)
    assert main(["check"]) == 1
    assert main(["check", "--publishing"]) == 0
    assert "proposals/p003.yaml:6: error: the total is printed as" in capsys.readouterr().out


def test_a_misspelt_field_fails_check_publishing_with_status_2_naming_file_and_line(started, capsys):
    (started / "content/proposals/p003.yaml").write_text(
        "ref: P003\ntitle: Close a depot\nservce: Waste\n", encoding="utf-8"
    )
    assert main(["check", "--publishing"]) == 2
    assert "proposals/p003.yaml:3: error: unknown field 'servce'" in capsys.readouterr().out


def test_check_help_explains_its_exit_statuses_and_publishing(capsys):
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    text = capsys.readouterr().out
    assert "--publishing" in text and "exit status:" in text and "checks page" in text


def test_the_main_help_starts_an_empty_folder_with_new_site():
    done = subprocess.run(
        [sys.executable, "-m", "scrutinypack", "--help"], capture_output=True, text=True, cwd=ROOT / "tests"
    )
    assert "Start with 'scrutinypack new site'" in done.stdout
    assert "Start with 'scrutinypack build'" not in done.stdout


def test_the_installed_command_speaks_of_itself_in_help_messages_and_starters(started, capsys):
    for command in ("new", "import", "schema", "serve", "check"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
    assert main(["new", "proposal", "--content", "elsewhere"]) == 2
    assert main(["new", "meeting", "--date", "2019-01-15", "--committee", "none"]) == 2
    assert main(["new", "proposal", "A saving"]) == 0
    assert main(["new", "committee", "Budget Scrutiny"]) == 0
    assert main(["new", "report", "Medium term plan"]) == 0
    said = capsys.readouterr()
    assert "scrutinypack new site --content elsewhere" in said.err
    assert "scrutinypack new proposal" in said.out
    assert "build.py" not in said.out + said.err
    written = [p for p in (started / "content").rglob("*") if p.is_file()]
    assert len(written) >= 6 and not any("build.py" in p.read_text(encoding="utf-8") for p in written)


def test_through_build_py_the_messages_say_python_build_py(tmp_path):
    done = subprocess.run(
        [sys.executable, ROOT / "build.py", "new", "proposal", "--content", "nowhere"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 2 and "python build.py new site --content nowhere" in done.stderr


def test_build_counts_what_check_counts_in_the_right_plurals(started, capsys):
    wrong_total(started)
    main(["check"])
    checked = capsys.readouterr().out.splitlines()[-1]  # '3 proposals checked: 1 error, 1 warning.'
    assert main(["build", "--no-pdf"]) == 0
    built = capsys.readouterr().out
    assert checked == "3 proposals checked: 1 error, 1 warning."
    assert "3 proposals, 1 committee, 1 meeting, 0 reports. Checks: 1 error, 1 warning" in built


def test_content_written_on_windows_with_crlf_line_ends_and_a_bom_builds(started, capsys):
    wrong_total(started)
    (started / "content/reports").mkdir(exist_ok=True)
    (started / "content/reports/plan.md").write_text(
        "---\ntitle: Medium term plan\ndate: 2019-01-15\n---\nThe plan.\n\n| Item | £m |\n|---|---|\n"
        "| A | 1.0 |\n| B | 2.0 |\n| Total | 3.5 |\n",
        encoding="utf-8",
    )
    for path in [*(started / "content").rglob("*.yaml"), *(started / "content").rglob("*.md")]:
        text = path.read_text(encoding="utf-8")
        path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert main(["check", "--publishing"]) == 0
    found = capsys.readouterr().out
    assert "proposals/p003.yaml:6: error: the total is printed as" in found  # lines counted as written
    assert "reports/plan.md" in found and "Total" in found
    assert main(["build", "--no-pdf"]) == 0
    page = (started / "site/proposals/p003/index.html").read_text(encoding="utf-8")
    assert "Close a depot" in page and "\ufeff" not in page
    assert "Medium term plan" in (started / "site/reports/plan/index.html").read_text(encoding="utf-8")


def test_a_site_builds_with_its_search_where_the_disk_has_no_hard_links(started, capsys, monkeypatch):
    """A clerk's file share or USB stick (FAT, some network shares) refuses hard links."""

    def refused(*args, **kwargs):
        raise OSError(1, "Operation not permitted: no hard links on this disk")

    monkeypatch.setattr(os, "link", refused)
    assert main(["build", "--no-pdf"]) == 0, capsys.readouterr().err
    assert any((started / "site/pagefind").glob("pagefind-entry.json"))
    assert "Send committee papers by email" in (started / "site/proposals/p001/index.html").read_text(
        encoding="utf-8"
    )
