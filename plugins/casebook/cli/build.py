"""`casebook build`: the settings file read, then the pipeline of ``casebook.build``.

A failed build (content errors, a template error, any error Pelican logs)
leaves the previous ``output/`` exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from casebook import pelican as door
from casebook.build import Build, BuildFailed, build_site
from casebook.config import Config, read_config

__all__ = ["Build", "BuildFailed", "build", "load_config", "load_settings"]


def load_settings(settings_file: Path, overrides: dict[str, Any] | None = None
                  ) -> dict[str, Any]:
    """The settings file as Pelican reads it."""
    return door.read_settings(settings_file, overrides)


def load_config(settings_file: Path, overrides: dict[str, Any] | None = None) -> Config:
    """The typed settings of a project (raises ConfigError naming file and line)."""
    return read_config(load_settings(settings_file, overrides), settings_file)


def build(settings_file: Path, overrides: dict[str, Any] | None = None,
          out: TextIO | None = None, force: bool = False,
          keep: Callable[[Build], None] | None = None) -> Path:
    """Validate and build; return the output folder. Raises BuildFailed or ConfigError.

    When nothing the site depends on changed since the last build, output/ is
    left as it is (``force`` builds anyway). ``keep`` receives the finished
    build (``casebook serve`` rewrites edited pages with it)."""
    settings = load_settings(settings_file, overrides)
    return build_site(settings, settings_file, door.write_pages, out=out, force=force,
                      keep=keep)
