"""A language's search bundle made from the last one, for the pages that changed.

Pagefind has no incremental mode: a build used to index every page again, about
50 s of a one-story edit at 10,000 stories. When a language has the same pages,
in the same order, as in the last build and only some of them changed, the
feeder indexes those pages alone twice: their new versions (*fresh*) and their
last versions (*stale*, to know every word they held). ``patch_language`` then
makes the bundle Pagefind would write for all the pages out of the last one:

- each word a changed page held or holds loses that page's entries and gains
  its new ones (Pagefind stores a word's pages as number deltas, in order, and
  a word's places in meta fields after the field's number in the meta's list);
- the words are cut into chunks exactly as Pagefind cuts them (in byte order,
  a chunk ends once its pages' positions and entries add up to ``CHUNK_COST``)
  and a chunk is named as Pagefind names it (SHA-1 of its CBOR), so a chunk
  none of whose words changed keeps its file, and only the chunks around the
  changed words are read and written;
- the meta lists each changed page's new fragment, and the filters lose and
  gain the changed pages as the words do.

The result holds exactly the data of the bundle Pagefind writes for all the
pages, byte for byte (tests/unit/test_search_patch.py compares them file by file):
a re-made chunk is gzipped by the same Rust crate as Pagefind's (``gzipped``).
Where that cannot be promised (a page's sort value changed, a fragment name
would collide), ``patch_language`` raises ``Unpatchable`` and the feeder
indexes every page instead.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cbor2

from casebook.search.pagefind_files import (
    ENTRY,
    content_name,
    encoded,
    gzipped,
    meta_file,
    read_data,
)

CHUNK_COST = 20000  # Pagefind's chunk size: positions + entries of a chunk's pages
NAME_LENGTH = 7  # hex digits in the name of a chunk, fragment or filter
DATA_SUFFIXES = (".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter")

Entry = list[Any]  # [page number delta, positions, meta positions]
Word = list[Any]  # [word, entries, extras]; an extra is [word, entries]
Page = tuple[int, list[Any], list[Any]]  # (page number, positions, meta positions)


class Unpatchable(Exception):
    """The bundle cannot be patched into exactly Pagefind's own; index every page."""


@dataclass
class Patch:
    """The changed pages: their numbers (in the order they were indexed alone), their
    words as the whole bundle has them, and the words whose entries for them changed
    (a word a page holds exactly as before keeps the last bundle's entry)."""

    positions: list[int]
    words: dict[str, tuple[list[Page], dict[str, list[Page]]]] = field(default_factory=dict)
    touched: set[str] = field(default_factory=set)

    @property
    def removed(self) -> set[int]:
        return set(self.positions)


def patch_language(lang: str, last: Path, fresh: Path, stale: Path, positions: list[int],
                   part: Path) -> None:
    """Write into ``part`` the bundle of ``last`` with the pages numbered ``positions``
    replaced by the pages of ``fresh`` (indexed alone, in that order); ``stale`` is
    those pages' last versions indexed alone."""
    last_meta, fresh_meta, stale_meta = (read_data(meta_file(f, lang))
                                         for f in (last, fresh, stale))
    check_patchable(lang, last_meta, fresh_meta, stale_meta, positions)
    fields = last_meta[5]
    now = words_of(fresh, fresh_meta, positions, fields)
    before = words_of(stale, stale_meta, positions, fields)
    patch = Patch(positions, now, {word for word in now.keys() | before.keys()
                                   if now.get(word) != before.get(word)})
    shutil.rmtree(part, ignore_errors=True)
    part.mkdir(parents=True)
    for folder in ("index", "fragment", "filter"):
        (part / folder).mkdir()
    meta = list(last_meta)
    meta[1] = pages_patched(last_meta[1], fresh_meta[1], positions)
    meta[2] = Chunker(lang, last, last_meta[2], patch, part).chunks()
    meta[3] = filters_patched(lang, last, last_meta[3], fresh, fresh_meta[3], patch, part)
    place_fragments(last, fresh, meta[1], part)
    write_part_files(lang, fresh, meta, part)


