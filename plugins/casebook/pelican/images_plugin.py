"""Signal wiring: publish the images and files of published content, in parallel.

Also registers the HTML transform that turns each published ``<img>`` into a
responsive ``<picture>`` (WebP with a JPEG/PNG fallback, srcset and sizes).
"""

from __future__ import annotations

import os
import sys
import time
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.generators import Generator

from casebook.buildinfo import cache_dir, record
from casebook.catalog.catalog import catalog_of
from casebook.content.model import Asset
from casebook.images.cache import cache_key, cached_files, mark_done, place
from casebook.images.cards import CARDS_KEY, attach_social_cards, find_font, publish_cards
from casebook.images.picture import PictureTransform
from casebook.images.process import encode_image, encode_pdf, encode_svg
from casebook.pelican.writer import TRANSFORMS_KEY


def published_assets(context: dict[str, Any]) -> dict[str, Asset]:
    """Assets of everything that is published (and the site image), by public name."""
    found: dict[str, Asset] = {}
    catalog = catalog_of(context)
    if catalog.site.site_image is not None:
        found[catalog.site.site_image.public_name] = catalog.site.site_image
    for content in catalog.everything():
        for asset in content.model.assets:
            found.setdefault(asset.public_name, asset)
    return found


def _job(asset: Asset, folder: Path) -> tuple[Any, ...]:
    if asset.public_name.endswith(".pdf"):
        return (encode_pdf, asset.source, folder, asset.public_name,
                asset.preview_url.removeprefix("media/"))
    if asset.public_name.endswith(".svg"):
        return (encode_svg, asset.source, folder, asset.public_name)
    return (encode_image, asset.source, folder, asset.stem, asset.suffix, asset.widths,
            asset.animated)


def cache_root(settings: dict[str, Any]) -> Path:
    return cache_dir(settings) / "images"


def publish_assets(assets: list[Asset], cache: Path, media: Path) -> dict[str, int]:
    """Encode what the cache lacks, using every core; place everything in media/."""
    todo: list[tuple[Path, tuple[Any, ...]]] = []
    ready: list[tuple[Path, list[str]]] = []
    for asset in assets:
        folder = cache / cache_key(asset)
        files = cached_files(folder)
        if files is None:
            todo.append((folder, _job(asset, folder)))
        else:
            ready.append((folder, files))
    if todo:
        workers = min(len(todo), os.cpu_count() or 1)
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures: list[tuple[Path, Future[list[str]]]] = [
                (folder, pool.submit(job[0], *job[1:])) for folder, job in todo]
            for folder, future in futures:
                files = future.result()
                mark_done(folder, files)
                ready.append((folder, files))
    for folder, files in ready:
        place(folder, files, media)
    return {"encoded": len(todo), "reused": len(assets) - len(todo)}


class AssetGenerator(Generator):
    def generate_output(self, writer: Any) -> None:
        started = time.perf_counter()
        assets = list(published_assets(self.context).values())
        cache = cache_root(self.settings)
        media = Path(self.output_path) / "media"
        stats = publish_assets(assets, cache, media)
        cards = self.context.get(CARDS_KEY, [])
        if cards:
            stats["cards_drawn"] = publish_cards(cards, find_font(self.settings), cache, media)
        record(self.settings, "images",
               {**stats, "seconds": round(time.perf_counter() - started, 2)})
        print(f"images: {stats['encoded']} encoded, {stats['reused']} from the cache",
              file=sys.stderr)


def register_picture_transform(generators: list[Any]) -> None:
    context = generators[0].context
    assets = published_assets(context)
    context.setdefault(TRANSFORMS_KEY, []).append(
        PictureTransform(assets.values(), context.get("SITEURL", "")))
    attach_social_cards(context, cache_root(context))


def asset_generator(pelican: Any) -> type[AssetGenerator]:
    return AssetGenerator


def register() -> None:
    signals.all_generators_finalized.connect(register_picture_transform)
    signals.get_generators.connect(asset_generator)
