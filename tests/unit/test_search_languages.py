"""The other languages' pages wait for the site's own bundle to be past the most
memory it needs, and the bundle comes out byte for byte the same (real Pagefind
binaries; a real process for the memory watch)."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

from casebook.search.feeder import LanguageIndexes, PeakWatch
from casebook.search.publish import PAGEFIND_VERSION
from casebook.search.service import memory_mb

from .test_search_incremental import data, page


def mixed_site(n: int) -> dict[str, str]:
    """English stories with a Japanese one after every third, as a build renders
    the two languages' listings and term pages."""
    pages: dict[str, str] = {}
    for i in range(n):
        pages[f"/stories/{i}/"] = page(i)
        if i % 3 == 0:
            pages[f"/ja/stories/{i}/"] = page(i, "承認フローを一つにまとめました。", lang="ja")
    return pages


def indexes_for(folder: Path, lead: str) -> LanguageIndexes:
    return LanguageIndexes([], folder / "scratch", pagefind_version=PAGEFIND_VERSION,
                           lead=lead)


def feed(indexes: LanguageIndexes, pages: dict[str, str]) -> None:
    for url, html in pages.items():
        indexes.add(url, url.strip("/") + "/index.html", html)


def test_other_languages_wait_without_a_binary_and_the_bundle_is_the_same(
        tmp_path: Path) -> None:
    pages = mixed_site(60)
    held = indexes_for(tmp_path / "held", lead="en")
    try:
        feed(held, pages)
        # Twenty Japanese pages came, and no binary was started for them.
        assert set(held.indexes) == {"en"}
        assert [url for _, url, _ in held.held["ja"]] == [u for u in pages if u.startswith("/ja/")]
        held.close("en")
        held.close("ja")  # waits for the English bundle, then indexes the held pages
        held.write(tmp_path / "held" / "bundle")
    finally:
        held.stop(kill=True)
    assert held.held == {} and held.lead_past_peak.is_set()

    at_once = indexes_for(tmp_path / "at-once", lead="")
    try:
        feed(at_once, pages)
        assert set(at_once.indexes) == {"en", "ja"}
        at_once.write(tmp_path / "at-once" / "bundle")
    finally:
        at_once.stop(kill=True)
    bundle = data(tmp_path / "held" / "bundle")
    assert any(name.startswith("index/ja_") for name in bundle)
    assert bundle == data(tmp_path / "at-once" / "bundle")


def test_once_the_lead_is_past_its_peak_held_pages_go_first_then_pages_go_straight(
        tmp_path: Path) -> None:
    pages = mixed_site(9)
    first, then, last = list(pages.items())[:6], list(pages.items())[6:8], list(pages.items())[8:]
    indexes = indexes_for(tmp_path / "held", lead="en")
    try:
        feed(indexes, dict(first))  # en, ja, en, en, en, ja
        assert "ja" not in indexes.indexes and len(indexes.held["ja"]) == 2
        indexes.lead_past_peak.set()
        feed(indexes, dict(then))  # en, en: the held pages start going to their binary
        indexes.draining["ja"].join(timeout=60)
        assert "ja" in indexes.indexes and indexes.held == {}
        feed(indexes, dict(last))  # en, ja, en, en: the Japanese one straight to its binary
        assert indexes.held == {}
        indexes.write(tmp_path / "held" / "bundle")
    finally:
        indexes.stop(kill=True)
    at_once = indexes_for(tmp_path / "at-once", lead="")
    try:
        feed(at_once, pages)
        at_once.write(tmp_path / "at-once" / "bundle")
    finally:
        at_once.stop(kill=True)
    assert data(tmp_path / "held" / "bundle") == data(tmp_path / "at-once" / "bundle")


# A process that takes 200 MB in ten blocks, then gives back all but ``keep`` of them
# on stdin's word.
HOG = """
import sys
blocks = [bytearray(20 * 1024 * 1024) for _ in range(10)]
for block in blocks:
    for i in range(0, len(block), 4096):
        block[i] = 1
print("full", flush=True)
sys.stdin.readline()
del blocks[int(sys.argv[1]):]
print("freed", flush=True)
sys.stdin.readline()
"""


def watch_a_hog(keep: int) -> tuple[bool, bool]:
    """Whether the watch saw the peak passed while the hog was full, and after it gave
    memory back (keeping ``keep`` blocks of ten)."""
    hog = subprocess.Popen([sys.executable, "-c", HOG, str(keep)], stdin=subprocess.PIPE,
                           stdout=subprocess.PIPE, text=True)
    assert hog.stdin is not None and hog.stdout is not None
    past = threading.Event()
    try:
        assert hog.stdout.readline().strip() == "full"
        watch = PeakWatch(hog.pid, past)
        time.sleep(10 * PeakWatch.INTERVAL)
        while_full = past.is_set()
        hog.stdin.write("free\n")
        hog.stdin.flush()
        assert hog.stdout.readline().strip() == "freed"
        assert (memory_mb(hog.pid) or 0) < 20 * keep + 30  # it did give memory back
        past.wait(timeout=2)
        watch.stop()
        return while_full, past.is_set()
    finally:
        hog.kill()
        hog.wait()


def test_the_peak_is_past_when_the_writing_binary_holds_well_under_its_most() -> None:
    assert watch_a_hog(keep=1) == (False, True)


def test_a_dip_on_the_way_up_is_not_the_peak_passed() -> None:
    assert watch_a_hog(keep=8) == (False, False)
