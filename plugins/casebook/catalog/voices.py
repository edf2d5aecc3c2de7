"""Gathering the answers of all interviews, question by question."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from casebook.catalog.terms import LocalizedWrapper
from casebook.content.interview import QUESTIONS, Answer
from casebook.content.model import Interview
from casebook.content.site import site_of
from casebook.markdown.rendercache import render_cache_of


@dataclass
class Voice:
    """One customer's answer, rendered, with the interview it comes from."""

    interview: Any  # the Pelican content object
    answer: Answer
    html: str

    @property
    def anchor_url(self) -> str:
        return f"{self.interview.url}#{self.answer.question}"


class Question(LocalizedWrapper):
    """One of the six questions in one language; URLs from VOICE_URL / VOICE_LANG_URL."""

    def __init__(self, question: str, lang: str, settings: dict[str, Any]) -> None:
        super().__init__(question, settings)
        self.slug = question
        self.question = question
        self.lang = lang
        self.voices: list[Voice] = []

    @property
    def count(self) -> int:
        return len(self.voices)

    def _from_settings(self, key: str, get_page_name: bool = False) -> Any:
        # The class is called Question but its settings are VOICE_*.
        setting = f"VOICE_{key}"
        return str(self.settings[setting]).format(**self.as_dict())


def gather_voices(lang: str, stories: list[Any], settings: dict[str, Any]) -> list[Question]:
    """The six questions with every published interview's answer, newest interview first."""
    siteurl = settings.get("SITEURL", "")
    cache = render_cache_of(settings)
    site = site_of(settings)
    questions = {q: Question(q, lang, settings) for q in QUESTIONS}
    for content in stories:
        model = content.model
        if not isinstance(model, Interview):
            continue
        for n, answer in enumerate(model.answers, start=1):  # fragment 0 is the body
            html = cache.item_html(site, model, siteurl, n)
            questions[answer.question].voices.append(Voice(content, answer, html))
    return [questions[q] for q in QUESTIONS if questions[q].voices]

