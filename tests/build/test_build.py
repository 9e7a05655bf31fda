"""The build writes the stable paths, atomically, deterministically, with working links."""

import csv
import io
import json
import os

import pytest

from scrutinypack.build.builder import build
from scrutinypack.cli import main
from scrutinypack.problems import ContentError

from ..support.content import PROPOSAL
from ..support.sitecheck import broken_links, digest

STABLE = [
    "index.html",
    "proposals/index.html",
    "proposals/sc001/index.html",
    "committees/budget/index.html",
    "committees/budget/2018-01-15/index.html",
    "checks/index.html",
    "data/proposals.csv",
    "data/proposals.json",
]


def test_stable_paths_are_written(content, tmp_path):
    out = tmp_path / "site"
    build(content({}), out)
    for rel in STABLE:
        assert (out / rel).is_file(), rel


def test_every_internal_link_resolves(content, tmp_path):
    out = tmp_path / "site"
    build(content({"proposals/sc001.yaml": PROPOSAL + "decisions: See [the checks](/checks/).\n"}), out)
    assert broken_links(out) == []


def test_two_builds_give_identical_bytes(content, tmp_path):
    root = content({})
    build(root, tmp_path / "a")
    build(root, tmp_path / "b")
    assert digest(tmp_path / "a") == digest(tmp_path / "b")


def test_rebuild_leaves_unchanged_files_untouched(content, tmp_path):
    root, out = content({}), tmp_path / "site"
    build(root, out)
    before = os.stat(out / "proposals/sc001/index.html").st_ino
    report = build(root, out)
    assert report.written == 0
    assert os.stat(out / "proposals/sc001/index.html").st_ino == before


def test_bad_content_leaves_the_previous_site_intact(content, tmp_path):
    root, out = content({}), tmp_path / "site"
    build(root, out)
    before = digest(out)
    (root / "proposals/sc001.yaml").write_text("ref: SC001\ntitle: [unclosed\n", encoding="utf-8")
    with pytest.raises(ContentError) as error:
        build(root, out)
    syntax = [p for p in error.value.problems if p.code == "yaml-syntax"]
    assert syntax[0].file == "proposals/sc001.yaml" and "starts on line 2" in syntax[0].message
    assert digest(out) == before
    assert not list(tmp_path.glob(".site.*"))


def test_a_folder_not_written_by_us_is_never_replaced(content, tmp_path):
    out = tmp_path / "documents"
    out.mkdir()
    (out / "precious.txt").write_text("keep me")
    assert main(["build", "--content", str(content({})), "--out", str(out)]) == 2
    assert (out / "precious.txt").read_text() == "keep me"


def test_data_files_use_one_convention_with_exact_decimals(content, tmp_path):
    out = tmp_path / "site"
    build(content({}), out)
    data = json.loads((out / "data/proposals.json").read_text())
    row = data["proposals"][0]
    assert row["saving_2019/20"] == "250000" and row["total_saving"] == "250000"
    assert data["unit"] == "pounds"
    lines = (out / "data/proposals.csv").read_text().splitlines()
    assert lines[0].startswith('"ref","title","service"')
    assert '"SC001","Reduce waste","Waste"' in lines[1]


def test_cli_build_reports_content_errors_without_traceback(content, tmp_path, capsys):
    root = content({"proposals/sc001.yaml": PROPOSAL + "totl: 1\n"})
    assert main(["build", "--content", str(root), "--out", str(tmp_path / "site")]) == 2
    err = capsys.readouterr().err
    assert "proposals/sc001.yaml:12: error: unknown field 'totl'" in err
    assert "Traceback" not in err and not (tmp_path / "site").exists()


def test_check_command_json_lines_and_exit_codes(content, capsys):
    root = content({"proposals/sc001.yaml": PROPOSAL.replace("total: -0.250", "total: -0.300")})
    assert main(["check", "--content", str(root), "--format", "json"]) == 1
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines == [
        {
            "severity": "error",
            "code": "profile-total",
            "file": "proposals/sc001.yaml",
            "line": 11,
            "ref": "SC001",
            "message": lines[0]["message"],
        }
    ]


def test_check_strict_fails_on_warnings(content, capsys):
    root = content({"proposals/sc001.yaml": PROPOSAL.replace("income: 0.600", "income: -0.600")})
    assert main(["check", "--content", str(root)]) == 0
    assert main(["check", "--content", str(root), "--strict"]) == 1
    assert "income-negative" in capsys.readouterr().out


def test_findings_appear_on_the_proposal_page_and_checks_page(content, tmp_path):
    out = tmp_path / "site"
    build(content({"proposals/sc001.yaml": PROPOSAL.replace("total: -0.250", "total: -0.300")}), out)
    page = (out / "proposals/sc001/index.html").read_text()
    assert "Does not add up" in page and "−£0.300m" in page
    checks = (out / "checks/index.html").read_text()
    assert "profile-total" in checks and "SC001" in checks


def test_script_in_content_is_escaped(content, tmp_path):
    out = tmp_path / "site"
    hostile = PROPOSAL.replace("title: Reduce waste", 'title: "<script>alert(1)</script>"')
    build(content({"proposals/sc001.yaml": hostile + "decisions: '<img src=x onerror=alert(1)>'\n"}), out)
    page = (out / "proposals/sc001/index.html").read_text()
    assert "<script>alert" not in page and "onerror=alert" not in page.replace(
        "&lt;img src=x onerror=alert(1)&gt;", ""
    )


def test_a_title_a_spreadsheet_would_run_is_text_in_the_csv_and_as_written_in_the_json(content, tmp_path):
    out = tmp_path / "site"
    record = PROPOSAL.replace("title: Reduce waste", "title: '=HYPERLINK(\"http://x\")'")
    build(content({"proposals/sc001.yaml": record.replace("2020/21: 0.000", "2020/21: 0.100")}), out)
    rows = list(csv.DictReader(io.StringIO((out / "data/proposals.csv").read_text(encoding="utf-8"))))
    assert rows[0]["title"] == '\'=HYPERLINK("http://x")'
    assert rows[0]["saving_2020/21"] == "-100000"  # a cost: figures are left as they are
    data = json.loads((out / "data/proposals.json").read_text(encoding="utf-8"))
    assert data["proposals"][0]["title"] == '=HYPERLINK("http://x")'
