"""The search feeder: a process of its own between the build and Pagefind's binaries.

The build hands it each rendered page as bytes down a pipe and goes on
rendering. Here each page is prepared for the index (aliases added, stop
words left out), encoded for Pagefind's service protocol and passed to the
binary of its language. None of that work, nor the threads talking to the
binaries, competes with the build for its interpreter lock.

Frames on stdin (``frame`` makes them):
  ``A`` aliases and a scratch folder as JSON, once, first;
  ``P`` one page: ``url\\tsave_as`` and its HTML;
  ``C`` no more pages of this language: its binary starts writing at once;
  ``W`` write the bundle to the folder given, reply, exit;
  ``D`` (or end of input) discard the index and exit.
The reply to ``W`` is one JSON line on stdout: the bundle's stats, or an error.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import struct
import sys
import threading
from pathlib import Path
from typing import Any, BinaryIO

from casebook.search.bundle import merge_bundles, wait_until_written
from casebook.search.index import HTML_LANG, for_index
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
    and merges the bundles into one."""

    def __init__(self, aliases: list[list[str]], scratch: Path,
                 guards: dict[int, list[str]] | None = None) -> None:
        self.aliases = aliases
        self.guards = guards or {}  # alias groups that name an anonymous customer
        self.scratch = scratch
        self.indexes: dict[str, PagefindIndex] = {}
        self.closed: list[str] = []  # in the order closed
        self.writing: dict[str, int] = {}  # language: id of its write request
        self.releasing: dict[str, threading.Thread] = {}
        self.problems: list[str] = []
        self.memory = CombinedPeak()

    def add(self, url: str, save_as: str, page_html: str) -> None:
        lang = language_of(page_html)
        if lang in self.closed:
            self.problems.append(f"{url} was rendered after the '{lang}' search index was "
                                 "closed; the search plugin's generator order needs fixing")
            return
        # In the order rendered: a binary numbers pages as they arrive, and the
        # render order is fixed for a given commit.
        self._index_for(lang).add(for_index(page_html, self.aliases, self.guards), url, save_as)

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
        instead of 0.89, with no time to gain.)"""
        if lang not in self.indexes or lang in self.closed:
            return
        self.closed.append(lang)
        self._start_writing(lang)
        for other, index in self.indexes.items():
            if other not in self.closed:
                index.pipe.give_way()

    def write(self, output: Path) -> int | None:
        """Every binary's bundle written and merged into ``output``.
        Returns the most memory the binaries held together (MB)."""
        if self.problems:
            raise PagefindError(self.problems[0])
        if not self.indexes:  # nothing published: an empty index
            self._index_for("unknown")
        for lang in list(self.indexes):
            self.close(lang)
        for lang in list(self.writing):
            self._let_go(lang)
        merge_bundles([self._part(lang) for lang in self.writing], output)
        return self.memory.peak_mb()

    def _start_writing(self, lang: str) -> None:
        index = self.indexes[lang]
        self.writing[lang] = index.request_write(self._part(lang))
        self.releasing[lang] = threading.Thread(
            target=self._release_when_written, args=(lang, index), daemon=True)
        self.releasing[lang].start()

    def _release_when_written(self, lang: str, index: PagefindIndex) -> None:
        """Beside the feeding: the moment a bundle is on disk its binary exits and its
        memory goes back. (Not when the next page comes: the last pages may all be in
        by then.)"""
        # _let_go reports what went wrong; a stopped build may delete the folder
        with contextlib.suppress(PagefindError, RuntimeError, OSError):
            index.wait(self.writing[lang])
            wait_until_written(self._part(lang))
            self._retire(index)

    def _let_go(self, lang: str) -> None:
        """Wait for a language's bundle and its binary's exit; raise what went wrong."""
        index = self.indexes.pop(lang, None)
        if index is None:  # gone already
            return
        self.releasing.pop(lang).join()
        index.wait(self.writing[lang])
        wait_until_written(self._part(lang))
        self._retire(index)

    def _retire(self, index: PagefindIndex) -> None:
        """Its peak noted and the binary gone; a second call (``_let_go`` after the
        thread that watched it) does nothing more."""
        self.memory.retire(index.pipe)
        index.pipe.close()

    def stop(self, *, kill: bool = False) -> None:
        self.memory.stop()
        indexes, self.indexes = self.indexes, {}
        for index in indexes.values():
            index.pipe.close(kill=kill)
        for thread in list(self.releasing.values()):
            thread.join()

    def _part(self, lang: str) -> Path:
        return self.scratch / lang

    def _index_for(self, lang: str) -> PagefindIndex:
        if lang not in self.indexes:
            self.indexes[lang] = PagefindIndex()
            self.memory.watch(self.indexes[lang].pipe)
            if self.closed:
                self.indexes[lang].pipe.give_way()
        return self.indexes[lang]


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
                indexes = LanguageIndexes(start["aliases"], Path(start["scratch"]), guards)
                shutil.rmtree(indexes.scratch, ignore_errors=True)
            elif indexes is None or kind not in b"PCW":
                break
            elif kind == b"P":
                url, save_as = head.decode().split("\t")
                indexes.add(url, save_as, body.decode())
            elif kind == b"C":
                indexes.close(head.decode())
            else:  # W
                reply = {"pagefind_peak_rss_mb": indexes.write(Path(head.decode()))}
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
