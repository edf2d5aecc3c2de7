"""Anonymous stories: the customer's name must reach no page, export or search entry.

Anonymity belongs to the story, not to one language version: every version
linked by ``translation_key`` must say ``anonymous: true``, and each is
checked against the names of every version's customer (an English name in a
Japanese version names the customer just as well).

What is checked is every front-matter value the site publishes somewhere
(title, summary, slug, translation_key, region, metrics, quote text and role,
interviewee roles, the video link, ...) and the body. Not published, so not
checked: the customer itself, the approval, the quote's author and the
interviewees' names (shown only for named customers), and the file names of
logo, hero and slides (published under a hash of their bytes).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

import yaml

from casebook.content.model import Story
from casebook.content.problems import Problem
from casebook.content.source import SourceFile, line_of, read_source

# Words too generic to identify a customer on their own.
GENERIC_NAME_WORDS = {
    "bank", "group", "holdings", "company", "corporation", "limited", "systems",
    "services", "solutions", "industries", "international", "partners", "global",
    "health", "logistics", "foods", "school", "university", "city", "hospital",
}
COMPANY_FORMS = ("株式会社", "有限会社", "合同会社")
# Front-matter values an anonymous story never publishes (key, or key.sub-key).
UNPUBLISHED = frozenset({
    "customer", "approval", "logo", "hero", "slides", "quote.author", "interviewees.name",
})
SEPARATORS = re.compile(r"[\s_\-]+")


def identifying_names(customer: str) -> list[str]:
    """The customer's name and its distinctive first word (for anonymity checks)."""
    names = [customer.strip()] if customer.strip() else []
    for form in COMPANY_FORMS:
        if customer.startswith(form) or customer.endswith(form):
            names.append(customer.replace(form, "").strip())
    words = re.findall(r"[A-Za-z][A-Za-z'&.-]+", customer)
    if words and len(words[0]) >= 4 and words[0].lower() not in GENERIC_NAME_WORDS:
        names.append(words[0])  # the distinctive part: "Hanabishi" of "Hanabishi Bank"
    return [n for n in dict.fromkeys(names) if n]


def normalized(text: str) -> str:
    """Lower case, with hyphens, underscores and runs of spaces as one space, so that
    a slug or key such as ``hanabishi-bank-loans`` is seen to hold "Hanabishi Bank"."""
    return SEPARATORS.sub(" ", text.casefold())


def name_in(text: str, names: Iterable[str]) -> str | None:
    """The first of ``names`` that ``text`` contains, compared normalized."""
    seen = normalized(text)
    return next((name for name in names if normalized(name) in seen), None)


def published_values(source: SourceFile) -> Iterator[tuple[str, str, int]]:
    """(key, text, line) of every front-matter value the site may publish."""
    for key, entry in source.entries.items():
        if key in UNPUBLISHED:
            continue
        stack: list[tuple[yaml.Node, str]] = [(entry.node, key)]
        while stack:
            node, path = stack.pop()
            if isinstance(node, yaml.ScalarNode):
                yield key, str(node.value), line_of(node)
            elif isinstance(node, yaml.SequenceNode):
                stack.extend((child, path) for child in node.value)
            elif isinstance(node, yaml.MappingNode):
                stack.extend((value, f"{path}.{sub.value}") for sub, value in node.value
                             if f"{path}.{sub.value}" not in UNPUBLISHED)


def naming_problems(shown: str, source: SourceFile, slug: str, names: list[str]) -> list[Problem]:
    """Where an anonymous story's file names the customer: each published value, the
    slug its URL gets from the folder name, and each line of its body."""
    if not names:
        return []
    places = list(published_values(source))
    if "slug" not in source.entries:
        places.append(("folder", slug, 1))
    places += [("body", text, source.body_first_line + n)
               for n, text in enumerate(source.body.split("\n"))]
    problems = []
    for key, text, line in places:
        hit = name_in(text, names)
        if hit:
            problems.append(Problem(shown, line, f"this story is anonymous but names the "
                                    f"customer ('{hit}') here; {FIXES.get(key, FIXES['text'])}"))
    return sorted(set(problems))


FIXES = {
    "text": "write around it (e.g. 'the bank')",
    "slug": "set slug: to a neutral slug (it is part of the page's address)",
    "folder": "the page's address comes from the folder name: rename the folder, or add "
              "slug: with a neutral slug",
    "translation_key": "use a neutral translation_key (it is published in stories.json)",
}


def guarded_alias_groups(stories: Iterable[Story], groups: list[list[str]]) -> dict[int, list[str]]:
    """Alias groups that hold a name of an anonymous story's customer (in any of its
    languages), each with those names in lower case. Such a group lends its words
    only to a page that already names the customer: never to the anonymous story,
    nor to a listing that shows its card."""
    stories = list(stories)
    names_by_key: dict[str, list[str]] = defaultdict(list)
    for story in stories:
        if story.translation_key:
            names_by_key[story.translation_key] += identifying_names(story.customer)
    hidden: list[str] = []
    for story in stories:
        if story.anonymous:
            hidden += identifying_names(story.customer)
            hidden += names_by_key.get(story.translation_key or "", [])
    guarded: dict[int, list[str]] = {}
    for n, group in enumerate(groups):
        words = [normalized(word) for word in group]
        named = [name for name in dict.fromkeys(hidden)
                 if any(normalized(name) in word or word in normalized(name) for word in words)]
        if named:
            guarded[n] = [name.lower() for name in named]
    return guarded


def translation_problems(versions: list[Story], root: Path) -> list[Problem]:
    """Anonymity across the language versions of one story: all or none are
    anonymous, and none names the customer as any version calls it."""
    anonymous = [story for story in versions if story.anonymous]
    if not anonymous:
        return []
    first = anonymous[0]
    problems = [
        Problem(story.source, story.line("translation_key"), f"this is the '{story.lang}' "
                f"version of a story that is anonymous in {first.source}; anonymity belongs "
                "to the whole story: add anonymous: true here too")
        for story in versions if not story.anonymous]
    every_name = [name for story in versions for name in identifying_names(story.customer)]
    for story in anonymous:
        others = [name for name in dict.fromkeys(every_name)
                  if name not in identifying_names(story.customer)]
        if others:
            source = read_source(root / story.source, [])
            problems += naming_problems(story.source, source, story.slug, others)
    return problems

