"""Production settings: `make publish` builds with these."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("CASEBOOK_SITEURL", "https://stories.relaypoint.example")
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False
CASEBOOK_PREVIEW = False
CASEBOOK_FINGERPRINT = True  # theme files named by content hash; _headers for the CDN
