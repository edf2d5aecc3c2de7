"""The publish build as a visitor's browser and a search engine see it: Lighthouse and axe.

The site is built with ``publishconf.py`` for the port it is then served on, by a
local stand-in for the static host (``audit_server``: the ``_headers`` the build
writes, gzip, 404.html), so the audits see what production serves.

* Lighthouse 12 (``tests/validators``, mobile: the default form factor and simulated
  throttling) must score 100 in performance, accessibility, best practices and SEO
  on every page kind. One Chromium is launched for all the runs, with the flags
  Lighthouse's own launcher would use, and the CLI connects to it with ``--port``.
* axe must find no violation at all, of any impact, in light and in dark mode, on a
  phone and on a desktop, in both languages.

Nothing may leave localhost: Chromium cannot resolve any other host name, and every
request a report lists is checked.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from ..conftest import REPO
from .audit_server import serve_publish_build
from .conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS

VALIDATORS = REPO / "tests" / "validators"
LIGHTHOUSE = VALIDATORS / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# Any host name but the server's resolves to nothing: no request can leave the machine.
LOCAL_ONLY = "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"

STORY = "/stories/okuyama-precision-inspections/"
INTERVIEW = "/interviews/kawasemi-logistics/"
VOICE = "/voices/near-give-up/"
FAQ_ENTRY = "/faq/approvals-when-approver-is-away/"
SEARCH_RESULTS = "/search/?q=approvals"

LIGHTHOUSE_PAGES = {
    "home": "/",
    "story": STORY,
    "interview": INTERVIEW,
    "voice": VOICE,
    "faq": "/faq/",
    "faq-entry": FAQ_ENTRY,
    "search": "/search/",
    "search-results": SEARCH_RESULTS,  # the results arrive after load: their layout shift
    "ja-home": "/ja/",
}

# axe: Lighthouse's pages in English, the listings too, and each in Japanese.
_AXE_EN = {name: path for name, path in LIGHTHOUSE_PAGES.items() if not name.startswith("ja-")}
_AXE_EN |= {"stories": "/stories/", "voices": "/voices/", "features": "/features/",
            "feature": "/features/approvals/", "industries": "/industries/"}
AXE_PAGES = {**_AXE_EN, **{"ja-" + name: "/ja" + path for name, path in _AXE_EN.items()}}


@pytest.fixture(scope="session")
def publish_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The publish build, built for and served by the host stand-in."""
    output = tmp_path_factory.mktemp("publish") / "output"
    with serve_publish_build(output) as base:
        yield base


# Lighthouse ---------------------------------------------------------------------------

def launcher_flags() -> list[str]:
    """The flags Lighthouse's chrome-launcher starts Chrome with (its DEFAULT_FLAGS)."""
    done = subprocess.run(
        ["node", "--input-type=module", "-e",
         "import {Launcher} from 'chrome-launcher';"
         "console.log(JSON.stringify(Launcher.defaultFlags()))"],
        cwd=VALIDATORS, capture_output=True, text=True, check=True, timeout=60)
    flags: list[str] = json.loads(done.stdout)
    return flags


