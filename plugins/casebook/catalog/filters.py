"""Plain-link filters for /stories/: one static page per company size and per type."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from casebook.content.model import COMPANY_SIZES, STORY_TYPES


def size_slug(size: str) -> str:
    """URL-safe form of a company size: ``5000+`` becomes ``5000-plus``."""
    return size.replace("+", "-plus")


@dataclass
class StoryFilter:
    """One filtered listing: all stories of a company size, or of a type."""

    dimension: str  # "size" or "type"
    value: str
    url: str
    stories: list[Any] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.stories)

    @property
    def save_as(self) -> str:
        return f"{self.url}index.html"


def story_filters(stories: list[Any], prefix: str) -> dict[str, list[StoryFilter]]:
    """Filters with at least one story, in the contract's order of sizes and types."""
    sizes: dict[str, list[Any]] = defaultdict(list)
    types: dict[str, list[Any]] = defaultdict(list)
    for content in stories:
        if content.model.company_size:
            sizes[content.model.company_size].append(content)
        types[content.model.kind].append(content)
    return {
        "size": [StoryFilter("size", size, f"{prefix}stories/size/{size_slug(size)}/", sizes[size])
                 for size in COMPANY_SIZES if size in sizes],
        "type": [StoryFilter("type", kind, f"{prefix}stories/type/{kind}/", types[kind])
                 for kind in STORY_TYPES if kind in types],
    }
