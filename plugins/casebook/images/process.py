"""Encoding published files: image derivatives, cleaned SVG, PDF previews.

An original is never copied as-is: every published raster image is decoded
and written anew (EXIF orientation applied first), so EXIF (GPS, camera,
names), XMP, ICC profiles and comments never reach the site. Functions here
run in worker processes: they take paths and numbers, and return file names.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PIL import Image, ImageOps, ImageSequence

from casebook.buildinfo import code_digest
from casebook.content.assets import IMAGE_FORMATS

PREVIEW_WIDTH = 640
SAVE_OPTIONS: dict[str, dict[str, Any]] = {
    "JPEG": {"quality": 82, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 80, "method": 4},
    "GIF": {},
}
FORMATS = {".jpg": "JPEG", ".png": "PNG", ".gif": "GIF", ".webp": "WEBP"}
# Bumped whenever encoding changes, so cached derivatives are made again.
ENCODER_VERSION = "3"  # 3: SVG allow-list, PDFs cleaned, no frame metadata
# The encoders' own code is part of every cached file's key (a fix to what is stripped
# from a photo reaches every photo, even from a restored cache).
_HERE = Path(__file__).resolve().parent
ENCODER_CODE = code_digest(Path(__file__), _HERE.parent / "content" / "svg.py",
                           _HERE.parent / "content" / "pdf.py")


def encode_image(source: Path, target_dir: Path, stem: str, suffix: str,
                 widths: tuple[int, ...], animated: bool) -> list[str]:
    """Write ``<stem>-<w><suffix>`` and ``<stem>-<w>.webp`` for each width."""
    target_dir.mkdir(parents=True, exist_ok=True)
    written: list[str] = []
    with Image.open(source, formats=IMAGE_FORMATS) as original:
        if animated:
            return _encode_animation(original, target_dir, stem, suffix, widths)
        upright = ImageOps.exif_transpose(original)
        upright.load()
    for width in widths:
        scaled = _scaled(upright, width)
        for ext in dict.fromkeys((suffix, ".webp")):
            name = f"{stem}-{width}{ext}"
            _save_clean(scaled, target_dir / name, FORMATS[ext])
            written.append(name)
    return written


def _scaled(image: Image.Image, width: int) -> Image.Image:
    if image.width == width:
        return image.copy()
    height = max(1, round(image.height * width / image.width))
    working = image if image.mode in ("RGB", "RGBA", "L", "LA") else image.convert("RGBA")
    return working.resize((width, height), Image.Resampling.LANCZOS)


def _save_clean(image: Image.Image, target: Path, fmt: str) -> None:
    """Save with no metadata at all: a new image from the pixels only."""
    image = _encodable(image, fmt)
    keep = {"transparency": image.info["transparency"]} if (
        fmt in ("PNG", "GIF") and "transparency" in image.info) else {}
    image.info.clear()
    image.save(target, fmt, **{**SAVE_OPTIONS[fmt], **keep})


def _encodable(image: Image.Image, fmt: str) -> Image.Image:
    """Convert modes the target format cannot store (CMYK, 16-bit, palette for WebP)."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        image = image.point(lambda value: value / 256).convert("L")
    if fmt == "JPEG" and image.mode not in ("RGB", "L"):
        if image.mode in ("RGBA", "LA", "P", "PA"):
            rgba = image.convert("RGBA")
            flat = Image.new("RGB", rgba.size, (255, 255, 255))
            flat.paste(rgba, mask=rgba.getchannel("A"))
            return flat
        return image.convert("RGB")
    if fmt in ("PNG", "WEBP") and image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        return image.convert("RGBA")
    if fmt == "WEBP" and image.mode == "P":
        return image.convert("RGBA")
    return image


def _encode_animation(original: Image.Image, target_dir: Path, stem: str, suffix: str,
                      widths: tuple[int, ...]) -> list[str]:
    """Animated GIF/WebP stay animated: every frame scaled, timing kept, and no
    frame's metadata (comments, EXIF, XMP, colour profile) carried over. Frames
    are decoded once per width, so only the scaled ones are held in memory."""
    duration = original.info.get("duration", 100)
    loop = original.info.get("loop", 0)
    written = []
    for width in widths:
        scaled = [_without_metadata(_scaled(frame.convert("RGBA"), width))
                  for frame in ImageSequence.Iterator(original)]
        for ext in dict.fromkeys((suffix, ".webp")):
            name = f"{stem}-{width}{ext}"
            scaled[0].save(target_dir / name, FORMATS[ext], save_all=True,
                           append_images=scaled[1:], duration=duration, loop=loop,
                           **({"disposal": 2} if ext == ".gif" else {"quality": 80}))
            written.append(name)
    return written


def _without_metadata(frame: Image.Image) -> Image.Image:
    frame.info.clear()
    return frame


def encode_svg(source: Path, target_dir: Path, name: str) -> list[str]:
    from casebook.content.svg import clean_svg  # in the worker: the build never needs it

    target_dir.mkdir(parents=True, exist_ok=True)
    (target_dir / name).write_bytes(clean_svg(source.read_bytes()))
    return [name]


def encode_pdf(source: Path, target_dir: Path, name: str, preview: str) -> list[str]:
    """The PDF without its document properties and active content (``casebook.content.pdf``),
    and its first page as a JPEG preview."""
    import pypdfium2

    from casebook.content.pdf import clean_pdf  # in the worker: the build never needs it

    target_dir.mkdir(parents=True, exist_ok=True)
    clean_pdf(source, target_dir / name)
    document = pypdfium2.PdfDocument(str(target_dir / name))
    try:
        page = document[0]
        image = page.render(scale=PREVIEW_WIDTH / page.get_width()).to_pil().convert("RGB")
    finally:
        document.close()
    _save_clean(image, target_dir / preview, "JPEG")
    return [name, preview]
