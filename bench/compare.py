"""One corpus size: Casebook against stock Pelican + Pagefind, as users run them.

Casebook builds with the settings a user gets (social cards on) and, as a
second row, with social cards off. Every figure is a set of interleaved
pairs (Casebook, stock, Casebook, ...), so that a slow spell of this noisy
machine falls on both sides of a ratio; the pair with the median ratio
stands for the build, and every pair is kept in the report:

- cold: a build from nothing (default settings, and cards off, each paired
  with the stock build run between them);
- warm: nothing changed (one pair);
- edit: one story edited, the same new sentence in both projects;
- deploy: what CI does on a merge: a fresh copy of the project (no output/)
  with the last build's ``.cache/`` restored into it and one story edited,
  against stock Pelican's build of the same edit with its cache.
"""

from __future__ import annotations

import secrets
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.aside import set_aside
from bench.builds import CasebookBuild, casebook_build, story_page
from bench.corpus import (
    NO_CARDS,
    append_sentence,
    english_story,
    make_corpus,
    story_files,
    story_slug,
)
from bench.stock import (
    StockBuild,
    count_output,
    stock_build,
    stock_page,
    stock_story,
    write_stock_project,
)

Pair = tuple[CasebookBuild, StockBuild]


@dataclass
class SizeRun:
    stories: int
    corpus: str
    stock_project: str
    corpus_seconds: float
    stock_project_seconds: float
    edited_story: str
    casebook: dict[str, CasebookBuild]  # cold, cold_no_cards, warm, edit, deploy: median pair
    stock: dict[str, StockBuild]  # the same builds' stock side; prime (fills Pelican's cache)
    pairs: dict[str, list[dict[str, float]]]  # every pair: casebook and stock seconds, ratio
    edit_visible: dict[str, bool]  # every edited page shows its new word: casebook, stock
    stock_output: dict[str, int]
    check_3_files_seconds: float
    largest_page: dict[str, object]  # the largest HTML page Casebook wrote: path, bytes


def timed(action: Callable[[], object]) -> float:
    """Seconds ``action()`` takes."""
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def time_check(root: Path) -> float:
    """`casebook check` of three changed files, as a pre-commit hook runs it."""
    files = [str(path) for path in story_files(root)[:3]]
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "casebook.cli.main", "--config",
                    str(root / "pelicanconf.py"), "check", *files],
                   cwd=root, capture_output=True, check=False)
    return time.perf_counter() - started


def listed(pairs: list[Pair]) -> list[dict[str, float]]:
    return [{"casebook_seconds": c.seconds, "stock_seconds": s.seconds,
             "ratio": c.seconds / s.seconds} for c, s in pairs]


