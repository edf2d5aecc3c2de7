"""Social cards: a 1200x630 Open Graph image for every story and interview.

The card shows the headline, the customer's logo (never for an anonymous
story), the lead metric and the site's colours. Text is set in Noto Sans CJK
(Debian's fonts-noto-cjk), which has Latin and Japanese glyphs, so a
Japanese headline never falls back to missing-glyph boxes. Cards are cached
by a hash of everything drawn on them.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from PIL import Image, ImageColor, ImageDraw, ImageFont

from casebook.buildinfo import code_digest
from casebook.content.model import Story, Vocabularies
from casebook.images.process import ENCODER_VERSION
from casebook.outputs.unchanged import link_or_copy
from casebook.progress import Progress
from casebook.workers import pool_context

CARD_SIZE = (1200, 630)
FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc",
)
JAPANESE_FACE = 0  # index of "Noto Sans CJK JP" in the collection
DEFAULT_COLOURS = {"background": "#17468c", "accent": "#f2a541", "text": "#ffffff"}
# PNG with a palette, chosen by measurement (docs/deploy.md, "Social cards"): a card
# is three colours and the anti-aliased blends between them (16 steps each, as sharp
# as full-colour text), plus a logo's own colours. Writing that takes about 2 ms and
# 20-35 kB; a full-colour PNG took 12-20 ms and 70 kB, a JPEG 3.5 ms and 110-130 kB
# with soft edges around the letters, WebP (which not every network's link preview
# reads) 15 ms. Every network reads PNG.
CARD_SUFFIX = "png"
METRIC_WIDTH = 1200 - 920 - 40
CARD_VERSION = "2"  # 2: glyphs pasted from a cache, a palette PNG
CARD_CODE = code_digest(Path(__file__))  # a card is drawn again when its drawing changes
BLEND_STEPS = 16
LOGO_COLOURS = 256 - 2 * BLEND_STEPS
TEXT_STEPS = [round(v * (BLEND_STEPS - 1) / 255) for v in range(256)]
ACCENT_STEPS = [0] + [BLEND_STEPS + round(v * (BLEND_STEPS - 1) / 255) for v in range(1, 256)]
COVERED = [0] + [255] * 255
NO_LINE_START = "、。，．・：；？！）」』】〕ー…,.!?)"  # kinsoku: never begin a line


@dataclass(frozen=True)
class CardSpec:
    title: str
    lang: str
    site_name: str
    label: str  # "Story · Manufacturing"
    metric_value: str
    metric_label: str
    logo: str  # path of the logo source, "" for none (where it is read, not in the key)
    logo_digest: str  # the logo's content
    colours: tuple[tuple[str, str], ...]

    @functools.cached_property
    def key(self) -> str:
        """What the card shows, never where its files are: a fresh checkout of the same
        content (a deploy with a restored cache) finds the cards it drew."""
        shown = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "logo"}
        data = json.dumps([ENCODER_VERSION, CARD_CODE, CARD_VERSION, shown], ensure_ascii=False)
        return hashlib.sha256(data.encode()).hexdigest()[:16]

    @property
    def name(self) -> str:
        return f"card-{self.key}.{CARD_SUFFIX}"


def find_font(configured: str | None) -> Path:
    """CASEBOOK_CARD_FONT, else Noto Sans CJK where Debian installs it."""
    for candidate in ([configured] if configured else []) + list(FONT_CANDIDATES):
        if candidate and Path(candidate).exists():
            return Path(candidate)
    raise FileNotFoundError(
        "no CJK font for social cards: install Debian's fonts-noto-cjk (make test does) "
        "or set CASEBOOK_CARD_FONT to a .ttc/.otf with Latin and Japanese glyphs"
    )


def spec_for(model: Story, vocab: Vocabularies, site_name: str, colours: dict[str, str],
             ui: dict[str, Any]) -> CardSpec:
    """What the card of one story shows (``ui``: the UI strings of its language)."""
    logo = model.logo if model.logo and not model.anonymous and model.logo.is_raster else None
    metric = model.metrics[0] if model.metrics else None
    industry = vocab.industries[model.industry].name(model.lang)
    return CardSpec(
        title=model.title,
        lang=model.lang,
        site_name=site_name,
        label=f"{ui.get(model.kind, model.kind)} · {industry}",
        metric_value=metric.value if metric else "",
        metric_label=metric.label if metric else "",
        logo=str(logo.source) if logo else "",
        logo_digest=logo.public_name if logo else "",
        colours=tuple(sorted({**DEFAULT_COLOURS, **colours}.items())),
    )


class Face:
    """One font at one size, loaded once per worker, with each glyph drawn once.

    A card's text is its glyphs pasted where the font's advances and pair kerning
    put them: the same places Pillow's own layout gives, for a fraction of the
    work (a 20 MB font collection is opened once, not once per line, and a glyph
    seen on an earlier card is not drawn again)."""

    def __init__(self, path: str, size: int) -> None:
        self.font = ImageFont.truetype(path, size, index=JAPANESE_FACE)
        self.size = size
        self.glyphs: dict[str, tuple[Image.Image, int, int]] = {}
        self.inked: dict[tuple[str, str], tuple[Image.Image, Image.Image]] = {}
        self.advances: dict[str, float] = {}
        self.kerning: dict[str, float] = {}

    def glyph(self, char: str) -> tuple[Image.Image, int, int]:
        if char not in self.glyphs:
            left, top, right, bottom = (int(edge) for edge in self.font.getbbox(char))
            mask = Image.new("L", (max(right - left, 1), max(bottom - top, 1)))
            ImageDraw.Draw(mask).text((-left, -top), char, font=self.font, fill=255)
            self.glyphs[char] = (mask, left, top)
        return self.glyphs[char]

    def inked_glyph(self, char: str, ink: Ink) -> tuple[Image.Image, Image.Image]:
        """The glyph as palette indices in ``ink``'s blends, and where it covers."""
        if (char, ink) not in self.inked:
            mask = self.glyph(char)[0]
            steps = TEXT_STEPS if ink == "text" else ACCENT_STEPS
            self.inked[char, ink] = (mask.point(steps), mask.point(COVERED))
        return self.inked[char, ink]

    def draw_indices(self, canvas: Image.Image, origin: tuple[int, int], text: str,
                     ink: Ink) -> None:
        """Draw ``text`` on a canvas of palette indices (see ``in_two_inks``)."""
        starts, _ = self.positions(text)
        core = canvas.im  # pasted into directly: a card is a hundred glyphs, and Image.paste
        for char, start in zip(text, starts, strict=True):  # checks its arguments each time
            if char.isspace():
                continue
            _mask, left, top = self.glyph(char)
            indices, covered = self.inked_glyph(char, ink)
            x, y = round(origin[0] + start) + left, origin[1] + top
            core.paste(indices.im, (x, y, x + indices.width, y + indices.height), covered.im)

    def advance(self, char: str) -> float:
        if char not in self.advances:
            self.advances[char] = self.font.getlength(char)
        return self.advances[char]

    def kern(self, pair: str) -> float:
        if pair not in self.kerning:
            self.kerning[pair] = (self.font.getlength(pair) - self.advance(pair[0])
                                  - self.advance(pair[1]))
        return self.kerning[pair]

    def positions(self, text: str) -> tuple[list[float], float]:
        """Where each character starts, and the width of the whole."""
        x, starts = 0.0, []
        for n, char in enumerate(text):
            if n:
                x += self.kern(text[n - 1:n + 1])
            starts.append(x)
            x += self.advance(char)
        return starts, x

    def width(self, text: str) -> float:
        return self.positions(text)[1]

    def draw(self, card: Image.Image, origin: tuple[int, int], text: str,
             colour: int | tuple[int, ...]) -> None:
        starts, _ = self.positions(text)
        for char, start in zip(text, starts, strict=True):
            if char.isspace():
                continue
            mask, left, top = self.glyph(char)
            x, y = round(origin[0] + start) + left, origin[1] + top
            card.paste(colour, (x, y, x + mask.width, y + mask.height), mask)


