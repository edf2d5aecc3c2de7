"""The page as Pagefind is given it: trimmed to what it indexes, aliases added.

Every word of the page is indexed and stored as it is written: excerpts are the
page's own text. (Leaving English stop words out made the index smaller and the
excerpts unreadable; the search page leaves them out of the *query* instead, so
their long location lists are never fetched.) Alias words are added at the end
of the indexed text with a low weight, as often as the page says the group's
words (up to ALIAS_REPEATS), so that a page that talks about approvals all
along outranks one that says "approval" once, for 稟議 as for approval. The
tail is repeated in the ``aliases`` meta, so the search page can tell it from
the page's words and never shows it.

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
# What a template marks as never searched (the cards of a listing), cut before the
# page is indexed or lends itself alias words.
SKIPPED = re.compile(r"<!--search:skip-->.*?<!--/search:skip-->", re.DOTALL)
# English words on nearly every page. Nobody searches for them (the search page leaves
# them out of a query), yet Pagefind's lists of their locations are the largest in
# the index, and the index chunk a query word shares with one of them (approval
# beside "are", onboarding beside "on") costs several times the rest. So they are
# indexed with a leading STOP_MARK: a letter, so Pagefind keeps it in the word, and
# one that sorts after every Latin word, so their lists sit together at the end of
# the index where no query goes. The stored text, and so the excerpt, still holds
# every word in its place; the search page drops the mark. (theme/static/js/search.js
# has the same list; a test keeps them equal.)
STOP_WORDS = frozenset("""
a about after all also am an and any are as at be because been before being but by can
could did do does each every for from had has have he her here him his how i if in into
is it its just me more most my no not of on only or our out over she so some such than
that the their them then there these they this those through to too under up us very
was we were what when where which while who why will with without would you your
""".split())
STOP_MARK = "\u01c2"  # ǂ
TAG_OR_WORD = re.compile(r"(<[^>]*>|[A-Za-z']+)")
LATIN = re.compile(r"[a-z0-9]")
WORD_CHARS = frozenset(string.ascii_lowercase + string.digits)
ALIAS_WEIGHT = "0.75"
ALIAS_REPEATS = 3  # past a few mentions, Pagefind's term frequency adds little


# Pagefind ends the text of a block (a heading, a list item) that has no closing
# punctuation with a full stop of its own, which excerpts would then show: "Paper
# that nobody could search. The system…". An invisible word joiner (U+2060) there
# is not punctuation to it, so it adds nothing; the search page leaves it out.
# (Japanese text is segmented by Pagefind, and the search page drops those stops.)
BLOCK_END = re.compile(
    r"([^\s>.!?;:,…)\]\"'”’])((?:</(?:a|b|i|em|strong|span|code|mark|small|abbr)>)*)"
    r"(</(?:h[1-6]|p|li|dt|dd|td|th|figcaption|summary|caption|blockquote)>)")
NO_STOP = "\u2060"


def for_index(page_html: str, groups: list[list[str]],
              guards: dict[int, list[str]] | None = None) -> str:
    """The page as Pagefind should see it (never as published). Trimmed first, so that
    only what is indexed (not the related stories) lends the page alias words."""
    return with_stop_words_aside(
        without_added_stops(with_aliases(trimmed(page_html), groups, guards)))


def with_stop_words_aside(page_html: str) -> str:
    """English pages: every stop word of the indexed body marked with STOP_MARK (in
    the text only, never in a tag or an attribute)."""
    match = HTML_LANG.search(page_html)
    if not match or not match.group(1).startswith("en") or INDEXED_MARK not in page_html:
        return page_html
    head, _, body = page_html.partition(INDEXED_MARK)
    pieces = TAG_OR_WORD.split(body)
    pieces[1::2] = [STOP_MARK + piece if piece.lower() in STOP_WORDS else piece
                    for piece in pieces[1::2]]
    return head + INDEXED_MARK + "".join(pieces)


def without_added_stops(page_html: str) -> str:
    """Blocks that end without punctuation end with a word joiner instead, so that
    Pagefind's stored text (what excerpts show) has no full stop the page lacks."""
    lang = HTML_LANG.search(page_html)
    if lang is None or segmented(lang.group(1)):
        return page_html
    return BLOCK_END.sub(lambda m: m.group(1) + m.group(2) + NO_STOP + m.group(3), page_html)


