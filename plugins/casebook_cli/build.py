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
from pathlib import Path
from typing import Any, TextIO

from pelican import Pelican
from pelican.settings import read_settings

from casebook import ContentSettings, Site, load_site


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


def run_pelican(settings: dict[str, Any]) -> None:
    counter = ErrorCounter()
    logging.getLogger().addHandler(counter)
    try:
        Pelican(settings).run()
    except Exception as exc:
        raise BuildFailed(f"the build stopped: {type(exc).__name__}: {exc}") from exc
    finally:
        logging.getLogger().removeHandler(counter)
    if counter.messages:
        raise BuildFailed(f"the build logged {len(counter.messages)} error(s)")


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
          out: TextIO | None = None) -> Path:
    """Validate and build; return the output folder. Raises BuildFailed."""
    settings = load_settings(config, overrides)
    site = validate(settings, out)
    output = Path(settings["OUTPUT_PATH"])
    if site.errors:
        raise BuildFailed(
            f"{len(site.errors)} content error(s); fix them and build again "
            f"({output.name}/ was left unchanged)"
        )
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.build-", dir=output.parent))
    try:
        run_pelican({**settings, "OUTPUT_PATH": str(staging)})
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    staging.chmod(0o755)
    replace_dir(staging, output)
    return output
