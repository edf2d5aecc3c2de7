"""``python -m casebook_bench``: the benchmarks behind ``make bench``."""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from casebook_cli.build import build

from .corpus import QUERIES, make_corpus
from .search_bytes import measure_queries

# Measured by the author on this machine: Pagefind over stock Pelican's
# default theme on a 10,000-story corpus (kB per first query).
STOCK_PAGEFIND_MEDIAN_KB = 226
STOCK_PAGEFIND_P90_KB = 488


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="casebook-bench")
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--workdir", type=Path,
                        default=Path(tempfile.gettempdir()) / "casebook-bench")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--reuse", action="store_true", help="reuse a corpus already built")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    root = args.workdir / f"corpus-{args.stories}"
    output = root / "output"
    report: dict[str, object] = {"stories": args.stories}
    if not (args.reuse and output.exists()):
        started = time.perf_counter()
        make_corpus(root, args.stories)
        report["corpus_seconds"] = round(time.perf_counter() - started, 1)
        started = time.perf_counter()
        build(root / "pelicanconf.py")
        report["build_seconds"] = round(time.perf_counter() - started, 1)
        report["build_peak_rss_mb"] = round(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    report["check_3_files_seconds"] = time_check(root)
    search = measure_queries(output, QUERIES)
    report["search"] = search
    print_table(report, search)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    return 0


def time_check(root: Path) -> float:
    """`casebook check` of three changed files, as a pre-commit hook runs it."""
    files = [str(p) for p in sorted((root / "stories").glob("*.md"))[:3]]
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "casebook_cli.main", "--config",
                    str(root / "pelicanconf.py"), "check", *files],
                   cwd=root, capture_output=True, check=False)
    return round(time.perf_counter() - started, 2)


def print_table(report: dict[str, object], search: dict) -> None:
    print(f"\nCasebook benchmark, {report['stories']:,} synthetic stories")
    print(f"  casebook check of 3 changed files: {report['check_3_files_seconds']} s "
          "(target < 2 s at 1,000 stories)")
    if "build_seconds" in report:
        print(f"  cold build (pages + search index): {report['build_seconds']} s, "
              f"peak RSS {report['build_peak_rss_mb']} MB")
    print("\n  search data fetched for the first query (50 queries, kB)")
    print("  what                          median     p90   target")
    print(f"  entry+wasm+meta+chunks+top 5  {search['api_median_kb']:7.1f} "
          f"{search['api_p90_kb']:7.1f}   <=200 / <=300")
    print(f"  the /search/ page (facets)    {search['ui_median_kb']:7.1f} "
          f"{search['ui_p90_kb']:7.1f}")
    print(f"  stock Pelican + Pagefind      {STOCK_PAGEFIND_MEDIAN_KB:7.1f} "
          f"{STOCK_PAGEFIND_P90_KB:7.1f}   (measured for the issue)")
    median_ratio = search["api_median_kb"] / STOCK_PAGEFIND_MEDIAN_KB
    p90_ratio = search["api_p90_kb"] / STOCK_PAGEFIND_P90_KB
    print(f"  ratio to stock                {median_ratio:7.2f} {p90_ratio:7.2f}")


if __name__ == "__main__":
    sys.exit(main())
