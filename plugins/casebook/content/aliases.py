"""Search aliases: words that should find each other (CS and カスタマーサクセス).

``content/search/aliases.yml`` is a list of groups; a page that contains any
word of a group is also found by the group's other words (the matching is
done where pages are indexed: ``casebook.search.index``).

    - [カスタマーサクセス, CS, customer success]
    - [奥山精密工業, おくやませいみつ, Okuyama Precision]

A group that no published page mentions lends its words to nothing: ``casebook
check`` warns about it (``unmentioned`` and ``unused_group_warning``).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from casebook.content import values
from casebook.content.model import Faq, Interview, Item, Story, Term, Vocabularies
from casebook.content.problems import FieldError, Problem
from casebook.content.source import compose, decode
from casebook.search.index import TAGS, mentions

# The target of a Markdown link or image, "](https://…)": an address, not the page's words.
LINK_TARGET = re.compile(r"\]\([^)]*\)")


@dataclass(frozen=True)
class AliasGroup:
    """One group of the alias list: its words, and the line it is on."""

    words: tuple[str, ...]
    line: int


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def load_aliases(path: Path, shown: str) -> tuple[list[AliasGroup], list[Problem]]:
    """Alias groups and the problems in the file; a missing file means no aliases."""
    if not path.exists():
        return [], []
    try:
        root = compose(decode(path.read_bytes()), subject="the alias list")
    except FieldError as exc:
        return [], [Problem(shown, exc.line, exc.message)]
    if root is None:
        return [], []
    if not isinstance(root, yaml.SequenceNode):
        return [], [Problem(shown, 1, "must be a list of groups, e.g. - [CS, カスタマーサクセス]")]
    groups: list[AliasGroup] = []
    problems: list[Problem] = []
    for node in root.value:
        if not isinstance(node, yaml.SequenceNode) or len(node.value) < 2:
            problems.append(Problem(shown, _line(node), "each group lists two or more words that "
                                    "mean the same, e.g. - [CS, カスタマーサクセス]"))
            continue
        try:
            words = tuple(values.text(word, "alias") for word in node.value)
        except FieldError as exc:
            problems.append(Problem(shown, exc.line, exc.message))
            continue
        groups.append(AliasGroup(words, _line(node)))
    return groups, problems


def unmentioned(groups: list[AliasGroup], text: str) -> list[AliasGroup]:
    """The groups of which ``text`` mentions no word, matched as the search index matches
    them (whole words for Latin, anywhere for Japanese). Lowers ``text`` once; give it
    one page after another, and the groups left at the end are mentioned nowhere."""
    if not groups:
        return groups
    lowered = text.lower()
    return [group for group in groups
            if not any(mentions(lowered, word) for word in group.words)]


def unused_group_warning(group: AliasGroup, shown: str) -> Problem:
    words = ", ".join(f'"{word}"' for word in group.words)
    return Problem(shown, group.line, f"no page mentions any of {words}; this alias group finds "
                   "nothing (check the spelling, or remove the line)", "warning")


def indexed_text(item: Item, markdown: str, vocabularies: Vocabularies,
                 default_lang: str = "en") -> str:
    """The words of an item's page that the search index reads, near enough to tell
    whether it mentions an alias: title, summary, the story's facts, the names and
    descriptions of its industry and features (its kicker, its term pages), and the
    body with tags and link targets left out. ``markdown``: the item's body."""
    body = html.unescape(TAGS.sub(" ", LINK_TARGET.sub("]", markdown)))
    terms = [term.name(item.lang, default_lang) + "\n" + term.description(item.lang, default_lang)
             for term in _terms(item, vocabularies)]
    return "\n".join([item.title, item.summary, *_facts(item), *terms, body])


def _facts(item: Item) -> list[str]:
    """What a story page shows besides its body: customer, region, metrics, quote, and
    an interview's interviewees."""
    if not isinstance(item, Story):
        return []
    facts = [item.display_customer or "", item.region or ""]
    facts += [f"{metric.value} {metric.label}" for metric in item.metrics]
    if item.quote:
        facts.append(f"{item.quote.text} {item.quote.author} {item.quote.role}")
    if isinstance(item, Interview):
        facts += [f"{person.name} {person.role}" for person in item.interviewees]
    return facts


def _terms(item: Item, vocabularies: Vocabularies) -> list[Term]:
    if isinstance(item, Story):
        industries, features = [item.industry], item.features
    elif isinstance(item, Faq):
        industries, features = item.industries, item.features
    else:
        return []
    found = [vocabularies.industries.get(term) for term in industries]
    found += [vocabularies.features.get(term) for term in features]
    return [term for term in found if term is not None]
