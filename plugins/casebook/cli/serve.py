"""`casebook serve`: build, serve output/ on localhost, rebuild on change."""

from __future__ import annotations

import contextlib
import ctypes
import functools
import json
import os
import signal
import subprocess
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from casebook.cli.build import Build, BuildFailed, build, load_config
from casebook.cli.quickpage import refresh_story_page
from casebook.cli.trouble import unexpected
from casebook.cms import ADMIN, DECAP_SERVER, CmsMissing, admin_csp, node_modules
from casebook.config import ConfigError, local_editor
from casebook.outputs.fingerprint import CSP

WATCHED = ("stories", "content", "theme", "pelicanconf.py")


BUILD_URL = "/__casebook__/build"  # polled by theme/static/js/live-reload.js
PREVIEW = {"CASEBOOK_PREVIEW": True}  # drafts and scheduled items, with a banner


class BuildState:
    """What the open pages poll: a number that changes with every build (and every
    page rewritten at once), and what the last build could not get past (empty when
    it succeeded), shown over the page by live-reload.js."""

    value = 0
    problems: list[str] = []

    @classmethod
    def as_json(cls) -> bytes:
        return json.dumps({"build": cls.value, "problems": cls.problems},
                          ensure_ascii=False).encode()


class SiteHandler(SimpleHTTPRequestHandler):
    """Serves the current output/ (it is swapped on rebuild) with the site's 404 page,
    under the site's Content-Security-Policy: what it would block on the host, it
    blocks in the preview. The browser editor (/admin/) has a policy of its own."""

    admin_policy = ""  # set when the editor is served
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".yml": "text/yaml",
                      ".wasm": "application/wasm"}

    def end_headers(self) -> None:
        admin = self.admin_policy and self.path.startswith(f"/{ADMIN}/")
        self.send_header("Content-Security-Policy", self.admin_policy if admin else CSP)
        if admin:
            self.send_header("Cache-Control", "no-store")  # a new build, a new config
        super().end_headers()

    def do_GET(self) -> None:
        if self.path == BUILD_URL:
            body = BuildState.as_json()
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code == 404 and page.exists():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass


class Previewer:
    """Full preview builds in a thread of their own; edited story pages at once.

    A save whose only change is a story's body rewrites that page in place
    and reloads the browser (``quickpage``), while the full build runs. A
    page rewritten during a build is rewritten again on the build's output
    before the browser is told about it, so it never goes back in time.
    """

    def __init__(self, config: Path, overrides: dict[str, Any] | None = None) -> None:
        self.config = config
        self.overrides = {**PREVIEW, **(overrides or {})}
        self.lock = threading.Lock()
        self.session: Build | None = None  # the last build, to rewrite edited pages with
        self.quick: dict[Path, float] = {}  # page rewritten in place -> when
        self.wanted = threading.Event()

    def build_now(self) -> bool:
        """One full preview build. A failed one leaves the last good site served, and
        its problems over every open page until a build succeeds."""
        started = time.monotonic()
        kept: list[Build] = []
        try:
            build(self.config, self.overrides, force=True, keep=kept.append)
        except BuildFailed as exc:
            print(f"build failed: {exc}", file=sys.stderr)
            return self.failed(exc.problems or [f"build failed: {exc}"])
        except ConfigError as exc:
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            return self.failed([str(problem) for problem in exc.problems])
        except Exception as exc:  # noqa: BLE001 - a file deleted mid-build, and the unforeseen
            sentence = unexpected(exc, self.config.parent)
            print(sentence, file=sys.stderr)
            return self.failed([sentence])
        with self.lock:
            self.session = kept[0]
            for path, when in list(self.quick.items()):
                if when < started:
                    del self.quick[path]  # the build read this edit itself
                else:
                    refresh_story_page(self.session, path)
            BuildState.problems = []
            BuildState.value += 1
        print("site rebuilt (preview: drafts and scheduled items shown)", file=sys.stderr)
        return True

    def failed(self, problems: list[str]) -> bool:
        with self.lock:
            BuildState.problems = problems
            BuildState.value += 1
        return False

    def changed(self, paths: list[Path]) -> None:
        """Rewrite what can be rewritten at once, then ask for a full build."""
        with self.lock:
            written = [path for path in paths if path.suffix in (".md", ".markdown")
                       and self.session is not None
                       and refresh_story_page(self.session, path)]
            for path in written:
                self.quick[path] = time.monotonic()
            if written:
                BuildState.value += 1
                print(f"page updated: {', '.join(p.name for p in written)} "
                      "(the full rebuild follows)", file=sys.stderr)
        self.wanted.set()

    def keep_building(self) -> None:
        while True:
            self.wanted.wait()
            self.wanted.clear()
            self.build_now()


