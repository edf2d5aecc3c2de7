"""Markdown bodies to safe HTML: Python-Markdown, then an nh3 allow-list.

Bodies carry customer-submitted text, so whatever raw HTML they contain is
cleaned: no scripts, no event handlers, no ``javascript:``/``data:`` URLs, no
iframes. Local image references are rewritten to their published URLs.
"""

from __future__ import annotations

import re
import threading
from html import escape as html_escape

import markdown
import nh3

from casebook.content.source import INVISIBLE
from casebook.markdown.blocks import GuardedBlocksExtension
from casebook.markdown.inline import TriggeredInlineExtension

MARKDOWN_EXTENSIONS = ["extra", "toc", "sane_lists"]
MARKDOWN_CONFIG = {"toc": {"permalink": False}}
# The page title is the only h1; a "# Heading" in a body becomes an h2.
H1_RE = re.compile(r"<(/?)h1\b", re.IGNORECASE)

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details",
    "div", "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong",
    "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"id", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
ALIGN_CLASSES = {"align-left", "align-right", "align-center"}
ALLOWED_CLASSES = {
    "div": {"footnote"},
    "sup": {"footnote-ref"},
    "a": {"footnote-ref", "footnote-backref"},
    "td": ALIGN_CLASSES,
    "th": ALIGN_CLASSES,
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Tags removed together with everything inside them.
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript"}

def new_markdown() -> markdown.Markdown:
    """The same HTML as with MARKDOWN_EXTENSIONS alone, in less time (casebook.markdown.inline and
    casebook.markdown.blocks: steps are not run on text they cannot match)."""
    return markdown.Markdown(
        extensions=[*MARKDOWN_EXTENSIONS, TriggeredInlineExtension(), GuardedBlocksExtension()],
        extension_configs=MARKDOWN_CONFIG)


# A Markdown instance keeps the state of the text it converts: each thread has its
# own (``casebook serve`` renders an edited story in one thread while it builds in
# another).
_local = threading.local()


def converter() -> markdown.Markdown:
    """This thread's Markdown converter."""
    converter: markdown.Markdown | None = getattr(_local, "markdown", None)
    if converter is None:
        converter = _local.markdown = new_markdown()
    return converter


def markdown_to_html(text: str) -> str:
    """Python-Markdown with the site's extensions (headings start at h2).

    ``casebook.content.bodies`` refuses the input known to overflow
    Python-Markdown's recursion or to take it minutes; should anything else make
    it fail, the text is published as plain paragraphs rather than failing the
    build."""
    markdown = converter()
    markdown.reset()
    try:
        html = markdown.convert(text)
    except (RecursionError, ValueError, IndexError, KeyError, AttributeError, TypeError):
        _local.markdown = None  # its state is unknown after a failure
        return plain_paragraphs(text)
    return H1_RE.sub(r"<\1h2", html)


def plain_paragraphs(text: str) -> str:
    return "".join(f"<p>{html_escape(block.strip())}</p>\n"
                   for block in text.split("\n\n") if block.strip())


# A paragraph holding only an image with a title becomes a figure with a caption:
# ![Dispatchers at the morning meeting](team.jpg "The 7:30 stand-up in Osaka")
FIGURE_RE = re.compile(r'<p>\s*(<img\b[^>]*?\btitle="([^"]*)"[^>]*>)\s*</p>')
IMG_SRC_RE = re.compile(r'<img ([^>]*?)src="([^"]+)"([^>]*)>')


def figures(html: str) -> str:
    return FIGURE_RE.sub(r"<figure>\1<figcaption>\2</figcaption></figure>", html)


# A Markdown table's column alignment, as Python-Markdown writes it. Customer HTML
# carries no CSS at all (no style attribute survives sanitising); the alignment
# becomes a class, which the site's own stylesheet (and its CSP) allows.
ALIGNED_CELL_RE = re.compile(r'<(td|th) style="text-align: (left|right|center);">')


def alignment_classes(html: str) -> str:
    return ALIGNED_CELL_RE.sub(r'<\1 class="align-\2">', html)


def size_images(html: str, sizes: dict[str, tuple[int, int]]) -> str:
    """Width and height (no layout shift), lazy loading and async decoding for our images."""
    def add(match: re.Match[str]) -> str:
        before, src, after = match.groups()
        width, height = sizes.get(src, (0, 0))
        extra = f' width="{width}" height="{height}"' if width else ""
        return f'<img {before}src="{src}"{after}{extra} loading="lazy" decoding="async">'
    return IMG_SRC_RE.sub(add, html)


def sanitize(html: str, image_urls: dict[str, str] | None = None) -> str:
    """Clean HTML to the allow-list; map local image references to published URLs.
    Control characters a character reference made (``&#1;``) are dropped: feeds and
    sitemaps are XML, which cannot hold them."""
    urls = image_urls or {}

    def rewrite(tag: str, attribute: str, value: str) -> str | None:
        if tag == "img" and attribute == "src":
            return urls.get(value)  # unknown local images are dropped, never hot-linked
        return value

    return INVISIBLE.sub("", nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=rewrite,
        url_schemes=URL_SCHEMES,
        allowed_classes=ALLOWED_CLASSES,
        link_rel="noopener noreferrer",
    ))


def render_markdown(text: str, image_urls: dict[str, str],
                    image_sizes: dict[str, tuple[int, int]]) -> str:
    """Markdown to sanitized HTML, local images mapped to their URLs and sized.

    Builds go through ``rendercache``, which keys its cache on these inputs."""
    html = alignment_classes(figures(markdown_to_html(text)))
    return size_images(sanitize(html, image_urls), image_sizes)
