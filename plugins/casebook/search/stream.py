"""Indexing pages while the site is still being rendered.

Each page goes to the search feeder (``feeder.py``, a process of its own)
the moment the writer renders it; the feeder prepares it for the index and
hands it to Pagefind's binary for its language, one binary per language.
Rendering, preparing and indexing run side by side, and a build pays only
for Pagefind flushing its bundles after the last page. The build process
itself only copies each page into a pipe and notes its hash.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casebook.search.feeder import frame
from casebook.search.seeds import Seeds, inputs_digest, page_key
from casebook.search.service import F_SETPIPE_SZ, PIPE_BYTES, PagefindError, pagefind_executable


@dataclass
class RenderedPage:
    """A page as the writer rendered it, before it is written."""

    save_as: str  # path under output/
    url: str  # site path, e.g. /stories/acme/
    html: str

    @functools.cached_property
    def digest(self) -> bytes:
        """SHA-256 of the HTML: what the page cache keeps and the feeder knows it by."""
        return hashlib.sha256(self.html.encode()).digest()


@dataclass
class IndexStats:
    pages: int = 0
    seconds: float = 0.0  # from the first page to the bundle written
    peak_rss_mb: int | None = None  # the most the Pagefind binaries held at one moment
    feeder_peak_rss_mb: int | None = None  # the feeder process's own peak
    reused: bool = False  # the whole bundle, from the cache
    fragments_reused: int = 0  # pages whose fragment the last bundle had (seeds.py)
    # By language: pages indexed again into the last bundle, patched (patch.py) ...
    patched: dict[str, int] = field(default_factory=dict)
    unpatched: dict[str, str] = field(default_factory=dict)  # ... or why it was not

    def as_dict(self) -> dict[str, Any]:
        return {"pages": self.pages, "seconds": round(self.seconds, 2),
                "peak_rss_mb": self.peak_rss_mb, "feeder_peak_rss_mb": self.feeder_peak_rss_mb,
                "reused": self.reused, "fragments_reused": self.fragments_reused,
                "patched": self.patched, "unpatched": self.unpatched}


@dataclass(eq=False)
class IndexStream:
    """The site's search index fed page by page; ``finish`` writes it or throws it away."""

    aliases: list[list[str]]
    scratch: Path  # where the feeder writes each language's bundle before they are merged
    guards: dict[int, list[str]] = field(default_factory=dict)  # see Site.guarded_aliases
    seeds: Path | None = None  # the last bundle, whose fragments may be reused (seeds.py)
    pagefind_version: str = ""
    lead: str = ""  # the language written first, the site's own (feeder.LanguageIndexes)
    digests: list[tuple[str, bytes]] = field(default_factory=list)  # (url, sha256 of html)
    stats: IndexStats = field(default_factory=IndexStats)
    _feeder: subprocess.Popen[bytes] | None = None
    _known: set[str] | None = None
    _started: float = 0.0

    def add(self, page: RenderedPage) -> None:
        """Hand a rendered page to the feeder (returns at once unless it is far behind)."""
        self.digests.append((page.url, page.digest))
        self._send(frame(b"P", f"{page.url}\t{page.save_as}\t{page.digest.hex()}".encode(),
                         page.html.encode()))
        self.stats.pages += 1

    def add_unchanged(self, save_as: str, url: str, digest: bytes,
                      html: Callable[[], str]) -> None:
        """A page as the last build wrote it (from the page cache): the feeder is told
        only which it is, when the last bundle has it; else it gets the page's ``html``."""
        if page_key(url, digest.hex()) not in self._last_keys():
            self.add(RenderedPage(save_as, url, html()))
            return
        self.digests.append((url, digest))
        self._send(frame(b"U", f"{url}\t{save_as}\t{digest.hex()}".encode()))
        self.stats.pages += 1

    def _last_keys(self) -> set[str]:
        """The pages of the last bundle, as the feeder will find them (seeds.py)."""
        if self._known is None:
            inputs = inputs_digest(self.aliases, self.guards, self.pagefind_version)
            seeds = Seeds.of(self.seeds, self.pagefind_version, inputs)
            self._known = {page.key for pages in seeds.pages.values() for page in pages}
        return self._known

    def close_language(self, lang: str) -> None:
        """No more pages in ``lang``: its bundle is written while the build goes on."""
        if self._feeder is not None:
            self._send(frame(b"C", lang.encode()))

    def finish(self, output: Path | None) -> IndexStats:
        """Write the bundle into ``output`` (or discard the index when None)."""
        feeder, self._feeder = self._feeder, None
        if output is None:
            if feeder is not None:
                _stop(feeder)
            return self.stats
        if feeder is None:  # nothing published: the feeder writes an empty index
            feeder = self._start()
        assert feeder.stdin is not None and feeder.stdout is not None
        try:
            _write(feeder, frame(b"W", str(output.resolve()).encode()))
            feeder.stdin.close()
            reply = json.loads(feeder.stdout.readline() or b"{}")
        finally:
            _stop(feeder)
        if "error" in reply or "pagefind_peak_rss_mb" not in reply:
            raise PagefindError(reply.get("error", "the search feeder stopped unexpectedly"))
        self.stats.peak_rss_mb = reply["pagefind_peak_rss_mb"]
        self.stats.feeder_peak_rss_mb = reply.get("feeder_peak_rss_mb")
        self.stats.fragments_reused = reply.get("fragments_reused", 0)
        self.stats.patched = reply.get("patched", {})
        self.stats.unpatched = reply.get("unpatched", {})
        self.stats.seconds = time.perf_counter() - self._started
        return self.stats

    def _send(self, data: bytes) -> None:
        _write(self._feeder or self._start(), data)

    def _start(self) -> subprocess.Popen[bytes]:
        self._started = time.perf_counter()
        plugins = str(Path(__file__).resolve().parents[2])
        path = os.pathsep.join(p for p in (plugins, os.environ.get("PYTHONPATH")) if p)
        env = {**os.environ, "PYTHONPATH": path,
               "PAGEFIND_BINARY_PATH": str(pagefind_executable()),
               # One malloc arena for the feeder's four threads: pages are freed
               # as fast as they come, and a heap per thread only fragments.
               "MALLOC_ARENA_MAX": "1"}
        feeder = subprocess.Popen(
            [sys.executable, "-m", "casebook.search.feeder"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, env=env, bufsize=0)
        assert feeder.stdin is not None
        # Each page goes straight into a pipe that holds about a hundred pages:
        # the build only waits when the feeder is that far behind. (A buffer on
        # our side would hand pages over in bursts and make both wait in turn.)
        with contextlib.suppress(OSError):
            fcntl.fcntl(feeder.stdin.fileno(), F_SETPIPE_SZ, PIPE_BYTES)
        self._feeder = feeder
        start = {"aliases": self.aliases, "scratch": str(self.scratch.resolve()),
                 "guards": self.guards, "pagefind_version": self.pagefind_version,
                 "lead": self.lead,
                 "seeds": str(self.seeds.resolve()) if self.seeds else None}
        self._send(frame(b"A", body=json.dumps(start).encode()))
        return feeder


def _write(feeder: subprocess.Popen[bytes], data: bytes) -> None:
    """All of ``data`` into the feeder's pipe (a pipe may take part of a write)."""
    assert feeder.stdin is not None
    try:
        view = memoryview(data)
        while view:
            view = view[feeder.stdin.write(view):]
    except BrokenPipeError:
        raise PagefindError("the search feeder stopped unexpectedly") from None


def _stop(feeder: subprocess.Popen[bytes]) -> None:
    """Let the feeder end (closing its input discards an unwritten index)."""
    if feeder.stdin is not None and not feeder.stdin.closed:
        with contextlib.suppress(BrokenPipeError):
            feeder.stdin.close()
    try:
        feeder.wait(timeout=30)
    except subprocess.TimeoutExpired:
        feeder.kill()
        feeder.wait()
    if feeder.stdout is not None:
        feeder.stdout.close()
