"""Privacy-friendly embed URLs for the video hosts a story may link to."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")


def embed_url(url: str) -> str | None:
    """The player URL to load after a click: youtube-nocookie, Vimeo with do-not-track."""
    parsed = urlparse(url)
    host = (parsed.hostname or "").removeprefix("www.")
    video_id = None
    if host == "youtu.be":
        video_id = parsed.path.strip("/")
    elif host == "youtube.com":
        if parsed.path == "/watch":
            video_id = parse_qs(parsed.query).get("v", [""])[0]
        elif parsed.path.startswith(("/embed/", "/shorts/")):
            video_id = parsed.path.split("/")[2]
    if video_id is not None:
        if not YOUTUBE_ID.match(video_id):
            return None
        return f"https://www.youtube-nocookie.com/embed/{video_id}?autoplay=1"
    if host in ("vimeo.com", "player.vimeo.com"):
        vimeo_id = parsed.path.rstrip("/").split("/")[-1]
        if vimeo_id.isdigit():
            return f"https://player.vimeo.com/video/{vimeo_id}?dnt=1&autoplay=1"
    return None


def host_of(url: str) -> str:
    return (urlparse(url).hostname or "").removeprefix("www.")
