"""What a build measured about itself, written to ``.cache/build-stats.json``.

Each step of a build records its figures (render, search, images) in the
build's ``stats``; ``build_site`` adds wall time and peak memory and writes
the file once the build has succeeded. ``make bench`` reads it.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import json
import resource
from pathlib import Path
from typing import Any

STATS_FILE = "build-stats.json"


def peak_rss_mb() -> int:
    """This process's high-water mark of resident memory (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def return_free_memory() -> None:
    """Hand memory Python has freed back to the system (glibc keeps it otherwise).

    Called between the phases of a build that free a lot (the Markdown of
    every story after it is rendered), so the next phase starts lower."""
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to do
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def write_stats(cache: Path, stats: dict[str, Any]) -> None:
    cache.mkdir(parents=True, exist_ok=True)
    (cache / STATS_FILE).write_text(json.dumps(stats, indent=2) + "\n", encoding="utf-8")


def code_digest(*files: Path) -> str:
    """A short hash of source files: part of a cache's key, so what a changed version of
    the code would make differently is made again, whatever its version number says
    (a ``.cache/`` restored from an earlier commit can never serve its output)."""
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
