"""The front-matter schema: which keys each kind of file takes, and how they are read.

``parse_item`` turns one file into a typed model object and a list of
problems. It never stops at the first problem: every key is checked so an
editor sees everything to fix in one run.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml

from casebook.content import assets, values
from casebook.content.anonymity import identifying_names, naming_problems
from casebook.content.bodies import check_body
from casebook.content.editorial import PLACEHOLDER_RE
from casebook.content.interview import answer_problems, split_answers
from casebook.content.model import (
    COMPANY_SIZES,
    STATUSES,
    STORY_TYPES,
    Approval,
    Asset,
    Faq,
    Interview,
    Item,
    Kind,
    Metric,
    Page,
    Person,
    Quote,
    Story,
    Vocabularies,
)
from casebook.content.problems import FieldError, Problem, did_you_mean
from casebook.content.source import Entry, SourceFile, line_of, read_source
from casebook.content.video import find_video, is_plain_https

T = TypeVar("T")

# Keys each kind accepts, with the hint shown when a required one is missing.
STORY_REQUIRED = {
    "title": 'title: "How Acme cut onboarding time by 60%"',
    "customer": "customer: Acme Corp",
    "industry": "industry: <an id from content/taxonomies/industries.yml>",
    "features": "features: [<ids from content/taxonomies/features.yml>]",
    "date": "date: YYYY-MM-DD",
    "summary": 'summary: "One or two sentences for cards and feeds."',
    "status": "status: draft   (or review, or published)",
}
STORY_OPTIONAL = (
    "type", "approval", "slug", "lang", "translation_key", "company_size", "region",
    "logo", "hero", "metrics", "quote", "interviewees", "anonymous", "featured",
    "video", "slides", "updated",
)
FAQ_REQUIRED = {
    "title": 'title: "How long does it take to go live?"',
    "features": "features: [<ids from content/taxonomies/features.yml>]",
    "status": "status: draft   (or review, or published)",
}
FAQ_OPTIONAL = ("industries", "order", "lang", "translation_key", "date")
PAGE_REQUIRED = {"title": "title: About these stories"}
PAGE_OPTIONAL = ("summary", "status", "slug", "lang", "translation_key", "order", "date")

SCHEMAS: dict[str, tuple[dict[str, str], tuple[str, ...]]] = {
    "story": (STORY_REQUIRED, STORY_OPTIONAL),
    "faq": (FAQ_REQUIRED, FAQ_OPTIONAL),
    "page": (PAGE_REQUIRED, PAGE_OPTIONAL),
}

LANG_SUFFIX_RE = re.compile(r"^(?P<stem>.+)\.(?P<lang>[a-z]{2}(?:-[a-z]{2,4})?)$")


@dataclass(frozen=True)
class SiteRules:
    """Everything parsing needs to know about the site, read from the settings."""

    root: Path
    vocabularies: Vocabularies
    languages: tuple[str, ...] = ("en", "ja")
    default_lang: str = "en"
    image_dirs: tuple[Path, ...] = ()
    content_roots: tuple[Path, ...] = ()
    image_widths: tuple[int, ...] = (480, 960, 1600)
    faq_paths: tuple[str, ...] = ("content/faq",)
    page_paths: tuple[str, ...] = ("content/pages",)


@dataclass
class Reader:
    """Reads the entries of one file, collecting problems instead of stopping."""

    shown: str
    source: SourceFile
    problems: list[Problem] = field(default_factory=list)

    def fail(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.shown, line, message))

    def get(self, key: str, convert: Callable[[yaml.Node, str], T]) -> T | None:
        entry = self.source.entries.get(key)
        if entry is None or values.is_blank(entry.node):
            return None  # a blank required key is reported once, by check_keys
        try:
            return convert(entry.node, key)
        except FieldError as exc:
            self.fail(exc.line, exc.message)
            return None

    def entry(self, key: str) -> Entry | None:
        return self.source.entries.get(key)

    def line(self, key: str) -> int:
        entry = self.source.entries.get(key)
        return entry.line if entry else 1


def kind_of_path(relative: Path, rules: SiteRules) -> Kind:
    """Which schema a file follows, from the folder it is in (relative to the root)."""
    def under(folders: tuple[str, ...]) -> bool:
        return any(Path(folder) in relative.parents for folder in folders)
    if under(rules.faq_paths):
        return "faq"
    if under(rules.page_paths):
        return "page"
    return "story"


def name_parts(path: Path, kind: Kind) -> tuple[str, str | None]:
    """Default slug and the language written in the file name (``index.ja.md``)."""
    stem = path.stem
    lang = None
    match = LANG_SUFFIX_RE.match(stem)
    if match:
        stem, lang = match.group("stem"), match.group("lang")
    if kind == "story" and stem == "index":
        stem = path.parent.name
    return stem, lang


def check_keys(reader: Reader, required: dict[str, str], optional: tuple[str, ...]) -> None:
    allowed = list(required) + list(optional)
    for key, entry in reader.source.entries.items():
        if key not in allowed:
            reader.fail(entry.line, f"unknown key '{key}'{did_you_mean(key, allowed)}")
    for key, hint in required.items():
        found = reader.entry(key)
        if found is None:
            reader.fail(reader.source.end_line, f"required key '{key}' is missing; add: {hint}")
        elif values.is_blank(found.node):
            reader.fail(found.line, f"'{key}' is empty; write: {hint}")


def parse_file(path: Path, rules: SiteRules) -> tuple[Item | None, list[Problem]]:
    """Parse one content file into its model object and every problem found."""
    relative = path.relative_to(rules.root)
    shown = relative.as_posix()
    duplicate_keys: list[FieldError] = []
    try:
        source = read_source(path, duplicate_keys)
    except FieldError as exc:
        return None, [Problem(shown, exc.line, exc.message)]
    reader = Reader(shown, source)
    for duplicate in duplicate_keys:
        reader.fail(duplicate.line, duplicate.message)
    kind = kind_of_path(relative, rules)
    required, optional = SCHEMAS[kind]
    check_keys(reader, required, optional)
    common = _common(reader, path, kind, rules)
    item: Item
    if kind == "story":
        item = _story(reader, path, rules, common)
    elif kind == "faq":
        item = _faq(reader, rules, common)
    else:
        item = Page(**common, order=reader.get("order", values.integer) or 0)
    return item, reader.problems


def _common(reader: Reader, path: Path, kind: Kind, rules: SiteRules) -> dict[str, Any]:
    default_slug, name_lang = name_parts(path, kind)
    slug = reader.get("slug", values.slug)
    if slug is None:
        slug = default_slug
        if not values.SLUG_RE.match(slug):
            reader.fail(1, f"the name '{default_slug}' is not a valid slug; rename the "
                        "file or folder in lowercase-with-hyphens, or add slug: <slug>")
        elif reserved := values.reserved_name(slug, "the file or folder name"):
            reader.fail(1, f"{reserved}, or add slug: <slug>")
    lang = reader.get("lang", lambda n, k: values.choice(n, k, rules.languages))
    if lang and name_lang and lang != name_lang:
        reader.fail(reader.line("lang"), f"lang: {lang} disagrees with the file name, which "
                    f"says '{name_lang}'; make them match")
    if name_lang and name_lang not in rules.languages:
        reader.fail(1, f"the file name says language '{name_lang}', which this site does not "
                    f"have (languages: {', '.join(rules.languages)})")
    status_default = "published" if kind == "page" else "draft"
    try:
        check_body(reader.source.body, reader.source.body_first_line)
    except FieldError as exc:
        reader.fail(exc.line, exc.message)
    body_images = _body_images(reader, path, rules)
    return {
        "kind": kind,
        "source": reader.shown,
        "slug": slug,
        "lang": lang or name_lang or rules.default_lang,
        "title": reader.get("title", values.text) or "",
        "status": reader.get("status", lambda n, k: values.choice(n, k, STATUSES))
        or status_default,
        "date": reader.get("date", values.date),
        "body": reader.source.body,
        "body_first_line": reader.source.body_first_line,
        "translation_key": reader.get("translation_key", values.slug),
        "summary": reader.get("summary", values.text) or "",
        "images": body_images,
        "lines": {key: entry.line for key, entry in reader.source.entries.items()},
    }


def _body_images(reader: Reader, path: Path, rules: SiteRules) -> list[Asset]:
    found = []
    source = reader.source
    for ref, line in assets.body_image_references(source.body, source.body_first_line):
        if not assets.is_local_reference(ref) or ref.startswith("/"):
            reader.fail(line, f"image '{ref}' is not a file of this site; save it in the "
                        "story's folder and reference it by name, e.g. ![Team at work](team.jpg)")
            continue
        try:
            found.append(_image(ref, path, rules, line))
        except FieldError as exc:
            reader.fail(exc.line, exc.message)
    return found


def _image(ref: str, path: Path, rules: SiteRules, line: int) -> Asset:
    return assets.image_asset(ref, path.parent, list(rules.image_dirs),
                              list(rules.content_roots), line, rules.image_widths)


def _image_field(reader: Reader, path: Path, rules: SiteRules, key: str) -> Asset | None:
    def convert(node: yaml.Node, key: str) -> Asset:
        return _image(values.text(node, key), path, rules, line_of(node))
    return reader.get(key, convert)


def _terms(reader: Reader, key: str, ids: dict[str, Any], vocabulary: str,
           minimum: int) -> list[str]:
    def convert(node: yaml.Node, key: str) -> list[str]:
        nodes = values.sequence(node, key)
        if len(nodes) < minimum:
            raise FieldError(f"{key} needs at least {minimum} id", line_of(node))
        found: list[str] = []
        for item in nodes:
            try:
                term = values.term(item, key, ids, vocabulary)
            except FieldError as exc:
                reader.fail(exc.line, exc.message)
                continue
            if term in found:
                reader.fail(line_of(item), f"{key}: '{term}' is listed twice")
            else:
                found.append(term)
        return found
    return reader.get(key, convert) or []


# Facts about the customer that `casebook new` leaves as TODO when nobody gave them:
# what the editor is to write there.
TODO_FACTS = {
    "company_size": "one of " + ", ".join(COMPANY_SIZES),
    "region": 'where the customer is, e.g. "Ontario, Canada"',
}


def _todo_facts(reader: Reader) -> list[str]:
    """The facts still written as TODO (read as not given)."""
    return [key for key in TODO_FACTS
            if (entry := reader.entry(key)) is not None
            and isinstance(entry.node, yaml.ScalarNode)
            and PLACEHOLDER_RE.match(str(entry.node.value).strip())]


def _report_todo_facts(reader: Reader, story: Story, todo: list[str]) -> None:
    """A TODO fact is a warning in a draft, and stops a published story: nobody may
    publish a fact that nobody gave."""
    for key in todo:
        message = f"{key} is still TODO: write {TODO_FACTS[key]}, or delete the line"
        if story.status == "published":
            reader.fail(reader.line(key), message + "; a published story cannot keep a TODO")
        else:
            reader.problems.append(Problem(reader.shown, reader.line(key), message, "warning"))


def _story(reader: Reader, path: Path, rules: SiteRules, common: dict[str, Any]) -> Story:
    vocab = rules.vocabularies
    story_type = reader.get("type", lambda n, k: values.choice(n, k, STORY_TYPES)) or "story"
    todo = _todo_facts(reader)
    fields: dict[str, Any] = dict(
        customer=reader.get("customer", values.text) or "",
        industry=reader.get("industry", lambda n, k: values.term(
            n, k, vocab.industries, "industries")) or "",
        features=_terms(reader, "features", vocab.features, "features", 1),
        approval=reader.get("approval", _approval),
        company_size=None if "company_size" in todo else reader.get(
            "company_size", lambda n, k: values.choice(n, k, COMPANY_SIZES)),
        region=None if "region" in todo else reader.get("region", values.text),
        logo=_image_field(reader, path, rules, "logo"),
        hero=_image_field(reader, path, rules, "hero"),
        metrics=reader.get("metrics", _metrics) or [],
        quote=reader.get("quote", _quote),
        anonymous=bool(reader.get("anonymous", values.boolean)),
        featured=bool(reader.get("featured", values.boolean)),
        video=reader.get("video", _video),
        slides=reader.get("slides", lambda n, k: assets.pdf_asset(
            values.text(n, k), path.parent, list(rules.content_roots), line_of(n))),
        updated=reader.get("updated", values.date),
    )
    interviewees = reader.get("interviewees", _people) or []
    story: Story
    if story_type == "interview":
        answers, headings = split_answers(reader.source.body, reader.source.body_first_line)
        story = Interview(**{**common, "kind": "interview"}, **fields, interviewees=interviewees,
                          answers=answers)
        reader.problems.extend(answer_problems(reader.shown, headings, reader.line("type")))
        if not interviewees and "interviewees" not in reader.source.entries:
            reader.fail(reader.line("type"), "an interview needs the people interviewed; add "
                        "interviewees: [{name: <name>, role: <job title>}]")
    else:
        story = Story(**common, **fields)
        if "interviewees" in reader.source.entries:
            reader.fail(reader.line("interviewees"), "interviewees is only for interviews; "
                        "add type: interview or remove interviewees")
    _check_story_rules(reader, story)
    _report_todo_facts(reader, story, todo)
    return story


def _check_story_rules(reader: Reader, story: Story) -> None:
    unapproved = story.approval is None and "approval" not in reader.source.entries
    if story.status == "published" and unapproved:
        reader.fail(reader.line("status"), "status is published but the customer's sign-off is "
                    "missing; add approval: {by: <name at the customer>, date: YYYY-MM-DD}, "
                    "or set status: review")
    if story.approval and story.date and story.approval.date > story.date:
        reader.fail(reader.line("approval"), f"approval date {story.approval.date} is after the "
                    f"publication date {story.date}; the customer signs off before publication")
    if story.updated and story.date and story.updated < story.date:
        reader.fail(reader.line("updated"), f"updated ({story.updated}) is before date "
                    f"({story.date})")
    if story.anonymous:
        _check_anonymous(reader, story)


def _check_anonymous(reader: Reader, story: Story) -> None:
    if story.logo is not None:
        reader.fail(reader.line("logo"), "an anonymous story shows no logo; remove logo")
    reader.problems += naming_problems(reader.shown, reader.source, story.slug,
                                       identifying_names(story.customer))


def _approval(node: yaml.Node, key: str) -> Approval:
    sub = values.mapping(node, key, ("by", "date"), ("by", "date"))
    return Approval(by=values.text(sub["by"], "approval.by"),
                    date=values.date(sub["date"], "approval.date"))


def _metrics(node: yaml.Node, key: str) -> list[Metric]:
    result = []
    for item in values.sequence(node, key):
        sub = values.mapping(item, "metric", ("value", "label"), ("value", "label"))
        result.append(Metric(values.text(sub["value"], "metrics value"),
                             values.text(sub["label"], "metrics label")))
    return result


def _quote(node: yaml.Node, key: str) -> Quote:
    sub = values.mapping(node, key, ("text", "author", "role"), ("text", "author"))
    role = values.text(sub["role"], "quote.role") if "role" in sub else ""
    return Quote(values.text(sub["text"], "quote.text"), values.text(sub["author"], "quote.author"),
                 role)


def _people(node: yaml.Node, key: str) -> list[Person]:
    people = []
    for item in values.sequence(node, key):
        sub = values.mapping(item, "interviewee", ("name", "role"), ("name",))
        role = values.text(sub["role"], "role") if "role" in sub else ""
        people.append(Person(values.text(sub["name"], "name"), role))
    if not people:
        raise FieldError("interviewees is empty; add [{name: <name>, role: <job title>}]",
                         line_of(node))
    return people


def _video(node: yaml.Node, key: str) -> str:
    url = values.text(node, key)
    if not is_plain_https(url):
        raise FieldError(f"video must be a plain https link to YouTube or Vimeo, such as "
                         f"https://youtu.be/<id> (no spaces, '\\', '@' or port), not '{url}'",
                         line_of(node))
    if find_video(url) is None:
        raise FieldError(f"video: cannot find a YouTube or Vimeo video in '{url}'; copy the "
                         "link from the video's Share button (https://youtu.be/... or "
                         "https://vimeo.com/...)", line_of(node))
    return url


def _faq(reader: Reader, rules: SiteRules, common: dict[str, Any]) -> Faq:
    vocab = rules.vocabularies
    return Faq(
        **common,
        features=_terms(reader, "features", vocab.features, "features", 1),
        industries=_terms(reader, "industries", vocab.industries, "industries", 0),
        order=reader.get("order", values.integer) or 0,
    )
