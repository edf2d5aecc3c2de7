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
which fragment each page input got; and, for patching the next bundle
(``casebook.search.patch``), each language's pages in order (URL, a digest of
the page as rendered, where its HTML as Pagefind was given it is in ``PACK``),
under a digest of everything else that decides what Pagefind is given
(``inputs``: the alias groups, the indexing code, Pagefind's version).
"""

from __future__ import annotations

import hashlib
import json
import os
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from casebook.search import index

MANIFEST = ".fragments.json"
PACK = ".pages.pack"  # each page's HTML as Pagefind was given it, compressed, one after another
INDEX_CODE = hashlib.sha256(Path(index.__file__).read_bytes()).hexdigest()


def inputs_digest(aliases: Any, guards: Any, pagefind_version: str) -> str:
    """What, besides a page's HTML, decides what Pagefind is given and makes of it."""
    return hashlib.sha256(json.dumps([aliases, sorted(guards.items()), pagefind_version,
                                      INDEX_CODE]).encode()).hexdigest()[:32]


def page_key(url: str, html_digest: str) -> str:
    """A page as rendered: its URL and the SHA-256 (hex) of its HTML."""
    return hashlib.sha256(f"{url}\n{html_digest}".encode()).hexdigest()[:32]


@dataclass(frozen=True)
class IndexedPage:
    """A page of a bundle: its URL, digests of its HTML as rendered (``key``) and as
    Pagefind was given it (``digest``), and where in the pack that HTML is."""

    url: str
    key: str
    digest: str
    stored: tuple[int, int]  # offset and length in the pack


class Pack:
    """The HTML each page was indexed from, kept with the bundle for the next build."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.file: BinaryIO = path.open("w+b")
        self.size = 0

    def add(self, given: str) -> tuple[int, int]:
        return self.add_stored(zlib.compress(given.encode(), 1))

    def add_stored(self, data: bytes) -> tuple[int, int]:
        self.file.write(data)
        self.size += len(data)
        return self.size - len(data), len(data)

    def read(self, stored: tuple[int, int]) -> str:
        self.file.flush()
        return zlib.decompress(read_stored(self.file, stored)).decode()

    def close(self) -> None:
        self.file.close()


def read_stored(pack: BinaryIO, stored: tuple[int, int]) -> bytes:
    """A page's HTML as a pack holds it (compressed), by its offset and length."""
    offset, length = stored
    return os.pread(pack.fileno(), length, offset)


@dataclass
class Seeds:
    """The fragments of a previous bundle, by page input (``{lang: {digest: name}}``)."""

    folder: Path | None = None
    known: dict[str, dict[str, str]] = field(default_factory=dict)
    # Each language's pages in order, when the bundle was indexed from the same inputs.
    pages: dict[str, list[IndexedPage]] = field(default_factory=dict)
    _pack: BinaryIO | None = field(default=None, repr=False)

    @classmethod
    def of(cls, folder: Path | None, pagefind_version: str, inputs: str = "") -> Seeds:
        """The seeds of the bundle in ``folder``, if it was made by this Pagefind; its
        pages too if it was indexed from the same ``inputs`` (``inputs_digest``)."""
        if folder is None:
            return cls()
        try:
            manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if manifest.get("pagefind") != pagefind_version:
            return cls()
        pages = {}
        if inputs and manifest.get("inputs") == inputs and (folder / PACK).exists():
            pages = {lang: [IndexedPage(url, key, digest, (offset, length))
                            for url, key, digest, offset, length in listed]
                     for lang, listed in manifest.get("pages", {}).items()}
        return cls(folder, manifest.get("languages", {}), pages)

    def given(self, page: IndexedPage, *, raw: bool = False) -> Any:
        """The HTML the last build gave Pagefind for ``page`` (compressed when ``raw``)."""
        assert self.folder is not None
        if self._pack is None:
            self._pack = (self.folder / PACK).open("rb")
        data = read_stored(self._pack, page.stored)
        return data if raw else zlib.decompress(data).decode()

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


def write_manifest(folder: Path, pagefind_version: str, languages: dict[str, dict[str, str]],
                   inputs: str = "", pages: dict[str, list[IndexedPage]] | None = None) -> None:
    listed = {lang: [[p.url, p.key, p.digest, *p.stored] for p in found]
              for lang, found in (pages or {}).items()}
    (folder / MANIFEST).write_text(json.dumps({"pagefind": pagefind_version,
                                               "languages": languages, "inputs": inputs,
                                               "pages": listed}), encoding="utf-8")