def serve(config: Path, host: str, port: int, cms_port: int | None = None) -> int:
    root = config.parent
    overrides: dict[str, Any] = {}
    if cms_port is not None:
        overrides = local_editor(f"http://127.0.0.1:{cms_port}/api/v1")
        SiteHandler.admin_policy = admin_csp([f"http://127.0.0.1:{cms_port}"], [])
    output = load_config(config, {**PREVIEW, **overrides}).output
    signal.signal(signal.SIGTERM, stop_on_terminate)  # stopped by a service manager: tidy up
    # Ctrl+C stops it however it was started: a process started from a background job
    # (a CI script, nohup) inherits SIGINT ignored, and Python then installs no handler.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    editor = start_editor_backend(root, cms_port) if cms_port is not None else None
    try:
        preview(config, overrides, output, host, port, editor is not None)
    except KeyboardInterrupt:
        pass
    finally:
        if editor is not None:
            stop_editor_backend(editor)
    return 0


def stop_editor_backend(editor: subprocess.Popen[bytes]) -> None:
    """decap-server waits for the browser's open connections before it ends on SIGTERM;
    after a moment it is stopped outright (it writes each file whole, at once)."""
    editor.terminate()
    try:
        editor.wait(timeout=3)
    except subprocess.TimeoutExpired:
        editor.kill()
        editor.wait()


def preview(config: Path, overrides: dict[str, Any], output: Path, host: str, port: int,
            with_editor: bool) -> None:
    """Build, serve ``output`` and rebuild on change, until Ctrl+C. The watcher starts
    before the first build, so a save made while it runs (or the moment the page first
    shows) is seen and rebuilt, never lost."""
    previewer = Previewer(config, overrides)
    watcher = Watcher(previewer, config.parent)
    watcher.start()
    previewer.build_now()
    output.mkdir(exist_ok=True)
    handler = functools.partial(SiteHandler, directory=str(output))
    server = ThreadingHTTPServer((host, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    threading.Thread(target=previewer.keep_building, name="builds", daemon=True).start()
    print(f"Serving http://{host}:{port}/ (Ctrl+C to stop); rebuilding on change",
          file=sys.stderr)
    if with_editor:
        print(f"The browser editor: http://{host}:{port}/{ADMIN}/ (it writes to "
              f"{config.parent})", file=sys.stderr)
    try:
        watcher.stopped.wait()  # Ctrl+C interrupts the wait
    finally:
        watcher.stopped.set()
        server.shutdown()


def stop_on_terminate(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def start_editor_backend(root: Path, port: int) -> subprocess.Popen[bytes] | None:
    """decap-server, the browser editor's local backend: it reads and writes the
    files of ``root`` for the editor at /admin/ (on this machine only)."""
    try:
        modules = node_modules(root)
    except CmsMissing as exc:
        print(f"casebook serve --cms: {exc}", file=sys.stderr)
        return None
    env = {**os.environ, "PORT": str(port), "BIND_HOST": "127.0.0.1", "MODE": "fs",
           "GIT_REPO_DIRECTORY": str(root.resolve()), "LOG_LEVEL": "warn"}
    return subprocess.Popen(["node", str(modules / DECAP_SERVER)], cwd=root, env=env,
                            preexec_fn=ends_with_parent)


def ends_with_parent() -> None:
    """In the backend's process before it starts: Linux ends it when `casebook serve`
    ends, however that ends (a backend left behind would keep its port, and write)."""
    with contextlib.suppress(OSError, AttributeError):  # not Linux: serve ends it itself
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


PR_SET_PDEATHSIG = 1


class Watcher:
    """Sends every save under the project's sources to the previewer, from a thread of
    its own. watchfiles asks its stop event ``is_set()`` on every step once its
    watches are in place; the first question is taken as the sign that it watches."""

    def __init__(self, previewer: Previewer, root: Path) -> None:
        self.previewer = previewer
        self.paths = [root / name for name in WATCHED if (root / name).exists()]
        self.root = root
        self.watching = threading.Event()
        self.stopped = threading.Event()

    def is_set(self) -> bool:
        self.watching.set()
        return self.stopped.is_set()

    def start(self, seconds: float = 10) -> None:
        threading.Thread(target=self.run, name="watch", daemon=True).start()
        self.watching.wait(seconds)

    def run(self) -> None:
        from watchfiles import watch

        try:
            for changes in watch(*self.paths, debounce=50, step=20, stop_event=self):
                self.previewer.changed([Path(path) for _, path in changes])
        except Exception as exc:  # noqa: BLE001 - a watched folder removed, and the unforeseen
            print(unexpected(exc, self.root), file=sys.stderr)
        finally:
            self.watching.set()
            self.stopped.set()  # no saves seen: serve ends rather than serve a stale site