@functools.lru_cache(maxsize=32)
def face(path: str, size: int) -> Face:
    return Face(path, size)


@functools.lru_cache(maxsize=8)
def blank_card(colours: tuple[tuple[str, str], ...]) -> Image.Image:
    """What every card in these colours starts from: the background and the accent bar."""
    palette = dict(colours)
    card = Image.new("RGB", CARD_SIZE, palette["background"])
    ImageDraw.Draw(card).rectangle((0, 0, 24, CARD_SIZE[1]), fill=palette["accent"])
    return card


def _wrap(text: str, font: Face, width: int, lang: str) -> list[str]:
    """Lines that fit ``width``: by words in English, by characters in Japanese. Each
    candidate's width is the line's so far plus the next word's (and the kerning
    between them), so a long title is measured once, not once per word."""
    units = list(text) if lang == "ja" else text.split()
    joiner = "" if lang == "ja" else " "
    lines: list[str] = []
    current, current_width = "", 0.0
    for unit in units:
        if current:
            piece = joiner + unit
            candidate_width = (current_width + font.kern(current[-1] + piece[0])
                               + font.width(piece))
        else:
            piece, candidate_width = unit, font.width(unit)
        if candidate_width <= width or not current or (
                lang == "ja" and unit in NO_LINE_START):
            current, current_width = current + piece, candidate_width
        else:
            lines.append(current)
            current, current_width = unit, font.width(unit)
    if current:
        lines.append(current)
    return lines


