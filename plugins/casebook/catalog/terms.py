"""Features, industries and their pairs as Pelican URL wrappers.

``Feature`` and ``Industry`` behave like Pelican's Category and Tag: their
URLs come from ``FEATURE_URL`` / ``FEATURE_SAVE_AS`` (and ``INDUSTRY_*``),
with ``*_LANG_URL`` / ``*_LANG_SAVE_AS`` for languages other than the default.
A pair ("workflow automation in manufacturing") uses ``PAIR_URL``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pelican.urlwrappers import URLWrapper

from casebook.catalog.catalog import Catalog, featured_then_newest
from casebook.content.model import Story, Term, Vocabularies


class LocalizedWrapper(URLWrapper):
    """A URL wrapper that picks the ``*_LANG_*`` setting outside the default language."""

    lang: str

    def _setting(self, key: str) -> str:
        in_default = self.lang == self.settings["DEFAULT_LANG"]
        return str(self._from_settings(key if in_default else f"LANG_{key}"))

    @property
    def url(self) -> str:  # type: ignore[override]
        return self._setting("URL")

    @property
    def save_as(self) -> str:  # type: ignore[override]
        return self._setting("SAVE_AS")


class TermPage(LocalizedWrapper):
    """One vocabulary term in one language, with what is published under it."""

    def __init__(self, term: Term, lang: str, settings: dict[str, Any]) -> None:
        super().__init__(term.name(lang), settings)
        self.slug = term.id
        self.term = term
        self.lang = lang
        self.stories: list[Any] = []
        self.faqs: list[Any] = []
        self.pairs: list[Pair] = []

    @property
    def description(self) -> str:
        return self.term.description(self.lang)

    @property
    def count(self) -> int:
        return len(self.stories)


class Feature(TermPage):
    pass


class Industry(TermPage):
    pass


class Pair(LocalizedWrapper):
    """A feature within one industry: ``/features/<feature>/<industry>/``."""

    def __init__(self, feature: Feature, industry: Industry, settings: dict[str, Any]) -> None:
        super().__init__(f"{feature.name} / {industry.name}", settings)
        self.slug = f"{feature.slug}-{industry.slug}"
        self.feature = feature.slug  # for PAIR_URL's {feature} and {industry}
        self.industry = industry.slug
        self.feature_page = feature
        self.industry_page = industry
        self.lang = feature.lang
        self.stories: list[Any] = []

    @property
    def count(self) -> int:
        return len(self.stories)


@dataclass
class Taxonomy:
    """The published terms and pairs of one language."""

    lang: str
    features: dict[str, Feature] = field(default_factory=dict)
    industries: dict[str, Industry] = field(default_factory=dict)
    pairs: dict[tuple[str, str], Pair] = field(default_factory=dict)

    def feature_list(self) -> list[Feature]:
        return list(self.features.values())

    def industry_list(self) -> list[Industry]:
        return list(self.industries.values())


def _ordered(pages: dict[str, Any], order: Iterable[str]) -> dict[str, Any]:
    return {term_id: pages[term_id] for term_id in order if term_id in pages}


def build_taxonomy(lang: str, stories: list[Any], faqs: list[Any], vocab: Vocabularies,
                   settings: dict[str, Any]) -> Taxonomy:
    """Terms that have published content in ``lang``, in vocabulary order."""
    tax = Taxonomy(lang)

    def feature(term_id: str) -> Feature:
        if term_id not in tax.features:
            tax.features[term_id] = Feature(vocab.features[term_id], lang, settings)
        return tax.features[term_id]

    def industry(term_id: str) -> Industry:
        if term_id not in tax.industries:
            tax.industries[term_id] = Industry(vocab.industries[term_id], lang, settings)
        return tax.industries[term_id]

    for content in stories:
        model: Story = content.model
        where = industry(model.industry)
        where.stories.append(content)
        for feature_id in model.features:
            what = feature(feature_id)
            what.stories.append(content)
            key = (feature_id, model.industry)
            if key not in tax.pairs:
                tax.pairs[key] = Pair(what, where, settings)
            tax.pairs[key].stories.append(content)
    for content in faqs:
        for feature_id in content.model.features:
            feature(feature_id).faqs.append(content)
        for industry_id in content.model.industries:
            industry(industry_id).faqs.append(content)
    _finish(tax, vocab)
    return tax


def _finish(tax: Taxonomy, vocab: Vocabularies) -> None:
    tax.features = _ordered(tax.features, vocab.features)
    tax.industries = _ordered(tax.industries, vocab.industries)
    for page in [*tax.features.values(), *tax.industries.values(), *tax.pairs.values()]:
        page.stories = featured_then_newest(page.stories)
    for term in [*tax.features.values(), *tax.industries.values()]:
        term.faqs.sort(key=lambda f: (f.model.order, f.title))
    feature_order, industry_order = list(vocab.features), list(vocab.industries)
    for (feature_id, industry_id), pair in sorted(
        tax.pairs.items(),
        key=lambda kv: (feature_order.index(kv[0][0]), industry_order.index(kv[0][1])),
    ):
        tax.features[feature_id].pairs.append(pair)
        tax.industries[industry_id].pairs.append(pair)


def taxonomies(catalog: Catalog, settings: dict[str, Any]) -> dict[str, Taxonomy]:
    return {
        lang: build_taxonomy(lang, catalog.stories.get(lang, []), catalog.faqs.get(lang, []),
                             catalog.vocabularies, settings)
        for lang in catalog.languages()
    }
