"""Loading and validating every content file of a site at once."""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from casebook.buildinfo import return_free_memory
from casebook.content import anonymity
from casebook.content.aliases import AliasGroup, load_aliases
from casebook.content.assets import DEFAULT_WIDTHS, image_asset
from casebook.content.interview import Answer, split_answers
from casebook.content.model import Asset, Interview, Item, Story, Vocabularies
from casebook.content.problems import FieldError, Problem
from casebook.content.schema import SiteRules, parse_file
from casebook.content.source import read_body
from casebook.content.urls import Urls
from casebook.content.vocab import load_vocabularies
from casebook.workers import pool_context

CONTENT_SUFFIXES = (".md", ".markdown")
# From this many content files on, two processes parse them (see parsed_files).
PARALLEL_PARSE_FROM = 500
Parsed = tuple[Item | None, list[Problem]]
# URL folders the site itself uses; a page may not take one of these slugs.
RESERVED_SLUGS = {
    "stories", "interviews", "faq", "features", "industries", "search", "feeds",
    "voices", "editorial", "media", "theme", "pagefind", "sitemap.xml",
}


@dataclass(frozen=True)
class ContentSettings:
    """What the content model needs to know of the site (``casebook.config`` reads it)."""

    root: Path
    story_paths: tuple[str, ...]
    page_paths: tuple[str, ...]
    faq_paths: tuple[str, ...]
    taxonomy_path: str
    image_paths: tuple[str, ...]
    languages: tuple[str, ...]
    default_lang: str
    timezone: str
    today: dt.date  # decided once per build
    urls: Urls
    site_image: str | None = None
    logo: str | None = None
    aliases_path: str = "content/search/aliases.yml"
    image_widths: tuple[int, ...] = DEFAULT_WIDTHS

    def content_dirs(self) -> list[Path]:
        return [self.root / p for p in (*self.story_paths, *self.faq_paths, *self.page_paths)]

    def data_dirs(self) -> list[Path]:
        """Folders of what content refers to: vocabularies, shared images, aliases."""
        return [self.root / self.taxonomy_path, *(self.root / p for p in self.image_paths),
                (self.root / self.aliases_path).parent]


@dataclass
class Site:
    """Every item read (published or not), the vocabularies, and all problems."""

    settings: ContentSettings
    vocabularies: Vocabularies
    items: list[Item] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    _by_source: dict[str, Item] = field(default_factory=dict, repr=False)
    site_image: Asset | None = None  # for link previews of pages without their own image
    logo: Asset | None = None  # in every page's header, beside the site's name
    alias_groups: list[AliasGroup] = field(default_factory=list)  # search synonyms
    # alias group (index): the anonymous customers' names it holds (see anonymity)
    guarded_aliases: dict[int, list[str]] = field(default_factory=dict)

    @property
    def aliases(self) -> list[list[str]]:
        """The alias groups' words, as the search index takes them."""
        return [list(group.words) for group in self.alias_groups]

    @property
    def errors(self) -> list[Problem]:
        return sorted(p for p in self.problems if p.level == "error")

    def by_source(self) -> dict[str, Item]:
        if len(self._by_source) != len(self.items):
            self._by_source = {item.source: item for item in self.items}
        return self._by_source

    def markdown(self, item: Item) -> str:
        """An item's Markdown body (from its file if the site let go of it)."""
        if not item.body_on_disk:
            return item.body
        return read_body(self.settings.root / item.source)

    def answers(self, item: Interview, markdown: str | None = None) -> list[Answer]:
        """An interview's answers, with their Markdown (``markdown``: its body, if read)."""
        if not item.body_on_disk:
            return item.answers
        body = self.markdown(item) if markdown is None else markdown
        answers, _ = split_answers(body, item.body_first_line)
        return answers

    def public_items(self) -> list[Item]:
        today = self.settings.today
        return [item for item in self.items if item.is_public(today)]


def release_markdown(item: Item) -> None:
    """Keep an item's front matter, not its Markdown: ``Site.markdown`` reads it again.

    A site of 10,000 stories would otherwise carry some 80 MB of Markdown
    from validation to the end of the build; read when it is needed, no
    more than a few bodies are in memory at once."""
    item.body = ""
    item.body_on_disk = True
    if isinstance(item, Interview):
        item.answers = [replace(answer, markdown="") for answer in item.answers]


# Files that look like content in a format Casebook does not read: Pelican would
# read some of them with its own readers, an editor expects them published.
FOREIGN_CONTENT_SUFFIXES = (".html", ".htm", ".mkd", ".mdown", ".mkdn", ".mdwn", ".mdtext",
                            ".rst", ".adoc", ".textile")


