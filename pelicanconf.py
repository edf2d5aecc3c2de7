"""Settings of the Casebook site (development: `make html`, `make serve`).

Every setting Casebook reads, with its default, is listed in docs/settings.md.
"""

AUTHOR = "Relaypoint Customer Success"
SITENAME = "Relaypoint Customer Stories"
CASEBOOK_SITENAMES = {"ja": "Relaypoint お客様事例"}  # the site's name in other languages
CASEBOOK_TAGLINES = {  # the home page's lead, and the default description of pages
    "en": "How teams like yours succeed with Relaypoint, in their own words",
    "ja": "Relaypoint を使いこなすお客様の声を、そのままお届けします",
}
SITEURL = ""

# The repository root is Pelican's PATH: stories/ and content/ both live under it
# (see docs/architecture.md).
PATH = "."
OUTPUT_PATH = "output"
THEME = "theme"
THEME_STATIC_DIR = "theme"

TIMEZONE = "Asia/Tokyo"
DEFAULT_LANG = "en"

PLUGINS = ["casebook"]  # one plugin: casebook.pelican is its door into Pelican

# Content
CASEBOOK_LANGUAGES = ["en", "ja"]
CASEBOOK_STORY_PATHS = ["stories"]
CASEBOOK_PAGE_PATHS = ["content/pages"]
CASEBOOK_FAQ_PATHS = ["content/faq"]
CASEBOOK_TAXONOMY_PATH = "content/taxonomies"
CASEBOOK_IMAGE_PATHS = ["content/images"]
CASEBOOK_SEARCH_ALIASES = "content/search/aliases.yml"
CASEBOOK_PREVIEW = False  # True shows drafts and scheduled items (local preview only)
CASEBOOK_STALE_MONTHS = 18

# Images
CASEBOOK_IMAGE_WIDTHS = [480, 960, 1600]  # derivatives in WebP and JPEG/PNG; never upscaled
CASEBOOK_CACHE_PATH = ".cache"  # image derivatives, rendered bodies, search bundles
CASEBOOK_SOCIAL_CARDS = True  # a 1200x630 og:image per story and interview
CASEBOOK_SITE_IMAGE = "relaypoint-logo.png"  # link previews of pages without their own image

# Addresses (the URL table of docs/content-model.md); Pelican names such settings after
# the content class: STORY_*, INTERVIEW_*, FAQ_*, PAGE_*, with *_LANG_* in other languages.
STORY_URL = "stories/{slug}/"
STORY_SAVE_AS = "stories/{slug}/index.html"
STORY_LANG_URL = "{lang}/stories/{slug}/"
STORY_LANG_SAVE_AS = "{lang}/stories/{slug}/index.html"
INTERVIEW_URL = "interviews/{slug}/"
INTERVIEW_SAVE_AS = "interviews/{slug}/index.html"
INTERVIEW_LANG_URL = "{lang}/interviews/{slug}/"
INTERVIEW_LANG_SAVE_AS = "{lang}/interviews/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
PAGE_LANG_URL = "{lang}/{slug}/"
PAGE_LANG_SAVE_AS = "{lang}/{slug}/index.html"
FAQ_URL = "faq/{slug}/"
FAQ_SAVE_AS = "faq/{slug}/index.html"
FAQ_LANG_URL = "{lang}/faq/{slug}/"
FAQ_LANG_SAVE_AS = "{lang}/faq/{slug}/index.html"
FEATURE_URL = "features/{slug}/"
FEATURE_LANG_URL = "{lang}/features/{slug}/"
INDUSTRY_URL = "industries/{slug}/"
INDUSTRY_LANG_URL = "{lang}/industries/{slug}/"
PAIR_URL = "features/{feature}/{industry}/"
PAIR_LANG_URL = "{lang}/features/{feature}/{industry}/"
VOICE_URL = "voices/{slug}/"
VOICE_LANG_URL = "{lang}/voices/{slug}/"

# Atom feeds per language (other languages under /<lang>/), per feature and per industry.
CASEBOOK_FEED_ALL_ATOM = "feeds/all.atom.xml"
FEATURE_FEED_ATOM = "feeds/features/{slug}.atom.xml"
INDUSTRY_FEED_ATOM = "feeds/industries/{slug}.atom.xml"
FEED_MAX_ITEMS = 50
FEED_DOMAIN = SITEURL

CASEBOOK_RELATED_COUNT = 3
CASEBOOK_SEARCH = True  # a Pagefind index in every build, one per language
CASEBOOK_EDITORIAL_URL = "editorial/"  # the coverage report; not linked, not indexed
CASEBOOK_ROBOTS_DISALLOW = ["/editorial/"]

JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}
