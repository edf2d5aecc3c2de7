"""Everything published in one build, grouped by language, for every listing.

Made once, when every item has been read (``Catalog.of``); the listings,
voices, feeds, exports and the editorial report all read it instead of
filtering the lists of content objects again. Plain data: the content
objects are whatever the site's generator made of each item (each has a
``model``, a ``lang``, a ``url``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from casebook.content import Vocabularies
from casebook.content.site import Site


def newest_first(contents: list[Any]) -> list[Any]:
    return sorted(contents, key=lambda c: (c.model.date, c.slug), reverse=True)


def newest_date(contents: list[Any]) -> dt.date | None:
    """The most recent publication or update among listed items (a listing's lastmod)."""
    dates = [getattr(c.model, "updated", None) or c.model.date for c in contents]
    return max((d for d in dates if d is not None), default=None)


def featured_then_newest(contents: list[Any]) -> list[Any]:
    newest = newest_first(contents)
    return [c for c in newest if c.model.featured] + [c for c in newest if not c.model.featured]


@dataclass
class Catalog:
    default_lang: str
    site: Site
    stories: dict[str, list[Any]] = field(default_factory=dict)  # stories and interviews
    faqs: dict[str, list[Any]] = field(default_factory=dict)
    pages: dict[str, list[Any]] = field(default_factory=dict)

    @property
    def vocabularies(self) -> Vocabularies:
        return self.site.vocabularies

    def languages(self) -> list[str]:
        used = set(self.stories) | set(self.faqs) | set(self.pages)
        return [self.default_lang] + sorted(used - {self.default_lang})

    def prefix(self, lang: str) -> str:
        """The URL folder of a language: '' for the default, 'ja/' for Japanese."""
        return "" if lang == self.default_lang else f"{lang}/"

    def everything(self) -> list[Any]:
        return [c for group in (self.stories, self.faqs, self.pages)
                for contents in group.values() for c in contents]


def _by_lang(contents: list[Any]) -> dict[str, list[Any]]:
    grouped: dict[str, list[Any]] = defaultdict(list)
    for content in contents:
        grouped[content.lang].append(content)
    return dict(grouped)


def catalog_of(site: Site, default_lang: str, stories: list[Any], faqs: list[Any],
               pages: list[Any]) -> Catalog:
    """The catalog of what one build publishes (stories newest first)."""
    return Catalog(
        default_lang=default_lang,
        site=site,
        stories={lang: newest_first(items) for lang, items in _by_lang(stories).items()},
        faqs=_by_lang(faqs),
        pages=_by_lang(pages),
    )
