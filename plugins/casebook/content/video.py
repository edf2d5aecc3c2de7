"""Video links a story may carry (YouTube, Vimeo), and the URLs the site publishes for them.

An editor pastes a link; the site never publishes that string. It finds the
video's id in a link that is a plain ``https://host/path?query`` (no
credentials, port, backslash or whitespace: the parts where a browser and
Python's ``urlparse`` disagree about the host) and publishes links it builds
itself from the id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")
VIMEO_ID = re.compile(r"^[0-9]{1,15}$")
# What a browser and urlparse read the same way: scheme https, a host of letters,
# digits, dots and hyphens, then a path, a query and a fragment of URL characters
# without "\" (which a browser reads as "/"), whitespace or control characters.
PLAIN_HTTPS = re.compile(
    r"^https://[A-Za-z0-9.-]+"
    r"(?:/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*)?"
    r"(?:\?[A-Za-z0-9._~!$&'()*+,;=:@%/?-]*)?"
    r"(?:#[A-Za-z0-9._~=&-]*)?$"
)


@dataclass(frozen=True)
class Video:
    host: str  # "youtube" or "vimeo"
    id: str

    @property
    def embed_url(self) -> str:
        """The player loaded after a click: youtube-nocookie, Vimeo with do-not-track."""
        if self.host == "youtube":
            return f"https://www.youtube-nocookie.com/embed/{self.id}?autoplay=1"
        return f"https://player.vimeo.com/video/{self.id}?dnt=1&autoplay=1"

    @property
    def watch_url(self) -> str:
        """The video's own page, for readers without JavaScript."""
        if self.host == "youtube":
            return f"https://www.youtube.com/watch?v={self.id}"
        return f"https://vimeo.com/{self.id}"

    @property
    def host_name(self) -> str:
        return "youtube.com" if self.host == "youtube" else "vimeo.com"


def is_plain_https(url: str) -> bool:
    return PLAIN_HTTPS.match(url) is not None


def find_video(url: str) -> Video | None:
    """The video a plain https YouTube or Vimeo link points to, or None."""
    if not is_plain_https(url):
        return None
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    segments = [s for s in parts.path.split("/") if s]
    video_id = None
    if host == "youtu.be" and len(segments) == 1:
        video_id = segments[0]
    elif host in ("youtube.com", "m.youtube.com"):
        if parts.path == "/watch":
            video_id = parse_qs(parts.query).get("v", [""])[0]
        elif len(segments) == 2 and segments[0] in ("embed", "shorts", "live"):
            video_id = segments[1]
    if video_id is not None:
        return Video("youtube", video_id) if YOUTUBE_ID.match(video_id) else None
    if host in ("vimeo.com", "player.vimeo.com") and segments:
        vimeo_id = segments[-1]
        return Video("vimeo", vimeo_id) if VIMEO_ID.match(vimeo_id) else None
    return None
