"""The coverage report: which industries and features have stories, and the UGC count.

Shared by ``casebook stats`` (text) and the /editorial/ page (HTML), so both
always tell the same story.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from casebook.content.model import DEFAULT_STALE_MONTHS, Faq, Item, Story, Term
from casebook.content.site import Site

__all__ = ["DEFAULT_STALE_MONTHS", "Coverage", "coverage", "format_text"]
EMPTY_CELL = "·"


@dataclass(frozen=True)
class StaleStory:
    story: Story
    age_months: int


@dataclass
class Coverage:
    today: dt.date
    stale_months: int
    industries: list[Term]
    features: list[Term]
    cells: Counter[tuple[str, str]] = field(default_factory=Counter)
    stale: list[StaleStory] = field(default_factory=list)
    monthly: dict[str, Counter[str]] = field(default_factory=dict)
    totals: Counter[str] = field(default_factory=Counter)

    def count(self, industry: str, feature: str) -> int:
        return self.cells[(industry, feature)]

    def industry_total(self, industry: str) -> int:
        return sum(n for (i, _), n in self.cells.items() if i == industry)

    def feature_total(self, feature: str) -> int:
        return sum(n for (_, f), n in self.cells.items() if f == feature)

    @property
    def empty_cells(self) -> list[tuple[str, str]]:
        return [(i.id, f.id) for i in self.industries for f in self.features
                if not self.count(i.id, f.id)]

    @property
    def industries_without_story(self) -> list[Term]:
        return [i for i in self.industries if not self.industry_total(i.id)]

    @property
    def features_without_story(self) -> list[Term]:
        return [f for f in self.features if not self.feature_total(f.id)]


def one_per_translation(items: list[Item], default_lang: str) -> list[Item]:
    """A story told in two languages is one customer voice: keep one version of each."""
    chosen: dict[str, Item] = {}
    for item in sorted(items, key=lambda i: (i.lang != default_lang, i.source)):
        chosen.setdefault(item.translation_key or item.source, item)
    return list(chosen.values())


def coverage(site: Site, stale_months: int = DEFAULT_STALE_MONTHS) -> Coverage:
    today = site.settings.today
    vocab = site.vocabularies
    report = Coverage(today, stale_months, list(vocab.industries.values()),
                      list(vocab.features.values()))
    published = one_per_translation(site.public_items(), site.settings.default_lang)
    monthly: dict[str, Counter[str]] = {}
    for item in sorted(published, key=lambda i: (i.date or dt.date.min, i.source)):
        if isinstance(item, Story):
            for feature in item.features:
                report.cells[(item.industry, feature)] += 1
            age = item.months_unchanged(today)
            if age is not None and age >= stale_months:
                report.stale.append(StaleStory(item, age))
        if isinstance(item, Story | Faq):
            report.totals[item.kind] += 1
            if item.date:
                monthly.setdefault(item.date.strftime("%Y-%m"), Counter())[item.kind] += 1
    report.monthly = every_month(monthly, today)
    return report


def every_month(counts: dict[str, Counter[str]], today: dt.date) -> dict[str, Counter[str]]:
    """Counts for every month from the first publication to this month: gaps show as 0."""
    if not counts:
        return {}
    year, month = map(int, min(counts).split("-"))
    filled: dict[str, Counter[str]] = {}
    while (year, month) <= (today.year, today.month):
        key = f"{year:04d}-{month:02d}"
        filled[key] = counts.get(key, Counter())
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return filled


def format_text(report: Coverage) -> str:
    """The report for a terminal: matrix with numbered feature columns, then lists."""
    lines = [f"Coverage on {report.today}: published stories and interviews by industry "
             f"and feature ({EMPTY_CELL} = none yet)", ""]
    width = max([len(i.id) for i in report.industries] + [8])
    numbers = range(1, len(report.features) + 1)
    header = " " * width + "".join(f"{'F' + str(n):>5}" for n in numbers)
    lines += [header + "  total"]
    for industry in report.industries:
        cells = "".join(f"{report.count(industry.id, f.id) or EMPTY_CELL:>5}"
                        for f in report.features)
        lines.append(f"{industry.id:<{width}}{cells}  {report.industry_total(industry.id):>5}")
    lines.append("")
    lines += [f"  F{n} = {feature.id}" for n, feature in enumerate(report.features, 1)]
    lines += ["", f"Empty cells: {len(report.empty_cells)} of "
              f"{len(report.industries) * len(report.features)}"]
    if report.industries_without_story:
        lines.append("Industries without a story: "
                     + ", ".join(i.id for i in report.industries_without_story))
    if report.features_without_story:
        lines.append("Features without a story: "
                     + ", ".join(f.id for f in report.features_without_story))
    lines += ["", f"Stories not updated for {report.stale_months} months or more:"]
    lines += [f"  {s.story.source}  ({s.age_months} months)" for s in report.stale] or ["  none"]
    lines += ["", "Published per month (the UGC count):", "  month    stories interviews  FAQ"]
    for month, counts in report.monthly.items():
        lines.append(f"  {month}  {counts['story']:>7} {counts['interview']:>10} "
                     f"{counts['faq']:>4}")
    lines += ["", f"Total: {report.totals['story']} stories, {report.totals['interview']} "
              f"interviews, {report.totals['faq']} FAQ entries"]
    return "\n".join(lines) + "\n"