SEGMENTED = ("ja", "zh", "th")  # languages whose words Pagefind finds with a dictionary
NOUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u30a0-\u30ff]+")  # kanji, katakana


def segmented(lang: str) -> bool:
    return lang.startswith(SEGMENTED)


def query_aliases(groups: list[list[str]], guards: dict[int, list[str]] | None,
                  lang: str) -> list[list[str]]:
    """The alias groups the search page of ``lang`` is given, so that it can ask for a
    group by the word that its pages use (search.js ``groupWord``): only where Pagefind
    segments the text, whose index may hold an alias word of the tail cut in two
    (稟議 as 稟 and 議) and finds it only by the ``aliases`` meta, with one score for
    every page. Never a group that holds an anonymous customer's name (``guards``),
    and of a group only its words in kanji and katakana (a reading in hiragana is
    cut into syllables by the search page's segmenter, a Latin word is not what a
    Japanese reader should see named)."""
    if not segmented(lang):
        return []
    shipped = []
    for n, group in enumerate(groups):
        if guards and n in guards:
            continue
        words = [word for word in group if NOUN.fullmatch(word)]
        if len(words) > 1:
            shipped.append(words)
    return shipped


def trimmed(page_html: str) -> str:
    """Only what Pagefind reads of a page with an indexed ``<main>``: its language, its
    title and the ``<main>`` element, less the sections it is told to ignore entirely
    and what the theme marks ``<!--search:skip-->``.

    Pagefind would parse the rest (head, navigation, footer, related stories) only to
    skip it: a quarter of every page."""
    start = page_html.find("<main")
    end = page_html.rfind("</main>")
    lang = HTML_LANG.search(page_html)
    if start == -1 or end < start or lang is None or INDEXED_MARK not in page_html[start:end]:
        return page_html
    title = TITLE.search(page_html, 0, start)
    head = title.group(0) if title else ""
    main = SKIPPED.sub("", IGNORED_SECTION.sub("", page_html[start:end]))
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
    tail = (f'<p data-pagefind-weight="{ALIAS_WEIGHT}">{words}</p>'
            f'<span hidden data-pagefind-meta="aliases[data-value]" data-value="{words}"></span>')
    return MAIN_END.sub(lambda _: tail + "</main>", page_html, count=1)


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
        said = sum(mention_count(lowered, word) for word in group)
        if said:
            missing = [word for word in group if not mentions(lowered, word)]
            extra += missing * min(said, ALIAS_REPEATS)
    return extra


@functools.cache
def _lowered(word: str) -> tuple[str, bool]:
    """An alias word in lower case, and whether it is Latin (matched as a whole word)."""
    word = word.lower()
    return word, LATIN.search(word) is not None


def mentions(lowered: str, word: str) -> bool:
    """Whole-word match for Latin words (CS is not in 'stats'); substring for CJK."""
    return mention_count(lowered, word, at_most=1) > 0


def mention_count(lowered: str, word: str, at_most: int = ALIAS_REPEATS) -> int:
    """How often ``lowered`` says ``word`` (as ``mentions`` matches), counted up to
    ``at_most``."""
    word, latin = _lowered(word)
    count = 0
    start = lowered.find(word)
    while start != -1 and count < at_most:
        end = start + len(word)
        if not latin or (lowered[start - 1:start] not in WORD_CHARS
                         and lowered[end:end + 1] not in WORD_CHARS):
            count += 1
        start = lowered.find(word, end if not latin else start + 1)
    return count
