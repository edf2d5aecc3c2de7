"""Social cards: a 1200x630 Open Graph image for every story and interview.

The card shows the headline, the customer's logo (never for an anonymous
story), the lead metric and the site's colours. Text is set in Noto Sans CJK
(Debian's fonts-noto-cjk), which has Latin and Japanese glyphs, so a
Japanese headline never falls back to missing-glyph boxes. Cards are cached
by a hash of everything drawn on them.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from casebook.content.model import Story, Vocabularies
from casebook.images.process import ENCODER_VERSION
from casebook.progress import Progress
from casebook.workers import pool_context

CARD_SIZE = (1200, 630)
FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc",
)
JAPANESE_FACE = 0  # index of "Noto Sans CJK JP" in the collection
DEFAULT_COLOURS = {"background": "#17468c", "accent": "#f2a541", "text": "#ffffff"}
NO_LINE_START = "、。，．・：；？！）」』】〕ー…,.!?)"  # kinsoku: never begin a line


@dataclass(frozen=True)
class CardSpec:
    title: str
    lang: str
    site_name: str
    label: str  # "Story · Manufacturing"
    metric_value: str
    metric_label: str
    logo: str  # path of the logo source, "" for none
    logo_digest: str
    colours: tuple[tuple[str, str], ...]

    @property
    def key(self) -> str:
        data = json.dumps([ENCODER_VERSION, asdict(self)], ensure_ascii=False)
        return hashlib.sha256(data.encode()).hexdigest()[:16]

    @property
    def name(self) -> str:
        return f"card-{self.key}.png"


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


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: Any, width: int, lang: str) -> list[str]:
    """Lines that fit ``width``: by words in English, by characters in Japanese."""
    units = list(text) if lang == "ja" else text.split()
    joiner = "" if lang == "ja" else " "
    lines: list[str] = []
    current = ""
    for unit in units:
        candidate = f"{current}{joiner}{unit}" if current else unit
        if draw.textlength(candidate, font=font) <= width or not current or (
                lang == "ja" and unit in NO_LINE_START):
            current = candidate
        else:
            lines.append(current)
            current = unit
    if current:
        lines.append(current)
    return lines


def render_card(spec: CardSpec, font_path: Path, target: Path) -> None:
    colours = dict(spec.colours)
    card = Image.new("RGB", CARD_SIZE, colours["background"])
    draw = ImageDraw.Draw(card)

    def font(size: int) -> Any:
        return ImageFont.truetype(str(font_path), size, index=JAPANESE_FACE)

    draw.rectangle((0, 0, 24, CARD_SIZE[1]), fill=colours["accent"])
    draw.text((80, 60), spec.label, font=font(30), fill=colours["accent"])
    text_width = 1200 - 80 - (300 if spec.metric_value else 80)
    size = 64
    lines = _wrap(draw, spec.title, font(size), text_width, spec.lang)
    while len(lines) > 4 and size > 40:
        size -= 6
        lines = _wrap(draw, spec.title, font(size), text_width, spec.lang)
    if len(lines) > 4:
        lines = lines[:4]
        lines[-1] = lines[-1][:-1] + "…"
    y = 120
    for line in lines:
        draw.text((80, y), line, font=font(size), fill=colours["text"])
        y += round(size * 1.3)
    if spec.metric_value:
        draw.text((920, 150), spec.metric_value, font=font(72), fill=colours["accent"])
        for n, line in enumerate(_wrap(draw, spec.metric_label, font(26), 220, spec.lang)[:4]):
            draw.text((920, 250 + n * 36), line, font=font(26), fill=colours["text"])
    draw.text((80, 550), spec.site_name, font=font(28), fill=colours["text"])
    if spec.logo:
        with Image.open(spec.logo) as logo:
            mark = logo.convert("RGBA")
            mark.thumbnail((110, 110))
            card.paste(mark, (1200 - 80 - mark.width, 630 - 40 - mark.height), mark)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    card.save(partial, "PNG", compress_level=6)
    partial.rename(target)  # a card in the cache is always complete


def publish_cards(specs: list[CardSpec], font_path: Path, cache: Path, media: Path) -> int:
    """Draw the cards the cache lacks, on every core; copy all into media/.
    Returns how many were drawn."""
    media.mkdir(parents=True, exist_ok=True)
    missing = [s for s in specs if not (cache / "cards" / s.name).exists()]
    if missing:
        workers = min(len(missing), os.cpu_count() or 1)
        with ProcessPoolExecutor(max_workers=workers, mp_context=pool_context()) as pool:
            progress = Progress("social cards", len(missing), "drawn")
            for _ in pool.map(render_card, missing, [font_path] * len(missing),
                              [cache / "cards" / s.name for s in missing], chunksize=16):
                progress.step()
    for spec in specs:
        shutil.copyfile(cache / "cards" / spec.name, media / spec.name)
    return len(missing)
