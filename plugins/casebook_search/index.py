"""The page as Pagefind is given it: aliases added, English stop words left out.

The search feeder process runs this for every page, so it imports nothing
but the standard library."""

from __future__ import annotations

import html
import re
import string

INDEXED_MARK = "data-pagefind-body"  # the writer hands on only pages that carry it

MAIN_END = re.compile(r"</main>", re.IGNORECASE)
TAGS = re.compile(r"<[^>]+>")
HTML_LANG = re.compile(r'<html lang="([a-z-]+)"')
# English words that occur on nearly every page. Nobody searches for them, and
# their lists of locations are what makes an index chunk several times larger
# than the rest: every query whose word sorts near "the" would download it.
STOP_WORDS = frozenset("""
a about after all also am an and any are as at be because been before being but by can
could did do does each every for from had has have he her here him his how i if in into
is it its just me more most my no not of on only or our out over she so some such than
that the their them then there these they this those through to too under up us very
was we were what when where which while who why will with without would you your
""".split())
LATIN = re.compile(r"[a-z0-9]")
WORD_CHARS = frozenset(string.ascii_lowercase + string.digits)
HEADING = re.compile(r"(<h[1-6]\b.*?</h[1-6]>)", re.IGNORECASE | re.DOTALL)
TEXT = re.compile(r">([^<]+)<")
WORD = re.compile(r"[A-Za-z']+")


def _drop_stop_word(match: re.Match[str]) -> str:
    word = match.group(0)
    return "" if word.lower() in STOP_WORDS else word


def _without_stop_words(match: re.Match[str]) -> str:
    return ">" + WORD.sub(_drop_stop_word, match.group(1)) + "<"


def strip_stop_words(page_html: str) -> str:
    """English pages, as indexed: body text without stop words; headings kept whole
    (they title results and answers)."""
    match = HTML_LANG.search(page_html)
    if not match or not match.group(1).startswith("en") or INDEXED_MARK not in page_html:
        return page_html
    head, _, body = page_html.partition(INDEXED_MARK)
    parts = HEADING.split(body)
    for n in range(0, len(parts), 2):  # even parts lie outside headings
        parts[n] = TEXT.sub(_without_stop_words, parts[n])
    return head + INDEXED_MARK + "".join(parts)


def for_index(page_html: str, groups: list[list[str]]) -> str:
    """The page as Pagefind should see it (never as published)."""
    return strip_stop_words(with_aliases(page_html, groups))


def with_aliases(page_html: str, groups: list[list[str]]) -> str:
    """The page as Pagefind should see it: alias words added, for the index only."""
    if not groups:
        return page_html
    body = page_html.split(INDEXED_MARK, 1)[-1].split("</main>", 1)[0]
    extra = aliases_for(html.unescape(TAGS.sub(" ", body)), groups)
    if not extra:
        return page_html
    words = html.escape(" ".join(extra))
    return MAIN_END.sub(f'<p data-pagefind-weight="0.5">{words}</p></main>', page_html, count=1)


def aliases_for(text: str, groups: list[list[str]]) -> list[str]:
    """Words of every group that ``text`` mentions, which ``text`` does not contain yet."""
    lowered = text.lower()
    extra: list[str] = []
    for group in groups:
        if any(_mentions(lowered, word) for word in group):
            extra += [word for word in group if not _mentions(lowered, word)]
    return extra


def _mentions(lowered: str, word: str) -> bool:
    """Whole-word match for Latin words (CS is not in 'stats'); substring for CJK."""
    word = word.lower()
    start = lowered.find(word)
    if start == -1 or not LATIN.search(word):  # the common cases, without a scan
        return start != -1
    while start != -1:
        end = start + len(word)
        before, after = lowered[start - 1:start], lowered[end:end + 1]
        if before not in WORD_CHARS and after not in WORD_CHARS:
            return True
        start = lowered.find(word, start + 1)
    return False
