"""The search feeder: a process of its own between the build and Pagefind's binaries.

The build hands it each rendered page as bytes down a pipe and goes on
rendering. Here each page is prepared for the index (aliases added, stop
words left out), encoded for Pagefind's service protocol and passed to the
binary of its language. None of that work, nor the threads talking to the
binaries, competes with the build for its interpreter lock.

Each language's bundle is written with the last bundle's fragments of the
pages that did not change planted (``seeds``), checked, and with its filters
in a fixed order (``pagefind_files``): the same pages always give the same
bytes.

Frames on stdin (``frame`` makes them):
  ``A`` aliases, a scratch folder, the last bundle, Pagefind's version and the
      lead language (``LanguageIndexes``) as JSON, once, first;
  ``P`` one page: ``url\\tsave_as[\\tsha256 of its HTML]`` and its HTML;
  ``U`` a page the last bundle has as it is: ``url\\tsave_as\\tsha256 of its HTML``;
  ``C`` no more pages of this language: its binary starts writing at once;
  ``W`` write the bundle to the folder given, reply, exit;
  ``D`` (or end of input) discard the index and exit.
The reply to ``W`` is one JSON line on stdout: the bundle's stats, or an error.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import struct
import sys
import threading
from pathlib import Path
from typing import Any, BinaryIO

from casebook.search.bundle import merge_bundles, wait_until_written
from casebook.search.index import HTML_LANG, for_index
from casebook.search.pagefind_files import fragment_names, make_filters_deterministic
from casebook.search.patch import Unpatchable, copy_language, patch_language, sort_marks
from casebook.search.seeds import (
    PACK,
    IndexedPage,
    Pack,
    Seeds,
    inputs_digest,
    misplaced,
    page_key,
    remove_unused,
    write_manifest,
)
from casebook.search.service import CombinedPeak, PagefindError, PagefindIndex, memory_mb

HEADER = struct.Struct("!cII")  # kind, length of the head, length of the body


def frame(kind: bytes, head: bytes = b"", body: bytes = b"") -> bytes:
    return HEADER.pack(kind, len(head), len(body)) + head + body


def read_frame(stream: BinaryIO) -> tuple[bytes, bytes, bytes]:
    """The next frame; kind ``D`` when the build closed the pipe."""
    header = stream.read(HEADER.size)
    if len(header) < HEADER.size:
        return b"D", b"", b""
    kind, head_length, body_length = HEADER.unpack(header)
    head = stream.read(head_length)
    body = stream.read(body_length)
    return kind, head, body


class LanguageIndexes:
    """One Pagefind binary per language, started when its first page arrives.

    A language closed early (``close``) is written into the scratch folder
    while the build renders the rest, and its binary exits (freeing its
    memory) as soon as the bundle is on disk; ``write`` waits for the others
    and merges the bundles into one.

    The ``lead`` language (the site's own, written first and the largest) is
    the one whose bundle holds the most memory while it is written. The other
    languages' pages wait in the pack, without a binary, until that write is
    past its peak (``PeakWatch``): a binary that has indexed nothing yet holds
    nothing, and Japanese needs a dictionary of some 300 MB the moment its
    first page comes. They are indexed then, in the order they came, while the
    lead's binary writes its fragments on one core.

    With the last bundle's pages at hand (``seeds.pages``), a page rendered
    exactly as last time is not given to Pagefind at all: its binary gets only
    the pages that changed, and the language's bundle is the last one patched
    (``casebook.search.patch``), or, where a patch cannot be exact, every page
    indexed again from the HTML kept in the pack."""

    def __init__(self, aliases: list[list[str]], scratch: Path,
                 guards: dict[int, list[str]] | None = None, seeds: Seeds | None = None,
                 pagefind_version: str = "", inputs: str = "", lead: str = "") -> None:
        self.aliases = aliases
        self.lead = lead  # held back for: see the class
        self.guards = guards or {}  # alias groups that name an anonymous customer
        self.scratch = scratch
        self.seeds = seeds or Seeds()
        self.pagefind_version = pagefind_version
        self.inputs = inputs
        self.indexes: dict[str, PagefindIndex] = {}
        self.pages: dict[str, list[IndexedPage]] = {}  # by language, in the order added
        self.last_numbers: dict[str, dict[str, int]] = {  # key: number in the last bundle
            lang: {page.key: n for n, page in enumerate(pages)}
            for lang, pages in self.seeds.pages.items()}
        self.fragments: dict[str, dict[str, str]] = {}  # language: input digest to fragment
        self.closed: list[str] = []  # in the order closed
        self.releasing: dict[str, threading.Thread] = {}
        self.failures: dict[str, BaseException] = {}
        self.reused = 0  # fragments of the last bundle kept in this one
        self.patched: dict[str, int] = {}  # language: pages re-indexed into a patched bundle
        self.unpatched: dict[str, str] = {}  # language: why its bundle was not patched
        self.problems: list[str] = []
        # Pages of languages other than the lead, not yet given to a binary: where the
        # pack has each, its url and its file, in the order they came.
        self.held: dict[str, list[tuple[tuple[int, int], str, str]]] = {}
        self.held_lock = threading.Lock()
        self.draining: dict[str, threading.Thread] = {}  # giving a language's held pages
        self.lead_past_peak = threading.Event()
        self.memory = CombinedPeak()
        self.scratch.mkdir(parents=True, exist_ok=True)
        self.pack = Pack(self.scratch / PACK)

    def add(self, url: str, save_as: str, page_html: str, html_digest: str = "") -> None:
        """A page as rendered (``html_digest``: its SHA-256, when the build has it)."""
        lang = language_of(page_html)
        if lang in self.closed:
            self.problems.append(f"{url} was rendered after the '{lang}' search index was "
                                 "closed; the search plugin's generator order needs fixing")
            return
        key = page_key(url, html_digest or hashlib.sha256(page_html.encode()).hexdigest())
        last = self.unchanged(lang, key)
        if last is not None:
            self._keep(lang, url, last)
            return
        # In the order rendered: a binary numbers pages as they arrive, and the render
        # order is fixed for a given commit.
        given = for_index(page_html, self.aliases, self.guards)
        digest = hashlib.sha256(f"{url}\n{given}".encode()).hexdigest()[:32]
        stored = self.pack.add(given)
        if not self._hold(lang, (stored, url, save_as)):
            self._index_for(lang).add(given, url, save_as)
        self.pages.setdefault(lang, []).append(IndexedPage(url, key, digest, stored))

    def _hold(self, lang: str, page: tuple[tuple[int, int], str, str]) -> bool:
        """Keep a page back if its language waits for the lead's bundle to pass its peak,
        or has pages waiting still (they go first); once the lead is past its peak,
        start giving the held pages to their binaries."""
        with self.held_lock:
            held = lang in self.held or (bool(self.lead) and lang != self.lead
                                         and not self.lead_past_peak.is_set())
            if held:
                self.held.setdefault(lang, []).append(page)
        if self.lead_past_peak.is_set():
            for other in list(self.held):
                if other not in self.draining and other not in self.closed:
                    self._start_draining(other)
        return held

    def _start_draining(self, lang: str) -> None:
        self._index_for(lang)  # made here: the main thread's pages may follow at once
        self.draining[lang] = threading.Thread(target=self._drain, args=(lang,),
                                               name=f"held-{lang}", daemon=True)
        self.draining[lang].start()

    def _drain(self, lang: str) -> None:
        """Beside the feeding: ``lang``'s held pages given to its binary in the order they
        came, with those held while this gives them (the build is not kept waiting
        while the binary works through them); then its pages go to it directly."""
        while True:
            with self.held_lock:
                pages = self.held.get(lang)
                if not pages:
                    self.held.pop(lang, None)
                    return
                self.held[lang] = []
            for stored, url, save_as in pages:
                self.indexes[lang].add(self.pack.read(stored), url, save_as)

    def add_known(self, url: str, save_as: str, html_digest: str) -> None:
        """A page the build took from its page cache, as the last bundle has it: no HTML
        (the build sends it with ``add`` when the last bundle does not have the page)."""
        key = page_key(url, html_digest)
        lang = next((lang for lang, numbers in self.last_numbers.items() if key in numbers),
                    None)
        if lang is None or lang in self.closed:
            self.problems.append(f"{url} came as unchanged, but the last search bundle "
                                 "does not have it as it is now")
            return
        self._keep(lang, url, self.seeds.pages[lang][self.last_numbers[lang][key]])

    def unchanged(self, lang: str, key: str) -> IndexedPage | None:
        """The last bundle's page rendered exactly as this one, if any."""
        number = self.last_numbers.get(lang, {}).get(key)
        return None if number is None else self.seeds.pages[lang][number]

    def _keep(self, lang: str, url: str, last: IndexedPage) -> None:
        """A page as the last bundle has it: not given to Pagefind; its HTML as Pagefind
        was given it goes into the new pack as it was."""
        stored = self.pack.add_stored(self.seeds.given(last, raw=True))
        self.pages.setdefault(lang, []).append(IndexedPage(url, last.key, last.digest, stored))

    def close(self, lang: str) -> None:
        """No more pages in ``lang``: write its bundle (a language without pages has none).

        Pagefind writes a bundle on one thread, and the first language closed is
        the site's own, the largest: its writing is what the build waits for last.
        The binaries still indexing give way to it, so that on a machine short of
        cores it keeps a core of its own while they share the rest with the build.
        A language closed while another is being written starts writing at once:
        the build has nothing else left for the second core by then. (At 10,000
        stories that takes 9% off the build and the most memory Pagefind holds is
        the same, the largest bundle's write; at 1,000 it is 0.96 of the CLI's
        instead of 0.89, with no time to gain.) A language with pages held back,
        closed while the lead's bundle is being written, is indexed and written
        once that write is past its peak (see the class); one with none (an edit
        build's unchanged language, only copied) starts at once."""
        if lang not in self.pages or lang in self.closed:
            return
        self.closed.append(lang)
        waits = self.lead in self.releasing and lang != self.lead and lang in self.held
        self._start_writing(lang, self.lead_past_peak if waits else None)
        for other, index in self.indexes.items():
            if other not in self.closed:
                index.pipe.give_way()

    def write(self, output: Path) -> int | None:
        """Every binary's bundle written and merged into ``output``, with the manifest
        of its fragments and pages. Returns the most memory the binaries held together
        (MB)."""
        if self.problems:
            raise PagefindError(self.problems[0])
        if not self.pages:  # nothing published: an empty index
            self.pages["unknown"] = []
            self._index_for("unknown")
        for lang in list(self.pages):
            self.close(lang)
        for lang in list(self.releasing):
            self._let_go(lang)
        merge_bundles([self._part(lang) for lang in self.closed], output)
        self.pack.close()
        self.pack.path.rename(output / PACK)
        write_manifest(output, self.pagefind_version, self.fragments, self.inputs, self.pages)
        return self.memory.peak_mb()

    def _start_writing(self, lang: str, after: threading.Event | None = None) -> None:
        self.releasing[lang] = threading.Thread(target=self._write_language,
                                                args=(lang, after), daemon=True)
        self.releasing[lang].start()

    def _write_language(self, lang: str, after: threading.Event | None = None) -> None:
        """Beside the feeding (once ``after`` is set, if given): a language's held
        pages indexed, its bundle written, checked and made deterministic, and its
        binary let go the moment that is done, so that its memory goes back. (Not
        when the next page comes: the last pages may all be in by then.)"""
        watch = PeakWatch(self.indexes[lang].pipe.process.pid, self.lead_past_peak) \
            if lang == self.lead and lang in self.indexes else None
        try:
            if after is not None:
                after.wait()
            if lang in self.draining:
                self.draining[lang].join()
            if lang in self.held:
                self._index_for(lang)
                self._drain(lang)
            pages = self.pages[lang]
            if not pages:  # the empty index of a site with nothing published: no meta
                self._write_part(lang, self.indexes[lang])
                return
            if any(page.key in self.last_numbers.get(lang, {}) for page in pages):
                names = self._write_patched(lang, pages)
            else:
                names = self._write_reusing_fragments(lang, self.indexes[lang], pages)
            make_filters_deterministic(self._part(lang), lang)
            pairs = zip(pages, names, strict=True)
            self.fragments[lang] = {page.digest: name for page, name in pairs}
        except BaseException as exc:  # reported by _let_go
            self.failures[lang] = exc
        finally:
            if lang in self.indexes:
                self._retire(self.indexes[lang])
            if lang == self.lead:
                self.lead_past_peak.set()
            if watch is not None:
                watch.stop()

    def _write_patched(self, lang: str, pages: list[IndexedPage]) -> list[str]:
        """The last bundle patched with the pages that changed; every page indexed again
        when the patch could not be exact. Returns each page's fragment."""
        last = self.seeds.pages[lang]
        changed = [n for n, page in enumerate(pages) if page.key not in self.last_numbers[lang]]
        try:
            if [page.url for page in pages] != [page.url for page in last]:
                raise Unpatchable("pages were added, removed or moved")
            self._patch(lang, pages, changed)
        except Unpatchable as reason:
            self.unpatched[lang] = str(reason)
            shutil.rmtree(self._part(lang), ignore_errors=True)
            return self._write_every_page(lang, pages)
        self.patched[lang] = len(changed)
        self.reused += len(pages) - len(changed)
        return fragment_names(self._part(lang), lang)

    def _patch(self, lang: str, pages: list[IndexedPage], changed: list[int]) -> None:
        assert self.seeds.folder is not None
        if not changed:
            copy_language(self.seeds.folder, lang, self._part(lang))
            return
        last = self.seeds.pages[lang]
        now = [self.pack.read(pages[n].stored) for n in changed]
        before = [self.seeds.given(last[n]) for n in changed]
        if [sort_marks(html) for html in now] != [sort_marks(html) for html in before]:
            raise Unpatchable("a changed page's sort value changed")
        fresh = self.scratch / f"{lang}.fresh"
        self._write_part(lang, self.indexes[lang], fresh)
        stale = self.scratch / f"{lang}.stale"
        self._index_alone(lang, [(pages[n], html) for n, html in zip(changed, before,
                                                                     strict=True)], stale)
        patch_language(lang, self.seeds.folder, fresh, stale, changed, self._part(lang))

    def _index_alone(self, lang: str, pages: list[tuple[IndexedPage, str]],
                     folder: Path) -> None:
        """Pages indexed by a binary of their own, written into ``folder``."""
        index = PagefindIndex()
        self.memory.watch(index.pipe)
        try:
            for page, html in pages:
                index.add(html, page.url, page.url.strip("/") + "/index.html")
            self._write_part(lang, index, folder)
        finally:
            self._retire(index)

    def _write_every_page(self, lang: str, pages: list[IndexedPage]) -> list[str]:
        """Every page given to a new binary, from the pack (the first one had only
        the pages that changed)."""
        if lang in self.indexes:
            self._retire(self.indexes.pop(lang))
        index = self.indexes[lang] = PagefindIndex()
        self.memory.watch(index.pipe)
        for page in pages:
            index.add(self.pack.read(page.stored), page.url, page.url.strip("/") + "/index.html")
        return self._write_reusing_fragments(lang, index, pages)

    def _write_reusing_fragments(self, lang: str, index: PagefindIndex,
                                 pages: list[IndexedPage]) -> list[str]:
        """The bundle written with the last bundle's fragments of the unchanged pages
        planted (seeds.py), and written anew, with none, if a page points at a fragment
        planted for another. Returns each page's fragment."""
        part = self._part(lang)
        planted = self.seeds.plant(lang, [(page.url, page.digest) for page in pages], part)
        self._write_part(lang, index)
        names = fragment_names(part, lang)
        if misplaced(planted, names, [page.url for page in pages]):
            shutil.rmtree(part)
            self._write_part(lang, index)
            return fragment_names(part, lang)
        self.reused += len(set(planted) & set(names))
        remove_unused(planted, names, part)
        return names

    def _write_part(self, lang: str, index: PagefindIndex, folder: Path | None = None) -> None:
        folder = folder or self._part(lang)
        index.wait(index.request_write(folder))
        wait_until_written(folder)

    def _let_go(self, lang: str) -> None:
        """Wait for a language's bundle and its binary's exit; raise what went wrong."""
        thread = self.releasing.pop(lang, None)
        if thread is None:  # gone already
            return
        thread.join()
        self.indexes.pop(lang, None)
        if lang in self.failures:
            failure = self.failures[lang]
            raise failure if isinstance(failure, PagefindError) else PagefindError(
                f"the '{lang}' search bundle could not be written: {failure}")

    def _retire(self, index: PagefindIndex) -> None:
        """Its peak noted and the binary gone; a second call does nothing more."""
        self.memory.retire(index.pipe)
        index.pipe.close()

    def stop(self, *, kill: bool = False) -> None:
        self.memory.stop()
        indexes, self.indexes = self.indexes, {}
        for index in indexes.values():
            index.pipe.close(kill=kill)
        for thread in list(self.releasing.values()):
            thread.join()
        self.pack.close()

    def _part(self, lang: str) -> Path:
        return self.scratch / lang

    def _index_for(self, lang: str) -> PagefindIndex:
        if lang not in self.indexes:
            self.indexes[lang] = PagefindIndex()
            self.memory.watch(self.indexes[lang].pipe)
            if self.closed:
                self.indexes[lang].pipe.give_way()
        return self.indexes[lang]


class PeakWatch:
    """Sets ``past`` once a binary writing its bundle holds 30% less memory than the
    most it held since the watch began: the word index is written and only
    fragments are left. (At 10,000 stories the English bundle rises from 0.7 to
    2.8 GB in its first ten seconds of writing, dipping by up to 15% on the way,
    then falls to 1.7 GB for the rest.)"""

    INTERVAL = 0.05
    DROP = 0.7

    def __init__(self, pid: int, past: threading.Event) -> None:
        self.pid = pid
        self.past = past
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="pagefind-peak", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._done.set()
        self._thread.join()

    def _watch(self) -> None:
        most = 0
        while not self._done.wait(self.INTERVAL) and not self.past.is_set():
            now = memory_mb(self.pid)
            if now is None:
                return
            most = max(most, now)
            if now < most * self.DROP:
                self.past.set()


def language_of(page_html: str) -> str:
    match = HTML_LANG.search(page_html)
    return match.group(1).split("-")[0] if match else "unknown"


def serve(stdin: BinaryIO, stdout: BinaryIO) -> None:
    indexes: LanguageIndexes | None = None  # made by the first frame
    reply: dict[str, Any] = {}
    try:
        while True:
            kind, head, body = read_frame(stdin)
            if kind == b"A":
                start = json.loads(body)
                guards = {int(n): names for n, names in start.get("guards", {}).items()}
                version = start.get("pagefind_version", "")
                inputs = inputs_digest(start["aliases"], guards, version)
                seeds = Seeds.of(Path(start["seeds"]) if start.get("seeds") else None, version,
                                 inputs)
                shutil.rmtree(start["scratch"], ignore_errors=True)
                indexes = LanguageIndexes(start["aliases"], Path(start["scratch"]), guards,
                                          seeds, version, inputs, start.get("lead", ""))
            elif indexes is None or kind not in b"PUCW":
                break
            elif kind == b"P":
                url, save_as, *html_digest = head.decode().split("\t")
                indexes.add(url, save_as, body.decode(), *html_digest)
            elif kind == b"U":
                indexes.add_known(*head.decode().split("\t"))
            elif kind == b"C":
                indexes.close(head.decode())
            else:  # W
                reply = {"pagefind_peak_rss_mb": indexes.write(Path(head.decode())),
                         "fragments_reused": indexes.reused, "patched": indexes.patched,
                         "unpatched": indexes.unpatched}
                break
    except PagefindError as exc:
        reply = {"error": str(exc)}
    finally:
        if indexes is not None:
            indexes.stop(kill=True)
            shutil.rmtree(indexes.scratch, ignore_errors=True)
    # Its own high-water mark: ``ru_maxrss`` would also count the build's memory
    # at the moment it started the feeder.
    reply["feeder_peak_rss_mb"] = memory_mb("self", "VmHWM")
    stdout.write(json.dumps(reply).encode() + b"\n")
    stdout.flush()


if __name__ == "__main__":
    serve(sys.stdin.buffer, sys.stdout.buffer)
