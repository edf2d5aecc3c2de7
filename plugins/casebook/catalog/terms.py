"""Features, industries and their pairs: what is published under each, and where.

A term's address comes from ``FEATURE_URL`` / ``INDUSTRY_URL`` (and their
``*_LANG_URL`` forms for languages other than the default), a pair's ("workflow
automation in manufacturing") from ``PAIR_URL``, as Pelican names such settings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from casebook.catalog.catalog import Catalog, featured_then_newest
from casebook.content.model import Story, Term, Vocabularies
from casebook.content.urls import Urls


class TermPage:
    """One vocabulary term in one language, with what is published under it."""

    kind = "term"

    def __init__(self, term: Term, lang: str, urls: Urls) -> None:
        self.term = term
        self.name = term.name(lang)
        self.slug = term.id
        self.lang = lang
        self.url = urls.url(self.kind, lang, slug=self.slug)
        self.save_as = urls.save_as(self.kind, lang, slug=self.slug)
        self.stories: list[Any] = []
        self.faqs: list[Any] = []
        self.pairs: list[Pair] = []

    def __str__(self) -> str:
        return self.name

    @property
    def description(self) -> str:
        return self.term.description(self.lang)

    @property
    def count(self) -> int:
        return len(self.stories)


class Feature(TermPage):
    kind = "feature"


class Industry(TermPage):
    kind = "industry"


class Pair:
    """A feature within one industry: ``/features/<feature>/<industry>/``."""

    def __init__(self, feature: Feature, industry: Industry, urls: Urls) -> None:
        self.name = f"{feature.name} / {industry.name}"
        self.slug = f"{feature.slug}-{industry.slug}"
        self.feature_page = feature
        self.industry_page = industry
        self.lang = feature.lang
        fields = {"feature": feature.slug, "industry": industry.slug}
        self.url = urls.url("pair", self.lang, **fields)
        self.save_as = urls.save_as("pair", self.lang, **fields)
        self.stories: list[Any] = []

    def __str__(self) -> str:
        return self.name

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
                   urls: Urls) -> Taxonomy:
    """Terms that have published content in ``lang``, in vocabulary order."""
    tax = Taxonomy(lang)

    def feature(term_id: str) -> Feature:
        if term_id not in tax.features:
            tax.features[term_id] = Feature(vocab.features[term_id], lang, urls)
        return tax.features[term_id]

    def industry(term_id: str) -> Industry:
        if term_id not in tax.industries:
            tax.industries[term_id] = Industry(vocab.industries[term_id], lang, urls)
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
                tax.pairs[key] = Pair(what, where, urls)
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
    pages: list[TermPage | Pair] = [*tax.features.values(), *tax.industries.values(),
                                    *tax.pairs.values()]
    for page in pages:
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


def taxonomies(catalog: Catalog, urls: Urls) -> dict[str, Taxonomy]:
    return {
        lang: build_taxonomy(lang, catalog.stories.get(lang, []), catalog.faqs.get(lang, []),
                             catalog.vocabularies, urls)
        for lang in catalog.languages()
    }
