"""What Casebook hands Pagefind: aliases added and stop words left out, for the index only."""

from __future__ import annotations

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
