"""`casebook serve`: build, serve output/ on localhost, rebuild on change."""

from __future__ import annotations

import functools
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from .build import BuildFailed, build

WATCHED = ("stories", "content", "theme", "pelicanconf.py")


BUILD_URL = "/__casebook__/build"  # polled by theme/static/js/live-reload.js
PREVIEW = {"CASEBOOK_PREVIEW": True}  # drafts and scheduled items, with a banner


class BuildCounter:
    value = 0


class SiteHandler(SimpleHTTPRequestHandler):
    """Serves the current output/ (it is swapped on rebuild) with the site's 404 page."""

    def do_GET(self) -> None:
        if self.path == BUILD_URL:
            body = str(BuildCounter.value).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
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


def try_build(config: Path) -> bool:
    try:
        build(config, PREVIEW)
    except BuildFailed as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return False
    BuildCounter.value += 1
    print("site rebuilt (preview: drafts and scheduled items shown)", file=sys.stderr)
    return True


def serve(config: Path, host: str, port: int) -> int:
    root = config.parent
    try_build(config)
    output = root / "output"
    output.mkdir(exist_ok=True)
    handler = functools.partial(SiteHandler, directory=str(output))
    server = ThreadingHTTPServer((host, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Serving http://{host}:{port}/ (Ctrl+C to stop); rebuilding on change",
          file=sys.stderr)
    try:
        watch_and_rebuild(config, root)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return 0


def watch_and_rebuild(config: Path, root: Path) -> None:
    from watchfiles import watch

    paths = [root / name for name in WATCHED if (root / name).exists()]
    for _changes in watch(*paths, debounce=200):
        try_build(config)
