"""Responsive images: every published ``<img>`` becomes a ``<picture>``.

Runs on the rendered HTML in the writer (the one place pages are changed
before they are written), so templates and Markdown bodies write a plain
``<img src="/media/<stem>-<width>.jpg">`` and get WebP sources, ``srcset``,
``sizes`` and intrinsic ``width``/``height`` without knowing about them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from casebook.content.model import Asset

IMG_RE = re.compile(r"<img\b([^>]*?)\bsrc=\"([^\"]+)\"([^>]*)>")
PICTURE_RE = re.compile(r"<picture\b.*?</picture>", re.DOTALL)
# Layout widths of the places images appear (see site.css).
SIZES = {
    "story-hero": "(min-width: 72rem) 70rem, 100vw",
    "card-image": "(min-width: 72rem) 22rem, (min-width: 40rem) 45vw, 100vw",
    "hit-image": "8rem",
    "story-logo": "56px",
    "card-logo": "48px",
}
DEFAULT_SIZES = "(min-width: 60rem) 46rem, 100vw"


class PictureTransform:
    def __init__(self, assets: Iterable[Asset], siteurl: str) -> None:
        self.siteurl = siteurl
        self.by_url = {f"{siteurl}/{a.url}": a for a in assets if a.is_raster}

    def __call__(self, html: str) -> str:
        if "/media/" not in html:
            return html
        kept: list[str] = []

        def hold(match: re.Match[str]) -> str:  # leave existing <picture> alone
            kept.append(match.group(0))
            return f"\x00{len(kept) - 1}\x00"

        html = PICTURE_RE.sub(hold, html)
        html = IMG_RE.sub(self._picture, html)
        return re.sub("\x00(\\d+)\x00", lambda m: kept[int(m.group(1))], html)

    def srcset(self, asset: Asset, suffix: str) -> str:
        return ", ".join(f"{self.siteurl}/{asset.rendition(w, suffix)} {w}w"
                         for w in asset.widths)

    def _picture(self, match: re.Match[str]) -> str:
        before, src, after = match.groups()
        asset = self.by_url.get(src)
        if asset is None:
            return match.group(0)
        attributes = (before + after).rstrip("/ ")
        classes = re.search(r'class="([^"]*)"', attributes)
        sizes = next((SIZES[c] for c in (classes.group(1).split() if classes else [])
                      if c in SIZES), DEFAULT_SIZES)
        if "width=" not in attributes:
            attributes += f' width="{asset.display_width}" height="{asset.display_height}"'
        img = (f'<img{attributes} src="{src}" srcset="{self.srcset(asset, asset.suffix)}" '
               f'sizes="{sizes}">')
        if asset.suffix == ".webp":
            return img
        webp = f'<source type="image/webp" srcset="{self.srcset(asset, ".webp")}" sizes="{sizes}">'
        return f"<picture>{webp}{img}</picture>"
