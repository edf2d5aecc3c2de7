"""A language's bundle patched for the pages that changed holds exactly what Pagefind
writes when it indexes every page again (real Pagefind binaries, many chunks)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from casebook.search.bundle import wait_until_written
from casebook.search.pagefind_files import make_filters_deterministic, meta_file, read_data
from casebook.search.patch import Unpatchable, patch_language
from casebook.search.service import PagefindIndex

SYLLABLES = ["ka", "ri", "mo", "tu", "se", "la", "no", "vi", "pe", "dra", "zon", "qu", "el"]
JA_WORDS = ["承認フロー", "ダッシュボード", "監査ログ", "シングルサインオン", "在庫管理",
            "請求書", "現場", "担当者", "毎週", "報告書", "自動化", "倉庫", "配送"]


def english(n: int, extra: str = "", day: int | None = None) -> str:
    rng = random.Random(n)
    day = n % 28 + 1 if day is None else day
    words = " ".join("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3)))
                     for _ in range(140))
    return (f'<!DOCTYPE html><html lang="en"><head><title>Story {n}</title></head><body>'
            f'<main data-pagefind-body><h1>Story {n}</h1><p>{words} {extra}</p>'
            f'<span hidden data-pagefind-filter="industry">Industry {n % 5}</span>'
            f'<span hidden data-pagefind-sort="date">2026-01-{day:02d}</span>'
            '</main></body></html>')


def japanese(n: int, extra: str = "") -> str:
    rng = random.Random(n)
    text = "。".join("の".join(rng.sample(JA_WORDS, 3)) + "を見直しました" for _ in range(12))
    return (f'<!DOCTYPE html><html lang="ja"><head><title>事例 {n}</title></head><body>'
            f'<main data-pagefind-body><h1>事例 {n}</h1><p>{text}。{extra}</p>'
            f'<span hidden data-pagefind-filter="industry">業界 {n % 3}</span>'
            '</main></body></html>')


def written(pages: list[str], folder: Path, numbers: list[int] | None = None) -> Path:
    """The pages indexed by Pagefind (page ``numbers[i]`` is /stories/<number>/)."""
    index = PagefindIndex()
    try:
        for n, html in zip(numbers or range(len(pages)), pages, strict=True):
            index.add(html, f"/stories/{n}/", f"stories/{n}/index.html")
        index.wait(index.request_write(folder))
        wait_until_written(folder)
    finally:
        index.pipe.close()
    return folder


def patched(last: list[str], now: list[str], tmp_path: Path, lang: str) -> tuple[Path, Path]:
    """The bundle of ``now`` patched from the one of ``last``, and the one Pagefind writes."""
    changed = [n for n, (a, b) in enumerate(zip(last, now, strict=True)) if a != b]
    last_part = written(last, tmp_path / "last")
    fresh = written([now[n] for n in changed], tmp_path / "fresh", changed)
    stale = written([last[n] for n in changed], tmp_path / "stale", changed)
    part = tmp_path / "patched"
    patch_language(lang, last_part, fresh, stale, changed, part)
    make_filters_deterministic(part, lang)
    cold = written(now, tmp_path / "cold")
    make_filters_deterministic(cold, lang)
    return part, cold


def data(folder: Path) -> dict[str, bytes]:
    """Every file's bytes (a re-made chunk is gzipped as Pagefind gzips it)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def chunk_count(folder: Path, lang: str) -> int:
    return len(read_data(meta_file(folder, lang))[2])


def test_one_story_with_a_sentence_added(tmp_path: Path) -> None:
    last = [english(n) for n in range(1500)]
    now = [*last]
    now[700] = english(700, "After the rollout the team added zanzibarite to a checklist.")
    part, cold = patched(last, now, tmp_path, "en")
    assert chunk_count(cold, "en") >= 8
    assert data(part) == data(cold)
    kept = [p for p in (part / "index").iterdir()
            if (tmp_path / "last" / "index" / p.name).exists()]
    assert kept, "chunks no changed word falls in are kept as they were"


def test_pages_whose_words_leave_and_arrive_and_filters_change(tmp_path: Path) -> None:
    last = [english(n) for n in range(1200)]
    now = [*last]
    now[0] = english(5000, day=1)  # new words; a word only it had leaves the index
    now[599] = english(599).replace("Industry 4", "Industry 9")  # a new filter value
    now[1199] = english(1199, "quuxorbital quuxorbital")
    part, cold = patched(last, now, tmp_path, "en")
    assert data(part) == data(cold)


def test_japanese_pages_and_their_compound_words(tmp_path: Path) -> None:
    last = [japanese(n) for n in range(600)]
    now = [*last]
    now[300] = japanese(300, "新しい在庫管理の画面を毎週確認しています")
    now[12] = japanese(9999)
    part, cold = patched(last, now, tmp_path, "ja")
    assert data(part) == data(cold)


def test_a_fragment_name_shared_with_an_unchanged_page_is_refused(tmp_path: Path) -> None:
    last = [english(n) for n in range(20)]
    last_part = written(last, tmp_path / "last")
    fresh = written([last[3]], tmp_path / "fresh", [3])  # page 3 as it is, as page 5
    stale = written([last[5]], tmp_path / "stale", [5])
    with pytest.raises(Unpatchable):
        patch_language("en", last_part, fresh, stale, [5], tmp_path / "patched")
