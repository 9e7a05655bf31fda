"""Chromium and the checkers that read pages (axe-core, the Nu HTML Checker), and a local web server
that serves a site from a sub-folder as a council's server might. scripts/test.sh installs them; the
tests that need one skip, saying why, when it is missing."""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .content import ROOT

CHROMIUM = Path(shutil.which("chromium") or "/usr/bin/chromium")


ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """Headless Chromium (a Playwright ``Browser``), started as every browser test starts it
    and closed after; the test skips, saying why, when Playwright or Chromium is missing or
    Chromium will not start."""
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="Playwright is not installed: run sh scripts/test.sh"
    )
    if not CHROMIUM.exists():
        pytest.skip(
            "Chromium is not installed: sh scripts/test.sh installs Debian's chromium when run as root"
        )
    with sync_api.sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        except sync_api.Error as error:
            pytest.skip(f"Chromium would not start: {error}")
        try:
            yield browser
        finally:
            browser.close()


AXE = ROOT / ".cache/npm/node_modules/axe-core/axe.min.js"


AXE_RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serving(site: Path, root: Path):
    """``site`` served from a sub-folder of a local web server, as a council's site often is."""
    shutil.copytree(site, root / "council" / "savings")
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/council/savings/"
    finally:
        httpd.shutdown()
        httpd.server_close()


VNU = ROOT / ".cache/npm/node_modules/vnu-jar/build/dist/vnu.jar"
