"""The live preview, as a clerk uses it: the real ``build.py serve`` in its own process.

Each test starts the server on a free port, fetches pages over HTTP, edits the content on
disk and waits for the page to follow (waits have generous deadlines; nothing is timed).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from ..support.browsers import AXE, CHROMIUM, VNU, chromium
from ..support.content import ROOT
from ..support.preview import Preview, fetch

TITLE_LINE = "title: Reduce waste\n"  # line 2 of the fixture's proposals/sc001.yaml


@pytest.fixture
def preview(content, tmp_path):
    started = []

    def start(root: Path | None = None) -> Preview:
        root = root or content()
        server = Preview(root, tmp_path / "site", tmp_path / "serve.log")
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_preview_serves_the_built_site_to_this_computer_only(preview):
    server = preview()
    server.page("proposals/sc001/", 200, "Reduce waste")
    listening = _listening_addresses(server.port)
    if listening is None:
        pytest.skip("/proc/net/tcp is not available to see which address the server listens on")
    assert listening == {"127.0.0.1"}


def _listening_addresses(port: int) -> set[str] | None:
    """The addresses a TCP port listens on, from Linux's /proc/net/tcp and tcp6."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        path = Path(table)
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            fields = line.split()
            address, hex_port = fields[1].split(":")
            if int(hex_port, 16) == port and fields[3] == "0A":  # 0A: LISTEN
                if len(address) == 8:
                    found.add(socket.inet_ntop(socket.AF_INET, bytes.fromhex(address)[::-1]))
                else:
                    found.add(address)
    return found if Path("/proc/net/tcp").exists() else None


@pytest.mark.slow
def test_an_edit_shows_in_the_page(preview):
    server = preview()
    server.page("proposals/sc001/", 200, "Reduce waste")
    edit(server_content(server), TITLE_LINE, "title: Reduce landfill waste\n")
    server.page("proposals/sc001/", 200, "Reduce landfill waste")
    assert "built in" in server.output()


@pytest.mark.slow
def test_a_mistake_shows_where_it_is_until_it_is_fixed_and_the_server_lives_on(preview):
    server = preview()
    proposal = server_content(server)
    server.page("proposals/sc001/", 200, "Reduce waste")

    edit(proposal, TITLE_LINE, "title: Reduce waste: now\n")  # not YAML: ': ' in a value
    page = server.page("proposals/sc001/", 503, "proposals/sc001.yaml</code>, line 2")
    assert "put the whole value in quotes" in page
    assert "<mark>    2  title: Reduce waste: now</mark>" in page  # the line itself, shown
    assert server.page("", 503, "to fix before the site can be rebuilt")  # every page says so
    assert fetch(server.url + "static/site.css")[0] == 200  # the last site's files stay

    edit(proposal, "title: Reduce waste: now\n", "title: Reduce waste\nservce: Waste\n")
    page = server.page("proposals/sc001/", 503, "proposals/sc001.yaml</code>, line 3")
    assert "did you mean &#39;service&#39;?" in page

    edit(proposal, "servce: Waste\n", "")
    server.page("proposals/sc001/", 200, "Reduce waste")
    assert server.process.poll() is None
    assert "Traceback" not in server.output()


@pytest.mark.slow
def test_a_site_that_cannot_be_built_at_first_is_still_served_with_its_error(preview, content):
    root = content({"proposals/sc001.yaml": "ref: SC001\ntitle: [Reduce waste\n"})
    server = preview(root)
    server.page("", 503, "proposals/sc001.yaml</code>, line")
    edit(root / "proposals/sc001.yaml", "[Reduce waste", "Reduce waste")
    server.page("proposals/sc001/", 200, "Reduce waste")


@pytest.mark.slow
def test_an_edit_to_a_template_of_the_councils_own_shows_and_so_does_its_mistake(preview, content):
    """<content>/templates/ is watched with the content: adding, editing and breaking an
    override each rebuild the site, and a broken one is shown at its line."""
    from scrutinypack.render.html import TEMPLATES

    root = content()
    server = preview(root)
    server.page("", 200, "Skip to main content")
    mine = root / "templates/base.html"
    mine.parent.mkdir()
    default = (TEMPLATES / "base.html").read_text(encoding="utf-8")
    mine.write_text(default.replace("Skip to main content", "Skip to our content"), encoding="utf-8")
    server.page("proposals/sc001/", 200, "Skip to our content")
    edit(mine, "Skip to our content", "Skip to the papers")
    server.page("proposals/sc001/", 200, "Skip to the papers")
    edit(mine, "Skip to the papers", "Skip to {{ the_papers }}")
    line = default.split("\n").index(next(t for t in default.split("\n") if "Skip to main content" in t)) + 1
    page = server.page("", 503, f"templates/base.html</code>, line {line}")
    assert "&#39;the_papers&#39; is undefined" in page
    edit(mine, "Skip to {{ the_papers }}", "Skip to the papers")
    server.page("", 200, "Skip to the papers")
    assert "Traceback" not in server.output()


