"""The edited page first: in `casebook serve`, a body edit is on screen at once.

A full preview build of a 1,000-story site takes seconds (every listing,
related link and the search index). Most saves while writing a story change
only its body, and only the story's own page shows the body. So the server
keeps the last build's Pelican objects, and when a story's front matter is
unchanged it renders the new body into the existing story object and
rewrites that one page in place (a few milliseconds), then runs the full
build as usual. Anything else (front matter, a new image, a new file, the
theme) waits for the full build.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from casebook.content.model import Item
from casebook.content.schema import parse_file
from casebook.content.site import rules_for, site_of
from casebook.markdown.rendercache import Fragment, render_cache_of
from casebook.pelican.site_plugin import GENERATORS_KEY
from casebook.pelican.writer import LISTENERS_KEY, TRANSFORMS_KEY

# Fields that are the body, not front matter.
BODY_FIELDS = {"body", "answers", "body_on_disk", "may_link_files"}


@dataclass
class Session:
    """What one finished preview build left in memory."""

    settings: dict[str, Any]
    output: Path

    @property
    def articles(self) -> Any:
        generators = self.settings.get(GENERATORS_KEY, [])
        return next((g for g in generators if hasattr(g, "articles")), None)

    def story(self, source: str) -> Any:
        """The story or interview object of a content file (drafts included in preview)."""
        generator = self.articles
        if generator is None:
            return None
        every = (*generator.articles, *generator.translations, *generator.drafts,
                 *generator.drafts_translations, *generator.hidden_articles,
                 *generator.hidden_translations)
        return next((a for a in every if getattr(a, "model", None) is not None
                     and a.model.source == source), None)


def same_front_matter(old: Item, new: Item) -> bool:
    if type(old) is not type(new):
        return False
    return all(getattr(old, f.name) == getattr(new, f.name)
               for f in dataclasses.fields(old) if f.name not in BODY_FIELDS)


def refresh_story_page(session: Session, path: Path) -> str | None:
    """Rewrite an edited story's page if only its body changed; return the file written."""
    site = site_of(session.settings)
    try:
        source = path.resolve().relative_to(site.settings.root).as_posix()
    except ValueError:
        return None
    story = session.story(source)
    if story is None or not path.is_file():
        return None
    item, problems = parse_file(path.resolve(), rules_for(site.settings, site.vocabularies))
    if item is None or any(p.level == "error" for p in problems):
        return None  # the full build prints the errors
    if not same_front_matter(story.model, item):
        return None
    siteurl = session.settings.get("SITEURL", "")
    story._content = render_cache_of(session.settings).html(Fragment.of(item.body, item, siteurl))
    story.model = item
    write_page(session, story)
    return str(story.save_as)


def write_page(session: Session, story: Any) -> None:
    """Render the story's template as Pelican's writer would, and replace the file."""
    generator = session.articles
    context = {k: v for k, v in generator.context.items() if k != LISTENERS_KEY}
    context.update(article=story, category=getattr(story, "category", None), url=story.url,
                   blog=True, output_file=story.save_as,
                   localsiteurl=context.get("localsiteurl"))
    html: str = generator.get_template(story.template).render(context)
    for transform in context.get(TRANSFORMS_KEY, ()):
        html = transform(html)
    target = session.output / story.save_as
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}")
    temporary.write_text(html, encoding="utf-8")
    temporary.replace(target)
