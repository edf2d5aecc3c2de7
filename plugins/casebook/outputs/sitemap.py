"""sitemap.xml with lastmod and hreflang alternates, built with ElementTree.

One rule for hreflang, here and in ``theme/templates/partials/alternates.html``:
a page that exists in more than one language lists every version (its own
included) and ``x-default``, which points to the version in the site's own
language (``DEFAULT_LANG``), or, where that language has none, to the version
in the first of ``CASEBOOK_LANGUAGES`` that has one. A page that exists in one
language only lists nothing: no lone self-reference.

The versions are not worked out again here: each page is recorded with the
versions its generator gave the template (``alternates``; an item's
translations where a generator gives none), so the sitemap and the page's
head cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
X_DEFAULT = "x-default"


@dataclass(frozen=True)
class SitemapPage:
    """A page written, as the sitemap needs to know it."""

    path: str  # under the output folder
    lang: str
    lastmod: dt.date | None
    # The page's versions (its own included), (language, path under the site root),
    # as its head lists them; empty or one version: no hreflang.
    versions: tuple[tuple[str, str], ...] = ()


@dataclass
class SitemapEntry:
    url: str
    lastmod: dt.date | None = None
    alternates: dict[str, str] = field(default_factory=dict)  # hreflang -> absolute URL


def hreflang_links(versions: Mapping[str, str], default_lang: str,
                   languages: tuple[str, ...] = ()) -> dict[str, str]:
    """``{hreflang: path}`` for a page's versions ``{lang: path}``: every version and
    ``x-default``, or nothing when the page has no version in another language."""
    if len(versions) < 2:
        return {}
    links = {lang: versions[lang] for lang in sorted(versions)}
    fallback = default_lang if default_lang in versions else next(
        lang for lang in (*languages, *sorted(versions)) if lang in versions)
    links[X_DEFAULT] = versions[fallback]
    return links


def sitemap_xml(entries: list[SitemapEntry]) -> bytes:
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    root = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for entry in sorted(entries, key=lambda e: e.url):
        url = ET.SubElement(root, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = entry.url
        if entry.lastmod:
            ET.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = entry.lastmod.isoformat()
        for lang, href in entry.alternates.items():  # languages sorted, x-default last
            ET.SubElement(url, f"{{{XHTML_NS}}}link",
                          {"rel": "alternate", "hreflang": lang, "href": href})
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


def sitemap_entries(pages: list[SitemapPage], siteurl: str, languages: tuple[str, ...],
                    default_lang: str) -> list[SitemapEntry]:
    """An entry per page (but 404.html), with the hreflang alternates its head lists."""
    entries: list[SitemapEntry] = []
    for page in pages:
        if page.path == "404.html":
            continue
        links = hreflang_links(dict(page.versions), default_lang, languages)
        entries.append(SitemapEntry(
            f"{siteurl}/{page.path.removesuffix('index.html')}", page.lastmod,
            {lang: f"{siteurl}/{path}" for lang, path in links.items()}))
    return entries
