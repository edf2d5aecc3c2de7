"""Signal wiring: the feeds generator and the feed language."""

from __future__ import annotations

from typing import Any

from pelican import signals
from pelican.generators import Generator

from casebook.catalog.catalog import catalog_of
from casebook.outputs.feeds import FeedEntry

FEED_LANG_KEY = "CASEBOOK_FEED_LANG"


class FeedsGenerator(Generator):
    def generate_output(self, writer: Any) -> None:
        catalog = catalog_of(self.context)
        taxonomies = self.context.get("taxonomies", {})
        author = self.settings.get("AUTHOR", "")
        for lang in catalog.languages():
            prefix = catalog.prefix(lang)
            context = {**self.context, FEED_LANG_KEY: lang}
            def entries(contents: list[Any]) -> list[FeedEntry]:
                return [FeedEntry.of(c, catalog.vocabularies, author) for c in contents]
            all_path = self.settings.get("CASEBOOK_FEED_ALL_ATOM")
            if all_path:
                writer.write_feed(entries(catalog.stories.get(lang, [])), context,
                                  prefix + all_path, feed_type="atom")
            tax = taxonomies.get(lang)
            if tax is None:
                continue
            for setting, terms in (("FEATURE_FEED_ATOM", tax.feature_list()),
                                   ("INDUSTRY_FEED_ATOM", tax.industry_list())):
                path = self.settings.get(setting)
                for term in terms if path else []:
                    if term.stories:
                        writer.write_feed(entries(_newest(term.stories)), context,
                                          prefix + path.format(slug=term.slug),
                                          feed_type="atom", feed_title=term.name)


def _newest(contents: list[Any]) -> list[Any]:
    return sorted(contents, key=lambda c: (c.model.date, c.slug), reverse=True)


def set_feed_language(context: dict[str, Any], feed: Any) -> None:
    """Pelican does not pass a language to feedgenerator; Atom gets xml:lang from this."""
    if context.get(FEED_LANG_KEY):
        feed.feed["language"] = context[FEED_LANG_KEY]


def feeds_generator(pelican: Any) -> type[FeedsGenerator]:
    return FeedsGenerator


def register() -> None:
    signals.get_generators.connect(feeds_generator)
    signals.feed_generated.connect(set_feed_language)
