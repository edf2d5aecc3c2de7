"""What Casebook hands Pagefind: the page's own words, and aliases added for the index only."""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import threading
import time
from pathlib import Path

from casebook.search.feeder import LanguageIndexes, frame, serve
from casebook.search.index import (
    ALIAS_REPEATS,
    ALIAS_WEIGHT,
    STOP_MARK,
    STOP_WORDS,
    for_index,
    query_aliases,
    trimmed,
    with_stop_words_aside,
    without_added_stops,
)
from casebook.search.service import GIVING_WAY, PagefindIndex

from ..conftest import REPO

PAGE = ('<!DOCTYPE html><html lang="en"><body><nav>The menu</nav>'
        '<main data-pagefind-body><h1>The story of the mill</h1>'
        '<p>We moved all of the approvals into a flow.</p>'
        '<div hidden data-pagefind-ignore><span data-pagefind-meta="summary[data-value]" '
        'data-value="The mill and the flow"></span></div></main></body></html>')


def test_every_word_of_the_page_is_indexed_as_written() -> None:
    indexed = for_index(PAGE, []).replace(STOP_MARK, "")
    assert "<p>We moved all of the approvals into a flow.</p>" in indexed
    assert "<h1>The story of the mill\u2060</h1>" in indexed


def test_alias_words_are_added_at_the_end_and_named_in_a_meta() -> None:
    indexed = for_index(PAGE, [["approvals", "決裁", "the sign-off"]]).replace(STOP_MARK, "")
    assert (f'<p data-pagefind-weight="{ALIAS_WEIGHT}">決裁 the sign-off\u2060</p>'
            '<span hidden data-pagefind-meta="aliases[data-value]" '
            'data-value="決裁 the sign-off"></span></main>') in indexed
    assert for_index(PAGE, [["gearboxes", "drivetrains"]]) == for_index(PAGE, [])


def test_alias_words_come_as_often_as_the_page_says_their_group_up_to_a_limit() -> None:
    twice = PAGE.replace("a flow.</p>", "a flow. Approvals are faster.</p>")
    tail = re.compile(r'data-value="([^"]*)"></span></main>')
    assert tail.search(for_index(twice, [["approvals", "決裁"]]))[1] == "決裁 決裁"
    many = PAGE.replace("a flow.</p>", "a flow." + " Approvals." * 9 + "</p>")
    assert tail.search(for_index(many, [["approvals", "決裁"]]))[1] == " ".join(
        ["決裁"] * ALIAS_REPEATS)
    # Latin words count as whole words only: "approvalsX" is not a mention
    assert tail.search(for_index(PAGE.replace("approvals", "approvalsx"),
                                 [["approvals", "決裁"]])) is None


def test_a_japanese_search_page_gets_the_kanji_and_katakana_of_groups_never_guarded_ones() -> None:
    groups = [["承認", "approval", "稟議"], ["スマホ", "smartphone", "すまほ"],
              ["奥山精密", "Okuyama", "おくやま", "奥山"], ["CS", "customer success"]]
    assert query_aliases(groups, {2: ["okuyama"]}, "ja") == [["承認", "稟議"]]
    assert query_aliases(groups, {}, "ja")[1] == ["奥山精密", "奥山"]
    assert query_aliases(groups, {}, "en") == []


def test_stop_words_are_indexed_apart_in_the_text_only() -> None:
    marked = with_stop_words_aside(PAGE)
    m = STOP_MARK
    assert f"<h1>{m}The story {m}of {m}the mill</h1>" in marked
    assert f"<p>{m}We moved {m}all {m}of {m}the approvals {m}into {m}a flow.</p>" in marked
    assert 'data-value="The mill and the flow"' in marked  # attributes stay as they are
    assert "<nav>The menu</nav>" in marked  # outside the indexed region
    japanese = PAGE.replace('lang="en"', 'lang="ja"')
    assert with_stop_words_aside(japanese) == japanese


def test_the_search_page_leaves_out_the_same_stop_words() -> None:
    script = (REPO / "theme/static/js/search.js").read_text(encoding="utf-8")
    listed = re.search(r"var STOP_WORDS = \{\};\s*\((.*?)\)\.split", script, re.DOTALL)
    assert listed is not None
    words = " ".join(re.findall(r'"([^"]*)"', listed.group(1))).split()
    assert sorted(words) == sorted(STOP_WORDS)
    assert "\\u01c2" in script and STOP_MARK == "\u01c2"


