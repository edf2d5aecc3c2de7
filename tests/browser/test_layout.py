"""Every page kind at phone, tablet and desktop widths, in both languages.

Each page is opened at 375, 768 and 1280 px, screenshotted into
test-artifacts/layout/<width>/<lang>-<kind>.png, and checked: nothing scrolls
sideways; no button, link, label, chip or heading breaks a line inside a word
(Intl.Segmenter's words, in the element's language; a button, chip or language pill
is one line high); no story card twice on one page;
a visible language switch to the page's counterpart; no count of zero on show.
Then a story's weight on the wire, a story printed to A4, the README screenshots,
and the preview badges (shown by `casebook serve`, never by a publish build).
"""

from __future__ import annotations

import gzip
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from bs4 import BeautifulSoup
from PIL import Image
from playwright.sync_api import Browser, BrowserContext, Page

from ..conftest import REPO, Project
from .conftest import ARTIFACTS

WIDTHS = {375: 812, 768: 1024, 1280: 900}  # width: height of the first screen
LANGS = ("en", "ja")
OTHER = "ja"  # the second language's folder
SCREENS = ARTIFACTS / "layout"
README_SHOTS = REPO / "docs" / "screenshots"
SEARCHES = {"en": "approvals", "ja": "検査"}
STORY_BUDGET = 60_000  # bytes of HTML, CSS and JavaScript a story page transfers, gzipped
SECTIONS = {"stories", "features", "industries", "interviews", "voices", "faq", "search",
            "feeds", "media", "pagefind", "theme", OTHER}

# Every kind of page: where to find one in the built site. `*` picks the first match
# (one with a Japanese counterpart if there is one); the checks run on both languages.
KINDS = {
    "home": "",
    "stories": "stories/",
    "story": "stories/*/",
    "story-type": "stories/type/*/",
    "story-size": "stories/size/*/",
    "interview": "interviews/*/",
    "voices": "voices/",
    "voice": "voices/*/",
    "faq": "faq/",
    "faq-entry": "faq/*/",
    "features": "features/",
    "feature": "features/*/",
    "feature-industry": "features/*/*/",
    "industries": "industries/",
    "industry": "industries/*/",
    "search": "search/",
    "pages": "",  # the site's own pages (about, share your story, editorial...)
    "not-found": "404.html",
}

