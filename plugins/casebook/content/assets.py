"""Resolving file references (logo, hero, body images, slides) to Assets."""

from __future__ import annotations

import hashlib
import re
import warnings
from pathlib import Path
from typing import Any

from PIL import Image

from casebook.content.model import Asset
from casebook.content.problems import FieldError, did_you_mean

ORIENTATION_TAG = 0x0112
IMAGE_SUFFIXES = {"JPEG": ".jpg", "PNG": ".png", "GIF": ".gif", "WEBP": ".webp"}

# ![alt](src "title") and <img ... src="..."> in a Markdown body.
MARKDOWN_IMAGE_RE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)")
HTML_IMAGE_RE = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*[\"']?([^\"'\s>]+)", re.IGNORECASE)


def is_local_reference(ref: str) -> bool:
    return not re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*:|//|#)", ref)


def _inside(path: Path, roots: list[Path]) -> bool:
    return any(path == root or root in path.parents for root in roots)


def locate(ref: str, item_dir: Path, shared_dirs: list[Path], allowed_roots: list[Path],
           line: int) -> Path:
    """The file a reference names: beside the item first, then in the shared image folders."""
    candidates = [(item_dir / ref).resolve()] + [(d / ref).resolve() for d in shared_dirs]
    for resolved in candidates:
        if resolved.is_file() and _inside(resolved, allowed_roots):
            return resolved
    if any(not _inside(resolved, allowed_roots) for resolved in candidates[:1]) and (
        ".." in Path(ref).parts or Path(ref).is_absolute()
        or any(resolved.is_file() for resolved in candidates)
    ):
        raise FieldError(
            f"'{ref}' points outside the content folders; put the file in the story's "
            "folder or in content/images/ and reference it by name",
            line,
        )
    nearby = _files_beside(ref, [item_dir, *shared_dirs])
    raise FieldError(
        f"file '{ref}' not found next to this file or in content/images/"
        + (did_you_mean(ref, nearby) or "; check the spelling (names are case-sensitive) "
           "or add the file"),
        line,
    )


def _files_beside(ref: str, folders: list[Path]) -> list[str]:
    """The files a reference could have meant: those in the folders it would be found in,
    named as the reference names them (with its subfolder)."""
    sub = Path(ref).parent
    names = []
    for folder in folders:
        try:
            names += [(sub / p.name).as_posix() for p in (folder / sub).iterdir() if p.is_file()]
        except OSError:
            continue
    return names


DEFAULT_WIDTHS = (480, 960, 1600)


def widths_for(intrinsic: int, widths: tuple[int, ...]) -> tuple[int, ...]:
    """Derivative widths for an image: the configured ones below its own width, and
    its own width when that is smaller than the largest (never upscaled)."""
    chosen = {w for w in widths if w < intrinsic} | {min(intrinsic, max(widths))}
    return tuple(sorted(chosen))


# Pillow opens only these formats: a file that claims another (EPS, which Pillow hands
# to Ghostscript; TIFF; PSD; ICO ...) is refused before any decoder sees it.
IMAGE_FORMATS = tuple(IMAGE_SUFFIXES)
# The most pixels an animation may have, counting every frame: the encoder holds
# frames in memory, four bytes a pixel. A 6000 x 6000 canvas of thousands of
# one-pixel frames is a 70 kB GIF that would need many gigabytes. (A still image
# may have Pillow's MAX_IMAGE_PIXELS, some 89 million: a 50-megapixel photo passes.)
MAX_ANIMATION_PIXELS = 50_000_000
MAX_FRAMES = 500
# WebP, which every raster image is also published as, holds at most this many
# pixels on a side.
WEBP_MAX_SIDE = 16_383


def image_asset(ref: str, item_dir: Path, shared_dirs: list[Path], allowed_roots: list[Path],
                line: int, widths: tuple[int, ...] = DEFAULT_WIDTHS) -> Asset:
    """An image reference checked to be a readable, sane image: what the build would
    fail on (a truncated file, a bomb, a shape WebP cannot hold) is refused here,
    so ``casebook check`` and the build agree."""
    path = locate(ref, item_dir, shared_dirs, allowed_roots, line)
    if path.suffix.lower() == ".svg":
        return svg_asset(ref, path, line)
    data = _read(path, ref, line)
    try:
        fmt, width, height, frames = _decoded_shape(path, ref, line)
    except FieldError:
        raise
    except Exception as exc:  # Pillow raises many types for broken files
        raise FieldError(
            f"'{ref}' is not an image Casebook can read (JPEG, PNG, GIF or WebP), or it "
            "is damaged (cut short, or not fully saved); export it again", line
        ) from exc
    chosen = widths_for(width, widths)
    tallest = max(1, round(height * chosen[-1] / width))
    if tallest > WEBP_MAX_SIDE:
        raise FieldError(
            f"image '{ref}' is too tall for its width ({width} x {height} pixels); crop it "
            f"to at most {WEBP_MAX_SIDE:,} pixels high at {chosen[-1]} pixels wide", line)
    return Asset(path, ref, line, _public_name(data, IMAGE_SUFFIXES[fmt]), width, height,
                 chosen, frames > 1)


