"""The publish build as search engines, link previews and feed validators read it.

hreflang in every head agrees with sitemap.xml; JSON-LD has the properties
Google documents for Article, FAQPage and BreadcrumbList, with their types;
link previews are in the page's language and only claim a large image where
there is one; the 404 page is not indexed; Atom feeds pass the W3C feed
validator's offline rules, with no two entries of a feed updated at once.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import feedparser
import pytest
from bs4 import BeautifulSoup
from PIL import Image

from casebook.outputs.sitemap import hreflang_links

from ..conftest import Project

SITEURL = "https://stories.example"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
ATOM = "{http://www.w3.org/2005/Atom}"
LANGUAGES = ("en", "ja")


# Reading pages ----------------------------------------------------------------

def pages(output: Path) -> Iterator[tuple[str, BeautifulSoup]]:
    """(absolute URL, parsed page) of every HTML page."""
    for path in sorted(output.rglob("*.html")):
        relative = path.relative_to(output).as_posix().removesuffix("index.html")
        yield f"{SITEURL}/{relative}", BeautifulSoup(path.read_text(encoding="utf-8"),
                                                     "html.parser")


def meta(soup: BeautifulSoup) -> dict[str, str]:
    return {m.get("property") or m.get("name"): m.get("content", "")
            for m in soup.head.find_all("meta") if m.get("property") or m.get("name")}


def hreflangs(soup: BeautifulSoup) -> dict[str, str]:
    links = soup.head.find_all("link", rel="alternate", hreflang=True)
    found = {link["hreflang"]: link["href"] for link in links}
    assert len(found) == len(links), "an hreflang listed twice"
    return found


def is_noindex(soup: BeautifulSoup) -> bool:
    robots = soup.head.find("meta", attrs={"name": "robots"})
    return robots is not None and "noindex" in robots["content"].replace(" ", "").split(",")


def json_ld(soup: BeautifulSoup) -> list[dict[str, Any]]:
    return [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]


def local_file(output: Path, url: str) -> Path:
    assert url.startswith(SITEURL + "/"), url
    path = output / url.removeprefix(SITEURL + "/")
    return path / "index.html" if url.endswith("/") else path


def sitemap(output: Path) -> dict[str, dict[str, str]]:
    """{loc: {hreflang: href}} of sitemap.xml."""
    root = ET.parse(output / "sitemap.xml").getroot()
    found = {}
    for url in root.findall(f"{SITEMAP}url"):
        links = url.findall(f"{XHTML}link")
        alternates = {link.get("hreflang"): link.get("href") for link in links}
        assert len(alternates) == len(links), url.find(f"{SITEMAP}loc").text
        found[url.find(f"{SITEMAP}loc").text] = alternates
    return found


def stories_export(output: Path) -> dict[str, dict[str, Any]]:
    records = json.loads((output / "stories.json").read_text(encoding="utf-8"))["stories"]
    return {record["url"]: record for record in records}


# 1. hreflang and sitemap.xml ---------------------------------------------------

def test_sitemap_alternates_are_the_pages_hreflang_links(publish_output: Path) -> None:
    in_sitemap = sitemap(publish_output)
    indexed = {url: soup for url, soup in pages(publish_output) if not is_noindex(soup)}
    assert set(in_sitemap) == set(indexed)  # both ways: no page left out, none invented
    differ = [url for url, soup in indexed.items() if hreflangs(soup) != in_sitemap[url]]
    assert differ == []
    with_links = [url for url, links in in_sitemap.items() if links]
    assert len(with_links) > 80  # listings too, not only the translated items
    assert in_sitemap[f"{SITEURL}/ja/features/forms/"]["x-default"] == \
        f"{SITEURL}/features/forms/"


def test_hreflang_sets_follow_one_rule(publish_output: Path) -> None:
    """Every version listed, x-default the English one, the same set on every version,
    and a page without a counterpart lists nothing (no lone self-reference)."""
    heads = {url: (soup.html["lang"], hreflangs(soup)) for url, soup in pages(publish_output)
             if not is_noindex(soup)}
    problems = []
    for url, (lang, links) in heads.items():
        if not links:
            continue
        versions = {k: v for k, v in links.items() if k != "x-default"}
        if len(versions) < 2 or versions.get(lang) != url:
            problems.append(f"{url}: {links}")
        if links.get("x-default") != versions.get("en"):
            problems.append(f"{url}: x-default {links.get('x-default')}")
        for target in versions.values():
            if target not in heads or heads[target][1] != links:
                problems.append(f"{url}: {target} does not list the same versions")
    # a page whose address exists in the other language has that page as a version
    for url, (lang, links) in heads.items():
        if lang == "en":
            counterpart = url.replace(SITEURL + "/", SITEURL + "/ja/", 1)
            if counterpart in heads and links.get("ja") != counterpart:
                problems.append(f"{url}: no hreflang for {counterpart}")
    assert problems == []
    assert heads[f"{SITEURL}/stories/size/1-50/"][1] == {}  # English only: none


def test_hreflang_rule_in_python() -> None:
    assert hreflang_links({"en": "a/"}, "en") == {}
    assert hreflang_links({"ja": "ja/a/", "en": "a/"}, "en") == {
        "en": "a/", "ja": "ja/a/", "x-default": "a/"}
    # no version in the site's own language: the first configured language that has one
    assert hreflang_links({"ja": "ja/a/", "fr": "fr/a/"}, "en", ("en", "ja", "fr")) == {
        "fr": "fr/a/", "ja": "ja/a/", "x-default": "ja/a/"}


# 2. JSON-LD -----------------------------------------------------------------

def _is_url(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(("https://", "http://", "/"))


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _date(value: Any) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.datetime.fromisoformat(value).date()
    except ValueError:
        return None


def _check_organization(value: Any, what: str) -> list[str]:
    if isinstance(value, list):
        return [p for one in value for p in _check_organization(one, what)] or (
            [] if value else [f"{what}: empty"])
    if not isinstance(value, dict) or value.get("@type") not in ("Organization", "Person"):
        return [f"{what}: not an Organization or Person: {value!r}"]
    problems = [] if _text(value.get("name")) else [f"{what}.name missing"]
    if not _is_url(value.get("url")):
        problems.append(f"{what}.url missing or not a URL")
    logo = value.get("logo")
    if logo is not None and not (_is_url(logo) or (
            isinstance(logo, dict) and logo.get("@type") == "ImageObject"
            and _is_url(logo.get("url")))):
        problems.append(f"{what}.logo is neither a URL nor an ImageObject")
    return problems


def _image_urls(value: Any) -> list[Any]:
    values = value if isinstance(value, list) else [value]
    return [v.get("url") if isinstance(v, dict) and v.get("@type") == "ImageObject" else v
            for v in values]


def check_article(data: dict[str, Any], page_url: str, lang: str,
                  output: Path | None = None) -> list[str]:
    """Google's Article properties (headline, image, datePublished, dateModified,
    author, publisher, mainEntityOfPage) and what this page states, by type."""
    problems = []
    if data.get("@context") != "https://schema.org":
        problems.append("@context")
    if data.get("@type") not in ("Article", "NewsArticle", "BlogPosting"):
        problems.append(f"@type {data.get('@type')!r}")
    if not _text(data.get("headline")):
        problems.append("headline")
    images = _image_urls(data.get("image"))
    if not images or not all(_is_url(url) for url in images):
        problems.append(f"image {data.get('image')!r}")
    elif output is not None:
        for url in images:
            path = local_file(output, url)
            if not path.is_file():
                problems.append(f"image {url} not published")
                continue
            with Image.open(path) as image:
                if image.width * image.height < 50_000:  # Google's minimum
                    problems.append(f"image {url} is {image.width}x{image.height}")
    published, modified = _date(data.get("datePublished")), _date(data.get("dateModified"))
    if published is None:
        problems.append(f"datePublished {data.get('datePublished')!r}")
    if modified is None or (published and modified < published):
        problems.append(f"dateModified {data.get('dateModified')!r}")
    problems += _check_organization(data.get("author"), "author")
    problems += _check_organization(data.get("publisher"), "publisher")
    main = data.get("mainEntityOfPage")
    if main != page_url and not (isinstance(main, dict) and main.get("@type") == "WebPage"
                                 and main.get("@id") == page_url):
        problems.append(f"mainEntityOfPage {main!r}")
    if data.get("url", page_url) != page_url:
        problems.append(f"url {data.get('url')!r}")
    if data.get("inLanguage", lang) != lang:
        problems.append(f"inLanguage {data.get('inLanguage')!r}")
    if "review" in data or "aggregateRating" in data:
        problems.append("self-serving review markup")
    return problems


def check_faq_page(data: dict[str, Any]) -> list[str]:
    """Google's FAQPage: mainEntity, Questions with a name and an acceptedAnswer's text."""
    problems = [] if data.get("@type") == "FAQPage" else [f"@type {data.get('@type')!r}"]
    questions = data.get("mainEntity")
    if not isinstance(questions, list) or not questions:
        return [*problems, "mainEntity"]
    for n, question in enumerate(questions):
        if not isinstance(question, dict) or question.get("@type") != "Question":
            problems.append(f"mainEntity[{n}] is not a Question")
            continue
        if not _text(question.get("name")):
            problems.append(f"mainEntity[{n}].name")
        answer = question.get("acceptedAnswer")
        if not isinstance(answer, dict) or answer.get("@type") != "Answer" or not _text(
                answer.get("text")):
            problems.append(f"mainEntity[{n}].acceptedAnswer")
    return problems


def check_breadcrumbs(data: dict[str, Any], page_url: str,
                      known: set[str] | None = None) -> list[str]:
    """Google's BreadcrumbList: ListItems numbered from 1, each with a name and an item
    (a URL; the last may go without), the last being this page."""
    problems = [] if data.get("@type") == "BreadcrumbList" else [f"@type {data.get('@type')!r}"]
    items = data.get("itemListElement")
    if not isinstance(items, list) or len(items) < 2:
        return [*problems, "itemListElement: fewer than two ListItems"]
    for n, item in enumerate(items, 1):
        if not isinstance(item, dict) or item.get("@type") != "ListItem":
            problems.append(f"item {n} is not a ListItem")
            continue
        position = item.get("position")
        if type(position) is not int or position != n:
            problems.append(f"item {n}: position {position!r}")
        if not _text(item.get("name")):
            problems.append(f"item {n}: name")
        url = item.get("item")
        if url is None and n == len(items):
            continue
        if not _is_url(url):
            problems.append(f"item {n}: item {url!r}")
        elif known is not None and url not in known:
            problems.append(f"item {n}: {url} is no page")
    if items[-1].get("item", page_url) != page_url:
        problems.append("the last item is not this page")
    return problems


def test_json_ld_of_every_story_interview_faq_and_breadcrumb(publish_output: Path) -> None:
    all_pages = dict(pages(publish_output))
    known = set(all_pages)
    problems: list[str] = []
    seen: Counter[str] = Counter()
    for url, soup in all_pages.items():
        path = url.removeprefix(SITEURL + "/").removeprefix("ja/")
        kind = path.split("/")[0] if path.count("/") == 2 else "listing"
        documents = {doc.get("@type"): doc for doc in json_ld(soup)}
        expected = {"stories": {"Article", "BreadcrumbList"},
                    "interviews": {"Article", "BreadcrumbList"},
                    "faq": {"FAQPage", "BreadcrumbList"}}.get(kind)
        if path in ("faq/",):
            expected = set()  # each question is marked up once, on its own page
        if expected is not None and set(documents) != expected:
            problems.append(f"{url}: {sorted(documents)}")
        for type_, doc in documents.items():
            seen[type_] += 1
            if type_ == "Article":
                found = check_article(doc, url, soup.html["lang"], publish_output)
            elif type_ == "FAQPage":
                found = check_faq_page(doc)
            elif type_ == "BreadcrumbList":
                found = check_breadcrumbs(doc, url, known)
            else:
                found = [f"unexpected {type_}"]
            problems += [f"{url}: {problem}" for problem in found]
    assert problems == []
    assert seen["Article"] >= 19 and seen["FAQPage"] >= 16 and seen["BreadcrumbList"] >= 35


def test_the_json_ld_checker_finds_what_it_checks() -> None:
    url = f"{SITEURL}/stories/a/"
    good = {"@context": "https://schema.org", "@type": "Article", "headline": "A",
            "image": [f"{SITEURL}/media/a.png"], "datePublished": "2026-01-02",
            "dateModified": "2026-01-03", "url": url, "inLanguage": "en",
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "author": {"@type": "Organization", "name": "R", "url": f"{SITEURL}/"},
            "publisher": {"@type": "Organization", "name": "R", "url": f"{SITEURL}/"}}
    assert check_article(good, url, "en") == []
    for key, value in (("image", None), ("headline", ""), ("datePublished", "2 Jan"),
                       ("dateModified", "2025-12-31"), ("author", {"@type": "Organization",
                                                                   "name": "R"}),
                       ("publisher", "R"), ("mainEntityOfPage", f"{SITEURL}/b/"),
                       ("inLanguage", "ja")):
        assert check_article({**good, key: value}, url, "en"), key
    faq = {"@type": "FAQPage", "mainEntity": [
        {"@type": "Question", "name": "Q", "acceptedAnswer": {"@type": "Answer", "text": "A"}}]}
    assert check_faq_page(faq) == []
    assert check_faq_page({**faq, "mainEntity": [{"@type": "Question", "name": "Q",
                                                  "acceptedAnswer": {"@type": "Answer"}}]})
    crumbs = {"@type": "BreadcrumbList", "itemListElement": [
        {"@type": "ListItem", "position": 1, "name": "Home", "item": f"{SITEURL}/"},
        {"@type": "ListItem", "position": 2, "name": "A", "item": url}]}
    assert check_breadcrumbs(crumbs, url) == []
    for broken in ({"position": "2"}, {"position": 3}, {"name": ""}, {"item": f"{SITEURL}/b/"}):
        assert check_breadcrumbs({**crumbs, "itemListElement": [
            crumbs["itemListElement"][0], {**crumbs["itemListElement"][1], **broken}]}, url)


def _article_image(project: Project, url: str) -> str | None:
    soup = BeautifulSoup(project.page(url), "html.parser")
    [article] = [d for d in json_ld(soup) if d["@type"] == "Article"]
    return article.get("image", [None])[0]


@pytest.mark.parametrize("cards", [True, False])
def test_article_image_is_the_hero_else_the_card_else_a_named_logo(project: Project,
                                                                    cards: bool) -> None:
    if not cards:
        project.write("pelicanconf.py", (project.root / "pelicanconf.py").read_text()
                      + "CASEBOOK_SOCIAL_CARDS = False\n")
    for name in ("hero", "logo"):
        project.image(f"stories/{name}/logo.png", size=(300, 300), color="navy")
    project.image("stories/hero/hero.png", size=(1600, 900), color="teal")
    project.story("stories/hero/index.md", title='"With a hero"', hero="hero.png",
                  logo="logo.png")
    project.story("stories/card/index.md", title='"Without pictures"', customer='"Card Co"')
    project.story("stories/logo/index.md", title='"With a logo"', customer='"Logo Co"',
                  logo="logo.png")
    project.story("stories/anonymous/index.md", title='"A bank"', customer='"Secret Bank"',
                  anonymous="true")  # `casebook check` refuses a logo on it
    assert project.build().code == 0, project.build().output
    assert "/media/" in (_article_image(project, "stories/hero") or "")
    assert not (_article_image(project, "stories/hero") or "").startswith("/media/card-")
    logo = _article_image(project, "stories/logo")
    anonymous = _article_image(project, "stories/anonymous")
    if cards:
        assert (_article_image(project, "stories/card") or "").startswith("/media/card-")
        assert (logo or "").startswith("/media/card-")  # the card before the logo
        assert (anonymous or "").startswith("/media/card-")
    else:
        assert _article_image(project, "stories/card") is None
        assert logo and logo.startswith("/media/") and not logo.startswith("/media/card-")
        assert anonymous is None
    for url in ("stories/hero", "stories/card", "stories/logo", "stories/anonymous"):
        for image in [_article_image(project, url)]:
            assert image is None or (project.output / image.lstrip("/")).is_file(), image


def test_an_anonymous_storys_logo_is_never_its_image() -> None:
    """`casebook check` refuses a logo on an anonymous story; JSON-LD does not rely on it."""
    from types import SimpleNamespace

    from casebook.content.model import Asset, Story
    from casebook.outputs.structured import StructuredData

    logo = Asset(Path("logo.png"), "logo.png", 1, "abc.png", 240, 240, (240,))
    model = Story(kind="story", source="s.md", slug="s", lang="en", title="T",
                  status="published", date=dt.date(2026, 1, 1), body="", body_first_line=1,
                  logo=logo, anonymous=True)
    jsonld = StructuredData(SimpleNamespace(siteurl=SITEURL))  # type: ignore[arg-type]
    without_card = SimpleNamespace(social_card=None)
    assert jsonld.image(without_card, model) is None
    model.anonymous = False
    assert jsonld.image(without_card, model) == f"{SITEURL}/media/abc-240.png"


# 3. og:image:alt in the page's language ----------------------------------------

def test_og_image_alt_is_in_the_pages_language(publish_output: Path) -> None:
    problems = []
    checked = 0
    for url, soup in pages(publish_output):
        if soup.html["lang"] != "ja" or "og:image" not in meta(soup):
            continue
        tags = meta(soup)
        alt, title = tags.get("og:image:alt", ""), tags["og:title"]
        checked += 1
        # the page's title, or the site's name in Japanese; Latin letters only when the
        # title itself is written in them
        if alt not in (title, tags["og:site_name"]) or (alt.isascii() and alt != title):
            problems.append(f"{url}: {alt!r} (title {title!r})")
    assert checked > 40 and problems == []


# 4. the 404 page ------------------------------------------------------------

def test_404_is_not_indexed_and_is_not_the_home_page(publish_output: Path) -> None:
    soup = BeautifulSoup((publish_output / "404.html").read_text(encoding="utf-8"),
                         "html.parser")
    assert is_noindex(soup)
    canonical = soup.head.find("link", rel="canonical")
    assert canonical is None or canonical["href"] == f"{SITEURL}/404.html"
    assert meta(soup).get("og:url", f"{SITEURL}/404.html") == f"{SITEURL}/404.html"
    assert hreflangs(soup) == {}
    assert f"{SITEURL}/404.html" not in sitemap(publish_output)
    home = BeautifulSoup((publish_output / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    assert not is_noindex(home)  # only where asked for


# 5. twitter:card --------------------------------------------------------------

def _preview_problems(output: Path, url: str, soup: BeautifulSoup) -> list[str]:
    tags = meta(soup)
    card = tags.get("twitter:card")
    if "og:image" not in tags:
        return [] if card == "summary" else [f"{url}: {card} without an image"]
    with Image.open(local_file(output, tags["og:image"])) as image:
        size = image.size
    problems = []
    if (tags.get("og:image:width"), tags.get("og:image:height")) != tuple(map(str, size)):
        problems.append(f"{url}: og:image is {size}, not "
                        f"{tags.get('og:image:width')}x{tags.get('og:image:height')}")
    large = size[0] >= 1200 and size[1] >= 630
    if card != ("summary_large_image" if large else "summary"):
        problems.append(f"{url}: {card} for a {size[0]}x{size[1]} image")
    return problems


def test_twitter_card_is_large_only_with_a_large_image(publish_output: Path) -> None:
    problems, cards = [], {}
    for url, soup in pages(publish_output):
        problems += _preview_problems(publish_output, url, soup)
        cards[url.removeprefix(SITEURL)] = meta(soup).get("twitter:card")
    assert problems == []
    assert cards["/stories/okuyama-precision-inspections/"] == "summary_large_image"
    assert cards["/"] == cards["/features/"] == "summary"  # the site image is 240 px


def test_pages_without_their_own_image_use_a_large_site_image(project: Project) -> None:
    project.write("pelicanconf.py", (project.root / "pelicanconf.py").read_text()
                  + 'CASEBOOK_SITE_IMAGE = "wide.png"\n')
    project.image("content/images/wide.png", size=(1600, 900), color="navy")
    project.story("stories/acme.md")
    assert project.build().code == 0
    home = BeautifulSoup(project.page(""), "html.parser")
    tags = meta(home)
    assert tags["twitter:card"] == "summary_large_image"
    assert int(tags["og:image:width"]) >= 1200 and int(tags["og:image:height"]) >= 630
    assert tags["og:image:alt"] == tags["og:site_name"]


# 6. feeds ---------------------------------------------------------------------

def _instant(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def feed_problems(data: bytes, feed_url: str) -> list[str]:
    """The W3C feed validator's offline rules for Atom that apply here."""
    parsed = feedparser.parse(data)
    problems = [f"not well-formed: {parsed.get('bozo_exception')}"] if parsed.bozo else []
    feed = parsed.feed
    for key in ("id", "title", "updated"):
        if not feed.get(key):
            problems.append(f"feed has no {key}")
    if [link.href for link in feed.get("links", []) if link.rel == "self"] != [feed_url]:
        problems.append("feed has no self link to itself")
    ids, updated = Counter(), Counter()
    for n, entry in enumerate(parsed.entries):
        for key in ("id", "title", "updated"):
            if not entry.get(key):
                problems.append(f"entry {n} has no {key}")
        if not [link for link in entry.get("links", []) if link.rel == "alternate"]:
            problems.append(f"entry {n} has no alternate link")
        if not (entry.get("author") or feed.get("author")):
            problems.append(f"entry {n} has no author")
        ids[entry.get("id")] += 1
        updated[_instant(entry.updated) if entry.get("updated") else None] += 1
        if entry.get("published") and _instant(entry.published) > _instant(entry.updated):
            problems.append(f"entry {n} updated before it was published")
    problems += [f"id {key} used {count} times" for key, count in ids.items() if count > 1]
    problems += [f"updated {key} shared by {count} entries" for key, count in updated.items()
                 if count > 1]
    if parsed.entries and feed.get("updated") and _instant(feed.updated) < max(updated):
        problems.append("feed updated before its newest entry")
    return problems


