"""Browser tier: the sample site built once, served on localhost, driven in Chromium.

Chromium is Debian's /usr/bin/chromium (``make test`` installs it), driven by
Playwright for Python; the server sends a strict Content-Security-Policy so
any inline script or style the theme slipped in would show up as a console
error.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from ..conftest import REPO

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update"]
CSP = ("default-src 'self'; img-src 'self'; style-src 'self'; "
       "script-src 'self' 'wasm-unsafe-eval'; "
       "frame-src https://www.youtube-nocookie.com https://player.vimeo.com; "
       "object-src 'none'; base-uri 'self'; form-action 'self'")
ARTIFACTS = REPO / "test-artifacts"


class CspHandler(SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", CSP)
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@contextlib.contextmanager
def served_folder(folder: Path, handler: type[SimpleHTTPRequestHandler] = CspHandler
                  ) -> Iterator[str]:
    """``folder`` on a free local port (by default with the site's policy); its address."""
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def base_url(sample_output: Path) -> Iterator[str]:
    with served_folder(sample_output) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), "run `make test`: it installs Debian's chromium"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    # Nothing may leave localhost; anything that tries is recorded and refused.
    context.route(lambda url: not url.startswith("http://127.0.0.1"),
                  lambda route: route.abort())
    opened = context.new_page()
    yield opened
    context.close()
