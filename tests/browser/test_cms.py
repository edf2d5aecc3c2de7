"""Writing in the browser: the editor at /admin/ (Decap CMS) on its local backend.

`casebook serve --cms` runs as an editor runs it, on a small site of its own;
Chromium fills the generated forms as an editor would (labels, selects, the image
dialog, the Markdown editor), saves, and the test reads what reached the disk,
checks it with `casebook check`, and opens the preview the next build made.
"""

from __future__ import annotations

import re
import socket
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
    backend = free_port()
    server, port = serving(project, "--cms", "--cms-port", str(backend))
    try:
        wait_for(lambda: (project.output / "admin" / "config.yml").exists(), 120)
        yield project, port
    finally:
        stopped(server)
    wait_for(lambda: port_is_free(backend), 10)  # the editor's backend ended with serve


def port_is_free(port: int) -> bool:
    """Nothing listens there any more (the browser's closed connections may still
    linger in TIME_WAIT, so this asks, rather than trying to bind)."""
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


@pytest.fixture
def cms(browser: Browser, editor_site: tuple[Project, int]) -> Iterator[Editor]:
    project, port = editor_site
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    context.add_init_script("localStorage.setItem('cms.md-mode', 'raw')")  # Markdown as typed
    context.add_init_script("""document.addEventListener('securitypolicyviolation', e =>
        console.error('CSP blocked ' + e.effectiveDirective + ' ' + e.blockedURI), true);""")
    page = context.new_page()
    page.set_default_timeout(20000)
    editor = Editor(page, project, port)
    # Nothing from another origin: the editor is self-hosted, its backend on this machine.
    context.route(lambda url: not url.startswith(("http://127.0.0.1", "blob:", "data:")),
                  lambda route: (editor.elsewhere.append(route.request.url), route.abort()))
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
        self.errors: list[str] = []  # the console's errors, CSP violations among them
        self.elsewhere: list[str] = []  # requests to another origin (refused)

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
    preview = cms.page.frame_locator("iframe").first
    expect(preview.locator("section.metrics .metric-value")).to_have_text("1 day")
    expect(preview.locator("figure.pull-quote blockquote")).to_contain_text("before lunch")
    expect(preview.locator(".story-body h2")).to_have_text("The turning point")
    band = preview.locator("section.metrics li").first.evaluate(
        "e => getComputedStyle(e).borderRadius")
    assert band not in ("", "0px"), "the preview is styled by the site's own stylesheet"
    cms.field("Title").scroll_into_view_if_needed()
    cms.page.screenshot(path=str(SHOTS / "cms-story-form.png"))
    cms.page.set_viewport_size({"width": 375, "height": 800})
    cms.page.screenshot(path=str(ARTIFACTS / "story-form-375.png"))
    cms.page.set_viewport_size({"width": 1280, "height": 1000})
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
    assert not cms.elsewhere, cms.elsewhere


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
    refusal = cms.page.get_by_text("Add the customer's sign-off (who approved, and when) "
                                   "before publishing")
    expect(refusal).to_be_visible()
    refusal.scroll_into_view_if_needed()
    cms.page.screenshot(path=str(SHOTS / "cms-sign-off-refused.png"))
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


def test_an_interview_starts_with_the_six_questions(cms: Editor) -> None:
    cms.open()
    cms.new("Interviews (English)", "Interview (English)")
    body = cms.page.locator("[data-slate-editor=true]").last
    for question in ("How do you use", "Why are you a fan?", "Where did you nearly give up?"):
        expect(body).to_contain_text(question)
    cms.type("Title", "Bolt Freight on giving every exception an owner")
    cms.type("Customer", "Bolt Freight")
    cms.type("URL name", "bolt-freight-interview")
    cms.pick("Industry", "Logistics")
    cms.pick("Features", "Approvals")
    cms.type("Publication date", "2026-03-09")
    cms.type("Summary", "Mara Quinn on the month they nearly went back to email.")
    cms.page.get_by_role("button", name="Add People interviewed").click()
    cms.type("Name", "Mara Quinn")
    body.scroll_into_view_if_needed()
    cms.page.screenshot(path=str(ARTIFACTS / "interview-form.png"))
    cms.publish()
    cms.saved()
    interview = cms.project.root / "stories" / "bolt-freight-interview" / "index.md"
    wait_for(interview.exists, 10)
    text = interview.read_text(encoding="utf-8")
    assert "type: interview" in text and "name: Mara Quinn" in text and "status: draft" in text
    assert "## How do you use it day to day? {#usage}" in text
    assert text.count("{#") == 6
    result = check(cms.project)
    assert result.returncode == 0, result.stdout + result.stderr
    served(cms, "/interviews/bolt-freight-interview/", "Bolt Freight on giving every")


def test_an_faq_entry(cms: Editor) -> None:
    cms.open()
    cms.new("FAQ (English)", "FAQ entry (English)")
    cms.type("Title", "Can approvers sign from their phone?")
    cms.type("URL name", "approve-on-phone")
    cms.pick("Features", "Approvals")
    cms.pick("Status", "Published")
    cms.body("Yes: the approval link opens on any phone.\n")
    cms.publish()
    cms.saved()
    entry = cms.project.root / "content" / "faq" / "approve-on-phone.md"
    wait_for(entry.exists, 10)
    assert "- approvals" in entry.read_text(encoding="utf-8")
    result = check(cms.project)
    assert result.returncode == 0, result.stdout + result.stderr
    served(cms, "/faq/approve-on-phone/", "the approval link opens on any phone")


def test_a_japanese_version_is_linked_to_its_english_story(cms: Editor) -> None:
    cms.open()
    cms.new("Stories and interviews (Japanese)", "Story (Japanese)")
    cms.page.get_by_role("combobox", name=re.compile("^Translation of")).click()
    cms.page.get_by_role("option", name="Acme Tools halved its order backlog").click()
    cms.type("Title", "Acme Tools は受注残を半分にしました")
    cms.type("Customer", "Acme Tools")
    cms.pick("Industry", "製造業 (Manufacturing)")
    cms.pick("Features", "承認フロー (Approvals)")
    cms.type("Publication date", "2026-01-20")
    cms.type("Summary", "承認を一か所にまとめました。")
    cms.body("受注の承認が一日で終わるようになりました。\n")
    preview = cms.page.frame_locator("iframe").first
    expect(preview.locator(".story-header .kicker")).to_have_text("導入事例 · 製造業")
    expect(preview.locator("article.story")).to_have_attribute("lang", "ja")  # phrase breaks
    cms.page.screenshot(path=str(ARTIFACTS / "japanese-version.png"))
    cms.publish()
    cms.saved()
    japanese = cms.project.root / "stories" / "acme-tools" / "index.ja.md"  # beside the English
    wait_for(japanese.exists, 10)
    text = japanese.read_text(encoding="utf-8")
    assert "translation_key: acme-tools" in text and "lang: ja" in text
    assert "industry: manufacturing" in text
    result = check(cms.project)
    assert result.returncode == 0, result.stdout + result.stderr
    page = served(cms, "/ja/stories/acme-tools/", "Acme Tools は受注残を半分にしました")
    assert 'hreflang="en" href="/stories/acme-tools/"' in page  # linked to the English story
