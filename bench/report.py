"""The issue's figures from the raw measurements, and the tables that show them.

Everything here reads the JSON-ready report (plain dicts), so a saved
``bench-results.json`` renders again, as text or as Markdown for the
README, without measuring anything. Ratios are Casebook over stock Pelican
+ Pagefind on the same corpus in the same run; a figure that was not
measured is None in the JSON and "n/a" in the tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Targets of the issues (ratios to stock Pelican + Pagefind unless said otherwise).
# A build's targets by corpus size; None: at every size.
TARGETS: dict[str, dict[int | None, float]] = {
    "cold": {10_000: 0.8},  # the default settings: social cards on (stock draws none)
    "cold_no_cards": {10_000: 0.5},
    "warm": {None: 0.1},
    "edit": {1000: 0.3, 10_000: 0.25},
    "deploy": {1000: 0.3, 10_000: 0.3},
}
PYTHON_RSS_TARGET = 1.5
PAGE_KB_TARGET = 150  # no HTML page over this (uncompressed)
PAGEFIND_RSS_TARGET = 0.8  # all of Pagefind's processes together, against the CLI's
DEV_LOOP_TARGET_SECONDS = 1.0  # every edit visible within a second, at 1,000 stories
SCALING_PER_TENFOLD = 10.0  # time at 10x the stories <= 10x the time
CHECK_TARGET_SECONDS = 2.0  # `casebook check` of 3 files, at up to 1,000 stories
SEARCH_MEDIAN_TARGET_KB = 200
SEARCH_P90_TARGET_KB = 300
# Measured by the author on this machine: Pagefind over stock Pelican's
# default theme on a 10,000-story corpus (kB per first query).
STOCK_PAGEFIND_MEDIAN_KB = 226
STOCK_PAGEFIND_P90_KB = 488
# Search relevance on the sample site, in each language (bench/relevance.py).
RELEVANCE_SUCCESS_AT_3_TARGET = 0.95
RELEVANCE_VERBATIM_TARGET = 1.0  # every excerpt shown for the top three results

BUILDS = (("cold", "cold build, default settings (social cards on)"),
          ("cold_no_cards", "cold build, social cards off"),
          ("warm", "warm, nothing changed"),
          ("edit", "one-story edit"),
          ("deploy", "deploy-like: fresh clone, .cache/ restored, one story edited"))


# -- figures ---------------------------------------------------------------------------


def ratio(part: float | None, whole: float | None) -> float | None:
    if part is None or whole is None or whole == 0:
        return None
    return part / whole


def passes(value: float | None, limit: float | None) -> bool | None:
    """True/False against the limit; None when there is no limit or no value."""
    if value is None or limit is None:
        return None
    return value <= limit


def build_figures(size: dict[str, Any], build: str, target: float | None) -> dict[str, Any]:
    casebook = size["casebook"][build]
    stock = size["stock"][build]
    share = ratio(casebook["seconds"], stock["seconds"])
    return {
        "casebook_seconds": casebook["seconds"],
        "ms_per_story": casebook["seconds"] * 1000 / size["stories"],
        "stock_seconds": stock["seconds"],
        "stock_pelican_seconds": stock["pelican"]["seconds"],
        "stock_pagefind_seconds": stock["pagefind"]["seconds"],
        "stock_ms_per_story": stock["seconds"] * 1000 / size["stories"],
        "ratio": share,
        "target": target,
        "pass": passes(share, target),
    }


def memory_figures(casebook_mb: float | None, stock_mb: float | None,
                   target: float) -> dict[str, Any]:
    share = ratio(casebook_mb, stock_mb)
    return {"casebook_mb": casebook_mb, "stock_mb": stock_mb, "ratio": share,
            "target": target, "pass": passes(share, target)}


def build_target(build: str, stories: int) -> float | None:
    targets = TARGETS.get(build, {})
    return targets.get(stories, targets.get(None))


def size_figures(size: dict[str, Any]) -> dict[str, Any]:
    """Ratios and verdicts of one corpus size, from its raw measurements."""
    figures = {name: build_figures(size, name, build_target(name, size["stories"]))
               for name, _ in BUILDS if name in size["casebook"]}
    cold, stock_cold = size["casebook"]["cold"], size["stock"]["cold"]
    figures["python_rss"] = memory_figures(cold["python_peak_rss_mb"],
                                           stock_cold["pelican"]["peak_rss_mb"],
                                           PYTHON_RSS_TARGET)
    figures["pagefind_rss"] = memory_figures(cold["search_peak_rss_mb"],
                                             stock_cold["pagefind"]["peak_rss_mb"],
                                             PAGEFIND_RSS_TARGET)
    largest = size.get("largest_page")
    if largest:
        kb = largest["bytes"] / 1000
        figures["largest_page"] = {"kb": kb, "path": largest["path"],
                                   "target": PAGE_KB_TARGET, "pass": kb <= PAGE_KB_TARGET}
    check_target = CHECK_TARGET_SECONDS if size["stories"] <= 1000 else None
    figures["check"] = {"seconds": size["check_3_files_seconds"], "target": check_target,
                        "pass": passes(size["check_3_files_seconds"], check_target)}
    return figures


def scaling_figures(sizes: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Cold build time at the largest size over the smallest; None with one size."""
    if len(sizes) < 2:
        return None
    small = min(sizes, key=lambda size: size["stories"])
    large = max(sizes, key=lambda size: size["stories"])
    factor = large["stories"] / small["stories"]
    target = SCALING_PER_TENFOLD * factor / 10
    casebook = ratio(large["casebook"]["cold"]["seconds"], small["casebook"]["cold"]["seconds"])
    stock = ratio(large["stock"]["cold"]["seconds"], small["stock"]["cold"]["seconds"])
    return {"from_stories": small["stories"], "to_stories": large["stories"],
            "size_ratio": factor, "casebook_ratio": casebook, "stock_ratio": stock,
            "target": target, "pass": passes(casebook, target)}


