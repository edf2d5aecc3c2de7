"""Publishing the files published items use: image derivatives, cleaned SVG and PDF,
social cards, encoded on every core and cached by the bytes of their source."""

from __future__ import annotations

import os
import sys
import time
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from casebook.catalog.catalog import Catalog
from casebook.content.model import Asset
from casebook.images.cache import cache_key, cached_files, mark_done, place
from casebook.images.cards import CardDrawing
from casebook.images.process import encode_image, encode_pdf, encode_svg
from casebook.progress import Progress
from casebook.workers import pool_context


def published_assets(catalog: Catalog) -> dict[str, Asset]:
    """Assets of everything that is published (and the site image and logo), by public
    name."""
    found: dict[str, Asset] = {}
    for setting_image in (catalog.site.site_image, catalog.site.logo):
        if setting_image is not None:
            found[setting_image.public_name] = setting_image
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
        with ProcessPoolExecutor(max_workers=workers, mp_context=pool_context()) as pool:
            futures: list[tuple[Path, Future[list[str]]]] = [
                (folder, pool.submit(job[0], *job[1:])) for folder, job in todo]
            progress = Progress("images", len(todo), "encoded")
            for folder, future in futures:
                files = future.result()
                mark_done(folder, files)
                ready.append((folder, files))
                progress.step()
    for folder, files in ready:
        place(folder, files, media)
    return {"encoded": len(todo), "reused": len(assets) - len(todo)}


def publish_images(assets: list[Asset], cards: CardDrawing | None, cache: Path,
                   media: Path) -> dict[str, Any]:
    """Every asset and social card into ``media``; the figures for build-stats.json."""
    started = time.perf_counter()
    stats: dict[str, Any] = publish_assets(assets, cache, media)
    if cards is not None:
        stats["cards_drawn"] = cards.finish(media)
    stats["seconds"] = round(time.perf_counter() - started, 2)
    print(f"images: {stats['encoded']} encoded, {stats['reused']} from the cache",
          file=sys.stderr)
    return stats
