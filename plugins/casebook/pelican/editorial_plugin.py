"""Signal wiring: writes /editorial/ from the same report as ``casebook stats``."""

from __future__ import annotations

from typing import Any

from pelican import signals
from pelican.generators import Generator

from casebook.catalog.catalog import catalog_of
from casebook.content.stats import DEFAULT_STALE_MONTHS, coverage

EDITORIAL_URL = "editorial/"


class EditorialGenerator(Generator):
    def generate_output(self, writer: Any) -> None:
        catalog = catalog_of(self.context)
        months = int(self.settings.get("CASEBOOK_STALE_MONTHS", DEFAULT_STALE_MONTHS))
        url = self.settings.get("CASEBOOK_EDITORIAL_URL", EDITORIAL_URL)
        if not url:
            return
        writer.write_file(f"{url}index.html", self.get_template("editorial"), self.context,
                          url=url, page_url=url, lang=catalog.default_lang, noindex=True,
                          report=coverage(catalog.site, months))


def editorial_generator(pelican: Any) -> type[EditorialGenerator]:
    return EditorialGenerator


def register() -> None:
    signals.get_generators.connect(editorial_generator)