def dev_loop_figures(dev: dict[str, Any]) -> dict[str, Any]:
    """Every edit must show within the target; one that never showed fails it."""
    timed_out = any(edit["page_seconds"] is None for edit in dev["edits"])
    verdict = passes(dev["page_max_seconds"], DEV_LOOP_TARGET_SECONDS)
    return {"target_seconds": DEV_LOOP_TARGET_SECONDS, "timed_out": timed_out,
            "pass": False if timed_out else verdict}


def search_figures(search: dict[str, Any]) -> dict[str, Any]:
    return {
        "median_target_kb": SEARCH_MEDIAN_TARGET_KB,
        "p90_target_kb": SEARCH_P90_TARGET_KB,
        "stock_median_kb": STOCK_PAGEFIND_MEDIAN_KB,
        "stock_p90_kb": STOCK_PAGEFIND_P90_KB,
        "median_ratio": ratio(search["api_median_kb"], STOCK_PAGEFIND_MEDIAN_KB),
        "p90_ratio": ratio(search["api_p90_kb"], STOCK_PAGEFIND_P90_KB),
        "pass": bool(search["api_median_kb"] <= SEARCH_MEDIAN_TARGET_KB
                     and search["api_p90_kb"] <= SEARCH_P90_TARGET_KB),
    }


