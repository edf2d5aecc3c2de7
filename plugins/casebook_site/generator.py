"""Writes the pages that list content: home, /stories/ and /faq/ in every language."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from casebook import ContentSettings, load_site
from pelican.generators import Generator


def lang_prefix(lang: str, default_lang: str) -> str:
    return "" if lang == default_lang else f"{lang}/"


class SitePagesGenerator(Generator):
    """Listing pages per language; runs after the articles, pages and FAQ."""

    def generate_context(self) -> None:
        content = ContentSettings.from_pelican(self.settings)
        self.context["vocab"] = load_site(content).vocabularies

    def languages(self) -> list[str]:
        default = self.settings["DEFAULT_LANG"]
        used = {c.lang for c in self._everything()}
        return [default] + sorted(used - {default})

    def _everything(self) -> list[Any]:
        return list(self.context.get("articles", [])) + list(self.context.get("faqs", []))

    def generate_output(self, writer: Any) -> None:
        default = self.settings["DEFAULT_LANG"]
        languages = self.languages()
        for lang in languages:
            prefix = lang_prefix(lang, default)
            alternates = {other: lang_prefix(other, default) for other in languages}
            articles = [a for a in self.context.get("articles", []) if a.lang == lang]
            faqs = [f for f in self.context.get("faqs", []) if f.lang == lang]
            common = {"lang": lang, "lang_prefix": prefix}
            self._write(writer, "index", f"{prefix}index.html", prefix, alternates, "",
                        featured=[a for a in articles if a.model.featured],
                        stories=[a for a in articles if a.model.kind == "story"],
                        interviews=[a for a in articles if a.model.kind == "interview"],
                        faqs=faqs, **common)
            self._write(writer, "stories", f"{prefix}stories/index.html", prefix, alternates,
                        "stories/", items=articles, **common)
            self._write(writer, "faq_index", f"{prefix}faq/index.html", prefix, alternates,
                        "faq/", groups=group_by_feature(faqs, list(self.context["vocab"].features)),
                        **common)
        self._write(writer, "404", "404.html", "", {}, "404.html", lang=default, lang_prefix="")

    def _write(self, writer: Any, template: str, save_as: str, prefix: str,
               alternates: dict[str, str], path: str, **values: Any) -> None:
        writer.write_file(
            save_as,
            self.get_template(template),
            self.context,
            url=save_as.removesuffix("index.html"),
            alternates={lang: p + path for lang, p in alternates.items()},
            **values,
        )


def group_by_feature(faqs: list[Any], order: list[str]) -> list[tuple[str, list[Any]]]:
    """FAQ entries under each of their features, features in vocabulary order."""
    groups: dict[str, list[Any]] = defaultdict(list)
    for faq in faqs:
        for feature in faq.model.features:
            groups[feature].append(faq)
    return sorted(groups.items(), key=lambda group: order.index(group[0]))
