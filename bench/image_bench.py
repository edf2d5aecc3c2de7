"""Images on their own: a small project whose stories show synthetic photos, built cold and warm.

The photos are the seeded 2400x1600 JPEGs of ``photos.py``, three to a
story in page bundles. The image step's own time and counts come from the
build's stats file; the whole build is timed around the process. A build
with nothing changed may find its output up to date and do no image work at
all, so a build after editing one story's text is timed too: every image
then comes from the cache.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from bench.builds import CasebookBuild, casebook_build
from bench.corpus import PHOTOS_PER_STORY, append_sentence, make_corpus, story_files


@dataclass
class ImageBench:
    photos: int
    stories: int
    cold: CasebookBuild
    warm: CasebookBuild  # nothing changed
    edit: CasebookBuild  # one story's text changed, no image changed


def stories_for(photos: int) -> int:
    return -(-photos // PHOTOS_PER_STORY)


def measure_images(workdir: Path, photos: int, logs: Path) -> ImageBench:
    stories = stories_for(photos)
    # Social cards off: the photos' own cost (bench.card_bench times the cards)
    root = make_corpus(workdir / f"images-{photos}", stories, photos=photos, cards=False)
    cold = casebook_build(root, logs / "images-cold.log", cold=True)
    warm = casebook_build(root, logs / "images-warm.log")
    append_sentence(story_files(root)[0], f"imageedit{secrets.token_hex(4)}")
    edit = casebook_build(root, logs / "images-edit.log")
    return ImageBench(photos, stories, cold, warm, edit)
