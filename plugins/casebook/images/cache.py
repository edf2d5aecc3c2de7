"""Derivatives cached under .cache/, keyed by the source's bytes and the settings.

A warm build with no image change encodes nothing: each asset's derivatives
are looked up by key and linked (or copied) into the output. The key does
not depend on file times, so a fresh clone with a restored cache is warm too.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from casebook.content.model import Asset
from casebook.images.process import ENCODER_CODE, ENCODER_VERSION
from casebook.outputs.unchanged import link_or_copy

DONE = "done.json"


def cache_key(asset: Asset, extra: str = "") -> str:
    digest = hashlib.sha256()
    digest.update(asset.source.read_bytes())
    digest.update(json.dumps([ENCODER_VERSION, ENCODER_CODE, asset.public_name, list(asset.widths),
                              asset.animated, extra]).encode())
    return digest.hexdigest()[:32]


def cached_files(folder: Path) -> list[str] | None:
    """The files of a complete cache entry, or None if it is missing or partial."""
    try:
        files: list[str] = json.loads((folder / DONE).read_text())["files"]
    except (OSError, ValueError, KeyError):
        return None
    return files if all((folder / name).exists() for name in files) else None


def mark_done(folder: Path, files: list[str]) -> None:
    (folder / DONE).write_text(json.dumps({"files": files}))


def place(folder: Path, files: list[str], media: Path) -> None:
    """Hard-link (or copy) cached files into output/media."""
    media.mkdir(parents=True, exist_ok=True)
    for name in files:
        target = media / name
        if target.exists():
            continue
        link_or_copy(folder / name, target)
