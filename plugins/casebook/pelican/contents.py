"""Casebook's content classes, handed to Pelican as ``content_class``.

Pelican derives a content object's address from settings named after its
class, so ``Story`` is published at ``STORY_URL``, ``Interview`` at
``INTERVIEW_URL``, ``Faq`` at ``FAQ_URL`` and ``Page`` at ``PAGE_URL`` (each
with its ``*_LANG_*`` form outside the default language).

Each object carries its typed item as ``model`` and reads its body from the
build's render cache whenever a page asks for it, so the build never holds
every story's HTML (Pelican would keep each one for the rest of the build).
Its address is worked out once: the templates ask for it dozens of times.
Casebook bodies hold no Pelican link syntax (``{static}``, ``{filename}``:
``casebook check`` refuses it), so the HTML is used as rendered.
"""

from __future__ import annotations

import functools
import os
from typing import TYPE_CHECKING, Any

from pelican import contents

if TYPE_CHECKING:
    from pathlib import Path

    from casebook.build import Build
    from casebook.content import model

BUILD = "_casebook_build"  # the key through which Pelican's objects reach the build


def build_of(settings: dict[str, Any]) -> Build:
    """The build a Pelican object belongs to (``casebook.pelican.write_pages`` sets it)."""
    found: Build = settings[BUILD]
    return found


def below(path: str, folder: Path) -> str | None:
    """``path`` (absolute and normalised, as Pelican passes paths) relative to ``folder``,
    with forward slashes; None if it is not below it. (Path.relative_to, for every
    file of a 10,000-story site, costs a second.)"""
    prefix = f"{folder}{os.sep}"
    return path[len(prefix):].replace(os.sep, "/") if path.startswith(prefix) else None


class CasebookContent:
    """What Casebook's content classes add to Pelican's."""

    model: model.Item
    settings: dict[str, Any]
    social_card: str | None = None  # the story's card, under the site root

    def get_content(self, siteurl: str) -> str:
        return build_of(self.settings).item_html(self.model)

    def get_static_links(self) -> set[str]:
        return set()  # bodies never link Pelican's {static} or {attach} files

    @functools.cached_property
    def url(self) -> str:
        url: str = self.get_url_setting("url")  # type: ignore[attr-defined]
        return url

    @functools.cached_property
    def save_as(self) -> str:
        save_as: str = self.get_url_setting("save_as")  # type: ignore[attr-defined]
        return save_as


class Story(CasebookContent, contents.Content):
    """A customer story. (Not Pelican's Article, which takes its address from
    ARTICLE_URL whatever its class: a story's comes from STORY_URL.)"""

    mandatory_properties = ("title", "date")
    default_template = "story"


class Interview(Story):
    """An interview: a story told in answers to the six questions."""


class Faq(CasebookContent, contents.Page):
    """One FAQ entry."""

    default_template = "faq"


class Page(CasebookContent, contents.Page):
    """A plain page (about, terms)."""
