"""JSON-LD for stories, interviews and FAQ, built as Python data.

Only facts the page states: Article and BreadcrumbList for stories and
interviews, FAQPage for an FAQ entry (on its own page only: Google wants a
question marked up once per site, so the FAQ index has none). Never Review
or AggregateRating: a vendor publishing praise of itself is exactly what
search engines call self-serving.

The properties are those Google documents for its rich results: an Article's
headline, image, datePublished, dateModified, author and publisher (an
Organization with name and url) and mainEntityOfPage; a FAQPage's Questions,
each with an acceptedAnswer's text; a BreadcrumbList's ListItems with position,
name and item. ``tests/site/test_seo.py`` checks every page against them.
"""

from __future__ import annotations

import json
from typing import Any

from casebook.config import Config
from casebook.content.model import Faq, Story


def absolute(siteurl: str, path: str) -> str:
    return f"{siteurl}/{path.lstrip('/')}"


def to_script(data: dict[str, Any]) -> str:
    """JSON safe to place inside <script type="application/ld+json">."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def breadcrumbs(trail: list[tuple[str, str]]) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": url}
            for n, (name, url) in enumerate(trail, 1)
        ],
    }


def organization(name: str, url: str) -> dict[str, Any]:
    return {"@type": "Organization", "name": name, "url": url}


def article(model: Story, url: str, image: str | None, publisher: str,
            logo: str | None, about: list[str], publisher_url: str = "") -> dict[str, Any]:
    """An Article; ``publisher`` (the site's AUTHOR, at ``publisher_url``) wrote it."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": model.title,
        "description": model.summary,
        "datePublished": model.date.isoformat() if model.date else None,
        "dateModified": (model.updated or model.date).isoformat() if model.date else None,
        "inLanguage": model.lang,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "author": organization(publisher, publisher_url),
        "publisher": organization(publisher, publisher_url),
        "about": about,
    }
    if logo:
        data["publisher"]["logo"] = {"@type": "ImageObject", "url": logo}
    if image:
        data["image"] = [image]
    if model.display_customer:
        data["mentions"] = {"@type": "Organization", "name": model.display_customer}
    return {k: v for k, v in data.items() if v is not None}


def faq_page(entries: list[tuple[Any, str]], url: str) -> dict[str, Any]:
    """A FAQPage: each question with its answer's HTML as text."""
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "url": url,
        "mainEntity": [
            {"@type": "Question", "name": faq.title,
             "acceptedAnswer": {"@type": "Answer", "text": answer_html}}
            for faq, answer_html in entries
        ],
    }


class StructuredData:
    """The JSON-LD script for a page, called from templates as ``jsonld(...)``."""

    def __init__(self, config: Config) -> None:
        self.config = config

    def url(self, path: str) -> str:
        return absolute(self.config.siteurl, path)

    def __call__(self, content: Any = None, lang: str = "en",
                 ui: dict[str, str] | None = None) -> list[str]:
        """JSON documents, one per <script type="application/ld+json">."""
        ui = ui or {}
        prefix = self.config.prefix(lang)
        home = (self.config.site_name(lang), self.url(prefix))
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
        logo = self.config.publisher_logo_url
        section = (ui.get("nav_stories", "Stories"), self.url(f"{prefix}stories/"))
        trail = [home, section, (model.title, page_url)]
        about = [model.industry, *model.features]
        data = article(model, page_url, self.image(content, model), self.config.author,
                       logo, about, publisher_url=self.url(""))
        return [to_script(data), to_script(breadcrumbs(trail))]

    def image(self, content: Any, model: Story) -> str | None:
        """The story's hero, else its social card, else its logo (never an anonymous
        story's): the image an Article is shown with."""
        if model.hero:
            return self.url(model.hero.url)
        card: str | None = getattr(content, "social_card", None)
        if card:
            return self.url(card)
        if model.logo and not model.anonymous:
            return self.url(model.logo.url)
        return None
