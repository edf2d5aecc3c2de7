"""The relevance benchmark's arithmetic and its query file, without a browser.

`make bench` runs the queries through the real search page; here only what
it computes from a ranking, how it tells a verbatim excerpt, and that every
query expects a page the sample site really has.
"""

from __future__ import annotations

import math
from pathlib import Path

from bench.relevance import (
    LANGUAGES,
    Hit,
    Outcome,
    first_rank,
    load_queries,
    mean_reciprocal_rank,
    missing_pieces,
    page_text,
    success_at,
    summarise,
    url_path,
)
from bench.report import relevance_tables, render_markdown


def test_success_at_k_and_mrr_on_made_up_rankings() -> None:
    rankings = [["/a/", "/b/", "/c/"], ["/b/", "/a/"], ["/c/", "/b/", "/x/", "/a/"], ["/x/"]]
    ranks = [first_rank(ranking, ("/a/",)) for ranking in rankings]
    assert ranks == [1, 2, 4, None]
    assert success_at(ranks, 1) == 0.25
    assert success_at(ranks, 3) == 0.5
    assert math.isclose(mean_reciprocal_rank(ranks) or 0, (1 + 1 / 2 + 1 / 4 + 0) / 4)
    assert first_rank(["/x/", "/b/"], ("/a/", "/b/")) == 2  # an `also` page counts
    assert success_at([], 3) is None and mean_reciprocal_rank([]) is None
    assert url_path("http://127.0.0.1:8000/ja/faq/x/index.html#part") == "/ja/faq/x/"


def test_an_excerpt_is_verbatim_modulo_ellipses_and_whitespace() -> None:
    html = ("<html><body><nav>Menu</nav><main><h2>Results</h2><p>Tracing a lot now "
            "takes about <b>fifteen</b> minutes.</p><p hidden>secret words</p>"
            "<p>検査記録を 電子化しました。</p></main></body></html>")
    english, japanese = page_text(html, "en"), page_text(html, "ja")
    excerpt = "… Tracing a lot now takes  about fifteen minutes. …"
    assert missing_pieces(excerpt, english, "en") == []
    assert missing_pieces("Results … takes about fifteen", english, "en") == []
    assert missing_pieces("Results. Tracing a lot", english, "en") == ["Results. Tracing a lot"]
    assert missing_pieces("secret words", english, "en") == ["secret words"]  # not visible
    assert missing_pieces("Menu", english, "en") == ["Menu"]  # not in <main>
    assert missing_pieces("… 検査 記録を電子化 …", japanese, "ja") == []


def test_scores_per_language_and_the_report_tables() -> None:
    def outcome(lang: str, rank: int | None, verbatim: bool) -> Outcome:
        hit = Hit("/first/", "First", "an excerpt", verbatim, [] if verbatim else ["an excerpt"],
                  None if verbatim else "words")
        return Outcome(lang, "q", "/a/", [], rank, 10, [hit])

    blank = Outcome("ja", "q", "/a/", [], None, 1, [Hit("/b/", "B", "")])  # no excerpt shown
    relevance = summarise([outcome("en", 1, True), outcome("en", 4, True),
                           outcome("ja", 2, False), blank])
    en, ja = relevance["languages"]["en"], relevance["languages"]["ja"]
    assert (en["success_at_1"], en["success_at_3"], en["mrr"]) == (0.5, 0.5, 0.625)
    assert (ja["success_at_1"], ja["success_at_3"], ja["mrr"]) == (0.0, 0.5, 0.25)
    assert (ja["excerpts"], ja["top_results_without_excerpt"], ja["verbatim_share"]) == (1, 1, 0)
    assert en["pass"] is False and ja["pass"] is False
    assert relevance["overall"]["success_at_3"] == 0.5
    assert [miss["rank"] for miss in relevance["misses"]] == [4, None]
    assert len(relevance["not_verbatim"]) == 1
    markdown = render_markdown(relevance_tables(relevance))
    assert "| en | 2 | 0.50 | 0.50 | 0.62 | 100% (2/2) |" in markdown


def test_every_query_expects_a_page_of_the_sample_site(sample_output: Path) -> None:
    queries = load_queries()
    for lang in LANGUAGES:
        assert len([q for q in queries if q.lang == lang]) >= (25 if lang == "en" else 20)
    assert len({(q.lang, q.query) for q in queries}) == len(queries)  # no query twice
    for query in queries:
        for path in query.acceptable:
            page = sample_output / path.strip("/") / "index.html"
            assert page.is_file(), f"{query.query!r} expects {path}, which was not built"
            assert "data-pagefind-body" in page.read_text(encoding="utf-8"), path  # searchable
