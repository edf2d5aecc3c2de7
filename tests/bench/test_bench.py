"""`make bench` in miniature: two small corpora, three photos, one dev-loop edit, no browser.

A real run of the harness (Casebook builds, stock Pelican, the Pagefind CLI,
`casebook serve`), checking that every figure of the issue is in the JSON,
that the stock side really built a site and a search index, and that each
ratio is the quotient of the measured numbers beside it.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from bench.__main__ import main
from bench.corpus import make_corpus, story_files
from bench.report import size_figures
from bench.stock import write_stock_project

SIZES = (20, 40)
PAIRS = 2
BUILDS = ("cold", "cold_no_cards", "warm", "edit", "deploy")


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path, str]:
    workdir = tmp_path_factory.mktemp("bench")
    results = workdir / "results.json"
    markdown = workdir / "results.md"
    code = main(["--sizes", *map(str, SIZES), "--workdir", str(workdir), "--json", str(results),
                 "--markdown", str(markdown), "--skip-search-bytes", "--photos", "3",
                 "--pairs", str(PAIRS),
                 "--dev-edits", "1", "--dev-settle", "1", "--no-relevance", "--cards", "20"])
    assert code == 0
    return json.loads(results.read_text(encoding="utf-8")), workdir, markdown.read_text()


def number(value: Any) -> float:
    assert isinstance(value, int | float) and not isinstance(value, bool), value
    return float(value)


def test_every_figure_is_measured(bench: tuple[dict[str, Any], Path, str]) -> None:
    report, workdir, _ = bench
    assert not (workdir / ".set-aside").exists()  # earlier builds, moved aside, then deleted
    assert [size["stories"] for size in report["sizes"]] == list(SIZES)
    for size in report["sizes"]:
        for build in BUILDS:
            casebook, stock = size["casebook"][build], size["stock"][build]
            assert number(casebook["seconds"]) > 0
            assert number(casebook["process"]["peak_rss_mb"]) > 0
            assert number(stock["pelican"]["seconds"]) > 0
            assert number(stock["pagefind"]["seconds"]) > 0
            assert number(stock["pelican"]["peak_rss_mb"]) > 0
            assert number(stock["pagefind"]["peak_rss_mb"]) > 0
            figures = size["figures"][build]
            for key in ("casebook_seconds", "ms_per_story", "stock_seconds", "ratio"):
                assert number(figures[key]) > 0
        cold = size["casebook"]["cold"]
        for key in ("python_peak_rss_mb", "search_peak_rss_mb", "search_seconds"):
            number(cold[key])  # from the build's own stats file
        assert size["figures"]["cold"]["target"] is None  # set at 10,000 stories
        at_10k = size_figures({**size, "stories": 10_000})
        assert at_10k["cold"]["target"] == 0.8
        assert at_10k["cold"]["pass"] is (at_10k["cold"]["ratio"] <= 0.8)
        assert at_10k["cold_no_cards"]["target"] == 0.5
        assert at_10k["edit"]["target"] == 0.25 and at_10k["deploy"]["target"] == 0.3
        assert size_figures({**size, "stories": 1000})["edit"]["target"] == 0.3
        assert at_10k["pagefind_rss"]["target"] == 0.8
        # the default settings draw a card for every story; cards off draw none
        assert size["casebook"]["cold"]["cards_drawn"] == size["stories"]
        assert not size["casebook"]["cold_no_cards"]["cards_drawn"]
        # an edit, on this machine or in a fresh clone, reuses the other pages' search
        # fragments and renders one body
        for build in ("edit", "deploy"):
            stats = size["casebook"][build]["stats"]
            assert stats["render"]["rendered"] == 1
            assert size["casebook"][build]["fragments_reused"] == stats["search"]["pages"] - 1
        assert size["figures"]["warm"]["target"] == 0.1
        assert isinstance(size["figures"]["warm"]["pass"], bool)
        assert size["edit_visible"] == {"casebook": True, "stock": True}
        number(size["check_3_files_seconds"])
    assert number(report["scaling"]["casebook_ratio"]) > 0
    dev = report["dev_loop"]
    assert dev["stories"] == SIZES[0] and len(dev["edits"]) == 1
    assert 0 < number(dev["page_median_seconds"]) <= number(dev["reload_median_seconds"])
    assert number(dev["first_build_seconds"]) > 0
    images = report["images"]
    assert images["photos"] == 3 and images["stories"] == 1
    assert images["cold"]["images_encoded"] == 3
    warm = images["warm"]
    assert warm["up_to_date"] is True or warm["images_encoded"] == 0  # nothing re-encoded
    assert images["edit"]["images_encoded"] == 0  # a text edit re-encodes no photo
    cards = report["cards"]
    assert cards["cards"] == 20 and len(cards["runs"]) == 3 and number(cards["ms_per_card"]) > 0
    assert cards["format"] == "png" and number(cards["kb_per_card"]) > 5
    number(images["cold"]["images_seconds"])
    assert report["search"] is None  # skipped
    assert report["relevance"] is None  # skipped (tests/bench/test_relevance.py checks it)


def test_stock_pelican_built_pages_and_a_pagefind_bundle(
        bench: tuple[dict[str, Any], Path, str]) -> None:
    report, workdir, _ = bench
    for size in report["sizes"]:
        output = workdir / f"stock-{size['stories']}" / "output"
        stories = story_files(workdir / f"corpus-{size['stories']}")
        articles = list(output.glob("story-*.html"))
        assert len(articles) == len(stories) == size["stories"]
        assert (output / "index.html").exists() and (output / "feeds" / "all.atom.xml").exists()
        assert "Synthetic Customer" in (output / "story-00000.html").read_text(encoding="utf-8")
        entry = json.loads((output / "pagefind" / "pagefind-entry.json").read_text())
        assert set(entry["languages"]) == {"en", "ja"}
        assert any((output / "pagefind" / "fragment").iterdir())
        counted = size["stock_output"]
        assert counted["html_pages"] == sum(1 for _ in output.rglob("*.html"))
        assert counted["pagefind_pages"] == counted["html_pages"]  # Pagefind indexed them all


def test_ratios_are_the_measured_numbers(bench: tuple[dict[str, Any], Path, str]) -> None:
    report, _, _ = bench
    for size in report["sizes"]:
        for build in BUILDS:
            casebook, stock = size["casebook"][build], size["stock"][build]
            figures = size["figures"][build]
            assert figures["casebook_seconds"] == casebook["process"]["seconds"]
            assert math.isclose(stock["seconds"],
                                stock["pelican"]["seconds"] + stock["pagefind"]["seconds"])
            assert math.isclose(figures["ratio"], casebook["seconds"] / stock["seconds"])
            assert math.isclose(figures["ms_per_story"],
                                casebook["seconds"] * 1000 / size["stories"])
            assert figures["pass"] is (None if figures["target"] is None
                                       else figures["ratio"] <= figures["target"])
        cold, stock_cold = size["casebook"]["cold"], size["stock"]["cold"]
        python = size["figures"]["python_rss"]
        python_peak = (cold["stats"]["peak_rss_mb"]  # the build and its search feeder
                       + cold["stats"]["search"]["feeder_peak_rss_mb"])
        assert math.isclose(python["ratio"], python_peak / stock_cold["pelican"]["peak_rss_mb"])
        pagefind = size["figures"]["pagefind_rss"]
        assert math.isclose(pagefind["ratio"], cold["stats"]["search"]["peak_rss_mb"]
                            / stock_cold["pagefind"]["peak_rss_mb"])
    small, large = report["sizes"]
    scaling = report["scaling"]
    for size in report["sizes"]:  # each figure is the pair with the median ratio
        for build in BUILDS:
            pairs = size["pairs"][build]
            assert len(pairs) == (1 if build == "warm" else PAIRS)
            median = sorted(pairs, key=lambda pair: pair["ratio"])[(len(pairs) - 1) // 2]
            assert size["casebook"][build]["seconds"] == median["casebook_seconds"]
            assert size["stock"][build]["seconds"] == median["stock_seconds"]
        # both cold rows are paired with the same stock builds
        stock_cold = [pair["stock_seconds"] for pair in size["pairs"]["cold"]]
        assert [pair["stock_seconds"] for pair in size["pairs"]["cold_no_cards"]] == stock_cold
    assert math.isclose(scaling["casebook_ratio"],
                        large["casebook"]["cold"]["seconds"] / small["casebook"]["cold"]["seconds"])
    assert math.isclose(scaling["target"], 10 * (SIZES[1] / SIZES[0]) / 10)


def test_tables_render_from_the_saved_json(bench: tuple[dict[str, Any], Path, str],
                                           capsys: pytest.CaptureFixture[str]) -> None:
    _, workdir, markdown = bench
    assert "| cold build, default settings (social cards on) |" in markdown
    assert "| deploy-like: fresh clone, .cache/ restored, one story edited |" in markdown
    assert "| dev loop: save → page written" in markdown
    assert "Interleaved pairs, Casebook / stock" in markdown
    again = workdir / "again.md"
    assert main(["--render", str(workdir / "results.json"), "--markdown", str(again)]) == 0
    assert again.read_text() == markdown
    printed = capsys.readouterr().out
    assert "warm, nothing changed" in printed and "peak RSS, Pagefind (cold)" in printed


def test_stock_project_mirrors_the_stories(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus", 12)
    stock = write_stock_project(corpus, tmp_path / "stock")
    for source in story_files(corpus):
        written = (stock / "content" / source.name).read_text(encoding="utf-8")
        header, body = written.split("\n\n", 1)
        keys = [line.split(":", 1)[0] for line in header.splitlines()]
        assert keys == ["Title", "Date", "Slug", "Lang", "Category", "Tags", "Summary"]
        assert source.read_text(encoding="utf-8").endswith(body)
    assert "DEFAULT_PAGINATION = 10" in (stock / "pelicanconf.py").read_text()


def test_the_largest_page_is_measured_against_150_kb(
        bench: tuple[dict[str, Any], Path, str]) -> None:
    report, workdir, markdown = bench
    size = report["sizes"][-1]  # (the dev loop edits the smaller site afterwards)
    output = workdir / f"corpus-{size['stories']}" / "output"
    largest = max(output.rglob("*.html"), key=lambda p: p.stat().st_size)
    assert size["largest_page"] == {"path": largest.relative_to(output).as_posix(),
                                    "bytes": largest.stat().st_size}
    for size in report["sizes"]:
        page = size["figures"]["largest_page"]
        assert page["target"] == 150 and page["pass"] is (page["kb"] <= 150)
    assert "| largest HTML page (" in markdown
