"""Live preview: build, serve the output folder, rebuild on every change, refresh the browser.

livereload watches the content folder and the templates (by polling) and keeps a socket
open to each browser. Rebuilds run one at a time in a worker thread, so the server keeps
answering while one runs and a burst of saves makes one rebuild; after each, the browsers
are told to reload. A rebuild makes again only the pages of the records the edit touches;
the pages that list every record and the search index are brought up to date once the
edits pause. The site is written by the same :class:`Builder` as ``build`` (into a
temporary folder, then swapped in), so a failed rebuild changes nothing on disk. While the
content cannot be built, every page is answered with an error page naming the file and
line; nothing a rebuild raises stops the server.

A browser's socket counts only from its handshake, a moment after its page has loaded; a
rebuild in that moment would reload nobody. So each page served notes the build it came
from, and a socket that joins after a later build is told to reload at once.
"""

from __future__ import annotations

import errno
import ipaddress
import json
import logging
import os
import socket
import sys
import threading
import time
import traceback
from pathlib import Path
from urllib.parse import urlsplit

from livereload import Server
from livereload.handlers import ForceReloadHandler, LiveReloadHandler, LiveReloadJSHandler, StaticFileHandler
from livereload.server import LiveScriptInjector
from tornado import web
from tornado.ioloop import IOLoop

from ..build.builder import Builder
from ..problems import ContentError, OutputError, Problem, tally
from ..render.html import TEMPLATES
from .overlay import Shown, error_page, with_context

LOOPBACK = ("127.0.0.1", "localhost", "::1")
#: What livereload puts before each page's </head>: it loads the script that opens the socket.
LIVE_SCRIPT = (
    b'<script type="text/javascript">(function(){var s=document.createElement("script");'
    b"var port=(window.location.port || (window.location.protocol == 'https:' ? 443: 80));"
    b's.src="//"+window.location.hostname+":"+port+ "/livereload.js?port=" + port;'
    b"document.head.appendChild(s);})();</script>"
)
SEARCH_AFTER = 2.0  # seconds without an edit before the whole site is brought up to date


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class Preview:
    """One content folder built again and again into one output folder, and its current state."""

    def __init__(self, content_dir: Path, out_dir: Path):
        self.content_dir, self.out_dir = Path(content_dir), Path(out_dir)
        self.builder = Builder(
            self.content_dir, self.out_dir, jobs=1
        )  # no forking beside the server's threads
        self.error_page: bytes | None = None  # what every page shows while the build fails
        self._wanted = threading.Event()
        self._reason = ""
        self._loop: IOLoop | None = None
        self.builds = 0  # builds finished since the first
        self.served: dict[str, int] = {}  # page path → the build it was last served from

    # -- building ---------------------------------------------------------------------------
    def rebuild(self, reason: str, complete: bool = True) -> str:
        """Build now; on failure keep the last site, show the error page, and say why.

        Returns what happened: built, content (the content cannot be built as written),
        template (nor a template), output (the output folder cannot be written) or fault
        (an error of ours)."""
        started = time.perf_counter()
        stamp = time.strftime("%H:%M:%S")
        try:
            report = self.builder.build(complete)
        except ContentError as error:
            shown = [self._content_problem(p) for p in error.problems]
            self.error_page = error_page(shown, f"{self.content_dir}/", f"{self.out_dir}/")
            errors = sum(p.severity == "error" for p in error.problems)
            say(
                f"[{stamp}] {reason}: not built, {errors} problem{'s' * (errors != 1)} to fix "
                "(the browser shows them too):"
            )
            for problem in error.problems:
                say(f"  {self.content_dir}/{problem.as_text()}")
            return "content"
        except OutputError as error:
            self.error_page = error_page(
                [Shown(f"{self.out_dir}/", 0, str(error))],
                f"{self.content_dir}/",
                f"{self.out_dir}/",
                "fault",
            )
            say(f"[{stamp}] {reason}: not built: {error}")
            return "output"
        except KeyboardInterrupt:
            raise
        except BaseException as error:  # say so, keep serving the last site
            shown = self._fault(error)
            kind = "template" if shown.path.startswith("templates/") else "fault"
            self.error_page = error_page([shown], f"{self.content_dir}/", f"{self.out_dir}/", kind)
            if kind == "template":
                say(f"[{stamp}] {reason}: not built: {shown.path}:{shown.line}: {shown.message}")
            else:
                say(
                    f"[{stamp}] {reason}: not built: {shown.message}\nThis is a fault in "
                    "scrutinypack; the preview keeps running. Details for a bug report:\n"
                    + "".join(traceback.format_exception(error)).rstrip()
                )
            return kind
        self.error_page = None
        s = report.summary
        say(
            f"[{stamp}] {reason}: built in {time.perf_counter() - started:.2f} s "
            f"({report.rendered} made again, {report.written} with new bytes). Checks: "
            f"{tally(s['errors'], s['warnings'], s.get('undone', 0))} (see /checks/)."
        )
        return "built"

    def _content_problem(self, problem: Problem) -> Shown:
        path = self.content_dir / problem.file
        inside = path.resolve().is_relative_to(self.content_dir.resolve())
        return Shown(
            f"{self.content_dir}/{problem.file}",
            problem.line,
            problem.message,
            with_context(path, problem.line) if inside else [],
        )

    @staticmethod
    def _fault(error: BaseException) -> Shown:
        """An unexpected error, placed at the template line it came from when it came from one."""
        message = f"{type(error).__name__}: {error}"
        filename, line = getattr(error, "filename", None), getattr(error, "lineno", None)
        if not (isinstance(filename, str) and isinstance(line, int)):
            frames = [
                f
                for f in traceback.extract_tb(error.__traceback__)
                if Path(f.filename).resolve().is_relative_to(TEMPLATES)
            ]
            filename, line = (frames[-1].filename, frames[-1].lineno) if frames else (None, 0)
        if filename and Path(filename).resolve().is_relative_to(TEMPLATES):
            path = Path(filename).resolve()
            return Shown(
                f"templates/{path.relative_to(TEMPLATES).as_posix()}",
                line or 0,
                message,
                with_context(path, line or 0),
            )
        return Shown("scrutinypack", 0, message)

    # -- rebuilding on change ---------------------------------------------------------------
    def changed(self, path: str | None) -> None:
        """Called on the server's loop when a watched file changes: ask the worker to rebuild."""
        self._loop = IOLoop.current()
        self._reason = f"{_shown_path(path)} changed" if path else "a file changed"
        self._wanted.set()

    def start_worker(self) -> None:
        threading.Thread(target=self._work, name="rebuild", daemon=True).start()

    def _work(self) -> None:
        while True:
            if not self._wanted.wait(timeout=SEARCH_AFTER):
                self._catch_up()
                continue
            self._wanted.clear()
            self.rebuild(self._reason, complete=False)
            self.builds += 1
            if self._loop is not None:
                self._loop.add_callback(LiveReloadHandler.reload_waiters, "*")

    def _catch_up(self) -> None:
        """Once the clerk pauses, bring the lists of every record and the search index up to
        date (quietly: the page the clerk is looking at is already up to date)."""
        state = self.builder.state
        if self.error_page is None and state is not None and state.lagging:
            try:
                self.builder.build()
            except Exception as error:  # the next edit's rebuild will say what is wrong
                say(f"the search index could not be brought up to date: {error}")


