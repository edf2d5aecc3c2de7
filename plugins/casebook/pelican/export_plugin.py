"""Signal wiring: writes the export files once per build."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pelican import signals
from pelican.generators import Generator

from casebook.catalog.catalog import catalog_of
from casebook.outputs.export import story_record, write_csv, write_json


class ExportGenerator(Generator):
    def generate_output(self, writer: Any) -> None:
        catalog = catalog_of(self.context)
        siteurl = self.settings.get("SITEURL", "")
        records = [story_record(content, catalog.vocabularies, siteurl)
                   for lang in catalog.languages() for content in catalog.stories.get(lang, [])]
        output = Path(self.output_path)
        write_json(records, output / "stories.json")
        write_csv(records, output / "stories.csv")


def export_generator(pelican: Any) -> type[ExportGenerator]:
    return ExportGenerator


def register() -> None:
    signals.get_generators.connect(export_generator)
