"""The one door into Pelican: the only package of Casebook that imports it.

``read_settings`` reads a Pelican settings file; ``write_pages`` runs Pelican
for one build (step 4 of ``casebook.build``), with Casebook's reader, content
classes, generators and writer (``plugin.register``). Pelican's own article,
page and static readers are given nothing to read (``PELICAN_FIXED``): every
page comes from Casebook's content model.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

from pelican import Pelican
from pelican.log import console
from pelican.settings import read_settings as pelican_read_settings

from casebook.build import Build, BuildFailed
from casebook.pelican.contents import BUILD

# Pelican settings Casebook fixes: Pelican's own generators read and write nothing of
# the content (Casebook's do), and nothing is copied that Casebook did not check.
PELICAN_FIXED: dict[str, Any] = {
    "ARTICLE_PATHS": [], "PAGE_PATHS": [], "STATIC_PATHS": [],
    "IGNORE_FILES": [".*"],  # hidden files are never content
    "DIRECT_TEMPLATES": [], "PAGINATED_TEMPLATES": {}, "TEMPLATE_PAGES": {},
    "ARTICLE_TRANSLATION_ID": None, "PAGE_TRANSLATION_ID": None, "WITH_FUTURE_DATES": True,
    "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False, "DELETE_OUTPUT_DIRECTORY": False,
    "OUTPUT_SOURCES": False, "RELATIVE_URLS": False,
    **{f"{name}_SAVE_AS": "" for name in (
        "CATEGORY", "CATEGORIES", "TAG", "TAGS", "AUTHOR", "AUTHORS", "ARCHIVES", "DRAFT",
        "DRAFT_LANG", "DRAFT_PAGE", "DRAFT_PAGE_LANG", "YEAR_ARCHIVE", "MONTH_ARCHIVE",
        "DAY_ARCHIVE")},
    **{name: None for name in (
        "FEED_ALL_ATOM", "FEED_ALL_RSS", "FEED_ATOM", "FEED_RSS", "CATEGORY_FEED_ATOM",
        "CATEGORY_FEED_RSS", "TAG_FEED_ATOM", "TAG_FEED_RSS", "TRANSLATION_FEED_ATOM",
        "TRANSLATION_FEED_RSS", "AUTHOR_FEED_ATOM", "AUTHOR_FEED_RSS")},
    "PLUGINS": ["casebook"],
}


def read_settings(settings_file: Path, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """A Pelican settings file (pelicanconf.py), read by Pelican's own loader.

    Pelican keeps each settings file it reads as a module named after the file; a
    publishconf.py that says ``from pelicanconf import *`` would be given that one,
    perhaps another site's or an older version of this one's. So it is forgotten
    first, and the file is read as it is now."""
    for name in {"pelicanconf", settings_file.stem}:
        sys.modules.pop(name, None)
    settings: dict[str, Any] = pelican_read_settings(str(settings_file),
                                                     override=overrides or {})
    return settings


class ErrorCounter(logging.Handler):
    """Counts errors logged during a Pelican run (Pelican logs some and carries on)."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def write_pages(build: Build, settings: dict[str, Any]) -> None:
    """Run Pelican into ``build.output``: every page, feed, sitemap and export."""
    run_settings = {**settings, **build.config.pelican_values(), **PELICAN_FIXED,
                    "OUTPUT_PATH": str(build.output), BUILD: build}
    counter = ErrorCounter()
    logging.getLogger().addHandler(counter)
    try:
        with console.capture():  # Pelican's summary counts its own (empty) generators
            Pelican(run_settings).run()
    except Exception as exc:
        raise BuildFailed(f"the build stopped: {type(exc).__name__}: {exc}",
                          [*counter.messages, f"{type(exc).__name__}: {exc}"]) from exc
    finally:
        logging.getLogger().removeHandler(counter)
    if counter.messages:
        raise BuildFailed(f"the build logged {len(counter.messages)} error(s)", counter.messages)
