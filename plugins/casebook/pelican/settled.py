"""Content objects once everything is read: URLs worked out once, bodies left on disk.

Pelican formats an item's URL and output path from settings on every
access, and the templates ask for an item's URL dozens of times a build
(its page, every listing and related-stories card). Pelican also keeps
every item's rendered HTML in memory from reading to the end of the build,
twice over once a page has asked for it (``get_content`` is memoized): at
10,000 stories that is most of the build's memory, for a string each page
needs once. The render cache already holds that HTML.

So each item's class becomes a same-named subclass (Pelican looks its URL
settings up by class name) that remembers its URL and output path, and
reads its body from the render cache whenever it is asked for it. This
happens the moment Pelican has made the object (``settle_on_read``, on
``content_object_init``). The reader hands Pelican no body at all: the
workers are still rendering while Pelican reads, and a page that shows a
body waits for that item only.
"""

from __future__ import annotations

import functools
from typing import Any

from casebook.content.site import site_of
from casebook.markdown.rendercache import render_cache_of


def settle_on_read(content: Any) -> None:
    """Pelican's ``content_object_init``: a content object, just made."""
    if hasattr(content, "model") and not isinstance(content, Settled):
        settle(content)


def settle(content: Any) -> None:
    content.__class__ = _settled_class(type(content))
    content.__dict__.pop("_content", None)  # read from the render cache when asked for


class Settled:
    """Mixed into an item's class by ``settle``."""

    model: Any
    settings: dict[str, Any]

    @property
    def _content(self) -> str:
        kept: str | None = self.__dict__.get("_content")  # an edit `casebook serve` applied
        if kept is None:
            kept = render_cache_of(self.settings).item_html(
                site_of(self.settings), self.model, self.settings.get("SITEURL", ""))
        return kept

    @_content.setter
    def _content(self, html: str) -> None:
        self.__dict__["_content"] = html

    def get_static_links(self) -> set[str]:
        """Pelican's, asked while it reads, without waiting for the body to be rendered
        when its Markdown cannot link a ``{static}`` or ``{attach}`` file."""
        if not self.model.may_link_files:
            return set()
        links: set[str] = super().get_static_links()  # type: ignore[misc]
        return links

    def get_content(self, siteurl: str) -> str:
        """Pelican's, without keeping the result for the rest of the build."""
        html: str = self._update_content(self._content, siteurl)  # type: ignore[attr-defined]
        return html


_SETTLED: dict[type, type] = {}


def _settled_class(cls: type) -> type:
    if cls not in _SETTLED:
        remembered = {name: functools.cached_property(getattr(cls, name).fget)
                      for name in ("url", "save_as")}
        _SETTLED[cls] = type(cls.__name__, (Settled, cls), remembered)
    return _SETTLED[cls]
