"""Casebook builds of a corpus, each in its own process, with what the build says of itself.

The build writes ``.cache/build-stats.json`` after every successful run:
its own wall time and peak memory, and the search and image steps' parts
(Pagefind's own peak among them). A figure the file does not hold is
``None`` here and "n/a" in the report.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.aside import set_aside
from bench.processes import ProcessRun, run_timed

STATS_FILE = Path(".cache") / "build-stats.json"


@dataclass
class CasebookBuild:
    process: ProcessRun
    stats: dict[str, Any] | None  # build-stats.json as the build wrote it, if it did
    seconds: float  # wall time of the whole process, as for stock Pelican
    up_to_date: bool | None  # the build found nothing changed and did no work
    python_peak_rss_mb: float | None  # the build's Python processes: its own + the search feeder
    search_peak_rss_mb: float | None  # Pagefind as the build runs it (one per language, summed)
    search_seconds: float | None
    images_seconds: float | None
    images_encoded: int | None
    images_reused: int | None
    cards_drawn: int | None
    fragments_reused: int | None  # search fragments kept from the last bundle


def build_command(root: Path, settings: str = "pelicanconf.py") -> list[str]:
    return [sys.executable, "-m", "casebook.cli.main", "--config", str(root / settings), "build"]


def stat(stats: dict[str, Any] | None, *keys: str) -> Any:
    """``stats[key][key]...``, or None where the file or a key is missing."""
    found: Any = stats
    for key in keys:
        if not isinstance(found, dict) or key not in found:
            return None
        found = found[key]
    return found


def stats_file_version(root: Path) -> int | None:
    """The stats file's modification time (ns), or None if there is none."""
    try:
        return (root / STATS_FILE).stat().st_mtime_ns
    except OSError:
        return None


def read_build_stats(root: Path, version_before: int | None) -> dict[str, Any] | None:
    """The stats file, if the build just run wrote it (it is not the one seen before)."""
    version = stats_file_version(root)
    if version is None or version == version_before:
        return None
    try:
        stats: dict[str, Any] = json.loads((root / STATS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return stats


def python_peak(stats: dict[str, Any] | None) -> float | None:
    """The build process's peak plus its search feeder's (both are Python; added up,
    as if they had peaked at the same moment)."""
    own = stat(stats, "peak_rss_mb")
    feeder = stat(stats, "search", "feeder_peak_rss_mb")
    return None if own is None else own + (feeder or 0)


def forget_previous_builds(root: Path) -> None:
    """What a cold build must not find: the cache and the previous output, moved aside
    (bench.aside)."""
    for name in (".cache", "output"):
        set_aside(root / name, root.parent)


def casebook_build(root: Path, log: Path, cold: bool = False,
                   settings: str = "pelicanconf.py") -> CasebookBuild:
    """``casebook build`` of the project at ``root`` with its ``settings`` file; ``cold``
    first deletes cache and output."""
    if cold:
        forget_previous_builds(root)
    before = stats_file_version(root)
    process = run_timed(build_command(root, settings), root, log)
    stats = read_build_stats(root, before)
    return CasebookBuild(
        process=process,
        stats=stats,
        seconds=process.seconds,
        up_to_date=stat(stats, "up_to_date"),
        python_peak_rss_mb=python_peak(stats),
        search_peak_rss_mb=stat(stats, "search", "peak_rss_mb"),
        search_seconds=stat(stats, "search", "seconds"),
        images_seconds=stat(stats, "images", "seconds"),
        images_encoded=stat(stats, "images", "encoded"),
        images_reused=stat(stats, "images", "reused"),
        cards_drawn=stat(stats, "images", "cards_drawn"),
        fragments_reused=stat(stats, "search", "fragments_reused"),
    )


def story_page(root: Path, slug: str) -> Path:
    """Where Casebook writes the page of an English story."""
    return root / "output" / "stories" / slug / "index.html"
