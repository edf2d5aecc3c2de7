"""The same stories as a stock Pelican project, built by Pelican and indexed by Pagefind's CLI.

Each story becomes a Markdown file with Pelican's own metadata header: its
industry is the category and its features are the tags (by their English
names), interviews are ordinary articles, the body is the same. The settings
are what ``pelican-quickstart`` writes (default theme, ten articles a page,
no plugins) with Pelican's default feeds left on. Pelican's content cache is
off for a cold build and on for warm ones; Pagefind has no incremental mode,
so every stock build ends with the CLI indexing the whole output again.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pagefind_bin_extended
import yaml

from bench.aside import set_aside
from bench.corpus import story_files, story_slug
from bench.processes import ProcessRun, run_timed
from casebook.content.vocab import load_vocabularies

YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

SETTINGS = '''\
AUTHOR = "Relaypoint Customer Success"
SITENAME = "Relaypoint Customer Stories"
SITEURL = ""

PATH = "content"

TIMEZONE = "Asia/Tokyo"

DEFAULT_LANG = "en"

# Feeds: Pelican's defaults (all, per category, per language, per author).

# Blogroll
LINKS = [
    ("Pelican", "https://getpelican.com/"),
    ("Python.org", "https://www.python.org/"),
    ("Jinja2", "https://palletsprojects.com/p/jinja/"),
    ("You can modify those links in your config file", "#"),
]

# Social widget
SOCIAL = [
    ("You can add links in your config file", "#"),
    ("Another social link", "#"),
]

DEFAULT_PAGINATION = 10

# Uncomment following line if you want document-relative URLs when developing
# RELATIVE_URLS = True
'''
CACHE_OFF = ["-e", "CACHE_CONTENT=false", "LOAD_CONTENT_CACHE=false"]
CACHE_ON = ["-e", "CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true"]


@dataclass
class StockBuild:
    pelican: ProcessRun
    pagefind: ProcessRun | None  # None for the run that only primes Pelican's cache
    seconds: float = field(init=False)

    def __post_init__(self) -> None:
        self.seconds = self.pelican.seconds + (self.pagefind.seconds if self.pagefind else 0.0)


def split_story(text: str) -> tuple[dict[str, Any], str]:
    """Front matter (parsed) and body of a corpus story."""
    _, front, body = text.split("---\n", 2)
    metadata: dict[str, Any] = yaml.load(front, Loader=YAML_LOADER)
    return metadata, body.lstrip("\n")


def pelican_markdown(text: str, slug: str, labels: dict[str, dict[str, str]]) -> str:
    """A corpus story as a Pelican Markdown file with Pelican's metadata header."""
    meta, body = split_story(text)
    header = [
        f"Title: {meta['title']}",
        f"Date: {meta['date']}",
        f"Slug: {slug}",
        f"Lang: {meta.get('lang', 'en')}",
        f"Category: {labels['industries'][meta['industry']]}",
        f"Tags: {', '.join(labels['features'][feature] for feature in meta['features'])}",
        f"Summary: {meta['summary']}",
    ]
    return "\n".join(header) + "\n\n" + body


def english_labels(corpus: Path) -> dict[str, dict[str, str]]:
    """{"features": {id: English name}, "industries": {...}} from the corpus's vocabularies."""
    vocabularies, _ = load_vocabularies(corpus / "content" / "taxonomies", "taxonomies")
    return {
        "features": {term.id: term.name("en") for term in vocabularies.features.values()},
        "industries": {term.id: term.name("en") for term in vocabularies.industries.values()},
    }


def write_stock_project(corpus: Path, root: Path) -> Path:
    """Write the corpus's stories as a stock Pelican project in ``root`` (replaced)."""
    set_aside(root, root.parent)  # not deleted: see bench.aside
    content = root / "content"
    content.mkdir(parents=True)
    labels = english_labels(corpus)
    for source in story_files(corpus):
        slug = story_slug(source)
        text = pelican_markdown(source.read_text(encoding="utf-8"), slug, labels)
        (content / f"{slug}.md").write_text(text, encoding="utf-8")
    (root / "pelicanconf.py").write_text(SETTINGS, encoding="utf-8")
    return root


def stock_story(root: Path, slug: str) -> Path:
    return root / "content" / f"{slug}.md"


def stock_page(root: Path, slug: str) -> Path:
    """Where stock Pelican writes an article (ARTICLE_SAVE_AS = "{slug}.html")."""
    return root / "output" / f"{slug}.html"


def pagefind_executable() -> Path:
    """The real Pagefind binary (extended: it segments Japanese), not a Python wrapper."""
    executable: Path = pagefind_bin_extended.get_executable()
    return executable.resolve()


def forget_previous_builds(root: Path) -> None:
    """What a cold build must not find, moved aside (bench.aside)."""
    for name in ("output", "cache"):
        set_aside(root / name, root.parent)


def run_pelican(root: Path, log: Path, cache: bool) -> ProcessRun:
    command = [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py",
               "-o", "output", *(CACHE_ON if cache else CACHE_OFF)]
    return run_timed(command, root, log)


def run_pagefind(root: Path, log: Path) -> ProcessRun:
    return run_timed([str(pagefind_executable()), "--site", "output"], root, log)


def stock_build(root: Path, logs: Path, name: str, cold: bool = False,
                index: bool = True) -> StockBuild:
    """Pelican (content cache on unless ``cold``), then Pagefind over the output if ``index``.

    A cold build starts without Pelican's cache or output and leaves no cache.
    """
    if cold:
        forget_previous_builds(root)
    pelican = run_pelican(root, logs / f"{name}-pelican.log", cache=not cold)
    pagefind = run_pagefind(root, logs / f"{name}-pagefind.log") if index else None
    return StockBuild(pelican, pagefind)


def count_output(root: Path) -> dict[str, int]:
    """What stock Pelican and Pagefind wrote: HTML pages, and pages in Pagefind's index."""
    output = root / "output"
    entry = json.loads((output / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    languages = entry["languages"].values()
    return {
        "html_pages": sum(1 for _ in output.rglob("*.html")),
        "pagefind_languages": len(languages),
        "pagefind_pages": sum(int(language["page_count"]) for language in languages),
    }
