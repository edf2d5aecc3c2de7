"""Search in the browser: the real Pagefind index of the sample site, queried in Chromium."""

from __future__ import annotations

import contextlib
import gzip
import re
from pathlib import Path
from urllib.parse import quote_plus

import pytest
import yaml
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, Page, expect

from casebook.cli.build import load_config
from casebook.content import load_site

from ..conftest import REPO

OKUYAMA = "/stories/okuyama-precision-inspections/"
FIRST_SCREEN = 740  # a phone's first screen, 375 px wide


def search(page: Page, base_url: str, query: str) -> list[str]:
    """Open /search/ with a query string and return the result URLs in order (the first
    page of them: results past the first five are filled in as they scroll near)."""
    page.goto(f"{base_url}{query}")
    page.wait_for_selector("#search-results .search-count")
    page.mouse.wheel(0, 20_000)
    expect(page.locator(".hit-pending")).to_have_count(0)
    page.evaluate("window.scrollTo(0, 0)")
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
    page.locator("#search-panel > summary").click()
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
    page.wait_for_load_state("load")  # a key pressed while the page still loads is lost
    page.locator("#search-page-query").fill("dispatch")
    page.locator("#search-page-query").press("Enter")
    expect(page).to_have_url(f"{base_url}/search/?q=dispatch")
    page.wait_for_selector(".search-count")
    assert page.locator(".hit").count() > 0


def test_a_query_no_page_matches_whole_is_retried_with_fewer_words(page: Page,
                                                                  base_url: str) -> None:
    # Both words are in the index, on different pages.
    assert search(page, base_url, "/search/?q=nurses+escalation")
    expect(page.locator(".search-retry")).to_have_text(re.compile(
        r"^No page has all of “nurses escalation” — showing pages with “(nurses|escalation)”$"))
    # A word no page has: the results are those of the other words, and the page says so.
    assert search(page, base_url, "/search/?q=forms+without+zebra")
    expect(page.locator(".search-retry")).to_have_text(  # "without": a stop word
        "No page has all of “forms without zebra” — showing pages with “forms”")
    expect(page.locator("#search-page-query")).to_have_value("forms without zebra")
    assert search(page, base_url, "/ja/search/?q=検査+配車+ぞうきん")
    expect(page.locator(".search-retry")).to_have_text(
        "「検査 配車 ぞうきん」をすべて含むページはありません。"
        "「検査 配車」を含むページを表示しています。")


def test_nothing_found_offers_the_filters_off_and_the_browse_pages(page: Page,
                                                                  base_url: str) -> None:
    assert search(page, base_url, "/search/?q=zebra&industry=Logistics") == []
    expect(page.locator(".search-count")).to_have_text("0 results")
    expect(page.locator(".search-none")).to_have_text("No page matches “zebra”.")
    links = page.locator("#search-results .search-browse-links a")
    assert [a.get_attribute("href") for a in links.all()] == ["/features/", "/industries/"]
    page.locator(".search-unfilter").click()
    expect(page).to_have_url(f"{base_url}/search/?q=zebra")
    expect(page.locator(".search-unfilter")).to_have_count(0)