def test_feeds_pass_the_validators_offline_rules(publish_output: Path) -> None:
    feeds = sorted(publish_output.rglob("*.atom.xml"))
    assert len(feeds) > 20
    problems = []
    for feed in feeds:
        url = f"{SITEURL}/{feed.relative_to(publish_output).as_posix()}"
        problems += [f"{url}: {p}" for p in feed_problems(feed.read_bytes(), url)]
    assert problems == []
    broken = (publish_output / "feeds/all.atom.xml").read_bytes().replace(
        b"<updated>2026-05-12T00:00:01", b"<updated>2026-05-12T00:00:00")
    assert any("shared" in p for p in feed_problems(broken, f"{SITEURL}/feeds/all.atom.xml"))


def test_feed_times_keep_the_day_and_only_order_entries_within_it(
        publish_output: Path) -> None:
    """No made-up time of day: each entry's day is its story's, and the seconds after
    midnight only tell the entries of one day apart, the same in every feed."""
    stories = stories_export(publish_output)
    seen: dict[str, set[dt.datetime]] = defaultdict(set)
    per_day: Counter[tuple[str, dt.date]] = Counter(
        (s["lang"], dt.date.fromisoformat(s["updated"] or s["date"])) for s in stories.values())
    problems = []
    for feed in sorted(publish_output.rglob("*.atom.xml")):
        for entry in feedparser.parse(feed.read_bytes()).entries:
            story = stories[entry.link]
            updated, published = _instant(entry.updated), _instant(entry.published)
            day = dt.date.fromisoformat(story["updated"] or story["date"])
            midnight = dt.datetime.combine(day, dt.time(), updated.tzinfo)
            if not midnight <= updated < midnight + dt.timedelta(
                    seconds=per_day[story["lang"], day]):
                problems.append(f"{feed.name}: {entry.link} updated {entry.updated}")
            if published.date() != dt.date.fromisoformat(story["date"]):
                problems.append(f"{feed.name}: {entry.link} published {entry.published}")
            seen[entry.id].add(updated)
    problems += [f"{key}: {sorted(times)}" for key, times in seen.items() if len(times) > 1]
    assert problems == []


