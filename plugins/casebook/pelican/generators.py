"""Casebook's generators, in the order they write (``GENERATORS``).

Pelican's own article and page generators are given no folders to read
(``casebook.pelican.PELICAN_FIXED``): Casebook's read stories, pages and FAQ
entries with Casebook's content classes. Stories are written last, one
language after another, the site's own first: each language's search bundle
is started the moment its last story is written, and is written while the
build renders the next language, the feeds, the sitemap and the exports.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican.generators import Generator

from casebook.build import Build
from casebook.buildinfo import return_free_memory
from casebook.catalog.catalog import Catalog, newest_date
from casebook.catalog.counterparts import HOME, Key, item_key
from casebook.catalog.filters import story_filters
from casebook.catalog.voices import gather_voices
from casebook.content.model import Item
from casebook.content.stats import coverage, month_chart_svg
from casebook.outputs.export import story_record, write_csv, write_json, write_table_csv
from casebook.outputs.feeds import FeedEntry, same_day_seconds
from casebook.outputs.sitemap import sitemap_entries, sitemap_xml
from casebook.outputs.unchanged import link_or_copy
from casebook.pelican.contents import Faq, Interview, Page, Story, build_of
from casebook.pelican.templates import prepare_environment
from casebook.pelican.writer import BODIES_READ, SHOWS_ALSO, CasebookWriter
from casebook.search.index import query_aliases

FEED_LANG = "casebook_feed_lang"  # the language of the feed being written, in its context


class CasebookGenerator(Generator):  # type: ignore[misc]
    """A generator of the build: its templates prepared, its memory given back after."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.build: Build = build_of(self.settings)
        prepare_environment(self.env, self.build)

    @property
    def catalog(self) -> Catalog:
        assert self.build.catalog is not None, "the catalog is made once every item is read"
        return self.build.catalog

    def generate_output(self, writer: Any) -> None:
        self.write(writer)
        # What this generator freed goes back to the system, so the next one (the
        # sitemap of every page, the export of every story) starts lower.
        return_free_memory()

    def write(self, writer: Any) -> None:
        """Write this generator's pages (nothing by default)."""

    def keep_unchanged(self, *paths: Path) -> None:
        """Files written here without Pelican's writer: the last build's where the same."""
        for path in paths:
            self.build.keep_if_unchanged(path)

    def write_site_file(self, path: Path, write: Callable[[Path], None]) -> None:
        """A file that shows nothing but what every page's key covers (front matter,
        settings, code; no body): taken from the page cache when those are the last
        build's, else written by ``write`` and kept there."""
        build, pages = self.build, self.build.pages
        if pages is None:
            write(path)
            self.keep_unchanged(path)
            return
        key = pages.page_key("file", path.relative_to(self.output_path).as_posix())
        cached = pages.reusable(key, build.fragment_key, kind="files")
        if cached is not None:
            link_or_copy(pages.path_of(cached), path)
            return
        write(path)
        self.keep_unchanged(path)
        pages.store(key, path, set(), build.fragment_key, kind="files")

    def write_listing(self, writer: Any, template: str, url: str, key: Key, lang: str,
                      **values: Any) -> None:
        self.write_page(writer, f"{url}index.html", template, key, lang, url=url, page_url=url,
                        **values)

    def write_pages(self, writer: Any, template: str, url: str, key: Key, lang: str,
                    items: list[Any], save_as: str | None = None, size: int | None = None,
                    **values: Any) -> None:
        """A listing of ``items`` (newest first) in pages of ``size`` (CASEBOOK_PAGE_SIZE
        unless given): the first at ``url``, the others at ``url``page/2/ and on, linked
        both ways. Only the first has versions in the other languages; the others'
        language switch leads there."""
        size = self.build.config.page_size if size is None else size
        for page in Pagination.of(url, len(items), size):
            first = page.number == 1
            self.write_page(writer, (save_as or f"{url}index.html") if first
                            else f"{page.url}index.html", template,
                            key if first else (*key, "page", str(page.number)), lang,
                            links_key=key, url=page.url, page_url=page.url,
                            items=items[page.first:page.last], item_total=len(items),
                            pagination=page, **values)

    def write_page(self, writer: Any, save_as: str, template: str, key: Key, lang: str,
                   links_key: Key | None = None, **values: Any) -> None:
        """A page, with its versions in the other languages (``alternates``, for hreflang
        and the sitemap) and where the language switch leads (``language_links``: to the
        versions of ``links_key`` when given, as for a listing's later pages)."""
        found = self.build.counterparts
        assert found is not None, "counterparts are worked out once every item is read"
        writer.write_file(save_as, self.get_template(template), self.context, lang=lang,
                          page_key=key, alternates=found.alternates(key),
                          language_links=found.links(links_key or key, lang), **values)


