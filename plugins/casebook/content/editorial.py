"""Editorial warnings: things that are valid but an editor should fix before publishing."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from casebook.content.model import DEFAULT_STALE_MONTHS, Item, Story, months_between
from casebook.content.problems import Problem

EMPTY_ALT_RE = re.compile(r"!\[\s*\]\(")
HAS_DIGIT_RE = re.compile(r"\d")
PLACEHOLDER = "TODO"
PLACEHOLDER_RE = re.compile(rf"{PLACEHOLDER}\b")  # TODO, TODO: …; not "Todos Santos"


@dataclass(frozen=True)
class EditorialRules:
    summary_max: int = 200  # characters that fit on a card
    signoff_max_months: int = 6  # between the customer's sign-off and publication
    stale_months: int = DEFAULT_STALE_MONTHS


def editorial_warnings(item: Item, today: dt.date, rules: EditorialRules,
                       body: str | None = None) -> list[Problem]:
    """Warnings for one item; ``body`` is its Markdown if the item no longer holds it."""
    found: list[Problem] = []

    def warn(line: int, message: str) -> None:
        found.append(Problem(item.source, line, message, "warning"))

    def todo(line: int, message: str) -> None:
        """A placeholder: to replace before publishing, and what stops a published item."""
        if item.status == "published":
            found.append(Problem(item.source, line, message + "; a published page cannot "
                                 "keep a TODO (or set status: review)"))
        else:
            warn(line, message)

    for offset, text in enumerate((item.body if body is None else body).split("\n")):
        if EMPTY_ALT_RE.search(text):
            warn(item.body_first_line + offset, "an image has no alt text; describe what it "
                 "shows between the brackets: ![Dispatch team at the morning meeting](team.jpg)")
        if PLACEHOLDER_RE.search(text):
            todo(item.body_first_line + offset, "a TODO placeholder is still here")
    for key in ("title", "summary", "customer", "region"):
        if PLACEHOLDER_RE.search(str(getattr(item, key, "") or "")):
            todo(item.line(key), f"{key} still has a TODO placeholder")
    if len(item.summary) > rules.summary_max:
        warn(item.line("summary"), f"summary is {len(item.summary)} characters; cards show "
             f"about {rules.summary_max}, so shorten it to one or two sentences")
    if isinstance(item, Story):
        found += _story_warnings(item, today, rules)
    return found


def _story_warnings(story: Story, today: dt.date, rules: EditorialRules) -> list[Problem]:
    found: list[Problem] = []

    def warn(key: str, message: str) -> None:
        found.append(Problem(story.source, story.line(key), message, "warning"))

    published_on = story.date or today
    signed_off = months_between(story.approval.date, published_on) if story.approval else 0
    if signed_off >= rules.signoff_max_months:
        warn("approval", f"the customer signed off {signed_off} months before the publication "
             "date; ask them to confirm the story still holds and record the new date")
    unchanged = story.months_unchanged(today)
    if story.status == "published" and unchanged is not None and \
            unchanged >= rules.stale_months:
        if story.updated:
            warn("updated", f"this story was last updated {unchanged} months ago; refresh it "
                 "with the customer and set updated: to the new date (YYYY-MM-DD)")
        else:
            warn("date", f"this story is {unchanged} months old; refresh it with the customer "
                 "and add updated: YYYY-MM-DD")
    if story.quote and not story.quote.role:
        warn("quote", "the quote has no role; add role: so readers know who is speaking")
    for metric in story.metrics:
        if not HAS_DIGIT_RE.search(metric.value):
            warn("metrics", f"metric '{metric.value}' has no number; use a figure the "
                 "customer measured, e.g. value: \"40%\"")
    return found
