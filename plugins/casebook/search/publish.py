"""The search index into the output: the bundle of exactly these pages, reused when
the same pages were indexed before."""

from __future__ import annotations

import hashlib
import json
import shutil
from importlib.metadata import version
from pathlib import Path
from typing import Any

from casebook.outputs.unchanged import link_or_copy
from casebook.search.seeds import INDEX_CODE, MANIFEST, PACK
from casebook.search.stream import IndexStats, IndexStream

DONE = ".complete"
KEEP = 4  # bundles kept in the cache (the current one and a few recent ones)
PAGEFIND_VERSION = version("pagefind")
# What Casebook hands Pagefind is decided by casebook.search.index: a change to that
# code (INDEX_CODE, its hash) is a new bundle, never one built before it changed.


def publish_index(stream: IndexStream | None, bundle: Path, cache: Path) -> dict[str, Any]:
    """Write (or reuse) the bundle into ``bundle``; the figures for build-stats.json."""
    if stream is None:
        return {}
    return reuse_or_finish(stream, bundle, cache).as_dict()


def bundles_by_use(cache: Path) -> list[Path]:
    """The complete bundles in the cache, the one used last at the end."""
    done = sorted(cache.glob("*/" + DONE), key=lambda p: p.stat().st_mtime_ns)
    return [marker.parent for marker in done]


def latest_bundle(cache: Path) -> Path | None:
    """The bundle used last, whose fragments the next one may reuse (seeds.py)."""
    bundles = bundles_by_use(cache)
    return bundles[-1] if bundles else None


def reuse_or_finish(stream: IndexStream, bundle: Path, cache: Path) -> IndexStats:
    """The bundle for exactly these pages, from the cache when it was built before
    (the index streamed during this build is then thrown away, unwritten)."""
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
    shutil.copytree(cached, bundle, ignore=shutil.ignore_patterns(DONE, MANIFEST, PACK),
                    copy_function=link_or_copy)
    (cached / DONE).touch()  # most recently used
    for stale in bundles_by_use(cache)[:-KEEP]:
        shutil.rmtree(stale, ignore_errors=True)
    return stats


def bundle_key(digests: list[tuple[str, bytes]], aliases: Any) -> str:
    """A hash of every indexed page (URL and HTML) and of how it is indexed (``aliases``:
    the alias groups and what each page is not to take from them)."""
    digest = hashlib.sha256(json.dumps([PAGEFIND_VERSION, INDEX_CODE[:16], aliases]).encode())
    for url, html_digest in sorted(digests):
        digest.update(url.encode())
        digest.update(html_digest)
    return digest.hexdigest()[:32]
