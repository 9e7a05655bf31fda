"""The shape a newcomer relies on (ARCHITECTURE.md): the data path runs one way, as
import-linter's contracts in pyproject.toml say, and breaking it is caught; the core is typed,
strictly, and a slip in it is caught; no two modules share a name; no test module leans on
another."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from .support.content import ROOT

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(tree: Path) -> subprocess.CompletedProcess:
    """import-linter's verdict on the package and pyproject.toml in ``tree``."""
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tree,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )


def test_the_data_path_runs_one_way():
    run = lint_imports(ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout and "The data path runs one way KEPT" in run.stdout


@pytest.mark.parametrize(
    "module, line, contract, arrow",
    [
        (
            "model.py",
            "from .render import labels",
            "The data path runs one way",
            "scrutinypack.model -> scrutinypack.render.labels",
        ),
        (
            "content/load.py",
            "from ..clerk import publishing",
            "The data path runs one way",
            "scrutinypack.content.load -> scrutinypack.clerk.publishing",
        ),
        (
            "glossary.py",
            "from .content import validate",
            "The data path runs one way",
            "scrutinypack.glossary -> scrutinypack.content.validate",
        ),
        (
            "checks.py",
            "import jinja2",
            "The core knows nothing of pages, PDFs or the live preview",
            "scrutinypack.checks -> jinja2",
        ),
        (
            "importing/mapshape.py",
            "def _late():\n    from .rows import apply_rows\n",
            "No circles between the modules of a package",
            ".mapshape -> .rows | .rows -> .mapshape",  # the cut of a circle names either side
        ),
    ],
    ids=[
        "model to render",
        "content to the clerk",
        "glossary to content",
        "core to Jinja",
        "a circle hidden in a function",
    ],
)
def test_an_import_against_the_data_path_breaks_a_contract(tmp_path, module, line, contract, arrow):
    shutil.copytree(
        ROOT / "scrutinypack", tmp_path / "scrutinypack", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    with open(tmp_path / "scrutinypack" / module, "a", encoding="utf-8") as source:
        source.write("\n" + line + "\n")
    run = lint_imports(tmp_path)
    assert run.returncode != 0
    assert f"{contract} BROKEN" in run.stdout, run.stdout + run.stderr
    assert any(one in run.stdout for one in arrow.split(" | ")), run.stdout + run.stderr


def test_no_two_modules_share_a_name():
    """A name says where a module is: commands/ keeps the command names, and no module
    elsewhere takes one of them (serve.py, publish.py), or another's (write.py). The format's
    declarations (format/) are named for the record kinds of the content format instead."""
    package = ROOT / "scrutinypack"
    names = Counter(
        path.stem
        for path in package.rglob("*.py")
        if path.stem not in ("__init__", "__main__") and path.parent != package / "format"
    )
    assert [name for name, count in names.items() if count > 1] == []


def test_no_test_module_imports_another():
    """Shared helpers live in tests/support/, so a test module can move or go alone."""
    leaning = []
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""] + [alias.name for alias in node.names]
                if any(name.split(".")[-1].startswith("test_") or name == "conftest" for name in names):
                    leaning.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert leaning == []


MYPY = Path(sys.executable).with_name("mypy")


def mypy(tree: Path) -> subprocess.CompletedProcess:
    """mypy's verdict on the core (pyproject.toml's [tool.mypy] files) in ``tree``, uncached."""
    return subprocess.run(
        [str(MYPY), "--cache-dir", os.devnull],
        cwd=tree,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin"},
        timeout=300,
    )


def test_the_core_is_typed():
    run = mypy(ROOT)
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.parametrize(
    "module, line, code",
    [
        ("money.py", "def halved(amount):\n    return amount / 2\n", "no-untyped-def"),
        ("model.py", "def unit_of(p: Proposal) -> int:\n    return p.unit\n", "return-value"),
        ("content/reader.py", "def first(m: Map | None) -> int:\n    return m.line\n", "union-attr"),
    ],
    ids=["an unannotated function", "a wrong return type", "None not ruled out"],
)
def test_a_slip_in_the_core_fails_the_types(tmp_path, module, line, code):
    shutil.copytree(
        ROOT / "scrutinypack", tmp_path / "scrutinypack", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    with open(tmp_path / "scrutinypack" / module, "a", encoding="utf-8") as source:
        source.write("\n\n" + line)
    run = mypy(tmp_path)
    assert run.returncode == 1
    assert f"scrutinypack/{module}:" in run.stdout and f"[{code}]" in run.stdout, run.stdout + run.stderr


def test_no_module_is_longer_than_a_newcomer_can_read_whole():
    """ARCHITECTURE.md's rule: a module over 600 lines has more than one job; split it."""
    longest = {
        str(path.relative_to(ROOT)): length
        for path in (ROOT / "scrutinypack").rglob("*.py")
        if (length := len(path.read_text(encoding="utf-8").splitlines())) > 600
    }
    assert not longest, f"split these by job: {longest}"
