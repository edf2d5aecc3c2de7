"""Signal wiring: the search generator runs after every generator that writes pages."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from importlib.metadata import version
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.generators import ArticlesGenerator, Generator, PagesGenerator

from casebook.buildinfo import cache_dir, record
from casebook.catalog.catalog import catalog_of
from casebook.pelican.writer import LISTENERS_KEY
from casebook.search.stream import IndexStats, IndexStream

DEFAULT_BUNDLE = "pagefind"
DONE = ".complete"
KEEP = 4  # bundles kept in the cache (the current one and a few recent ones)
PAGEFIND_VERSION = version("pagefind")
INDEX_FORMAT = "2"  # bumped when what Casebook hands Pagefind changes (stop words, aliases)
STREAM_KEY = "casebook_search_stream"


def start_index_stream(generators: list[Any]) -> None:
    """Before any page is written: index every page as the writer renders it."""
    context = generators[0].context
    if not context.get("CASEBOOK_SEARCH", True):
        return
    scratch = cache_dir(context) / "pagefind" / f".writing-{os.getpid()}"
    site = catalog_of(context).site
    stream = IndexStream(site.aliases, scratch, site.guarded_aliases)
    context[STREAM_KEY] = stream
    context.setdefault(LISTENERS_KEY, []).append(stream.add)
    stories_last_by_language(generators, stream)


def stories_last_by_language(generators: list[Any], stream: IndexStream) -> None:
    """Write the stories after every other generator of indexed pages, one language
    after the other, the site's own first.

    Stories are nearly all of the index, and Pagefind needs a long while on
    one core to write a language's bundle. Once a language's last story is
    written its bundle is started, and it is written while the build renders
    the stories of the next language, the feeds, the sitemap and the rest.
    """
    articles = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)
    if articles is None:
        return
    generators.remove(articles)
    last = max((n for n, g in enumerate(generators) if writes_indexed_pages(g)), default=-1)
    generators.insert(last + 1, articles)
    articles.generate_articles = _by_language(articles, stream)


def writes_indexed_pages(generator: Any) -> bool:
    return isinstance(generator, PagesGenerator) or getattr(generator, "writes_indexed_pages",
                                                            False)


ARTICLE_LISTS = ("translations", "articles", "hidden_translations", "hidden_articles")


def _by_language(generator: Any, stream: IndexStream) -> Any:
    write_all = generator.generate_articles

    def generate_articles(write: Any) -> None:
        every = {name: getattr(generator, name) for name in ARTICLE_LISTS}
        default = generator.settings.get("DEFAULT_LANG", "en")
        found = {a.lang for items in every.values() for a in items}
        try:
            for lang in sorted(found, key=lambda lang: (lang != default, lang)):
                for name, items in every.items():  # Pelican's own loop, one language
                    setattr(generator, name, [a for a in items if a.lang == lang])
                write_all(write)
                stream.close_language(lang)
        finally:
            for name, items in every.items():
                setattr(generator, name, items)
    return generate_articles


class SearchGenerator(Generator):
    """Runs after every generator that writes pages: the index stream is complete."""

    def generate_output(self, writer: Any) -> None:
        stream: IndexStream | None = self.context.get(STREAM_KEY)
        if stream is None:
            return
        bundle = Path(self.output_path) / self.settings.get("CASEBOOK_SEARCH_BUNDLE",
                                                           DEFAULT_BUNDLE)
        stats = reuse_or_finish(stream, bundle, cache_dir(self.settings) / "pagefind")
        record(self.settings, "search", stats.as_dict())


def reuse_or_finish(stream: IndexStream, bundle: Path, cache: Path) -> IndexStats:
    """The bundle for exactly these pages, from the cache when it was built before.

    Pagefind's binary is not deterministic (its filter maps come out in a random
    order), so rebuilding the same pages gives different bytes. Reusing the
    bundle made from byte-identical inputs makes two builds of one commit
    identical; the index streamed during this build is then thrown away.
    """
    key = bundle_key(stream.digests, [stream.aliases, sorted(stream.guards.items())])
    cached = cache / key
    if (cached / DONE).exists():
        stats = stream.finish(None)
        stats.reused = True
    else:
        staging = cache / f"{key}.building"
        shutil.rmtree(staging, ignore_errors=True)
        stats = stream.finish(staging)
        (staging / DONE).write_text("")
        shutil.rmtree(cached, ignore_errors=True)
        staging.rename(cached)
    # Hard links: the cache's files are never written to again (a new bundle
    # gets a new folder), and linking 10,000 fragments is much faster than copying.
    shutil.copytree(cached, bundle, ignore=shutil.ignore_patterns(DONE), copy_function=link_or_copy)
    (cached / DONE).touch()  # most recently used
    for stale in sorted(cache.glob("*/" + DONE), key=lambda p: p.stat().st_mtime)[:-KEEP]:
        shutil.rmtree(stale.parent, ignore_errors=True)
    return stats


def link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system
        shutil.copy2(source, target)


def bundle_key(digests: list[tuple[str, bytes]], aliases: Any) -> str:
    """A hash of every indexed page (URL and HTML) and of how it is indexed (``aliases``:
    the alias groups and what each page is not to take from them)."""
    digest = hashlib.sha256(json.dumps([PAGEFIND_VERSION, INDEX_FORMAT, aliases]).encode())
    for url, html_digest in sorted(digests):
        digest.update(url.encode())
        digest.update(html_digest)
    return digest.hexdigest()[:32]


def search_generator(pelican: Any) -> type[SearchGenerator]:
    return SearchGenerator


def register() -> None:
    signals.all_generators_finalized.connect(start_index_stream)
    signals.get_generators.connect(search_generator)