def test_blocks_without_closing_punctuation_get_no_full_stop_from_pagefind(
        tmp_path: Path) -> None:
    page = ('<!DOCTYPE html><html lang="en"><head><title>Mill</title></head><body>'
            '<main data-pagefind-body><p class="kicker"><a href="/faq/">Questions</a></p>'
            '<h1>The mill</h1><h2 id="why">Paper nobody could <em>search</em></h2>'
            '<p>It ends well.</p><ul><li>one item</li><li>“quoted”</li></ul></main></body></html>')
    marked = without_added_stops(page)
    assert "Questions</a>\u2060</p>" in marked and "<em>search</em>\u2060</h2>" in marked
    assert "well.</p>" in marked and "item\u2060</li>" in marked and "”</li>" in marked
    index = PagefindIndex()
    try:
        index.add(for_index(page, []), "/mill/", "mill/index.html")
        index.wait(index.request_write(tmp_path))
    finally:
        index.pipe.close()
    fragment = next((tmp_path / "fragment").iterdir()).read_bytes()
    content = json.loads(_inflate(fragment))["content"]
    assert "." not in content.replace("well.", "")  # no stop the page does not have
    assert content.replace(STOP_MARK, "").replace("\u2060", "").split() == [
        "Questions", "The", "mill", "Paper", "nobody", "could", "search", "It", "ends",
        "well.", "one", "item", "“quoted”"]
    assert without_added_stops(page.replace('lang="en"', 'lang="ja"')) == page.replace(
        'lang="en"', 'lang="ja"')


def _inflate(data: bytes) -> bytes:
    raw = gzip.decompress(data)
    return raw[raw.index(b"{"):]


FULL_PAGE = (
    '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8">'
    '<title>Mill story | Site</title><meta name="description" content="About the mill">'
    '<script type="application/ld+json">{}</script></head>\n<body><header><nav>'
    '<a href="/">Home</a> <a href="/stories/">Stories</a></nav></header>'
    '<main id="main" data-pagefind-body><article><div hidden data-pagefind-ignore>'
    '<span data-pagefind-filter="industry[data-value]" data-value="Energy"></span>'
    '<span data-pagefind-meta="summary[data-value]" data-value="Turbines and approvals"></span>'
    '<span data-pagefind-sort="date[data-value]" data-value="2026-01-02"></span></div>'
    '<h1>The story of the mill</h1><h2 id="why">Why we moved</h2>'
    '<p>We moved all of the <em>approvals</em> into a flow.</p>'
    '<img src="/images/mill.jpg" alt="The mill"><aside data-pagefind-ignore>Energy</aside>'
    '</article><section class="related" data-pagefind-ignore="all"><h2>Related</h2>'
    '<article><h3><a href="/stories/other/">Other mill</a></h3><p>Gearboxes</p></article>'
    '</section>\n</main><footer><p>&copy; Us</p></footer></body>\n</html>\n')


def test_pagefind_is_handed_only_the_language_title_and_indexed_main() -> None:
    page = trimmed(FULL_PAGE)
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">\n'
                           '<head><title>Mill story | Site</title></head>')
    assert "<nav>" not in page and "<footer>" not in page and "ld+json" not in page
    assert "Related" not in page and "Gearboxes" not in page  # ignored entirely anyway
    assert 'data-value="Turbines and approvals"' in page and "approvals</em>" in page
    unindexed = PAGE.replace(" data-pagefind-body", "")
    assert trimmed(unindexed) == unindexed


def test_only_what_is_indexed_lends_a_page_alias_words() -> None:
    groups = [["gearboxes", "drivetrains"], ["approvals", "sign-offs"]]
    indexed = for_index(FULL_PAGE, groups)
    assert "sign-offs" in indexed  # the story mentions approvals
    assert "drivetrains" not in indexed  # only a related story mentions gearboxes


def _stored(html: str, output: Path) -> set[str]:
    """The files Pagefind writes for one page (fragments and index chunks are named by
    the hash of what they hold)."""
    index = PagefindIndex()
    try:
        index.add(html, "/mill/", "mill/index.html")
        index.wait(index.request_write(output))
    finally:
        index.pipe.close()
    return {p.relative_to(output).as_posix() for p in output.rglob("*")
            if p.parent.name in ("fragment", "index")}


def test_trimming_changes_nothing_pagefind_stores(tmp_path: Path) -> None:
    whole = _stored(FULL_PAGE, tmp_path / "whole")
    trim = _stored(trimmed(FULL_PAGE), tmp_path / "trimmed")
    assert any(name.startswith("fragment/") for name in whole)
    assert trim == whole


def _feed(frames: list[bytes]) -> dict[str, object]:
    """Run the search feeder (and real Pagefind binaries) over these frames; its reply."""
    stdin, stdout = io.BytesIO(b"".join(frames)), io.BytesIO()
    serve(stdin, stdout)
    reply: dict[str, object] = json.loads(stdout.getvalue())
    return reply


def _page(lang: str, words: str) -> bytes:
    return PAGE.replace('lang="en"', f'lang="{lang}"').replace("approvals", words).encode()


