"""The output: every internal link and anchor resolves, the same content gives the same bytes,
and the live preview serves the output folder and nothing outside it (that it listens on
127.0.0.1 only is tests/clerk/test_preview.py's).
"""

from __future__ import annotations

import http.client
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from scrutinypack.build.builder import build

from ..support.content import BROWSE, ROOT
from ..support.sitecheck import broken_data_links, broken_links, digest

BUNDLED = ROOT / "content"


# -- the link checker itself -------------------------------------------------------------------


def test_the_link_checker_finds_every_kind_of_broken_link(tmp_path):
    site = tmp_path / "site"
    (site / "proposals/a").mkdir(parents=True)
    (site / "index.html").write_text(
        '<a href="proposals/a/">fine</a><a href="proposals/a/#top">anchor</a>'
        '<a href="proposals/b/">no page</a><a href="proposals/a/#nowhere">no anchor</a>'
        '<a href="/proposals/a/">root-absolute</a><a href="../outside.html">outside</a>'
        '<img src="missing.png"><a href="https://example.org/">external</a>',
        encoding="utf-8",
    )
    (site / "proposals/a/index.html").write_text('<h1 id="top">A</h1>', encoding="utf-8")
    (tmp_path / "outside.html").write_text("not the site's", encoding="utf-8")
    assert broken_links(site) == [
        "index.html: proposals/b/",
        "index.html: proposals/a/#nowhere (no such anchor)",
        "index.html: root-absolute link /proposals/a/",
        "index.html: ../outside.html",
        "index.html: missing.png",
    ]


def test_the_data_link_checker_finds_feed_and_data_links_that_lead_nowhere(tmp_path):
    site = tmp_path / "site"
    (site / "data").mkdir(parents=True)
    (site / "proposals/a").mkdir(parents=True)
    (site / "proposals/a/index.html").write_text("A", encoding="utf-8")
    (site / "feed.xml").write_text(
        '<feed xmlns="http://www.w3.org/2005/Atom"><link href="proposals/a/"/>'
        '<link href="proposals/b/"/><link href="https://example.org/"/></feed>',
        encoding="utf-8",
    )
    (site / "data/proposals.json").write_text(
        '{"proposals": [{"ref": "A", "page": "proposals/a/"}, {"ref": "B", "page": "proposals/b/"}]}',
        encoding="utf-8",
    )
    assert broken_data_links(site) == ["feed.xml: proposals/b/", "data/proposals.json: B: proposals/b/"]


# -- built sites -----------------------------------------------------------------------------------


def cli_build(content: Path, out: Path, *options: str) -> None:
    """A build as a user runs one: its own process, PDFs included unless told otherwise."""
    run = subprocess.run(
        [sys.executable, "build.py", "build", *options, "--content", str(content), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr


@pytest.fixture(scope="module")
def browse_with_pdfs(tmp_path_factory):
    """The browse site with its PDFs, built twice into different folders."""
    base = tmp_path_factory.mktemp("browse-pdf")
    for name in ("a", "b"):
        cli_build(BROWSE, base / name / "site")
    return base / "a" / "site", base / "b" / "site"


@pytest.mark.pdf
def test_every_link_and_anchor_of_the_browse_site_resolves(browse_with_pdfs):
    site, _ = browse_with_pdfs
    assert any(site.rglob("*.pdf"))  # the pages link to them
    assert broken_links(site) == []
    assert broken_data_links(site) == []


@pytest.mark.slow
def test_every_link_and_anchor_of_the_bundled_site_resolves(tmp_path):
    build(BUNDLED, tmp_path / "one")
    build(BUNDLED, tmp_path / "two")
    assert broken_links(tmp_path / "one") == []
    assert broken_data_links(tmp_path / "one") == []
    assert digest(tmp_path / "one") == digest(tmp_path / "two")


@pytest.mark.pdf
def test_the_same_content_gives_the_same_bytes_pdfs_included(browse_with_pdfs):
    one, two = browse_with_pdfs
    first, second = digest(one), digest(two)
    assert sorted(first) == sorted(second)
    assert [path for path in first if first[path] != second[path]] == []


@pytest.mark.slow
def test_a_feed_is_the_same_bytes_whatever_the_process_loaded_before(content, tmp_path):
    """A second build in one process (the live preview, a test run) after a build with PDFs:
    importing WeasyPrint re-registers ElementTree's global namespace prefixes, which once gave
    the feeds 'ns0:' prefixes."""
    root = content({})
    cli_build(root, tmp_path / "fresh", "--no-pdf")
    __import__("weasyprint.pdf.metadata")  # what a build with PDFs loads
    build(root, tmp_path / "again")
    assert (tmp_path / "again/feed.xml").read_bytes() == (tmp_path / "fresh/feed.xml").read_bytes()


# -- the live preview --------------------------------------------------------------------------

SECRET = "PRIVATE-BESIDE-THE-SITE-7d1e"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    """``build.py serve`` as a user runs it (no --host), with a secret beside its output folder."""
    base = tmp_path_factory.mktemp("preview")
    (base / "secret.txt").write_text(SECRET, encoding="utf-8")
    (base / "content").symlink_to(BROWSE, target_is_directory=True)
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "build.py",
            "serve",
            "--content",
            str(base / "content"),
            "--out",
            str(base / "site"),
            "--port",
            str(port),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    said = []
    for line in process.stderr:  # waits for the server to say it is ready
        said.append(line)
        if line.startswith("Serving") or process.poll() is not None:
            break
    if not any(line.startswith("Serving") for line in said):
        process.kill()
        pytest.fail("the preview did not start: " + "".join(said))
    yield base, port
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    process.stderr.close()


def get(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.putrequest("GET", path, skip_accept_encoding=True)  # the path exactly as given
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


@pytest.mark.slow
def test_the_preview_serves_the_site(preview):
    base, port = preview
    status, body = get(port, "/")  # the page, with the preview's reload script added
    assert status == 200 and body.startswith((base / "site/index.html").read_bytes()[:200])
    status, body = get(port, "/proposals/ex001/")
    assert status == 200 and b"EX001" in body


@pytest.mark.parametrize(
    "path",
    [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/static/../../secret.txt",
        "/static/%2e%2e/%2e%2e/secret.txt",
        "/..\\secret.txt",
        "/%5c..%5csecret.txt",
        "//secret.txt",
        "/.%2e/secret.txt",
        "/../content/site.yaml",
        "/%2e%2e/content/proposals/ex001.yaml",
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/%252e%252e/secret.txt",
        "http://127.0.0.1/../secret.txt",
    ],
)
def test_the_preview_serves_nothing_outside_the_output_folder(preview, path):
    base, port = preview
    status, body = get(port, path)
    assert SECRET.encode() not in body
    assert b"root:" not in body and b"council:" not in body and b"ref: EX001" not in body
    assert status in (200, 301, 302, 400, 403, 404)
    if status == 200:  # what came back is a file of the site itself
        assert body in {p.read_bytes() for p in (base / "site").rglob("*") if p.is_file()}