class ItemsGenerator(CasebookGenerator):
    """Reads the published items of its folders with a Casebook content class."""

    def read_items(self, folders: Iterable[str]) -> list[Any]:
        site, config = self.build.site, self.build.config
        found = []
        for path in sorted(self.get_files(list(folders))):
            item = site.by_source().get(Path(path).as_posix())
            if item is None or not (config.preview or item.is_public(config.today)):
                continue  # not content (a hidden file), or not published in this build
            found.append(self.readers.read_file(base_path=self.path, path=path,
                                                content_class=content_class(item),
                                                context=self.context))
        return found


def content_class(item: Item) -> type[Any]:
    return {"story": Story, "interview": Interview, "faq": Faq, "page": Page}[item.kind]


class PagesGenerator(ItemsGenerator):
    def generate_context(self) -> None:
        # In the order of their file names, as Pelican orders pages.
        self.pages = sorted(self.read_items(self.build.config.content.page_paths),
                            key=lambda page: Path(page.source_path).name)
        self.context["pages"] = self.pages  # the navigation lists them

    def write(self, writer: Any) -> None:
        for page in self.pages:
            self.write_page(writer, page.save_as, page.template, item_key(page), page.lang,
                            page=page, relative_urls=self.settings["RELATIVE_URLS"],
                            override_output=False, url=page.url)


class FaqGenerator(ItemsGenerator):
    def generate_context(self) -> None:
        self.faqs = sorted(self.read_items(self.build.config.content.faq_paths),
                           key=lambda f: (f.model.order, f.title))

    def write(self, writer: Any) -> None:
        for faq in self.faqs:
            self.write_page(writer, faq.save_as, faq.template, item_key(faq), faq.lang, faq=faq,
                            page=faq, relative_urls=self.settings["RELATIVE_URLS"], url=faq.url)


class StoriesGenerator(ItemsGenerator):
    """Stories and interviews, written one language after another (see the module)."""

    def generate_context(self) -> None:
        self.stories = self.read_items(self.build.config.content.story_paths)
        self.build.rewrite_story = self.rewrite

    def write(self, writer: Any) -> None:
        for lang in self.catalog.languages():
            for story in self.catalog.stories.get(lang, []):
                self.write_story(writer, story)
            self.build.language_written(lang)

    def write_story(self, writer: Any, story: Any) -> None:
        self.write_page(writer, story.save_as, story.template, item_key(story), story.lang,
                        article=story, category=getattr(story, "category", None),
                        override_output=False, url=story.url, blog=True)

    def rewrite(self, item: Item) -> str | None:
        """Write one story's page again with an edited body, into the finished site
        (``casebook serve``: its front matter is unchanged). Returns the file written."""
        story = next((s for s in self.stories if s.model.source == item.source), None)
        if story is None:
            return None
        story.model = item
        self.build.render.forget(item.source)
        self.write_story(CasebookWriter(str(self.build.config.output), settings=self.settings),
                         story)
        return str(story.save_as)


class SitePagesGenerator(CasebookGenerator):
    """Home, the FAQ index and search per language; the 404 page and robots.txt."""

    def write(self, writer: Any) -> None:
        catalog = self.catalog
        feature_order = list(catalog.vocabularies.features)
        for lang in catalog.languages():
            prefix = catalog.prefix(lang)
            stories = catalog.stories.get(lang, [])
            faqs = sorted(catalog.faqs.get(lang, []), key=lambda f: (f.model.order, f.title))
            self.write_listing(writer, "index", prefix, HOME, lang,
                               featured=[s for s in stories if s.model.featured],
                               stories=[s for s in stories if s.model.kind == "story"],
                               interviews=[s for s in stories if s.model.kind == "interview"],
                               faqs=faqs, lastmod=newest_date(stories))
            self.write_listing(writer, "faq_index", f"{prefix}faq/", ("faq",), lang,
                               groups=group_by_feature(faqs, feature_order), all_faqs=faqs,
                               lastmod=newest_date(faqs))
            site = self.build.site
            self.write_listing(writer, "search", f"{prefix}search/", ("search",), lang,
                               aliases=query_aliases(site.aliases, site.guarded_aliases, lang))
        self.write_page(writer, "404.html", "404", ("404",), catalog.default_lang, url="",
                        page_url="")
        write_robots(Path(self.output_path), list(self.build.config.robots_disallow),
                     self.build.config.siteurl)
        self.keep_unchanged(Path(self.output_path) / "robots.txt")