def check_patchable(lang: str, last_meta: list[Any], fresh_meta: list[Any],
                    stale_meta: list[Any], positions: list[int]) -> None:
    if not (last_meta[0] == fresh_meta[0] == stale_meta[0]):
        raise Unpatchable("the bundles were written by different Pagefind versions")
    if not last_meta[2]:
        raise Unpatchable("the last bundle has no words")
    if len(fresh_meta[1]) != len(positions) or len(stale_meta[1]) != len(positions):
        raise Unpatchable("the changed pages were not all indexed")
    if not set(stale_meta[5]) <= set(fresh_meta[5]) <= set(last_meta[5]):
        raise Unpatchable("a changed page gained or lost a meta field")
    if [s[0] for s in fresh_meta[4]] != [s[0] for s in stale_meta[4]]:
        raise Unpatchable("a changed page gained or lost a sort")
    short = len(lang) + 1 + NAME_LENGTH
    changed = set(positions)
    kept = {page[0][:short] for n, page in enumerate(last_meta[1]) if n not in changed}
    if any(len(last_meta[1][n][0]) != short or last_meta[1][n][0] in kept for n in changed):
        raise Unpatchable("a changed page's last fragment shared its name's start with another")
    if any(len(page[0]) != short or page[0] in kept for page in fresh_meta[1]) or len(
            {page[0] for page in fresh_meta[1]}) != len(positions):
        raise Unpatchable("a changed page's fragment name starts as another page's does")


def words_of(bundle: Path, meta: list[Any], positions: list[int], fields: list[str]
             ) -> dict[str, tuple[list[Page], dict[str, list[Page]]]]:
    """Every word of a bundle of only the changed pages, as the whole bundle has it:
    each page by its number there, each meta field by its place in ``fields``."""
    marker = {-n - 1: -fields.index(field) - 1 for n, field in enumerate(meta[5])}

    def renumbered(entries: list[Entry]) -> list[Page]:
        return [(positions[n], locs, [marker.get(loc, loc) for loc in meta_locs])
                for n, locs, meta_locs in pages_of(entries)]

    return {word[0]: (renumbered(word[1]), {extra[0]: renumbered(extra[1])
                                             for extra in word[2]})
            for _, _, name in meta[2] for word in read_chunk(bundle, name)}


def read_chunk(bundle: Path, name: str) -> list[Word]:
    words: list[Word] = read_data(bundle / "index" / f"{name}.pf_index")[0]
    return words


def pages_of(entries: list[Entry]) -> list[Page]:
    """Pagefind's entries (page numbers as deltas) with absolute page numbers."""
    found, number = [], 0
    for delta, locs, meta_locs in entries:
        number += delta
        found.append((number, locs, meta_locs))
    return found


def entries_of(pages: list[Page]) -> list[Entry]:
    entries, previous = [], 0
    for number, locs, meta_locs in sorted(pages, key=lambda page: page[0]):
        entries.append([number - previous, locs, meta_locs])
        previous = number
    return entries


def merged(entries: list[Entry], removed: set[int], added: list[Page]) -> list[Page]:
    return [page for page in pages_of(entries) if page[0] not in removed] + added


def word_patched(word: str, old: Word | None, patch: Patch) -> Word | None:
    """A word's entry with the changed pages' entries replaced (None: no page left)."""
    added, added_extras = patch.words.get(word, ([], {}))
    pages = merged(old[1] if old else [], patch.removed, added)
    extras: dict[str, list[Page]] = {}
    for extra_word, entries in (old[2] if old else []):
        extras[extra_word] = merged(entries, patch.removed, [])
    for extra_word, extra_pages in added_extras.items():
        extras[extra_word] = extras.get(extra_word, []) + extra_pages
    kept_extras = {w: p for w, p in extras.items() if p}
    if not pages and not kept_extras:
        return None
    return [word, entries_of(pages), extras_in_order(word, kept_extras)]


def extras_in_order(word: str, extras: dict[str, list[Page]]) -> list[Any]:
    """Pagefind lists a word's extras in the order pages brought them: by first page."""
    firsts = {extra: min(page[0] for page in pages) for extra, pages in extras.items()}
    if len(set(firsts.values())) != len(firsts):
        raise Unpatchable(f"two extras of '{word}' first appear on the same page")
    return [[extra, entries_of(extras[extra])] for extra in sorted(extras, key=firsts.__getitem__)]


def chunk_cost(word: Word) -> int:
    return sum(len(locs) + len(meta_locs) + 1 for _, locs, meta_locs in word[1])


def pagefind_name(lang: str, data: bytes) -> str:
    """Pagefind's name for a file: SHA-1, each byte in hex without padding."""
    return f"{lang}_" + "".join(format(byte, "x") for byte in hashlib.sha1(data).digest())[
        :NAME_LENGTH]


def prefix(word: str, other: str | None) -> str:
    """The shortest start of ``word`` that is not the start of ``other`` (the whole
    word at either end of the index)."""
    if other is None:
        return word
    for length in range(1, len(word) + 1):
        if word[:length] != other[:length]:
            return word[:length]
    return word


@dataclass
class Made:
    words: list[Word]


@dataclass
class Kept:
    number: int  # in the last bundle


