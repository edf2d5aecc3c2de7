"""The site's Content-Security-Policy travels in every page, so a host that sends no
headers at all (GitHub Pages, the default deploy) still blocks injected script."""

from __future__ import annotations

from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from .conftest import served_folder

INJECTED = "/stories/injected/"


class NoHeadersHandler(SimpleHTTPRequestHandler):
    """Like a static host without header rules; one page carries an injected script."""

    def do_GET(self) -> None:
        if self.path == INJECTED:
            page = (Path(self.directory) / "stories" / "index.html").read_text(encoding="utf-8")
            page = page.replace("<body", "<body onload=\"window.handler = true\"", 1).replace(
                "</main>", "<script>window.injected = true</script></main>", 1)
            body = page.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="module")
def headerless(sample_output: Path) -> Iterator[str]:
    with served_folder(sample_output, NoHeadersHandler) as url:
        yield url


def test_an_injected_script_is_blocked_without_any_header(browser: Browser,
                                                          headerless: str) -> None:
    page = browser.new_page()
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text)
            if "Content Security Policy" in m.text else None)
    response = page.goto(headerless + INJECTED)
    assert response is not None and "content-security-policy" not in response.headers
    expect(page.locator("h1")).to_be_visible()
    assert page.evaluate("window.injected") is None
    assert page.evaluate("window.handler") is None
    assert violations, "the browser reports what the page's policy blocked"
    page.close()


def test_the_site_still_works_under_its_own_policy(browser: Browser, headerless: str) -> None:
    page = browser.new_page()
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text)
            if "Content Security Policy" in m.text else None)
    page.goto(headerless + "/search/?q=approvals")
    expect(page.locator(".search-results li").first).to_be_visible(timeout=15000)
    assert violations == []
    page.close()