# -- tables ----------------------------------------------------------------------------


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def seconds(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def megabytes(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.0f} MB"


def number(value: float | None, digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:,.{digits}f}"


def verdict(result: bool | None, target: float | None) -> str:
    if target is None:
        return "—"
    if result is None:
        return "n/a"
    return "PASS" if result else "FAIL"


def at_most(target: float | None, unit: str = "") -> str:
    return "—" if target is None else f"≤ {target:g}{unit}"


def memory_row(label: str, row: dict[str, Any], casebook: str, stock: str) -> list[str]:
    return [label, casebook.format(megabytes(row["casebook_mb"])), "",
            stock.format(megabytes(row["stock_mb"])), number(row["ratio"]),
            at_most(row["target"], "×"), verdict(row["pass"], row["target"])]


def cpu_seconds(size: dict[str, Any]) -> str:
    parts = []
    for name, _ in BUILDS:
        if name not in size["casebook"]:
            continue
        casebook = size["casebook"][name]["process"]["cpu_seconds"]
        stock = size["stock"][name]
        stock_cpu = stock["pelican"]["cpu_seconds"] + stock["pagefind"]["cpu_seconds"]
        parts.append(f"{name} Casebook {casebook:.1f}, stock {stock_cpu:.1f}")
    return "; ".join(parts)


def yes_no(size: dict[str, Any], build: str) -> str:
    value = size["casebook"][build].get("up_to_date")
    return "n/a" if value is None else ("yes" if value else "no")


def size_table(size: dict[str, Any]) -> Table:
    figures = size["figures"]
    table = Table(
        f"{size['stories']:,} stories: Casebook against stock Pelican + Pagefind (same run)",
        ["", "Casebook", "ms/story", "stock (Pelican + Pagefind)", "ratio", "target", "result"])
    for name, label in BUILDS:
        if name not in figures:
            continue
        row = figures[name]
        stock = (f"{seconds(row['stock_seconds'])} ({number(row['stock_pelican_seconds'], 1)}"
                 f" + {number(row['stock_pagefind_seconds'], 1)})")
        table.rows.append([label, seconds(row["casebook_seconds"]),
                           number(row["ms_per_story"], 1), stock, number(row["ratio"]),
                           at_most(row["target"], "×"), verdict(row["pass"], row["target"])])
    table.rows.append(memory_row("peak RSS, Python (build + search feeder, cold)",
                                 figures["python_rss"],
                                 "{}", "Pelican {}"))
    table.rows.append(memory_row("peak RSS, Pagefind (cold)", figures["pagefind_rss"],
                                 "{} in build", "CLI {}"))
    if "largest_page" in figures:
        page = figures["largest_page"]
        table.rows.append([f"largest HTML page ({page['path']})", f"{page['kb']:.0f} kB", "",
                           "", "", at_most(page["target"], " kB"),
                           verdict(page["pass"], page["target"])])
    check = figures["check"]
    table.rows.append(["casebook check, 3 files", seconds(check["seconds"]), "", "", "",
                       at_most(check["target"], " s"), verdict(check["pass"], check["target"])])
    cold = size["casebook"]["cold"]
    visible = size["edit_visible"]
    output = size["stock_output"]
    table.notes += [
        pairs_note(size.get("pairs") or {}),
        reuse_note(size),
        f"Pagefind in build: the build's own figure (the most its Pagefind processes, one per "
        f"language, held at one moment). Largest single process of the cold build (wait4): "
        f"{megabytes(cold['process']['peak_rss_mb'])}. Search step "
        f"{seconds(cold['search_seconds'])} of the cold build.",
        f"CPU seconds (user + system), less noisy than wall time: {cpu_seconds(size)}.",
        f"Casebook reported 'up to date' (no work done): warm {yes_no(size, 'warm')}, "
        f"edit {yes_no(size, 'edit')}.",
        "Stock warm, edit and deploy-like: Pelican with its content cache on (primed by one "
        "run), then the Pagefind CLI over the whole output (it has no incremental mode). "
        "Stock's cold build is the same in both cold rows: each round runs Casebook with "
        "cards off, stock, then Casebook with the default settings.",
        f"Stock output: {output['html_pages']:,} HTML pages; Pagefind indexed "
        f"{output['pagefind_pages']:,} of them in {output['pagefind_languages']} languages. "
        f"Every edited page shows its new word: Casebook "
        f"{'yes' if visible['casebook'] else 'NO'}, stock {'yes' if visible['stock'] else 'NO'}.",
    ]
    return table


def pairs_note(pairs: dict[str, list[dict[str, float]]]) -> str:
    """Every interleaved pair of every build, so that each reported one can be seen in
    its spread."""
    parts = []
    for name, label in BUILDS:
        found = pairs.get(name) or []
        runs = ", ".join(f"{seconds(p['casebook_seconds'])} / {seconds(p['stock_seconds'])} = "
                         f"{number(p['ratio'])}" for p in found)
        if runs:
            parts.append(f"{label}: {runs}")
    return ("Interleaved pairs, Casebook / stock (each row above is the pair with the "
            "median ratio): " + "; ".join(parts) + ".")


def reuse_note(size: dict[str, Any]) -> str:
    """What the edit and deploy-like builds took from the last build."""
    parts = []
    for name in ("edit", "deploy"):
        build = size["casebook"].get(name) or {}
        stats = build.get("stats") or {}
        render, pages, search = (stats.get(key) or {} for key in ("render", "pages", "search"))
        parts.append(f"{name}: {pages.get('rendered', 'n/a')} of "
                     f"{pages.get('rendered', 0) + pages.get('reused', 0) or 'n/a'} pages and "
                     f"{render.get('rendered', 'n/a')} of {render.get('fragments', 'n/a')} "
                     f"bodies rendered; search {search_note(search)}")
    cold = size["casebook"].get("cold") or {}
    return (f"Social cards drawn in the default cold build: {cold.get('cards_drawn', 'n/a')}. "
            f"Reused: {'; '.join(parts)}.")


def search_note(search: dict[str, Any]) -> str:
    """How the search bundle was made: patched (pages indexed again, per language) or
    indexed whole, and the fragments kept."""
    patched = search.get("patched") or {}
    unpatched = search.get("unpatched") or {}
    how = ", ".join([f"{lang} patched ({n} page{'s' if n != 1 else ''} indexed again)"
                     for lang, n in sorted(patched.items())]
                    + [f"{lang} indexed whole ({why})" for lang, why in sorted(unpatched.items())])
    return (f"{how or 'indexed whole'}, {search.get('fragments_reused', 'n/a')} of "
            f"{search.get('pages', 'n/a')} fragments kept")


def scaling_row(scaling: dict[str, Any]) -> list[str]:
    return [f"cold build, {scaling['from_stories']:,} → {scaling['to_stories']:,} stories",
            f"× {number(scaling['casebook_ratio'], 1)}",
            f"× {number(scaling['stock_ratio'], 1)}",
            f"≤ × {scaling['target']:.1f}", verdict(scaling["pass"], scaling["target"])]


def dev_loop_rows(dev: dict[str, Any]) -> list[list[str]]:
    figures = dev["figures"]
    edits = len(dev["edits"])
    return [
        [f"dev loop: save → page written ({dev['stories']:,} stories, {edits} edits)",
         f"median {seconds(dev['page_median_seconds'])}, max {seconds(dev['page_max_seconds'])}",
         "", f"≤ {figures['target_seconds']:g} s (max)",
         verdict(figures["pass"], figures["target_seconds"])],
        ["dev loop: save → browser reload (build counter)",
         f"median {seconds(dev['reload_median_seconds'])}, "
         f"max {seconds(dev['reload_max_seconds'])}", "", "", ""],
        ["dev loop: casebook serve's first build", seconds(dev["first_build_seconds"]), "",
         "", ""],
    ]


def image_row(label: str, build: dict[str, Any]) -> list[str]:
    if build.get("up_to_date"):
        return [label, f"output/ up to date, no image work ({seconds(build['seconds'])} build)",
                "", "", ""]
    encoded = "n/a" if build["images_encoded"] is None else f"{build['images_encoded']:,}"
    reused = "n/a" if build["images_reused"] is None else f"{build['images_reused']:,}"
    return [label, f"images {seconds(build['images_seconds'])} of a "
            f"{seconds(build['seconds'])} build ({encoded} encoded, {reused} reused)",
            "", "", ""]


CARD_TARGET_MS = 4.0


def card_row(cards: dict[str, Any]) -> list[str]:
    ms = cards["ms_per_card"]
    return [f"social cards: CPU per card ({cards['cards']:,} drawn in one worker, median of "
            f"{len(cards['runs'])}: {', '.join(map(str, cards['runs']))} ms)",
            f"{ms:.2f} ms, {cards['kb_per_card']:.0f} kB {cards['format'].upper()}",
            "draws none", at_most(CARD_TARGET_MS, " ms"),
            verdict(ms <= CARD_TARGET_MS, CARD_TARGET_MS)]


def other_table(report: dict[str, Any]) -> Table:
    table = Table("Scaling, dev loop and images", ["", "Casebook", "stock", "target", "result"])
    if report.get("scaling"):
        table.rows.append(scaling_row(report["scaling"]))
    if report.get("dev_loop"):
        table.rows += dev_loop_rows(report["dev_loop"])
    images = report.get("images")
    if images:
        table.rows.append(image_row(f"images, cold ({images['photos']:,} photos, "
                                    f"{images['stories']:,} stories)", images["cold"]))
        table.rows.append(image_row("images, warm (nothing changed)", images["warm"]))
        if images.get("edit"):  # not in results saved before it was measured
            table.rows.append(image_row("images, warm (one story's text edited)",
                                        images["edit"]))
    if report.get("cards"):
        table.rows.append(card_row(report["cards"]))
    return table


def search_table(search: dict[str, Any], stories: int) -> Table:
    figures = search["figures"]
    table = Table(f"Search data fetched for the first query ({stories:,} stories, "
                  f"{len(search['queries'])} queries)",
                  ["", "median kB", "p90 kB", "target", "result"])
    target = f"≤ {figures['median_target_kb']} / ≤ {figures['p90_target_kb']}"
    table.rows = [
        ["entry + wasm + meta + chunks + top 5", number(search["api_median_kb"], 1),
         number(search["api_p90_kb"], 1), target,
         verdict(figures["pass"], SEARCH_MEDIAN_TARGET_KB)],
        ["the /search/ page (facets, 10 results)", number(search["ui_median_kb"], 1),
         number(search["ui_p90_kb"], 1), "", ""],
        ["stock Pelican + Pagefind (the issue's, 10,000 stories)",
         number(figures["stock_median_kb"], 1), number(figures["stock_p90_kb"], 1), "", ""],
        ["ratio to stock", number(figures["median_ratio"]), number(figures["p90_ratio"]), "", ""],
    ]
    return table


def share(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def relevance_row(label: str, scores: dict[str, Any], with_verdict: bool) -> list[str]:
    verbatim = (f"{share(scores['verbatim_share'])} ({scores['verbatim_excerpts']}"
                f"/{scores['excerpts']})")
    target = (f"@3 ≥ {RELEVANCE_SUCCESS_AT_3_TARGET:g}, verbatim "
              f"{RELEVANCE_VERBATIM_TARGET:.0%}") if with_verdict else ""
    result = ("PASS" if scores.get("pass") else "FAIL") if with_verdict else ""
    return [label, str(scores["queries"]), number(scores["success_at_1"]),
            number(scores["success_at_3"]), number(scores["mrr"]), verbatim, target, result]


def shorten(text: str, limit: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def relevance_blank(relevance: dict[str, Any]) -> str:
    counts = [f"{lang} {scores.get('top_results_without_excerpt', 0)}"
              for lang, scores in relevance["languages"].items()]
    return ", ".join(counts) or "none"


def relevance_tables(relevance: dict[str, Any]) -> list[Table]:
    """Scores per language and overall; then the misses @3 and the excerpts not verbatim."""
    overall = relevance["overall"]
    table = Table(f"Search relevance on the sample site ({overall['queries']} queries, "
                  "typed into the search page)",
                  ["", "queries", "success@1", "success@3", "MRR",
                   "verbatim excerpts (top 3)", "target", "result"])
    for lang, scores in relevance["languages"].items():
        table.rows.append(relevance_row(lang, scores, True))
    table.rows.append(relevance_row("all", overall, False))
    table.notes.append("A query succeeds @k when its expected page (or one of its other "
                       "acceptable pages) is among the first k results; MRR over the results "
                       "the page shows. An excerpt is verbatim when each run of it between "
                       "ellipses is in the visible text of its page's <main> (whitespace "
                       "normalised; ignored in Japanese). Top-3 results shown without an "
                       f"excerpt (not counted): {relevance_blank(relevance)}.")
    found = [table]
    if relevance["misses"]:
        found.append(Table(
            "Relevance: queries whose expected page is not in the top 3",
            ["lang", "query", "expected", "its rank", "first result"],
            [[miss["lang"], miss["query"], miss["expect"],
              "—" if miss["rank"] is None else str(miss["rank"]),
              f"{miss['first'] or '(no results)'}"] for miss in relevance["misses"]]))
    if relevance["not_verbatim"]:
        found.append(Table(
            "Relevance: excerpts in the top 3 that are not their page's text",
            ["lang", "query", "rank", "page", "differs in", "not in the page"],
            [[item["lang"], item["query"], str(item["rank"]), item["url"],
              item.get("difference") or "", shorten(" … ".join(item["not_found"]))]
             for item in relevance["not_verbatim"]],
            ["differs in punctuation: the letters are the page's, but not the punctuation "
             "between them (Pagefind adds a full stop after a heading); words: the excerpt "
             "has words, or an order of words, that the page does not."]))
    return found


def tables(report: dict[str, Any]) -> list[Table]:
    found = [size_table(size) for size in report["sizes"]]
    other = other_table(report)
    if other.rows:
        found.append(other)
    if report.get("search"):
        found.append(search_table(report["search"], report["search_stories"]))
    if report.get("relevance"):
        found += relevance_tables(report["relevance"])
    return found


def render_text(found: list[Table]) -> str:
    blocks = []
    for table in found:
        widths = [max(len(row[n]) for row in [table.headers, *table.rows])
                  for n in range(len(table.headers))]
        lines = [table.title]
        for row in [table.headers, *table.rows]:
            lines.append("  " + "  ".join(cell.ljust(width)
                                          for cell, width in zip(row, widths, strict=True)))
        lines += [f"  {note}" for note in table.notes]
        blocks.append("\n".join(line.rstrip() for line in lines))
    return "\n\n".join(blocks) + "\n"


def render_markdown(found: list[Table]) -> str:
    blocks = []
    for table in found:
        lines = [f"**{table.title}**", "", "| " + " | ".join(table.headers) + " |",
                 "|" + " --- |" * len(table.headers)]
        lines += ["| " + " | ".join(row) + " |" for row in table.rows]
        if table.notes:
            lines += ["", *table.notes]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"