# One pass over the page in the browser; returns everything the checks need.
AUDIT_JS = r"""
({lang}) => {
  const W = document.documentElement.clientWidth;
  const segmenters = {};
  const wordStarts = (el, text) => {  // word boundaries in the element's own language
    const code = (el.closest("[lang]") || document.documentElement).lang || lang;
    segmenters[code] = segmenters[code] || new Intl.Segmenter(code, {granularity: "word"});
    return new Set([...segmenters[code].segment(text)].map((s) => s.index));
  };
  const describe = (el) => {
    let name = el.tagName.toLowerCase();
    if (el.id) name += "#" + el.id;
    if (el.classList.length) name += "." + [...el.classList].join(".");
    const parent = el.parentElement && el.parentElement.closest("[class]");
    const where = parent && parent !== el ? " in ." + parent.classList[0] : "";
    const text = (el.textContent || "").trim().replace(/\s+/g, " ").slice(0, 60);
    return name + where + ' "' + text + '"';
  };
  const shown = (el) => {
    if (el.closest(".visually-hidden, [hidden], .skip-link")) return false;
    const r = el.getBoundingClientRect();
    return r.width >= 2 && r.height >= 2 && getComputedStyle(el).visibility !== "hidden";
  };
  // Where the element's rendered text starts a new line: indices into its text.
  const lines = (el) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    const starts = new Set();
    const breaks = [];
    let text = "", prev = null, count = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest(".visually-hidden, script, style, template")) continue;
      const data = node.data;
      starts.add(text.length);
      for (let i = 0; i < data.length; i++) {
        const code = data.charCodeAt(i);
        const size = code >= 0xD800 && code <= 0xDBFF ? 2 : 1;
        if (!/\s/.test(data[i])) {
          range.setStart(node, i);
          range.setEnd(node, i + size);
          const r = range.getClientRects()[0];
          if (r && (r.width > 0 || r.height > 0)) {
            const cy = r.top + r.height / 2;
            if (!prev) count = 1;
            else if (cy - prev.cy > 0.5 * Math.min(r.height, prev.h)) {
              count += 1;
              breaks.push({at: text.length + i, after: prev.at});
            }
            prev = {cy, h: r.height, at: text.length + i};
          }
        }
        i += size - 1;
      }
      text += data;
    }
    return {text, starts, breaks, count};
  };

  // 1. Sideways scrolling, and the elements that stick out (the outermost of each).
  const out = (el) => el.getBoundingClientRect().right > W + 1;
  const clipped = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (s.overflowX !== "visible" && !out(p)) return true;
    }
    return false;
  };
  const offenders = [...document.body.querySelectorAll("*")]
    .filter((el) => shown(el) && out(el) && !(el.parentElement && out(el.parentElement))
                    && !clipped(el))
    .slice(0, 8)
    .map((el) => describe(el) + " right=" + Math.round(el.getBoundingClientRect().right));

  // 2. Line breaks inside a word, and buttons that take more than one line.
  const WRAPS = "a, button, .button, label, legend, summary, .chip, nav li, h1, h2, h3, h4, " +
                ".card-title, .card-kicker, .kicker, .card-customer, .metric-label, " +
                ".filter-title, th, dt, .badge";
  const ONE_LINE = "button, .button, input[type=submit], input[type=button], .menu > summary, " +
                   ".filters-fold > summary, .chip, .lang-switch a, .badge, .video-play";
  const badBreaks = new Set();
  for (const el of document.querySelectorAll(WRAPS)) {
    if (!shown(el)) continue;
    const {text, starts, breaks} = lines(el);
    if (!breaks.length) continue;
    const bounds = wordStarts(el, text);
    for (const {at, after} of breaks) {
      const gap = text.slice(after + 1, at);
      if (/[\s\u200b]/.test(gap) || bounds.has(at) || starts.has(at)) continue;
      const shown = text.slice(Math.max(0, after - 14), after + 1) + "⏎" + text.slice(at, at + 14);
      badBreaks.add(describe(el).split(' "')[0] + ': "' + shown.replace(/\s+/g, " ").trim() + '"');
    }
  }
  const tall = [];
  for (const el of document.querySelectorAll(ONE_LINE)) {
    if (!shown(el)) continue;
    if (el.tagName === "INPUT") {
      if (el.scrollWidth > el.clientWidth + 1) tall.push(describe(el) + " clips its text");
      continue;
    }
    const {count} = lines(el);
    if (count > 1) tall.push(describe(el) + " takes " + count + " lines");
  }

  // 3. The same story twice among the page's cards (and search results).
  const seen = new Map();
  for (const a of document.querySelectorAll(".card .card-title a, .hit .hit-title a")) {
    const url = new URL(a.getAttribute("href"), location.href).pathname;
    seen.set(url, (seen.get(url) || 0) + 1);
  }
  const duplicates = [...seen].filter(([, n]) => n > 1).map(([url, n]) => url + " x" + n);

  // 4. Counts of zero: chips, filter links, facet options, "n stories" lines.
  const zeros = [];
  for (const el of document.querySelectorAll(".count, .facet-count")) {
    if (/^\(?\s*0\s*\)?$/.test(el.textContent.trim())) zeros.push(describe(el.parentElement));
  }
  for (const el of document.querySelectorAll("a, label, li, .chip")) {
    if (!el.children.length || el.matches("a, label, .chip")) {
      if (/\(\s*0\s*\)/.test(el.textContent)) zeros.push(describe(el));
    }
  }
  for (const el of document.querySelectorAll(".counts")) {
    if (/(^|[^\d.,])0(?![\d.,%])/.test(el.textContent)) zeros.push(describe(el));
  }

  // 5. The language switch, as the reader sees it in the first screen.
  const switches = [...document.querySelectorAll(".lang-switch a")].map((a) => {
    const r = a.getBoundingClientRect();
    return {hreflang: a.getAttribute("hreflang"), href: a.getAttribute("href"),
            visible: shown(a) && r.left >= 0 && r.right <= W + 1 && r.top >= 0 &&
                     r.bottom <= window.innerHeight};
  });
  const alternates = [...document.querySelectorAll("link[rel=alternate][hreflang]")]
    .map((l) => ({hreflang: l.getAttribute("hreflang"), href: l.getAttribute("href")}));

  return {scrollWidth: document.documentElement.scrollWidth, width: W, offenders,
          badBreaks: [...badBreaks], tall, duplicates, zeros: [...new Set(zeros)],
          switches, alternates};
}
"""