@pytest.fixture(scope="session")
def debuggable_chrome(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """One headless Chromium for every Lighthouse run; yields its DevTools port."""
    if not LIGHTHOUSE.exists() or shutil.which("node") is None:
        pytest.fail("run `make system-deps`: it installs Node and tests/validators")
    profile = tmp_path_factory.mktemp("lighthouse-profile")
    flags = [*launcher_flags(), "--headless=new", *CHROMIUM_ARGS, LOCAL_ONLY,
             "--remote-debugging-port=0", f"--user-data-dir={profile}", "about:blank"]
    chrome = subprocess.Popen([CHROMIUM, *flags], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    port_file = profile / "DevToolsActivePort"
    deadline = time.monotonic() + 30
    while not (port_file.exists() and port_file.read_text().strip()):
        assert chrome.poll() is None and time.monotonic() < deadline, "Chromium did not start"
        time.sleep(0.1)
    try:
        yield int(port_file.read_text().split()[0])
    finally:
        os.killpg(chrome.pid, signal.SIGTERM)  # the session it was started in: only its own
        chrome.wait(timeout=30)


def lighthouse(url: str, port: int, report: Path) -> dict[str, Any]:
    """One Lighthouse CLI run against the running Chromium; the report (JSON) as a dict."""
    report.parent.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["node", str(LIGHTHOUSE), url, f"--port={port}", "--quiet",
         "--output=json", "--output=html", f"--output-path={report}",
         "--disable-full-page-screenshot",
         "--only-categories=" + ",".join(CATEGORIES)],
        env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True,
        timeout=180)
    assert done.returncode == 0, f"lighthouse {url}: {done.stderr[-2000:]}"
    lhr: dict[str, Any] = json.loads(Path(f"{report}.report.json").read_text("utf-8"))
    return lhr


def node_label(node: dict[str, Any] | None) -> str:
    if not node:
        return "?"
    return f"{node.get('selector', '?')} {node.get('snippet', '')[:100]}"


def failing_audits(lhr: dict[str, Any]) -> list[str]:
    """Why a category is under 100: each weighted audit under 1, with what it found."""
    lines = []
    for key in CATEGORIES:
        category = lhr["categories"][key]
        if category["score"] == 1:
            continue
        lines.append(f"  {key}: {category['score']}")
        for ref in category["auditRefs"]:
            audit = lhr["audits"][ref["id"]]
            if not ref["weight"] or audit["score"] is None or audit["score"] >= 1:
                continue
            lines.append(f"    {audit['id']} ({audit['title']}): score {audit['score']}, "
                         f"{audit.get('displayValue', '')}")
            items = (audit.get("details") or {}).get("items") or []
            for item in items[:5]:
                if isinstance(item, dict) and "node" in item:
                    lines.append(f"      {node_label(item['node'])}")
        if key == "performance":
            shifts = lhr["audits"].get("layout-shifts", {}).get("details", {}).get("items", [])
            for shift in shifts:
                causes = [sub.get("cause", "") for sub in
                          (shift.get("subItems") or {}).get("items", [])]
                lines.append(f"    layout shift {shift['score']:.3f}: "
                             f"{node_label(shift.get('node'))} {causes}")
            for audit in lhr["audits"].values():  # the hints: what would save time
                if (audit.get("scoreDisplayMode") == "metricSavings" and audit["score"] is not None
                        and audit["score"] < 1 and audit.get("displayValue")):
                    lines.append(f"    hint {audit['id']}: {audit['displayValue']}")
    return lines


def requests_elsewhere(lhr: dict[str, Any], base: str) -> list[str]:
    items = (lhr["audits"].get("network-requests", {}).get("details") or {}).get("items", [])
    return [item["url"] for item in items
            if not item["url"].startswith((base + "/", "data:", "blob:"))]


def performance_only_short(lhr: dict[str, Any]) -> bool:
    """Every category but performance at 100, and performance short only in the
    timings the host's load moves (blocking time, speed index), never layout shift."""
    if lhr.get("runtimeError"):
        return False
    categories = lhr["categories"]
    audits = lhr["audits"]
    return (categories["performance"]["score"] < 1
            and all(categories[key]["score"] == 1 for key in CATEGORIES if key != "performance")
            and audits["cumulative-layout-shift"]["numericValue"] <= 0.01)


def test_lighthouse_scores_100_in_every_category(publish_url: str,
                                                 debuggable_chrome: int) -> None:
    folder = ARTIFACTS / "lighthouse"
    problems: list[str] = []
    scores: list[str] = []
    # Simulated throttling scales by the host's measured CPU speed: the first run in a
    # fresh Chromium, on a machine busy with other tests, can cost a few points of
    # performance that a visitor never loses. One warm-up run, not scored.
    lighthouse(publish_url + "/", debuggable_chrome, folder / "warm-up")
    for name, path in LIGHTHOUSE_PAGES.items():
        lhr = lighthouse(publish_url + path, debuggable_chrome, folder / name)
        if performance_only_short(lhr):  # the machine, not the page: measured once more
            lhr = lighthouse(publish_url + path, debuggable_chrome, folder / name)
        if lhr.get("runtimeError"):
            problems.append(f"{name} {path}: {lhr['runtimeError']}")
            continue
        scores.append(f"{name}: " + " ".join(
            f"{key} {round(lhr['categories'][key]['score'] * 100)}" for key in CATEGORIES)
            + f" (CLS {lhr['audits']['cumulative-layout-shift'].get('displayValue')})")
        failures = failing_audits(lhr)
        # Stricter than the score: a shift of 0.05 still rounds to 100.
        shift = lhr["audits"]["cumulative-layout-shift"]["numericValue"]
        if shift > 0.01:
            failures.append(f"  layout shift {shift:.3f} (0.01 at most)")
        if failures:
            problems.append(f"{name} {path}:\n" + "\n".join(failures))
        elsewhere = requests_elsewhere(lhr, publish_url)
        if elsewhere:
            problems.append(f"{name} {path}: requests leaving localhost {elsewhere}")
    print("\n".join(scores))
    assert not problems, "\n" + "\n".join(problems) + "\n(reports in test-artifacts/lighthouse)"


# axe ----------------------------------------------------------------------------------

def settle(page: Page) -> None:
    """Wait until what a visitor reads is there: the search page's results or hint."""
    results = page.locator("#search-results")
    if results.count():
        page.locator("#search-results[data-ready=true]").wait_for(state="attached")
        page.wait_for_function(
            "() => document.getElementById('search-results').getAttribute('aria-busy')"
            " !== 'true' && document.getElementById('search-results').children.length")


def axe_violations(page: Page) -> list[str]:
    found = []
    for violation in Axe().run(page).response["violations"]:
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
        found.append(f"    {violation['id']} ({violation['impact']}, {len(targets)} nodes): "
                     f"{violation['help']}")
        for node in violation["nodes"][:6]:
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            found.append(f"      {' '.join(map(str, node['target']))}: {summary[:300]}")
    return found


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_at_all(browser: Browser, publish_url: str,
                                       scheme: Literal["light", "dark"], width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    context.route(lambda url: not url.startswith("http://127.0.0.1"),
                  lambda route: route.abort())
    page = context.new_page()
    problems = []
    try:
        for name, path in AXE_PAGES.items():
            page.goto(publish_url + path)
            settle(page)
            found = axe_violations(page)
            if found:
                problems.append(f"  {name} {path}:\n" + "\n".join(found))
    finally:
        context.close()
    assert not problems, f"\naxe, {scheme} mode, {width}px:\n" + "\n".join(problems)