Ink = str  # "text" or "accent"
Line = tuple[Face, tuple[int, int], str, Ink]


def layout(spec: CardSpec, font_path: Path) -> list[Line]:
    """What the card says, where, in which size and colour."""
    def font(size: int) -> Face:
        return face(str(font_path), size)

    lines: list[Line] = [(font(30), (80, 60), spec.label, "accent")]
    text_width = 1200 - 80 - (300 if spec.metric_value else 80)
    size = 64
    title = _wrap(spec.title, font(size), text_width, spec.lang)
    while len(title) > 4 and size > 40:
        size -= 6
        title = _wrap(spec.title, font(size), text_width, spec.lang)
    if len(title) > 4:
        title = title[:4]
        title[-1] = title[-1][:-1] + "…"
    for n, line in enumerate(title):
        lines.append((font(size), (80, 120 + n * round(size * 1.3)), line, "text"))
    if spec.metric_value:
        metric = 72  # as large as fits the column (a long value is set smaller)
        while font(metric).width(spec.metric_value) > METRIC_WIDTH and metric > 36:
            metric -= 6
        lines.append((font(metric), (920, 150), spec.metric_value, "accent"))
        for n, line in enumerate(_wrap(spec.metric_label, font(26), 220, spec.lang)[:4]):
            lines.append((font(26), (920, 250 + n * 36), line, "text"))
    lines.append((font(28), (80, 550), spec.site_name, "text"))
    return lines


def render_card(spec: CardSpec, font_path: Path, target: Path) -> None:
    lines = layout(spec, font_path)
    card = with_logo(spec, lines) if spec.logo else in_two_inks(spec, lines)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    card.save(partial, "PNG", compress_level=1)
    partial.rename(target)  # a card in the cache is always complete


def in_two_inks(spec: CardSpec, lines: list[Line]) -> Image.Image:
    """A card without a logo, drawn straight in the palette's indices (0-15: the
    background to the text colour, 16-31: the background to the accent): each glyph is
    its blend steps, pasted where it covers."""
    canvas = accent_bar().copy()
    for font, origin, text, ink in lines:
        font.draw_indices(canvas, origin, text, ink)
    card = canvas.convert("P")  # the same numbers, now indices
    card.putpalette(blend_palette(spec.colours))
    return card


def with_logo(spec: CardSpec, lines: list[Line]) -> Image.Image:
    """A card with the customer's logo: drawn in full colour, then mapped to the
    text's blends and the logo's own colours."""
    colours = dict(spec.colours)
    card = blank_card(spec.colours).copy()
    for font, origin, text, ink in lines:
        font.draw(card, origin, text, ImageColor.getrgb(colours[ink]))
    with Image.open(spec.logo) as logo:
        mark = logo.convert("RGBA")
        mark.thumbnail((110, 110))
        box = (1200 - 80 - mark.width, 630 - 40 - mark.height)
        card.paste(mark, box, mark)
        placed = card.crop((*box, box[0] + mark.width, box[1] + mark.height))
        logo_colours = placed.quantize(LOGO_COLOURS, Image.Quantize.FASTOCTREE).getpalette()
    palette = Image.new("P", (1, 1))
    palette.putpalette(blend_palette(spec.colours) + (logo_colours or [])[:LOGO_COLOURS * 3])
    return card.quantize(palette=palette, dither=Image.Dither.NONE)


