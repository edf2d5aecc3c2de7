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

from casebook import ContentError, ContentSettings, load_site
from casebook.model import Item
from casebook.render import render_body

logger = logging.getLogger(__name__)

TEMPLATES = {"story": "story", "interview": "interview", "faq": "faq", "page": "page"}


class CasebookReader(BaseReader):
    enabled = True
    file_extensions = ["md", "markdown"]

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        content = ContentSettings.from_pelican(self.settings)
        site = load_site(content)
        shown = Path(source_path).resolve().relative_to(content.root).as_posix()
        problems = [p for p in site.errors if p.path == shown]
        if problems:
            for problem in problems:
                logger.error("%s", problem)
            raise ContentError(problems)
        item = site.by_source()[shown]
        html = render_body(item, self.settings.get("SITEURL", ""))
        return html, metadata_for(item, content, self.settings)


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