def url_of(path: Path, output: Path) -> str:
    relative = path.relative_to(output).as_posix()
    return "/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)


def counterpart(url: str, output: Path) -> str | None:
    """The same page in the other language, if the site has it."""
    other = url[len(OTHER) + 1:] if url.startswith(f"/{OTHER}/") else f"/{OTHER}{url}"
    target = output / other.strip("/")
    exists = target.is_file() if other.endswith(".html") else (target / "index.html").is_file()
    return other if exists else None


def pages_of_kind(kind: str, output: Path) -> list[str]:
    """The English URLs of one kind of page (usually one) in the built site."""
    if kind == "pages":
        return sorted(f"/{d.name}/" for d in output.iterdir()
                      if d.is_dir() and d.name not in SECTIONS and (d / "index.html").is_file())
    pattern = KINDS[kind]
    if "*" not in pattern:
        return [f"/{pattern}"] if (output / pattern).exists() else []
    depth = pattern.count("/")
    found = sorted(url_of(p / "index.html", output) for p in output.glob(pattern.rstrip("/"))
                   if (p / "index.html").is_file())
    found = [u for u in found if u.count("/") - 1 == depth and
             not (kind == "story" and u.split("/")[2] in ("type", "size"))]
    with_ja = [u for u in found if counterpart(u, output)]
    return (with_ja or found)[:1]


@pytest.fixture
def layout_context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  reduced_motion="reduce", color_scheme="light")
    context.route(lambda url: not url.startswith("http://127.0.0.1"),
                  lambda route: route.abort())
    yield context
    context.close()


def open_page(page: Page, base_url: str, kind: str, url: str, lang: str) -> None:
    page.goto(base_url + url)
    if kind == "search":  # typed and submitted, as a reader does, with results on show
        page.fill("#search-page-query", SEARCHES[lang])
        page.press("#search-page-query", "Enter")
        page.wait_for_selector("#search-results .hit")
    # lazy images load now, so full-page screenshots show them; then the fonts settle
    page.evaluate("""() => Promise.all([...document.images].map((img) => {
        img.loading = "eager";
        return img.decode().catch(() => null);
      })).then(() => document.fonts.ready)""")


def audit(page: Page, lang: str, url: str, output: Path) -> list[str]:
    """Everything wrong with the page as it is laid out now."""
    found: dict[str, Any] = page.evaluate(AUDIT_JS, {"lang": lang})
    problems: list[str] = []
    if found["scrollWidth"] > found["width"]:
        problems.append(f"scrolls sideways: {found['scrollWidth']}px wide for a "
                        f"{found['width']}px screen; sticking out: {found['offenders']}")
    problems += [f"line break inside a word: {b}" for b in found["badBreaks"]]
    problems += [f"more than one line: {t}" for t in found["tall"]]
    problems += [f"story card twice: {d}" for d in found["duplicates"]]
    problems += [f"count of zero: {z}" for z in found["zeros"]]
    other = counterpart(url.split("?")[0], output)
    other_lang = "en" if lang == OTHER else OTHER
    declared = [a["href"] for a in found["alternates"] if a["hreflang"] == other_lang]
    if other or declared:
        expected = declared[0] if declared else other
        if other and expected != other:
            problems.append(f"hreflang={other_lang} alternate is {expected}, not {other}")
        links = [s for s in found["switches"] if s["hreflang"] == other_lang]
        if not links:
            problems.append(f"no language switch to {expected}")
        elif links[0]["href"] != expected:
            problems.append(f"language switch goes to {links[0]['href']}, not {expected}")
        elif not links[0]["visible"]:
            problems.append("language switch is not in sight in the first screen")
    return problems


