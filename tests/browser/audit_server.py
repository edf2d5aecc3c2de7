"""A local stand-in for the production static host, for the audit tests.

The publish build is served the way Netlify or Cloudflare Pages would serve it:

* the headers the build writes to ``_headers`` (Cache-Control per path, the CSP,
  ``X-Content-Type-Options``, ``Referrer-Policy``), with the ``! Name`` lines that
  detach a header set by an earlier rule;
* gzip for text responses when the request accepts it, with ``Vary: Accept-Encoding``
  (Pagefind's index chunks and WASM are gzip already and are sent as they are);
* ``/folder`` redirects to ``/folder/``, ``/folder/`` serves its ``index.html`` and a
  missing path gets ``404.html`` with status 404;
* HTTP/1.1 keep-alive, as a browser would get from a CDN.

The build's absolute URLs must point at the server, so the port is taken first
(:func:`reserve`) and the site is built for it before the server starts answering.
"""

from __future__ import annotations

import email.utils
import functools
import gzip
import io
import os
import subprocess
import sys
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, BinaryIO

from ..conftest import REPO

TEXT_TYPES = ("text/", "application/javascript", "application/json", "application/xml",
              "application/atom+xml", "application/rss+xml", "application/manifest+json",
              "image/svg+xml")
TYPES = {
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".css": "text/css",
    ".html": "text/html",
    ".json": "application/json",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".woff2": "font/woff2",
    ".csv": "text/csv",
    ".txt": "text/plain",
    ".pdf": "application/pdf",
    ".pagefind": "application/wasm",
    ".pf_meta": "application/octet-stream",
    ".pf_index": "application/octet-stream",
    ".pf_fragment": "application/octet-stream",
    ".pf_filter": "application/octet-stream",
}


@dataclass
class Rule:
    pattern: str
    lines: list[tuple[str, str | None]] = field(default_factory=list)  # (name, value|None=detach)

    def matches(self, path: str) -> bool:
        if self.pattern.endswith("*"):
            return path.startswith(self.pattern[:-1])
        return path == self.pattern


def read_headers_file(text: str) -> list[Rule]:
    """The rules of a Netlify / Cloudflare Pages ``_headers`` file, in order."""
    rules: list[Rule] = []
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append(Rule(line.strip()))
        elif line.strip().startswith("!"):
            rules[-1].lines.append((line.strip()[1:].strip(), None))
        else:
            name, _, value = line.strip().partition(":")
            rules[-1].lines.append((name.strip(), value.strip()))
    return rules


def headers_for(rules: list[Rule], path: str) -> list[tuple[str, str]]:
    headers: list[tuple[str, str]] = []
    for rule in rules:
        if not rule.matches(path):
            continue
        for name, value in rule.lines:
            if value is None:
                headers = [(n, v) for n, v in headers if n.lower() != name.lower()]
            else:
                headers.append((name, value))
    return headers


class HostHandler(SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, **TYPES}
    rules: list[Rule] = []

    def send_head(self) -> BinaryIO | None:
        url_path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        local = Path(self.translate_path(self.path))
        status = 200
        if local.is_dir():
            if not url_path.endswith("/"):
                self.send_response(301)
                query = urllib.parse.urlsplit(self.path).query
                self.send_header("Location", url_path + "/" + ("?" + query if query else ""))
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            local = local / "index.html"
        if not local.is_file():
            status, local = 404, Path(self.directory) / "404.html"
        body = local.read_bytes()
        ctype = self.guess_type(str(local))
        if ctype.startswith("text/") or ctype in ("application/javascript", "application/json"):
            ctype += "; charset=utf-8"
        compress = (ctype.startswith(TEXT_TYPES)
                    and "gzip" in self.headers.get("Accept-Encoding", ""))
        if compress:
            body = gzip.compress(body, compresslevel=6, mtime=0)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", email.utils.formatdate(local.stat().st_mtime,
                                                                 usegmt=True))
        if ctype.startswith(TEXT_TYPES):
            self.send_header("Vary", "Accept-Encoding")
        if compress:
            self.send_header("Content-Encoding", "gzip")
        for name, value in headers_for(self.rules, url_path):
            self.send_header(name, value)
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


class HostServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A browser cancelling a request it no longer needs is no error of the host's.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def reserve() -> ThreadingHTTPServer:
    """A server bound to a free port on 127.0.0.1, not answering yet."""
    return HostServer(("127.0.0.1", 0), SimpleHTTPRequestHandler)


def build_publish(output: Path, site_url: str) -> None:
    """``casebook --config publishconf.py build`` for ``site_url``, as ``make publish`` runs it."""
    env = {**os.environ, "CASEBOOK_SITEURL": site_url}
    done = subprocess.run([sys.executable, "-m", "casebook.cli.main", "--config", "publishconf.py",
                           "build", "--output", str(output)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


@contextmanager
def serve_publish_build(output: Path) -> Iterator[str]:
    """Build the publish site into ``output`` and serve it like the host; yields the base URL."""
    server = reserve()
    with server:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        build_publish(output, base)
        rules = read_headers_file((output / "_headers").read_text(encoding="utf-8"))
        handler = type("PublishHandler", (HostHandler,), {"rules": rules})
        server.RequestHandlerClass = functools.partial(handler, directory=str(output))
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield base
        finally:
            server.shutdown()