def _shown_path(path: str) -> str:
    try:
        return Path(path).resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path


def _is_page(path: str) -> bool:
    """A request for a page (not a stylesheet, script or download)."""
    last = path.rsplit("/", 1)[-1]
    return last == "" or last.endswith(".html") or "." not in last


def _ignored(path: str) -> bool:
    """Editors' and the tools' temporary files, which are not content."""
    name = Path(path).name
    return name.startswith((".", "#")) or name.endswith("~")


class Names:
    """The names the preview answers to: this computer's (localhost, 127.0.0.1, [::1]) and the
    --host given, with the port. A page of another site that a browser is tricked into sending
    here (DNS rebinding) names that site in its Host header, and in its WebSocket's Origin."""

    def __init__(self, host: str, port: int):
        self.port = port
        self.any_address = host in ("", "0.0.0.0", "::")  # every address of this computer
        self.hosts = {"localhost", "127.0.0.1", "[::1]", f"[{host.lower()}]" if ":" in host else host.lower()}

    def allowed(self, host: str) -> bool:
        """Whether a Host header (``name:port``) names this preview."""
        host = host.lower()
        name, port = (host, "") if host.endswith("]") or ":" not in host else host.rsplit(":", 1)
        if port != str(self.port) and not (port == "" and self.port == 80):
            return False
        return name in self.hosts or (self.any_address and _address(name.strip("[]")))

    def allowed_origin(self, origin: str) -> bool:
        parts = urlsplit(origin)
        return parts.scheme == "http" and self.allowed(parts.netloc)


def _address(name: str) -> bool:
    """An address written as numbers (no name a DNS server could point elsewhere)."""
    try:
        ipaddress.ip_address(name)
        return True
    except ValueError:
        return False


class _Guarded(web.RequestHandler):
    """Answers only requests that name this preview (see :class:`Names`); others get 421."""

    def prepare(self):
        names = self.settings["names"]
        if not names.allowed(self.request.host):
            raise web.HTTPError(421)
        return super().prepare()

    def write_error(self, status_code, **kwargs):
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        if status_code == 421:
            self.finish(
                f"This preview answers only at http://127.0.0.1:{self.settings['names'].port}/ "
                "(or the --host it was given), not at the name this request used.\n"
            )
        else:
            self.finish(f"{status_code}: {self._reason}\n")


