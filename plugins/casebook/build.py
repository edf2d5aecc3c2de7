"""One build of the site, from the settings file to a new output/.

The pipeline (``build_site``), as docs/architecture.md draws it:

    0. up to date?  nothing the site depends on changed since the last build: stop
    1. load         every content file parsed once, into typed items
    2. validate     every problem of every file; any error stops the build here
    3. render       Markdown on every core, while Pelican reads and writes
    4. write        Pelican, through casebook.pelican: every page, each handed to
                    the search feeder as it is written; feeds, sitemap, exports
    5. index        each language's Pagefind bundle (started while 4 went on), merged
    6. images       derivatives, cleaned SVG and PDF on every core; the social cards
                    (drawn during step 4 on any core beyond its two), the rest drawn
    7. swap         the new folder becomes output/; a failed build leaves the old one

What the steps share is one ``Build``: the settings, the site, the render
cache, the search index, the catalog once the content is read, and the hooks
the writer calls. It lives for one build and ``close`` stops whatever it
started.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from casebook.buildinfo import peak_rss_mb, write_stats
from casebook.catalog.catalog import Catalog
from casebook.catalog.counterparts import Counterparts
from casebook.catalog.terms import Taxonomy
from casebook.cms import CmsMissing, admin_policy, node_modules, write_admin
from casebook.config import Config, SettingsFile, content_problems, read_config
from casebook.content.model import Asset, Item
from casebook.content.problems import Problem
from casebook.content.site import Site, load_site
from casebook.images.cards import CardDrawing, CardSpec, find_font
from casebook.images.publish import publish_images, published_assets
from casebook.markdown.rendercache import RenderCache, fragments_of
from casebook.outputs.colours import theme_files, write_theme_files
from casebook.outputs.fingerprint import StaticUrl, fingerprint_output
from casebook.outputs.pagecache import BodyReads, PageCache, site_digest
from casebook.outputs.sitemap import SitemapPage
from casebook.outputs.unchanged import keep_if_unchanged
from casebook.search.publish import PAGEFIND_VERSION, latest_bundle, publish_index
from casebook.search.stream import IndexStream, RenderedPage
from casebook.uptodate import build_key, is_up_to_date, last_warnings, remember_build

PageListener = Callable[[RenderedPage], None]
Transform = Callable[[str], str]


class BuildFailed(Exception):
    """The build did not produce a complete site; output/ was not touched.

    ``problems``: what to fix, one line each, as printed (``path:line: error: …``);
    ``casebook serve`` shows them over the preview."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


