"""Pelican settings for the Casebook site (development: `make html`, `make serve`)."""

AUTHOR = "Relaypoint Customer Success"
SITENAME = "Relaypoint Customer Stories"
CASEBOOK_SITENAMES = {"ja": "Relaypoint お客様事例"}  # the site's name in other languages
SITEURL = ""

# The repository root is Pelican's PATH: stories/ and content/ both live under it
# (see docs/architecture.md). Pelican only reads the folders named below.
PATH = "."
ARTICLE_PATHS = ["stories"]
PAGE_PATHS = ["content/pages"]
STATIC_PATHS: list[str] = []
IGNORE_FILES = [".*"]  # hidden files are not content (Pelican's default misses them)
OUTPUT_PATH = "output"
THEME = "theme"
THEME_STATIC_DIR = "theme"

TIMEZONE = "Asia/Tokyo"
DEFAULT_LANG = "en"

PLUGIN_PATHS = ["plugins"]
PLUGINS = [
    "casebook.pelican.reader_plugin",
    "casebook.pelican.site_plugin",
    "casebook.pelican.taxonomy_plugin",
    "casebook.pelican.voices_plugin",
    "casebook.pelican.feeds_plugin",
    "casebook.pelican.export_plugin",
    "casebook.pelican.editorial_plugin",
    "casebook.pelican.seo_plugin",  # after every plugin that writes pages: it lists them in sitemap.xml
    "casebook.pelican.search_plugin",  # after every plugin that writes pages: it indexes them
    "casebook.pelican.images_plugin",
]

# Casebook settings (all prefixed CASEBOOK_)
CASEBOOK_LANGUAGES = ["en", "ja"]
CASEBOOK_FAQ_PATHS = ["content/faq"]
CASEBOOK_TAXONOMY_PATH = "content/taxonomies"
CASEBOOK_IMAGE_PATHS = ["content/images"]
CASEBOOK_IMAGE_WIDTHS = [480, 960, 1600]  # derivatives in WebP and JPEG/PNG; never upscaled
CASEBOOK_CACHE_PATH = ".cache"
CASEBOOK_SOCIAL_CARDS = True  # a 1200x630 og:image per story and interview  # image derivatives, keyed by the hash of their source
CASEBOOK_SITE_IMAGE = "relaypoint-logo.png"  # link previews of pages without their own image
CASEBOOK_PREVIEW = False  # True shows drafts and scheduled items (local preview only)

# Routing: the URL table of docs/content-model.md. `section` is set by the
# reader: "stories" or "interviews".
ARTICLE_URL = "{section}/{slug}/"
ARTICLE_SAVE_AS = "{section}/{slug}/index.html"
ARTICLE_LANG_URL = "{lang}/{section}/{slug}/"
ARTICLE_LANG_SAVE_AS = "{lang}/{section}/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
PAGE_LANG_URL = "{lang}/{slug}/"
PAGE_LANG_SAVE_AS = "{lang}/{slug}/index.html"
FEATURE_URL = "features/{slug}/"
FEATURE_SAVE_AS = "features/{slug}/index.html"
FEATURE_LANG_URL = "{lang}/features/{slug}/"
FEATURE_LANG_SAVE_AS = "{lang}/features/{slug}/index.html"
INDUSTRY_URL = "industries/{slug}/"
INDUSTRY_SAVE_AS = "industries/{slug}/index.html"
INDUSTRY_LANG_URL = "{lang}/industries/{slug}/"
INDUSTRY_LANG_SAVE_AS = "{lang}/industries/{slug}/index.html"
PAIR_URL = "features/{feature}/{industry}/"
PAIR_SAVE_AS = "features/{feature}/{industry}/index.html"
PAIR_LANG_URL = "{lang}/features/{feature}/{industry}/"
PAIR_LANG_SAVE_AS = "{lang}/features/{feature}/{industry}/index.html"
VOICE_URL = "voices/{slug}/"
VOICE_SAVE_AS = "voices/{slug}/index.html"
VOICE_LANG_URL = "{lang}/voices/{slug}/"
VOICE_LANG_SAVE_AS = "{lang}/voices/{slug}/index.html"
FAQ_URL = "faq/{slug}/"
FAQ_SAVE_AS = "faq/{slug}/index.html"
FAQ_LANG_URL = "{lang}/faq/{slug}/"
FAQ_LANG_SAVE_AS = "{lang}/faq/{slug}/index.html"

# Translations are linked by translation_key (casebook_reader), not by Pelican.
ARTICLE_TRANSLATION_ID = None
PAGE_TRANSLATION_ID = None
WITH_FUTURE_DATES = True  # scheduling is decided by the content model

# Pelican's own listing pages are replaced by casebook_site.
DIRECT_TEMPLATES: list[str] = []
PAGINATED_TEMPLATES: dict[str, int] = {}
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_LANG_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""

# Atom feeds per language (other languages under /<lang>/), written by casebook_feeds.
CASEBOOK_FEED_ALL_ATOM = "feeds/all.atom.xml"
FEATURE_FEED_ATOM = "feeds/features/{slug}.atom.xml"
INDUSTRY_FEED_ATOM = "feeds/industries/{slug}.atom.xml"
FEED_MAX_ITEMS = 50
CASEBOOK_RELATED_COUNT = 3
CASEBOOK_SEARCH = True  # a Pagefind index in every build, one per language
CASEBOOK_SEARCH_ALIASES = "content/search/aliases.yml"
CASEBOOK_EDITORIAL_URL = "editorial/"  # the coverage report; not linked, not indexed
CASEBOOK_ROBOTS_DISALLOW = ["/editorial/"]
CASEBOOK_STALE_MONTHS = 18

# Pelican's own feeds are off: casebook_feeds writes the contract's feeds.
FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}
RELATIVE_URLS = False
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
