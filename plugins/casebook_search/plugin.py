"""Signal wiring: the search generator runs after every generator that writes pages."""

from __future__ import annotations

import hashlib
import json
import shutil
from importlib.metadata import version
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.generators import Generator

from casebook_site.catalog import catalog_of

from .index import build_index

DEFAULT_BUNDLE = "pagefind"
DONE = ".complete"
KEEP = 4  # bundles kept in the cache (the current one and a few recent ones)
PAGEFIND_VERSION = version("pagefind")
INDEX_FORMAT = "2"  # bumped when what Casebook hands Pagefind changes (stop words, aliases)


class SearchGenerator(Generator):
    def generate_output(self, writer: Any) -> None:
        if not self.settings.get("CASEBOOK_SEARCH", True):
            return
        pages = getattr(writer, "rendered", [])
        aliases = catalog_of(self.context).site.aliases
        bundle = Path(self.output_path) / self.settings.get("CASEBOOK_SEARCH_BUNDLE",
                                                           DEFAULT_BUNDLE)
        cache = Path(self.settings["PATH"]) / self.settings.get("CASEBOOK_CACHE_PATH", ".cache")
        reuse_or_build(pages, aliases, bundle, cache / "pagefind")


def reuse_or_build(pages: list[Any], aliases: list[list[str]], bundle: Path,
                   cache: Path) -> None:
    """The bundle for exactly these pages, from the cache when it was built before.

    Pagefind's binary is not deterministic (its filter maps come out in a random
    order), so rebuilding the same pages gives different bytes. Reusing the
    bundle made from byte-identical inputs makes two builds of one commit
    identical, and a rebuild with no text change skips indexing altogether.
    """
    key = bundle_key(pages, aliases)
    cached = cache / key
    if not (cached / DONE).exists():
        staging = cache / f"{key}.building"
        shutil.rmtree(staging, ignore_errors=True)
        build_index(pages, staging, aliases)
        (staging / DONE).write_text("")
        shutil.rmtree(cached, ignore_errors=True)
        staging.rename(cached)
    shutil.copytree(cached, bundle, ignore=shutil.ignore_patterns(DONE))
    (cached / DONE).touch()  # most recently used
    for stale in sorted(cache.glob("*/" + DONE), key=lambda p: p.stat().st_mtime)[:-KEEP]:
        shutil.rmtree(stale.parent, ignore_errors=True)


def bundle_key(pages: list[Any], aliases: list[list[str]]) -> str:
    digest = hashlib.sha256(json.dumps([PAGEFIND_VERSION, INDEX_FORMAT, aliases]).encode())
    for page in sorted(pages, key=lambda p: p.url):
        digest.update(page.url.encode())
        digest.update(hashlib.sha256(page.html.encode()).digest())
    return digest.hexdigest()[:32]


def search_generator(pelican: Any) -> type[SearchGenerator]:
    return SearchGenerator


def register() -> None:
    signals.get_generators.connect(search_generator)
