"""Search in the browser: the real Pagefind index of the sample site, queried in Chromium."""

from __future__ import annotations

import contextlib
import gzip
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, Page, expect

from casebook.cli.build import load_config
from casebook.content import load_site

from ..conftest import REPO

OKUYAMA = "/stories/okuyama-precision-inspections/"


def search(page: Page, base_url: str, query: str) -> list[str]:
    """Open /search/ with a query string and return the result URLs in order."""
    page.goto(f"{base_url}{query}")
    page.wait_for_selector("#search-results .search-count")
    return [a.get_attribute("href") or "" for a in page.locator(".hit-title a").all()]


def built_cards(output: Path, url: str) -> list[str]:
    soup = BeautifulSoup((output / url.strip("/") / "index.html").read_text(), "html.parser")
    return [a["href"] for a in soup.select(".cards .card-title a")]


def test_english_query_returns_the_expected_story_first(page: Page, base_url: str) -> None:
    assert search(page, base_url, "/search/?q=production+lot+traceability")[0] == OKUYAMA
    assert search(page, base_url, "/search/?q=damage+claims+photos")[0] == \
        "/stories/harbourline-freight-exceptions/"


def test_japanese_query_returns_the_japanese_story(page: Page, base_url: str) -> None:
    results = search(page, base_url, "/ja/search/?q=検査記録")
    assert results[0] == "/ja" + OKUYAMA
    assert all(url.startswith("/ja/") for url in results)
    expect(page.locator(".hit").first).to_contain_text("奥山精密工業")


def test_an_alias_finds_its_story(page: Page, base_url: str, sample_output: Path) -> None:
    reading = "おくやませいみつこうぎょう"
    assert reading not in (sample_output / "ja" / OKUYAMA.strip("/") / "index.html").read_text()
    assert search(page, base_url, f"/ja/search/?q={reading}") == ["/ja" + OKUYAMA]
    # and an abbreviation in English: the alias file says RP is Relaypoint
    assert search(page, base_url, "/search/?q=RP")


def test_results_show_title_customer_summary_and_thumbnail(page: Page, base_url: str) -> None:
    search(page, base_url, "/search/?q=production+lot+traceability")
    hit = page.locator(".hit").first
    expect(hit.locator(".kicker")).to_have_text("Story · Okuyama Precision Industries")
    expect(hit.locator(".hit-summary")).to_contain_text("A Nagano machining company")
    assert (hit.locator("img.hit-image").get_attribute("src") or "").startswith("/media/")


def test_interview_answers_deep_link_to_their_section(page: Page, base_url: str) -> None:
    search(page, base_url, "/search/?q=site+chiefs+printed")
    hit = page.locator(".hit", has=page.locator("a[href='/interviews/kawasemi-logistics/']"))
    expect(hit.locator(".hit-section")).to_have_attribute(
        "href", "/interviews/kawasemi-logistics/#near-give-up")


def test_an_answer_leads_to_its_interview_and_a_question_to_its_voices_page(
        page: Page, base_url: str, sample_output: Path) -> None:
    voices = (sample_output / "voices/near-give-up/index.html").read_text()
    assert "site chiefs still printed" in voices  # the answer is shown there too
    results = search(page, base_url, "/search/?q=site+chiefs+printed")
    assert "/interviews/kawasemi-logistics/" in results
    assert "/voices/near-give-up/" not in results
    assert "/voices/near-give-up/" in search(page, base_url, "/search/?q=nearly+give+up")


def test_choosing_an_industry_narrows_and_counts_match_the_built_pages(
        page: Page, base_url: str, sample_output: Path) -> None:
    stories = built_cards(sample_output, "/industries/manufacturing/")
    faq = BeautifulSoup((sample_output / "industries/manufacturing/index.html").read_text(),
                        "html.parser").select(".term-faq a")
    search(page, base_url, "/search/?q=forms")
    before = int(page.locator(".search-count").inner_text().split()[0])
    option = page.locator(".facet-option", has=page.locator("input[name=industry]"
                                                               "[value=Manufacturing]"))
    option.locator("input").check()
    expect(page).to_have_url(f"{base_url}/search/?q=forms&industry=Manufacturing")
    # Waits through locators: a string predicate is evaluated with eval(), which the
    # site's CSP forbids whenever the first check comes too early.
    page.wait_for_selector(".search-count")
    expect(page.locator("#search-results[aria-busy=true]")).to_have_count(0)
    after = int(page.locator(".search-count").inner_text().split()[0])
    assert 0 < after < before
    page.goto(f"{base_url}/search/?industry=Manufacturing")
    page.wait_for_selector(".search-count")
    total = int(page.locator(".search-count").inner_text().split()[0])
    assert total == len(stories) + len(faq)


def test_filter_only_browsing_lists_every_story_of_an_industry(
        page: Page, base_url: str, sample_output: Path) -> None:
    expected = set(built_cards(sample_output, "/industries/healthcare/"))
    found = search(page, base_url, "/search/?industry=Healthcare&type=Story&type=Interview")
    assert set(found) == expected and len(found) == len(expected)
    counts = page.locator(".facet-option", has_text="Healthcare").inner_text()
    assert counts.endswith(f"({len(expected)})")


def test_a_shared_search_url_restores_query_and_filters(page: Page, base_url: str,
                                                        sample_output: Path) -> None:
    found = search(page, base_url, "/search/?q=approvals&industry=Logistics")
    expect(page.locator("#search-page-query")).to_have_value("approvals")
    assert page.locator("input[name=industry][value=Logistics]").is_checked()
    logistics_page = BeautifulSoup((sample_output / "industries/logistics/index.html").read_text(),
                                   "html.parser")
    logistics = {a["href"] for a in logistics_page.select(".cards .card-title a, .term-faq a")}
    assert found and set(found) <= logistics
    page.reload()
    page.wait_for_selector(".search-count")
    assert [a.get_attribute("href") for a in page.locator(".hit-title a").all()] == found


@pytest.mark.parametrize("width", [375, 1280])
def test_header_search_leads_to_results(browser: Browser, base_url: str, width: int) -> None:
    """One search entry in the header: in sight on a wide screen, in the menu on a phone."""
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(base_url + OKUYAMA)
    if width < 900:
        page.locator(".menu > summary").click()
    page.locator(".site-header .search-link").click()
    expect(page).to_have_url(f"{base_url}/search/")
    page.locator("#search-page-query").fill("dispatch")
    page.locator("#search-page-query").press("Enter")
    expect(page).to_have_url(f"{base_url}/search/?q=dispatch")
    page.wait_for_selector(".search-count")
    assert page.locator(".hit").count() > 0


@pytest.fixture(scope="module")
def index_text(sample_output: Path) -> str:
    """Every file of the Pagefind bundle, decompressed where it is compressed."""
    chunks = []
    for path in (sample_output / "pagefind").rglob("*"):
        if path.is_file() and path.suffix.startswith(".pf"):
            data = path.read_bytes()
            with contextlib.suppress(OSError):
                data = gzip.decompress(data)
            chunks.append(data.decode("utf-8", "replace"))
    return "\n".join(chunks)


def test_the_index_holds_nothing_unpublished(index_text: str) -> None:
    site = load_site(load_config(REPO / "pelicanconf.py").content)
    today = site.settings.today
    hidden = [item for item in site.items if not item.is_public(today)]
    assert hidden, "the sample has drafts, review and scheduled items"
    assert "Okuyama" in index_text  # the check below can find text
    for item in hidden:
        assert item.title not in index_text, item.source
        assert f"/{item.slug}/" not in index_text, item.source
    assert "Vestfjord" not in index_text  # the anonymous bank