Shape = tuple[str, int, int, int]
# Images already decoded by this process, by path, size and time: ``casebook serve``
# loads the site again after every save, and decoding 300 photos takes seconds.
_decoded: dict[tuple[str, int, int], Shape] = {}


def _decoded_shape(path: Path, ref: str, line: int) -> Shape:
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key not in _decoded:
        _decoded[key] = _decode(path, ref, line)
    return _decoded[key]


def _decode(path: Path, ref: str, line: int) -> Shape:
    """(format, width, height with orientation applied, frames) of an image that
    decodes completely; its size is checked before any pixel is decoded."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(path, formats=IMAGE_FORMATS) as image:
                fmt = image.format or ""
                width, height = image.size
                frames = getattr(image, "n_frames", 1)
                _check_pixels(ref, line, width, height, frames)
                if image.getexif().get(ORIENTATION_TAG) in (5, 6, 7, 8):
                    width, height = height, width
                _decode_every_frame(image, frames)
            with Image.open(path, formats=IMAGE_FORMATS) as image:
                image.verify()  # checksums, which decoding does not look at in every format
        except Image.UnidentifiedImageError as exc:
            raise FieldError(
                f"'{ref}' is not an image Casebook can read; use JPEG, PNG, GIF or WebP",
                line) from exc
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _too_many_pixels(ref, line) from exc
    return fmt, width, height, frames


def _check_pixels(ref: str, line: int, width: int, height: int, frames: int) -> None:
    if frames > MAX_FRAMES:
        raise FieldError(
            f"image '{ref}' is an animation of {frames:,} frames; Casebook publishes at most "
            f"{MAX_FRAMES}: shorten it, or use a video", line)
    if frames > 1 and width * height * frames > MAX_ANIMATION_PIXELS:
        raise FieldError(
            f"image '{ref}' is an animation of {frames:,} frames of {width} x {height} "
            f"pixels, too many to process safely; make it smaller or shorter (at most "
            f"{MAX_ANIMATION_PIXELS:,} pixels counting every frame)", line)


def _too_many_pixels(ref: str, line: int) -> FieldError:
    return FieldError(
        f"image '{ref}' has too many pixels to process safely; resize it below "
        f"{Image.MAX_IMAGE_PIXELS:,} pixels", line)


def _decode_every_frame(image: Image.Image, frames: int) -> None:
    """Decode the pixels (a JPEG at an eighth of its size: the whole file is still
    read), so a file cut short is found now rather than by the encoder."""
    if image.format == "JPEG":
        image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
    for frame in range(frames):
        image.seek(frame)
        image.load()


def svg_asset(ref: str, path: Path, line: int) -> Asset:
    """An SVG that parses as XML; it is cleaned (no script, handlers, outside links)
    when published."""
    from casebook.content.svg import SvgError, parse_svg

    data = _read(path, ref, line)
    try:
        root = parse_svg(data)
    except SvgError as exc:
        raise FieldError(f"'{ref}' is not a usable SVG image: {exc}", line) from exc
    width, height = svg_size(root)
    return Asset(path, ref, line, _public_name(data, ".svg"), width, height)


def svg_size(root: Any) -> tuple[int, int]:
    """Width and height from the viewBox (or width/height attributes), 0 if unknown."""
    box = (root.get("viewBox") or "").replace(",", " ").split()
    try:
        if len(box) == 4:
            return round(float(box[2])), round(float(box[3]))
        return round(float(root.get("width", "0"))), round(float(root.get("height", "0")))
    except ValueError:
        return 0, 0


def pdf_asset(ref: str, item_dir: Path, allowed_roots: list[Path], line: int) -> Asset:
    """A slide deck that can be opened and cleaned (see ``casebook.content.pdf``) and rendered."""
    from casebook.content.pdf import PdfError, active_content

    path = locate(ref, item_dir, [], allowed_roots, line)
    data = _read(path, ref, line)
    if not data.startswith(b"%PDF-"):
        raise FieldError(f"slides '{ref}' is not a PDF file", line)
    try:
        active_content(path)
    except PdfError as exc:
        raise FieldError(f"slides '{ref}' cannot be published: {exc}", line) from exc
    try:
        import pypdfium2

        pages = len(pypdfium2.PdfDocument(data))
    except Exception as exc:  # pdfium raises its own error types for broken files
        raise FieldError(f"slides '{ref}' is a damaged PDF that cannot be opened", line) from exc
    if pages == 0:
        raise FieldError(f"slides '{ref}' has no pages", line)
    return Asset(path, ref, line, _public_name(data, ".pdf"))


def _read(path: Path, ref: str, line: int) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise FieldError(f"'{ref}' cannot be read ({exc.strerror}); check its permissions",
                         line) from exc


def _public_name(data: bytes, suffix: str) -> str:
    return hashlib.sha256(data).hexdigest()[:16] + suffix


def body_image_references(body: str, first_line: int) -> list[tuple[str, int]]:
    """Local image references in a Markdown body with their file lines."""
    found = []
    for offset, line in enumerate(body.split("\n")):
        for pattern in (MARKDOWN_IMAGE_RE, HTML_IMAGE_RE):
            for match in pattern.finditer(line):
                found.append((match.group(1), first_line + offset))
    return found
