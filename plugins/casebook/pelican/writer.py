"""Pelican's writer, with every page changed in one place before it is written.

The build's transforms (responsive pictures) apply to every page, and each
page that asks to be indexed (``data-pagefind-body``) goes to the build's
listeners (the search feeder) the moment it is rendered: indexing runs
beside rendering instead of reading output/ back afterwards.
"""

from __future__ import annotations

from typing import Any

from pelican.writers import Writer

from casebook.pelican.contents import build_of
from casebook.search.index import INDEXED_MARK
from casebook.search.stream import RenderedPage


class _RenderedTemplate:
    """Stands in for a Jinja template: renders, transforms, and tells the listeners."""

    def __init__(self, template: Any, name: str, settings: dict[str, Any]) -> None:
        self.template = template
        self.name = name
        self.build = build_of(settings)

    def render(self, context: dict[str, Any]) -> str:
        html: str = self.template.render(context)
        for transform in self.build.transforms:
            html = transform(html)
        if self.build.listeners and INDEXED_MARK in html:
            url = "/" + self.name.removesuffix("index.html")
            self.build.page_rendered(RenderedPage(self.name, url, html))
        return html

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self.template, attribute)


class CasebookWriter(Writer):  # type: ignore[misc]
    def write_file(self, name: str, template: Any, context: dict[str, Any], *args: Any,
                   **kwargs: Any) -> Any:
        return super().write_file(name, _RenderedTemplate(template, name, self.settings),
                                  context, *args, **kwargs)
