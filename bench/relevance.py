"""Search relevance on the sample site, through the real search page.

Each query of ``relevance_queries.yml`` (written as a prospect would type it,
in English or Japanese, with the page that should come first) is typed into
``/search/?q=…`` or ``/ja/search/?q=…`` of the sample site, built and served
on localhost and opened in Debian's Chromium. From the result list the page
shows, it reports per language and overall:

- success@1 and success@3: the share of queries whose expected page (or one
  of its ``also`` pages) is first, or among the first three;
- MRR: the mean of 1/rank of the first acceptable page among the results the
  page shows (0 when none of them is acceptable);
- the share of verbatim excerpts: of the excerpts shown for the top three
  results, those whose text (split at the ellipses, each piece with its
  whitespace normalised; for Japanese with no whitespace at all) is found in
  the visible text of the result page's own ``<main>``.

Nothing here is timed: relevance is a property of the index and the search
page, not of the machine. ``python -m bench.relevance`` prints the table;
``python -m bench`` runs it as its ``--relevance`` part.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

import yaml

from bench.report import (
    RELEVANCE_SUCCESS_AT_3_TARGET,
    RELEVANCE_VERBATIM_TARGET,
    relevance_tables,
    render_text,
)

REPO = Path(__file__).resolve().parent.parent
QUERIES_FILE = Path(__file__).with_name("relevance_queries.yml")
LANGUAGES = ("en", "ja")
DEFAULT_LANG = "en"
TOP = 3  # success@3, and the excerpts checked for being verbatim

# The result list of the search page (theme/static/js/search.js).
HIT = "#search-results .hit"
HIT_LINK = ".hit-title a"
HIT_EXCERPT = ".hit-excerpt"
# The page has answered: results, a count (also "no results"), or the busy flag cleared.
ANSWERED = "#search-results .hit, #search-results .search-count, #search-results[aria-busy=false]"
ELLIPSES = re.compile(r"…|\.\.\.")
SPACE = re.compile(r"\s+")
NOT_A_LETTER = re.compile(r"[\W_]+")
# Elements whose text starts a new line of the page's text (Pagefind reads them so too):
# their text never runs into the text beside them.
BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "details", "dialog", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "ul"})
INVISIBLE = ("script", "style", "template", "noscript")
UNNEEDED = {"image", "media", "font"}  # nothing a result list depends on: not fetched


# -- the queries --------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    lang: str
    query: str
    expect: str  # the URL path of the page that should come first
    also: tuple[str, ...] = ()  # other pages that would be a right first answer

    @property
    def acceptable(self) -> tuple[str, ...]:
        return (self.expect, *self.also)


def url_path(url: str) -> str:
    """The path a result or an expectation names: no host, query or fragment, no index.html."""
    path = urlsplit(url).path or "/"
    if path.endswith("/index.html"):
        path = path[: -len("index.html")]
    return path


def load_queries(path: Path = QUERIES_FILE) -> list[Query]:
    """The query file, checked: every entry has a known language, a query and a path."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(entries, list):
        raise ValueError(f"{path}: expected a list of queries")
    queries = []
    for n, entry in enumerate(entries, 1):
        where = f"{path.name}, query {n}"
        if not isinstance(entry, dict) or set(entry) - {"lang", "query", "expect", "also"}:
            raise ValueError(f"{where}: keys are lang, query, expect and also")
        lang, text, expect = entry.get("lang"), entry.get("query"), entry.get("expect")
        also = entry.get("also") or []
        if lang not in LANGUAGES:
            raise ValueError(f"{where}: lang must be one of {', '.join(LANGUAGES)}")
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"{where}: no query")
        if isinstance(also, str):
            also = [also]
        paths = [expect, *also]
        if not all(isinstance(p, str) and p.startswith("/") and p.endswith("/") for p in paths):
            raise ValueError(f"{where}: expect and also are URL paths such as /stories/x/")
        prefix = "/" if lang == DEFAULT_LANG else f"/{lang}/"
        if any(p.startswith("/ja/") != (prefix == "/ja/") for p in paths):
            raise ValueError(f"{where}: a {lang} query expects {lang} pages")
        queries.append(Query(lang, text.strip(), str(expect), tuple(map(str, also))))
    return queries


def search_url(base: str, query: Query) -> str:
    prefix = "" if query.lang == DEFAULT_LANG else f"{query.lang}/"
    return f"{base}/{prefix}search/?q={quote(query.query)}"


# -- the metrics --------------------------------------------------------------------------


def first_rank(ranking: list[str], acceptable: tuple[str, ...] | set[str]) -> int | None:
    """1-based rank of the first acceptable page in a ranking, None if there is none."""
    for n, url in enumerate(ranking, 1):
        if url in acceptable:
            return n
    return None


