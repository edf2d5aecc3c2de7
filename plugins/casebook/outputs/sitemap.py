"""sitemap.xml with lastmod and hreflang alternates, built with ElementTree."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


@dataclass(frozen=True)
class SitemapPage:
    """A page written, as the sitemap needs to know it."""

    path: str  # under the output folder
    lang: str
    lastmod: dt.date | None
    key: str | None  # the same for every language version of one item


@dataclass
class SitemapEntry:
    url: str
    lastmod: dt.date | None = None
    alternates: dict[str, str] = field(default_factory=dict)  # lang -> absolute URL


def sitemap_xml(entries: list[SitemapEntry]) -> bytes:
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    root = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for entry in sorted(entries, key=lambda e: e.url):
        url = ET.SubElement(root, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = entry.url
        if entry.lastmod:
            ET.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = entry.lastmod.isoformat()
        for lang, href in sorted(entry.alternates.items()):
            ET.SubElement(url, f"{{{XHTML_NS}}}link",
                          {"rel": "alternate", "hreflang": lang, "href": href})
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


def sitemap_entries(pages: list[SitemapPage], siteurl: str, languages: tuple[str, ...],
                    default_lang: str) -> list[SitemapEntry]:
    """An entry per page (but 404.html), each with its language versions as alternates."""
    entries: list[SitemapEntry] = []
    groups: dict[str, dict[str, str]] = defaultdict(dict)
    for page in pages:
        if page.path == "404.html":
            continue
        url = f"{siteurl}/{page.path.removesuffix('index.html')}"
        key = page.key or "path:" + _without_lang(page.path, languages, default_lang)
        groups[key][page.lang] = url
        entries.append(SitemapEntry(url, page.lastmod))
        entries[-1].alternates = groups[key]  # shared dict: filled as siblings arrive
    for entry in entries:
        if len(entry.alternates) < 2:
            entry.alternates = {}
    return entries


def _without_lang(relative: str, languages: tuple[str, ...], default: str) -> str:
    first, _, rest = relative.partition("/")
    return rest if first in languages and first != default and rest else relative
