"""``python -m bench``: the benchmarks behind ``make bench``.

For each corpus size: Casebook's cold build (the default settings, social
cards on, and cards off), warm build, one-story edit and deploy-like build
(fresh clone, restored .cache/) against stock Pelican + the Pagefind CLI on
the same stories, in the same run, in interleaved pairs, and the largest
page. Then, once: the dev loop with ``casebook serve``, images on their
own, the search data a browser fetches on the largest site, and search
relevance on the sample site (queries typed into its search page; not
timed). Prints tables and writes every raw figure as JSON (``--render``
prints a saved JSON again).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import tempfile
import time
from dataclasses import asdict
from importlib.metadata import version
from pathlib import Path
from typing import Any

from bench.aside import clear_shelf
from bench.compare import measure_size
from bench.corpus import QUERIES
from bench.devloop import measure_dev_loop
from bench.image_bench import measure_images
from bench.report import (
    dev_loop_figures,
    render_markdown,
    render_text,
    scaling_figures,
    search_figures,
    size_figures,
    size_table,
    tables,
)

DEFAULT_SIZES = [1000, 10_000]
DEV_LOOP_STORIES = 1000


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="casebook-bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sizes = parser.add_mutually_exclusive_group()
    sizes.add_argument("--sizes", type=int, nargs="+", metavar="N",
                       help=f"corpus sizes (default: {' '.join(map(str, DEFAULT_SIZES))})")
    sizes.add_argument("--stories", type=int, metavar="N", help="one size: same as --sizes N")
    parser.add_argument("--workdir", type=Path,
                        default=Path(tempfile.gettempdir()) / "casebook-bench",
                        help="where corpora, stock projects and logs go (outside the repo)")
    parser.add_argument("--json", type=Path, help="also write every figure here")
    parser.add_argument("--markdown", type=Path,
                        help="also write the tables as Markdown here (for the README)")
    parser.add_argument("--render", type=Path, metavar="JSON",
                        help="measure nothing: print the tables of a saved --json file")
    parser.add_argument("--pairs", "--cold-pairs", dest="pairs", type=int, default=3,
                        metavar="N",
                        help="cold, edit and deploy-like builds of each side, interleaved; the "
                             "pair with the median ratio is reported (default: 3)")
    parser.add_argument("--skip-search-bytes", action="store_true")
    parser.add_argument("--skip-images", action="store_true")
    parser.add_argument("--relevance", action=argparse.BooleanOptionalAction, default=True,
                        help="search relevance on the sample site (bench/relevance.py): "
                             "success@1, success@3, MRR and verbatim excerpts (default: on)")
    parser.add_argument("--relevance-site", type=Path, metavar="DIR",
                        help="a built sample site for --relevance (default: build one)")
    parser.add_argument("--photos", type=int, default=300, help="photos of the image benchmark")
    parser.add_argument("--cards", type=int, default=600,
                        help="social cards drawn in one worker to time a card (0: skip)")
    parser.add_argument("--dev-edits", type=int, default=5,
                        help="edits timed with casebook serve running (0: no dev loop)")
    parser.add_argument("--dev-settle", type=float, default=3.0,
                        help="seconds to wait before each dev-loop edit")
    args = parser.parse_args(argv)
    args.sizes = [args.stories] if args.stories else sorted(args.sizes or DEFAULT_SIZES)
    return args


def say(message: str) -> None:
    print(f"[bench {dt.datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def machine() -> dict[str, Any]:
    return {"cpus": os.cpu_count(), "platform": platform.platform(),
            "python": platform.python_version(), "pelican": version("pelican"),
            "pagefind": version("pagefind_bin_extended")}


def save(report: dict[str, Any], args: argparse.Namespace) -> None:
    """Write what is measured so far, so a failure late in a long run loses nothing."""
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n",
                             encoding="utf-8")


def dev_loop_size(sizes: list[int]) -> int:
    return DEV_LOOP_STORIES if DEV_LOOP_STORIES in sizes else min(sizes)


def corpus_root(workdir: Path, stories: int) -> Path:
    return workdir / f"corpus-{stories}"


def measure_sizes(args: argparse.Namespace, report: dict[str, Any]) -> None:
    for stories in args.sizes:
        say(f"{stories:,} stories: corpus, stock project, Casebook and stock builds")
        size = asdict(measure_size(args.workdir, stories, args.workdir / "logs" / str(stories),
                                   args.pairs))
        size["figures"] = size_figures(size)
        report["sizes"].append(size)
        save(report, args)
        print(render_text([size_table(size)]), file=sys.stderr, flush=True)
    report["scaling"] = scaling_figures(report["sizes"])


def measure_search_bytes(args: argparse.Namespace, report: dict[str, Any]) -> None:
    from bench.search_bytes import measure_queries  # Playwright only when it is needed

    stories = max(args.sizes)
    say(f"search bytes on the {stories:,}-story site")
    search = measure_queries(corpus_root(args.workdir, stories) / "output", QUERIES)
    search["figures"] = search_figures(search)
    report["search"], report["search_stories"] = search, stories


def measure_dev(args: argparse.Namespace, report: dict[str, Any]) -> None:
    stories = dev_loop_size(args.sizes)
    say(f"dev loop: casebook serve on {stories:,} stories, {args.dev_edits} edits")
    dev = asdict(measure_dev_loop(corpus_root(args.workdir, stories), stories, args.dev_edits,
                                  args.dev_settle, args.workdir / "logs" / "serve.log"))
    dev["figures"] = dev_loop_figures(dev)
    report["dev_loop"] = dev


def measure_image_builds(args: argparse.Namespace, report: dict[str, Any]) -> None:
    say(f"images: {args.photos} photos, cold and warm")
    report["images"] = asdict(measure_images(args.workdir, args.photos,
                                             args.workdir / "logs" / "images"))


def measure_card_cost(args: argparse.Namespace, report: dict[str, Any]) -> None:
    from bench.card_bench import measure_cards

    say(f"social cards: {args.cards} drawn in one worker, three times")
    report["cards"] = measure_cards(args.cards)


def measure_search_relevance(args: argparse.Namespace, report: dict[str, Any]) -> None:
    from bench.relevance import measure_relevance  # Playwright only when it is needed

    say("search relevance: the sample site's search page, query by query")
    report["relevance"] = measure_relevance(args.relevance_site)


def run(args: argparse.Namespace) -> dict[str, Any]:
    args.workdir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    report: dict[str, Any] = {
        "started": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": machine(), "workdir": str(args.workdir), "sizes": [], "scaling": None,
        "search": None, "search_stories": None, "dev_loop": None, "images": None,
        "relevance": None, "cards": None,
    }
    steps = [measure_sizes]
    steps += [] if args.skip_search_bytes else [measure_search_bytes]
    steps += [measure_dev] if args.dev_edits > 0 else []
    steps += [] if args.skip_images else [measure_image_builds]
    steps += [measure_card_cost] if args.cards > 0 else []
    steps += [measure_search_relevance] if args.relevance else []
    clear_shelf(args.workdir)  # what an interrupted run set aside
    try:
        for step in steps:
            step(args, report)
            save(report, args)
    finally:
        clear_shelf(args.workdir)
    report["bench_seconds"] = time.perf_counter() - started
    save(report, args)
    return report


def load_report(path: Path) -> dict[str, Any]:
    report: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return report


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    report = load_report(args.render) if args.render else run(args)
    found = tables(report)
    print("\n" + render_text(found), end="")
    if args.markdown:
        args.markdown.write_text(render_markdown(found), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
