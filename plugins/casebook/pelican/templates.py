"""What every template of the theme can use: UI strings, filters, helpers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache, pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from casebook.build import Build, static_urls
from casebook.outputs.fingerprint import CSP
from casebook.outputs.i18n import fill, isodate, load_strings, localdate, plural
from casebook.outputs.pagecache import BodyRead, BodyReads
from casebook.outputs.structured import StructuredData

CARD_TEMPLATE = "partials/story_card.html"


def templates_cache(cache: Path) -> Path:
    folder = cache / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def prepare_environment(env: Environment, build: Build) -> None:
    """UI strings, date filters, the vocabularies and the page helpers, once a generator."""
    config = build.config
    # A build renders its templates once per page, tens of thousands of times;
    # checking each template file's modification time on every include costs
    # seconds. Every build (and every rebuild in `casebook serve`) makes a new
    # environment, so an edited theme is still picked up.
    env.auto_reload = False
    # Each generator has an environment of its own and compiles the templates it uses
    # (base.html in all of them); compiled once into the cache, they are loaded after
    # that (Jinja checks each template's source against what was compiled).
    env.bytecode_cache = FileSystemBytecodeCache(str(templates_cache(config.cache)))
    vocab = build.site.vocabularies
    env.globals.update(
        UI=load_strings(config.theme, config.languages, config.default_lang, config.strings),
        vocab=vocab,
        site_image=build.site.site_image,
        site_logo=build.site.logo,
        # The site's policy in every page too: a host that sends no headers (GitHub
        # Pages) still has it. A <meta> policy cannot carry frame-ancestors, report-uri
        # or sandbox; the site's policy has none of them.
        site_csp=CSP,
        casebook_today=config.today,
        static_url=static_urls(config),
        site_colours=bool(config.colours),  # links css/colours.css after the theme's
        jsonld=StructuredData(config),
        story_card=story_cards(env, build.body_reads),
        taxonomies=build.taxonomies,  # filled in once the content is read
    )
    env.filters.update(
        localdate=localdate,
        isodate=isodate,
        fill=fill,
        plural=plural,
        tone=tone,
        feature_name=lambda term_id, lang: vocab.features[term_id].name(lang),
        industry_name=lambda term_id, lang: vocab.industries[term_id].name(lang),
    )


def tone(term_id: str) -> int:
    """One of six tile colours for an industry, the same on every page and build."""
    return sum(term_id.encode()) % 6


def story_cards(env: Environment, body_reads: BodyReads) -> Callable[..., Markup]:
    """``story_card(story, level)`` for templates: the card rendered once per story, page
    language and heading level, then reused. A story is a card on several pages (three
    related-stories sections, its term listings), and a card shows only its front
    matter. One environment serves one build, so an edited card template is picked up.
    Should a card ever show a body, each page it is reused on is recorded as reading it
    too (the page cache compares the bodies a page read)."""
    cards: dict[tuple[str, str, int], tuple[Markup, set[BodyRead]]] = {}

    @pass_context
    def story_card(context: Context, story: Any, level: int = 3) -> Markup:
        key = (story.model.source, context.get("page_lang", ""), level)
        card = cards.get(key)
        if card is None:
            with body_reads.recording() as reads:
                rendered = env.get_template(CARD_TEMPLATE).render(
                    {**context.get_all(), "story": story, "card_level": level})
            card = cards[key] = (Markup(rendered), reads)
        else:
            body_reads.replay(card[1])
        return card[0]

    return story_card
