"""`casebook check [PATHS]`: the build's validation plus editorial warnings.

With paths (a pre-commit hook passes the changed files), only those files
are parsed; the rest of the site is scanned cheaply for the slugs and
translation keys they could collide with, so a check stays well under two
seconds in a repository of a thousand stories.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from casebook.config import Config, content_problems
from casebook.content import ContentSettings, Problem, Vocabularies
from casebook.content.aliases import indexed_text, unmentioned, unused_group_warning
from casebook.content.editorial import EditorialRules, editorial_warnings
from casebook.content.model import SECTIONS, Item
from casebook.content.schema import SiteRules, kind_of_path, name_parts, parse_file
from casebook.content.site import (
    Site,
    content_files,
    duplicate_urls,
    load_site,
    rules_for,
    translation_problems,
)
from casebook.content.vocab import load_vocabularies

EMPTY_VOCABULARIES = Vocabularies({}, {})
FRONT_KEY_RE = re.compile(r"^(slug|lang|type|translation_key):\s*[\"']?([^\"'#\s]+)",
                          re.MULTILINE)


@dataclass(frozen=True)
class Stub:
    """What a file claims (its URL) without parsing it: enough to find collisions."""

    source: str
    kind: str
    section: str
    slug: str
    lang: str
    translation_key: str | None = None

    def line(self, key: str) -> int:
        return 1


def editorial_rules(config: Config) -> EditorialRules:
    return EditorialRules(summary_max=config.summary_max,
                          signoff_max_months=config.signoff_max_months,
                          stale_months=config.stale_months)


def check_site(config: Config) -> list[Problem]:
    site = load_site(config.content)
    return sorted(site.problems + content_problems(config, site)
                  + site_warnings(site, editorial_rules(config)))


def site_warnings(site: Site, rules: EditorialRules) -> list[Problem]:
    """Every item's editorial warnings, and the alias groups no published page mentions.

    One pass: each body is read once, for both (a site may have let go of them)."""
    settings = site.settings
    warnings: list[Problem] = []
    unused = site.alias_groups
    for item in site.items:
        markdown = site.markdown(item)
        warnings += editorial_warnings(item, settings.today, rules, markdown)
        if unused and item.is_public(settings.today):
            text = indexed_text(item, markdown, site.vocabularies, settings.default_lang)
            unused = unmentioned(unused, text)
    return warnings + [unused_group_warning(group, settings.aliases_path) for group in unused]


def check_paths(config: Config, paths: list[Path]) -> list[Problem]:
    content = config.content
    vocabularies, problems = load_vocabularies(content.root / content.taxonomy_path,
                                               content.taxonomy_path)
    rules = rules_for(content, vocabularies)
    editorial = editorial_rules(config)
    today = content.today
    chosen = {p.resolve() for p in paths if p.suffix in (".md", ".markdown")}
    items: list[Item] = []
    for path in sorted(chosen):
        item, found = parse_file(path, rules)
        problems += found
        if item is not None:
            items.append(item)
            problems += editorial_warnings(item, today, editorial)
    others = [_stub(p, content) for p in content_files(content) if p.resolve() not in chosen]
    # Others first: a collision is reported on the second file, the one being checked.
    collisions = duplicate_urls([*others, *items], content)  # type: ignore[list-item]
    problems += [p for p in collisions if p.path in {i.source for i in items}]
    problems += _translation_problems(items, others, rules)
    return sorted(problems)


def _translation_problems(items: list[Item], others: list[Stub], rules: SiteRules) -> list[Problem]:
    """Anonymity across the language versions of the files checked: their other
    versions are parsed too (a story has two or three)."""
    checked = {item.source for item in items}
    keys = {item.translation_key for item in items if item.translation_key}
    versions = list(items)
    for stub in others:
        if stub.translation_key in keys:
            item, _ = parse_file(rules.root / stub.source, rules)
            if item is not None:
                versions.append(item)
    return [p for p in translation_problems(versions, rules.root) if p.path in checked]


def _stub(path: Path, content: ContentSettings) -> Stub:
    relative = path.relative_to(content.root)
    kind = kind_of_path(relative, rules_for(content, EMPTY_VOCABULARIES))
    slug, name_lang = name_parts(path, kind)
    head = path.read_text(encoding="utf-8", errors="replace")[:4000]
    keys = dict(FRONT_KEY_RE.findall(head.split("\n---", 1)[0]))
    if kind == "story" and keys.get("type") == "interview":
        kind = "interview"
    return Stub(relative.as_posix(), kind, SECTIONS[kind], keys.get("slug", slug),
                keys.get("lang", name_lang or content.default_lang), keys.get("translation_key"))

