"""What Casebook hands Pagefind: aliases added and stop words left out, for the index only."""

from __future__ import annotations

import io
import json
from pathlib import Path

from casebook_search.feeder import frame, serve
from casebook_search.index import for_index, strip_stop_words

PAGE = ('<!DOCTYPE html><html lang="en"><body><nav>The menu</nav>'
        '<main data-pagefind-body><h1>The story of the mill</h1>'
        '<p>We moved all of the approvals into a flow.</p>'
        '<div hidden data-pagefind-ignore><span data-pagefind-meta="summary[data-value]" '
        'data-value="The mill and the flow"></span></div></main></body></html>')


def test_stop_words_leave_the_indexed_body_but_not_headings_or_attributes() -> None:
    indexed = strip_stop_words(PAGE)
    assert "<h1>The story of the mill</h1>" in indexed
    # "We", "all", "of", "the", "into", "a" go; the words people search for stay
    assert "<p> moved    approvals   flow.</p>" in indexed
    assert 'data-value="The mill and the flow"' in indexed
    assert "<nav>The menu</nav>" in indexed  # outside the indexed region


def test_japanese_pages_are_left_as_they_are() -> None:
    page = PAGE.replace('lang="en"', 'lang="ja"')
    assert strip_stop_words(page) == page


def test_aliases_are_added_before_stop_words_go() -> None:
    indexed = for_index(PAGE, [["approvals", "決裁", "the sign-off"]])
    assert "決裁" in indexed and "sign-off" in indexed


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