class Chunker:
    """The last bundle's chunks, re-cut where words changed.

    The chunks are walked in order; one is re-read only when a changed word falls
    in its range or the cut before it moved. Where a re-cut chunk ends exactly
    where a last chunk ended, cutting is back in step and unchanged chunks are
    kept as they are."""

    def __init__(self, lang: str, last: Path, ranges: list[list[str]], patch: Patch,
                 part: Path) -> None:
        self.lang, self.last, self.ranges, self.patch, self.part = lang, last, ranges, patch, part
        self.decoded: dict[int, list[Word]] = {}

    def chunks(self) -> list[list[str]]:
        """The meta's chunk list: ``[from, to, name]``, each bound the shortest start of
        the chunk's first (last) word that the word before (after) it does not share."""
        cut = self.cut()
        bounds = [self.boundary(cut[n - 1] if n else None, cut[n] if n < len(cut) else None)
                  for n in range(len(cut) + 1)]
        return [[bounds[n][1], bounds[n + 1][0], self.placed(chunk)]
                for n, chunk in enumerate(cut)]

    def boundary(self, before: Made | Kept | None, after: Made | Kept | None
                 ) -> tuple[str, str]:
        """The ``to`` of the chunk before a boundary and the ``from`` of the one after
        it: the last bundle's where the same words meet there, else worked out."""
        old = self.old_boundary(before, after)
        if old is not None:
            return (self.ranges[old - 1][1] if old else "",
                    self.ranges[old][0] if old < len(self.ranges) else "")
        last = self.edges(before)[1] if before else None
        first = self.edges(after)[0] if after else None
        return (prefix(last, first) if last is not None else "",
                prefix(first, last) if first is not None else "")

    def old_boundary(self, before: Made | Kept | None, after: Made | Kept | None
                     ) -> int | None:
        """The last bundle's boundary (before its chunk ``k``) with the same words on
        either side, if one is known without reading another chunk."""
        if isinstance(after, Kept):
            k = after.number
            if before is None and k == 0 or isinstance(before, Kept) and before.number == k - 1:
                return k
            if isinstance(before, Made) and self.old_last(k - 1) == before.words[-1][0]:
                return k
        elif isinstance(before, Kept):
            k = before.number + 1
            if after is None and k == len(self.ranges):
                return k
            if isinstance(after, Made) and self.old_first(k) == after.words[0][0]:
                return k
        elif before is None and isinstance(after, Made) and self.old_first(0) == (
                after.words[0][0]):
            return 0
        elif after is None and isinstance(before, Made) and self.old_last(
                len(self.ranges) - 1) == before.words[-1][0]:
            return len(self.ranges)
        return None

    def old_first(self, number: int) -> str | None:
        words = self.decoded.get(number)
        return words[0][0] if words else None

    def old_last(self, number: int) -> str | None:
        words = self.decoded.get(number)
        return words[-1][0] if words else None

    def cut(self) -> list[Made | Kept]:
        by_chunk = self.touched_by_chunk()
        cut: list[Made | Kept] = []
        pending: list[Word] = []
        cost = 0
        for number in range(len(self.ranges)):
            if not pending and number not in by_chunk:
                cut.append(Kept(number))
                continue
            for word in self.patched_words(number, by_chunk.get(number, set())):
                pending.append(word)
                cost += chunk_cost(word)
                if cost >= CHUNK_COST:
                    cut.append(Made(pending))
                    pending, cost = [], 0
        if pending:
            cut.append(Made(pending))
        return cut

    def touched_by_chunk(self) -> dict[int, set[str]]:
        """Each changed word under the last chunk whose range it falls in (a chunk
        holds the words from its ``from`` up to the next chunk's)."""
        starts = [r[0].encode() for r in self.ranges]
        found: dict[int, set[str]] = {}
        for word in self.patch.touched:
            number = max(bisect.bisect_right(starts, word.encode()) - 1, 0)
            found.setdefault(number, set()).add(word)
        return found

    def patched_words(self, number: int, touched: set[str]) -> list[Word]:
        old = {word[0]: word for word in self.words(number)}
        words = []
        for word in sorted(set(old) | touched, key=str.encode):
            patched = (word_patched(word, old.get(word), self.patch) if word in touched
                       else old[word])
            if patched is not None:
                words.append(patched)
        return words

    def words(self, number: int) -> list[Word]:
        if number not in self.decoded:
            self.decoded[number] = read_chunk(self.last, self.ranges[number][2])
        return self.decoded[number]

    def edges(self, chunk: Made | Kept) -> tuple[str, str]:
        words = chunk.words if isinstance(chunk, Made) else self.words(chunk.number)
        return words[0][0], words[-1][0]

    def placed(self, chunk: Made | Kept) -> str:
        """The chunk's file in the new part, linked from the last bundle when kept."""
        if isinstance(chunk, Kept):
            name = self.ranges[chunk.number][2]
            link(self.last / "index" / f"{name}.pf_index", self.part / "index" / f"{name}.pf_index")
            return name
        data = cbor2.dumps([chunk.words])
        name = pagefind_name(self.lang, data)
        target = self.part / "index" / f"{name}.pf_index"
        if target.exists():
            raise Unpatchable(f"two index chunks would be named {name}")
        target.write_bytes(gzipped(data))
        return name


