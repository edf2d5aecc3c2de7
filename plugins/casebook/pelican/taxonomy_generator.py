"""Writes term, pair, term-index and story-listing pages in every language."""

from __future__ import annotations

from typing import Any

from pelican.generators import Generator

from casebook.catalog.catalog import catalog_of, newest_date
from casebook.catalog.filters import story_filters
from casebook.catalog.terms import Taxonomy

TAXONOMIES_KEY = "taxonomies"


class TaxonomyGenerator(Generator):
    writes_indexed_pages = True  # casebook_search writes stories after these

    def generate_output(self, writer: Any) -> None:
        catalog = catalog_of(self.context)
        taxonomies: dict[str, Taxonomy] = self.context[TAXONOMIES_KEY]
        for lang, tax in taxonomies.items():
            prefix = catalog.prefix(lang)
            stories = catalog.stories.get(lang, [])
            filters = story_filters(stories, prefix)
            common = {"lang": lang, "tax": tax, "filters": filters}
            self._write(writer, "stories", f"{prefix}stories/", items=stories, **common)
            for group in filters.values():
                for story_filter in group:
                    self._write(writer, "story_filter", story_filter.url,
                                items=story_filter.stories, story_filter=story_filter, **common)
            self._write(writer, "term_index", f"{prefix}features/", terms=tax.feature_list(),
                        kind="feature", **common)
            self._write(writer, "term_index", f"{prefix}industries/", terms=tax.industry_list(),
                        kind="industry", **common)
            for term in [*tax.features.values(), *tax.industries.values()]:
                kind = "feature" if term.__class__.__name__ == "Feature" else "industry"
                self._write(writer, "term", term.url, kind=kind, term=term, items=term.stories,
                            term_faqs=term.faqs, **common)
            for pair in tax.pairs.values():
                self._write(writer, "pair", pair.url, pair=pair, items=pair.stories, **common)

    def _write(self, writer: Any, template: str, url: str, **values: Any) -> None:
        listed = list(values.get("items", [])) + list(values.get("term_faqs", []))
        writer.write_file(f"{url}index.html", self.get_template(template), self.context,
                          url=url, page_url=url, lastmod=newest_date(listed), **values)