def test_an_empty_search_shows_the_newest_stories(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/search/")
    page.wait_for_selector("#search-results .hit")
    expect(page.locator(".search-hint")).to_be_visible()
    kinds = [k.inner_text().split(" · ")[0] for k in page.locator(".hit .kicker").all()]
    assert kinds and set(kinds) <= {"Story", "Interview"}


def test_a_query_in_the_other_languages_script_offers_that_search(page: Page,
                                                                  base_url: str) -> None:
    search(page, base_url, "/search/?q=検査記録")
    offer = page.locator("a.search-other-language")
    expect(offer).to_have_attribute("href", "/ja/search/?q=" + quote_plus("検査記録"))
    expect(offer).to_have_text("Search the Japanese pages for “検査記録”")
    offer.click()
    page.wait_for_selector("#search-results .hit")
    assert page.locator(".hit-title a").first.get_attribute("href") == "/ja" + OKUYAMA
    # Latin letters on the Japanese page: offered only when they find nothing there.
    assert search(page, base_url, "/ja/search/?q=zebra") == []
    expect(page.locator("a.search-other-language")).to_have_attribute("href", "/search/?q=zebra")
    search(page, base_url, "/search/?q=approvals")
    expect(page.locator("a.search-other-language")).to_have_count(0)


@pytest.mark.parametrize("lang", ["", "/ja"])
def test_filters_fold_away_on_phones_and_stand_beside_results_on_wide_screens(
        browser: Browser, base_url: str, lang: str) -> None:
    phone = browser.new_page(viewport={"width": 375, "height": FIRST_SCREEN})
    query = "approvals" if not lang else "検査"
    search(phone, base_url, f"{lang}/search/?q={query}&industry=" +
           ("Logistics" if not lang else "製造業"))
    panel = phone.locator("details#search-panel")
    assert not panel.evaluate("details => details.open")
    expect(panel.locator("summary")).to_contain_text("1 chosen" if not lang else "1件を選択中")
    box = phone.locator(".hit").first.bounding_box()
    assert box and box["y"] < FIRST_SCREEN
    phone.close()
    wide = browser.new_page(viewport={"width": 1280, "height": 900})
    # Folded at first at every width (its counts are loaded when it is opened) ...
    search(wide, base_url, f"{lang}/search/?q={query}")
    panel = wide.locator("details#search-panel")
    assert not panel.evaluate("details => details.open")
    panel.locator("summary").click()
    expect(wide.locator(".facet").first).to_be_visible()
    facets, results = panel.bounding_box(), wide.locator(".hit").first.bounding_box()
    assert facets and results and facets["x"] + facets["width"] <= results["x"]  # beside
    # ... and open beside the results when a shared link holds a filter.
    search(wide, base_url, f"{lang}/search/?q={query}&industry=" +
           ("Logistics" if not lang else "製造業"))
    assert panel.evaluate("details => details.open")
    expect(wide.locator(".facet").first).to_be_visible()
    wide.close()


def test_counts_use_the_languages_plural_forms(page: Page, base_url: str) -> None:
    assert len(search(page, base_url, "/search/?q=payroll")) == 1
    expect(page.locator(".search-count")).to_have_text("1 result")
    assert len(search(page, base_url, "/search/?q=approvals")) > 1
    expect(page.locator(".search-count")).to_have_text(re.compile(r"^\d+ results$"))
    found = search(page, base_url, "/ja/search/?q=検査")
    expect(page.locator(".search-count")).to_have_text(f"{len(found)}件")


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_filter_values_read_as_a_customer_would(page: Page, base_url: str, lang: str) -> None:
    page.goto(f"{base_url}{'' if lang == 'en' else '/ja'}/search/")
    page.wait_for_selector("#search-results[data-ready=true]")
    page.locator("#search-panel > summary").click()
    page.wait_for_selector(".facet")
    types = page.locator("input[name=type]").evaluate_all("boxes => boxes.map(b => b.value)")
    if lang == "en":
        assert types == ["Story", "Interview", "FAQ answer", "Customer voices"]
    else:
        assert types == ["導入事例", "インタビュー", "よくある質問への回答", "お客様の声"]
    sizes = page.locator("input[name=company_size]").evaluate_all(
        "boxes => boxes.map(b => b.value)")
    assert len(sizes) > 2 and sizes == sorted(sizes, key=lambda size: int(size.split("-")[0]
                                                                       .rstrip("+")))
    if lang == "en":
        assert sizes == ["1-50", "51-200", "201-1000", "1001-5000", "5000+"]
    size_label = page.locator(".facet-option", has=page.locator(f"input[value='{sizes[0]}']"))
    expect(size_label).to_contain_text(f"{sizes[0]} employees" if lang == "en"
                                       else f"従業員{sizes[0]}名")
    industries = page.locator("input[name=industry]").evaluate_all(
        "boxes => boxes.map(b => b.value)")
    collated = page.evaluate("([names, lang]) => names.slice().sort(new Intl.Collator(lang)"
                             ".compare)", [industries, lang])
    assert industries == collated


def normalised(text: str) -> str:
    """Text to compare excerpts with pages: no whitespace, no full stops (Pagefind ends
    each block of the indexed text with one)."""
    return re.sub(r"[\s.]", "", text)


@pytest.mark.parametrize("query", ["/search/?q=approvals", "/search/?q=RP",
                                   "/search/?q=offline", "/search/?q=single+sign-on",
                                   "/ja/search/?q=検査", "/ja/search/?q=おくやませいみつこうぎょう",
                                   "/ja/search/?q=RP"])
def test_excerpts_are_the_pages_own_words(browser: Browser, page: Page, base_url: str,
                                          query: str) -> None:
    aliases = [word for group in yaml.safe_load(
        (REPO / "content/search/aliases.yml").read_text(encoding="utf-8")) for word in group]
    found = search(page, base_url, query)[:3]
    assert found
    reader = browser.new_page()
    for n, url in enumerate(found):
        excerpt = page.locator(".hit").nth(n).locator(".hit-excerpt")
        if not excerpt.count():  # matched only an alias: the summary stands alone
            continue
        shown = excerpt.inner_text().replace("…", "")
        reader.goto(base_url + url)
        main = reader.locator("main").inner_text()
        assert normalised(shown) in normalised(main), (url, shown)
        for word in aliases:
            if word.lower() not in main.lower():
                assert word.lower() not in shown.lower(), (url, word, shown)
    reader.close()


@pytest.mark.parametrize("url", [OKUYAMA, "/ja" + OKUYAMA,
                                 "/stories/harbourline-freight-exceptions/",
                                 "/interviews/kawasemi-logistics/"])
def test_a_storys_exact_title_finds_it_first(page: Page, base_url: str, sample_output: Path,
                                            url: str) -> None:
    soup = BeautifulSoup((sample_output / url.strip("/") / "index.html").read_text(),
                         "html.parser")
    title = soup.h1.get_text(" ", strip=True)
    found = search(page, base_url, ("/ja" if url.startswith("/ja/") else "") +
                   "/search/?q=" + quote_plus(title))
    assert found[0] == url, (title, found[:3])


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


@pytest.mark.parametrize(("query", "overview"), [("approvals", "/features/approvals/"),
                                                 ("dashboards", "/features/dashboards/")])
def test_stories_and_answers_come_before_the_overview_named_by_the_query(
        page: Page, base_url: str, query: str, overview: str) -> None:
    prefix = "/ja" if overview.startswith("/ja/") else ""
    found = [url.removeprefix(prefix) for url in
             search(page, base_url, f"{prefix}/search/?q={query}")]
    overview = overview.removeprefix(prefix)
    assert overview in found  # the overview is found by its name ...
    first_overview = min(n for n, url in enumerate(found) if url.startswith(("/features/",
                                                                              "/industries/")))
    content = [url for url in found[:first_overview]
               if url.startswith(("/stories/", "/interviews/", "/faq/"))]
    assert len(content) >= 2  # ... below the stories and answers that match


def retry_notice(page: Page) -> str:
    return page.locator(".search-retry").first.inner_text()


def test_a_japanese_compound_the_index_lacks_is_searched_by_its_known_part(
        page: Page, base_url: str) -> None:
    """電子署名 is in no Japanese page as one word of the index: the search names the
    part it looked for (署名, a signature) and finds the answer that speaks of signing."""
    found = search(page, base_url, "/ja/search/?q=電子署名 スマホ")
    assert found[0] == "/ja/faq/do-forms-work-offline/"
    assert "「署名" in retry_notice(page)


def test_a_japanese_alias_is_searched_by_the_word_the_pages_use(
        page: Page, base_url: str) -> None:
    """No page says 稟議; the approvals group finds the pages that talk about 承認 by how
    much they do, not the About page that mentions a customer's sign-off once."""
    found = search(page, base_url, "/ja/search/?q=稟議")
    assert "/ja/interviews/kawasemi-logistics/" in found[:2]
    assert found.index("/ja/about/") > found.index("/ja/stories/okuyama-precision-inspections/")
    assert "「承認」" in retry_notice(page)


def test_a_japanese_sentence_keeps_a_cut_off_kanji_with_its_word(
        page: Page, base_url: str) -> None:
    """取引先 is cut by the browser into 取引 and 先: kept together, the sentence is about
    the audit (監査), and the story of the audit comes first."""
    found = search(page, base_url, "/ja/search/?q=取引先の監査で指摘を受けた")
    assert found[0] == "/ja/stories/okuyama-precision-inspections/"
    assert " 先" not in retry_notice(page)


def test_a_question_few_pages_answer_whole_is_followed_by_pages_with_most_of_it(
        page: Page, base_url: str) -> None:
    # One page (Misaki Care) has all three words.
    found = search(page, base_url, "/search/?q=nurses+overtime+whiteboard")
    assert found[0] == "/stories/misaki-care-visit-scheduling/"
    expect(page.locator(".search-also")).to_have_text(re.compile(
        r"^Few pages have all of “nurses overtime whiteboard”; pages with “[^”]+” follow$"))
    also = page.locator(".search-also").inner_text().split("pages with “")[1].split("”")[0]
    assert len(also.split()) == 2  # all words but one
    assert len(found) > 1 and len(set(found)) == len(found)
    # Enough pages with every word: nothing follows.
    assert len(search(page, base_url, "/search/?q=approvals+delegate+holiday")) >= 3
    expect(page.locator(".search-also")).to_have_count(0)
