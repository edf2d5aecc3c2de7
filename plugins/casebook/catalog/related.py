"""Related stories, ranked by shared features, same industry and similar size.

Comparing every story with every other costs n² (10^8 pairs at 10,000
stories). Instead each story looks only at a bounded number of candidates
drawn from an inverted index: the newest stories of each (industry, feature)
bucket it belongs to, then of each feature and of its industry. Cost per
story is bounded by (2·features + 1)·CANDIDATES_PER_BUCKET, so the whole run
grows linearly with the number of stories.

The ranking reads only each story's features, industry, size, date and slug,
which an edit of a body does not change: the lists are kept in
``.cache/related.json`` under a hash of those fields and of this file, and a
build with the same ones takes them from there (``RelatedCache``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import heapq
import json
import os
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Any

from casebook.content.model import COMPANY_SIZES, Story

CANDIDATES_PER_BUCKET = 24
WEIGHT_FEATURE = 3.0
WEIGHT_INDUSTRY = 2.0
WEIGHT_SAME_SIZE = 1.0
WEIGHT_NEAR_SIZE = 0.5


def _model(content: Any) -> Story:
    model: Story = content.model
    return model


@dataclass(frozen=True)
class Profile:
    """What ranking needs of a story, worked out once per build, not once per comparison."""

    features: int  # a bit per feature: shared features are one AND and a bit count
    industry: str
    size: int | None  # position in COMPANY_SIZES
    newer: int  # date as an ordinal: ties go to the newer story
    slug: str

    @classmethod
    def of(cls, content: Any, bits: dict[str, int]) -> Profile:
        model = _model(content)
        size = COMPANY_SIZES.index(model.company_size) if model.company_size else None
        features = 0
        for feature in model.features:
            features |= bits.setdefault(feature, 1 << len(bits))
        return cls(features, model.industry, size, (model.date or dt.date.min).toordinal(),
                   content.slug)

    def score(self, other: Profile) -> float:
        """How related ``other`` is to this story; 0 means unrelated."""
        value = WEIGHT_FEATURE * (self.features & other.features).bit_count()
        if self.industry == other.industry:
            value += WEIGHT_INDUSTRY
        if value == 0 or self.size is None or other.size is None:
            return value
        distance = abs(self.size - other.size)
        return value + (WEIGHT_SAME_SIZE if distance == 0 else WEIGHT_NEAR_SIZE if distance == 1
                        else 0)


@dataclass
class RelatedIndex:
    """Buckets of stories (newest first) by industry, feature, and both."""

    buckets: dict[Hashable, list[Any]]
    profiles: dict[int, Profile]  # by id() of the content object
    comparisons: int = 0

    @classmethod
    def build(cls, contents: Sequence[Any]) -> RelatedIndex:
        buckets: dict[Hashable, list[Any]] = defaultdict(list)
        for content in sorted(contents, key=lambda c: (_model(c).date, c.slug), reverse=True):
            model = _model(content)
            buckets[("industry", model.industry)].append(content)
            for feature in model.features:
                buckets[("feature", feature)].append(content)
                buckets[("pair", feature, model.industry)].append(content)
        bits: dict[str, int] = {}
        return cls(dict(buckets), {id(content): Profile.of(content, bits) for content in contents})

    def candidates(self, content: Any) -> list[Any]:
        """The newest stories of each bucket the story is in, each once, itself left out."""
        model = _model(content)
        keys: list[Hashable] = [("pair", f, model.industry) for f in model.features]
        keys += [("feature", f) for f in model.features] + [("industry", model.industry)]
        seen: dict[int, Any] = {id(content): None}
        for key in keys:
            for other in self.buckets.get(key, [])[: CANDIDATES_PER_BUCKET + 1]:
                seen.setdefault(id(other), other)
        del seen[id(content)]
        return list(seen.values())

    def related(self, content: Any, count: int) -> list[Any]:
        """The ``count`` best-ranked stories for ``content``; ties go to the newer story."""
        profiles = self.profiles
        mine = profiles[id(content)]
        candidates = self.candidates(content)
        self.comparisons += len(candidates)
        score = mine.score
        ranked = []
        for other in candidates:
            theirs = profiles[id(other)]
            value = score(theirs)
            if value > 0:
                ranked.append((-value, -theirs.newer, theirs.slug, other))
        return [entry[3] for entry in heapq.nsmallest(count, ranked, key=RANK)]


RANK = itemgetter(0, 1, 2)  # score, then newer, then slug: the content object never compared


def attach_related(stories_by_lang: dict[str, list[Any]], count: int,
                   cache: Path | None = None) -> None:
    """Set ``content.related`` on every published story and interview, per language
    (taken from ``cache``, a file, when what the ranking reads is as it was)."""
    kept = RelatedCache(cache, stories_by_lang, count) if cache is not None else None
    if kept is not None and kept.attach():
        return
    for stories in stories_by_lang.values():
        index = RelatedIndex.build(stories)
        for content in stories:
            content.related = index.related(content, count)
    if kept is not None:
        kept.save()


class RelatedCache:
    """The related lists of the last build that had the same inputs, by position in
    each language's list of stories."""

    def __init__(self, path: Path, stories_by_lang: dict[str, list[Any]], count: int) -> None:
        self.path = path
        self.stories_by_lang = stories_by_lang
        self.key = ranking_inputs_digest(stories_by_lang, count)

    def attach(self) -> bool:
        """The kept lists set on every story; False (nothing set) when there are none
        for these inputs."""
        try:
            kept = json.loads(self.path.read_text(encoding="utf-8"))
            if kept["key"] != self.key:
                return False
            lists = {lang: [[stories[position] for position in positions]
                            for positions in kept["related"][lang]]
                     for lang, stories in self.stories_by_lang.items()}
        except (OSError, ValueError, LookupError, TypeError):  # damaged: ranked again
            return False
        if any(len(lists[lang]) != len(stories) for lang, stories in self.stories_by_lang.items()):
            return False
        for lang, stories in self.stories_by_lang.items():
            for content, related in zip(stories, lists[lang], strict=True):
                content.related = related
        return True

    def save(self) -> None:
        related = {}
        for lang, stories in self.stories_by_lang.items():
            position = {id(content): n for n, content in enumerate(stories)}
            related[lang] = [[position[id(other)] for other in content.related]
                             for content in stories]
        partial = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        with contextlib.suppress(OSError):  # no cache folder to write to: ranked next time
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial.write_text(json.dumps({"key": self.key, "related": related},
                                          separators=(",", ":")), encoding="utf-8")
            partial.replace(self.path)


def ranking_inputs_digest(stories_by_lang: dict[str, list[Any]], count: int) -> str:
    """A hash of everything the ranking reads: each story's profile, in order, per
    language, the number shown and the ranking's own code (this file)."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(f"{count} {COMPANY_SIZES!r}".encode())
    for lang, stories in sorted(stories_by_lang.items()):
        digest.update(f"\n{lang}".encode())
        for content in stories:
            model = _model(content)
            profile = (content.slug, model.industry, model.features, model.company_size,
                       model.date)
            digest.update(f"\n{profile!r}".encode())
    return digest.hexdigest()
