"""Whole rendered pages, kept from one build to the next (``.cache/pages/``).

After one story's body is edited, almost every page of the site would come
out of its template exactly as before: rendering them all again is most of
an edit build. A page is reused when nothing its template can read has
changed, which is decided by two things:

- **the site's inputs except bodies** (``site_digest``): the settings, which
  items are public today (not the date itself: a cache is good the next day
  too; the one page that shows the date, /editorial/, has it in its key), the
  tools' versions, every file of the theme and of Casebook's code,
  and every item's front matter (title, dates, features, metrics, the summary,
  the images' published names and sizes...), every vocabulary, alias and the
  site's images. Anything a page shows of another item but its body is there.
  A page's key is a hash of that digest, its template and where it is saved
  (``page_key``).
- **the bodies it read**: while a page is rendered, every body or interview
  answer it asks the render cache for is recorded (``BodyReads``); the entry
  keeps each one's render key (the hash of its Markdown, the image addresses it
  uses and the renderer's code). The page is reused only if every one of them
  is still the same.

With the same inputs, a template takes the same path and asks for the same
bodies: if all of those are unchanged too, it makes the same bytes. So an entry
can be wrong only if a template read something that is in neither, and
``site_digest`` holds everything else there is to read.

Files are named by a hash of their key and the bodies read, and are hard links
to the pages of the build that rendered them (``link_or_copy``): writing the
cache costs a link per page, and a reused page is a link back into the new
output. The index (page key -> file, the bodies it read, its size) is written
only once a build has succeeded, and then every file no page used is deleted:
a failed build leaves the last good index, and the files it names, as they were.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from casebook.outputs.unchanged import link_or_copy

INDEX = "index.json"
FORMAT = 3  # of the index; bump when what a key covers (or an entry holds) changes
TOOLS = ("pelican", "jinja2", "markupsafe", "babel", "markdown", "nh3", "pillow", "pagefind")
# Fields of the content model that are only the Markdown or where it sits in its file
# (for messages): bodies are tracked page by page, line numbers are never shown.
NOT_SHOWN = frozenset({"body", "body_on_disk", "body_first_line", "markdown", "lines", "line"})
# Settings the build adds for itself, not inputs (as casebook.uptodate).
INTERNAL_PREFIX = "_casebook"

BodyRead = tuple[str, int]  # an item's source and fragment (0: its body, n: its n-th answer)
Reads = tuple[BodyRead, ...]  # sorted
FragmentKey = Callable[[str, int], "str | None"]  # the render key of a fragment, now


@dataclass(frozen=True)
class Entry:
    """One cached page: its file in the folder, its size, the bodies it read and a
    digest of their render keys when it was rendered."""

    file: str
    size: int
    reads: Reads = ()
    bodies: str = ""  # bodies_digest of ``reads``
    indexed: str = ""  # SHA-256 of the page's HTML if it goes to search, else ""


class BodyReads:
    """Which bodies the page being rendered asked for (recordings may nest: a card
    rendered inside a page counts for the page too)."""

    def __init__(self) -> None:
        self.open: list[set[BodyRead]] = []

    @contextlib.contextmanager
    def recording(self) -> Iterator[set[BodyRead]]:
        reads: set[BodyRead] = set()
        self.open.append(reads)
        try:
            yield reads
        finally:
            # By identity, not equality: an empty inner recording equals an empty outer one.
            closed = self.open.pop()
            assert closed is reads, "recordings end in the order they began"

    def read(self, source: str, index: int) -> None:
        for reads in self.open:
            reads.add((source, index))

    def replay(self, reads: set[BodyRead]) -> None:
        """What a reused piece of a page (a card rendered once) read, for this page."""
        for read in reads:
            self.read(*read)


@dataclass
class PageCache:
    """The last good build's pages by key, and this build's, written at its end."""

    folder: Path
    site: str  # site_digest of this build
    last: dict[str, Entry] = field(default_factory=dict)
    used: dict[str, Entry] = field(default_factory=dict)
    # What the build rendered and reused, by kind ("pages", "feeds"): for build-stats.json.
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    # The bodies' digest of each set of reads, as they are in this build: the voices
    # pages of a language all read the same thousands of answers.
    digests: dict[Reads, str | None] = field(default_factory=dict)

    @classmethod
    def open(cls, folder: Path, site: str) -> PageCache:
        return cls(folder, site, read_index(folder))

    def page_key(self, template: str, save_as: str, *more: str) -> str:
        """The key of a page before its bodies: the site, the template, where it is saved,
        and anything more the page goes through (the writer's transforms)."""
        return _sha256(json.dumps([FORMAT, self.site, template, save_as, *more]))

    def reusable(self, key: str, fragment_key: FragmentKey, kind: str = "pages"
                 ) -> Entry | None:
        """The cached page with this key, if every body it read is the same (its file is
        ``path_of`` it)."""
        entry = self.last.get(key)
        if entry is None or self.bodies_digest(entry.reads, fragment_key) != entry.bodies:
            return None
        path = self.folder / entry.file
        try:
            if path.stat().st_size != entry.size:  # damaged (a bad restore): render it
                return None
        except OSError:
            return None
        self.used[key] = entry
        self.count(kind, "reused")
        return entry

    def count(self, kind: str, what: str) -> None:
        counts = self.counts.setdefault(kind, {"rendered": 0, "reused": 0})
        counts[what] += 1

    def path_of(self, entry: Entry) -> Path:
        return self.folder / entry.file

    def bodies_digest(self, reads: Reads, fragment_key: FragmentKey) -> str | None:
        """A hash of the render keys of ``reads`` now (None if one has none)."""
        if reads not in self.digests:
            keys = [fragment_key(source, n) for source, n in reads]
            self.digests[reads] = None if None in keys else _sha256(json.dumps([reads, keys]))
        return self.digests[reads]

    def store(self, key: str, written: Path, reads: set[BodyRead],
              fragment_key: FragmentKey, indexed: str = "", kind: str = "pages") -> None:
        """A page just rendered and written to ``written``: linked into the cache."""
        self.count(kind, "rendered")
        ordered = tuple(sorted(reads))
        bodies = self.bodies_digest(ordered, fragment_key)
        if bodies is None:
            return  # a body the render cache cannot name: not cached
        name = _sha256(key + bodies) + written.suffix  # .html, or a feed's .xml
        target = self.folder / name
        try:
            size = written.stat().st_size
            if not (target.exists() and target.stat().st_size == size):
                self.folder.mkdir(parents=True, exist_ok=True)
                _link_new(written, target)
        except OSError:
            return  # no cache entry: the page is rendered again next time
        self.used[key] = Entry(name, size, ordered, bodies, indexed)

    def save(self) -> None:
        """After a successful build: the index of the pages it used, and no other file."""
        self.folder.mkdir(parents=True, exist_ok=True)
        scratch = self.folder / f".{INDEX}.{os.getpid()}"
        scratch.write_text(json.dumps(index_data(self.used)), encoding="utf-8")
        os.replace(scratch, self.folder / INDEX)
        keep = {entry.file for entry in self.used.values()} | {INDEX}
        for path in self.folder.iterdir():
            if path.name not in keep:
                path.unlink(missing_ok=True)


def index_data(entries: dict[str, Entry]) -> dict[str, Any]:
    """The index as JSON data: each set of reads once (many pages share one)."""
    sets: dict[Reads, int] = {}
    pages = {}
    for key, entry in sorted(entries.items()):
        number = sets.setdefault(entry.reads, len(sets))
        pages[key] = [entry.file, entry.size, number, entry.bodies, entry.indexed]
    return {"format": FORMAT, "reads": [[list(read) for read in reads] for reads in sets],
            "pages": pages}


def read_index(folder: Path) -> dict[str, Entry]:
    """The last good build's index (empty if there is none, or it cannot be read)."""
    try:
        data = json.loads((folder / INDEX).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            return {}
        sets = [tuple((str(source), int(n)) for source, n in reads) for reads in data["reads"]]
        return {str(key): Entry(str(file), int(size), sets[number], str(bodies), str(indexed))
                for key, (file, size, number, bodies, indexed) in data["pages"].items()}
    except (OSError, ValueError, TypeError, LookupError, AttributeError):
        return {}


def _link_new(source: Path, target: Path) -> None:
    """``target`` as a link to (or a copy of) ``source``, appearing whole or not at all."""
    scratch = target.with_name(f".{target.name}.{os.getpid()}")
    scratch.unlink(missing_ok=True)
    link_or_copy(source, scratch)
    os.replace(scratch, target)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def site_digest(settings: dict[str, Any], config: Any, site: Any, code: list[Path]) -> str:
    """Everything a page can show but bodies: see the module. ``code``: the folders of
    the theme and of Casebook itself, hashed file by file."""
    root = str(config.root)
    digest = hashlib.sha256(str(FORMAT).encode())
    for text in (settings_text(settings), repr(undated(config)), *site_texts(site)):
        digest.update(text.replace(root, "<root>").encode())  # a checkout anywhere
        digest.update(b"\0")
    public = sorted(item.source for item in site.items if item.is_public(config.today))
    digest.update(json.dumps([public, tool_versions()]).encode())
    digest.update(files_digest(code).encode())
    digest.update(settings_files_digest(config.settings_file).encode())
    return digest.hexdigest()


def undated(config: Any) -> Any:
    """The configuration without today's date (what it decides is in the digest)."""
    return dataclasses.replace(config, content=dataclasses.replace(config.content,
                                                                   today=dt.date.min))


def settings_files_digest(settings_file: Path) -> str:
    """The settings files themselves (every ``.py`` beside the one read): a setting whose
    value is a function shows only its name in the settings, not what it does."""
    digest = hashlib.sha256()
    for path in sorted(settings_file.parent.glob("*.py")):
        digest.update(f"{path.name}\0".encode())
        digest.update(_bytes_of(path))
    return digest.hexdigest()


def settings_text(settings: dict[str, Any]) -> str:
    shown = {k: v for k, v in settings.items() if not k.startswith(INTERNAL_PREFIX)}
    return json.dumps(shown, sort_keys=True, default=_plain)


def site_texts(site: Any) -> Iterator[str]:
    """The site model as text, an item at a time: every item's front matter (not its
    Markdown), the vocabularies, the site's images and the search aliases."""
    yield json.dumps([dataclasses.replace(site.settings, today=dt.date.min), site.vocabularies,
                      site.site_image, site.logo, site.alias_groups, site.guarded_aliases],
                     default=_plain)
    for item in site.items:
        yield json.dumps(item, default=_plain)


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [type(value).__name__,
                {f.name: getattr(value, f.name) for f in dataclasses.fields(value)
                 if f.name not in NOT_SHOWN and not f.name.startswith("_")}]
    if isinstance(value, (set, frozenset)):
        return sorted(repr(v) for v in value)
    return repr(value)  # dates, paths, enums


def tool_versions() -> list[str]:
    found = [sys.version]
    for tool in TOOLS:
        try:
            found.append(f"{tool} {version(tool)}")
        except PackageNotFoundError:
            found.append(f"{tool} -")
    return found


def files_digest(folders: list[Path]) -> str:
    """A hash of the names and bytes of every file below ``folders`` (not following
    links to other folders, nor compiled Python)."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(_files_below(folder)):
            digest.update(f"{path.relative_to(folder).as_posix()}\0".encode())
            digest.update(_bytes_of(path))
    return digest.hexdigest()


def _bytes_of(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:  # a dangling link, say: nothing a page can read either
        return b"\0unreadable"


def _files_below(folder: Path) -> Iterator[Path]:
    for top, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in files:
            if not name.endswith(".pyc"):
                yield Path(top) / name