def test_entries_of_one_day_get_distinct_seconds_in_feed_order(project: Project) -> None:
    for slug in ("alpha", "bravo", "charlie"):
        project.story(f"stories/{slug}.md", title=f'"{slug.title()} story"',
                      customer=f'"{slug.title()} Co"', date="2026-03-02")
    project.story("stories/delta.md", title='"Delta story"', customer='"Delta Co"',
                  date="2025-11-20", updated="2026-03-02",
                  approval='{by: "Dee Delta, COO", date: 2025-11-01}')
    assert project.build().code == 0
    everything = feedparser.parse((project.output / "feeds/all.atom.xml").read_bytes())
    assert [(e.link, e.updated) for e in everything.entries] == [
        ("/stories/charlie/", "2026-03-02T00:00:03+09:00"),
        ("/stories/bravo/", "2026-03-02T00:00:02+09:00"),
        ("/stories/alpha/", "2026-03-02T00:00:01+09:00"),
        ("/stories/delta/", "2026-03-02T00:00:00+09:00"),
    ]
    assert everything.entries[3].published == "2025-11-20T00:00:00+09:00"
    assert everything.entries[0].published == everything.entries[0].updated
    approvals = feedparser.parse(
        (project.output / "feeds/features/approvals.atom.xml").read_bytes())
    assert {e.link: e.updated for e in approvals.entries} == {
        e.link: e.updated for e in everything.entries}  # the same instants in every feed
    assert feed_problems((project.output / "feeds/all.atom.xml").read_bytes(),
                         "/feeds/all.atom.xml") == []



def test_every_page_carries_the_sites_policy_before_anything_it_loads(
        sample_output: Path) -> None:
    from casebook.outputs.fingerprint import CSP

    pages = sorted(sample_output.rglob("*.html"))
    assert len(pages) > 100
    for path in pages:
        if path.parts[len(sample_output.parts)] in ("admin", "pagefind"):
            continue
        head = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").head
        assert head is not None, path
        first = head.find(["meta", "link", "script", "style"], attrs={"charset": None})
        assert first is not None and first.get("http-equiv") == "Content-Security-Policy", path
        assert first["content"] == CSP, path