class _Socket(_Guarded, LiveReloadHandler):
    def initialize(self, preview: Preview):
        self.preview = preview

    def check_origin(self, origin):
        return self.settings["names"].allowed_origin(origin)

    def on_message(self, message):
        joining = self not in LiveReloadHandler.waiters
        super().on_message(message)
        if joining and self in LiveReloadHandler.waiters:  # its 'info': the page it is on
            path = urlsplit(str(json.loads(message).get("url", ""))).path
            if self.preview.served.get(path, self.preview.builds) < self.preview.builds:
                self.send_message({"command": "reload", "path": "*", "liveCSS": True, "liveImg": True})


class _Script(_Guarded, LiveReloadJSHandler):
    pass


class _ForceReload(_Guarded, ForceReloadHandler):
    pass


class _Pages(_Guarded, StaticFileHandler):
    """The output folder's files; while the build fails, the error page in place of each page."""

    def initialize(self, path, default_filename=None, preview: Preview | None = None):
        super().initialize(path, default_filename)
        self.preview = preview

    async def get(self, path, include_body=True):
        if "\0" in path:  # no file has such a name: the request is malformed
            raise web.HTTPError(400)
        if _is_page(path):
            self.preview.served[self.request.path] = self.preview.builds
        page = self.preview.error_page
        if page is not None and _is_page(path):
            self.set_status(503)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            if include_body:
                self.write(page)
            return
        await super().get(path, include_body)


class _Server(Server):
    def __init__(self, preview: Preview, ready: str):
        super().__init__()
        self.preview, self.ready = preview, ready

    def application(self, port, host, liveport=None, debug=None, live_css=True):
        """livereload's application, each handler guarded by the names it answers to; raises
        OSError when it cannot listen."""
        LiveReloadHandler.watcher, LiveReloadHandler.live_css = self.watcher, live_css

        class Injector(LiveScriptInjector):  # livereload's own script, which loads livereload.js
            script = LIVE_SCRIPT

        handlers = [
            (r"/livereload", _Socket, {"preview": self.preview}),
            (r"/forcereload", _ForceReload),
            (r"/livereload.js", _Script),
            (
                r"/(.*)",
                _Pages,
                {"path": self.root, "default_filename": "index.html", "preview": self.preview},
            ),
        ]
        app = web.Application(handlers, transforms=[Injector], names=Names(host, port))
        app.listen(port, address=host)
        say(self.ready)

    def _setup_logging(self):
        """Quiet: the preview says what happens; livereload and Tornado only their problems."""
        handler = logging.StreamHandler()
        for name, level in (
            ("livereload", logging.WARNING),
            ("tornado", logging.WARNING),
            ("tornado.access", logging.CRITICAL + 1),
        ):
            logger = logging.getLogger(name)
            logger.setLevel(level)
            if name != "tornado.access":
                logger.addHandler(handler)


def cannot_listen(host: str, port: int) -> str | None:
    """Why the server could not listen on host:port (and what to do), or None if it can."""
    try:
        with socket.create_server((host, port), family=socket.AF_INET6 if ":" in host else socket.AF_INET):
            return None
    except OSError as error:
        return listen_problem(error, host, port)


def listen_problem(error: OSError, host: str, port: int) -> str:
    if error.errno == errno.EADDRINUSE:
        return (
            f"port {port} on {host} is already in use (is another preview running?): stop it, "
            f"or choose another port, e.g. --port {port + 1}"
        )
    if error.errno == errno.EACCES:
        return f"port {port} needs administrator rights: choose a port above 1024, e.g. --port 8000"
    reason = os.strerror(error.errno) if (error.errno or 0) > 0 else "no such address"
    return (
        f"cannot listen on {host}:{port} ({reason}): check --host, which must "
        "be an address of this computer, e.g. 127.0.0.1"
    )


def serve(content_dir: Path, out_dir: Path, host: str, port: int, open_browser: bool) -> int:
    problem = cannot_listen(host, port)
    if problem:
        say(f"error: {problem}")
        return 2
    if not Path(content_dir).is_dir():
        say(
            f"error: the content folder {content_dir}/ does not exist: give --content the folder "
            "that holds site.yaml"
        )
        return 2
    preview = Preview(content_dir, out_dir)
    if preview.rebuild("first build") == "output":
        return 2
    url = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
    ready = (
        f"Serving {out_dir}/ at {url}\nEdits to {content_dir}/ and to the templates rebuild it "
        "and refresh the browser. Press Ctrl+C to stop."
    )
    if host not in LOOPBACK:
        ready += (
            f"\nnote: on {host}, anyone who can reach this computer can see the preview; "
            "leave out --host to keep it to this computer"
        )
    server = _Server(preview, ready)
    for folder in (Path(content_dir), TEMPLATES):
        server.watch(
            str(folder), lambda: preview.changed(server.watcher.filepath), delay="forever", ignore=_ignored
        )
    preview.start_worker()
    try:
        server.serve(port=port, host=host, root=str(out_dir), open_url_delay=0 if open_browser else None)
    except OSError as error:
        say(f"error: {listen_problem(error, host, port)}")
        return 2
    say("Stopped. The site in " + f"{out_dir}/ is the last one that built.")
    return 0
