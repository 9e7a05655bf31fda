"""The live preview run as a clerk runs it: the real 'build.py serve' in its own process, asked for
pages over HTTP until it answers."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .content import ROOT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


class Preview:
    def __init__(self, root: Path, out: Path, log: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = log
        self.process = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "build.py"),
                "serve",
                "--content",
                str(root),
                "--out",
                str(out),
                "--port",
                str(self.port),
            ],
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            cwd=root.parent,
        )
        self.until(lambda: self._answers(), "the server to answer")

    def _answers(self) -> bool:
        try:
            fetch(self.url)
            return True
        except OSError:
            return False

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8")

    def until(self, check, what: str, deadline: float = 60):
        """Wait for ``check()`` to be truthy; fail if the server stops or the deadline passes."""
        end = time.monotonic() + deadline
        while time.monotonic() < end:
            assert self.process.poll() is None, f"the server stopped:\n{self.output()}"
            result = check()
            if result:
                return result
            time.sleep(0.2)
        pytest.fail(f"waited {deadline} s for {what}; the server said:\n{self.output()}")

    def page(self, path: str, status: int, containing: str) -> str:
        """Wait until ``path`` answers ``status`` with ``containing`` in its body; return it."""

        def check():
            code, body = fetch(self.url + path)
            return body if code == status and containing in body else None

        return self.until(check, f"{path} to answer {status} with {containing!r}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
