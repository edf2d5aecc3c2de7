"""Social cards on their own: the CPU one worker spends per card, as a build's workers
draw them (fonts and glyphs kept from card to card), and the bytes a card weighs.

Titles are the kind a site has: English headlines of six to fourteen words and
Japanese ones of twenty to forty characters (a fifth of them), most with a metric.
Each run starts with empty caches, so the first cards pay for loading the font.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.corpus import EN_WORDS, JA_WORDS
from casebook.images import cards

METRICS = [("60%", "fewer manual steps"), ("3 days", "to go live (was 6 weeks)"),
           ("1.5日", "平均承認日数（以前は6日）"), ("12,400", "forms a month")]


def card_specs(count: int, seed: int = 20261207) -> list[cards.CardSpec]:
    rng = random.Random(seed)
    specs = []
    for n in range(count):
        ja = rng.random() < 0.2
        if ja:
            title = "".join(rng.choice(JA_WORDS) for _ in range(rng.randint(6, 12)))
        else:
            title = " ".join(rng.choice(EN_WORDS) for _ in range(rng.randint(6, 14))).capitalize()
        value, label = rng.choice(METRICS) if rng.random() < 0.8 else ("", "")
        specs.append(cards.CardSpec(
            title=f"{title} {n}", lang="ja" if ja else "en",
            site_name="Relaypoint お客様事例" if ja else "Relaypoint Customer Stories",
            label="導入事例 · 物流" if ja else "Story · Logistics", metric_value=value,
            metric_label=label, logo="", logo_digest="",
            colours=tuple(sorted(cards.DEFAULT_COLOURS.items()))))
    return specs


def measure_cards(count: int = 600, runs: int = 3) -> dict[str, Any]:
    font = cards.find_font(None)
    specs = card_specs(count)
    per_card, sizes = [], []
    for _ in range(runs):
        cards.face.cache_clear()  # a fresh worker
        with tempfile.TemporaryDirectory() as folder:
            started = time.process_time()
            for spec in specs:
                cards.render_card(spec, font, Path(folder) / spec.name)
            per_card.append((time.process_time() - started) * 1000 / count)
            sizes = [path.stat().st_size for path in Path(folder).iterdir()]
    return {"cards": count, "runs": [round(ms, 2) for ms in per_card],
            "ms_per_card": round(statistics.median(per_card), 2),
            "kb_per_card": round(statistics.mean(sizes) / 1024, 1),
            "format": cards.CARD_SUFFIX}


if __name__ == "__main__":
    print(measure_cards())
