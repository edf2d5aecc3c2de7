"""Signal wiring for the reader plugin."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from pelican import signals

from casebook.pelican.faq_generator import FaqGenerator
from casebook.pelican.reader import CasebookReader, finish_prerender
from casebook.pelican.settled import settle_on_read


def add_reader(readers: Any) -> None:
    """Casebook's reader is the only one: Pelican's own would publish a stray .html or
    .mkd file unchecked (``casebook check`` reports such files)."""
    readers.reader_classes.clear()
    for extension in CasebookReader.file_extensions:
        readers.reader_classes[extension] = CasebookReader


def faq_generator(pelican: Any) -> type[FaqGenerator]:
    return FaqGenerator


def link_translations(generators: list[Any]) -> None:
    """Items sharing a translation_key become each other's translations."""
    groups: dict[str, list[Any]] = defaultdict(list)
    for content in all_content(generators):
        key = content.model.translation_key
        if key:
            groups[key].append(content)
    for group in groups.values():
        for content in group:
            content.translations = sorted(
                (other for other in group if other is not content), key=lambda c: c.lang
            )


def all_content(generators: list[Any]) -> list[Any]:
    """Every published content object of the build (stories, interviews, FAQ, pages)."""
    found: list[Any] = []
    for generator in generators:
        for attribute in ("articles", "pages", "faqs"):
            found.extend(c for c in getattr(generator, attribute, []) if hasattr(c, "model"))
    return found


def register() -> None:
    signals.readers_init.connect(add_reader)
    signals.get_generators.connect(faq_generator)
    signals.all_generators_finalized.connect(link_translations)
    signals.content_object_init.connect(settle_on_read)
    signals.finalized.connect(finish_prerender)
