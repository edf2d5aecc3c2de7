"""What goes into a feed entry, built as data for Pelican's feed writer."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from typing import Any

from casebook.content.model import Story, Vocabularies


def _datetime(value: dt.date) -> dt.datetime:
    return dt.datetime(value.year, value.month, value.day)


@dataclass
class FeedEntry:
    """The attributes a feed writer reads from an item (Pelican's Writer.write_feed)."""

    title: str
    url: str
    date: dt.datetime
    summary: str  # HTML: the plain-text summary, escaped
    category: str
    tags: list[str]
    author: str
    content: Any  # the Pelican content object, for its body

    def get_content(self, siteurl: str) -> str:
        body: str = self.content.get_content(siteurl)
        return body

    @classmethod
    def of(cls, content: Any, vocab: Vocabularies, author: str) -> FeedEntry:
        model: Story = content.model
        lang = model.lang
        entry = cls(
            title=content.title,
            url=content.url,
            date=_datetime(model.date or dt.date.min),
            summary=html.escape(model.summary),
            category=vocab.industries[model.industry].name(lang),
            tags=[vocab.features[f].name(lang) for f in model.features],
            author=author,
            content=content,
        )
        if model.updated:
            entry.modified = _datetime(model.updated)  # type: ignore[attr-defined]
        return entry
