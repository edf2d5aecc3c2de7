"""The only reader Pelican uses: it hands over the item the content model already read.

The reader does not parse front matter: the build parsed and validated every
file before Pelican started, so it looks the file up in the site and hands
Pelican the typed item as ``model``, with the few fields Pelican routes and
orders by. Pelican's own readers (HTML, reStructuredText, its Markdown) are
not registered: nothing reaches the site that the content model has not read.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pelican.readers import BaseReader
from pelican.utils import SafeDatetime

from casebook.content.model import Item
from casebook.pelican.contents import below, build_of

TEMPLATES = {"story": "story", "interview": "interview", "faq": "faq", "page": "page"}


class CasebookReader(BaseReader):  # type: ignore[misc]
    enabled = True
    file_extensions = ["md", "markdown"]

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        build = build_of(self.settings)
        return "", metadata_for(item_at(source_path, build.config.root, build.site.by_source()))


def item_at(source_path: str, root: Path, by_source: dict[str, Item]) -> Item:
    """The item read from ``source_path``: named as the site names it, by its path below
    the project (resolved, through links, only when the plain path is not one)."""
    item = by_source.get(below(os.path.abspath(source_path), root) or "")
    if item is not None:
        return item
    return by_source[Path(source_path).resolve().relative_to(root).as_posix()]


def only_casebook_reads(readers: Any) -> None:
    """Pelican's ``readers_init``: Casebook's reader is the only one."""
    readers.reader_classes.clear()
    for extension in CasebookReader.file_extensions:
        readers.reader_classes[extension] = CasebookReader


def metadata_for(item: Item) -> dict[str, Any]:
    """What Pelican needs: routing fields, the template, and the item itself."""
    metadata: dict[str, Any] = {
        "title": item.title,
        "slug": item.slug,
        "lang": item.lang,
        "status": "published",  # the generators read only what the build publishes
        "template": TEMPLATES[item.kind],
        "model": item,
    }
    if item.date is not None:
        metadata["date"] = SafeDatetime(item.date.year, item.date.month, item.date.day)
    return metadata
