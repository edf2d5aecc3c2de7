"""Every setting Casebook reads: declared once, typed, defaulted, documented, read once.

``SETTINGS`` lists each setting with its type, default and a line of
documentation (``docs/settings.md`` is generated from it: ``python -m
casebook.config``). ``read_config`` turns Pelican's settings dict into one
frozen ``Config`` at the start of a build: values are checked against their
declared type, a ``CASEBOOK_*`` name that is not declared is an error with a
suggestion, and every problem names the settings file and line. Nothing else
reads the settings dict.

"Today" is decided here, once per build, in the site's time zone: a build
that runs across midnight agrees with itself about what is scheduled.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from casebook.content.problems import Problem, did_you_mean
from casebook.content.site import ContentSettings, Site
from casebook.content.urls import Urls
from casebook.outputs.colours import colour_problems

PREFIX = "CASEBOOK_"
LANG_RE = re.compile(r"^[a-z]{2}(?:-[a-z]{2,4})?$")


class ConfigError(Exception):
    """Settings Casebook cannot build with; ``problems`` names each file and line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


# --- kinds of value -------------------------------------------------------------------------

@dataclass(frozen=True)
class Kind:
    """A type of setting value: its name in the docs, and how a value is checked."""

    name: str
    check: Callable[[Any], bool]


def _strings(value: Any) -> bool:
    return isinstance(value, list | tuple) and all(isinstance(v, str) for v in value)


def _mapping_of_strings(value: Any) -> bool:
    return isinstance(value, Mapping) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items())


TEXT = Kind("text", lambda v: isinstance(v, str))
OPTIONAL_TEXT = Kind("text or None", lambda v: v is None or isinstance(v, str))
FLAG = Kind("True or False", lambda v: isinstance(v, bool))
WHOLE = Kind("whole number", lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0)
TEXTS = Kind("list of text", _strings)
WIDTHS = Kind("list of whole numbers", lambda v: isinstance(v, list | tuple) and bool(v) and all(
    isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in v))
NAMES = Kind("mapping of text to text", _mapping_of_strings)
STRINGS = Kind("mapping of language to a mapping of text to text", lambda v: isinstance(
    v, Mapping) and all(isinstance(k, str) and _mapping_of_strings(m) for k, m in v.items()))
