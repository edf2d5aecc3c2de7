"""Pelican's writer, with every page changed in one place before it is written.

The build's transforms (responsive pictures) apply to every page, and each
page that asks to be indexed (``data-pagefind-body``) goes to the build's
listeners (the search feeder) the moment it is rendered: indexing runs
beside rendering instead of reading output/ back afterwards.

A page (or a feed) whose template, inputs and bodies are the last build's
is not rendered at all: its file comes from the page cache
(``casebook.outputs.pagecache``), linked into the output, and everything
that follows a written page still happens: the search feeder gets its HTML
and ``content_written`` is sent with the context Pelican would have given.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.utils import sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer

from casebook.build import Build
from casebook.outputs.pagecache import BodyRead, PageCache
from casebook.outputs.unchanged import link_or_copy
from casebook.pelican.contents import build_of
from casebook.search.index import INDEXED_MARK
from casebook.search.stream import RenderedPage

# Parameters of Pelican's Writer.write_file that are not handed to the template.
WRITE_FILE_PARAMETERS = ("relative_urls", "paginated", "template_name", "override_output", "url")
# A page's bodies read outside its template (the voices pages' answers, gathered
# before they are written), passed to write_file under this name.
BODIES_READ = "casebook_bodies_read"
# What a page shows beyond the site's inputs (the editorial report: today's date), passed
# to write_file under this name; it is part of the page's key.
SHOWS_ALSO = "casebook_shows_also"


class _RenderedTemplate:
    """Stands in for a Jinja template: renders, transforms, and tells the listeners."""

    def __init__(self, template: Any, name: str, settings: dict[str, Any]) -> None:
        self.template = template
        self.name = name
        self.build = build_of(settings)
        self.indexed = ""  # SHA-256 of the page if it went to search

    def render(self, context: dict[str, Any]) -> str:
        html: str = self.template.render(context)
        for transform in self.build.transforms:
            html = transform(html)
        self.indexed = tell_listeners(self.build, self.name, html)
        return html

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self.template, attribute)


def tell_listeners(build: Build, name: str, html: str) -> str:
    """An indexed page goes to the search feeder; returns its SHA-256 (hex) if it did."""
    if not (build.listeners and INDEXED_MARK in html):
        return ""
    page = RenderedPage(name, url_of(name), html)
    build.page_rendered(page)
    return page.digest.hex()


def url_of(name: str) -> str:
    return "/" + name.removesuffix("index.html")


class CasebookWriter(Writer):  # type: ignore[misc]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reused: set[Path] = set()  # pages linked from the cache (Pelican knows not)

    def write_file(self, name: str, template: Any, context: dict[str, Any], *args: Any,
                   **kwargs: Any) -> Any:
        build = build_of(self.settings)
        reads = set(kwargs.pop(BODIES_READ, ()))
        also = str(kwargs.pop(SHOWS_ALSO, ""))
        path = Path(sanitised_join(self.output_path, name)) if name else None
        if path is not None and not path.is_relative_to(build.output):
            return self.write_again(path, name, template, context, *args, **kwargs)
        if path in self.reused:  # as Pelican refuses a second write of a file it wrote
            raise written_from_cache(path)
        if (path is None or build.pages is None or args or not cacheable(name, kwargs)
                or path.exists()):  # a second write of one file is Pelican's to refuse
            return self.render(name, template, context, *args, **kwargs)
        return self.write_cached(build.pages, path, name, template, context, kwargs, reads,
                                 also)

    def write_cached(self, pages: PageCache, path: Path, name: str, template: Any,
                     context: dict[str, Any], kwargs: dict[str, Any],
                     reads: set[BodyRead], also: str = "") -> None:
        """The page from the page cache if nothing it shows changed, else rendered (and
        then kept in the cache with the bodies it read)."""
        build = build_of(self.settings)
        key = pages.page_key(template.name, name, *transform_names(build), also)
        cached = pages.reusable(key, build.fragment_key)
        if cached is not None:
            self.write_reused(pages.path_of(cached), cached.indexed, path, name, context,
                              kwargs)
            return
        with build.body_reads.recording() as rendering:
            indexed = self.render(name, template, context, **kwargs)
        pages.store(key, path, rendering | reads, build.fragment_key, indexed)

    def render(self, name: str, template: Any, context: dict[str, Any], *args: Any,
               **kwargs: Any) -> str:
        """The page rendered and written by Pelican; its SHA-256 if it went to search."""
        rendered = _RenderedTemplate(template, name, self.settings)
        super().write_file(name, rendered, context, *args, **kwargs)
        return rendered.indexed

    def write_again(self, path: Path, name: str, template: Any, context: dict[str, Any],
                    *args: Any, **kwargs: Any) -> Any:
        """A page written into a finished site (``casebook serve``): its old file may be
        the page cache's (a hard link), which must not change, so it is replaced by a
        new file rather than written over."""
        path.unlink(missing_ok=True)
        return self.render(name, template, context, *args, **kwargs)

    def write_reused(self, cached: Path, indexed: str, path: Path, name: str,
                     context: dict[str, Any], kwargs: dict[str, Any]) -> None:
        """The cached page where Pelican would write it, with what follows a write: an
        indexed page (``indexed``: its SHA-256) goes to search, by its digest."""
        build = build_of(self.settings)
        self.link_cached(cached, path)
        if indexed:
            build.page_unchanged(name, url_of(name), bytes.fromhex(indexed),
                                 lambda: cached.read_text(encoding="utf-8"))
        signals.content_written.send(str(path), context=page_context(context, name, kwargs))

    def link_cached(self, cached: Path, path: Path) -> None:
        """A file of the page cache linked where Pelican would write it."""
        make_folder(path.parent)
        link_or_copy(cached, path)
        self.reused.add(path)
        build_of(self.settings).from_cache.add(path)

    def write_feed(self, elements: list[Any], context: dict[str, Any],
                   path: str | None = None, url: str | None = None, feed_type: str = "atom",
                   override_output: bool = False, feed_title: str | None = None) -> Any:
        """A feed from the page cache when none of its entries' bodies changed (all
        else it shows is the site's, in every key); else written by Pelican, and kept.
        A feed from the cache is not generated at all, so ``feed_generated`` and
        ``feed_written`` (which hand on the feed object) are not sent for it."""
        build = build_of(self.settings)
        pages = build.pages
        target = Path(sanitised_join(self.output_path, path)) if path else None
        if target in self.reused:
            raise written_from_cache(target)
        if (not path or target is None or pages is None or override_output
                or target.exists() or not target.is_relative_to(build.output)):
            return super().write_feed(elements, context, path, url, feed_type,
                                      override_output, feed_title)
        key = pages.page_key(f"feed:{feed_type}", path, url or "", feed_title or "")
        cached = pages.reusable(key, build.fragment_key, kind="feeds")
        if cached is not None:
            self.link_cached(pages.path_of(cached), target)
            return None
        with build.body_reads.recording() as reading:
            feed = super().write_feed(elements, context, path, url, feed_type,
                                      override_output, feed_title)
        pages.store(key, target, reading, build.fragment_key, kind="feeds")
        return feed


def written_from_cache(path: Path) -> FileOverwriteFailedError:
    return FileOverwriteFailedError(f'Failed to overwrite "{path}": it was written from the '
                                    "page cache")


def make_folder(folder: Path) -> None:
    """A page's folder: its parent is there already but for the first page of a section
    (``os.makedirs`` checks every level first, for each of 10,000 pages)."""
    try:
        os.mkdir(folder)
    except FileExistsError:
        pass
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)


def transform_names(build: Build) -> list[str]:
    """What changes each page after its template (their inputs are the site's)."""
    return [f"{type(t).__module__}.{type(t).__qualname__}" for t in build.transforms]


def cacheable(name: str, kwargs: dict[str, Any]) -> bool:
    """An HTML page Pelican writes as one file, with absolute URLs (as Casebook's
    generators write every page): the cache cannot stand for anything else."""
    return (name.endswith(".html") and not kwargs.get("relative_urls")
            and not kwargs.get("paginated") and not kwargs.get("template_name"))


def page_context(context: dict[str, Any], name: str, kwargs: dict[str, Any]) -> dict[str, Any]:
    """The context Pelican's write_file renders a page with (and sends with
    ``content_written``), for a page with absolute URLs and no pagination."""
    local = context.copy()
    local["localsiteurl"] = local.get("localsiteurl", None)
    local["output_file"] = name
    local.update({k: v for k, v in kwargs.items() if k not in WRITE_FILE_PARAMETERS})
    return local

