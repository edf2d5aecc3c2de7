"""Signal wiring for the site plugin."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pelican import signals
from pelican.generators import ArticlesGenerator

from casebook.buildinfo import return_free_memory
from casebook.content.site import site_of
from casebook.outputs.fingerprint import StaticUrl, fingerprint_output
from casebook.outputs.i18n import fill, isodate, load_strings, localdate
from casebook.pelican.site_generator import SitePagesGenerator
from casebook.pelican.storycards import story_cards
from casebook.pelican.writer import CasebookWriter


def site_pages_generator(pelican: Any) -> type[SitePagesGenerator]:
    return SitePagesGenerator


def add_template_helpers(generator: Any) -> None:
    """UI strings, date filters and the vocabularies for every template."""
    settings = generator.settings
    # A build renders its templates once per page, tens of thousands of times;
    # checking each template file's modification time on every include costs
    # seconds. Every build (and every rebuild in `casebook serve`) makes a new
    # environment, so an edited theme is still picked up.
    generator.env.auto_reload = False
    languages = tuple(settings.get("CASEBOOK_LANGUAGES", ["en", "ja"]))
    generator.env.globals["UI"] = load_strings(Path(settings["THEME"]), languages,
                                               settings["DEFAULT_LANG"])
    generator.env.filters["localdate"] = localdate
    generator.env.filters["isodate"] = isodate
    generator.env.filters["fill"] = fill
    site = site_of(settings)
    generator.env.globals["vocab"] = site.vocabularies
    generator.env.globals["site_image"] = site.site_image
    generator.env.globals["casebook_today"] = site.settings.current_date()
    generator.env.globals["static_url"] = StaticUrl(settings)
    vocab = site.vocabularies
    generator.env.filters["feature_name"] = lambda term_id, lang: vocab.features[term_id].name(lang)
    generator.env.filters["industry_name"] = lambda term_id, lang: vocab.industries[term_id].name(
        lang)
    generator.env.globals["story_card"] = story_cards(generator.env)


GENERATORS_KEY = "_casebook_generators"


def keep_generators(generators: list[Any]) -> None:
    """The build's settings remember its generators: `casebook serve` rewrites an
    edited story's page with them before the next build (casebook.cli.quickpage)."""
    generators[0].settings[GENERATORS_KEY] = generators


def casebook_writer(pelican: Any) -> type[CasebookWriter]:
    return CasebookWriter


def fingerprint(pelican: Any) -> None:
    """After every file is written (theme files are copied last)."""
    if pelican.settings.get("CASEBOOK_FINGERPRINT"):
        fingerprint_output(Path(pelican.output_path), pelican.settings)


def free_memory_after_each_generator(generators: list[Any]) -> None:
    """After each generator writes, what it freed goes back to the system, so the
    next one (the sitemap of every page, the export of every story) starts lower
    and the build's peak memory stays near what it really holds."""
    for generator in generators:
        if hasattr(generator, "generate_output"):
            generator.generate_output = _then_free_memory(generator.generate_output)


# Pelican's archive pages the site leaves out (their *_SAVE_AS setting is empty).
# Pelican works out each one's list of dates before it finds it has nothing to
# write, comparing every story with every other: over a second at 10,000 stories.
UNPUBLISHED_ARCHIVES = {
    "generate_authors": "AUTHOR_SAVE_AS",
    "generate_categories": "CATEGORY_SAVE_AS",
    "generate_tags": "TAG_SAVE_AS",
}


def skip_unpublished_archives(generators: list[Any]) -> None:
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            for method, save_as in UNPUBLISHED_ARCHIVES.items():
                if not generator.settings.get(save_as):
                    setattr(generator, method, _write_nothing)


def _write_nothing(write: Any) -> None:
    pass


def _then_free_memory(generate_output: Any) -> Any:
    def generate_then_free(writer: Any) -> None:
        generate_output(writer)
        return_free_memory()
    return generate_then_free


def register() -> None:
    signals.all_generators_finalized.connect(free_memory_after_each_generator)
    signals.all_generators_finalized.connect(skip_unpublished_archives)
    signals.finalized.connect(fingerprint)
    signals.all_generators_finalized.connect(keep_generators)
    signals.get_writer.connect(casebook_writer)
    signals.generator_init.connect(add_template_helpers)
    signals.get_generators.connect(site_pages_generator)