def success_at(ranks: list[int | None], k: int) -> float | None:
    """Share of queries with an acceptable page in the first k results."""
    if not ranks:
        return None
    return sum(1 for rank in ranks if rank is not None and rank <= k) / len(ranks)


def mean_reciprocal_rank(ranks: list[int | None]) -> float | None:
    if not ranks:
        return None
    return sum(1 / rank for rank in ranks if rank is not None) / len(ranks)


# -- verbatim excerpts -------------------------------------------------------------------


def squeeze(text: str, lang: str) -> str:
    """Whitespace normalised: single spaces in English, none at all in Japanese."""
    return SPACE.sub("", text) if lang == "ja" else SPACE.sub(" ", text).strip()


def page_text(page_html: str, lang: str) -> str:
    """The visible text of the page's ``<main>``, whitespace normalised as ``squeeze``."""
    from bs4 import BeautifulSoup  # only when excerpts are checked

    soup = BeautifulSoup(page_html, "html.parser")
    main = soup.find("main") or soup.body or soup
    for hidden in [*main.find_all(INVISIBLE), *main.select("[hidden]")]:
        hidden.decompose()
    for block in main.find_all(BLOCKS):
        block.insert_before(" ")
        block.insert_after(" ")
    return squeeze(main.get_text(""), lang)


def excerpt_pieces(excerpt: str, lang: str) -> list[str]:
    """The excerpt's runs of page text: split at its ellipses, whitespace normalised."""
    pieces = (squeeze(piece, lang) for piece in ELLIPSES.split(excerpt))
    return [piece for piece in pieces if piece]


def missing_pieces(excerpt: str, text: str, lang: str) -> list[str]:
    """The pieces of an excerpt that are not in the page's text (none: it is verbatim)."""
    return [piece for piece in excerpt_pieces(excerpt, lang) if piece not in text]


def letters_only(text: str) -> str:
    return NOT_A_LETTER.sub("", text)


def difference(missing: list[str], text: str) -> str | None:
    """Why an excerpt is not verbatim: "punctuation" when its letters and digits are the
    page's (Pagefind adds a full stop after a heading, for one), else "words"."""
    if not missing:
        return None
    letters = letters_only(text)
    return "punctuation" if all(letters_only(piece) in letters for piece in missing) else "words"


# -- a run -------------------------------------------------------------------------------


@dataclass
class Hit:
    url: str
    title: str
    excerpt: str
    verbatim: bool | None = None  # None: no excerpt shown
    not_found: list[str] = field(default_factory=list)  # pieces missing from the page
    difference: str | None = None  # "punctuation" or "words", when not verbatim


@dataclass
class Outcome:
    lang: str
    query: str
    expect: str
    also: list[str]
    rank: int | None  # of the first acceptable page among those shown
    results: int  # pages shown on the first screen of results
    hits: list[Hit]  # the top results, with their excerpts


def build_sample(output: Path) -> Path:
    """The sample site, built as `casebook build --output` builds it."""
    command = [sys.executable, "-m", "casebook.cli.main", "--config",
               str(REPO / "pelicanconf.py"), "build", "--output", str(output)]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"the sample site did not build:\n{done.stderr[-3000:]}")
    return output


READ_HITS = """([hit, link, excerpt]) => Array.from(document.querySelectorAll(hit), (node) => {
  const a = node.querySelector(link);
  const text = node.querySelector(excerpt);
  return {url: a ? a.getAttribute("href") || "" : "", title: a ? a.textContent.trim() : "",
          excerpt: text ? text.textContent : ""};
})"""


def read_hits(page: Any) -> list[dict[str, str]]:
    """Each result shown, in order: its link, title and excerpt text (marks dropped)."""
    hits: list[dict[str, str]] = page.evaluate(READ_HITS, [HIT, HIT_LINK, HIT_EXCERPT])
    return hits


def settled_hits(page: Any, timeout: float = 30.0) -> list[dict[str, str]]:
    """The result list once the search page has answered and stopped changing."""
    page.wait_for_selector(ANSWERED, state="attached", timeout=timeout * 1000)
    page.wait_for_load_state("networkidle")
    deadline = time.monotonic() + timeout
    before = read_hits(page)
    while time.monotonic() < deadline:
        page.wait_for_timeout(250)
        now = read_hits(page)
        if now == before:
            return now
        before = now
    return before


