"""Pelican's writer, keeping the HTML of the pages it writes for the search index.

Pages are handed to Pagefind from memory as they are rendered, instead of
being read back from output/ afterwards. Only pages that ask to be indexed
(``data-pagefind-body``) are kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pelican.writers import Writer

INDEXED_MARK = "data-pagefind-body"
# Context key: callables (html) -> html that plugins register, applied to every page.
TRANSFORMS_KEY = "casebook_html_transforms"


@dataclass(frozen=True)
class RenderedPage:
    save_as: str  # path under output/
    url: str  # site path, e.g. /stories/acme/
    html: str


class _RecordingTemplate:
    """Stands in for a Jinja template: renders, and remembers what it rendered."""

    def __init__(self, template: Any, writer: CasebookWriter, name: str) -> None:
        self.template = template
        self.writer = writer
        self.name = name

    def render(self, context: dict[str, Any]) -> str:
        html: str = self.template.render(context)
        for transform in context.get(TRANSFORMS_KEY, ()):
            html = transform(html)
        if INDEXED_MARK in html:
            url = "/" + self.name.removesuffix("index.html")
            self.writer.rendered.append(RenderedPage(self.name, url, html))
        return html

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self.template, attribute)


class CasebookWriter(Writer):  # type: ignore[misc]
    def __init__(self, output_path: str, settings: dict[str, Any] | None = None) -> None:
        super().__init__(output_path, settings)
        self.rendered: list[RenderedPage] = []

    def write_file(self, name: str, template: Any, context: dict[str, Any], *args: Any,
                   **kwargs: Any) -> Any:
        return super().write_file(name, _RecordingTemplate(template, self, name), context,
                                  *args, **kwargs)
