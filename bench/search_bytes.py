"""Bytes of search data a browser fetches for the first query of a visit.

Counted as the issue defines it: Pagefind's entry file, wasm, metadata, index
chunks and the fragments of the top five results (pagefind.js itself aside),
in a fresh browser context per query, against the built site served on
localhost. The search page's own behaviour (it also loads the filter index
for its facets, and ten results) is measured beside it.
"""

from __future__ import annotations

import functools
import re
import statistics
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update"]
# What counts as search data: the entry file, wasm, metadata, index chunks and
# fragments (and, for the search page, the filter index). Pagefind's scripts
# (pagefind.js and its worker) are not search data.
SEARCH_DATA = re.compile(r"/pagefind/(pagefind-entry\.json|wasm\.[\w-]+\.pagefind|"
                         r"pagefind\.[\w-]+\.pf_meta|index/|fragment/|filter/)")
TOP_RESULTS = 5

API_QUERY = """async ([query, lang]) => {
  document.documentElement.lang = lang;
  const pagefind = await import('/pagefind/pagefind.js');
  const search = await pagefind.search(query);
  await Promise.all(search.results.slice(0, TOP).map(r => r.data()));
  return search.results.length;
}""".replace("TOP", str(TOP_RESULTS))


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def _measure(browser: Browser, base: str, action: Any) -> tuple[int, Any]:
    context = browser.new_context()
    page = context.new_page()
    responses: list[Any] = []
    # Only collect here: reading a body inside the event handler can deadlock.
    page.on("response", lambda response: responses.append(response)
            if SEARCH_DATA.search(response.url) else None)
    try:
        result = action(page)
        page.wait_for_load_state("networkidle")
        fetched = sum(len(response.body()) for response in responses)
    finally:
        context.close()
    return fetched, result


def percentile(values: list[int], share: float) -> float:
    ordered = sorted(values)
    rank = share * (len(ordered) - 1)
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def measure_queries(output: Path, queries: list[tuple[str, str]],
                    default_lang: str = "en") -> dict[str, Any]:
    """Per query: bytes by the definition (API) and by the search page (UI)."""
    rows = []
    with serve(output) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for query, lang in queries:
            prefix = "" if lang == default_lang else f"{lang}/"

            def api(page: Any, query: str = query, lang: str = lang) -> int:
                page.goto(f"{base}/404.html")
                return int(page.evaluate(API_QUERY, [query, lang]))

            def ui(page: Any, query: str = query, prefix: str = prefix) -> None:
                page.goto(f"{base}/{prefix}search/?q={query}")
                page.wait_for_selector("#search-results .search-count", timeout=60_000)

            api_bytes, hits = _measure(browser, base, api)
            ui_bytes, _ = _measure(browser, base, ui)
            rows.append({"query": query, "lang": lang, "results": hits,
                         "api_bytes": api_bytes, "ui_bytes": ui_bytes})
        browser.close()
    api_values = [row["api_bytes"] for row in rows]
    ui_values = [row["ui_bytes"] for row in rows]
    return {
        "queries": rows,
        "api_median_kb": statistics.median(api_values) / 1000,
        "api_p90_kb": percentile(api_values, 0.9) / 1000,
        "ui_median_kb": statistics.median(ui_values) / 1000,
        "ui_p90_kb": percentile(ui_values, 0.9) / 1000,
    }
