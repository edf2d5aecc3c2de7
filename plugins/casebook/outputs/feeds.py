"""What goes into a feed entry, built as data for Pelican's feed writer.

Times. A story has a publication date and maybe an ``updated`` date, never a
time of day, but Atom wants an instant for ``published`` and ``updated``, and a
feed reader (and the W3C feed validator) expects no two entries of one feed to
share an ``updated`` instant. Casebook does not make up a time of day: each
entry is given the start of its day (00:00 in ``TIMEZONE``), as before, and
the entries of one language whose ``updated`` falls on the same day are told
apart by whole seconds, in a stable order: by publication date, then slug,
then address, the order in which the newest-first feeds list them (so the
entry a feed lists first has the later second). The first entry of a day
keeps 00:00:00, the next 00:00:01, and so on; the seconds say "this order,
this day", never a clock time, and never move an entry to another day. They
are worked out over every story of the language, not per feed, so an entry
has the same instants in every feed it is in (the site's, its features', its
industry's), and depend only on the published content, so two builds of one
commit write the same bytes. An entry's id (Pelican's tag URI) carries only
the day, so the seconds never change it. ``published`` carries the seconds
too when it is also the entry's ``updated`` (a story never updated); an
updated story keeps 00:00:00 on its publication day.
"""

from __future__ import annotations

import datetime as dt
import html
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from casebook.content.model import Story, Vocabularies


def _datetime(value: dt.date, seconds: int = 0) -> dt.datetime:
    return dt.datetime(value.year, value.month, value.day) + dt.timedelta(seconds=seconds)


def _updated_day(model: Story) -> dt.date:
    return model.updated or model.date or dt.date.min


def same_day_seconds(contents: Iterable[Any]) -> dict[str, int]:
    """For the stories of one language: each one's second within the day of its
    ``updated`` (or, never updated, of its publication), keyed by address; 0 for the
    first of a day, in the order of publication date, slug and address."""
    days: dict[dt.date, list[Any]] = defaultdict(list)
    for content in contents:
        days[_updated_day(content.model)].append(content)
    seconds = {}
    for same_day in days.values():
        same_day.sort(key=lambda c: (c.model.date or dt.date.min, c.slug, c.url))
        for second, content in enumerate(same_day):
            seconds[content.url] = second
    return seconds


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
    def of(cls, content: Any, vocab: Vocabularies, author: str, second: int = 0) -> FeedEntry:
        """The entry of one story; ``second``: its second within its day (see the
        module docstring and ``same_day_seconds``)."""
        model: Story = content.model
        lang = model.lang
        published = model.date or dt.date.min
        entry = cls(
            title=content.title,
            url=content.url,
            date=_datetime(published, 0 if model.updated else second),
            summary=html.escape(model.summary),
            category=vocab.industries[model.industry].name(lang),
            tags=[vocab.features[f].name(lang) for f in model.features],
            author=author,
            content=content,
        )
        if model.updated:
            # Pelican's writer reads ``modified`` only when the attribute exists.
            entry.modified = _datetime(model.updated, second)  # type: ignore[attr-defined]
        return entry
