"""Signal wiring: a generator that publishes the assets of published content."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pelican import signals
from pelican.generators import Generator

from casebook.model import Asset

from .process import DEFAULT_MAX_WIDTH, publish_asset


def published_assets(context: dict[str, Any]) -> dict[str, Asset]:
    """Assets of everything that is published, keyed by public name."""
    found: dict[str, Asset] = {}
    catalog = context.get("catalog")
    if catalog is not None and catalog.site.site_image is not None:
        found[catalog.site.site_image.public_name] = catalog.site.site_image
    for attribute in ("articles", "pages", "faqs"):
        for content in context.get(attribute, []):
            model = getattr(content, "model", None)
            for asset in model.assets if model else []:
                found.setdefault(asset.public_name, asset)
    return found


class AssetGenerator(Generator):
    def generate_output(self, writer: Any) -> None:
        max_width = int(self.settings.get("CASEBOOK_IMAGE_MAX_WIDTH", DEFAULT_MAX_WIDTH))
        for asset in published_assets(self.context).values():
            publish_asset(asset, Path(self.output_path), max_width)


def asset_generator(pelican: Any) -> type[AssetGenerator]:
    return AssetGenerator


def register() -> None:
    signals.get_generators.connect(asset_generator)
