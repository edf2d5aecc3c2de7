"""Writing in the browser: the editor at /admin/ (Decap CMS) on its local backend.

`casebook serve --cms` runs as an editor runs it, on a small site of its own;
Chromium fills the generated forms as an editor would (labels, selects, the image
dialog, the Markdown editor), saves, and the test reads what reached the disk,
checks it with `casebook check`, and opens the preview the next build made.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Browser, Locator, Page, expect

from ..conftest import REPO, Project
from ..serving import free_port, serving, stopped, wait_for

SHOTS = REPO / "docs" / "screenshots"
ARTIFACTS = REPO / "test-artifacts" / "cms"


@pytest.fixture
def editor_site(project: Project) -> Iterator[tuple[Project, int]]:
    project.story("stories/acme-tools/index.md", translation_key="acme-tools")
    server, port = serving(project, "--cms", "--cms-port", str(free_port()))
    try:
        wait_for(lambda: (project.output / "admin" / "config.yml").exists(), 120)
        yield project, port
    finally:
        stopped(server)


@pytest.fixture
def cms(browser: Browser, editor_site: tuple[Project, int]) -> Iterator[Editor]:
    project, port = editor_site
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    context.add_init_script("localStorage.setItem('cms.md-mode', 'raw')")  # Markdown as typed
    page = context.new_page()
    page.set_default_timeout(20000)
    editor = Editor(page, project, port)
    page.on("pageerror", lambda error: editor.errors.append(str(error)))
    page.on("console", lambda m: editor.errors.append(m.text)
            if m.type == "error" and "404" not in m.text else None)
    yield editor
    context.close()


class Editor:
    """An editor at /admin/: what they click and type, by what the page says."""

    def __init__(self, page: Page, project: Project, port: int) -> None:
        self.page = page
        self.project = project
        self.base = f"http://127.0.0.1:{port}"
        self.errors: list[str] = []

    def open(self) -> None:
        self.page.goto(f"{self.base}/admin/")
        self.page.get_by_role("button", name="Login").click()

    def new(self, collection: str, singular: str) -> None:
        self.page.get_by_role("link", name=collection, exact=True).click()
        self.page.get_by_role("link", name=f"Create entry of type {singular}").click()
        self.field("Title").wait_for()

    def field(self, label: str) -> Locator:
        return self.page.get_by_role("textbox", name=re.compile(
            rf"^{re.escape(label)}( \(optional\))?$")).last

    def type(self, label: str, text: str) -> None:
        self.field(label).fill(text)

    def pick(self, label: str, *options: str) -> None:
        for option in options:
            self.page.get_by_role("combobox", name=re.compile(
                rf"^{re.escape(label)}( \(optional\))?$")).click()
            self.page.get_by_role("option", name=option, exact=True).click()

    def image(self, label: str, path: Path) -> None:
        field = self.page.locator("label", has_text=re.compile(rf"^{re.escape(label)}")).locator(
            "xpath=ancestor::div[.//button][1]")
        field.get_by_role("button", name="Choose an image").click()
        dialog = self.page.get_by_role("dialog")
        dialog.locator("input[type=file]").set_input_files(str(path))
        dialog.get_by_role("button", name="Choose selected").click()

    def body(self, markdown: str, replace: bool = False) -> None:
        body = self.page.locator("[data-slate-editor=true]").last
        body.click()
        if replace:
            self.page.keyboard.press("Control+A")
            self.page.keyboard.press("Delete")
        self.page.keyboard.type(markdown)

    def publish(self) -> None:
        self.page.get_by_role("button", name="Publish", exact=True).click()
        self.page.get_by_text("Publish now", exact=True).click()

    def saved(self) -> None:
        self.page.get_by_text(re.compile("Entry (saved|published)")).first.wait_for()


def photo(folder: Path) -> Path:
    path = folder / "loading-dock.jpg"
    Image.new("RGB", (640, 400), (40, 110, 120)).save(path, "JPEG", quality=85)
    return path


def check(project: Project) -> subprocess.CompletedProcess[str]:
    import sys
    return subprocess.run([sys.executable, "-m", "casebook.cli.main", "--config",
                           str(project.root / "pelicanconf.py"), "check"],
                          capture_output=True, text=True, timeout=120)


def served(editor: Editor, path: str, text: str) -> str:
    """The preview page at ``path`` once a build shows ``text`` in it."""
    import urllib.request

    found: list[str] = []

    def shows() -> bool:
        try:
            with urllib.request.urlopen(editor.base + path, timeout=5) as reply:
                page = reply.read().decode()
        except OSError:  # not built yet (404), or the server busy
            return False
        found[:] = [page]
        return text in page

    wait_for(shows, 120)
    return found[0]


def test_a_story_written_in_the_browser_is_checked_built_and_previewed(
        cms: Editor, tmp_path: Path) -> None:
    cms.open()
    cms.new("Stories and interviews (English)", "Story (English)")
    cms.type("Title", "Bolt Freight answers every delivery exception within a day")
    cms.type("Customer", "Bolt Freight")
    cms.type("URL name", "bolt-freight")
    cms.pick("Industry", "Logistics")
    cms.pick("Features", "Workflow automation", "Approvals")
    cms.type("Publication date", "2026-03-02")
    cms.type("Summary", "Bolt Freight routes each delivery exception to an owner.")
    cms.pick("Status", "Published")
    cms.type("Approved by", "Mara Quinn, Head of Operations")
    cms.type("Approved on", "2026-02-20")
    cms.page.get_by_role("button", name="Add Results").click()
    cms.type("Value", "1 day")
    cms.type("What it measures", "to resolve an exception (was 4)")
    cms.type("Quote", "Every exception has an owner before lunch.")
    cms.type("Said by", "Mara Quinn")
    cms.image("Photo", photo(tmp_path))
    cms.body("Bolt runs 40 vans.\n\n## The turning point\n\nA lost account.\n")
    cms.page.screenshot(path=str(SHOTS / "cms-story-form.png"))
    cms.publish()
    cms.saved()

    story = cms.project.root / "stories" / "bolt-freight" / "index.md"
    wait_for(story.exists, 10)
    text = story.read_text(encoding="utf-8")
    assert "translation_key: bolt-freight" in text and "industry: logistics" in text
    assert "- workflow-automation\n  - approvals" in text or (
        "- workflow-automation\n- approvals" in text)
    assert "hero: loading-dock.jpg" in text and "## The turning point" in text
    assert (story.parent / "loading-dock.jpg").exists()  # beside index.md: a page bundle
    result = check(cms.project)
    assert result.returncode == 0, result.stdout + result.stderr
    page = served(cms, "/stories/bolt-freight/", "Bolt Freight answers every delivery")
    assert "1 day" in page and "Every exception has an owner before lunch." in page
    hero = re.search(r'<img class="story-hero"[^>]* src="(/media/[^"]+)"', page)
    assert hero, "the photo uploaded in the browser is the story's hero"
    cms.page.goto(cms.base + "/stories/bolt-freight/")
    expect(cms.page.locator("img.story-hero")).to_be_visible()
    loaded = "img => img.complete && img.naturalWidth"
    assert cms.page.locator("img.story-hero").evaluate(loaded) > 0
    assert not cms.errors, cms.errors


def test_publishing_without_the_sign_off_is_refused_on_the_field(cms: Editor) -> None:
    cms.open()
    cms.new("Stories and interviews (English)", "Story (English)")
    cms.type("Title", "Unsigned story")
    cms.type("Customer", "Nobody Yet")
    cms.type("URL name", "unsigned-story")
    cms.pick("Industry", "Logistics")
    cms.pick("Features", "Approvals")
    cms.type("Publication date", "2026-03-02")
    cms.type("Summary", "Not signed off.")
    cms.pick("Status", "Published")
    cms.body("Text.\n")
    cms.publish()
    expect(cms.page.get_by_text("Add the customer's sign-off (who approved, and when) "
                                "before publishing")).to_be_visible()
    cms.page.screenshot(path=str(ARTIFACTS / "sign-off-refused.png"))
    cms.page.wait_for_timeout(1000)
    assert not (cms.project.root / "stories" / "unsigned-story").exists()
    # the same file written by hand is refused by check
    cms.project.write("stories/unsigned-story/index.md", (
        "---\ntitle: Unsigned story\ncustomer: Nobody Yet\nindustry: logistics\n"
        "features: [approvals]\ndate: 2026-03-02\nsummary: Not signed off.\n"
        "status: published\n---\n\nText.\n"))
    result = check(cms.project)
    assert result.returncode == 1
    assert ("stories/unsigned-story/index.md:8: error: status is published but the "
            "customer's sign-off is missing") in result.stdout + result.stderr
