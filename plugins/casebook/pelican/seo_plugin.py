"""Signal wiring: JSON-LD for templates, and sitemap.xml from every page written."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.generators import Generator

from casebook.content.model import Faq, Item, Story
from casebook.outputs.sitemap import SitemapEntry, sitemap_xml
from casebook.outputs.structured import absolute, article, breadcrumbs, faq_page, to_script

PAGES_KEY = "_casebook_sitemap_pages"


def _item_of(context: dict[str, Any]) -> Any:
    for key in ("article", "faq", "page"):
        content = context.get(key)
        if content is not None and hasattr(content, "model"):
            return content
    return None


def _date_of(content: Any) -> dt.date | None:
    model: Item = content.model
    return getattr(model, "updated", None) or model.date


class StructuredData:
    """The JSON-LD script for a page, called from templates as ``jsonld(...)``."""

    def __init__(self, settings: dict[str, Any]) -> None:
        self.settings = settings

    def url(self, path: str) -> str:
        return absolute(self.settings.get("SITEURL", ""), path)

    def __call__(self, content: Any = None, faq_entries: Any = None, lang: str = "en",
                 ui: dict[str, str] | None = None) -> list[str]:
        """JSON documents, one per <script type="application/ld+json">."""
        ui = ui or {}
        prefix = "" if lang == self.settings["DEFAULT_LANG"] else f"{lang}/"
        names = self.settings.get("CASEBOOK_SITENAMES") or {}
        home = (names.get(lang, self.settings.get("SITENAME", "")), self.url(prefix))
        if faq_entries is not None:
            entries = [(f, f.content) for f in faq_entries]
            return [to_script(faq_page(entries, self.url(f"{prefix}faq/")))]
        if content is None or not hasattr(content, "model"):
            return []
        model = content.model
        page_url = self.url(content.url)
        if isinstance(model, Story):
            return self._story(content, model, page_url, home, prefix, ui)
        if isinstance(model, Faq):
            trail = [home, (ui.get("nav_faq", "FAQ"), self.url(f"{prefix}faq/")),
                     (model.title, page_url)]
            return [to_script(faq_page([(model, content.content)], page_url)),
                    to_script(breadcrumbs(trail))]
        return []

    def _story(self, content: Any, model: Story, page_url: str, home: tuple[str, str],
               prefix: str, ui: dict[str, str]) -> list[str]:
        image = model.hero or (None if model.anonymous else model.logo)
        logo = self.settings.get("CASEBOOK_PUBLISHER_LOGO_URL")
        section = (ui.get("nav_stories", "Stories"), self.url(f"{prefix}stories/"))
        trail = [home, section, (model.title, page_url)]
        about = [model.industry, *model.features]
        data = article(model, page_url, self.url(image.url) if image else None,
                       self.settings.get("AUTHOR", ""), logo, about)
        return [to_script(data), to_script(breadcrumbs(trail))]


def add_jsonld_helper(generator: Any) -> None:
    generator.env.globals["jsonld"] = StructuredData(generator.settings)


def start_sitemap(generators: list[Any]) -> None:
    generators[0].context[PAGES_KEY] = []


def record_page(path: str, context: dict[str, Any]) -> None:
    """Every HTML page Pelican writes, with what the sitemap needs to know of it."""
    pages = context.get(PAGES_KEY)
    if pages is None or not path.endswith(".html") or context.get("noindex"):
        return
    content = _item_of(context)
    lastmod = context.get("lastmod") or (_date_of(content) if content else None)
    lang = context.get("lang") or (content.lang if content else context["DEFAULT_LANG"])
    key = f"item:{content.model.translation_key or content.url}" if content else None
    pages.append({"path": path, "lang": lang, "lastmod": lastmod, "key": key})


class SitemapGenerator(Generator):
    """Runs after the generators that write pages (its plugin is listed after theirs)."""

    def generate_output(self, writer: Any) -> None:
        output = Path(self.output_path)
        siteurl = self.settings.get("SITEURL", "")
        languages = self.settings.get("CASEBOOK_LANGUAGES", ["en"])
        default = self.settings["DEFAULT_LANG"]
        entries: list[SitemapEntry] = []
        groups: dict[str, dict[str, str]] = defaultdict(dict)
        for page in self.context.get(PAGES_KEY, []):
            relative = Path(page["path"]).relative_to(output).as_posix()
            if relative == "404.html":
                continue
            url = absolute(siteurl, relative.removesuffix("index.html"))
            key = page["key"] or "path:" + _without_lang(relative, languages, default)
            groups[key][page["lang"]] = url
            entries.append(SitemapEntry(url, page["lastmod"]))
            entries[-1].alternates = groups[key]  # shared dict: filled as siblings arrive
        for entry in entries:
            if len(entry.alternates) < 2:
                entry.alternates = {}
        (output / "sitemap.xml").write_bytes(sitemap_xml(entries))


def _without_lang(relative: str, languages: list[str], default: str) -> str:
    first, _, rest = relative.partition("/")
    return rest if first in languages and first != default and rest else relative


def sitemap_generator(pelican: Any) -> type[SitemapGenerator]:
    return SitemapGenerator


def register() -> None:
    signals.generator_init.connect(add_jsonld_helper)
    signals.all_generators_finalized.connect(start_sitemap)
    signals.content_written.connect(record_page)
    signals.get_generators.connect(sitemap_generator)