def test_a_port_in_use_is_explained(content, tmp_path):
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        done = subprocess.run(
            [
                sys.executable,
                str(ROOT / "build.py"),
                "serve",
                "--content",
                str(content()),
                "--out",
                str(tmp_path / "site"),
                "--port",
                str(port),
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 2
    assert f"port {port} on 127.0.0.1 is already in use" in done.stderr
    assert f"--port {port + 1}" in done.stderr
    assert "Traceback" not in done.stderr


def test_serve_help_says_how_to_use_it(capsys):
    from scrutinypack.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["serve", "--help"])
    assert exit_.value.code == 0
    text = capsys.readouterr().out
    for option in ("--content", "--out", "--port", "--host", "--open", "Ctrl+C"):
        assert option in text


def server_content(server: Preview) -> Path:
    return Path(server.process.args[server.process.args.index("--content") + 1]) / "proposals/sc001.yaml"


# -- in a real browser: livereload refreshes the page by itself ------------------------------


@pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Chromium is not installed: sh scripts/test.sh installs Debian's chromium when run as root",
)
def _socket_messages(server: Preview, page: str, seconds: float) -> list[dict]:
    """Join the live-reload socket as the page at ``page`` does (hello, then info) and return
    what the preview sends in the ``seconds`` after the handshake."""
    import asyncio
    import json

    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    async def talk() -> list[dict]:
        request = HTTPRequest(
            f"ws://127.0.0.1:{server.port}/livereload", headers={"Origin": server.url.rstrip("/")}
        )
        connection = await websocket_connect(request)
        await connection.write_message(json.dumps({"command": "hello"}))
        assert json.loads(await connection.read_message())["command"] == "hello"
        await connection.write_message(json.dumps({"command": "info", "url": server.url + page}))
        said = []
        try:
            while True:
                said.append(json.loads(await asyncio.wait_for(connection.read_message(), seconds)))
        except asyncio.TimeoutError:
            pass
        connection.close()
        return said

    return asyncio.run(talk())


@pytest.mark.slow
def test_a_page_whose_socket_joins_after_a_rebuild_is_reloaded_at_once(preview):
    """A page loaded just before an edit was built, whose socket says hello just after, would
    otherwise miss the reload and show the old page."""
    server = preview()
    server.page("proposals/sc001/", 200, "Reduce waste")  # the page as the browser got it
    server.page("", 200, "</html>")  # another page, before the edit too
    edit(server_content(server), TITLE_LINE, "title: Reduce landfill waste\n")
    server.until(lambda: server.output().count("built in") >= 2, "the edit to be built")
    assert [m["command"] for m in _socket_messages(server, "proposals/sc001/", 2)] == ["reload"]
    server.page("proposals/sc001/", 200, "Reduce landfill waste")  # reloaded: the new page
    assert _socket_messages(server, "proposals/sc001/", 2) == []  # up to date: left alone


@pytest.mark.browser
def test_the_browser_follows_edits_and_mistakes_by_itself(preview):
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")

    server = preview()
    proposal = server_content(server)
    with chromium() as browser:
        page = browser.new_page()
        page.goto(server.url + "proposals/sc001/")
        heading = page.locator("h1")
        sync_api.expect(heading).to_contain_text("Reduce waste")
        page.wait_for_function("() => window.LiveReload && LiveReload.connector.protocol > 0")

        edit(proposal, TITLE_LINE, "title: Reduce landfill waste\n")
        sync_api.expect(heading).to_contain_text("Reduce landfill waste", timeout=60_000)

        edit(proposal, "title: Reduce landfill waste\n", "title: Reduce landfill waste\nservce: Waste\n")
        sync_api.expect(heading).to_contain_text("to fix before the site", timeout=60_000)
        sync_api.expect(page.locator(".where")).to_contain_text("proposals/sc001.yaml, line 3")
        if AXE.exists():
            page.add_script_tag(path=str(AXE))
            for scheme in ("light", "dark"):
                page.emulate_media(color_scheme=scheme)
                found = page.evaluate("""async () => (await axe.run(document, {runOnly: {type: 'tag',
                    values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}}))
                    .violations.map(v => v.id + ': ' + v.nodes.map(n => n.target).join(' '))""")
                assert found == [], scheme

        edit(proposal, "servce: Waste\n", "")
        sync_api.expect(heading).to_contain_text("Reduce landfill waste", timeout=60_000)


@pytest.mark.slow
@pytest.mark.skipif(
    not VNU.is_file() or shutil.which("java") is None,
    reason="the Nu HTML Checker (sh scripts/test.sh) and Java are needed",
)
def test_the_error_page_is_valid_html(tmp_path):
    import json

    from scrutinypack.clerk.overlay import Shown, error_page

    problem = Shown(
        "content/proposals/sc001.yaml",
        2,
        "YAML cannot be read here: <quote it>",
        [(1, "ref: SC001", False), (2, "title: Reduce <waste>: now", True)],
    )
    (tmp_path / "content.html").write_bytes(error_page([problem], "content/", "site/"))
    (tmp_path / "fault.html").write_bytes(
        error_page([Shown("scrutinypack", 0, "KeyError: 'x'")], "content/", "site/", "fault")
    )
    run = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU),
            "--format",
            "json",
            str(tmp_path / "content.html"),
            str(tmp_path / "fault.html"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert json.loads(run.stderr)["messages"] == []
    page = (tmp_path / "content.html").read_text(encoding="utf-8")
    assert "Reduce &lt;waste&gt;: now" in page and "<quote it>" not in page  # escaped


def test_a_template_mistake_is_shown_at_its_template_and_line():
    from jinja2 import UndefinedError

    from scrutinypack.clerk.preview import Preview
    from scrutinypack.render.html import make_environment

    with pytest.raises(UndefinedError) as raised:  # a real template, rendered with nothing
        make_environment().get_template("proposal.html").render({})
    shown = Preview._fault(raised.value)
    assert shown.path.startswith("templates/") and shown.path.endswith(".html")
    assert shown.line > 0 and shown.message.startswith("UndefinedError: ")
    assert [number for number, _, here in shown.context if here] == [shown.line]
