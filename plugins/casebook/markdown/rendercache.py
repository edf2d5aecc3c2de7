"""Rendered Markdown, cached by content hash and rendered on every core.

Python-Markdown needs about 0.8 ms for a story (with ``casebook.markdown.inline``
and ``casebook.markdown.blocks``), most of a cold build's reading time. Every body
(and every interview answer the voices pages show) that the cache lacks is
rendered in a pool of worker processes that starts when Pelican makes its
first reader and works while Pelican reads and writes; a page that shows a
body waits for that item only. The result is kept in ``.cache/render.sqlite``
under a hash of the Markdown, the image URLs it refers to and the versions
of the renderer, so a warm build renders only what changed.

One SQLite file, not a file per fragment: a cold build of 10,000 stories
would otherwise create 16,000 small files, and creating a file is slow on
a filesystem that has just deleted many (the last build's output).
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import sys
import threading
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from casebook.buildinfo import code_digest
from casebook.content.model import Interview, Item
from casebook.content.site import Site
from casebook.markdown.render import render_markdown
from casebook.workers import pool_context

# Bump when render.py changes what it makes of the same Markdown.
RENDER_FORMAT = "2"  # 2: no style attributes, table alignment as classes
VERSIONS = json.dumps([RENDER_FORMAT, version("markdown"), version("nh3"),
                       code_digest(*Path(__file__).parent.glob("*.py"))])
# Sites of fewer items than this are rendered in the build process itself: starting
# workers costs more than it saves.
PARALLEL_FROM = 200
SCHEMA = "CREATE TABLE IF NOT EXISTS fragment (key TEXT PRIMARY KEY, html TEXT NOT NULL)"
COLUMNS = ["key", "html"]
SET_ASIDE = ".set-aside"  # suffix of a damaged cache file, kept for a look (the last one)


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
    """Fragment HTML by key, in one SQLite file; what is missing is rendered."""

    def __init__(self, path: Path) -> None:
        self.path = path
        # Source path: its fragments' keys (body first, then answers), as the
        # last prerender found them, so the build need not read the Markdown again.
        self.keys_of: dict[str, list[str]] = {}
        self._local = threading.local()  # a connection per thread, and per process
        self._pool: ProcessPoolExecutor | None = None
        self._pending: deque[Future[tuple[dict[str, list[str]], int]]] = deque()  # in order
        self._later: list[list[int]] = []  # chunks not handed to the workers yet
        self._later_sources: set[str] = set()
        self._counts = [0, 0]  # fragments, rendered (this build's prerender)

    def item_html(self, site: Site, item: Item, siteurl: str, index: int = 0) -> str:
        """The HTML of an item's ``index``-th fragment (0: its body, then its answers):
        by the key the prerender found (waiting for the workers if they have not
        got to the item yet), else rendered from the file."""
        self._wait_for(item.source)
        keys = self.keys_of.get(item.source, [])
        stored = self._read(keys[index]) if index < len(keys) else None
        if stored is not None:
            return stored
        return self.html(list(fragments_of(site, item, siteurl))[index])

    def forget(self, source: str) -> None:
        """Render an item from its file the next time it is asked for (it was edited)."""
        self.keys_of.pop(source, None)

    def html(self, fragment: Fragment) -> str:
        key = fragment.key()
        stored = self._read(key)
        if stored is not None:
            return stored
        html = fragment.render()
        self._store([(key, html)])
        return html

    def start_prerender(self, site: Site, siteurl: str, workers: int | None = None) -> None:
        """Start rendering what the cache lacks of every item, on every core, and return.

        The build reads and writes meanwhile; whatever asks for an item's HTML
        (``item_html``) waits for that item's share only. The workers read the
        files themselves: the build never holds every item's Markdown at once.
        Stories in the other languages are handed to the workers only when the
        build first asks for one: until then the cores go to the site's own
        language, whose search index can be written sooner."""
        known = self.stored_keys()
        now, later = render_order(site)
        self._counts = [0, 0]
        if len(now) + len(later) < PARALLEL_FROM:
            self._take(_render_items(self, site, siteurl, known, now + later))
            return
        workers = workers or os.cpu_count() or 1
        size = max(1, min(CHUNK, (len(now) + len(later)) // workers))
        self._close()  # SQLite connections must not cross a fork
        # Forked workers inherit the site; a fork server's are sent it once each.
        self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=pool_context(),
                                         initializer=_start_worker,
                                         initargs=(self.path, site, siteurl, known))
        self._submit(chunked(now, size))
        self._later = chunked(later, size)
        self._later_sources = {site.items[n].source for n in later}

    def finish_prerender(self) -> dict[str, int]:
        """Wait for every item; forget fragments no item uses. Returns what was rendered."""
        self._submit_later()
        while self._pending:
            self._take_next()
        self._shut_pool()
        self.prune(keep={key for keys in self.keys_of.values() for key in keys})
        return {"fragments": self._counts[0], "rendered": self._counts[1]}

    def stop(self) -> None:
        """Stop rendering (a failed build)."""
        self._pending.clear()
        self._later = []
        self._shut_pool(cancel=True)

    def _submit(self, chunks: list[list[int]]) -> None:
        assert self._pool is not None
        for chunk in chunks:
            self._pending.append(self._pool.submit(_render_in_worker, chunk))

    def _submit_later(self) -> None:
        later, self._later = self._later, []
        if later:
            self._submit(later)

    def _wait_for(self, source: str) -> None:
        if source in self._later_sources:
            self._submit_later()
        while source not in self.keys_of and self._pending:
            self._take_next()

    def _take_next(self) -> None:
        future = self._pending.popleft()
        try:
            self._take(future.result())
        except BaseException:
            self.stop()
            raise

    def _take(self, result: tuple[dict[str, list[str]], int]) -> None:
        keys_of, rendered = result
        self.keys_of.update(keys_of)
        self._counts[0] += sum(len(keys) for keys in keys_of.values())
        self._counts[1] += rendered

    def _shut_pool(self, cancel: bool = False) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=cancel)
            self._pool = None

    def set_aside_if_damaged(self) -> None:
        """A cache file that is not a sound SQLite database of fragments (a crash, a
        full disk, a bad restore in CI) is moved aside and the build starts afresh:
        a cache only ever costs time, never a build."""
        problem = damage(self.path)
        if problem is None:
            return
        self._close()
        for suffix in ("", "-wal", "-shm"):
            part = self.path.with_name(self.path.name + suffix)
            if part.exists():
                part.replace(part.with_name(part.name + SET_ASIDE))
        print(f"warning: {self.path} was damaged ({problem}); it was moved to "
              f"{self.path.name + SET_ASIDE} and every page is rendered again", file=sys.stderr)

    def stored_keys(self) -> set[str]:
        return {key for (key,) in self._db().execute("SELECT key FROM fragment")}

    def prune(self, keep: set[str]) -> None:
        """Forget fragments no content uses any more (an edited story's old body)."""
        unused = self.stored_keys() - keep
        if unused:
            with self._db() as db:
                db.executemany("DELETE FROM fragment WHERE key = ?", ((k,) for k in unused))

    def _read(self, key: str) -> str | None:
        row = self._db().execute("SELECT html FROM fragment WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def _store(self, fragments: Sequence[tuple[str, str]]) -> None:
        if fragments:
            with self._db() as db:
                db.executemany("INSERT OR REPLACE INTO fragment VALUES (?, ?)", fragments)

    def _close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None

    def _db(self) -> sqlite3.Connection:
        """This thread's connection; a forked worker opens its own."""
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None or self._local.pid != os.getpid():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=60)
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            db.execute("PRAGMA cache_size = -512")  # KiB: each fragment is read about once
            db.execute(SCHEMA)
            self._local.db, self._local.pid = db, os.getpid()
        return db


def damage(path: Path) -> str | None:
    """What is wrong with a cache file, or None if it is sound (or not there yet)."""
    if not path.exists():
        return None
    try:
        db = sqlite3.connect(path, timeout=60)
        try:
            checked = db.execute("PRAGMA quick_check").fetchone()[0]
            columns = [row[1] for row in db.execute("PRAGMA table_info(fragment)")]
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    if checked != "ok":
        return f"SQLite: {checked}"
    if columns and columns != COLUMNS:
        return "it was written by another version of Casebook"
    return None


CHUNK = 100  # items a worker renders before the build hears of them


def render_order(site: Site) -> tuple[list[int], list[int]]:
    """Items by when the build needs their HTML: interviews (every voices page shows
    their answers), FAQ entries and pages, then the site's own language's stories
    newest first, as Pelican writes them; and, apart, the other languages' stories,
    which are written last."""
    items = site.items
    own = site.settings.default_lang

    def need(n: int) -> tuple[bool, int]:
        item = items[n]
        return item.kind == "story", -(item.date.toordinal() if item.date else 0)

    ordered = sorted(range(len(items)), key=need)
    now = [n for n in ordered if items[n].kind != "story" or items[n].lang == own]
    later = [n for n in ordered if items[n].kind == "story" and items[n].lang != own]
    return now, later


def chunked(order: list[int], size: int) -> list[list[int]]:
    return [order[n:n + size] for n in range(0, len(order), size)]


# A render worker's job: set once in each worker process by ``_start_worker``.
_worker_job: tuple[RenderCache, Site, str, set[str]] | None = None


def _start_worker(path: Path, site: Site, siteurl: str, known: set[str]) -> None:
    global _worker_job
    _worker_job = (RenderCache(path), site, siteurl, known)


def _render_in_worker(indexes: list[int]) -> tuple[dict[str, list[str]], int]:
    assert _worker_job is not None
    return _render_items(*_worker_job, indexes)


def _render_items(cache: RenderCache, site: Site, siteurl: str, known: set[str],
                  indexes: list[int]) -> tuple[dict[str, list[str]], int]:
    """Each item's fragments: keyed, and rendered and stored where the cache lacks them."""
    keys_of: dict[str, list[str]] = {}
    rendered: list[tuple[str, str]] = []
    for item in (site.items[n] for n in indexes):
        keys = keys_of[item.source] = []
        for fragment in fragments_of(site, item, siteurl):
            key = fragment.key()
            keys.append(key)
            if key not in known:
                rendered.append((key, fragment.render()))
                known.add(key)  # an answer twice in one item is rendered once
    cache._store(rendered)
    return keys_of, len(rendered)