def test_a_language_closed_early_is_written_and_merged_with_the_others(tmp_path: Path) -> None:
    start = json.dumps({"aliases": [], "scratch": str(tmp_path / "scratch")}).encode()
    reply = _feed([frame(b"A", body=start),
                   frame(b"P", b"/en/\ten/index.html", _page("en", "turbines")),
                   frame(b"C", b"en"),  # English starts writing before the Japanese page
                   frame(b"P", b"/ja/\tja/index.html", _page("ja", "決裁")),
                   frame(b"W", str(tmp_path / "bundle").encode())])
    assert "error" not in reply
    entry = json.loads((tmp_path / "bundle" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert {lang: data["page_count"] for lang, data in entry["languages"].items()} == {
        "en": 1, "ja": 1}
    assert not (tmp_path / "scratch").exists()


def test_a_page_after_its_language_was_closed_fails_the_build_by_name(tmp_path: Path) -> None:
    start = json.dumps({"aliases": [], "scratch": str(tmp_path / "scratch")}).encode()
    reply = _feed([frame(b"A", body=start),
                   frame(b"P", b"/one/\tone/index.html", _page("en", "turbines")),
                   frame(b"C", b"en"),
                   frame(b"P", b"/two/\ttwo/index.html", _page("en", "gearboxes")),
                   frame(b"W", str(tmp_path / "bundle").encode())])
    assert "/two/ was rendered after the 'en' search index was closed" in str(reply["error"])
    assert not (tmp_path / "bundle").exists()


def _niceness(pid: int) -> set[int]:
    return {os.getpriority(os.PRIO_PROCESS, int(tid)) for tid in os.listdir(f"/proc/{pid}/task")}


def test_binaries_still_indexing_give_way_to_the_one_writing(tmp_path: Path) -> None:
    indexes = LanguageIndexes([], tmp_path / "scratch")
    try:
        indexes.add("/ja/", "ja/index.html", _page("ja", "決裁").decode())
        indexes.add("/en/", "en/index.html", _page("en", "turbines").decode())
        ja, en = (indexes.indexes[lang].pipe.process.pid for lang in ("ja", "en"))
        ours = os.getpriority(os.PRIO_PROCESS, 0)
        giving_way = {min(ours + GIVING_WAY, 19)}
        assert _niceness(ja) == _niceness(en) == {ours}
        indexes.close("en")
        assert _niceness(ja) == giving_way
        assert _niceness(en) == {ours}
        indexes.add("/ko/", "ko/index.html", _page("ko", "turbines").decode())
        assert _niceness(indexes.indexes["ko"].pipe.process.pid) == giving_way
        indexes.close("ja")
        assert _niceness(indexes.indexes["ko"].pipe.process.pid) == giving_way  # once
        indexes.write(tmp_path / "bundle")
    finally:
        indexes.stop(kill=True)
    entry = json.loads((tmp_path / "bundle" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert sorted(entry["languages"]) == ["en", "ja", "ko"]


def test_a_written_bundle_lets_its_binary_go_without_waiting_for_more_pages(
        tmp_path: Path) -> None:
    indexes = LanguageIndexes([], tmp_path / "scratch")
    try:
        indexes.add("/en/", "en/index.html", _page("en", "turbines").decode())
        indexes.add("/ja/", "ja/index.html", _page("ja", "決裁").decode())
        english, japanese = (indexes.indexes[lang].pipe.process for lang in ("en", "ja"))
        indexes.close("en")  # and no page comes after
        deadline = time.monotonic() + 30
        while english.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert english.poll() is not None  # exited, its memory given back
        assert japanese.poll() is None  # still indexing
        assert (tmp_path / "scratch" / "en" / "pagefind-entry.json").is_file()
        indexes.write(tmp_path / "bundle")
    finally:
        indexes.stop(kill=True)
    entry = json.loads((tmp_path / "bundle" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert sorted(entry["languages"]) == ["en", "ja"]


def test_a_language_closed_while_another_is_written_starts_writing_at_once(
        tmp_path: Path) -> None:
    """The build has nothing left for the second core by then: both bundles are
    written side by side, and each binary exits once its own is on disk."""
    indexes = LanguageIndexes([], tmp_path / "scratch")
    events: list[tuple[str, str]] = []
    start_writing, retire = indexes._start_writing, indexes._retire

    def logged_start(lang: str, after: threading.Event | None = None) -> None:
        events.append(("write", lang))
        start_writing(lang, after)

    def logged_retire(index: PagefindIndex) -> None:
        lang = languages[index.pipe.process.pid]
        if ("exit", lang) not in events:
            events.append(("exit", lang))
        retire(index)

    indexes._start_writing = logged_start  # type: ignore[method-assign]
    indexes._retire = logged_retire  # type: ignore[method-assign]
    try:
        for n in range(400):
            indexes.add(f"/en/{n}/", f"en/{n}/index.html", _page("en", f"turbine{n}").decode())
        indexes.add("/ja/", "ja/index.html", _page("ja", "決裁").decode())
        languages = {i.pipe.process.pid: lang for lang, i in indexes.indexes.items()}
        indexes.close("en")
        indexes.close("ja")  # while English is still being written
        indexes.write(tmp_path / "bundle")
    finally:
        indexes.stop(kill=True)
    assert events[:2] == [("write", "en"), ("write", "ja")]
    assert sorted(events[2:]) == [("exit", "en"), ("exit", "ja")]
    entry = json.loads((tmp_path / "bundle" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert {lang: data["page_count"] for lang, data in entry["languages"].items()} == {
        "en": 400, "ja": 1}
