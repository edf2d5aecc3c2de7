"""The page as Pagefind is given it: aliases added, English stop words left out.

The search feeder process runs this for every page, so it imports nothing
but the standard library."""

from __future__ import annotations

import functools
import html
import re
import string

INDEXED_MARK = "data-pagefind-body"  # the writer hands on only pages that carry it

MAIN_END = re.compile(r"</main>", re.IGNORECASE)
TAGS = re.compile(r"<[^>]+>")
HTML_LANG = re.compile(r'<html lang="([a-z-]+)"')
TITLE = re.compile(r"<title>.*?</title>", re.DOTALL)
# Related stories, the answers on a voices page: a section Pagefind ignores with all its
# filters and meta. (No section of the theme holds another, and the sanitizer keeps
# <section> out of bodies, so the first </section> closes it.)
IGNORED_SECTION = re.compile(r'<section\b[^>]*\bdata-pagefind-ignore="all"[^>]*>.*?</section>',
                             re.DOTALL)
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
TAG_OR_WORD = re.compile(r"(<[^>]*>|[A-Za-z']+)")


def without_stop_words(html_part: str) -> str:
    """The words between tags, stop words left out (tags are never stop words).

    One split and one list, not a call per word: the feeder does this for
    every word of every English page."""
    pieces = TAG_OR_WORD.split(html_part)
    pieces[1::2] = ["" if piece.lower() in STOP_WORDS else piece for piece in pieces[1::2]]
    return "".join(pieces)


def strip_stop_words(page_html: str) -> str:
    """English pages, as indexed: body text without stop words; headings kept whole
    (they title results and answers)."""
    match = HTML_LANG.search(page_html)
    if not match or not match.group(1).startswith("en") or INDEXED_MARK not in page_html:
        return page_html
    head, _, body = page_html.partition(INDEXED_MARK)
    parts = HEADING.split(body)
    for n in range(0, len(parts), 2):  # even parts lie outside headings
        parts[n] = without_stop_words(parts[n])
    return head + INDEXED_MARK + "".join(parts)


def for_index(page_html: str, groups: list[list[str]],
              guards: dict[int, list[str]] | None = None) -> str:
    """The page as Pagefind should see it (never as published). Trimmed first, so that
    only what is indexed (not the related stories) lends the page alias words."""
    return strip_stop_words(with_aliases(trimmed(page_html), groups, guards))


def trimmed(page_html: str) -> str:
    """Only what Pagefind reads of a page with an indexed ``<main>``: its language, its
    title and the ``<main>`` element, less the sections it is told to ignore entirely.

    Pagefind would parse the rest (head, navigation, footer, related stories) only to
    skip it: a quarter of every page."""
    start = page_html.find("<main")
    end = page_html.rfind("</main>")
    lang = HTML_LANG.search(page_html)
    if start == -1 or end < start or lang is None or INDEXED_MARK not in page_html[start:end]:
        return page_html
    title = TITLE.search(page_html, 0, start)
    head = title.group(0) if title else ""
    main = IGNORED_SECTION.sub("", page_html[start:end])
    return (f'<!DOCTYPE html>\n<html lang="{lang.group(1)}">\n<head>{head}</head>\n'
            f"<body>\n{main}</main>\n</body>\n</html>\n")


def with_aliases(page_html: str, groups: list[list[str]],
                 guards: dict[int, list[str]] | None = None) -> str:
    """The page as Pagefind should see it: alias words added, for the index only."""
    if not groups:
        return page_html
    body = page_html.split(INDEXED_MARK, 1)[-1].split("</main>", 1)[0]
    extra = aliases_for(html.unescape(TAGS.sub(" ", body)), groups, guards)
    if not extra:
        return page_html
    words = html.escape(" ".join(extra))
    return MAIN_END.sub(f'<p data-pagefind-weight="0.5">{words}</p></main>', page_html, count=1)


def aliases_for(text: str, groups: list[list[str]],
                guards: dict[int, list[str]] | None = None) -> list[str]:
    """Words of every group that ``text`` mentions, which ``text`` does not contain yet.

    A guarded group (one that holds the name of an anonymous story's customer) lends
    its words only to a text that already names that customer (``guards``: group
    index to the names, in lower case)."""
    lowered = text.lower()
    extra: list[str] = []
    for n, group in enumerate(groups):
        names = guards.get(n) if guards else None
        if names and not any(name in lowered for name in names):
            continue
        if any(_mentions(lowered, word) for word in group):
            extra += [word for word in group if not _mentions(lowered, word)]
    return extra


@functools.cache
def _lowered(word: str) -> tuple[str, bool]:
    """An alias word in lower case, and whether it is Latin (matched as a whole word)."""
    word = word.lower()
    return word, LATIN.search(word) is not None


def _mentions(lowered: str, word: str) -> bool:
    """Whole-word match for Latin words (CS is not in 'stats'); substring for CJK."""
    word, latin = _lowered(word)
    start = lowered.find(word)
    if start == -1 or not latin:  # the common cases, without a scan
        return start != -1
    while start != -1:
        end = start + len(word)
        before, after = lowered[start - 1:start], lowered[end:end + 1]
        if before not in WORD_CHARS and after not in WORD_CHARS:
            return True
        start = lowered.find(word, start + 1)
    return False
