"""The content model: typed objects every plugin, template and test uses.

Front matter is parsed and coerced once (see ``casebook.content.schema``) into these
objects. Field names are the contract's (docs/content-model.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from casebook.content.interview import Answer
from casebook.content.video import Video, find_video

# Stories not refreshed with the customer for this long are flagged by
# `casebook check` and listed by `make stats` and /editorial/.
DEFAULT_STALE_MONTHS = 18


def months_between(earlier: dt.date, later: dt.date) -> int:
    """Whole months from one date to a later one (Jan 31 to Feb 28 is 0)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - (1 if later.day < earlier.day else 0)


Kind = Literal["story", "interview", "faq", "page"]
Status = Literal["published", "review", "draft"]

STATUSES: tuple[Status, ...] = ("published", "review", "draft")
STORY_TYPES = ("story", "interview")
COMPANY_SIZES = ("1-50", "51-200", "201-1000", "1001-5000", "5000+")

# The URL folder of each kind; pages live at the site root.
SECTIONS: dict[Kind, str] = {
    "story": "stories", "interview": "interviews", "faq": "faq", "page": "",
}


@dataclass(frozen=True)
class Term:
    """One entry of a controlled vocabulary (a feature or an industry)."""

    id: str
    names: dict[str, str]
    descriptions: dict[str, str]

    def name(self, lang: str, default_lang: str = "en") -> str:
        return self.names.get(lang) or self.names.get(default_lang) or self.id

    def description(self, lang: str, default_lang: str = "en") -> str:
        return self.descriptions.get(lang) or self.descriptions.get(default_lang) or ""


@dataclass(frozen=True)
class Vocabularies:
    features: dict[str, Term]
    industries: dict[str, Term]


@dataclass(frozen=True)
class Asset:
    """A file an item publishes (logo, hero, body image, slides).

    ``public_name`` is derived from the file's bytes, so the published URL
    never carries a folder or file name that could identify a customer.
    A raster image is published as derivatives ``<stem>-<width>.<ext>`` (and
    ``.webp``) at each of ``widths``, never wider than the original.
    """

    source: Path
    written_as: str
    line: int
    public_name: str
    width: int = 0  # intrinsic, orientation applied; 0 when not a raster image
    height: int = 0
    widths: tuple[int, ...] = ()  # derivative widths, ascending
    animated: bool = False

    @property
    def stem(self) -> str:
        return self.public_name.rsplit(".", 1)[0]

    @property
    def suffix(self) -> str:
        return "." + self.public_name.rsplit(".", 1)[1]

    @property
    def is_raster(self) -> bool:
        return bool(self.widths)

    def rendition(self, width: int, suffix: str | None = None) -> str:
        """Path (under the site root) of one derivative."""
        return f"media/{self.stem}-{width}{suffix or self.suffix}"

    @property
    def url(self) -> str:
        """The largest fallback derivative (or the file itself for SVG and PDF)."""
        if self.is_raster:
            return self.rendition(self.widths[-1])
        return f"media/{self.public_name}"

    @property
    def display_width(self) -> int:
        return self.widths[-1] if self.widths else self.width

    @property
    def display_height(self) -> int:
        if not self.width:
            return self.height
        return round(self.height * self.display_width / self.width)

    @property
    def preview_url(self) -> str:
        """For a PDF: the image of its first page, rendered at build time."""
        return f"media/{self.public_name.rsplit('.', 1)[0]}-preview.jpg"


@dataclass(frozen=True)
class Approval:
    by: str
    date: dt.date


@dataclass(frozen=True)
class Metric:
    value: str
    label: str


@dataclass(frozen=True)
class Quote:
    text: str
    author: str
    role: str = ""


@dataclass(frozen=True)
class Person:
    name: str
    role: str = ""


@dataclass
class Item:
    """What every content file has in common."""

    kind: Kind
    source: str  # path relative to the project root, as printed in messages
    slug: str
    lang: str
    title: str
    status: Status
    date: dt.date | None
    body: str
    body_first_line: int
    translation_key: str | None = None
    summary: str = ""
    images: list[Asset] = field(default_factory=list)  # images referenced in the body
    lines: dict[str, int] = field(default_factory=dict)  # front-matter key -> line
    # True once a site has let go of the Markdown (``Site.markdown`` reads it again)
    body_on_disk: bool = False

    @property
    def section(self) -> str:
        return SECTIONS[self.kind]

    def line(self, key: str) -> int:
        return self.lines.get(key, 1)

    def is_public(self, today: dt.date) -> bool:
        """Published and not scheduled for later: the only items that reach output."""
        return self.status == "published" and (self.date is None or self.date <= today)

    @property
    def assets(self) -> list[Asset]:
        """Every file this item publishes."""
        return list(self.images)


@dataclass
class Story(Item):
    customer: str = ""
    industry: str = ""
    features: list[str] = field(default_factory=list)
    approval: Approval | None = None
    company_size: str | None = None
    region: str | None = None
    logo: Asset | None = None
    hero: Asset | None = None
    metrics: list[Metric] = field(default_factory=list)
    quote: Quote | None = None
    anonymous: bool = False
    featured: bool = False
    video: str | None = None
    slides: Asset | None = None
    updated: dt.date | None = None

    def months_unchanged(self, today: dt.date) -> int | None:
        """Whole months since the story was last updated (or else published)."""
        last = self.updated or self.date
        return months_between(last, today) if last else None

    @property
    def video_found(self) -> Video | None:
        return find_video(self.video) if self.video else None

    @property
    def video_embed(self) -> str | None:
        found = self.video_found
        return found.embed_url if found else None

    @property
    def video_link(self) -> str | None:
        """The video's page as the site links it (built from its id, not the link given)."""
        found = self.video_found
        return found.watch_url if found else None

    @property
    def video_host(self) -> str:
        found = self.video_found
        return found.host_name if found else ""

    @property
    def display_customer(self) -> str | None:
        """The customer's name, or None when the story is anonymous."""
        return None if self.anonymous else self.customer

    @property
    def assets(self) -> list[Asset]:
        extra = [a for a in (self.hero, self.slides) if a is not None]
        if self.logo is not None and not self.anonymous:
            extra.insert(0, self.logo)
        return extra + list(self.images)


@dataclass
class Interview(Story):
    interviewees: list[Person] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)

    def answer(self, question: str) -> Answer | None:
        return next((a for a in self.answers if a.question == question), None)


@dataclass
class Faq(Item):
    features: list[str] = field(default_factory=list)
    industries: list[str] = field(default_factory=list)
    order: int = 0


@dataclass
class Page(Item):
    order: int = 0