@functools.lru_cache(maxsize=1)
def accent_bar() -> Image.Image:
    """The background (index 0) with the accent bar (the last accent step)."""
    canvas = Image.new("L", CARD_SIZE)
    ImageDraw.Draw(canvas).rectangle((0, 0, 24, CARD_SIZE[1]), fill=2 * BLEND_STEPS - 1)
    return canvas


@functools.lru_cache(maxsize=8)
def blend_palette(colours: tuple[tuple[str, str], ...]) -> list[int]:
    """The background, and its blends into the text and the accent colour: every colour
    the card's text is drawn with."""
    palette = dict(colours)
    background = ImageColor.getrgb(palette["background"])
    values: list[int] = []
    for ink in (palette["text"], palette["accent"]):
        rgb = ImageColor.getrgb(ink)
        for step in range(BLEND_STEPS):
            share = step / (BLEND_STEPS - 1)
            values += [round(b + (c - b) * share) for b, c in zip(background, rgb[:3],
                                                                    strict=True)]
    return values


LOWEST_PRIORITY = 19
# The cores the page build keeps busy: Pelican rendering, and Pagefind indexing with
# the search feeder. (Measured on two cores: under 5% idle while pages are written,
# and cards drawn beside them, even at the lowest priority, made the build 4% slower.)
PAGE_BUILD_CORES = 2


def lowest_priority() -> None:
    """A card worker drawing beside the page build yields to it."""
    os.nice(LOWEST_PRIORITY)


class CardDrawing:
    """The social cards the cache lacks, drawn on the cores the page build leaves idle.

    Started as soon as the stories are read, with a worker for every core
    beyond the page build's own (none on a machine of two cores), at the
    lowest priority. ``finish`` takes back what those did not start and draws
    it on every core, then puts every card into media/."""

    def __init__(self, specs: list[CardSpec], font_path: Path, cache: Path) -> None:
        self.specs, self.font_path, self.cache = specs, font_path, cache / "cards"
        self.missing = [s for s in specs if not (self.cache / s.name).exists()]
        idle = (os.cpu_count() or 1) - PAGE_BUILD_CORES
        self.beside: ProcessPoolExecutor | None = None
        if self.missing and idle > 0:
            self.beside = self._draw(self.missing, idle, lowest_priority)[0]

    def _draw(self, specs: list[CardSpec], workers: int,
              initializer: Any = None) -> tuple[ProcessPoolExecutor, Any]:
        pool = ProcessPoolExecutor(max_workers=min(workers, len(specs)),
                                   mp_context=pool_context(), initializer=initializer)
        drawn = pool.map(render_card, specs, [self.font_path] * len(specs),
                         [self.cache / s.name for s in specs], chunksize=16)
        return pool, drawn

    def finish(self, media: Path) -> int:
        """Every card drawn and linked into ``media``; how many were drawn."""
        media.mkdir(parents=True, exist_ok=True)
        self.cancel()  # what was drawn beside the pages is in the cache
        left = [s for s in self.missing if not (self.cache / s.name).exists()]
        if left:
            pool, drawn = self._draw(left, os.cpu_count() or 1)
            with pool:
                progress = Progress("social cards", len(left), "drawn")
                for _ in drawn:
                    progress.step()
        for spec in self.specs:  # a cached card is never written again: linked, not copied
            link_or_copy(self.cache / spec.name, media / spec.name)
        return len(self.missing)

    def cancel(self) -> None:
        """Stop drawing beside the pages (the cards being drawn are finished)."""
        if self.beside is not None:
            self.beside.shutdown(wait=True, cancel_futures=True)
            self.beside = None