class PageTexts:
    """Each result page's ``<main>`` text, fetched once from the server."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.texts: dict[tuple[str, str], str] = {}

    def __call__(self, path: str, lang: str) -> str:
        if (path, lang) not in self.texts:
            with urllib.request.urlopen(self.base + path, timeout=30) as response:
                self.texts[path, lang] = page_text(response.read().decode("utf-8"), lang)
        return self.texts[path, lang]


def run_queries(output: Path, queries: list[Query]) -> list[Outcome]:
    from playwright.sync_api import sync_playwright

    from bench.search_bytes import CHROMIUM, CHROMIUM_ARGS, serve

    outcomes = []
    with serve(output) as base, sync_playwright() as playwright:
        texts = PageTexts(base)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.route("**/*", lambda route: route.abort()
                      if not route.request.url.startswith(base)
                      or route.request.resource_type in UNNEEDED else route.continue_())
        for query in queries:
            page = context.new_page()
            page.goto(search_url(base, query))
            shown = settled_hits(page)
            page.close()
            ranking = [url_path(urljoin(base + "/", hit["url"])) for hit in shown]
            top = []
            for path, hit in zip(ranking[:TOP], shown[:TOP], strict=True):
                if not excerpt_pieces(hit["excerpt"], query.lang):  # no excerpt shown
                    top.append(Hit(path, hit["title"], ""))
                    continue
                text = texts(path, query.lang)
                missing = missing_pieces(hit["excerpt"], text, query.lang)
                top.append(Hit(path, hit["title"], hit["excerpt"].strip(), verbatim=not missing,
                               not_found=missing, difference=difference(missing, text)))
            outcomes.append(Outcome(query.lang, query.query, query.expect, list(query.also),
                                    first_rank(ranking, query.acceptable), len(ranking), top))
        context.close()
        browser.close()
    return outcomes


def scores(outcomes: list[Outcome]) -> dict[str, Any]:
    ranks = [outcome.rank for outcome in outcomes]
    top = [hit for outcome in outcomes for hit in outcome.hits]
    checked = [hit for hit in top if hit.verbatim is not None]
    verbatim = sum(1 for hit in checked if hit.verbatim)
    return {
        "queries": len(outcomes),
        "success_at_1": success_at(ranks, 1),
        "success_at_3": success_at(ranks, TOP),
        "mrr": mean_reciprocal_rank(ranks),
        "excerpts": len(checked),
        "top_results_without_excerpt": len(top) - len(checked),
        "verbatim_excerpts": verbatim,
        "verbatim_share": verbatim / len(checked) if checked else None,
    }


def summarise(outcomes: list[Outcome]) -> dict[str, Any]:
    """Scores per language and overall, the misses @3 and the excerpts that are not verbatim."""
    by_lang = {lang: scores([o for o in outcomes if o.lang == lang]) for lang in LANGUAGES
               if any(o.lang == lang for o in outcomes)}
    for figures in by_lang.values():
        figures["pass"] = bool(
            figures["success_at_3"] is not None
            and figures["success_at_3"] >= RELEVANCE_SUCCESS_AT_3_TARGET
            and figures["verbatim_share"] in (None, RELEVANCE_VERBATIM_TARGET))
    misses = [{"lang": o.lang, "query": o.query, "expect": o.expect, "rank": o.rank,
               "first": o.hits[0].url if o.hits else None,
               "first_title": o.hits[0].title if o.hits else None}
              for o in outcomes if o.rank is None or o.rank > TOP]
    not_verbatim = [{"lang": o.lang, "query": o.query, "rank": n, "url": hit.url,
                     "excerpt": hit.excerpt, "not_found": hit.not_found,
                     "difference": hit.difference}
                    for o in outcomes for n, hit in enumerate(o.hits, 1) if hit.verbatim is False]
    return {
        "languages": by_lang,
        "overall": scores(outcomes),
        "targets": {"success_at_3": RELEVANCE_SUCCESS_AT_3_TARGET,
                    "verbatim_share": RELEVANCE_VERBATIM_TARGET},
        "misses": misses,
        "not_verbatim": not_verbatim,
        "outcomes": [asdict(outcome) for outcome in outcomes],
    }


def measure_relevance(output: Path | None = None,
                      queries_file: Path = QUERIES_FILE) -> dict[str, Any]:
    """Build the sample site (unless a built one is given), run every query, score them."""
    queries = load_queries(queries_file)
    if output is not None:
        return summarise(run_queries(output, queries))
    with tempfile.TemporaryDirectory(prefix="casebook-relevance-") as folder:
        return summarise(run_queries(build_sample(Path(folder) / "output"), queries))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.relevance", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, metavar="DIR",
                        help="a built sample site (default: build one in a temporary folder)")
    parser.add_argument("--queries", type=Path, default=QUERIES_FILE, help="the query file")
    parser.add_argument("--json", type=Path, help="also write every figure here")
    args = parser.parse_args(argv)
    relevance = measure_relevance(args.site, args.queries)
    if args.json:
        import json

        args.json.write_text(json.dumps(relevance, indent=2, ensure_ascii=False) + "\n",
                             encoding="utf-8")
    print(render_text(relevance_tables(relevance)), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
