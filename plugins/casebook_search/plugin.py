"""Signal wiring: the search generator runs after every generator that writes pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pelican import signals
from pelican.generators import Generator

from casebook_site.catalog import catalog_of

from .index import build_index

DEFAULT_BUNDLE = "pagefind"


class SearchGenerator(Generator):
    def generate_output(self, writer: Any) -> None:
        if not self.settings.get("CASEBOOK_SEARCH", True):
            return
        pages = getattr(writer, "rendered", [])
        bundle = Path(self.output_path) / self.settings.get("CASEBOOK_SEARCH_BUNDLE",
                                                           DEFAULT_BUNDLE)
        build_index(pages, bundle, catalog_of(self.context).site.aliases)


def search_generator(pelican: Any) -> type[SearchGenerator]:
    return SearchGenerator


def register() -> None:
    signals.get_generators.connect(search_generator)