def shoot(page: Page, width: int, name: str) -> None:
    folder = SCREENS / str(width)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("kind", list(KINDS))
def test_page_kind_lays_out_at_every_width_in_both_languages(
        layout_context: BrowserContext, base_url: str, sample_output: Path, kind: str) -> None:
    english = pages_of_kind(kind, sample_output)
    if not english:
        pytest.skip(f"the sample site has no {kind} page")
    page = layout_context.new_page()
    problems: list[str] = []
    for url in english:
        versions = [("en", url)] + [(OTHER, u) for u in [counterpart(url, sample_output)] if u]
        for lang, address in versions:
            label = f"{lang}-{kind}" + (f"-{url.strip('/')}" if kind == "pages" else "")
            page.set_viewport_size({"width": 1280, "height": 900})
            open_page(page, base_url, kind, address, lang)
            for width, height in WIDTHS.items():
                page.set_viewport_size({"width": width, "height": height})
                page.evaluate("window.scrollTo(0, 0)")
                problems += [f"{address} at {width}px: {p}"
                             for p in audit(page, lang, address, sample_output)]
                shoot(page, width, label)
                # on phones and tablets, the folded menu and filters open too
                for fold in (".menu > summary", ".filters-fold > summary"):
                    summary = page.locator(fold)
                    if width < 960 and summary.count() and summary.first.is_visible():
                        summary.first.click()
                        page.mouse.move(0, 0)
                        problems += [f"{address} at {width}px, {fold} open: {p}"
                                     for p in audit(page, lang, address, sample_output)]
                        shoot(page, width, f"{label}-{fold.split()[0].strip('.')}-open")
                        summary.first.click()
                        page.mouse.move(0, 0)  # no hover colour in the next screenshot
    page.close()
    assert problems == [], "\n".join(problems)


def story_urls(output: Path) -> list[str]:
    """Every story page (not interviews, not the filtered lists) in both languages."""
    urls = []
    for prefix in ("", f"{OTHER}/"):
        for folder in sorted((output / prefix / "stories").glob("*/")):
            if folder.name not in ("type", "size") and (folder / "index.html").is_file():
                urls.append(f"/{prefix}stories/{folder.name}/")
    return urls


def test_a_story_page_is_at_most_60_kb_compressed(
        layout_context: BrowserContext, base_url: str, sample_output: Path) -> None:
    """What the browser loads for a story: the HTML, its CSS and JavaScript, gzipped."""
    page = layout_context.new_page()
    loaded: list[Any] = []
    page.on("response", lambda r: loaded.append(r)
            if r.request.resource_type in ("document", "stylesheet", "script") else None)
    heavy = []
    urls = story_urls(sample_output)
    assert urls
    for url in urls:
        loaded.clear()
        page.goto(base_url + url)
        page.wait_for_load_state("networkidle")
        sizes = {r.url.replace(base_url, ""): len(gzip.compress(r.body(), compresslevel=6))
                 for r in loaded if r.ok}
        assert url in sizes and any(name.endswith(".css") for name in sizes), sizes
        if sum(sizes.values()) > STORY_BUDGET:
            heavy.append((url, sum(sizes.values()), sizes))
    page.close()
    assert heavy == []


def pdf_text(data: bytes) -> tuple[int, str]:
    document = pdfium.PdfDocument(data)
    try:
        text = "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
        return len(document), text
    finally:
        document.close()


def squash(text: str) -> str:
    """Text without spaces and hyphens (PDFium returns a hyphen as U+FFFE at times)."""
    return re.sub(r"[\s\u00ad\ufffe\-]+", "", text)


