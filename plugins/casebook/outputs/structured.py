"""JSON-LD for stories, interviews and FAQ, built as Python data.

Only facts the page states: Article and BreadcrumbList for stories and
interviews, FAQPage for FAQ. Never Review or AggregateRating: a vendor
publishing praise of itself is exactly what search engines call
self-serving.
"""

from __future__ import annotations

import json
from typing import Any

from casebook.content.model import Story


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


def article(model: Story, url: str, image: str | None, publisher: str,
            logo: str | None, about: list[str]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": model.title,
        "description": model.summary,
        "datePublished": model.date.isoformat() if model.date else None,
        "dateModified": (model.updated or model.date).isoformat() if model.date else None,
        "inLanguage": model.lang,
        "url": url,
        "mainEntityOfPage": url,
        "author": {"@type": "Organization", "name": publisher},
        "publisher": {"@type": "Organization", "name": publisher},
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
