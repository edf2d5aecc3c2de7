"""Story cards for templates, each rendered once per page language."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from markupsafe import Markup

CARD_TEMPLATE = "partials/story_card.html"


def story_cards(env: Environment) -> Callable[..., Markup]:
    """``story_card(story)`` for templates: the card rendered once per story and page
    language, then reused. A story is a card on several pages (three related-stories
    sections, its term listings), and a card shows only its front matter. One
    environment serves one build, so an edited card template is picked up."""
    cards: dict[tuple[str, str], Markup] = {}

    @pass_context
    def story_card(context: Context, story: Any) -> Markup:
        key = (story.model.source, context.get("page_lang", ""))
        card = cards.get(key)
        if card is None:
            rendered = env.get_template(CARD_TEMPLATE).render({**context.get_all(), "story": story})
            card = cards[key] = Markup(rendered)
        return card

    return story_card
