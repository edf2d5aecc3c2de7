"""The customer-facing theme in a real browser: paths, languages, layout, a11y, privacy."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from .conftest import ARTIFACTS

STORY = "/stories/okuyama-precision-inspections/"
VIDEO_STORY = "/stories/harbourline-freight-exceptions/"
INTERVIEW = "/interviews/kawasemi-logistics/"
FAQ_ANCHOR = "approvals--approvals-when-approver-is-away"
PAGES = {
    "home": "/",
    "story": STORY,
    "story-video": VIDEO_STORY,
    "story-anonymous": "/stories/regional-bank-loan-approvals/",
    "interview": INTERVIEW,
    "faq": "/faq/",
    "faq-entry": "/faq/approvals-when-approver-is-away/",
    "features": "/features/",
    "feature": "/features/approvals/",
    "industries": "/industries/",
    "industry": "/industries/manufacturing/",
    "pair": "/features/forms/manufacturing/",
    "stories": "/stories/",
    "size-filter": "/stories/size/201-1000/",
    "voices": "/voices/",
    "voice": "/voices/near-give-up/",
    "search": "/search/",
    "about": "/about/",
    "not-found": "/404.html",
    "ja-home": "/ja/",
    "ja-story": "/ja" + STORY,
    "ja-interview": "/ja" + INTERVIEW,
    "ja-voice": "/ja/voices/near-give-up/",
    "editorial": "/editorial/",
}


def test_click_path_home_industry_story_related(page: Page, base_url: str) -> None:
    page.goto(base_url + "/")
    page.get_by_role("heading", name="Browse by industry").wait_for()
    page.locator(".ways-in .chip-list").first.get_by_role("link", name=re.compile(
        "Manufacturing")).click()
    expect(page).to_have_url(base_url + "/industries/manufacturing/")
    expect(page.locator("h1")).to_have_text("Manufacturing")
    first_story = page.locator(".cards .card-title a").first
    title = first_story.inner_text()
    first_story.click()
    expect(page.locator("h1")).to_have_text(title)
    related = page.locator(".related .card-title a").first
    related_title = related.inner_text()
    related.click()
    expect(page.locator("h1")).to_have_text(related_title)
    assert related_title != title


def test_faq_answers_open_and_deep_links_land_on_them(page: Page, base_url: str) -> None:
    page.goto(base_url + "/faq/")
    item = page.locator("details.faq-item").first
    assert not item.evaluate("d => d.open")
    item.locator("summary").click()
    assert item.evaluate("d => d.open")

    page.goto(f"{base_url}/faq/#{FAQ_ANCHOR}")
    answer = page.locator(f"#{FAQ_ANCHOR}")
    assert answer.evaluate("a => a.closest('details').open")
    expect(answer).to_be_in_viewport()
    answer.get_by_role("link", name="Link to this answer").click()
    expect(page).to_have_url(base_url + "/faq/approvals-when-approver-is-away/")


def test_interview_sections_have_anchors(page: Page, base_url: str) -> None:
    page.goto(base_url + INTERVIEW + "#near-give-up")
    heading = page.locator("h2#near-give-up")
    expect(heading).to_be_in_viewport()
    page.locator(".interview-toc a").nth(4).click()
    expect(page).to_have_url(base_url + INTERVIEW + "#comparison")


def test_language_switch_keeps_the_story(page: Page, base_url: str) -> None:
    page.goto(base_url + STORY)
    page.locator(".lang-switch a[hreflang=ja]").click()
    expect(page).to_have_url(base_url + "/ja" + STORY)
    assert page.locator("html").get_attribute("lang") == "ja"
    expect(page.locator(".factbox")).to_contain_text("2025年6月10日")
    page.locator(".lang-switch a[hreflang=en]").click()
    expect(page).to_have_url(base_url + STORY)


@pytest.mark.parametrize("width", [320, 375, 1280])
def test_no_page_scrolls_sideways(browser: Browser, base_url: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    folder = ARTIFACTS / "screenshots" / str(width)
    folder.mkdir(parents=True, exist_ok=True)
    overflowing = []
    for name, path in PAGES.items():
        page.goto(base_url + path)
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
        scroll, viewport = page.evaluate(
            "[document.documentElement.scrollWidth, window.innerWidth]")
        if scroll > viewport:
            overflowing.append((name, scroll))
    context.close()
    assert overflowing == []


AXE_PAGES = ["home", "story", "interview", "faq", "feature", "voice", "search", "ja-story",
             "stories", "story-video"]


@pytest.mark.parametrize("name", AXE_PAGES)
def test_axe_finds_no_serious_or_critical_violation(page: Page, base_url: str,
                                                    name: str) -> None:
    page.goto(base_url + PAGES[name])
    results = Axe().run(page)
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
               for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []


def test_no_request_leaves_the_site_and_csp_holds(browser: Browser, base_url: str) -> None:
    context = browser.new_context()
    outside: list[str] = []
    blocked: list[str] = []
    context.route(lambda url: not url.startswith("http://127.0.0.1"),
                  lambda route: (outside.append(route.request.url), route.abort()))
    page = context.new_page()
    page.on("console", lambda message: blocked.append(message.text)
            if "Content Security Policy" in message.text else None)
    for path in PAGES.values():
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
    context.close()
    assert outside == []
    assert blocked == []


def test_video_loads_nothing_until_clicked(browser: Browser, base_url: str) -> None:
    context = browser.new_context()
    requested: list[str] = []
    context.route(lambda url: not url.startswith("http://127.0.0.1"),
                  lambda route: (requested.append(route.request.url), route.abort()))
    page = context.new_page()
    page.goto(base_url + VIDEO_STORY)
    page.wait_for_load_state("networkidle")
    assert requested == []
    assert page.locator("iframe").count() == 0
    page.locator(".video-link").click()
    frame = page.locator(".video iframe")
    expect(frame).to_have_attribute("src", re.compile(
        r"^https://www\.youtube-nocookie\.com/embed/Qm7xR2vTn4E"))
    context.close()


def test_pages_work_without_javascript(browser: Browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "/stories/")
    page.locator(".filters a", has_text="Interviews").click()
    expect(page).to_have_url(base_url + "/stories/type/interview/")
    page.locator(".cards .card-title a").first.click()
    expect(page.locator(".person-card").first).to_be_visible()
    page.goto(base_url + "/faq/")
    page.locator("details.faq-item summary").first.click()
    assert page.locator("details.faq-item").first.evaluate("d => d.open")
    page.goto(base_url + VIDEO_STORY)
    link = page.locator(".video-link")
    # the video's own page, built from its id (not the link the editor pasted)
    assert link.get_attribute("href") == "https://www.youtube.com/watch?v=Qm7xR2vTn4E"
    context.close()