def median_pair(pairs: list[Pair]) -> Pair:
    """The pair with the median ratio (the lower middle one of an even count)."""
    return sorted(pairs, key=lambda pair: pair[0].seconds / pair[1].seconds)[(len(pairs) - 1) // 2]


def cold_rounds(corpus: Path, stock: Path, logs: Path, rounds: int) -> dict[str, list[Pair]]:
    """Cold builds: Casebook with cards off, stock, Casebook with the default settings, in
    each round; both Casebook builds are paired with the stock build between them. The
    default build comes last, so that the next builds start from its cache."""
    found: dict[str, list[Pair]] = {"cold": [], "cold_no_cards": []}
    for n in range(1, rounds + 1):
        no_cards = casebook_build(corpus, logs / f"casebook-cold-nocards-{n}.log", cold=True,
                                  settings=NO_CARDS)
        stock_run = stock_build(stock, logs, f"stock-cold-{n}", cold=True)
        default = casebook_build(corpus, logs / f"casebook-cold-{n}.log", cold=True)
        found["cold_no_cards"].append((no_cards, stock_run))
        found["cold"].append((default, stock_run))
    return found


@dataclass
class Edits:
    """The story edited in both projects, and whether every edit showed."""

    corpus: Path
    stock: Path
    story: Path
    visible: dict[str, bool]

    def word(self, kind: str, n: int) -> str:
        return f"bench{kind}{n}x{secrets.token_hex(4)}"

    def shown(self, root: Path, word: str) -> None:
        slug = story_slug(self.story)
        self.visible["casebook"] &= word in story_page(root, slug).read_text(encoding="utf-8")
        self.visible["stock"] &= word in stock_page(self.stock, slug).read_text(encoding="utf-8")

    def edit_rounds(self, logs: Path, rounds: int) -> list[Pair]:
        """One story edited, then each side built (its caches warm)."""
        found = []
        for n in range(1, rounds + 1):
            word = self.word("edit", n)
            append_sentence(self.story, word)
            append_sentence(stock_story(self.stock, story_slug(self.story)), word)
            found.append((casebook_build(self.corpus, logs / f"casebook-edit-{n}.log"),
                          stock_build(self.stock, logs, f"stock-edit-{n}")))
            self.shown(self.corpus, word)
        return found

    def deploy_rounds(self, workdir: Path, logs: Path, rounds: int) -> list[Pair]:
        """A merge on CI: a fresh copy of the project with the last build's .cache/
        restored, one story edited; stock builds the same edit with its cache."""
        found = []
        for n in range(1, rounds + 1):
            clone = fresh_clone(self.corpus, workdir / f"deploy-{self.corpus.name}")
            word = self.word("deploy", n)
            append_sentence(clone / self.story.relative_to(self.corpus), word)
            append_sentence(stock_story(self.stock, story_slug(self.story)), word)
            found.append((casebook_build(clone, logs / f"casebook-deploy-{n}.log"),
                          stock_build(self.stock, logs, f"stock-deploy-{n}")))
            self.shown(clone, word)
            set_aside(clone, workdir)
        return found


def fresh_clone(corpus: Path, clone: Path) -> Path:
    """The project as a checkout has it (no output/), with .cache/ restored as CI's cache
    action restores it: new files, nothing shared with the original."""
    set_aside(clone, clone.parent)
    shutil.copytree(corpus, clone, ignore=shutil.ignore_patterns("output", ".cache", ".output.*"))
    shutil.copytree(corpus / ".cache", clone / ".cache")
    return clone


def largest_page(output: Path) -> dict[str, object]:
    """The largest HTML page of a built site (uncompressed, as a phone downloads it
    before it can paint)."""
    pages = [(path.stat().st_size, path) for path in output.rglob("*.html")]
    size, path = max(pages)
    return {"path": path.relative_to(output).as_posix(), "bytes": size}


def measure_size(workdir: Path, stories: int, logs: Path, rounds: int = 1) -> SizeRun:
    corpus = workdir / f"corpus-{stories}"
    stock = workdir / f"stock-{stories}"
    corpus_seconds = timed(lambda: make_corpus(corpus, stories))
    stock_seconds = timed(lambda: write_stock_project(corpus, stock))
    pairs = cold_rounds(corpus, stock, logs, rounds)
    stock_prime = stock_build(stock, logs, "stock-prime", index=False)
    pairs["warm"] = [(casebook_build(corpus, logs / "casebook-warm.log"),
                      stock_build(stock, logs, "stock-warm"))]
    edits = Edits(corpus, stock, english_story(corpus), {"casebook": True, "stock": True})
    pairs["edit"] = edits.edit_rounds(logs, rounds)
    pairs["deploy"] = edits.deploy_rounds(workdir, logs, rounds)
    chosen = {build: median_pair(found) for build, found in pairs.items()}
    return SizeRun(
        stories=stories,
        corpus=str(corpus),
        stock_project=str(stock),
        corpus_seconds=corpus_seconds,
        stock_project_seconds=stock_seconds,
        edited_story=str(edits.story.relative_to(corpus)),
        casebook={build: pair[0] for build, pair in chosen.items()},
        stock={"prime": stock_prime, **{build: pair[1] for build, pair in chosen.items()}},
        pairs={build: listed(found) for build, found in pairs.items()},
        edit_visible=edits.visible,
        stock_output=count_output(stock),
        check_3_files_seconds=time_check(corpus),
        largest_page=largest_page(corpus / "output"),
    )
