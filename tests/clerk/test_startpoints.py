"""Starting points that ship: the example import maps and the templates, listed and copied by
the command; and the release script that makes the files a council installs."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile

import pytest

from scrutinypack.cli import main

from ..support.content import ROOT


def test_maps_lists_every_example_map_and_the_guide_to_them(capsys):
    assert main(["maps"]) == 0
    said = capsys.readouterr().out
    names = sorted(p.name.removesuffix(".map.yaml") for p in (ROOT / "examples/import").glob("*.map.yaml"))
    assert names and all(f"{name}\n    How " in said for name in names)
    assert "importing.md" in said


def test_maps_copy_writes_the_map_here_and_never_overwrites(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["maps", "copy", "lancashire-option-forms"]) == 0
    copied = tmp_path / "lancashire-option-forms.map.yaml"
    assert copied.read_bytes() == (ROOT / "examples/import/lancashire-option-forms.map.yaml").read_bytes()
    copied.write_text("# mine\n", encoding="utf-8")
    assert main(["maps", "copy", "lancashire-option-forms"]) == 2
    assert copied.read_text(encoding="utf-8") == "# mine\n"
    assert main(["maps", "copy", "lancashire"]) == 2
    assert "no map is called 'lancashire'" in capsys.readouterr().err


def test_a_copied_map_imports_as_the_shipped_one_does(tmp_path, capsys):
    shutil.copytree(ROOT / "examples/import/content", tmp_path / "content")
    assert main(["maps", "copy", "lancashire-savings", "--to", str(tmp_path)]) == 0
    assert (
        main(
            [
                "import",
                str(ROOT / "examples/import/lancashire-savings.xlsx"),
                "--map",
                str(tmp_path / "lancashire-savings.map.yaml"),
                "--content",
                str(tmp_path / "content"),
            ]
        )
        == 0
    )
    assert len(list((tmp_path / "content/proposals").glob("*.yaml"))) == 13


def test_templates_lists_each_template_with_its_safe_blocks(capsys):
    assert main(["templates"]) == 0
    said = capsys.readouterr().out
    assert re.search(
        r"^base\.html\n    safe to change: title, description, breadcrumbs, main; "
        r"keep as they are: .*search_body",
        said,
        re.MULTILINE,
    )
    assert "print/pack.html\n    safe to change: body" in said
    assert "_macros.html\n    macros: keep their names and arguments" in said


def test_templates_copy_starts_an_override_that_the_build_uses(tmp_path, capsys):
    content = tmp_path / "content"
    assert main(["new", "site", "--content", str(content)]) == 0
    assert (
        main(["templates", "copy", "print\\pack.html", "--content", str(content)]) == 0
    )  # as typed on Windows
    assert main(["templates", "copy", "base.html", "--content", str(content)]) == 0
    base = content / "templates/base.html"
    assert (content / "templates/print/pack.html").is_file()
    base.write_text(
        base.read_text(encoding="utf-8").replace("<main", "<p>Our own header</p><main", 1), encoding="utf-8"
    )
    assert main(["templates", "copy", "base.html", "--content", str(content)]) == 2
    assert main(["build", "--no-pdf", "--content", str(content), "--out", str(tmp_path / "site")]) == 0
    assert "Our own header" in (tmp_path / "site/index.html").read_text(encoding="utf-8")


@pytest.mark.package
@pytest.mark.slow
def test_the_release_script_makes_a_wheel_and_sdist_that_twine_passes(tmp_path):
    pytest.importorskip("twine", reason="the release extra is not installed: pip install -e '.[release]'")
    source = tmp_path / "scrutinypack"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".git",
            ".venv",
            ".cache",
            "*.egg-info",
            "build",
            "site",
            ".site-*",
            "artifacts",
            "__pycache__",
            ".pytest_cache",
            ".hypothesis",
            "dist",
        ),
    )
    done = subprocess.run(
        ["sh", "scripts/release.sh"],
        cwd=source,
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, "PYTHON": sys.executable},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("PASSED") == 2
    wheel = next((source / "dist").glob("scrutinypack-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"scrutinypack/docs/importing.md", "scrutinypack/maps/lancashire-option-forms.map.yaml"} <= names


def test_the_release_script_refuses_a_version_without_its_changelog_section(tmp_path):
    shutil.copytree(ROOT / "scripts", tmp_path / "scripts")
    (tmp_path / "pyproject.toml").write_text('[project]\nversion = "9.9.9"\n', encoding="utf-8")
    shutil.copyfile(ROOT / "CHANGELOG.md", tmp_path / "CHANGELOG.md")
    done = subprocess.run(
        ["sh", "scripts/release.sh"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2 and "no section '## [9.9.9] - YYYY-MM-DD'" in done.stderr
    assert not (tmp_path / "dist").exists()
