"""Seeded synthetic photos that cost what real ones cost to decode and encode.

A 2400x1600 JPEG of smooth colour fields, hard-edged shapes, a blotchy
texture and fine grain: it compresses like a photo (about 0.8 MB at
quality 88, not the few kB of a flat picture or the megabytes of pure
noise) and carries camera EXIF, one in ten rotated by its orientation tag.
Only Python's seeded random numbers are used, so a seed gives the same bytes.
"""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageDraw

PHOTO_SIZE = (2400, 1600)
QUALITY = 88
MAKE, MODEL, DATETIME, ORIENTATION = 0x010F, 0x0110, 0x0132, 0x0112
ROTATED = 6  # EXIF orientation: the camera was turned; the build must rotate it


def _colour_field(rng: random.Random) -> Image.Image:
    """A few random colours blended across the frame, like light and background."""
    columns, rows = rng.randint(3, 6), rng.randint(2, 4)
    small = Image.frombytes("RGB", (columns, rows), rng.randbytes(columns * rows * 3))
    return small.resize(PHOTO_SIZE, Image.Resampling.BICUBIC)


def _draw_shapes(image: Image.Image, rng: random.Random) -> None:
    """Hard edges, as objects give a photo."""
    width, height = image.size
    draw = ImageDraw.Draw(image)
    for _ in range(rng.randint(4, 10)):
        x, y = rng.randrange(width), rng.randrange(height)
        box = (x, y, x + rng.randint(100, 900), y + rng.randint(100, 700))
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        if rng.random() < 0.5:
            draw.ellipse(box, fill=colour)
        else:
            draw.rectangle(box, fill=colour)


def _texture(rng: random.Random) -> Image.Image:
    """Blotches (noise at a sixth of the size, enlarged) mixed with fine sensor grain."""
    width, height = PHOTO_SIZE
    small = (width // 6, height // 6)
    blotches = Image.frombytes("L", small, rng.randbytes(small[0] * small[1]))
    blotches = blotches.resize(PHOTO_SIZE, Image.Resampling.BICUBIC)
    grain = Image.frombytes("L", PHOTO_SIZE, rng.randbytes(width * height))
    mixed = Image.blend(blotches, grain, 0.3)
    return Image.merge("RGB", (mixed, mixed, mixed))


def _exif(rng: random.Random) -> bytes:
    exif = Image.Exif()
    exif[MAKE] = "Synthetic Optics"
    exif[MODEL] = f"Bench {rng.randint(1, 9)}"
    exif[DATETIME] = f"2025:{rng.randint(1, 12):02d}:{rng.randint(1, 28):02d} 10:30:00"
    exif[ORIENTATION] = ROTATED if rng.random() < 0.1 else 1
    return exif.tobytes()


def write_photo(path: Path, rng: random.Random) -> None:
    """Write one synthetic photo to ``path`` (JPEG), drawn from ``rng``."""
    image = _colour_field(rng)
    _draw_shapes(image, rng)
    photo = Image.blend(image, _texture(rng), 0.18)
    photo.save(path, "JPEG", quality=QUALITY, exif=_exif(rng))
