"""A site in its own colour and with its own logo, as a reader sees it: the brand tokens
applied under the site's Content-Security-Policy, in light and dark, at phone and desktop
widths."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from ..conftest import Project
from .conftest import ARTIFACTS, served_folder

LOGO = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 32" width="96" height="32">'
        '<rect width="32" height="32" rx="8" fill="#0f766e"/><path d="M8 10h16M16 10v14" '
        'stroke="#fff" stroke-width="4"/><rect x="40" y="12" width="52" height="8" rx="4" '
        'fill="#5eead4"/></svg>')


@pytest.fixture
def coloured_site(project: Project) -> Iterator[str]:
    project.story("stories/acme/index.md")
    project.story("stories/acme/index.ja.md", title="Acme Tools は受注残を半減",
                  summary="Acme Tools は承認を移しました。", lang="ja")
    project.write("content/images/tidewell.svg", LOGO)
    project.write("pelicanconf.py", (project.root / "pelicanconf.py").read_text()
                  + 'CASEBOOK_COLOURS = {"brand": "#0f766e"}\nCASEBOOK_LOGO = "tidewell.svg"\n')
    assert project.build().code == 0
    with served_folder(project.output) as url:
        yield url


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
            logo = page.locator("header a.brand img.brand-logo")
            box = logo.bounding_box()
            assert box is not None and round(box["height"]) == 32 and box["width"] > 80
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            header = page.locator("header .header-row").bounding_box()
            assert header is not None and header["height"] <= 72  # one row, never squeezed
            expect(page.get_by_role("link", name=page.locator("header a.brand span")
                                    .inner_text())).to_be_attached()  # named, even on a phone
            shot = ARTIFACTS / "colours" / f"{path.strip('/') or 'en'}-{width}-{scheme}.png"
            shot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(shot)))
        assert not errors, errors  # nothing refused by the CSP
        context.close()
