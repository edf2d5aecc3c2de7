"""Fragments of the last bundle reused for the pages that did not change.

Pagefind does not write a fragment whose file already exists in the folder
it writes to, and compressing and writing the fragments (one per page) is a
quarter of writing a bundle. So before a language's bundle is written, the
last bundle's fragment of every page whose input is unchanged (the same URL
and the same HTML as Pagefind is given it, by SHA-256) is linked into the
folder: *planted*.

Pagefind names a fragment by a short hash of its content, lengthened only
where two pages of the same run would share one. A changed page could
therefore get the name of a planted fragment of another page, and Pagefind
would keep that page's text for it. ``misplaced`` rules it out by content:
after the write, every planted fragment must be pointed at by the very page
it was planted for, or the language's bundle is written again with nothing
planted.

A cached bundle carries ``MANIFEST``: the Pagefind version and, per language,
which fragment each page input got.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = ".fragments.json"


@dataclass
class Seeds:
    """The fragments of a previous bundle, by page input (``{lang: {digest: name}}``)."""

    folder: Path | None = None
    known: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def of(cls, folder: Path | None, pagefind_version: str) -> Seeds:
        """The seeds of the bundle in ``folder``, if it was made by this Pagefind."""
        if folder is None:
            return cls()
        try:
            manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if manifest.get("pagefind") != pagefind_version:
            return cls()
        return cls(folder, manifest.get("languages", {}))

    def plant(self, lang: str, pages: list[tuple[str, str]], part: Path) -> dict[str, str]:
        """Link the known fragment of each page (``(url, digest)``) into ``part``;
        returns what was planted: fragment name to the URL it belongs to."""
        known = self.known.get(lang, {})
        if self.folder is None or not known:
            return {}
        planted: dict[str, str] = {}
        (part / "fragment").mkdir(parents=True, exist_ok=True)
        for url, digest in pages:
            name = known.get(digest)
            if name is None or name in planted:
                continue
            source = self.folder / "fragment" / f"{name}.pf_fragment"
            try:
                os.link(source, part / "fragment" / f"{name}.pf_fragment")
            except OSError:  # gone from the cache, or another file system: written anew
                continue
            planted[name] = url
        return planted


def misplaced(planted: dict[str, str], names: list[str], urls: list[str]) -> list[str]:
    """The pages that point at a fragment planted for another page (``names``: each
    page's fragment in the written bundle, in the order of ``urls``)."""
    if len(names) != len(urls):
        return [f"the bundle lists {len(names)} pages, {len(urls)} were indexed"]
    return [f"{url} points at the fragment {name}, planted for {planted[name]}"
            for name, url in zip(names, urls, strict=True)
            if name in planted and planted[name] != url]


def remove_unused(planted: dict[str, str], names: list[str], part: Path) -> None:
    """Planted fragments no page points at (a page whose fragment got a longer name)."""
    for name in set(planted) - set(names):
        (part / "fragment" / f"{name}.pf_fragment").unlink(missing_ok=True)


def write_manifest(folder: Path, pagefind_version: str,
                   languages: dict[str, dict[str, str]]) -> None:
    (folder / MANIFEST).write_text(json.dumps({"pagefind": pagefind_version,
                                               "languages": languages}), encoding="utf-8")
