"""Signal wiring for the taxonomy plugin."""

from __future__ import annotations

from typing import Any

from pelican import signals

from casebook.catalog.catalog import catalog_of
from casebook.catalog.related import attach_related
from casebook.catalog.terms import taxonomies
from casebook.pelican.taxonomy_generator import TAXONOMIES_KEY, TaxonomyGenerator

DEFAULT_RELATED_COUNT = 3


def build_taxonomies(generators: list[Any]) -> None:
    """Terms, pairs and related stories, ready before any story page is written."""
    context = generators[0].context
    catalog = catalog_of(context)
    context[TAXONOMIES_KEY] = taxonomies(catalog, context)
    attach_related(catalog.stories, int(context.get("CASEBOOK_RELATED_COUNT",
                                                    DEFAULT_RELATED_COUNT)))


def taxonomy_generator(pelican: Any) -> type[TaxonomyGenerator]:
    return TaxonomyGenerator


def register() -> None:
    signals.all_generators_finalized.connect(build_taxonomies)
    signals.get_generators.connect(taxonomy_generator)
