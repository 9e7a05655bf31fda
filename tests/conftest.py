"""Shared fixtures: small content folders written inline, named for what they show."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrutinypack.build.builder import build

from .support.browsers import chromium
from .support.content import BROWSE, COMMITTEE, PROPOSAL, SITE, write_content


@pytest.fixture
def content(tmp_path):
    """A valid little content folder; pass overrides to change or add files."""

    def make(files: dict[str, str] | None = None, *, base: bool = True) -> Path:
        everything = (
            {"site.yaml": SITE, "proposals/sc001.yaml": PROPOSAL, "committees/budget.yaml": COMMITTEE}
            if base
            else {}
        )
        everything.update(files or {})
        root = tmp_path / "content"
        return write_content(root, {k: v for k, v in everything.items() if v is not None})

    return make


@pytest.fixture(scope="session")
def browse_site(tmp_path_factory) -> Path:
    """The small complete site of tests/fixtures/browse, built once for the tests that read it."""
    out = tmp_path_factory.mktemp("browse") / "site"
    build(BROWSE, out)
    return out


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for a module of browser tests (skipped, saying why, without one)."""
    with chromium() as started:
        yield started
