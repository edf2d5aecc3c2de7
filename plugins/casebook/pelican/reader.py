"""A Pelican reader for Markdown with YAML front matter, backed by casebook.

The reader does not parse front matter itself: it looks the file up in the
validated ``Site`` (parsed once per build) and hands Pelican the typed model
object as ``model`` plus the few fields Pelican needs to route and order it.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from pelican.readers import BaseReader
from pelican.utils import SafeDatetime

from casebook.buildinfo import record
from casebook.content import ContentError, ContentSettings
from casebook.content.model import Item
from casebook.content.site import site_of
from casebook.markdown.rendercache import render_cache_of

logger = logging.getLogger(__name__)

TEMPLATES = {"story": "story", "interview": "interview", "faq": "faq", "page": "page"}


class CasebookReader(BaseReader):
    enabled = True
    file_extensions = ["md", "markdown"]

    def __init__(self, settings: dict[str, Any]) -> None:
        super().__init__(settings)
        # Pelican makes one reader per generator; the site is loaded (or taken
        # from the memo) once here, not once per file.
        self.site = site_of(settings)
        self.content = self.site.settings
        start_rendering(settings)

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        shown = Path(source_path).resolve().relative_to(self.content.root).as_posix()
        problems = self.site.errors_by_source().get(shown)
        if problems:
            for problem in problems:
                logger.error("%s", problem)
            raise ContentError(problems)
        item = self.site.by_source().get(shown)
        if item is None:  # not content for Casebook (a hidden file): never published
            return "", {"title": shown, "status": "skip"}
        # No body yet: the object reads it from the render cache when a page asks
        # (casebook.pelican.settled), by which time the workers have rendered it.
        return "", metadata_for(item, self.content, self.settings)


PRERENDERED_KEY = "_casebook_prerendered"


def start_rendering(settings: dict[str, Any]) -> None:
    """Once a build: the workers start rendering every body and answer of the site,
    on every core, while Pelican reads and writes."""
    if not settings.get(PRERENDERED_KEY):
        render_cache_of(settings).start_prerender(site_of(settings), settings.get("SITEURL", ""))
        settings[PRERENDERED_KEY] = True


def finish_prerender(pelican: Any) -> None:
    """Pelican's ``finalized``: every page is written; record what was rendered."""
    settings = pelican.settings
    if settings.get(PRERENDERED_KEY):
        fragments, rendered = render_cache_of(settings).finish_prerender()
        record(settings, "render", {"fragments": fragments, "rendered": rendered})


def metadata_for(item: Item, content: ContentSettings, settings: dict[str, Any]) -> dict[str, Any]:
    """What Pelican needs: routing fields, status, and the model object itself."""
    preview = bool(settings.get("CASEBOOK_PREVIEW", False))
    visible = item.is_public(content.current_date()) or preview
    metadata: dict[str, Any] = {
        "title": item.title,
        "slug": item.slug,
        "lang": item.lang,
        "status": "published" if visible else "skip",
        "template": TEMPLATES[item.kind],
        "section": item.section,
        "model": item,
    }
    if item.date is not None:
        metadata["date"] = SafeDatetime(item.date.year, item.date.month, item.date.day)
    return metadata
