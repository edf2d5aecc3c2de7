"""Gathering the answers of all interviews, question by question."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from casebook.content.interview import QUESTIONS, Answer
from casebook.content.model import Interview
from casebook.content.urls import Urls


@dataclass
class Voice:
    """One customer's answer, rendered, with the interview it comes from."""

    interview: Any  # the interview's page (a content object)
    answer: Answer
    html: str

    @property
    def anchor_url(self) -> str:
        return f"{self.interview.url}#{self.answer.question}"

    @property
    def text(self) -> str:
        """The answer as plain text, without the speaker's label its paragraphs open with
        (``**Miho Saeki:**``): what a card quotes."""
        return Markup(SPEAKER_LABEL.sub("<p>", self.html)).striptags()


# A paragraph opening with a bold "Name:" (or Japanese "名前："), as interviews are written.
SPEAKER_LABEL = re.compile(r"<p>\s*<strong>[^<]{1,80}?[:：]</strong>\s*")


class Question:
    """One of the six questions in one language; its address from VOICE_URL / VOICE_LANG_URL."""

    def __init__(self, question: str, lang: str, urls: Urls) -> None:
        self.slug = self.question = question
        self.lang = lang
        self.url = urls.url("voice", lang, slug=question)
        self.save_as = urls.save_as("voice", lang, slug=question)
        self.voices: list[Voice] = []

    @property
    def count(self) -> int:
        return len(self.voices)


# An interview's n-th fragment as HTML (0 is its body, then its answers in order).
FragmentHtml = Callable[[Interview, int], str]


def gather_voices(lang: str, stories: list[Any], urls: Urls,
                  fragment_html: FragmentHtml) -> list[Question]:
    """The six questions with every published interview's answer, newest interview first."""
    questions = {q: Question(q, lang, urls) for q in QUESTIONS}
    for content in stories:
        model = content.model
        if not isinstance(model, Interview):
            continue
        for n, answer in enumerate(model.answers, start=1):
            questions[answer.question].voices.append(
                Voice(content, answer, fragment_html(model, n)))
    return [questions[q] for q in QUESTIONS if questions[q].voices]
