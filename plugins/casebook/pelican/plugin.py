"""The one Pelican plugin: ``register`` wires Casebook into Pelican's signals, in order.

1. ``initialized``: a Pelican run outside ``casebook build`` is refused.
2. ``readers_init``: Casebook's reader is the only reader.
3. ``get_generators``: Casebook's generators, in the order they write.
4. ``get_writer``: the writer that transforms pages and hands them to search.
5. ``all_generators_finalized``: every item is read: the catalog, translations,
   terms, related stories, responsive pictures and social cards.
6. ``content_written``: each page, for the sitemap.
7. ``feed_generated``: a feed's language.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pelican import signals

from casebook.build import Build
from casebook.catalog.catalog import catalog_of
from casebook.catalog.counterparts import counterparts
from casebook.catalog.related import attach_related
from casebook.catalog.terms import taxonomies
from casebook.images.cards import spec_for
from casebook.images.picture import PictureTransform
from casebook.images.publish import published_assets
from casebook.outputs.i18n import load_strings
from casebook.outputs.sitemap import SitemapPage
from casebook.pelican.contents import BUILD, below, build_of
from casebook.pelican.generators import (
    FEED_LANG,
    GENERATORS,
    FaqGenerator,
    PagesGenerator,
    StoriesGenerator,
)
from casebook.pelican.reader import only_casebook_reads
from casebook.pelican.writer import CasebookWriter


def refuse_without_build(pelican: Any) -> None:
    if BUILD not in pelican.settings:
        raise RuntimeError("Casebook sites are built with `casebook build` (or `make html`), "
                           "not with the `pelican` command")


def casebook_generators(pelican: Any) -> tuple[type[Any], ...]:
    return GENERATORS


def casebook_writer(pelican: Any) -> type[CasebookWriter]:
    return CasebookWriter


def content_read(generators: list[Any]) -> None:
    """Every item is read: what the pages show of each other is worked out once."""
    build = build_of(generators[0].settings)
    stories = _of(generators, StoriesGenerator).stories
    faqs = _of(generators, FaqGenerator).faqs
    pages = _of(generators, PagesGenerator).pages
    build.make_folders(item.save_as for item in [*stories, *faqs, *pages])
    build.catalog = catalog = catalog_of(build.site, build.config.default_lang, stories, faqs,
                                         pages)
    link_translations([*stories, *faqs, *pages])
    build.taxonomies.update(taxonomies(catalog, build.config.urls))
    build.counterparts = counterparts(catalog, build.taxonomies, build.config.urls)
    attach_related(catalog.stories, build.config.related_count,
                   build.config.cache / "related.json")
    build.transforms.append(PictureTransform(published_assets(catalog).values(),
                                             build.config.siteurl))
    if build.config.social_cards:
        attach_social_cards(build)


def _of(generators: list[Any], kind: type[Any]) -> Any:
    return next(g for g in generators if isinstance(g, kind))


def link_translations(contents: list[Any]) -> None:
    """Items sharing a translation_key become each other's translations."""
    groups: dict[str, list[Any]] = {}
    for content in contents:
        key = content.model.translation_key
        if key:
            groups.setdefault(key, []).append(content)
    for group in groups.values():
        for content in group:
            content.translations = sorted(
                (other for other in group if other is not content), key=lambda c: c.lang)


def attach_social_cards(build: Build) -> None:
    """Give every published story its social card before its page is written."""
    config, catalog = build.config, build.catalog
    assert catalog is not None
    strings = load_strings(config.theme, config.languages, config.default_lang, config.strings)
    specs = {}
    for stories in catalog.stories.values():
        for content in stories:
            spec = spec_for(content.model, catalog.vocabularies, config.site_name(content.lang),
                            dict(config.card_colours), strings.get(content.lang, {}))
            content.social_card = f"media/{spec.name}"
            specs[spec.name] = spec
    build.draw_cards(list(specs.values()))


def record_page(path: str, context: dict[str, Any]) -> None:
    """Every HTML page Pelican writes, with what the sitemap needs to know of it."""
    if not path.endswith(".html") or context.get("noindex") or BUILD not in context:
        return
    build = build_of(context)
    relative = below(path, build.output)
    if relative is None:
        return  # a page written again after the build (casebook serve)
    content = _item_of(context)
    lastmod = context.get("lastmod") or (_date_of(content) if content else None)
    lang = context.get("lang") or (content.lang if content else build.config.default_lang)
    versions = tuple(sorted(_versions_of(context, content).items()))
    build.sitemap.append(SitemapPage(relative, lang, lastmod, versions))


def keep_unchanged_page(path: str, context: dict[str, Any]) -> None:
    """A page the same as the last build's is the last build's file
    (casebook.outputs.unchanged)."""
    if BUILD in context:
        build_of(context).keep_if_unchanged(Path(path))


def keep_unchanged_feed(path: str, context: dict[str, Any], feed: Any) -> None:
    keep_unchanged_page(path, context)


def _versions_of(context: dict[str, Any], content: Any) -> dict[str, str]:
    """The page's versions by language, as partials/alternates.html reads them: the
    ``alternates`` its generator gave, else an item's own translations."""
    given = context.get("alternates")
    if given is not None:
        return dict(given)
    if content is None:
        return {}
    return {other.lang: other.url for other in [content, *(content.translations or [])]}


def _item_of(context: dict[str, Any]) -> Any:
    for key in ("article", "faq", "page"):
        content = context.get(key)
        if content is not None and hasattr(content, "model"):
            return content
    return None


def _date_of(content: Any) -> dt.date | None:
    return getattr(content.model, "updated", None) or content.model.date


def set_feed_language(context: dict[str, Any], feed: Any) -> None:
    """Pelican does not pass a language to feedgenerator; Atom gets xml:lang from this.
    Each feed is also named by its own address (Pelican gives every feed the site's),
    so a reader subscribed to two of them can tell them apart."""
    lang = context.get(FEED_LANG)
    if lang:
        feed.feed["language"] = lang
        if lang != context.get("DEFAULT_LANG") and feed.feed.get("link", "").endswith("/"):
            feed.feed["link"] += f"{lang}/"  # the home page in the feed's language
    if feed.feed.get("feed_url"):
        feed.feed["id"] = feed.feed["feed_url"]


def register() -> None:
    signals.initialized.connect(refuse_without_build)
    signals.readers_init.connect(only_casebook_reads)
    signals.get_generators.connect(casebook_generators)
    signals.get_writer.connect(casebook_writer)
    signals.all_generators_finalized.connect(content_read)
    signals.content_written.connect(record_page)
    signals.content_written.connect(keep_unchanged_page)
    signals.feed_written.connect(keep_unchanged_feed)
    signals.feed_generated.connect(set_feed_language)
