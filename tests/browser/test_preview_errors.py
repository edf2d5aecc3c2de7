"""A failed build in the preview: the open page says what to fix, and clears itself.

`casebook serve` runs as an editor runs it (a process, stopped with Ctrl+C), on a
small site; Chromium keeps a story open while the story is saved broken, then
fixed. The overlay is the terminal's own lines, over the last good build, under
the site's Content-Security-Policy (the preview server sends it).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from ..conftest import CONFIG, FEATURES, INDUSTRIES, REPO, Project, story_text
from ..serving import served_counter, serving, stopped, wait_for

SCREENSHOT = REPO / "docs" / "screenshots" / "preview-error-overlay.png"
PHONE_SHOTS = REPO / "test-artifacts" / "preview"
OVERLAY = ".build-errors"


def bolt(body: str, **fields: object) -> str:
    values: dict[str, object] = {"title": '"Bolt Freight cut dispatch time"', "customer": "Bolt",
                                 "industry": "logistics", "body": body}
    values.update(fields)
    return story_text(**values)


def line_of(path: Path, start: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith(start))


@pytest.fixture
def site(tmp_path: Path) -> Project:
    project = Project(tmp_path)
    project.write("pelicanconf.py", CONFIG)
    project.write("content/taxonomies/features.yml", FEATURES)
    project.write("content/taxonomies/industries.yml", INDUSTRIES)
    project.story("stories/acme.md")
    project.write("stories/bolt.md", bolt("Dispatchers plan the day in one place.\n"))
    return project


@pytest.fixture
def preview(browser: Browser, site: Project) -> Iterator[tuple[Page, int, list[str]]]:
    server, port = serving(site)
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    console: list[str] = []

    def record(message: ConsoleMessage) -> None:
        if message.type == "error":
            console.append(message.text)

    page.on("console", record)
    try:
        wait_for(lambda: served_counter(port) >= 1, 120)
        yield page, port, console
    finally:
        context.close()
        errors = stopped(server)
        assert "Traceback" not in errors, errors


def test_a_broken_save_shows_its_file_and_line_over_the_page_until_it_is_fixed(
        site: Project, preview: tuple[Page, int, list[str]], browser: Browser) -> None:
    page, port, console = preview
    page.goto(f"http://127.0.0.1:{port}/stories/bolt/")
    expect(page.locator("h1")).to_contain_text("Bolt Freight cut dispatch time")
    page.wait_for_timeout(1200)  # the page has polled once: it knows the build it shows

    story = site.write("stories/bolt.md", bolt("Dispatchers plan the day in one place.\n",
                                               industry="logistcs"))
    saved = time.monotonic()
    overlay = page.locator(OVERLAY)
    expect(overlay).to_be_visible(timeout=2000)
    assert time.monotonic() - saved < 2.0
    where = f"stories/bolt.md:{line_of(story, 'industry:')}"
    expect(overlay.locator(".build-errors-where")).to_have_text([where])
    text = overlay.inner_text()
    assert "unknown id 'logistcs'" in text and "did you mean 'logistics'" in text
    # the last good build is still there underneath
    expect(page.locator("h1")).to_contain_text("Bolt Freight cut dispatch time")
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))

    other = page.context.new_page()  # a page opened now shows it too
    other.goto(f"http://127.0.0.1:{port}/")
    expect(other.locator(OVERLAY)).to_be_visible(timeout=2000)
    other.close()

    site.write("stories/bolt.md", bolt("Dispatchers now plan the day with a platypus.\n"))
    expect(page.locator("main")).to_contain_text("platypus", timeout=15000)
    expect(page.locator(OVERLAY)).to_have_count(0)
    assert not console, console  # nothing blocked by the Content-Security-Policy


def test_the_overlay_can_be_hidden_and_comes_back_for_a_new_problem(
        site: Project, preview: tuple[Page, int, list[str]]) -> None:
    page, port, _ = preview
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"http://127.0.0.1:{port}/stories/bolt/")
    page.wait_for_timeout(1200)
    site.write("stories/bolt.md", bolt("Body.\n", industry="logistcs"))
    expect(page.locator(OVERLAY)).to_be_visible(timeout=5000)
    PHONE_SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(PHONE_SHOTS / "overlay-en-375.png"))
    page.get_by_role("button", name="Hide").click()
    expect(page.locator(OVERLAY)).to_have_count(0)
    page.wait_for_timeout(1500)
    expect(page.locator(OVERLAY)).to_have_count(0)  # the same problems stay hidden
    site.write("stories/bolt.md", bolt("Body.\n", industry="logistcs", date="2026-13-01"))
    expect(page.locator(OVERLAY)).to_be_visible(timeout=5000)
    expect(page.locator(".build-errors-item")).to_have_count(2)


def test_a_japanese_page_says_it_in_japanese(site: Project,
                                             preview: tuple[Page, int, list[str]]) -> None:
    page, port, _ = preview
    site.write("stories/bolt.ja.md", story_text(title='"ボルト運輸の配車"', customer='"ボルト運輸"',
                                                lang="ja", translation_key="bolt"))
    site.write("stories/bolt.md", bolt("Body.\n", translation_key="bolt"))
    wait_for(lambda: (site.output / "ja/stories/bolt/index.html").exists(), 60)
    page.goto(f"http://127.0.0.1:{port}/ja/stories/bolt/")
    page.wait_for_timeout(1200)
    site.write("stories/bolt.ja.md", story_text(title='"ボルト運輸の配車"', customer='"ボルト運輸"',
                                                lang="ja", translation_key="bolt",
                                                features="[no-such-feature]"))
    overlay = page.locator(OVERLAY)
    expect(overlay).to_be_visible(timeout=5000)
    expect(overlay.locator("h2")).to_have_text("プレビューを更新できませんでした")
    PHONE_SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(PHONE_SHOTS / "overlay-ja-1280.png"))
    page.set_viewport_size({"width": 375, "height": 740})
    page.screenshot(path=str(PHONE_SHOTS / "overlay-ja-375.png"))
    expect(overlay.locator(".build-errors-where")).to_contain_text(["stories/bolt.ja.md:"])