def content_files(settings: ContentSettings) -> Iterator[Path]:
    """The Markdown files to read, in a stable order (links to nothing or out of the
    project left out: ``file_problems`` reports them)."""
    for directory in settings.content_dirs():
        if not directory.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(directory):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                path = Path(dirpath) / name
                if name.endswith(CONTENT_SUFFIXES) and not name.startswith(".") and (
                        not path.is_symlink() or _link_problem(path, settings.root) is None):
                    yield path


def file_problems(settings: ContentSettings) -> list[Problem]:
    """Files the build could not read safely: links to nothing, to folders or out of
    the project, and content in a format Casebook does not read."""
    problems = []
    content_dirs = settings.content_dirs()
    for directory in [*content_dirs, *settings.data_dirs()]:
        is_content = directory in content_dirs
        for entry in _entries_below(directory):
            path = Path(entry.path)
            message = None
            if entry.is_symlink():
                message = _link_problem(path, settings.root)
            if message is None and is_content and entry.is_file():
                message = _foreign_content(entry.name)
            if message:
                problems.append(Problem(path.relative_to(settings.root).as_posix(), 1, message))
    return problems


def _entries_below(directory: Path) -> Iterator[os.DirEntry[str]]:
    """Every entry below a folder (hidden ones and links to folders not entered)."""
    folders = [directory] if directory.is_dir() else []
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                yield entry
                if entry.is_dir(follow_symlinks=False):
                    folders.append(Path(entry.path))


def _link_problem(path: Path, root: Path) -> str | None:
    if not path.is_symlink():
        return None
    target = os.readlink(path)
    if not path.exists():
        return (f"this is a link to '{target}', which does not exist; remove the link or "
                "put the file here")
    if path.is_dir():
        return ("this is a link to a folder, which Casebook does not follow; move the "
                "folder here instead of linking to it")
    if root not in path.resolve().parents:
        return (f"this is a link to '{target}', outside the project; copy the file here "
                "instead of linking to it")
    return None


def _foreign_content(name: str) -> str | None:
    lower = name.lower()
    if lower.endswith(CONTENT_SUFFIXES) and not name.endswith(CONTENT_SUFFIXES):
        return (f"Casebook reads files ending in '.md' in lower case; rename this file to "
                f"'{name.rsplit('.', 1)[0]}.md'")
    if not lower.endswith(FOREIGN_CONTENT_SUFFIXES):
        return None
    return ("Casebook reads content only from Markdown files ending in .md; rename this "
            "file to .md (with front matter), or move it out of the content folders")


def rules_for(settings: ContentSettings, vocabularies: Vocabularies) -> SiteRules:
    root = settings.root
    return SiteRules(
        root=root,
        vocabularies=vocabularies,
        languages=settings.languages,
        default_lang=settings.default_lang,
        image_dirs=tuple(root / p for p in settings.image_paths),
        image_widths=settings.image_widths,
        faq_paths=settings.faq_paths,
        page_paths=settings.page_paths,
        content_roots=tuple(
            (root / p).resolve()
            for p in (*settings.story_paths, *settings.image_paths, *settings.faq_paths,
                      *settings.page_paths)
        ),
    )


def content_fingerprint(settings: ContentSettings) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and times of every file content may depend on."""
    return file_stamps(settings.content_dirs() + settings.data_dirs())


def file_stamps(folders: list[Path]) -> tuple[tuple[str, int, int], ...]:
    """(path, modification time, size) of every file below the folders, sorted;
    Python's bytecode caches left out."""
    stamps = []
    for folder in folders:
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames[:] = [d for d in dirnames if d != "__pycache__"]
            for name in filenames:
                path = os.path.join(dirpath, name)
                try:
                    stat = os.stat(path)
                except OSError:  # a link to nothing, or a file deleted meanwhile
                    stamps.append((path, -1, -1))
                    continue
                stamps.append((path, stat.st_mtime_ns, stat.st_size))
    return tuple(sorted(stamps))


_memo: dict[ContentSettings, tuple[tuple[tuple[str, int, int], ...], Site]] = {}


def load_site(settings: ContentSettings) -> Site:
    """Read and validate everything; reuse the last result if no file changed."""
    fingerprint = content_fingerprint(settings)
    remembered = _memo.get(settings)
    if remembered and remembered[0] == fingerprint:
        return remembered[1]
    site = _load(settings)
    _memo[settings] = (fingerprint, site)
    return site


