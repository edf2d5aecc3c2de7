"""Search bundles that reuse the last bundle's fragments, never a wrong one, and come
out byte for byte the same for the same pages (real Pagefind binaries)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from casebook.search.feeder import LanguageIndexes
from casebook.search.pagefind_files import fragment_names, read_data
from casebook.search.publish import PAGEFIND_VERSION
from casebook.search.seeds import MANIFEST, Seeds

FEATURES = ["Approvals", "Dashboards", "Forms", "Scheduling", "Audit trail", "Mobile app"]


def page(n: int, words: str = "") -> str:
    """A story page with filters (whose order Pagefind does not keep) and a sort."""
    feature = FEATURES[n % len(FEATURES)]
    return ('<!DOCTYPE html><html lang="en"><head><title>Story</title></head><body>'
            f'<main data-pagefind-body><h1>Story {n}</h1><p>Customer {n} moved its '
            f'{feature.lower()} into one flow. {words}</p>'
            f'<span hidden data-pagefind-filter="feature">{feature}</span>'
            f'<span hidden data-pagefind-filter="industry">Industry {n % 4}</span>'
            f'<span hidden data-pagefind-sort="date">2026-01-{n % 28 + 1:02d}</span>'
            '</main></body></html>')


def index(pages: dict[str, str], bundle: Path, seeds: Seeds | None = None,
          aliases: list[list[str]] | None = None, inputs: str = "") -> LanguageIndexes:
    """The pages (url: HTML, in this order) indexed into ``bundle`` (``inputs``: the digest
    of the aliases and the rest, with which the last bundle's pages are patched)."""
    indexes = LanguageIndexes(aliases or [], bundle.parent / f"{bundle.name}-scratch",
                              seeds=seeds, pagefind_version=PAGEFIND_VERSION, inputs=inputs)
    try:
        for url, html in pages.items():
            indexes.add(url, url.strip("/") + "/index.html", html)
        indexes.write(bundle)
    finally:
        indexes.stop(kill=True)
    return indexes


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != MANIFEST}


def fragment_of(bundle: Path, url: str, urls: list[str]) -> dict[str, object]:
    name = fragment_names(bundle, "en")[urls.index(url)]
    fragment: dict[str, object] = read_data(bundle / "fragment" / f"{name}.pf_fragment")
    return fragment


def site(n: int, edited: int | None = None) -> dict[str, str]:
    return {f"/stories/{i}/": page(i, "It now ships zanzibarite." if i == edited else "")
            for i in range(n)}


def test_the_same_pages_give_the_same_bundle_byte_for_byte(tmp_path: Path) -> None:
    index(site(60), tmp_path / "one")
    index(site(60), tmp_path / "two")
    assert any(name.startswith("filter/") for name in files(tmp_path / "one"))
    assert files(tmp_path / "one") == files(tmp_path / "two")


def test_unchanged_pages_keep_the_last_bundles_fragments(tmp_path: Path) -> None:
    index(site(60), tmp_path / "last")
    seeds = Seeds.of(tmp_path / "last", PAGEFIND_VERSION)
    indexes = index(site(60, edited=7), tmp_path / "next", seeds)
    assert indexes.reused == 59
    last, after = tmp_path / "last" / "fragment", tmp_path / "next" / "fragment"
    same_file = {p.name for p in after.iterdir()
                 if (last / p.name).exists() and (last / p.name).samefile(p)}
    assert len(same_file) == 59  # linked, not written again
    urls = list(site(60))
    assert "zanzibarite" in str(fragment_of(tmp_path / "next", "/stories/7/", urls)["content"])
    # and the bundle is the one a build from nothing makes
    index(site(60, edited=7), tmp_path / "cold")
    assert files(tmp_path / "next") == files(tmp_path / "cold")


def test_a_fragment_planted_under_a_changed_pages_name_is_never_served_for_it(
        tmp_path: Path) -> None:
    """Pagefind names fragments by a short hash and skips a name that exists: a changed
    page whose new fragment shares a planted fragment's name would get another page's
    text. Forced here: the last bundle "had" page 3's text under the name page 7 gets."""
    urls = list(site(20))
    new = index(site(20, edited=7), tmp_path / "reference")
    names = fragment_names(tmp_path / "reference", "en")
    digest_3 = next(d for d, name in new.fragments["en"].items() if name == names[3])
    poisoned = tmp_path / "poisoned"
    (poisoned / "fragment").mkdir(parents=True)
    shutil.copyfile(tmp_path / "reference" / "fragment" / f"{names[3]}.pf_fragment",
                    poisoned / "fragment" / f"{names[7]}.pf_fragment")
    (poisoned / MANIFEST).write_text(json.dumps(
        {"pagefind": PAGEFIND_VERSION, "languages": {"en": {digest_3: names[7]}}}))

    indexes = index(site(20, edited=7), tmp_path / "next", Seeds.of(poisoned, PAGEFIND_VERSION))
    fragment = fragment_of(tmp_path / "next", "/stories/7/", urls)
    assert fragment["url"] == "/stories/7/" and "zanzibarite" in str(fragment["content"])
    assert fragment_of(tmp_path / "next", "/stories/3/", urls)["url"] == "/stories/3/"
    assert indexes.reused == 0
    assert files(tmp_path / "next") == files(tmp_path / "reference")


def test_fragments_of_another_pagefind_are_not_reused(tmp_path: Path) -> None:
    index(site(5), tmp_path / "last")
    assert Seeds.of(tmp_path / "last", PAGEFIND_VERSION).known["en"]
    assert Seeds.of(tmp_path / "last", "0.0.1").known == {}
    assert Seeds.of(tmp_path / "nowhere", PAGEFIND_VERSION).known == {}
