"""Each page in the other languages: its own version where one exists, else the nearest
page that does (a Japanese story without an English version links to the English
story list), so every page has a language switch that never leads nowhere.

A page is known by what it shows (a key such as ``("feature", "forms")``), not by
its address, so the URL settings can put languages anywhere in an address.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from casebook.catalog.catalog import Catalog
from casebook.catalog.filters import story_filters
from casebook.catalog.terms import Taxonomy
from casebook.content.interview import QUESTIONS
from casebook.content.model import Interview
from casebook.content.urls import Urls

Key = tuple[str, ...]
HOME: Key = ("home",)
# Where a page falls back to in a language that lacks it, nearest first (home last).
FALLBACKS: dict[str, tuple[Key, ...]] = {
    "story": (("stories",),), "interview": (("stories",),), "faq": (("faq",),),
    "filter": (("stories",),), "feature": (("features",),), "industry": (("industries",),),
    "voice": (("voices",),),
}


def item_key(content: Any) -> Key:
    """The key of a story, FAQ entry or page: its translation_key, or its own file."""
    model = content.model
    return ("item", model.kind, model.translation_key or model.source)


class Counterparts:
    """Every page's address in each language that has it."""

    def __init__(self, languages: Iterable[str]) -> None:
        self.languages = list(languages)
        self.urls: dict[Key, dict[str, str]] = defaultdict(dict)

    def add(self, key: Key, lang: str, url: str) -> None:
        self.urls[key][lang] = url

    def alternates(self, key: Key) -> dict[str, str]:
        """The page's own versions, by language (for hreflang and the sitemap)."""
        return dict(self.urls.get(key, {}))

    def links(self, key: Key, lang: str) -> dict[str, str]:
        """For each other language: this page's version, else the nearest page there."""
        found = {}
        for other in self.languages:
            if other == lang:
                continue
            for candidate in (key, *self.fallbacks(key), HOME):
                url = self.urls.get(candidate, {}).get(other)
                if url is not None:
                    found[other] = url
                    break
        return found

    @staticmethod
    def fallbacks(key: Key) -> tuple[Key, ...]:
        kind = key[1] if key[0] == "item" else key[0]
        if kind == "pair":
            return (("feature", key[1]), ("features",))
        return FALLBACKS.get(kind, ())


def counterparts(catalog: Catalog, taxonomies: dict[str, Taxonomy], urls: Urls) -> Counterparts:
    """The addresses of every page the build writes, in every language."""
    found = Counterparts(catalog.languages())
    for content in catalog.everything():
        found.add(item_key(content), content.lang, content.url)
    for lang in catalog.languages():
        prefix = catalog.prefix(lang)
        for key, path in ((HOME, ""), (("faq",), "faq/"), (("search",), "search/"),
                          (("stories",), "stories/"), (("features",), "features/"),
                          (("industries",), "industries/")):
            found.add(key, lang, prefix + path)
        for group in story_filters(catalog.stories.get(lang, []), prefix).values():
            for story_filter in group:
                found.add(("filter", story_filter.dimension, story_filter.value), lang,
                          story_filter.url)
        tax = taxonomies.get(lang)
        for term in [*tax.features.values(), *tax.industries.values()] if tax else []:
            found.add((term.kind, term.slug), lang, term.url)
        for (feature, industry), pair in (tax.pairs.items() if tax else []):
            found.add(("pair", feature, industry), lang, pair.url)
        answered = {answer.question for content in catalog.stories.get(lang, [])
                    if isinstance(content.model, Interview) for answer in content.model.answers}
        if answered:
            found.add(("voices",), lang, prefix + "voices/")
        for question in QUESTIONS:
            if question in answered:
                found.add(("voice", question), lang, urls.url("voice", lang, slug=question))
    return found
