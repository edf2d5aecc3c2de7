"""The feeder gives Pagefind only the pages that changed and patches the last bundle,
or indexes every page again where a patch could not be exact; either way the bundle
holds what a build from nothing makes (real Pagefind binaries)."""

from __future__ import annotations

from pathlib import Path

from casebook.search.feeder import LanguageIndexes
from casebook.search.publish import PAGEFIND_VERSION
from casebook.search.seeds import MANIFEST, PACK, Seeds, inputs_digest

from .test_search_seeds import index as indexed

FEATURES = ["Approvals", "Dashboards", "Forms", "Scheduling", "Audit trail", "Mobile app"]
ALIASES = [["invoice", "bill"]]


def page(n: int, words: str = "", day: int | None = None, lang: str = "en") -> str:
    feature = FEATURES[n % len(FEATURES)]
    day = n % 28 + 1 if day is None else day
    return (f'<!DOCTYPE html><html lang="{lang}"><head><title>Story {n}</title></head><body>'
            f'<main data-pagefind-body><h1>Story {n}</h1><p>Customer {n} moved its '
            f'{feature.lower()} and every invoice into one flow. {words}</p>'
            f'<span hidden data-pagefind-filter="feature">{feature}</span>'
            f'<span hidden data-pagefind-sort="date">2026-01-{day:02d}</span>'
            '</main></body></html>')


def site(n: int, **edits: str) -> dict[str, str]:
    pages = {f"/stories/{i}/": page(i) for i in range(n)}
    pages["/ja/stories/0/"] = page(0, lang="ja")
    return {**pages, **edits}


def index(pages: dict[str, str], bundle: Path, last: Path | None = None,
          aliases: list[list[str]] = ALIASES) -> LanguageIndexes:
    """The pages (url: HTML, in this order) indexed into ``bundle``, the bundle in
    ``last`` (if any) being the last build's."""
    inputs = inputs_digest(aliases, {}, PAGEFIND_VERSION)
    return indexed(pages, bundle, Seeds.of(last, PAGEFIND_VERSION, inputs), aliases, inputs)


def data(folder: Path) -> dict[str, bytes]:
    """What a visitor's browser gets: every published file's bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name not in (MANIFEST, PACK)}


def test_one_page_edited_is_the_only_page_pagefind_gets(tmp_path: Path) -> None:
    index(site(300), tmp_path / "last")
    edited = site(300, **{"/stories/150/": page(150, "It now ships zanzibarite.")})
    indexes = index(edited, tmp_path / "next", tmp_path / "last")
    assert indexes.patched == {"en": 1, "ja": 0} and indexes.unpatched == {}
    index(edited, tmp_path / "cold")
    assert data(tmp_path / "next") == data(tmp_path / "cold")
    # and the patched bundle is a good last bundle for the next edit
    again = {**edited, "/stories/20/": page(20, "Bills are approved on the road.")}
    assert index(again, tmp_path / "third", tmp_path / "next").patched == {"en": 1, "ja": 0}
    index(again, tmp_path / "cold-again")
    assert data(tmp_path / "third") == data(tmp_path / "cold-again")


def test_what_a_patch_cannot_do_exactly_is_indexed_again(tmp_path: Path) -> None:
    index(site(60), tmp_path / "last")
    cases = {
        "sort": site(60, **{"/stories/7/": page(7, day=28 if 7 % 28 + 1 != 28 else 1)}),
        "added": {**site(60), "/stories/new/": page(99)},
        "removed": {url: html for url, html in site(60).items() if url != "/stories/3/"},
    }
    for name, pages in cases.items():
        indexes = index(pages, tmp_path / name, tmp_path / "last")
        assert "en" in indexes.unpatched, name
        index(pages, tmp_path / f"{name}-cold")
        assert data(tmp_path / name) == data(tmp_path / f"{name}-cold"), name


def test_new_aliases_index_every_page_again(tmp_path: Path) -> None:
    index(site(40), tmp_path / "last")
    indexes = index(site(40), tmp_path / "next", tmp_path / "last",
                    aliases=[["invoice", "bill", "receipt"]])
    assert indexes.patched == {} and indexes.unpatched == {}  # no last pages to patch
    index(site(40), tmp_path / "cold", aliases=[["invoice", "bill", "receipt"]])
    assert data(tmp_path / "next") == data(tmp_path / "cold")
