"""Related stories, ranked by shared features, same industry and similar size.

Comparing every story with every other costs n² (10^8 pairs at 10,000
stories). Instead each story looks only at a bounded number of candidates
drawn from an inverted index: the newest stories of each (industry, feature)
bucket it belongs to, then of each feature and of its industry. Cost per
story is bounded by (2·features + 1)·CANDIDATES_PER_BUCKET, so the whole run
grows linearly with the number of stories.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from casebook.model import COMPANY_SIZES, Story

CANDIDATES_PER_BUCKET = 24
WEIGHT_FEATURE = 3.0
WEIGHT_INDUSTRY = 2.0
WEIGHT_SAME_SIZE = 1.0
WEIGHT_NEAR_SIZE = 0.5


def _model(content: Any) -> Story:
    model: Story = content.model
    return model


def score(a: Story, b: Story) -> float:
    """How related b is to a; 0 means unrelated."""
    shared = len(set(a.features) & set(b.features))
    value = WEIGHT_FEATURE * shared
    if a.industry == b.industry:
        value += WEIGHT_INDUSTRY
    if value == 0:
        return 0.0
    if a.company_size and b.company_size:
        distance = abs(COMPANY_SIZES.index(a.company_size) - COMPANY_SIZES.index(b.company_size))
        value += WEIGHT_SAME_SIZE if distance == 0 else WEIGHT_NEAR_SIZE if distance == 1 else 0
    return value


@dataclass
class RelatedIndex:
    """Buckets of stories (newest first) by industry, feature, and both."""

    buckets: dict[Hashable, list[Any]]
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
        return cls(dict(buckets))

    def candidates(self, content: Any) -> list[Any]:
        model = _model(content)
        keys: list[Hashable] = [("pair", f, model.industry) for f in model.features]
        keys += [("feature", f) for f in model.features] + [("industry", model.industry)]
        seen: dict[int, Any] = {}
        for key in keys:
            for other in self.buckets.get(key, [])[: CANDIDATES_PER_BUCKET + 1]:
                if other is not content:
                    seen.setdefault(id(other), other)
        return list(seen.values())

    def related(self, content: Any, count: int) -> list[Any]:
        """The ``count`` best-ranked stories for ``content``; ties go to the newer story."""
        model = _model(content)
        ranked = []
        for other in self.candidates(content):
            self.comparisons += 1
            value = score(model, _model(other))
            if value > 0:
                newer = (_model(other).date or dt.date.min).toordinal()
                ranked.append((-value, -newer, other.slug, other))
        ranked.sort(key=lambda entry: entry[:3])
        return [entry[3] for entry in ranked[:count]]


def attach_related(stories_by_lang: dict[str, list[Any]], count: int) -> None:
    """Set ``content.related`` on every published story and interview, per language."""
    for stories in stories_by_lang.values():
        index = RelatedIndex.build(stories)
        for content in stories:
            content.related = index.related(content, count)