@dataclass(eq=False)
class Build:
    """What the steps of one build share."""

    config: Config
    site: Site
    output: Path  # the folder this build writes (swapped in at the end)
    render: RenderCache
    search: IndexStream | None = None
    catalog: Catalog | None = None  # once every item is read
    taxonomies: dict[str, Taxonomy] = field(default_factory=dict)  # by language
    counterparts: Counterparts | None = None  # every page in every language
    transforms: list[Transform] = field(default_factory=list)  # on every page's HTML
    listeners: list[PageListener] = field(default_factory=list)  # told of indexed pages
    drawing: CardDrawing | None = None  # the social cards, drawn beside the page build
    sitemap: list[SitemapPage] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)  # figures for build-stats.json
    # Rewrites one story's page with a new body (``casebook serve``); set by the door.
    rewrite_story: Callable[[Item], str | None] | None = None
    pages: PageCache | None = None  # whole pages kept from the last build
    body_reads: BodyReads = field(default_factory=BodyReads)  # of the page being rendered
    folders: threading.Thread | None = None  # making the pages' folders (make_folders)
    from_cache: set[Path] = field(default_factory=set)  # pages linked from the page cache

    @classmethod
    def start(cls, config: Config, site: Site, output: Path,
              pages: PageCache | None = None) -> Build:
        build = cls(config, site, output, RenderCache(config.cache / "render.sqlite"),
                    pages=pages)
        build.render.set_aside_if_damaged()
        if config.search:
            bundles = config.cache / "pagefind"
            scratch = bundles / f".writing-{os.getpid()}"
            build.search = IndexStream(site.aliases, scratch, site.guarded_aliases,
                                       seeds=latest_bundle(bundles),
                                       pagefind_version=PAGEFIND_VERSION,
                                       lead=config.default_lang)
            build.listeners.append(build.search.add)
        return build

    def page_rendered(self, page: RenderedPage) -> None:
        for listener in self.listeners:
            listener(page)

    def page_unchanged(self, save_as: str, url: str, digest: bytes,
                       html: Callable[[], str]) -> None:
        """An indexed page taken from the page cache (``digest``: of its HTML): the search
        feeder needs its HTML only if the last search bundle does not have it."""
        if self.search is not None:
            self.search.add_unchanged(save_as, url, digest, html)

    def language_written(self, lang: str) -> None:
        """Every page of ``lang`` is written: its search bundle can be written now."""
        if self.search is not None:
            self.search.close_language(lang)

    def make_folders(self, pages: Iterable[str]) -> None:
        """The folders of these pages (``save_as``), made on a thread of their own while
        the build works out the catalog and renders: a folder a page to be written, and
        at 10,000 stories creating them is seconds of waiting on the file system."""
        self.folders = threading.Thread(target=_make_folders,
                                        args=(str(self.output), [p for p in pages if p]),
                                        daemon=True)
        self.folders.start()

    def previous_version(self, path: Path) -> Path | None:
        """The last build's file where this build writes ``path`` (None outside the
        folder this build writes, e.g. a page rewritten in place by ``casebook serve``)."""
        try:
            relative = path.relative_to(self.output)
        except ValueError:
            return None
        return self.config.output / relative

    def keep_if_unchanged(self, path: Path) -> None:
        """A file just written here that is byte for byte the last build's becomes the
        last build's file (``casebook.outputs.unchanged``); a page from the page cache
        is the file the last build had already, or a page it did not have."""
        if path in self.from_cache:
            return
        previous = self.previous_version(path)
        if previous is not None and _same_inode(previous, path):
            return  # a page from the page cache that the last build had too
        keep_if_unchanged(path, previous)

    def draw_cards(self, cards: list[CardSpec]) -> None:
        """Start drawing the social cards the cache lacks (``CardDrawing``): as soon as
        the stories are read, beside the writing of their pages."""
        if cards:
            self.drawing = CardDrawing(cards, find_font(self.config.card_font),
                                       self.config.cache / "images")

    def published_assets(self) -> list[Asset]:
        """The files of everything published (and the site image)."""
        return list(published_assets(self.catalog).values()) if self.catalog else []

    def item_html(self, item: Item, index: int = 0) -> str:
        """An item's body (or an interview's ``index``-th answer) as HTML; the page
        being rendered is recorded as reading it (``casebook.outputs.pagecache``)."""
        self.body_reads.read(item.source, index)
        return self.render.item_html(self.site, item, self.config.siteurl, index)

    def fragment_key(self, source: str, index: int) -> str | None:
        """The render key of an item's ``index``-th fragment as the item is now (None if
        there is no such item or fragment): what the page cache compares."""
        keys = self.render.keys_of.get(source)
        if keys is None:  # the build has not taken it from the workers yet
            item = self.site.by_source().get(source)
            if item is None:
                return None
            keys = self.fragment_keys(item)
        return keys[index] if index < len(keys) else None

    def fragment_keys(self, item: Item) -> list[str]:
        # Asking for its body takes what the workers have done up to this item.
        self.render.item_html(self.site, item, self.config.siteurl)
        keys = self.render.keys_of.get(item.source)
        if keys is None:  # not rendered by the workers (edited in casebook serve)
            keys = [fragment.key() for fragment in fragments_of(self.site, item,
                                                                self.config.siteurl)]
        return keys

    def close(self) -> None:
        """Stop whatever is still running (a failed build's workers and search)."""
        if self.folders is not None:
            self.folders.join()
        self.render.stop()
        if self.drawing is not None:
            self.drawing.cancel()
        if self.search is not None:
            self.search.finish(None)
        self.listeners.clear()

    def __enter__(self) -> Build:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# What runs the write step (casebook.pelican.write_pages): the only door to Pelican.
WritePages = Callable[[Build, dict[str, Any]], None]


def build_site(settings: dict[str, Any], settings_file: Path, write_pages: WritePages,
               out: TextIO | None = None, force: bool = False,
               keep: Callable[[Build], None] | None = None) -> Path:
    """The pipeline: load, validate, render, write, index, images, swap.
    Returns the output folder; raises BuildFailed (output/ untouched) or ConfigError.

    ``keep`` receives the finished build (``casebook serve`` rewrites edited
    pages with it)."""
    started = time.perf_counter()
    out = out or sys.stderr
    config = read_config(settings, settings_file)
    refuse_cache_inside(config.output, config.cache)
    key = build_key(settings, config)
    if not force and config.output.is_dir() and is_up_to_date(config, key):  # 0. up to date?
        report_up_to_date(config, out, started)
        return config.output
    site = load_site(config.content)                                # 1. load
    site.problems += content_problems(config, site) + editor_problems(config)
    validate(site, out)                                             # 2. validate
    config.output.parent.mkdir(parents=True, exist_ok=True)
    clearing = remove_stale_dirs(config.output)
    staging = staging_dir(config.output)
    pages = PageCache.open(config.cache / "pages", page_inputs(settings, config, site))
    try:
        with Build.start(config, site, staging, pages) as build:
            build.render.start_prerender(site, config.siteurl)     # 3. render
            write_pages(build, settings)                            # 4. write
            write_theme_files(staging / config.theme_static_dir, theme_files(config.colours))
            if config.cms:
                write_admin(staging, config, site.vocabularies, site_css_url(config))
            build.stats["render"] = build.render.finish_prerender()
            for kind in ("pages", "feeds", "files"):
                build.stats[kind] = pages.counts.get(kind, {"rendered": 0, "reused": 0})
            build.stats["search"] = publish_index(                  # 5. index
                build.search, staging / config.search_bundle, config.cache / "pagefind")
            build.stats["images"] = publish_images(                 # 6. images
                build.published_assets(), build.drawing, config.cache / "images",
                staging / "media")
            if config.fingerprint:
                fingerprint_output(staging, config.theme_static_dir,
                                   admin_policy(config) if config.cms else None)
            if keep is not None:
                keep(build)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    staging.chmod(0o755)
    replace_dir(staging, config.output)                             # 7. swap
    pages.save()
    if clearing is not None:
        clearing.wait()
    remember_build(config, key, [str(p) for p in sorted(site.problems) if p.level == "warning"])
    write_stats(config.cache, {"seconds": round(time.perf_counter() - started, 2),
                               "peak_rss_mb": peak_rss_mb(), "up_to_date": False,
                               **build.stats})
    return config.output


