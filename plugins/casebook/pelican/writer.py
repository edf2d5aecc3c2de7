"""Pelican's writer, handing each page it renders to whoever listens (the search index).

Pages reach Pagefind from memory the moment they are rendered, so indexing
runs beside rendering instead of reading output/ back afterwards. Only pages
that ask to be indexed (``data-pagefind-body``) are handed on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pelican.writers import Writer

from casebook.search.index import INDEXED_MARK

# Context key: callables (html) -> html that plugins register, applied to every page.
TRANSFORMS_KEY = "casebook_html_transforms"
# Context key: callables (RenderedPage) -> None called with every indexed page.
LISTENERS_KEY = "casebook_page_listeners"
PageListener = Callable[["RenderedPage"], None]


@dataclass(frozen=True)
class RenderedPage:
    save_as: str  # path under output/
    url: str  # site path, e.g. /stories/acme/
    html: str


class _RecordingTemplate:
    """Stands in for a Jinja template: renders, transforms, and tells the listeners."""

    def __init__(self, template: Any, name: str) -> None:
        self.template = template
        self.name = name

    def render(self, context: dict[str, Any]) -> str:
        html: str = self.template.render(context)
        for transform in context.get(TRANSFORMS_KEY, ()):
            html = transform(html)
        listeners: list[PageListener] = context.get(LISTENERS_KEY, [])
        if listeners and INDEXED_MARK in html:
            page = RenderedPage(self.name, "/" + self.name.removesuffix("index.html"), html)
            for listener in listeners:
                listener(page)
        return html

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self.template, attribute)


class CasebookWriter(Writer):  # type: ignore[misc]
    def write_file(self, name: str, template: Any, context: dict[str, Any], *args: Any,
                   **kwargs: Any) -> Any:
        return super().write_file(name, _RecordingTemplate(template, name), context,
                                  *args, **kwargs)
