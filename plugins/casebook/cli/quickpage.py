"""The edited page first: in `casebook serve`, a body edit is on screen at once.

A full preview build of a 1,000-story site takes seconds (every listing,
related link and the search index). Most saves while writing a story change
only its body, and only the story's own page shows the body. So the server
keeps the last build, and when a story's front matter is unchanged it writes
that one page again with the new body (a few milliseconds), the same way the
build writes it, then runs the full build as usual. Anything else (front
matter, a new image, a new file, the theme) waits for the full build.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from casebook.build import Build
from casebook.content.model import Item
from casebook.content.schema import parse_file
from casebook.content.site import rules_for

# Fields that are the body, not front matter.
BODY_FIELDS = {"body", "answers", "body_on_disk"}


def same_front_matter(old: Item, new: Item) -> bool:
    if type(old) is not type(new):
        return False
    return all(getattr(old, f.name) == getattr(new, f.name)
               for f in dataclasses.fields(old) if f.name not in BODY_FIELDS)


def refresh_story_page(build: Build, path: Path) -> str | None:
    """Rewrite an edited story's page if only its body changed; return the file written."""
    site = build.site
    try:
        source = path.resolve().relative_to(site.settings.root).as_posix()
    except ValueError:
        return None
    old = site.by_source().get(source)
    if old is None or build.rewrite_story is None or not path.is_file():
        return None
    item, problems = parse_file(path.resolve(), rules_for(site.settings, site.vocabularies))
    if item is None or any(p.level == "error" for p in problems):
        return None  # the full build prints the errors
    if not same_front_matter(old, item):
        return None
    return build.rewrite_story(item)
