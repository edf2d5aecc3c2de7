"""The FAQ generator: reads content/faq like Pelican's PagesGenerator reads pages."""

from __future__ import annotations

import logging
from typing import Any

from pelican.contents import SkipStub
from pelican.generators import Generator

from casebook.pelican.contents import Faq

logger = logging.getLogger(__name__)


class FaqGenerator(Generator):
    writes_indexed_pages = True  # casebook_search writes stories after these

    def generate_context(self) -> None:
        self.faqs: list[Faq] = []
        for path in self.get_files(self.settings.get("CASEBOOK_FAQ_PATHS", ["content/faq"])):
            try:
                faq = self.readers.read_file(
                    base_path=self.path, path=path, content_class=Faq, context=self.context
                )
            except Exception:
                logger.exception("Could not process %s", path,
                                 exc_info=self.settings.get("DEBUG", False))
                self._add_failed_source_path(path)
                continue
            if isinstance(faq, SkipStub):
                continue
            self.add_source_path(faq)
            self.faqs.append(faq)
        self.faqs.sort(key=lambda f: (f.model.order, f.title))
        self._update_context(("faqs",))

    def generate_output(self, writer: Any) -> None:
        for faq in self.faqs:
            writer.write_file(
                faq.save_as,
                self.get_template(faq.template),
                self.context,
                faq=faq,
                page=faq,
                relative_urls=self.settings["RELATIVE_URLS"],
                url=faq.url,
            )
