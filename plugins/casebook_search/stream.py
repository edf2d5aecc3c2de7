"""Indexing pages while the site is still being rendered, one binary per language.

Pagefind's binary indexes one page at a time on one core. Each page goes
to it the moment the writer renders it, so indexing runs beside rendering
and a build pays only for flushing the bundle after the last page. Pagefind
keeps a separate index per language anyway, so each language gets its own
binary, and the bundles they write are merged into one: English and
Japanese are indexed at the same time (see ``merge_bundles``).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casebook_site.writer import RenderedPage

from .index import HTML_LANG, for_index
from .service import PagefindIndex

ENTRY = "pagefind-entry.json"
_open_streams: set[IndexStream] = set()


@dataclass
class IndexStats:
    pages: int = 0
    seconds: float = 0.0  # from the first page to the bundle written
    peak_rss_mb: int | None = None  # the Pagefind binaries' peaks, added up
    reused: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"pages": self.pages, "seconds": round(self.seconds, 2),
                "peak_rss_mb": self.peak_rss_mb, "reused": self.reused}


@dataclass(eq=False)
class IndexStream:
    """The site's search index fed page by page; ``finish`` writes it or throws it away."""

    aliases: list[list[str]]
    digests: list[tuple[str, bytes]] = field(default_factory=list)  # (url, sha256 of html)
    stats: IndexStats = field(default_factory=IndexStats)
    _indexes: dict[str, PagefindIndex] = field(default_factory=dict)  # by language
    _started: float = 0.0

    def add(self, page: RenderedPage) -> None:
        """Hand a rendered page to Pagefind (returns at once)."""
        self.digests.append((page.url, hashlib.sha256(page.html.encode()).digest()))
        # In the order rendered: a binary numbers pages as they arrive, and the
        # render order is fixed for a given commit.
        self._index_for(language_of(page.html)).add(
            for_index(page.html, self.aliases), page.url, page.save_as)
        self.stats.pages += 1

    def finish(self, output: Path | None) -> IndexStats:
        """Write the bundle into ``output`` (or discard the index when None)."""
        _open_streams.discard(self)
        indexes, self._indexes = self._indexes, {}
        if output is not None and not indexes:  # nothing published: an empty index
            indexes["unknown"] = PagefindIndex()
        parts: dict[str, Path] = {}
        if output is not None:
            parts = {lang: output.with_name(f"{output.name}.{lang}") for lang in indexes}
        try:
            requests = {}
            for lang, part in parts.items():  # every binary writes at the same time
                shutil.rmtree(part, ignore_errors=True)
                requests[lang] = indexes[lang].request_write(part)
            for lang, message_id in requests.items():
                indexes[lang].wait(message_id)
                wait_until_written(parts[lang])
            peaks = [index.pipe.peak_rss_mb() for index in indexes.values()]
            self.stats.peak_rss_mb = sum(p for p in peaks if p is not None) or None
        finally:
            for index in indexes.values():
                index.pipe.close(kill=output is None)
        if output is not None:
            merge_bundles(list(parts.values()), output)
            self.stats.seconds = time.perf_counter() - self._started
        return self.stats

    def _index_for(self, lang: str) -> PagefindIndex:
        if lang not in self._indexes:
            if not self._indexes:
                self._started = time.perf_counter()
                _open_streams.add(self)
            self._indexes[lang] = PagefindIndex()
        return self._indexes[lang]


def language_of(page_html: str) -> str:
    match = HTML_LANG.search(page_html)
    return match.group(1).split("-")[0] if match else "unknown"


def wait_until_written(folder: Path, timeout: float = 60.0) -> None:
    """Pagefind answers "written" while its last files may still be empty.

    Its writer hands each file's bytes to a background thread and does not
    flush before replying, and an exiting binary drops what is still queued.
    No Pagefind file is empty, so: wait until none is, and sizes hold still.
    """
    deadline = time.monotonic() + timeout
    previous: dict[str, int] | None = None
    while True:
        sizes = {entry: os.stat(entry).st_size for entry in _files(folder)}
        if sizes and all(sizes.values()) and sizes == previous:
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"Pagefind did not finish writing {folder}")
        previous = sizes
        time.sleep(0.02)


def _files(folder: Path) -> list[str]:
    found = []
    for dirpath, _, filenames in os.walk(folder):
        found += [os.path.join(dirpath, name) for name in filenames]
    return found


def merge_bundles(parts: list[Path], output: Path) -> None:
    """Bundles of different languages as one: their files side by side, one entry file.

    Each language's metadata, index chunks and filters carry the language in
    their names and fragments are named by content hash, so nothing collides;
    the scripts and wasm files are the same in every bundle.
    """
    entry: dict[str, Any] = {}
    for part in parts:
        part_entry = json.loads((part / ENTRY).read_text(encoding="utf-8"))
        if entry and part_entry["version"] != entry["version"]:
            raise RuntimeError("Pagefind bundles of different versions cannot be merged")
        languages = {**entry.get("languages", {}), **part_entry["languages"]}
        entry = {**part_entry, "languages": dict(sorted(languages.items()))}
        move_into(part, output)
    (output / ENTRY).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                                encoding="utf-8")


def move_into(source: Path, target: Path) -> None:
    """Move a folder's files into another (same file system); files already there stay."""
    for path in sorted(source.rglob("*")):
        if path.is_dir():
            continue
        destination = target / path.relative_to(source)
        if destination.exists():
            continue  # a script or wasm file every bundle has
        destination.parent.mkdir(parents=True, exist_ok=True)
        path.rename(destination)
    shutil.rmtree(source)


def abandon_open_streams() -> None:
    """Stop the Pagefind processes of a build that failed before its search step."""
    for stream in list(_open_streams):
        stream.finish(None)