def _load(settings: ContentSettings) -> Site:
    vocabularies, problems = load_vocabularies(
        settings.root / settings.taxonomy_path, settings.taxonomy_path
    )
    site = Site(settings, vocabularies, problems=problems + file_problems(settings))
    rules = rules_for(settings, vocabularies)
    files = list(content_files(settings))
    bundles = {path.parent for path in files if path.name.startswith("index.")}
    for path, (item, found) in zip(files, parsed_files(files, rules), strict=True):
        site.problems.extend(found)
        if item is not None:
            site.items.append(item)
        if path.parent in bundles and not path.name.startswith("index."):
            site.problems.append(_stray_in_bundle(path, settings))
    site.site_image = _setting_image("CASEBOOK_SITE_IMAGE", settings.site_image, rules,
                                     site.problems)
    site.logo = _setting_image("CASEBOOK_LOGO", settings.logo, rules, site.problems)
    site.alias_groups, found = load_aliases(settings.root / settings.aliases_path,
                                            settings.aliases_path)
    site.problems.extend(found)
    site.guarded_aliases = anonymity.guarded_alias_groups(
        (item for item in site.items if isinstance(item, Story)), site.aliases)
    site.problems.extend(duplicate_urls(site.items, settings))
    site.problems.extend(translation_problems(site.items, settings.root))
    return_free_memory()  # every body read for validation, and let go
    return site


def parsed_files(files: list[Path], rules: SiteRules) -> list[Parsed]:
    """Every file parsed (its Markdown let go), in order.

    Parsing is most of a build's first seconds, and the render workers can
    only start after it. On a big site a forked process parses the second
    half while this one parses the first, and hands its items back pickled
    (a few hundredths of a second for a thousand items)."""
    if len(files) < PARALLEL_PARSE_FROM or (os.cpu_count() or 1) < 2:
        return _parse_some(files, rules)
    half = len(files) // 2
    with ProcessPoolExecutor(max_workers=1, mp_context=pool_context()) as pool:
        second = pool.submit(_parse_some, files[half:], rules)
        first = _parse_some(files[:half], rules)
        return first + second.result()


def _parse_some(files: list[Path], rules: SiteRules) -> list[Parsed]:
    parsed = []
    for path in files:
        item, found = parse_file(path, rules)
        if item is not None:
            release_markdown(item)
        parsed.append((item, found))
    return parsed


def _setting_image(setting: str, ref: str | None, rules: SiteRules,
                   problems: list[Problem]) -> Asset | None:
    """The image a setting names (in the shared image folders), or a problem."""
    if not ref:
        return None
    try:
        return image_asset(ref, rules.image_dirs[0], list(rules.image_dirs),
                           list(rules.content_roots), 1, rules.image_widths)
    except FieldError as exc:
        problems.append(Problem("pelicanconf.py", 1, f"{setting}: {exc.message}"))
        return None


def _stray_in_bundle(path: Path, settings: ContentSettings) -> Problem:
    """A bundle folder holds index.md (and index.<lang>.md), nothing else in Markdown."""
    shown = path.relative_to(settings.root).as_posix()
    return Problem(shown, 1, "this folder is a story bundle (it has index.md); move this file "
                   "into a folder of its own, or rename it index.<lang>.md for a translation")


def url_of(item: Item, urls: Urls) -> str:
    return "/" + urls.url(item.kind, item.lang, slug=item.slug)


def duplicate_urls(items: list[Item], settings: ContentSettings) -> list[Problem]:
    problems = []
    seen: dict[str, Item] = {}
    for item in items:
        url = url_of(item, settings.urls)
        if item.kind == "page" and item.slug in RESERVED_SLUGS | set(settings.languages):
            problems.append(Problem(item.source, item.line("slug"),
                                    f"slug '{item.slug}' is used by the site itself; choose "
                                    "another slug"))
        if url in seen:
            other = seen[url]
            problems.append(Problem(item.source, item.line("slug"),
                                    f"slug '{item.slug}' is already used by {other.source}; "
                                    f"both would be published at {url}; set a different slug:"))
        else:
            seen[url] = item
    return problems


def translation_problems(items: list[Item], root: Path) -> list[Problem]:
    groups: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        if item.translation_key:
            groups[item.translation_key].append(item)
    problems = []
    for key, group in groups.items():
        problems += anonymity.translation_problems(
            [item for item in group if isinstance(item, Story)], root)
        by_lang: dict[str, Item] = {}
        for item in group:
            line = item.line("translation_key")
            if item.lang in by_lang:
                first_of_lang = by_lang[item.lang].source
                problems.append(Problem(item.source, line, f"translation_key '{key}' in language "
                                        f"'{item.lang}' is already used by {first_of_lang}; "
                                        "each language version needs its own lang:"))
                continue
            by_lang[item.lang] = item
            first = group[0]
            if _family(item) != _family(first):
                problems.append(Problem(item.source, line, f"translation_key '{key}' links this "
                                        f"{item.kind} to {first.source}, which is a {first.kind}"))
    return problems


def _family(item: Item) -> str:
    return "story" if isinstance(item, Story) else item.kind