@dataclass(frozen=True)
class Pagination:
    """One page of a listing: which items it shows and where its neighbours are."""

    number: int
    count: int
    first: int
    last: int
    urls: tuple[str, ...]  # every page's address, the first page's first

    @classmethod
    def of(cls, url: str, total: int, size: int) -> list[Pagination]:
        size = size or max(total, 1)
        count = max(1, -(-total // size))
        folder = url if url.endswith("/") else url.rsplit(".", 1)[0] + "/"  # x.html: x/page/2/
        urls = tuple(url if n == 1 else f"{folder}page/{n}/" for n in range(1, count + 1))
        return [cls(n, count, (n - 1) * size, n * size, urls) for n in range(1, count + 1)]

    @property
    def url(self) -> str:
        return self.urls[self.number - 1]

    @property
    def previous(self) -> str | None:
        return self.urls[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.urls[self.number] if self.number < self.count else None


def write_robots(output: Path, disallowed: list[str], siteurl: str = "") -> None:
    """robots.txt: everything may be crawled except the editors' pages."""
    rules = "".join(f"Disallow: {path}\n" for path in disallowed) or "Disallow:\n"
    # Crawlers need the sitemap's absolute URL; a local build has none to give.
    sitemap = f"\nSitemap: {siteurl}/sitemap.xml\n" if siteurl.startswith("http") else ""
    (output / "robots.txt").write_text(f"User-agent: *\n{rules}{sitemap}", encoding="utf-8")


def group_by_feature(faqs: list[Any], order: list[str]) -> list[tuple[str, list[Any]]]:
    """FAQ entries under each of their features, features in vocabulary order."""
    groups: dict[str, list[Any]] = defaultdict(list)
    for faq in faqs:
        for feature in faq.model.features:
            groups[feature].append(faq)
    return sorted(groups.items(), key=lambda group: order.index(group[0]))


class TaxonomyGenerator(CasebookGenerator):
    """Term, pair, term-index and story-listing pages in every language."""

    def write(self, writer: Any) -> None:
        catalog = self.catalog
        for lang, tax in self.build.taxonomies.items():
            prefix = catalog.prefix(lang)
            stories = catalog.stories.get(lang, [])
            filters = story_filters(stories, prefix)
            common: dict[str, Any] = {"tax": tax, "filters": filters}
            self._write(writer, "stories", f"{prefix}stories/", ("stories",), lang,
                        items=stories, **common)
            for group in filters.values():
                for story_filter in group:
                    key = ("filter", story_filter.dimension, story_filter.value)
                    self._write(writer, "story_filter", story_filter.url, key, lang,
                                items=story_filter.stories, story_filter=story_filter,
                                **common)
            self._write(writer, "term_index", f"{prefix}features/", ("features",), lang,
                        terms=tax.feature_list(), kind="feature", **common)
            self._write(writer, "term_index", f"{prefix}industries/", ("industries",), lang,
                        terms=tax.industry_list(), kind="industry", **common)
            for term in [*tax.features.values(), *tax.industries.values()]:
                self.write_pages(writer, "term", term.url, (term.kind, term.slug), lang,
                                 term.stories, save_as=term.save_as,
                                 lastmod=newest_date([*term.stories, *term.faqs]),
                                 kind=term.kind, term=term, term_faqs=term.faqs, **common)
            for (feature, industry), pair in tax.pairs.items():
                self.write_pages(writer, "pair", pair.url, ("pair", feature, industry), lang,
                                 pair.stories, save_as=pair.save_as,
                                 lastmod=newest_date(pair.stories), pair=pair, **common)

    def _write(self, writer: Any, template: str, url: str, key: Key, lang: str,
               **values: Any) -> None:
        listed = list(values.get("items", [])) + list(values.get("term_faqs", []))
        if "items" in values:
            items = values.pop("items")
            self.write_pages(writer, template, url, key, lang, list(items),
                             lastmod=newest_date(listed), **values)
            return
        self.write_listing(writer, template, url, key, lang, lastmod=newest_date(listed),
                           **values)


class VoicesGenerator(CasebookGenerator):
    """/voices/ and a page per question, in every language."""

    def write(self, writer: Any) -> None:
        catalog, build = self.catalog, self.build
        for lang in catalog.languages():
            # The answers are read before the pages are written: every voices page of the
            # language counts as reading them all (for the page cache).
            with build.body_reads.recording() as answers:
                questions = gather_voices(lang, catalog.stories.get(lang, []),
                                          build.config.urls, build.item_html)
            if not questions:
                continue
            read: dict[str, Any] = {BODIES_READ: answers}
            self.write_listing(writer, "voices_index", f"{catalog.prefix(lang)}voices/",
                               ("voices",), lang, questions=questions, **read)
            for question in questions:
                self.write_pages(writer, "voices", question.url, ("voice", question.slug),
                                 lang, question.voices, save_as=question.save_as,
                                 size=voices_page_size(build.config.page_size),
                                 question=question, questions=questions,
                                 lastmod=newest_date([v.interview for v in question.voices]),
                                 **read)


def voices_page_size(page_size: int) -> int:
    """Answers a page: half as many as cards (an answer is a few paragraphs, a card a
    title and a line), so that a page stays quick to load and to read."""
    return max(1, page_size // 2) if page_size else 0


class FeedsGenerator(CasebookGenerator):
    """Atom feeds per language, and per feature and industry."""

    def write(self, writer: Any) -> None:
        catalog, config = self.catalog, self.build.config

        shown = self.settings.get("FEED_MAX_ITEMS")  # Pelican's limit (None: every item)
        for lang in catalog.languages():
            seconds = same_day_seconds(catalog.stories.get(lang, []))

            def entries(contents: list[Any], seconds: dict[str, int] = seconds) -> list[FeedEntry]:
                """The entries of the feed's items, only as many as a feed shows."""
                return [FeedEntry.of(c, catalog.vocabularies, config.author, seconds[c.url])
                        for c in contents[:shown]]

            prefix = catalog.prefix(lang)
            context = {**self.context, FEED_LANG: lang, "SITENAME": config.site_name(lang)}
            if config.feed_all_atom:
                writer.write_feed(entries(catalog.stories.get(lang, [])), context,
                                  prefix + config.feed_all_atom, feed_type="atom")
            tax = self.build.taxonomies.get(lang)
            if tax is None:
                continue
            for pattern, terms in ((config.feature_feed_atom, tax.feature_list()),
                                   (config.industry_feed_atom, tax.industry_list())):
                for term in terms:
                    if pattern and term.stories:
                        writer.write_feed(entries(newest(term.stories)), context,
                                          prefix + pattern.format(slug=term.slug),
                                          feed_type="atom", feed_title=term.name)


def newest(contents: list[Any]) -> list[Any]:
    return sorted(contents, key=lambda c: (c.model.date, c.slug), reverse=True)


class ExportGenerator(CasebookGenerator):
    """/stories.json and /stories.csv: the public fields of every published story."""

    def write(self, writer: Any) -> None:
        catalog = self.catalog

        @functools.cache
        def records() -> list[dict[str, Any]]:
            return [story_record(content, catalog.vocabularies, self.build.config.siteurl)
                    for lang in catalog.languages()
                    for content in catalog.stories.get(lang, [])]

        output = Path(self.output_path)
        self.write_site_file(output / "stories.json", lambda path: write_json(records(), path))
        self.write_site_file(output / "stories.csv", lambda path: write_csv(records(), path))


STALE_SHOWN = 50  # stories listed on /editorial/ as needing a refresh (oldest first)
STALE_CSV = "stale-stories.csv"


class EditorialGenerator(CasebookGenerator):
    """/editorial/: the coverage report of ``casebook stats``, for editors."""

    def write(self, writer: Any) -> None:
        url = self.build.config.editorial_url
        if url:
            report = coverage(self.catalog.site, self.build.config.stale_months)
            # The report's date and the months it counts are today's: the only page
            # whose cached copy (pagecache.py) is good for one day.
            self.write_listing(writer, "editorial", url, ("editorial",),
                               self.catalog.default_lang, noindex=True, report=report,
                               month_chart=month_chart_svg, stale_shown=STALE_SHOWN,
                               stale_csv=STALE_CSV, **{SHOWS_ALSO: report.today.isoformat()})
            # The page lists the longest-unrevised stories; every one is in a spreadsheet.
            folder = Path(self.output_path) / url
            folder.mkdir(parents=True, exist_ok=True)
            oldest = sorted(report.stale, key=lambda s: -s.age_months)
            write_table_csv([{"file": s.story.source, "title": s.story.title,
                              "months since revised": s.age_months} for s in oldest],
                            ["file", "title", "months since revised"], folder / STALE_CSV)
            self.keep_unchanged(folder / STALE_CSV)


class SitemapGenerator(CasebookGenerator):
    """sitemap.xml of every page written before it (it runs after every page)."""

    def write(self, writer: Any) -> None:
        config = self.build.config
        entries = sitemap_entries(self.build.sitemap, config.siteurl, config.languages,
                                  config.default_lang)
        (Path(self.output_path) / "sitemap.xml").write_bytes(sitemap_xml(entries))
        self.keep_unchanged(Path(self.output_path) / "sitemap.xml")


# In the order they write: indexed pages, then the stories one language at a time,
# then what lists every page or story.
GENERATORS: tuple[type[CasebookGenerator], ...] = (
    PagesGenerator, FaqGenerator, SitePagesGenerator, TaxonomyGenerator, VoicesGenerator,
    StoriesGenerator, FeedsGenerator, ExportGenerator, EditorialGenerator, SitemapGenerator,
)
