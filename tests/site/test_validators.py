"""Third-party rules on the publish build, beyond what tests/site/test_seo.py checks.

- JSON-LD, every block of every page, against Google Search Central's documented
  Article, FAQPage and BreadcrumbList structured data: every block parses and says
  ``"@context": "https://schema.org"``; every URL in it is absolute; dates are ISO 8601
  (with an offset when they carry a time); images are URLs or ImageObjects in a format
  Google reads; authors are Persons or Organizations with a name (only the name) and a
  url; an answer's HTML uses only the tags Google shows; FAQ content is visible on its
  page and marked up once on the site. (test_seo checks the required properties.)
- Atom feeds against the W3C feed validator's rules that need no network: feed id, title,
  updated, author and a self link to the feed's own URL; entries with an IRI id (one per
  entry across all feeds), RFC 3339 dates, an absolute alternate link to a published page
  in the feed's language, text constructs of a known type, HTML content without relative
  references or risky markup; xml:lang the language of the feed's pages.
- sitemap.xml: every ``<url>`` is the canonical URL of a page; its xhtml:link alternates
  are rel="alternate", absolute, reciprocal, name each version in that version's language
  and include x-default; they equal the page's own hreflang links, both ways, for every
  page that has any (noindex pages included: they must have none).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from ..conftest import PUBLISH_SITEURL as SITEURL

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(repr=False)
class Page:
    url: str
    path: Path
    soup: BeautifulSoup

    def __repr__(self) -> str:
        return f"Page({self.url!r})"

    @property
    def lang(self) -> str:
        return str(self.soup.html.get("lang", ""))

    @property
    def noindex(self) -> bool:
        robots = self.soup.head.find("meta", attrs={"name": "robots"})
        return robots is not None and "noindex" in robots["content"].replace(" ", "").split(",")

    @property
    def hreflangs(self) -> dict[str, str]:
        links = self.soup.head.find_all("link", rel="alternate", hreflang=True)
        return {link["hreflang"]: link["href"] for link in links}


@pytest.fixture(scope="module")
def site(publish_output: Path) -> dict[str, Page]:
    """{absolute URL: page} of every HTML page of the publish build, parsed once."""
    found = {}
    for path in sorted(publish_output.rglob("*.html")):
        relative = path.relative_to(publish_output).as_posix().removesuffix("index.html")
        url = f"{SITEURL}/{relative}"
        found[url] = Page(url, path, BeautifulSoup(path.read_text(encoding="utf-8"), "lxml"))
    return found


def published(output: Path, url: str) -> bool:
    """Whether an absolute URL of the site is a file of the build."""
    if not url.startswith(SITEURL + "/"):
        return False
    path = output / url.removeprefix(SITEURL + "/").split("#")[0]
    return (path / "index.html").is_file() if url.endswith("/") else path.is_file()


def absolute(url: Any) -> bool:
    parts = urlsplit(url) if isinstance(url, str) else None
    return bool(parts and parts.scheme in ("http", "https") and parts.netloc)


# 1. JSON-LD --------------------------------------------------------------------------
# developers.google.com/search/docs/appearance/structured-data/{article,faqpage,breadcrumb}

GOOGLE_TYPES = {"Article", "NewsArticle", "BlogPosting", "FAQPage", "BreadcrumbList"}
URL_KEYS = {"url", "item", "@id", "image", "logo", "sameAs", "contentUrl", "thumbnailUrl",
            "mainEntityOfPage"}
# "Google Search displays the following HTML tags; all other tags are ignored"
ANSWER_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "br", "ol", "ul", "li", "a", "p", "div",
               "b", "strong", "i", "em"}
IMAGE_FORMATS = (".bmp", ".gif", ".jpg", ".jpeg", ".png", ".webp", ".svg", ".avif")
ISO_8601 = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?")


def json_ld_blocks(page: Page) -> tuple[list[Any], list[str]]:
    """The parsed JSON-LD blocks of a page, and the ones that do not parse."""
    blocks, problems = [], []
    for n, script in enumerate(page.soup.find_all("script", type="application/ld+json")):
        try:
            blocks.append(json.loads(script.string or ""))
        except ValueError as error:
            problems.append(f"block {n} does not parse: {error}")
    return blocks, problems


def _urls(value: Any, key: str = "") -> Iterator[tuple[str, Any]]:
    """(property, value) of every value the properties in URL_KEYS hold, nested too."""
    if isinstance(value, dict):
        for name, child in value.items():
            if name in URL_KEYS and not isinstance(child, dict | list):
                yield name, child
            yield from _urls(child, name)
    elif isinstance(value, list):
        for child in value:
            if key in URL_KEYS and not isinstance(child, dict | list):
                yield key, child
            yield from _urls(child, key)


def _iso_8601(value: Any) -> bool:
    if not isinstance(value, str) or not ISO_8601.fullmatch(value):
        return False
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return False
    # "We recommend that you provide timezone information": a time needs its offset
    return "T" not in value or parsed.tzinfo is not None


def _named(value: Any, what: str, need_url: bool) -> list[str]:
    """A Person or Organization with a name (and an absolute url where recommended)."""
    if not isinstance(value, dict) or value.get("@type") not in ("Person", "Organization"):
        return [f"{what} is not a Person or Organization: {value!r}"]
    name = value.get("name")
    problems = []
    if not isinstance(name, str) or not name.strip():
        problems.append(f"{what}.name missing")
    elif value["@type"] == "Person" and re.search(r",| and |&|、|・|/", name):
        # "only the name"; several authors are several author values
        problems.append(f"{what}.name is more than one person's name: {name!r}")
    if need_url and not absolute(value.get("url")):
        problems.append(f"{what}.url missing")
    return problems


def check_json_ld(doc: Any, page_url: str) -> list[str]:
    """What Google documents, and test_seo leaves unchecked, for one JSON-LD block."""
    if not isinstance(doc, dict):
        return [f"not an object: {type(doc).__name__}"]
    problems = []
    if doc.get("@context") != "https://schema.org":
        problems.append(f"@context {doc.get('@context')!r}")
    kind = doc.get("@type")
    if kind not in GOOGLE_TYPES:
        problems.append(f"@type {kind!r} is none that this test checks")
    for key, url in _urls(doc):
        if not absolute(url):
            problems.append(f"{key} {url!r} is not an absolute URL")
    if kind in ("Article", "NewsArticle", "BlogPosting"):
        for key in ("datePublished", "dateModified"):
            if key in doc and not _iso_8601(doc[key]):
                problems.append(f"{key} {doc[key]!r} is not ISO 8601 with a time zone")
        images = doc.get("image")
        for image in images if isinstance(images, list) else [images]:
            if isinstance(image, dict):
                if image.get("@type") != "ImageObject":
                    problems.append(f"image {image!r} is not an ImageObject")
                image = image.get("url") or image.get("contentUrl")
            if not isinstance(image, str) or not urlsplit(image).path.lower().endswith(
                    IMAGE_FORMATS):
                problems.append(f"image {image!r} is no URL of a format Google reads")
        authors = doc.get("author")
        for n, author in enumerate(authors if isinstance(authors, list) else [authors]):
            problems += _named(author, f"author[{n}]", need_url=True)
        problems += _named(doc.get("publisher"), "publisher", need_url=False)
    elif kind == "FAQPage":
        for n, question in enumerate(doc.get("mainEntity") or []):
            answer = (question.get("acceptedAnswer") or {}) if isinstance(question, dict) \
                else {}
            html = BeautifulSoup(str(answer.get("text", "")), "html.parser")
            tags = {tag.name for tag in html.find_all(True)} - ANSWER_TAGS
            if tags:
                problems.append(f"mainEntity[{n}] answer has tags Google ignores: {sorted(tags)}")
            for link in html.find_all(href=True):
                if not absolute(link["href"]):
                    problems.append(f"mainEntity[{n}] answer links to {link['href']!r}")
    elif kind == "BreadcrumbList":
        for n, item in enumerate(doc.get("itemListElement") or [], 1):
            target = item.get("item") if isinstance(item, dict) else None
            if isinstance(target, dict):  # a Thing: its @id is the URL
                target = target.get("@id")
            if target is not None and not isinstance(target, str):
                problems.append(f"itemListElement[{n}].item is neither a URL nor a Thing")
    return problems


def _visible_text(soup: BeautifulSoup) -> str:
    body = soup.body
    return " ".join(body.get_text(" ").split()) if body else ""


def faq_visibility_problems(page: Page, doc: dict[str, Any]) -> list[str]:
    """"All FAQ content must be visible to the user on the source page"."""
    text = _visible_text(page.soup)
    problems = []
    for question in doc.get("mainEntity") or []:
        name = " ".join(str(question.get("name", "")).split())
        answer = BeautifulSoup(str(question.get("acceptedAnswer", {}).get("text", "")),
                               "html.parser")
        if name not in text:
            problems.append(f"question {name!r} is not on the page")
        first = next((" ".join(p.get_text(" ").split()) for p in answer.find_all(True)
                      if p.get_text(strip=True)), " ".join(answer.get_text(" ").split()))
        if first[:120] not in text:
            problems.append(f"the answer to {name!r} is not on the page")
    return problems


def test_every_json_ld_block_follows_googles_documented_formats(
        site: dict[str, Page]) -> None:
    problems: list[str] = []
    checked = 0
    for url, page in site.items():
        blocks, broken = json_ld_blocks(page)
        problems += [f"{url}: {problem}" for problem in broken]
        for doc in blocks:
            checked += 1
            problems += [f"{url}: {p}" for p in check_json_ld(doc, url)]
            if isinstance(doc, dict) and doc.get("@type") == "FAQPage":
                problems += [f"{url}: {p}" for p in faq_visibility_problems(page, doc)]
    assert problems == [], "\n".join(problems[:40])
    assert checked >= 70  # stories, interviews, FAQ and their breadcrumbs


def test_each_faq_is_marked_up_once_on_the_site(site: dict[str, Page]) -> None:
    """Google's FAQPage guidelines: "If you have FAQ content that is repeated on your site
    (that is, the same question and answer appear on multiple pages on your site), mark up
    only one instance of that FAQ for your entire site.\""""
    marked: dict[str, list[str]] = defaultdict(list)
    for url, page in site.items():
        for doc in json_ld_blocks(page)[0]:
            if isinstance(doc, dict) and doc.get("@type") == "FAQPage":
                for question in doc.get("mainEntity") or []:
                    marked[str(question.get("name"))].append(url.removeprefix(SITEURL))
    assert marked, "no FAQPage anywhere"
    repeated = [f"{name!r} on {urls}" for name, urls in marked.items() if len(urls) > 1]
    assert repeated == [], f"{len(repeated)} questions marked up more than once:\n" + \
        "\n".join(repeated[:10])


def test_the_json_ld_checker_finds_what_it_checks() -> None:
    url = f"{SITEURL}/stories/a/"
    org = {"@type": "Organization", "name": "R", "url": f"{SITEURL}/"}
    good = {"@context": "https://schema.org", "@type": "Article", "headline": "A",
            "image": [f"{SITEURL}/media/a.jpg", {"@type": "ImageObject",
                                                "url": f"{SITEURL}/media/b.png"}],
            "datePublished": "2026-01-02", "dateModified": "2026-01-03T10:00:00+09:00",
            "mainEntityOfPage": {"@type": "WebPage", "@id": url}, "author": [org],
            "publisher": org}
    assert check_json_ld(good, url) == []
    for key, value in (("@context", "http://schema.org"), ("@type", "Thing"),
                       ("image", ["/media/a.jpg"]), ("image", "https://x.example/a.tiff"),
                       ("image", {"@type": "Photo", "url": f"{SITEURL}/a.png"}),
                       ("datePublished", "2026/01/02"),
                       ("dateModified", "2026-01-03T10:00:00"),
                       ("author", {"@type": "Person", "name": "Dana Reyes, COO",
                                   "url": f"{SITEURL}/"}),
                       ("author", {"@type": "Organization", "name": "R"}),
                       ("author", "R"), ("publisher", {"@type": "Organization"}),
                       ("mainEntityOfPage", {"@type": "WebPage", "@id": "/stories/a/"})):
        assert check_json_ld({**good, key: value}, url), (key, value)
    faq = {"@context": "https://schema.org", "@type": "FAQPage", "mainEntity": [
        {"@type": "Question", "name": "Q?", "acceptedAnswer": {
            "@type": "Answer", "text": '<p>A <a href="https://x.example/">b</a></p>'}}]}
    assert check_json_ld(faq, url) == []
    for text in ("<table><tr><td>A</td></tr></table>", '<p><a href="/faq/">b</a></p>'):
        answer = {"@type": "Answer", "text": text}
        assert check_json_ld({**faq, "mainEntity": [
            {**faq["mainEntity"][0], "acceptedAnswer": answer}]}, url), text
    crumbs = {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": [
        {"@type": "ListItem", "position": 1, "name": "Home", "item": {"@id": f"{SITEURL}/"}},
        {"@type": "ListItem", "position": 2, "name": "A"}]}
    assert check_json_ld(crumbs, url) == []
    assert check_json_ld({**crumbs, "itemListElement": [
        {"@type": "ListItem", "position": 1, "name": "Home", "item": "/"}]}, url)
    page = Page(url, Path("a"), BeautifulSoup(
        "<html><body><h1>Q?</h1><p>A b</p></body></html>", "lxml"))
    assert faq_visibility_problems(page, faq) == []
    hidden = Page(url, Path("a"), BeautifulSoup("<html><body><h1>Q?</h1></body></html>",
                                                "lxml"))
    assert faq_visibility_problems(hidden, faq)


# 2. Atom feeds -----------------------------------------------------------------------

RFC_3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")
TAG_URI = re.compile(r"tag:[a-z0-9.-]+,\d{4}(-\d{2}(-\d{2})?)?:\S+", re.IGNORECASE)
RISKY_TAGS = {"script", "iframe", "object", "embed", "applet", "frame", "frameset",
              "meta", "link", "style", "form", "base"}


def _date_problems(element: ET.Element, what: str) -> list[str]:
    problems = []
    for name in ("updated", "published"):
        value = element.findtext(f"{ATOM}{name}")
        if value is None:
            if name == "updated":
                problems.append(f"{what} has no updated")
            continue
        if not RFC_3339.fullmatch(value):
            problems.append(f"{what} {name} {value!r} is not RFC 3339")
            continue
        try:
            dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            problems.append(f"{what} {name} {value!r} is no date")
    return problems


def _iri(value: str | None) -> bool:
    return bool(value) and (absolute(value) or bool(TAG_URI.fullmatch(value or ""))
                            or bool(re.fullmatch(r"urn:[a-z0-9][a-z0-9-]{0,31}:\S+",
                                                 value or "", re.IGNORECASE)))


def _text_construct_problems(element: ET.Element, what: str) -> list[str]:
    kind = element.get("type", "text")
    if kind not in ("text", "html", "xhtml"):
        return [f"{what} type {kind!r}"]
    if kind == "xhtml":
        children = list(element)
        return [] if len(children) == 1 and children[0].tag == f"{XHTML}div" else [
            f"{what} of type xhtml is not one xhtml:div"]
    text = element.text or ""
    if kind == "text":
        return [f"{what} of type text contains HTML"] if re.search(
            r"</?[a-zA-Z][^>]*>", text) else []
    problems = []
    html = BeautifulSoup(text, "html.parser")
    for tag in html.find_all(True):
        if tag.name in RISKY_TAGS:
            problems.append(f"{what} contains <{tag.name}> (SecurityRisk)")
        for attribute, value in tag.attrs.items():
            if attribute.lower().startswith("on"):
                problems.append(f"{what} <{tag.name} {attribute}> (SecurityRiskAttr)")
            if attribute in ("href", "src", "poster", "cite") and not absolute(value) \
                    and not str(value).startswith(("mailto:", "#")):
                problems.append(f"{what} <{tag.name} {attribute}={value!r}> (ContainsRelRef)")
            if attribute == "srcset":
                for candidate in str(value).split(","):
                    if candidate.strip() and not absolute(candidate.split()[0]):
                        problems.append(f"{what} <{tag.name} srcset> (ContainsRelRef)")
    return problems


def _alternates(element: ET.Element) -> list[str]:
    return [link.get("href", "") for link in element.findall(f"{ATOM}link")
            if link.get("rel", "alternate") == "alternate"]


def feed_problems(data: bytes, feed_url: str, lang: str,
                  output: Path | None = None) -> list[str]:
    """The W3C feed validator's offline rules for one Atom feed (test_seo's
    feed_problems checks unique ids and updated, and published before updated)."""
    try:
        feed = ET.fromstring(data)
    except ET.ParseError as error:
        return [f"not well-formed: {error}"]
    if feed.tag != f"{ATOM}feed":
        return [f"root element {feed.tag}"]
    problems = []
    if feed.get(XML_LANG) != lang:
        problems.append(f"xml:lang {feed.get(XML_LANG)!r}, not {lang!r}")
    if not _iri(feed.findtext(f"{ATOM}id")):
        problems.append(f"feed id {feed.findtext(f'{ATOM}id')!r} is no IRI")
    title = feed.find(f"{ATOM}title")
    if title is None or not (title.text or "").strip():
        problems.append("feed has no title")
    else:
        problems += _text_construct_problems(title, "feed title")
    problems += _date_problems(feed, "feed")
    selves = [link for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"]
    if [link.get("href") for link in selves] != [feed_url]:
        problems.append(f"self links {[link.get('href') for link in selves]}, not {feed_url}")
    elif selves[0].get("type", "application/atom+xml") != "application/atom+xml":
        problems.append(f"self link type {selves[0].get('type')!r}")
    for href in _alternates(feed):
        if not absolute(href) or (output is not None and not published(output, href)):
            problems.append(f"feed alternate {href!r} is not a published page")
    feed_author = any((a.findtext(f"{ATOM}name") or "").strip()
                      for a in feed.findall(f"{ATOM}author"))
    for n, entry in enumerate(feed.findall(f"{ATOM}entry")):
        what = f"entry {n}"
        if not _iri(entry.findtext(f"{ATOM}id")):
            problems.append(f"{what} id {entry.findtext(f'{ATOM}id')!r} is no IRI")
        title = entry.find(f"{ATOM}title")
        if title is None or not (title.text or "").strip():
            problems.append(f"{what} has no title")
        else:
            problems += _text_construct_problems(title, f"{what} title")
        problems += _date_problems(entry, what)
        links = _alternates(entry)
        if len(links) != 1:
            problems.append(f"{what} has {len(links)} alternate links")
        for href in links:
            if not absolute(href):
                problems.append(f"{what} alternate {href!r} is not absolute")
            elif output is not None and not published(output, href):
                problems.append(f"{what} alternate {href} is not published")
        if not feed_author and not any((a.findtext(f"{ATOM}name") or "").strip()
                                       for a in entry.findall(f"{ATOM}author")):
            problems.append(f"{what} has no author, nor has the feed")
        content = entry.find(f"{ATOM}content")
        summary = entry.find(f"{ATOM}summary")
        if content is None and summary is None and not links:
            problems.append(f"{what} has no content, summary or alternate link")
        if content is not None and content.get("src") and summary is None:
            problems.append(f"{what} has content by reference and no summary")
        for name, element in (("content", content), ("summary", summary)):
            if element is not None and not element.get("src"):
                problems += _text_construct_problems(element, f"{what} {name}")
    return problems


def test_feeds_pass_the_feed_validators_offline_rules(publish_output: Path,
                                                      site: dict[str, Page]) -> None:
    feeds = sorted(publish_output.rglob("*.atom.xml"))
    assert len(feeds) > 20
    problems = []
    ids: dict[str, set[str]] = defaultdict(set)  # id: entry links
    links: dict[str, set[str]] = defaultdict(set)  # entry link: ids
    for feed in feeds:
        relative = feed.relative_to(publish_output).as_posix()
        url = f"{SITEURL}/{relative}"
        lang = "ja" if relative.startswith("ja/") else "en"
        problems += [f"{relative}: {p}" for p in
                     feed_problems(feed.read_bytes(), url, lang, publish_output)]
        for entry in ET.parse(feed).getroot().findall(f"{ATOM}entry"):
            entry_id = entry.findtext(f"{ATOM}id") or ""
            for href in _alternates(entry):
                ids[entry_id].add(href)
                links[href].add(entry_id)
                if href in site and site[href].lang != lang:
                    problems.append(f"{relative}: {href} is in {site[href].lang!r}")
    # an entry keeps its id in every feed, and no two entries share one
    problems += [f"id {key} names {sorted(v)}" for key, v in ids.items() if len(v) > 1]
    problems += [f"{key} has ids {sorted(v)}" for key, v in links.items() if len(v) > 1]
    assert problems == [], "\n".join(problems[:40])


def test_the_feed_checker_finds_what_it_checks(publish_output: Path) -> None:
    good = (publish_output / "feeds/all.atom.xml").read_bytes()
    url = f"{SITEURL}/feeds/all.atom.xml"
    assert feed_problems(good, url, "en", publish_output) == []
    entry_link = re.search(rb'<entry><title>[^<]*</title><link href="([^"]+)"', good)
    assert entry_link
    for old, new in ((b'xml:lang="en"', b'xml:lang="ja"'),
                     (b'rel="self"', b'rel="related"'),
                     (b"+09:00</updated>", b"</updated>"),
                     (b"T00:00:00+09:00</published>", b"</published>"),
                     (b"<id>tag:", b"<id>"),
                     (b'<summary type="html">', b'<summary type="markdown">'),
                     (entry_link.group(1), entry_link.group(1) + b"missing/"),
                     (entry_link.group(1), entry_link.group(1).removeprefix(SITEURL.encode())),
                     (b"&lt;p&gt;", b'&lt;p&gt;&lt;a href="/stories/"&gt;x&lt;/a&gt;'),
                     (b"&lt;p&gt;", b"&lt;script&gt;alert(1)&lt;/script&gt;&lt;p&gt;")):
        broken = good.replace(old, new, 1)
        assert broken != good, old
        assert feed_problems(broken, url, "en", publish_output), old
    anonymous = good.replace(b"<author>", b"<contributor>").replace(b"</author>",
                                                                   b"</contributor>")
    assert any("author" in p for p in feed_problems(anonymous, url, "en"))


# 3. sitemap.xml and hreflang ---------------------------------------------------------

LANGUAGE_TAG = re.compile(r"x-default|[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|\d{3}))?")


def sitemap_entries(output: Path) -> tuple[dict[str, dict[str, str]], list[str]]:
    """{loc: {hreflang: href}} of sitemap.xml, and what is wrong with its markup."""
    root = ET.parse(output / "sitemap.xml").getroot()
    entries, problems = {}, []
    for url in root.findall(f"{SITEMAP}url"):
        loc = url.findtext(f"{SITEMAP}loc") or ""
        alternates = {}
        for link in url.findall(f"{XHTML}link"):
            if link.get("rel") != "alternate":
                problems.append(f"{loc}: xhtml:link rel={link.get('rel')!r}")
            code, href = link.get("hreflang") or "", link.get("href") or ""
            if not LANGUAGE_TAG.fullmatch(code):
                problems.append(f"{loc}: hreflang {code!r}")
            if code in alternates:
                problems.append(f"{loc}: hreflang {code} listed twice")
            alternates[code] = href
        if loc in entries:
            problems.append(f"{loc} listed twice")
        entries[loc] = alternates
    return entries, problems


def hreflang_set_problems(url: str, links: dict[str, str], known: dict[str, dict[str, str]],
                          site: dict[str, Page]) -> list[str]:
    """One page's alternates: absolute, itself among them, x-default, each version in its
    own language and listing the same set (return links)."""
    if not links:
        return []
    problems = []
    if url not in links.values() or "x-default" not in links:
        problems.append(f"{url}: itself or x-default missing from {links}")
    for code, href in links.items():
        if not absolute(href) or href not in site:
            problems.append(f"{url}: {code} {href} is no page of the site")
            continue
        if code != "x-default" and site[href].lang != code:
            problems.append(f"{url}: {href} is {site[href].lang!r}, not {code!r}")
        if known.get(href) != links:
            problems.append(f"{url}: {href} does not list the same alternates")
    return problems


def test_sitemap_and_page_hreflang_agree_both_ways(publish_output: Path,
                                                  site: dict[str, Page]) -> None:
    entries, problems = sitemap_entries(publish_output)
    heads = {url: page.hreflangs for url, page in site.items()}
    for loc, alternates in entries.items():
        page = site.get(loc)
        if page is None:
            problems.append(f"{loc}: in the sitemap, no page")
            continue
        canonical = page.soup.head.find("link", rel="canonical")
        if canonical is None or canonical["href"] != loc:
            problems.append(f"{loc}: canonical {canonical and canonical['href']}")
        if page.noindex:
            problems.append(f"{loc}: in the sitemap but noindex")
        if alternates != heads[loc]:
            problems.append(f"{loc}: sitemap {alternates} != page {heads[loc]}")
        problems += hreflang_set_problems(loc, alternates, entries, site)
    for url, links in heads.items():
        if links and url not in entries:  # noindex pages too: they must have none
            problems.append(f"{url}: hreflang links but not in the sitemap")
        problems += hreflang_set_problems(url, links, heads, site)
        if links and any(site[h].noindex for h in links.values() if h in site):
            problems.append(f"{url}: an alternate is noindex")
    assert problems == [], "\n".join(problems[:40])
    assert sum(1 for links in entries.values() if "x-default" in links) > 80


def test_the_hreflang_checker_finds_what_it_checks(site: dict[str, Page]) -> None:
    en, ja = f"{SITEURL}/about/", f"{SITEURL}/ja/about/"
    good = {"en": en, "ja": ja, "x-default": en}
    known = {en: good, ja: good}
    assert hreflang_set_problems(en, good, known, site) == []
    for broken in ({"en": en, "ja": ja}, {"en": ja, "ja": en, "x-default": en},
                   {**good, "ja": "/ja/about/"}, {**good, "ja": f"{SITEURL}/ja/nowhere/"}):
        assert hreflang_set_problems(en, broken, {en: broken, ja: broken}, site), broken
    assert hreflang_set_problems(en, good, {en: good, ja: {"ja": ja}}, site)
