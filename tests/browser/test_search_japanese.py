"""Japanese compound nouns: the page that holds the compound comes first.

Pagefind's index splits some compounds (新幹線 into 新 and 幹線, by Lindera) while the
browser keeps them whole (Intl.Segmenter), so the query word matches nothing and
Pagefind falls back to its first character: pages that only say 新 came first
(Pagefind issue 1237). The search page also asks for the compound as a phrase of
two parts, wherever the index may have split it, and lists the pages that hold it
first. A small site shows it, built for this test, served as the sample is.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser

from ..conftest import CONFIG, FEATURES, INDUSTRIES, Project, story_text
from .conftest import served_folder

NEW_WORDS = "新規の顧客、新年度の計画、新人の研修、新制度の説明、新店舗の準備"


def japanese_story(slug: str, title: str, body: str) -> str:
    return story_text(title=f'"{title}"', customer=f'"{slug}社"', lang="ja",
                      summary=f'"{title}"', body=body)


@pytest.fixture(scope="module")
def compound_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = Project(tmp_path_factory.mktemp("compound"))
    site.write("pelicanconf.py", CONFIG)
    site.write("content/taxonomies/features.yml", FEATURES)
    site.write("content/taxonomies/industries.yml", INDUSTRIES)
    site.write("stories/shinkansen.ja.md", japanese_story(
        "東海精機", "出張の手配を一つの申請に",
        "営業担当は毎週、新幹線で取引先を回ります。出張の申請と精算を一つにまとめました。\n"))
    for n in range(3):
        site.write(f"stories/new-{n}.ja.md", japanese_story(
            f"北陸商事{n}", f"{NEW_WORDS.split('、')[n]}を一か所で",
            "".join(f"{word}。" for word in NEW_WORDS.split("、")) * 3 + "\n"))
    assert site.build().code == 0
    with served_folder(site.output) as url:
        yield url


@pytest.mark.parametrize("query", ["新幹線", "新幹線 出張"])
def test_a_compound_noun_finds_the_page_that_holds_it_first(
        browser: Browser, compound_site: str, query: str) -> None:
    page = browser.new_page()
    page.goto(f"{compound_site}/ja/search/?q={query}")
    page.wait_for_selector("#search-results .search-count")
    first = page.locator(".hit-title a").first.get_attribute("href")
    page.close()
    assert first == "/ja/stories/shinkansen/"
