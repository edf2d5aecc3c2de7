"""Signal wiring: a generator for /voices/ and /voices/<question>/ per language."""

from __future__ import annotations

from typing import Any

from pelican import signals
from pelican.generators import Generator

from casebook.catalog.catalog import catalog_of, newest_date
from casebook.catalog.voices import gather_voices


class VoicesGenerator(Generator):
    writes_indexed_pages = True  # casebook_search writes stories after these

    def generate_output(self, writer: Any) -> None:
        catalog = catalog_of(self.context)
        for lang in catalog.languages():
            questions = gather_voices(lang, catalog.stories.get(lang, []), self.settings)
            if not questions:
                continue
            index_url = f"{catalog.prefix(lang)}voices/"
            self._write(writer, "voices_index", index_url, lang=lang, questions=questions)
            for question in questions:
                self._write(writer, "voices", question.url, lang=lang, question=question,
                            questions=questions,
                            lastmod=newest_date([v.interview for v in question.voices]))

    def _write(self, writer: Any, template: str, url: str, **values: Any) -> None:
        writer.write_file(f"{url}index.html", self.get_template(template), self.context,
                          url=url, page_url=url, **values)


def voices_generator(pelican: Any) -> type[VoicesGenerator]:
    return VoicesGenerator


def register() -> None:
    signals.get_generators.connect(voices_generator)