def pages_patched(last_pages: list[Any], fresh_pages: list[Any], positions: list[int]
                  ) -> list[Any]:
    pages = list(last_pages)
    for position, page in zip(positions, fresh_pages, strict=True):
        pages[position] = page
    return pages


def filters_patched(lang: str, last: Path, last_filters: list[Any], fresh: Path,
                    fresh_filters: list[Any], patch: Patch, part: Path) -> list[Any]:
    """Each filter's values with the changed pages taken out and put back as they are
    now; written into ``part`` (named by content: the feeder sorts and renames them)."""
    values: dict[str, dict[str, list[int]]] = {}
    for name, file_name in last_filters:
        _, pairs = read_data(last / "filter" / f"{file_name}.pf_filter")
        values[name] = {value: [p for p in pages if p not in patch.removed]
                        for value, pages in pairs}
    for name, file_name in fresh_filters:
        _, pairs = read_data(fresh / "filter" / f"{file_name}.pf_filter")
        for value, pages in pairs:
            values.setdefault(name, {}).setdefault(value, []).extend(
                patch.positions[p] for p in pages)
    found = []
    for name in sorted(values):
        pairs = [[value, sorted(pages)] for value, pages in values[name].items() if pages]
        if not pairs:
            continue
        data = encoded([name, pairs])
        file_name = content_name(lang, data, NAME_LENGTH)
        (part / "filter" / f"{file_name}.pf_filter").write_bytes(data)
        found.append([name, file_name])
    return found


def place_fragments(last: Path, fresh: Path, pages: list[Any], part: Path) -> None:
    for name, _ in pages:
        source = fresh / "fragment" / f"{name}.pf_fragment"
        if not source.exists():
            source = last / "fragment" / f"{name}.pf_fragment"
        link(source, part / "fragment" / f"{name}.pf_fragment")


def write_part_files(lang: str, fresh: Path, meta: list[Any], part: Path) -> None:
    """The meta file, the entry and Pagefind's scripts and wasm (from the fresh part)."""
    for path in fresh.iterdir():
        if path.is_file() and path.suffix not in DATA_SUFFIXES and path.name != ENTRY:
            link(path, part / path.name)
    data = encoded(meta)
    meta_name = content_name(lang, data, 10)
    (part / f"pagefind.{meta_name}.pf_meta").write_bytes(data)
    entry = json.loads((fresh / ENTRY).read_text(encoding="utf-8"))
    entry["languages"][lang].update(hash=meta_name, page_count=len(meta[1]))
    (part / ENTRY).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                              encoding="utf-8")


def link(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


SORT_MARK = re.compile(r"<[^>]*\bdata-pagefind-sort\b[^>]*>[^<]*")


def sort_marks(page_html: str) -> list[str]:
    """What Pagefind sorts a page by (its sort attributes and the text they mark)."""
    return SORT_MARK.findall(page_html)


def copy_language(last: Path, lang: str, part: Path) -> None:
    """A language none of whose pages changed: the last bundle's files of it."""
    meta_path = meta_file(last, lang)
    meta = read_data(meta_path)
    shutil.rmtree(part, ignore_errors=True)
    for folder in ("index", "fragment", "filter"):
        (part / folder).mkdir(parents=True)
    link(meta_path, part / meta_path.name)
    files = [f"index/{name}.pf_index" for _, _, name in meta[2]]
    files += [f"filter/{name}.pf_filter" for _, name in meta[3]]
    files += [f"fragment/{page[0]}.pf_fragment" for page in meta[1]]
    files += [path.name for path in last.iterdir()
              if path.is_file() and path.suffix not in DATA_SUFFIXES and not
              path.name.startswith(".") and path.name != ENTRY]
    for name in files:
        link(last / name, part / name)
    entry = json.loads((last / ENTRY).read_text(encoding="utf-8"))
    entry["languages"] = {lang: entry["languages"][lang]}
    (part / ENTRY).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                              encoding="utf-8")