def test_a_story_prints_on_two_a4_pages_with_headline_metrics_and_quote(
        layout_context: BrowserContext, base_url: str, sample_output: Path) -> None:
    page = layout_context.new_page()
    page.emulate_media(media="print")
    problems = []
    for url in story_urls(sample_output):
        page.goto(base_url + url)
        page.evaluate("document.fonts.ready")
        parts: dict[str, Any] = page.evaluate("""() => ({
          headline: document.querySelector("h1").textContent,
          metrics: [...document.querySelectorAll(".metrics li")].map((li) => li.textContent),
          quote: (document.querySelector(".pull-quote blockquote") || {}).textContent || null,
          // the story's own links; the facts box links to the site's navigation pages
          links: [...document.querySelectorAll(".prose a[href]:not([href^='#'])")]
                   .map((a) => a.getAttribute("href")),
          source: location.pathname,
          main: document.querySelector("main").textContent,
          navigation: [".brand", ".menu > summary", ".site-nav ul", ".lang-switch",
                       ".skip-link", ".footer-nav ul", ".related h2"]
            .map((s) => document.querySelector(s)).filter(Boolean).map((el) => el.textContent),
          chrome: [...document.querySelectorAll(
                     "header.site-header, footer.site-footer, nav, .related, .skip-link")]
                  .filter((el) => el.getClientRects().length)
                  .map((el) => el.tagName.toLowerCase() + "." + el.className),
        })""")
        data = page.pdf(format="A4", print_background=True)
        SCREENS.joinpath("print").mkdir(parents=True, exist_ok=True)
        (SCREENS / "print" / (url.strip("/").replace("/", "-") + ".pdf")).write_bytes(data)
        pages, text = pdf_text(data)
        flat = squash(text)
        if pages > 2:
            problems.append(f"{url}: {pages} A4 pages")
        wanted = [("headline", parts["headline"])] + [("metric", m) for m in parts["metrics"]]
        if parts["quote"]:
            wanted.append(("quote", parts["quote"]))
        if not parts["metrics"] or not parts["quote"]:
            problems.append(f"{url}: the page has no metrics or no quote to print")
        problems += [f"{url}: the print lacks the {what} {value.strip()[:50]!r}"
                     for what, value in wanted if squash(value) not in flat]
        problems += [f"{url}: the print does not show the link {href}"
                     for href in parts["links"] if f"({squash(href)})" not in flat]
        if squash(parts["source"]) not in flat:
            problems.append(f"{url}: the print does not say where the story is online")
        problems += [f"{url}: the print shows {element}" for element in parts["chrome"]]
        problems += [f"{url}: the print shows the navigation {words.strip()[:40]!r}"
                     for words in parts["navigation"]
                     if squash(words) in flat and squash(words) not in squash(parts["main"])]
    page.close()
    assert problems == [], "\n".join(problems)


def save_small_png(data: bytes, path: Path, limit: int = 250_000) -> None:
    """A screenshot for the README: as is if small, else in 256 colours."""
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.open(io.BytesIO(data)).convert("RGB")
    image.save(path, "PNG", optimize=True)
    if path.stat().st_size > limit:
        image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(
            path, "PNG", optimize=True)
    assert path.stat().st_size <= limit, f"{path} is {path.stat().st_size} bytes"


def test_readme_screenshots_of_home_and_a_story(browser: Browser, base_url: str) -> None:
    """docs/screenshots/{home,story}-{phone,desktop}.png: the first screen, from the sample."""
    story = "/stories/okuyama-precision-inspections/"
    for device, width, height, scale in (("phone", 375, 740, 2), ("desktop", 1280, 800, 1)):
        context = browser.new_context(viewport={"width": width, "height": height},
                                      device_scale_factor=scale,
                                      reduced_motion="reduce", color_scheme="light")
        context.route(lambda url: not url.startswith("http://127.0.0.1"),
                      lambda route: route.abort())
        page = context.new_page()
        for name, url in (("home", "/"), ("story", story)):
            page.goto(base_url + url)
            page.wait_for_load_state("networkidle")
            page.evaluate("document.fonts.ready")
            save_small_png(page.screenshot(), README_SHOTS / f"{name}-{device}.png")
        context.close()
    for name in ("home-phone", "home-desktop", "story-phone", "story-desktop"):
        with Image.open(README_SHOTS / f"{name}.png") as image:
            assert image.width in (750, 1280)