DATE = Kind("date (YYYY-MM-DD) or None", lambda v: v is None or isinstance(v, dt.date) or (
    isinstance(v, str) and bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", v))))


@dataclass(frozen=True)
class Setting:
    name: str
    kind: Kind
    default: Any
    doc: str
    group: str = "Casebook"


def _casebook(name: str, kind: Kind, default: Any, doc: str) -> Setting:
    return Setting(PREFIX + name, kind, default, doc)


def _pelican(name: str, kind: Kind, default: Any, doc: str) -> Setting:
    return Setting(name, kind, default, doc, "Pelican's name, Casebook's use")


def _url(name: str, default: str, doc: str) -> Setting:
    return Setting(name, TEXT, default, doc, "URLs (Pelican's naming)")


SETTINGS: tuple[Setting, ...] = (
    # content
    _casebook("LANGUAGES", TEXTS, ["en", "ja"], "Languages the site publishes (ISO codes); "
              "DEFAULT_LANG must be one of them, the others get a /<lang>/ folder."),
    _casebook("STORY_PATHS", TEXTS, ["stories"], "Folders of stories and interviews (page "
              "bundles or single files), relative to PATH."),
    _casebook("PAGE_PATHS", TEXTS, ["content/pages"], "Folders of plain pages."),
    _casebook("FAQ_PATHS", TEXTS, ["content/faq"], "Folders of FAQ entries."),
    _casebook("TAXONOMY_PATH", TEXT, "content/taxonomies", "Folder of features.yml and "
              "industries.yml, the controlled vocabularies."),
    _casebook("IMAGE_PATHS", TEXTS, ["content/images"], "Folders of images any item may use "
              "by name (the first also holds CASEBOOK_SITE_IMAGE)."),
    _casebook("SEARCH_ALIASES", TEXT, "content/search/aliases.yml", "Groups of words that "
              "should find each other in search."),
    _casebook("TODAY", DATE, None, "Build as if on this day (tests, or a preview of a "
              "scheduled story); None means today in TIMEZONE."),
    _casebook("PREVIEW", FLAG, False, "Show drafts and scheduled items with a badge (what "
              "`casebook serve` sets); never in a publish build."),
    # editorial rules
    _casebook("STALE_MONTHS", WHOLE, 18, "A story not updated for this many months is flagged "
              "for a refresh with the customer."),
    _casebook("SUMMARY_MAX", WHOLE, 200, "Characters of a summary that fit on a card; longer "
              "is a warning."),
    _casebook("SIGNOFF_MAX_MONTHS", WHOLE, 6, "Months between the customer's sign-off and "
              "publication before `casebook check` warns."),
    # output
    _casebook("SITENAMES", NAMES, {}, "The site's name in other languages than DEFAULT_LANG, "
              "e.g. {\"ja\": \"お客様事例\"}."),
    _casebook("TAGLINES", NAMES, {}, "The home page's lead and the pages' default "
              "description per language, e.g. {\"en\": \"How teams like yours succeed with "
              "Acme, in their own words\"}; a language not given uses the theme's."),
    _casebook("STRINGS", STRINGS, {}, "The theme's words replaced, per language: any key of "
              "theme/i18n/<lang>.yml, e.g. {\"en\": {\"q_usage\": \"How do you use Flowly "
              "day to day?\", \"search_placeholder\": \"e.g. invoices\"}}; the six interview "
              "questions are q_usage, q_why-fan, q_effort, q_near-give-up, q_comparison and "
              "q_favourite-features (new interviews and imports use them too)."),
    _casebook("PAGE_SIZE", WHOLE, 48, "Stories a listing, term, pair or filter page shows; "
              "the rest follow on numbered pages (…/page/2/), newest first. A voices page "
              "shows half as many answers. 0: one page."),
    _casebook("RELATED_COUNT", WHOLE, 3, "Related stories shown under a story."),
    _casebook("CTA_PAGE", OPTIONAL_TEXT, "share-your-story", "The page (its slug) that the call "
              "to action at the end of every story and interview links to, in the reader's "
              "language where it has a translation; None for no call to action."),
    _casebook("CTA_TEXT", NAMES, {}, "The call to action's heading per language, e.g. {\"en\": "
              "\"Tell other teams how you did it\"}; a language not given uses the theme's "
              "\"Share your story\" wording."),
    _casebook("FEED_ALL_ATOM", OPTIONAL_TEXT, "feeds/all.atom.xml", "The Atom feed of every "
              "story in a language (under /<lang>/ for other languages); None for none."),
    _casebook("EDITORIAL_URL", TEXT, "editorial/", "The coverage report for editors (not "
              "linked, not indexed); empty for none."),
    _casebook("ROBOTS_DISALLOW", TEXTS, ["/editorial/"], "Paths robots.txt asks crawlers to "
              "leave alone."),
    _casebook("FINGERPRINT", FLAG, False, "Name theme files by a hash of their bytes and write "
              "_headers with long cache lifetimes (publish builds)."),
    _casebook("PUBLISHER_LOGO_URL", OPTIONAL_TEXT, None, "An absolute URL of the vendor's "
              "logo for Article structured data."),
    _casebook("CACHE_PATH", TEXT, ".cache", "Where rendered bodies, image derivatives, cards "
              "and search bundles are kept between builds (never inside OUTPUT_PATH)."),
    # images
    _casebook("IMAGE_WIDTHS", WIDTHS, [480, 960, 1600], "Widths of image derivatives, each in "
              "WebP and the original format; never wider than the original."),
    _casebook("SITE_IMAGE", OPTIONAL_TEXT, None, "An image in CASEBOOK_IMAGE_PATHS for link "
              "previews of pages without an image of their own."),
    _casebook("LOGO", OPTIONAL_TEXT, None, "Your logo, an image in CASEBOOK_IMAGE_PATHS (SVG "
              "is sharpest), in every page's header beside the site's name."),
    _casebook("SOCIAL_CARDS", FLAG, True, "Draw a 1200x630 social card (og:image) for every "
              "story and interview."),
    _casebook("CARD_FONT", OPTIONAL_TEXT, None, "A font file with Latin and Japanese glyphs for "
              "social cards; None finds Noto Sans CJK."),
    _casebook("COLOURS", NAMES, {}, "The site's own colour in place of the theme's blue: "
              "{'brand': '#0f766e'} (links, buttons, focus rings on white), optionally "
              "'brand_dark' for readers in dark mode (else a readable lighter shade of brand). "
              "Each must read at 4.5:1 on its page."),
    _casebook("CARD_COLOURS", NAMES, {}, "Social card colours: background, accent, text "
              "(CSS hex)."),
    # search
    _casebook("SEARCH", FLAG, True, "Write a Pagefind index in every build, one per language."),
    _casebook("SEARCH_BUNDLE", TEXT, "pagefind", "The folder of the search index in the "
              "output."),
    # the browser editor
    _casebook("CMS", FLAG, False, "Publish the browser editor (Decap CMS) at /admin/ with "
              "the site; `casebook serve --cms` always serves it, on the local backend."),
    _casebook("CMS_BACKEND", NAMES, {"name": "github", "repo": "", "branch": "main"},
              "Where the browser editor reads and writes the files: Decap's backend settings "
              "(name github, gitlab or gitea; repo owner/name; branch; base_url of an OAuth "
              "proxy). docs/editor-guide.md says how to set one up."),
    _casebook("CMS_PROXY", OPTIONAL_TEXT, None, "Set by `casebook serve --cms`: the address "
              "of the local backend (decap-server) the editor uses instead."),
    # Pelican's own settings Casebook reads
    _pelican("SITENAME", TEXT, "Customer Stories", "The site's name in DEFAULT_LANG."),
    _pelican("SITEURL", TEXT, "", "The site's address without a trailing slash (empty for a "
             "local preview)."),
    _pelican("AUTHOR", TEXT, "", "Who publishes the site (feeds, structured data)."),
    _pelican("DEFAULT_LANG", TEXT, "en", "The site's own language, published at the root."),
    _pelican("TIMEZONE", TEXT, "UTC", "The editors' time zone: it decides what \"today\" is."),
    _pelican("FEATURE_FEED_ATOM", OPTIONAL_TEXT, "feeds/features/{slug}.atom.xml", "An Atom "
             "feed per feature; None for none."),
    _pelican("INDUSTRY_FEED_ATOM", OPTIONAL_TEXT, "feeds/industries/{slug}.atom.xml", "An Atom "
             "feed per industry; None for none."),
    # URLs: Pelican derives a content class's URL from settings named after the class
    _url("STORY_URL", "stories/{slug}/", "A story's address."),
    _url("STORY_SAVE_AS", "stories/{slug}/index.html", "A story's file."),
    _url("STORY_LANG_URL", "{lang}/stories/{slug}/", "A story's address in another language."),
    _url("STORY_LANG_SAVE_AS", "{lang}/stories/{slug}/index.html", "Its file."),
    _url("INTERVIEW_URL", "interviews/{slug}/", "An interview's address."),
    _url("INTERVIEW_SAVE_AS", "interviews/{slug}/index.html", "An interview's file."),
    _url("INTERVIEW_LANG_URL", "{lang}/interviews/{slug}/", "In another language."),
    _url("INTERVIEW_LANG_SAVE_AS", "{lang}/interviews/{slug}/index.html", "Its file."),
    _url("FAQ_URL", "faq/{slug}/", "An FAQ entry's address."),
    _url("FAQ_SAVE_AS", "faq/{slug}/index.html", "An FAQ entry's file."),
    _url("FAQ_LANG_URL", "{lang}/faq/{slug}/", "In another language."),
    _url("FAQ_LANG_SAVE_AS", "{lang}/faq/{slug}/index.html", "Its file."),
    _url("PAGE_URL", "{slug}/", "A page's address."),
    _url("PAGE_SAVE_AS", "{slug}/index.html", "A page's file."),
    _url("PAGE_LANG_URL", "{lang}/{slug}/", "In another language."),
    _url("PAGE_LANG_SAVE_AS", "{lang}/{slug}/index.html", "Its file."),
    _url("FEATURE_URL", "features/{slug}/", "A feature's listing."),
    _url("FEATURE_LANG_URL", "{lang}/features/{slug}/", "In another language."),
    _url("INDUSTRY_URL", "industries/{slug}/", "An industry's listing."),
    _url("INDUSTRY_LANG_URL", "{lang}/industries/{slug}/", "In another language."),
    _url("PAIR_URL", "features/{feature}/{industry}/", "A feature within one industry."),
    _url("PAIR_LANG_URL", "{lang}/features/{feature}/{industry}/", "In another language."),
    _url("VOICE_URL", "voices/{slug}/", "Every answer to one of the six questions."),
    _url("VOICE_LANG_URL", "{lang}/voices/{slug}/", "In another language."),
)
DECLARED = {setting.name: setting for setting in SETTINGS}
# Pelican settings Casebook does not read, with what it reads instead and Pelican's
# default (a value other than the default was meant for Casebook).
RENAMED = {"ARTICLE_PATHS": ("CASEBOOK_STORY_PATHS", [""]),
           "PAGE_PATHS": ("CASEBOOK_PAGE_PATHS", ["pages"])}


@dataclass(frozen=True)
class Config:
    """Casebook's settings, typed, read once per build."""

    root: Path
    output: Path
    settings_file: Path
    content: ContentSettings  # what the content model needs (paths, languages, today, URLs)
    siteurl: str
    sitename: str
    sitenames: tuple[tuple[str, str], ...]
    author: str
    preview: bool
    stale_months: int
    summary_max: int
    signoff_max_months: int
    related_count: int
    page_size: int
    cta_page: str | None
    cta_text: tuple[tuple[str, str], ...]
    feed_all_atom: str | None
    feature_feed_atom: str | None
    industry_feed_atom: str | None
    editorial_url: str
    robots_disallow: tuple[str, ...]
    fingerprint: bool
    publisher_logo_url: str | None
    cache: Path
    social_cards: bool
    card_font: str | None
    card_colours: tuple[tuple[str, str], ...]
    colours: tuple[tuple[str, str], ...]  # the site's brand colour(s); () keeps the theme's
    cms: bool
    cms_backend: tuple[tuple[str, str], ...]
    cms_proxy: str | None
    strings: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]  # UI words replaced
    search: bool
    search_bundle: str
    theme: Path
    theme_static_dir: str
    values: tuple[tuple[str, Any], ...] = field(default=(), repr=False)  # every declared value

    @property
    def today(self) -> dt.date:
        return self.content.today

    @property
    def urls(self) -> Urls:
        return self.content.urls

    @property
    def default_lang(self) -> str:
        return self.content.default_lang

    @property
    def languages(self) -> tuple[str, ...]:
        return self.content.languages

    def site_name(self, lang: str) -> str:
        return dict(self.sitenames).get(lang, self.sitename)

    def prefix(self, lang: str) -> str:
        """The URL folder of a language: '' for the default, 'ja/' for Japanese."""
        return "" if lang == self.default_lang else f"{lang}/"

    def pelican_values(self) -> dict[str, Any]:
        """Every declared setting with its value (defaults filled in), for Pelican's run."""
        return dict(self.values)


def read_config(settings: Mapping[str, Any], settings_file: Path) -> Config:
    """The typed settings of one build; raises ConfigError naming file and line."""
    where = SettingsFile(settings_file)
    problems = [*_unknown(settings, where), *_renamed(settings, where)]
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        value = settings.get(setting.name, setting.default)
        if not setting.kind.check(value):
            problems.append(where.problem(setting.name, f"{setting.name} must be a "
                                          f"{setting.kind.name}, not {value!r}"))
            value = setting.default
        values[setting.name] = value
    problems += _consistency(values, where)
    if problems:
        raise ConfigError(problems)
    return _config(settings, settings_file, values)


def _config(settings: Mapping[str, Any], settings_file: Path, v: dict[str, Any]) -> Config:
    root = Path(settings.get("PATH") or settings_file.parent).resolve()
    languages = tuple(v["CASEBOOK_LANGUAGES"])
    cache = Path(v["CASEBOOK_CACHE_PATH"])
    content = ContentSettings(
        root=root,
        story_paths=tuple(v["CASEBOOK_STORY_PATHS"]),
        page_paths=tuple(v["CASEBOOK_PAGE_PATHS"]),
        faq_paths=tuple(v["CASEBOOK_FAQ_PATHS"]),
        taxonomy_path=v["CASEBOOK_TAXONOMY_PATH"],
        image_paths=tuple(v["CASEBOOK_IMAGE_PATHS"]),
        languages=languages,
        default_lang=v["DEFAULT_LANG"],
        timezone=v["TIMEZONE"],
        today=_today(v["CASEBOOK_TODAY"], v["TIMEZONE"]),
        site_image=v["CASEBOOK_SITE_IMAGE"],
        logo=v["CASEBOOK_LOGO"],
        aliases_path=v["CASEBOOK_SEARCH_ALIASES"],
        image_widths=tuple(sorted(v["CASEBOOK_IMAGE_WIDTHS"])),
        urls=Urls(tuple((s.name, v[s.name]) for s in SETTINGS if s.group.startswith("URLs")),
                  v["DEFAULT_LANG"]),
    )
    return Config(
        root=root,
        output=Path(settings.get("OUTPUT_PATH") or root / "output").resolve(),
        settings_file=settings_file,
        content=content,
        siteurl=v["SITEURL"],
        sitename=v["SITENAME"],
        sitenames=tuple(sorted(v["CASEBOOK_SITENAMES"].items())),
        author=v["AUTHOR"],
        preview=v["CASEBOOK_PREVIEW"],
        stale_months=v["CASEBOOK_STALE_MONTHS"],
        summary_max=v["CASEBOOK_SUMMARY_MAX"],
        signoff_max_months=v["CASEBOOK_SIGNOFF_MAX_MONTHS"],
        related_count=v["CASEBOOK_RELATED_COUNT"],
        page_size=v["CASEBOOK_PAGE_SIZE"],
        cta_page=v["CASEBOOK_CTA_PAGE"],
        cta_text=tuple(sorted(v["CASEBOOK_CTA_TEXT"].items())),
        feed_all_atom=v["CASEBOOK_FEED_ALL_ATOM"],
        feature_feed_atom=v["FEATURE_FEED_ATOM"],
        industry_feed_atom=v["INDUSTRY_FEED_ATOM"],
        editorial_url=v["CASEBOOK_EDITORIAL_URL"],
        robots_disallow=tuple(v["CASEBOOK_ROBOTS_DISALLOW"]),
        fingerprint=v["CASEBOOK_FINGERPRINT"],
        publisher_logo_url=v["CASEBOOK_PUBLISHER_LOGO_URL"],
        cache=cache if cache.is_absolute() else root / cache,
        social_cards=v["CASEBOOK_SOCIAL_CARDS"],
        card_font=v["CASEBOOK_CARD_FONT"],
        card_colours=tuple(sorted(v["CASEBOOK_CARD_COLOURS"].items())),
        colours=tuple(sorted(v["CASEBOOK_COLOURS"].items())),
        cms=v["CASEBOOK_CMS"] or v["CASEBOOK_CMS_PROXY"] is not None,
        cms_backend=tuple(sorted(v["CASEBOOK_CMS_BACKEND"].items())),
        cms_proxy=v["CASEBOOK_CMS_PROXY"],
        strings=tuple(sorted((lang, tuple(sorted(words.items())))
                             for lang, words in v["CASEBOOK_STRINGS"].items())),
        search=v["CASEBOOK_SEARCH"],
        search_bundle=v["CASEBOOK_SEARCH_BUNDLE"],
        theme=Path(settings.get("THEME") or root / "theme"),
        theme_static_dir=str(settings.get("THEME_STATIC_DIR") or "theme"),
        values=tuple((name, v[name]) for name in DECLARED),
    )


def _today(given: Any, timezone: str) -> dt.date:
    if isinstance(given, dt.date):
        return given
    if isinstance(given, str):
        return dt.date.fromisoformat(given)
    return dt.datetime.now(ZoneInfo(timezone)).date()


def _unknown(settings: Mapping[str, Any], where: SettingsFile) -> list[Problem]:
    names = [name for name in settings if name.startswith(PREFIX) and name not in DECLARED]
    known = [s.name for s in SETTINGS if s.name.startswith(PREFIX)]
    return [where.problem(name, f"unknown setting {name}{did_you_mean(name, known)} (every "
                                "Casebook setting is listed in docs/settings.md)")
            for name in sorted(names)]


def _renamed(settings: Mapping[str, Any], where: SettingsFile) -> list[Problem]:
    return [where.problem(old, f"{old} is not read by Casebook: rename it to {new}")
            for old, (new, default) in RENAMED.items()
            if old in settings and list(settings[old]) != default]


def _consistency(v: dict[str, Any], where: SettingsFile) -> list[Problem]:
    problems = []
    languages = v["CASEBOOK_LANGUAGES"]
    for lang in languages:
        if not LANG_RE.match(lang):
            problems.append(where.problem("CASEBOOK_LANGUAGES", f"CASEBOOK_LANGUAGES: '{lang}' "
                                          "is not a language code such as 'en' or 'ja'"))
    if v["DEFAULT_LANG"] not in languages:
        problems.append(where.problem("DEFAULT_LANG", f"DEFAULT_LANG '{v['DEFAULT_LANG']}' is "
                                      f"not one of CASEBOOK_LANGUAGES ({', '.join(languages)})"))
    try:
        ZoneInfo(v["TIMEZONE"])
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(where.problem("TIMEZONE", f"TIMEZONE '{v['TIMEZONE']}' is not a time "
                                      "zone such as 'Asia/Tokyo' or 'UTC'"))
    if isinstance(v["CASEBOOK_TODAY"], str):
        try:
            dt.date.fromisoformat(v["CASEBOOK_TODAY"])
        except ValueError:
            problems.append(where.problem("CASEBOOK_TODAY", f"CASEBOOK_TODAY "
                                          f"'{v['CASEBOOK_TODAY']}' is not a real date"))
    problems += _editor_backend(v, where)
    problems += [where.problem("CASEBOOK_COLOURS", message)
                 for message in colour_problems(v["CASEBOOK_COLOURS"])]
    for setting in SETTINGS:
        if setting.group.startswith("URLs") and "{slug}" not in v[setting.name] and (
                "{feature}" not in v[setting.name]):
            problems.append(where.problem(setting.name, f"{setting.name} must contain {{slug}} "
                                          "(each item needs an address of its own)"))
        if "_LANG_" in setting.name and "{lang}" not in v[setting.name]:
            problems.append(where.problem(setting.name, f"{setting.name} must contain {{lang}}"))
    return problems


EDITOR_BACKENDS = ("github", "gitlab", "gitea")


def _editor_backend(v: dict[str, Any], where: SettingsFile) -> list[Problem]:
    """The browser editor, when published, needs to know which repository it edits."""
    if not v["CASEBOOK_CMS"] or v["CASEBOOK_CMS_PROXY"]:
        return []
    backend = v["CASEBOOK_CMS_BACKEND"]
    name = backend.get("name", "")
    if name not in EDITOR_BACKENDS:
        return [where.problem("CASEBOOK_CMS_BACKEND", f"CASEBOOK_CMS_BACKEND: name '{name}' is "
                              f"not a backend Casebook's editor knows; write one of "
                              f"{', '.join(EDITOR_BACKENDS)}{did_you_mean(name, EDITOR_BACKENDS)}")]
    if not re.fullmatch(r"[\w.-]+/[\w.-]+", backend.get("repo", "")):
        return [where.problem("CASEBOOK_CMS_BACKEND", "CASEBOOK_CMS_BACKEND needs the "
                              "repository the browser editor writes to, e.g. "
                              "\"repo\": \"acme/customer-stories\"")]
    return []


def local_editor(proxy_url: str) -> dict[str, Any]:
    """The settings `casebook serve --cms` adds: the browser editor, on its local backend."""
    return {"CASEBOOK_CMS_PROXY": proxy_url}


def content_problems(config: Config, site: Site) -> list[Problem]:
    """Settings that name content: the images they name (found while loading, placed
    here on the line of their setting) and the call-to-action page, which must be a
    published page."""
    where = SettingsFile(config.settings_file)
    for index, problem in enumerate(site.problems):
        setting = problem.message.partition(":")[0]
        if problem.path == "pelicanconf.py" and setting in DECLARED:
            site.problems[index] = dataclasses.replace(
                where.problem(setting, problem.message), level=problem.level)
    if config.cta_page is None:
        return []
    pages = [item for item in site.items if item.kind == "page"]
    if any(page.slug == config.cta_page and page.is_public(config.today) for page in pages):
        return []
    slugs = sorted({page.slug for page in pages})
    state = ("is not published" if any(page.slug == config.cta_page for page in pages)
             else f"is not a page{did_you_mean(config.cta_page, slugs)}")
    problem = where.problem(
        "CASEBOOK_CTA_PAGE", f"CASEBOOK_CTA_PAGE '{config.cta_page}' {state}, so stories end "
        "without a call to action (write that page, set CASEBOOK_CTA_PAGE to a published "
        "page's slug, or to None for none)")
    # The default names a page a new site may not have written yet: a warning. A page
    # someone chose must exist.
    chosen = config.cta_page != DECLARED["CASEBOOK_CTA_PAGE"].default
    return [problem if chosen else dataclasses.replace(problem, level="warning")]


class SettingsFile:
    """Finds the line a setting is given on, in the settings file or the file it builds
    on (publishconf.py imports pelicanconf.py)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.files = [path] + [p for p in (path.parent / "pelicanconf.py",)
                               if p != path and p.exists()]

    def problem(self, name: str, message: str) -> Problem:
        assignment = re.compile(rf"^\s*{re.escape(name)}\s*(:[^=]*)?=", re.MULTILINE)
        for path in self.files:
            try:
                text = path.read_text(encoding="utf-8")
            except OSError:
                continue
            found = assignment.search(text)
            if found:
                return Problem(_shown(path), text.count("\n", 0, found.start()) + 1, message)
        return Problem(_shown(self.path), 1, message)


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.name


def settings_markdown() -> str:
    """docs/settings.md, from the declarations."""
    lines = ["# Settings", "",
             "Generated from `plugins/casebook/config.py` by `python -m casebook.config`; "
             "do not edit by hand. Set them in `pelicanconf.py` (and `publishconf.py` for "
             "a publish build). A `CASEBOOK_*` name that is not listed here stops the build "
             "with the file, the line and the nearest listed name.", ""]
    for group in dict.fromkeys(s.group for s in SETTINGS):
        lines += [f"## {group}", "", "| setting | type | default | what it does |",
                  "| --- | --- | --- | --- |"]
        for s in (s for s in SETTINGS if s.group == group):
            lines.append(f"| `{s.name}` | {s.kind.name} | `{s.default!r}` | {s.doc} |")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(settings_markdown(), end="")
