"""Rendered Markdown, cached by content hash and rendered on every core.

Python-Markdown needs about 3 ms for a story, which is most of a cold
build's reading time. Before Pelican reads anything, every body (and every
interview answer the voices pages show) that the cache lacks is rendered
in a pool of worker processes; the result is kept in ``.cache/render/``
under a hash of the Markdown, the image URLs it refers to and the versions
of the renderer, so a warm build renders only what changed.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from importlib.metadata import version
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from .buildinfo import cache_dir
from .model import Interview, Item
from .render import render_markdown
from .site import Site

RENDER_KEY = "_casebook_render_cache"
# Bump when render.py changes what it makes of the same Markdown.
RENDER_FORMAT = "1"
VERSIONS = json.dumps([RENDER_FORMAT, version("markdown"), version("nh3")])
# Sites of fewer items than this are rendered in the build process itself: starting
# workers costs more than it saves.
PARALLEL_FROM = 200


@dataclass(frozen=True)
class Fragment:
    """Markdown and what rendering it depends on: the item's image URLs and sizes."""

    text: str
    urls: tuple[tuple[str, str], ...]
    sizes: tuple[tuple[str, int, int], ...]

    @classmethod
    def of(cls, text: str, item: Item, siteurl: str) -> Fragment:
        return cls(
            text,
            tuple((a.written_as, f"{siteurl}/{a.url}") for a in item.images),
            tuple((f"{siteurl}/{a.url}", a.display_width, a.display_height) for a in item.images),
        )

    def key(self) -> str:
        digest = hashlib.sha256(VERSIONS.encode())
        digest.update(json.dumps([self.urls, self.sizes]).encode())
        digest.update(self.text.encode())
        return digest.hexdigest()[:40]

    def render(self) -> str:
        return render_markdown(self.text, dict(self.urls),
                               {url: (w, h) for url, w, h in self.sizes})


def fragments_of(site: Site, item: Item, siteurl: str) -> Iterator[Fragment]:
    """What the build renders of an item: its body, and an interview's answers."""
    markdown = site.markdown(item)  # one read of the file for both
    yield Fragment.of(markdown, item, siteurl)
    if isinstance(item, Interview):
        for answer in site.answers(item, markdown):
            yield Fragment.of(answer.markdown, item, siteurl)


class RenderCache:
    """Fragment HTML by key, in files under ``folder``; what is missing is rendered."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        # Source path: its fragments' keys (body first, then answers), as the
        # last prerender found them, so the build need not read the Markdown again.
        self.keys_of: dict[str, list[str]] = {}

    def item_html(self, site: Site, item: Item, siteurl: str, index: int = 0) -> str:
        """The HTML of an item's ``index``-th fragment (0: its body, then its answers):
        by the key the prerender found, else rendered from the file."""
        keys = self.keys_of.get(item.source, [])
        stored = self._read(keys[index]) if index < len(keys) else None
        if stored is not None:
            return stored
        return self.html(list(fragments_of(site, item, siteurl))[index])

    def html(self, fragment: Fragment) -> str:
        key = fragment.key()
        stored = self._read(key)
        if stored is not None:
            return stored
        html = fragment.render()
        _store(self.folder, key, html)
        return html

    def prerender(self, site: Site, siteurl: str, workers: int | None = None) -> tuple[int, int]:
        """Render what the cache lacks of every item, on every core; remember each item's
        fragment keys. Returns (fragments, rendered).

        The workers read the files themselves: the build never holds every
        item's Markdown at once, and reading and hashing run on every core too."""
        items = list(site.items)
        if len(items) < PARALLEL_FROM:
            results = [_render_items(site, siteurl, self.folder, items)]
        else:
            workers = workers or os.cpu_count() or 1
            size = max(1, len(items) // (workers * 8))
            chunks = [items[n:n + size] for n in range(0, len(items), size)]
            global _JOB
            _JOB = (site, siteurl, self.folder)  # the forked workers inherit it
            try:
                with ProcessPoolExecutor(max_workers=workers,
                                         mp_context=get_context("fork")) as pool:
                    results = list(pool.map(_render_inherited, chunks))
            finally:
                _JOB = None
        rendered = 0
        for keys_of, count in results:
            self.keys_of.update(keys_of)
            rendered += count
        self.prune(keep={key for keys in self.keys_of.values() for key in keys})
        return sum(len(keys) for keys in self.keys_of.values()), rendered

    def prune(self, keep: set[str]) -> None:
        """Forget fragments no content uses any more (an edited story's old body)."""
        if not self.folder.is_dir():
            return
        for entry in os.scandir(self.folder):
            if entry.name.removesuffix(".html") not in keep:
                os.unlink(entry.path)

    def _read(self, key: str) -> str | None:
        try:
            return (self.folder / f"{key}.html").read_text(encoding="utf-8")
        except FileNotFoundError:
            return None


def _store(folder: Path, key: str, html: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / f".{key}.{os.getpid()}"
    temporary.write_text(html, encoding="utf-8")
    temporary.replace(folder / f"{key}.html")


_JOB: tuple[Site, str, Path] | None = None


def _render_inherited(items: list[Item]) -> tuple[dict[str, list[str]], int]:
    assert _JOB is not None
    return _render_items(*_JOB, items)


def _render_items(site: Site, siteurl: str, folder: Path,
                  items: list[Item]) -> tuple[dict[str, list[str]], int]:
    """Each item's fragments: keyed, and rendered and stored where the cache lacks them."""
    keys_of: dict[str, list[str]] = {}
    rendered = 0
    for item in items:
        keys = keys_of[item.source] = []
        for fragment in fragments_of(site, item, siteurl):
            key = fragment.key()
            keys.append(key)
            if not (folder / f"{key}.html").exists():
                _store(folder, key, fragment.render())
                rendered += 1
    return keys_of, rendered


def render_cache_of(settings: dict[str, Any]) -> RenderCache:
    """The build's render cache (one per settings dict, like ``site_of``)."""
    if RENDER_KEY not in settings:
        settings[RENDER_KEY] = RenderCache(cache_dir(settings) / "render")
    cache: RenderCache = settings[RENDER_KEY]
    return cache