# Preview honesty: `casebook serve` marks what is not public; a publish build never does.

NOT_PUBLIC = {"draft": "Draft", "review": "In review", "scheduled": "Scheduled"}


def write_preview_site(project: Project) -> None:
    project.story("stories/public.md", title='"Public PUBLICMARK"', customer="Public Co")
    project.story("stories/draft.md", title='"Draft DRAFTMARK"', customer="Draft Co",
                  status="draft", approval=None)
    project.story("stories/review.md", title='"Review REVIEWMARK"', customer="Review Co",
                  status="review", approval=None)
    project.story("stories/scheduled.md", title='"Scheduled SCHEDULEDMARK"',
                  customer="Scheduled Co", date="2026-09-01")
    for status, date in (("published", "2026-01-01"), ("draft", "2026-01-02"),
                         ("review", "2026-01-03"), ("published", "2026-12-01")):
        name = "scheduled" if date == "2026-12-01" else status
        project.write(f"content/faq/faq-{name}.md", (
            f'---\ntitle: "Question {name.upper()}MARK?"\nfeatures: [approvals]\n'
            f"status: {status}\ndate: {date}\n---\n\nThe answer.\n"))


def card_badges(html: str) -> dict[str, list[str]]:
    """Each card's story (by its MARK) and the badges on the card."""
    soup = BeautifulSoup(html, "html.parser")
    return {card.select(".card-title")[0].get_text(strip=True).split()[-1]:
            [b.get_text(strip=True) for b in card.select(".badge")]
            for card in soup.select(".card")}


def own_badges(html: str, where: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    return [b.get_text(strip=True) for b in soup.select(f"{where} .badge")]


CARD_BADGES = {"PUBLICMARK": [], "DRAFTMARK": ["Draft"], "REVIEWMARK": ["In review"],
               "SCHEDULEDMARK": ["Scheduled"]}


def test_preview_badges_every_item_that_is_not_public_and_a_publish_build_none(
        project: Project) -> None:
    from casebook.cli.build import build
    from casebook.cli.serve import PREVIEW

    write_preview_site(project)
    build(project.root / "pelicanconf.py", PREVIEW, force=True)
    assert card_badges(project.page("stories")) == CARD_BADGES
    for url in ("", "industries/manufacturing", "features/approvals", "stories/public",
                *(f"stories/{slug}" for slug in NOT_PUBLIC)):
        cards = card_badges(project.page(url))
        assert cards and cards == {mark: CARD_BADGES[mark] for mark in cards}, url
    assert own_badges(project.page("stories/public"), ".story-header") == []
    assert "draft-banner" not in project.page("stories/public")
    for slug, label in NOT_PUBLIC.items():
        page = project.page(f"stories/{slug}")
        assert own_badges(page, ".story-header") == [label], slug
        assert "draft-banner" in page
        assert own_badges(project.page(f"faq/faq-{slug}"), "h1") == [label], slug
    assert own_badges(project.page("faq/faq-published"), "h1") == []
    faq_index = BeautifulSoup(project.page("faq"), "html.parser")
    summaries = {s.get_text(" ", strip=True) for s in faq_index.select("summary")}
    assert {"Question PUBLISHEDMARK?", "Question DRAFTMARK? Draft",
            "Question REVIEWMARK? In review", "Question SCHEDULEDMARK? Scheduled"} <= summaries

    assert project.build().code == 0  # publish: only the public items, and no badge at all
    for name, data in project.output_files().items():
        if name.endswith(".html"):
            text = data.decode("utf-8")
            assert 'class="badge"' not in text and "draft-banner" not in text, name
            assert not re.search(r"(DRAFT|REVIEW|SCHEDULED)MARK", text), name
    assert "PUBLICMARK" in project.page("stories")