def static_urls(config: Config) -> StaticUrl:
    """The addresses of the theme's files (and of those the build writes beside them)."""
    return StaticUrl(config.fingerprint, config.theme, config.theme_static_dir,
                     theme_files(config.colours))


def page_inputs(settings: dict[str, Any], config: Config, site: Site) -> str:
    """What every page may show but bodies (``casebook.outputs.pagecache.site_digest``),
    Casebook's code and the theme included."""
    return site_digest(settings, config, site, [config.theme, Path(__file__).parent])


def _make_folders(output: str, pages: list[str]) -> None:
    for folder in sorted({os.path.dirname(page) for page in pages}):
        os.makedirs(os.path.join(output, folder), exist_ok=True)


def _same_inode(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:
        return False


def site_css_url(config: Config) -> str:
    """The site's stylesheet as the editor's preview pane links it."""
    url = static_urls(config)("css/site.css")
    return f"{config.siteurl}/{url}" if config.siteurl else f"/{url}"


def editor_problems(config: Config) -> list[Problem]:
    """The browser editor needs Decap CMS installed."""
    if not config.cms:
        return []
    try:
        node_modules(config.root)
    except CmsMissing as exc:
        return [SettingsFile(config.settings_file).problem("CASEBOOK_CMS", f"CASEBOOK_CMS: {exc}")]
    return []


def validate(site: Site, out: TextIO) -> None:
    """Print every problem, warnings first; raise BuildFailed if any is an error."""
    for problem in sorted(site.problems, key=lambda p: (p.level != "warning", p)):
        print(problem, file=out)
    if site.errors:
        raise BuildFailed(f"{len(site.errors)} content error(s); fix them and build again "
                          "(output/ was left unchanged)",
                          [str(problem) for problem in sorted(site.errors)])


def report_up_to_date(config: Config, out: TextIO, started: float) -> None:
    for warning in last_warnings(config):
        print(warning, file=out)
    print(f"{config.output.name}/ is up to date: nothing changed since the last build "
          "(casebook build --force builds anyway)", file=out)
    write_stats(config.cache, {"seconds": round(time.perf_counter() - started, 2),
                               "peak_rss_mb": peak_rss_mb(), "up_to_date": True})


def refuse_cache_inside(output: Path, cache: Path) -> None:
    """The cache holds the HTML of drafts and scheduled stories: it must never be
    where the site is published from."""
    output, cache = output.resolve(), cache.resolve()
    if cache == output or output in cache.parents:
        raise BuildFailed(
            f"CASEBOOK_CACHE_PATH ({cache}) is inside OUTPUT_PATH ({output}); the cache holds "
            "drafts, which must never be published: keep the cache outside (default .cache)")


def staging_dir(output: Path) -> Path:
    """A new folder beside ``output`` to build into, named after this process, so that
    a later build can tell it from a live one's once this process is gone."""
    return Path(tempfile.mkdtemp(prefix=f".{output.name}.build-{os.getpid()}-", dir=output.parent))


def remove_stale_dirs(output: Path) -> subprocess.Popen[bytes] | None:
    """Start removing what earlier builds left beside ``output``: the trees they
    replaced (``replace_dir``), and the staging folders of builds that were killed
    (SIGKILL, a power cut). ``rm`` does it beside the build, which waits for it only at
    the end: deleting the 12,000 pages of a 10,000-story site is a second of waiting on
    the disk (a thread of ours would take the interpreter lock for every file)."""
    stale = [*output.parent.glob(f".{output.name}.old-*")]  # replaced: nobody's any more
    for folder in output.parent.glob(f".{output.name}.build-*"):
        pid = folder.name.removeprefix(f".{output.name}.build-").split("-", 1)[0]
        if not (pid.isdigit() and _is_running(int(pid))):
            stale.append(folder)
    if not stale:
        return None
    try:
        return subprocess.Popen(["rm", "-rf", "--", *map(str, stale)],
                                stdin=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError:  # no rm: remove them here and now
        for folder in stale:
            shutil.rmtree(folder, ignore_errors=True)
        return None


def _is_running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def replace_dir(new: Path, target: Path) -> None:
    """Put ``new`` where ``target`` is. The old tree is left beside it, hidden, for the
    next build to remove while it loads the content (``remove_stale_dirs``): the
    build that replaced it is done a second sooner at 10,000 stories."""
    if target.exists():
        target.rename(target.with_name(f".{target.name}.old-{os.getpid()}-{time.time_ns()}"))
    new.rename(target)
