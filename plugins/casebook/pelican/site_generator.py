"""Writes the site's own pages: home and the FAQ index in every language, and the 404."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from pelican.generators import Generator

from casebook.catalog.catalog import catalog_of, newest_date


class SitePagesGenerator(Generator):
    """Home and FAQ index per language; runs after the articles, pages and FAQ."""

    def generate_output(self, writer: Any) -> None:
        catalog = catalog_of(self.context)
        languages = catalog.languages()
        feature_order = list(catalog.vocabularies.features)
        for lang in languages:
            prefix = catalog.prefix(lang)
            alternates = {other: catalog.prefix(other) for other in languages}
            stories = catalog.stories.get(lang, [])
            faqs = sorted(catalog.faqs.get(lang, []), key=lambda f: (f.model.order, f.title))
            self._write(writer, "index", prefix, alternates, "", lang=lang,
                        featured=[s for s in stories if s.model.featured],
                        stories=[s for s in stories if s.model.kind == "story"],
                        interviews=[s for s in stories if s.model.kind == "interview"],
                        faqs=faqs, lastmod=newest_date(stories))
            self._write(writer, "faq_index", f"{prefix}faq/", alternates, "faq/", lang=lang,
                        groups=group_by_feature(faqs, feature_order), all_faqs=faqs,
                        lastmod=newest_date(faqs))
            self._write(writer, "search", f"{prefix}search/", alternates, "search/", lang=lang)
        self._write(writer, "404", "", {}, "", save_as="404.html", lang=catalog.default_lang)
        write_robots(Path(self.output_path), self.settings.get("CASEBOOK_ROBOTS_DISALLOW", []),
                     self.settings.get("SITEURL", ""))

    def _write(self, writer: Any, template: str, url: str, alternates: dict[str, str],
               path: str, save_as: str | None = None, **values: Any) -> None:
        writer.write_file(
            save_as or f"{url}index.html",
            self.get_template(template),
            self.context,
            url=url,
            page_url=url,
            alternates={lang: prefix + path for lang, prefix in alternates.items()},
            **values,
        )


def write_robots(output: Path, disallowed: list[str], siteurl: str = "") -> None:
    """robots.txt: everything may be crawled except the editors' pages."""
    rules = "".join(f"Disallow: {path}\n" for path in disallowed) or "Disallow:\n"
    # Crawlers need the sitemap's absolute URL; a local build has none to give.
    sitemap = f"\nSitemap: {siteurl}/sitemap.xml\n" if siteurl.startswith("http") else ""
    (output / "robots.txt").write_text(f"User-agent: *\n{rules}{sitemap}", encoding="utf-8")


def group_by_feature(faqs: list[Any], order: list[str]) -> list[tuple[str, list[Any]]]:
    """FAQ entries under each of their features, features in vocabulary order."""
    groups: dict[str, list[Any]] = defaultdict(list)
    for faq in faqs:
        for feature in faq.model.features:
            groups[feature].append(faq)
    return sorted(groups.items(), key=lambda group: order.index(group[0]))
