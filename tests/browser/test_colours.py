"""A site in its own colour, as a reader sees it: the brand tokens applied under the
site's Content-Security-Policy, in light and dark, at phone and desktop widths."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from ..conftest import Project
from .conftest import ARTIFACTS, CspHandler


@pytest.fixture
def coloured_site(project: Project) -> Iterator[str]:
    project.story("stories/acme/index.md")
    project.story("stories/acme/index.ja.md", title="Acme Tools は受注残を半減",
                  summary="Acme Tools は承認を移しました。", lang="ja")
    project.write("pelicanconf.py", (project.root / "pelicanconf.py").read_text()
                  + 'CASEBOOK_COLOURS = {"brand": "#0f766e"}\n')
    assert project.build().code == 0
    handler = functools.partial(CspHandler, directory=str(project.output))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.parametrize(("scheme", "button", "text"), [
    ("light", "rgb(15, 118, 110)", "rgb(255, 255, 255)"),  # #0f766e, white on it
    ("dark", "rgb(104, 169, 164)", "rgb(12, 17, 27)"),  # its readable shade, night on it
])
def test_the_site_colour_paints_buttons_and_links(browser: Browser, coloured_site: str,
                                                  scheme: str, button: str, text: str) -> None:
    errors: list[str] = []
    for width in (375, 1280):
        context = browser.new_context(viewport={"width": width, "height": 800},
                                      color_scheme=scheme)  # type: ignore[arg-type]
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        for path, name in (("/", "Search"), ("/ja/", "検索")):
            page.goto(coloured_site + path)
            search = page.locator("main form button[type=submit]").first
            assert search.evaluate("b => getComputedStyle(b).backgroundColor") == button
            assert search.evaluate("b => getComputedStyle(b).color") == text
            assert name in search.inner_text()
            shot = ARTIFACTS / "colours" / f"{path.strip('/') or 'en'}-{width}-{scheme}.png"
            shot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(shot)))
        assert not errors, errors  # nothing refused by the CSP
        context.close()
