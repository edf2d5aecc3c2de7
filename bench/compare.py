"""One corpus size: Casebook against stock Pelican + Pagefind, cold, warm and after one edit.

The two are interleaved (Casebook cold, stock cold, ...) so that a slow
spell of this noisy machine falls on both sides of a ratio. The cold builds
are run in several such pairs, and the pair with the median ratio stands for
the size (every pair is kept in the report). The same story is edited in
both projects, with the same new sentence.
"""

from __future__ import annotations

import secrets
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.builds import CasebookBuild, casebook_build, story_page
from bench.corpus import append_sentence, english_story, make_corpus, story_files, story_slug
from bench.stock import (
    StockBuild,
    count_output,
    stock_build,
    stock_page,
    stock_story,
    write_stock_project,
)


@dataclass
class SizeRun:
    stories: int
    corpus: str
    stock_project: str
    corpus_seconds: float
    stock_project_seconds: float
    edited_story: str
    casebook: dict[str, CasebookBuild]  # cold, warm, edit
    stock: dict[str, StockBuild]  # cold, prime (Pelican only: fills its cache), warm, edit
    edit_visible: dict[str, bool]  # the edited page shows the new word: casebook, stock
    stock_output: dict[str, int]
    check_3_files_seconds: float
    cold_pairs: list[dict[str, float]]  # every cold pair: casebook and stock seconds, ratio


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


def cold_builds(corpus: Path, stock: Path, logs: Path,
                pairs: int) -> tuple[CasebookBuild, StockBuild, list[dict[str, float]]]:
    """Cold builds in interleaved pairs; the pair with the median ratio, and every pair."""
    runs = []
    for n in range(1, pairs + 1):
        casebook = casebook_build(corpus, logs / f"casebook-cold-{n}.log", cold=True)
        stock_run = stock_build(stock, logs, f"stock-cold-{n}", cold=True)
        runs.append((casebook.seconds / stock_run.seconds, casebook, stock_run))
    listed = [{"casebook_seconds": c.seconds, "stock_seconds": s.seconds, "ratio": r}
              for r, c, s in runs]
    _, casebook, stock_run = sorted(runs, key=lambda run: run[0])[(len(runs) - 1) // 2]
    return casebook, stock_run, listed


def measure_size(workdir: Path, stories: int, logs: Path, cold_pairs: int = 1) -> SizeRun:
    corpus = workdir / f"corpus-{stories}"
    stock = workdir / f"stock-{stories}"
    corpus_seconds = timed(lambda: make_corpus(corpus, stories))
    stock_seconds = timed(lambda: write_stock_project(corpus, stock))
    casebook: dict[str, CasebookBuild] = {}
    stock_runs: dict[str, StockBuild] = {}

    casebook["cold"], stock_runs["cold"], pairs = cold_builds(corpus, stock, logs, cold_pairs)
    stock_runs["prime"] = stock_build(stock, logs, "stock-prime", index=False)
    casebook["warm"] = casebook_build(corpus, logs / "casebook-warm.log")
    stock_runs["warm"] = stock_build(stock, logs, "stock-warm")

    story = english_story(corpus)
    slug = story_slug(story)
    word = f"benchedit{secrets.token_hex(4)}"
    append_sentence(story, word)
    append_sentence(stock_story(stock, slug), word)
    casebook["edit"] = casebook_build(corpus, logs / "casebook-edit.log")
    stock_runs["edit"] = stock_build(stock, logs, "stock-edit")
    visible = {
        "casebook": word in story_page(corpus, slug).read_text(encoding="utf-8"),
        "stock": word in stock_page(stock, slug).read_text(encoding="utf-8"),
    }
    return SizeRun(
        stories=stories,
        corpus=str(corpus),
        stock_project=str(stock),
        corpus_seconds=corpus_seconds,
        stock_project_seconds=stock_seconds,
        edited_story=str(story.relative_to(corpus)),
        casebook=casebook,
        stock=stock_runs,
        edit_visible=visible,
        stock_output=count_output(stock),
        check_3_files_seconds=time_check(corpus),
        cold_pairs=pairs,
    )
