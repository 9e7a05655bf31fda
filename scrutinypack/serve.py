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
"""
from __future__ import annotations

import errno
import os
import socket
import sys
import threading
import time
import traceback
from pathlib import Path

from livereload import Server
from livereload.handlers import LiveReloadHandler, StaticFileHandler
from tornado.ioloop import IOLoop

from .builder import Builder
from .overlay import Shown, error_page, with_context
from .problems import ContentError, Problem, tally
from .render.html import TEMPLATES
from .write import OutputError

LOOPBACK = ("127.0.0.1", "localhost", "::1")
SEARCH_AFTER = 2.0   # seconds without an edit before the whole site is brought up to date


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class Preview:
    """One content folder built again and again into one output folder, and its current state."""

    def __init__(self, content_dir: Path, out_dir: Path):
        self.content_dir, self.out_dir = Path(content_dir), Path(out_dir)
        self.builder = Builder(self.content_dir, self.out_dir, jobs=1)   # no forking beside the server's threads
        self.error_page: bytes | None = None    # what every page shows while the build fails
        self._wanted = threading.Event()
        self._reason = ""
        self._loop: IOLoop | None = None

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
            say(f"[{stamp}] {reason}: not built, {errors} problem{'s' * (errors != 1)} to fix "
                "(the browser shows them too):")
            for problem in error.problems:
                say(f"  {self.content_dir}/{problem.as_text()}")
            return "content"
        except OutputError as error:
            self.error_page = error_page([Shown(f"{self.out_dir}/", 0, str(error))],
                                         f"{self.content_dir}/", f"{self.out_dir}/", "fault")
            say(f"[{stamp}] {reason}: not built: {error}")
            return "output"
        except KeyboardInterrupt:
            raise
        except BaseException as error:   # say so, keep serving the last site
            shown = self._fault(error)
            kind = "template" if shown.path.startswith("templates/") else "fault"
            self.error_page = error_page([shown], f"{self.content_dir}/", f"{self.out_dir}/", kind)
            if kind == "template":
                say(f"[{stamp}] {reason}: not built: {shown.path}:{shown.line}: {shown.message}")
            else:
                say(f"[{stamp}] {reason}: not built: {shown.message}\nThis is a fault in "
                    "scrutinypack; the preview keeps running. Details for a bug report:\n"
                    + "".join(traceback.format_exception(error)).rstrip())
            return kind
        self.error_page = None
        say(f"[{stamp}] {reason}: built in {time.perf_counter() - started:.2f} s "
            f"({report.rendered} made again, {report.written} with new bytes). Checks: "
            f"{tally(report.summary['errors'], report.summary['warnings'], report.summary.get('undone', 0))} (see /checks/).")
        return "built"

    def _content_problem(self, problem: Problem) -> Shown:
        path = self.content_dir / problem.file
        inside = path.resolve().is_relative_to(self.content_dir.resolve())
        return Shown(f"{self.content_dir}/{problem.file}", problem.line, problem.message,
                     with_context(path, problem.line) if inside else [])

    @staticmethod
    def _fault(error: BaseException) -> Shown:
        """An unexpected error, placed at the template line it came from when it came from one."""
        message = f"{type(error).__name__}: {error}"
        filename, line = getattr(error, "filename", None), getattr(error, "lineno", None)
        if not (isinstance(filename, str) and isinstance(line, int)):
            frames = [f for f in traceback.extract_tb(error.__traceback__)
                      if Path(f.filename).resolve().is_relative_to(TEMPLATES)]
            filename, line = (frames[-1].filename, frames[-1].lineno) if frames else (None, 0)
        if filename and Path(filename).resolve().is_relative_to(TEMPLATES):
            path = Path(filename).resolve()
            return Shown(f"templates/{path.relative_to(TEMPLATES).as_posix()}", line or 0, message,
                         with_context(path, line or 0))
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
            if self._loop is not None:
                self._loop.add_callback(LiveReloadHandler.reload_waiters, "*")

    def _catch_up(self) -> None:
        """Once the clerk pauses, bring the lists of every record and the search index up to
        date (quietly: the page the clerk is looking at is already up to date)."""
        state = self.builder.state
        if self.error_page is None and state is not None and state.lagging:
            try:
                self.builder.build()
            except Exception as error:   # the next edit's rebuild will say what is wrong
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


class _Pages(StaticFileHandler):
    """The output folder's files; while the build fails, the error page in place of each page."""

    def initialize(self, path, default_filename=None, preview: Preview | None = None):
        super().initialize(path, default_filename)
        self.preview = preview

    async def get(self, path, include_body=True):
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

    def get_web_handlers(self, script):
        return [(r"/(.*)", _Pages, {"path": self.root, "default_filename": "index.html",
                                    "preview": self.preview})]

    def application(self, *args, **kwargs):
        super().application(*args, **kwargs)   # raises OSError when it cannot listen
        say(self.ready)

    def _setup_logging(self):
        """Quiet: the preview says what happens; livereload and Tornado only their problems."""
        import logging
        handler = logging.StreamHandler()
        for name, level in (("livereload", logging.WARNING), ("tornado", logging.WARNING),
                            ("tornado.access", logging.CRITICAL + 1)):
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
        return (f"port {port} on {host} is already in use (is another preview running?): stop it, "
                f"or choose another port, e.g. --port {port + 1}")
    if error.errno == errno.EACCES:
        return f"port {port} needs administrator rights: choose a port above 1024, e.g. --port 8000"
    reason = os.strerror(error.errno) if (error.errno or 0) > 0 else "no such address"
    return (f"cannot listen on {host}:{port} ({reason}): check --host, which must "
            "be an address of this computer, e.g. 127.0.0.1")


def serve(content_dir: Path, out_dir: Path, host: str, port: int, open_browser: bool) -> int:
    problem = cannot_listen(host, port)
    if problem:
        say(f"error: {problem}")
        return 2
    if not Path(content_dir).is_dir():
        say(f"error: the content folder {content_dir}/ does not exist: give --content the folder "
            "that holds site.yaml")
        return 2
    preview = Preview(content_dir, out_dir)
    if preview.rebuild("first build") == "output":
        return 2
    url = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
    ready = (f"Serving {out_dir}/ at {url}\nEdits to {content_dir}/ and to the templates rebuild it "
             "and refresh the browser. Press Ctrl+C to stop.")
    if host not in LOOPBACK:
        ready += (f"\nnote: on {host}, anyone who can reach this computer can see the preview; "
                  "leave out --host to keep it to this computer")
    server = _Server(preview, ready)
    for folder in (Path(content_dir), TEMPLATES):
        server.watch(str(folder), lambda: preview.changed(server.watcher.filepath),
                     delay="forever", ignore=_ignored)
    preview.start_worker()
    try:
        server.serve(port=port, host=host, root=str(out_dir),
                     open_url_delay=0 if open_browser else None)
    except OSError as error:
        say(f"error: {listen_problem(error, host, port)}")
        return 2
    say("Stopped. The site in " + f"{out_dir}/ is the last one that built.")
    return 0
