"""Re-encode images for publication: orientation applied, metadata gone, size capped.

An original is never copied as-is: every published image is decoded and
written anew, so EXIF (GPS, camera, names), XMP and comments never reach the
site.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps

from casebook.model import Asset

DEFAULT_MAX_WIDTH = 1600
PREVIEW_WIDTH = 640
SAVE_OPTIONS: dict[str, dict[str, Any]] = {
    "JPEG": {"quality": 82, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 80},
    "GIF": {},
}
KEEP_INFO = {"GIF": ("duration", "loop", "transparency", "disposal"), "PNG": ("transparency",)}


def publish_asset(asset: Asset, output_dir: Path, max_width: int = DEFAULT_MAX_WIDTH) -> Path:
    target = output_dir / asset.url
    target.parent.mkdir(parents=True, exist_ok=True)
    if asset.public_name.endswith(".pdf"):
        shutil.copyfile(asset.source, target)
        write_pdf_preview(asset.source, output_dir / asset.preview_url)
    else:
        write_clean_image(asset.source, target, max_width)
    return target


def write_clean_image(source: Path, target: Path, max_width: int) -> None:
    with Image.open(source) as original:
        fmt = original.format or "PNG"
        if fmt == "GIF" and getattr(original, "is_animated", False):
            _write_animation(original, target)
            return
        image = ImageOps.exif_transpose(original)
        if image.width > max_width:
            height = round(image.height * max_width / image.width)
            image = image.resize((max_width, height), Image.Resampling.LANCZOS)
        image = _encodable(image, fmt)
        kept: dict[str, Any] = {k: image.info[k] for k in KEEP_INFO.get(fmt, ()) if k in image.info}
        image.info.clear()  # drop EXIF, XMP, ICC profile, comments, text chunks
        image.info.update(kept)
        image.save(target, fmt, **{**SAVE_OPTIONS.get(fmt, {}), **kept})


def write_pdf_preview(source: Path, target: Path, width: int = PREVIEW_WIDTH) -> None:
    """The first page of a PDF as a JPEG, for a slides link that shows what it opens."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(source))
    try:
        page = document[0]
        scale = width / page.get_width()
        image = page.render(scale=scale).to_pil().convert("RGB")
    finally:
        document.close()
    image.save(target, "JPEG", **SAVE_OPTIONS["JPEG"])


def _encodable(image: Image.Image, fmt: str) -> Image.Image:
    """Convert modes the target format cannot store (CMYK PNG, 16-bit, ...)."""
    if fmt == "JPEG" and image.mode not in ("RGB", "L"):
        return image.convert("RGB")
    if fmt in ("PNG", "WEBP") and image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        return image.convert("RGBA")
    return image


def _write_animation(original: Image.Image, target: Path) -> None:
    frames = []
    for index in range(getattr(original, "n_frames", 1)):
        original.seek(index)
        frames.append(original.convert("RGBA"))
    frames[0].save(target, "GIF", save_all=True, append_images=frames[1:],
                   duration=original.info.get("duration", 100), loop=original.info.get("loop", 0),
                   disposal=2)
