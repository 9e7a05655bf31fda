"""A preview never leaves a half site: 'serve' writes its own folder, never site/, and says that
the PDFs, and the folder to publish, come from 'build'."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest

from scrutinypack.cli import main


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_previews_into_its_own_folder_and_never_touches_site(tmp_path, capsys):
    assert main(["new", "site", "--content", str(tmp_path / "content")]) == 0
    process = subprocess.Popen(
        [sys.executable, "-m", "scrutinypack", "serve", "--content", "content", "--port", str(free_port())],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    said = []
    try:
        for line in process.stderr:  # until the server says it is ready, or stops
            said.append(line)
            if line.startswith("Serving") or process.poll() is not None:
                break
    finally:
        process.terminate()
        process.wait(timeout=60)
    text = "".join(said)
    assert "Serving preview/" in text, text
    assert "has no PDFs: publish only site/" in text and "'scrutinypack build'" in text
    assert (tmp_path / "preview/index.html").is_file()
    assert not (tmp_path / "site").exists()
    ignored = (tmp_path / ".gitignore").read_text(encoding="utf-8").split()
    assert "/preview/" in ignored and "/.preview-cache/" in ignored


def test_serve_help_says_where_the_preview_goes_and_what_to_publish(capsys):
    with pytest.raises(SystemExit):
        main(["serve", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "default: preview/" in text and "writes site/ with its PDFs, the folder to publish" in text
