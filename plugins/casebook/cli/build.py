"""Validate, then build with Pelican into a temporary folder, then swap it in.

A failed build (content errors, a template error, any error Pelican logs)
leaves the previous ``output/`` exactly as it was.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, TextIO

from pelican import Pelican
from pelican.settings import read_settings

from casebook.buildinfo import cache_dir, peak_rss_mb, recorded, write_stats
from casebook.cli.uptodate import build_key, is_up_to_date, last_warnings, remember_build
from casebook.content import ContentSettings, Site, load_site
from casebook.markdown.rendercache import render_cache_of
from casebook.search.stream import abandon_open_streams


class BuildFailed(Exception):
    """The build did not produce a complete site; output/ was not touched."""


class ErrorCounter(logging.Handler):
    """Counts errors logged during a Pelican run (Pelican logs some and carries on)."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def load_settings(config: Path, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    settings: dict[str, Any] = read_settings(str(config), override=overrides or {})
    return settings


def validate(settings: dict[str, Any], out: TextIO | None = None) -> Site:
    """Load every content file and print all problems, warnings first."""
    out = out or sys.stderr
    site = load_site(ContentSettings.from_pelican(settings))
    for problem in sorted(site.problems, key=lambda p: (p.level != "warning", p)):
        print(problem, file=out)
    return site


def report_up_to_date(settings: dict[str, Any], output: Path, out: TextIO,
                      started: float) -> None:
    for warning in last_warnings(settings):
        print(warning, file=out)
    print(f"{output.name}/ is up to date: nothing changed since the last build "
          "(casebook build --force builds anyway)", file=out)
    write_stats(cache_dir(settings), {"seconds": round(time.perf_counter() - started, 2),
                                      "peak_rss_mb": peak_rss_mb(), "up_to_date": True})


def run_pelican(settings: dict[str, Any]) -> None:
    counter = ErrorCounter()
    logging.getLogger().addHandler(counter)
    try:
        Pelican(settings).run()
    except Exception as exc:
        raise BuildFailed(f"the build stopped: {type(exc).__name__}: {exc}") from exc
    finally:
        logging.getLogger().removeHandler(counter)
        abandon_open_streams()
        render_cache_of(settings).stop()  # a failed build's workers
    if counter.messages:
        raise BuildFailed(f"the build logged {len(counter.messages)} error(s)")


def refuse_cache_inside(output: Path, cache: Path) -> None:
    """The cache holds the HTML of drafts and scheduled stories: it must never be
    where the site is published from."""
    output, cache = output.resolve(), cache.resolve()
    if cache == output or output in cache.parents:
        raise BuildFailed(
            f"CASEBOOK_CACHE_PATH ({cache}) is inside OUTPUT_PATH ({output}); the cache holds "
            "drafts, which must never be published: keep the cache outside (default .cache)")


def staging_dir(output: Path) -> Path:
    """A new folder beside ``output`` to build into, named after this process, so that
    a later build can tell it from a live one's once this process is gone."""
    return Path(tempfile.mkdtemp(prefix=f".{output.name}.build-{os.getpid()}-", dir=output.parent))


def remove_stale_dirs(output: Path) -> None:
    """Remove what builds that were killed (SIGKILL, a power cut) left beside ``output``:
    their staging folders and the old trees of an unfinished swap."""
    for kind in ("build", "old"):
        for folder in output.parent.glob(f".{output.name}.{kind}-*"):
            pid = folder.name.removeprefix(f".{output.name}.{kind}-").split("-", 1)[0]
            if not (pid.isdigit() and _is_running(int(pid))):
                shutil.rmtree(folder, ignore_errors=True)


def _is_running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def replace_dir(new: Path, target: Path) -> None:
    """Put ``new`` where ``target`` is, with the old tree removed only afterwards."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        target.rename(old)
    new.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def build(config: Path, overrides: dict[str, Any] | None = None,
          out: TextIO | None = None, force: bool = False,
          session: dict[str, Any] | None = None) -> Path:
    """Validate and build; return the output folder. Raises BuildFailed.

    When nothing the site depends on changed since the last build, output/ is
    left as it is (``force`` builds anyway). ``session``, if given, receives
    the settings of the run, with what the plugins kept in them."""
    started = time.perf_counter()
    settings = load_settings(config, overrides)
    output = Path(settings["OUTPUT_PATH"])
    refuse_cache_inside(output, cache_dir(settings))
    key = build_key(settings)
    if not force and output.is_dir() and is_up_to_date(settings, key, output):
        report_up_to_date(settings, output, out or sys.stderr, started)
        return output
    site = validate(settings, out)
    if site.errors:
        raise BuildFailed(
            f"{len(site.errors)} content error(s); fix them and build again "
            f"({output.name}/ was left unchanged)"
        )
    output.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_dirs(output)
    staging = staging_dir(output)
    run_settings = {**settings, "OUTPUT_PATH": str(staging)}
    try:
        run_pelican(run_settings)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    staging.chmod(0o755)
    replace_dir(staging, output)
    if session is not None:
        session.update(run_settings)
    remember_build(settings, key, output,
                   [str(p) for p in sorted(site.problems) if p.level == "warning"])
    write_stats(cache_dir(settings), {
        "seconds": round(time.perf_counter() - started, 2),
        "peak_rss_mb": peak_rss_mb(),
        "up_to_date": False,
        **recorded(run_settings),
    })
    return output
