"""The coverage report: which industries and features have stories, and the UGC count.

Shared by ``casebook stats`` (text) and the /editorial/ page (HTML), so both
always tell the same story.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections import Counter
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from casebook.content.model import DEFAULT_STALE_MONTHS, Faq, Item, Story, Term
from casebook.content.site import Site
from casebook.outputs.i18n import plural

__all__ = ["DEFAULT_STALE_MONTHS", "Coverage", "coverage", "format_text", "month_chart_svg"]
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
    by_industry: Counter[str] = field(default_factory=Counter)  # stories, each once
    by_feature: Counter[str] = field(default_factory=Counter)  # stories that use it

    def count(self, industry: str, feature: str) -> int:
        return self.cells[(industry, feature)]

    def industry_total(self, industry: str) -> int:
        """Stories and interviews of the industry (a story with three features is one)."""
        return self.by_industry[industry]

    def feature_total(self, feature: str) -> int:
        return self.by_feature[feature]

    @property
    def stories(self) -> int:
        return self.totals["story"] + self.totals["interview"]

    def years(self) -> list[YearRow]:
        """The months by year: each month's count (None before the first publication and
        after this month), and the year's counts by kind."""
        rows: list[YearRow] = []
        for year in sorted({month[:4] for month in self.monthly}):
            months = [self.monthly.get(f"{year}-{m:02d}") for m in range(1, 13)]
            kinds: Counter[str] = Counter()
            for counts in months:
                kinds.update(counts or Counter())
            rows.append(YearRow(year, [None if c is None else sum(c.values()) for c in months],
                                kinds))
        return rows

    def month_totals(self) -> list[tuple[str, int]]:
        return [(month, sum(counts.values())) for month, counts in self.monthly.items()]


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


@dataclass(frozen=True)
class YearRow:
    year: str
    months: list[int | None]  # January to December; None: outside the report
    kinds: Counter[str]


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
            report.by_industry[item.industry] += 1
            for feature in item.features:
                report.cells[(item.industry, feature)] += 1
                report.by_feature[feature] += 1
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


SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[int]) -> str:
    """One character a value, the tallest for the largest; · for nothing."""
    top = max(values, default=0)
    if not top:
        return EMPTY_CELL * len(values)
    return "".join(SPARKS[min(len(SPARKS) - 1, (v * len(SPARKS) - 1) // top)] if v
                   else EMPTY_CELL for v in values)


def wrapped(name: str, width: int) -> list[str]:
    """A column header's name in lines of at most ``width`` characters (whole words)."""
    lines: list[str] = []
    for word in name.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def format_text(report: Coverage, lang: str = "en", width: int | None = None) -> str:
    """The report for a terminal ``width`` characters wide (the terminal's, by default):
    the matrix under the features' names (in as many blocks of columns as it takes),
    the gaps, the stories to refresh, and the months as one sparkline a year."""
    width = width or shutil.get_terminal_size(fallback=(100, 24)).columns
    lines = [f"Coverage on {report.today}: published stories and interviews by industry "
             f"and feature ({EMPTY_CELL} = none yet)", ""]
    lines += matrix_lines(report, lang, width)
    lines += ["", f"Empty cells: {len(report.empty_cells)} of "
              f"{len(report.industries) * len(report.features)}"]
    if report.industries_without_story:
        lines.append("Industries without a story: "
                     + ", ".join(i.name(lang) for i in report.industries_without_story))
    if report.features_without_story:
        lines.append("Features without a story: "
                     + ", ".join(f.name(lang) for f in report.features_without_story))
    lines += ["", f"Stories not updated for {report.stale_months} months or more:"]
    lines += [f"  {s.story.source}  ({s.age_months} months)" for s in report.stale] or ["  none"]
    lines += ["", "Published per month (the UGC count; one mark a month, "
              f"taller for more, {EMPTY_CELL} for none):"]
    lines += year_lines(report) or ["  nothing published yet"]
    lines += ["", f"Total: {published(report.totals)}"]
    return "\n".join(lines) + "\n"


KINDS = (("story", {"one": "{n} story", "other": "{n} stories"}),
         ("interview", {"one": "{n} interview", "other": "{n} interviews"}),
         ("faq", {"one": "{n} FAQ entry", "other": "{n} FAQ entries"}))


def published(counts: Counter[str]) -> str:
    """``3 stories, 1 interview, 2 FAQ entries`` (plural forms from CLDR)."""
    return ", ".join(plural(forms, counts[kind], "en") for kind, forms in KINDS)


def matrix_lines(report: Coverage, lang: str, width: int) -> list[str]:
    """Industries down, features across under their names (wrapped at spaces), each
    column as wide as its name needs; columns that do not fit go to the next block."""
    label = max([len(i.name(lang)) for i in report.industries] + [len("All industries")])
    columns: list[tuple[list[str], list[str]]] = []  # header lines, cells
    for feature in report.features:
        name = feature.name(lang)
        header = wrapped(name, max([len(word) for word in name.split()] + [5]))
        cells = [str(report.count(i.id, feature.id) or EMPTY_CELL) for i in report.industries]
        columns.append((header, cells + [str(report.feature_total(feature.id) or EMPTY_CELL)]))
    totals = [str(report.industry_total(i.id)) for i in report.industries] + [str(report.stories)]
    blocks: list[list[tuple[list[str], list[str]]]] = [[]]
    used = label + len("  stories")
    for column in columns:
        size = 2 + max(len(line) for line in column[0])
        if blocks[-1] and used + size > width:
            blocks.append([])
            used = label + len("  stories")
        blocks[-1].append(column)
        used += size
    lines: list[str] = []
    for block in blocks:
        sizes = [2 + max(len(line) for line in header) for header, _ in block]
        depth = max(len(header) for header, _ in block)
        for row in range(depth):
            heads = "".join(f"{(h[row] if row < len(h) else ''):>{size}}"
                            for (h, _), size in zip(block, sizes, strict=True))
            lines.append(" " * label + heads + ("  stories" if row == depth - 1 else ""))
        names = [i.name(lang) for i in report.industries] + ["All industries"]
        for n, name in enumerate(names):
            row_cells = "".join(f"{c[n]:>{size}}"
                                for (_, c), size in zip(block, sizes, strict=True))
            lines.append(f"{name:<{label}}{row_cells}  {totals[n]:>7}")
        lines.append("")
    return lines[:-1]


def year_lines(report: Coverage) -> list[str]:
    """One line a year: a mark a month from January (blank before the first publication
    and after this month), and what the year published."""
    totals = dict(report.month_totals())
    if not totals:
        return []
    marks = dict(zip(totals, sparkline(list(totals.values())), strict=True))
    lines = ["        J F M A M J J A S O N D"]
    for row in report.years():
        line = " ".join(marks.get(f"{row.year}-{m:02d}", " ") for m in range(1, 13))
        lines.append(f"  {row.year}  {line}   {published(row.kinds)}")
    return lines


def month_chart_svg(report: Coverage) -> Markup:
    """Publications per month as a bar chart (inline SVG: styled by the site's CSS, no
    script, no inline style): one bar a month, the year under its January, each bar
    titled with its month and count."""
    totals = report.month_totals()
    if not totals:
        return Markup("")
    bar, gap, height, axis = 14, 4, 120, 20
    top = max(n for _, n in totals) or 1
    width = len(totals) * (bar + gap)
    parts = [f'<svg class="month-chart" viewBox="0 0 {width} {height + axis}" '
             f'width="{width}" height="{height + axis}" role="img" '
             f'aria-labelledby="month-chart-title">',
             f'<title id="month-chart-title">Published per month, {escape(totals[0][0])} to '
             f'{escape(totals[-1][0])}: {sum(n for _, n in totals)} in all, at most {top} in '
             "a month</title>"]
    for n, (month, count) in enumerate(totals):
        x = n * (bar + gap)
        tall = round(count / top * (height - 4)) if count else 0
        parts.append(f'<rect class="month-bar" x="{x}" y="{height - tall}" width="{bar}" '
                     f'height="{tall or 1}"><title>{escape(month)}: {count} published'
                     "</title></rect>" if count else
                     f'<rect class="month-none" x="{x}" y="{height - 1}" width="{bar}" '
                     f'height="1"><title>{escape(month)}: nothing published</title></rect>')
        if month.endswith("-01") or n == 0:
            parts.append(f'<text class="month-year" x="{x}" y="{height + axis - 4}">'
                         f"{escape(month[:4])}</text>")
    parts.append("</svg>")
    return Markup("".join(parts))
