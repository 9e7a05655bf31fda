"""Chromium and the checkers that read pages (axe-core, the Nu HTML Checker), and a local web server
that serves a site from a sub-folder as a council's server might. scripts/test.sh installs them; the
tests that need one skip, saying why, when it is missing."""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import threading
from pathlib import Path

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
