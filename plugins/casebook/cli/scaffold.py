"""`casebook new story|interview|faq`: a complete draft, ready to fill in.

Every choice can be given as a flag (for scripts and tests); what is missing
is asked for when a person is at the terminal, offering the vocabularies'
choices. The file written always validates: placeholders say TODO, which
``casebook check`` reports until they are replaced.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

from casebook.cli.build import load_config
from casebook.content import ContentSettings
from casebook.content.interview import QUESTIONS
from casebook.content.model import COMPANY_SIZES, Term
from casebook.content.vocab import load_vocabularies

QUESTION_TEXT = {
    "usage": "How do you use Relaypoint day to day?",
    "why-fan": "Why did you become a fan?",
    "effort": "What effort did your success take?",
    "near-give-up": "Where did you nearly give up?",
    "comparison": "How does it compare with alternatives you know?",
    "favourite-features": "Which features do you like best?",
}
STORY_SECTIONS = ("The situation", "The turning point", "What changed", "What was hard")


INTERVIEW_INTRO = "TODO: one paragraph introducing the customer and the person interviewed."


class ScaffoldError(Exception):
    pass


def load_project(config: Path) -> tuple[ContentSettings, Any] | None:
    """The content settings and vocabularies drafts are written against, or None
    after printing why the vocabularies cannot be used."""
    content = load_config(config).content
    vocab, problems = load_vocabularies(content.root / content.taxonomy_path,
                                        content.taxonomy_path)
    if problems:
        print("\n".join(str(p) for p in problems), file=sys.stderr)
        return None
    return content, vocab


def draft_path(content: ContentSettings, folder: str, slug: str, lang: str,
               bundle: bool) -> Path:
    """``folder/slug/index[.lang].md`` for a bundle, else ``folder/slug[.lang].md``."""
    suffix = "" if lang == content.default_lang else f".{lang}"
    base = content.root / folder
    return base / slug / f"index{suffix}.md" if bundle else base / f"{slug}{suffix}.md"


def interviewees(name: str, role: str) -> str:
    return f"interviewees: [{{name: {quoted(name or 'TODO')}, role: {quoted(role or 'TODO')}}}]"


def interview_body(answers: dict[str, str] | None = None, unanswered: str = "TODO") -> str:
    """The introduction and the six questions under their fixed anchors."""
    given = answers or {}
    parts = [f"{INTERVIEW_INTRO}\n"]
    for question in QUESTIONS:
        parts.append(f"## {QUESTION_TEXT[question]} {{#{question}}}\n\n"
                     f"{given.get(question) or unanswered}\n")
    return "\n".join(parts)


def add_new_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", choices=["story", "interview", "faq"])
    parser.add_argument("--customer", help="customer organisation (stories and interviews)")
    parser.add_argument("--industry", help="industry id")
    parser.add_argument("--features", help="feature ids, comma-separated")
    parser.add_argument("--lang", help="language (default: the site's)")
    parser.add_argument("--title", help="headline, or the question for an FAQ entry")
    parser.add_argument("--slug", help="URL name (default: from the customer or title)")
    parser.add_argument("--interviewee", help='for interviews: "Name, Role"')
    parser.add_argument("--single", action="store_true",
                        help="a single file instead of a folder (no images)")


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def quoted(text: str) -> str:
    """A YAML double-quoted string (JSON's escaping is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


class Answers:
    """Flags first; questions at the terminal for what is missing."""

    def __init__(self, args: argparse.Namespace, interactive: bool) -> None:
        self.args = args
        self.interactive = interactive
        self.missing: list[str] = []

    def text(self, name: str, question: str, default: str | None = None) -> str:
        value = getattr(self.args, name, None)
        if value:
            return str(value)
        if not self.interactive:
            if default:
                return default
            self.missing.append(f"--{name}")
            return ""
        while True:
            answer = input(f"{question}{f' [{default}]' if default else ''}: ").strip()
            if answer or default:
                return answer or str(default)

    def choose(self, name: str, question: str, terms: dict[str, Term], many: bool) -> list[str]:
        given = getattr(self.args, name, None)
        if given:
            chosen = [v.strip() for v in str(given).split(",") if v.strip()]
            unknown = [v for v in chosen if v not in terms]
            if unknown:
                raise ScaffoldError(f"--{name}: unknown id(s) {', '.join(unknown)}; "
                                    f"choose from {', '.join(terms)}")
            return chosen
        if not self.interactive:
            self.missing.append(f"--{name}")
            return []
        ids = list(terms)
        for n, term_id in enumerate(ids, 1):
            print(f"  {n:2}. {term_id} ({terms[term_id].name('en')})")
        prompt = f"{question} (numbers{', comma-separated' if many else ''}): "
        while True:
            picks = [p.strip() for p in input(prompt).split(",") if p.strip()]
            if picks and all(p.isdigit() and 1 <= int(p) <= len(ids) for p in picks) and (
                    many or len(picks) == 1):
                return [ids[int(p) - 1] for p in picks]


def new(config: Path, args: argparse.Namespace, interactive: bool | None = None) -> int:
    project = load_project(config)
    if project is None:
        return 1
    content, vocab = project
    answers = Answers(args, sys.stdin.isatty() if interactive is None else interactive)
    try:
        path, text = (_faq if args.kind == "faq" else _story)(answers, content, vocab)
    except ScaffoldError as exc:
        print(f"casebook new: {exc}", file=sys.stderr)
        return 2
    if answers.missing:
        print(f"casebook new: not at a terminal, so give {' '.join(answers.missing)}",
              file=sys.stderr)
        return 2
    if path.exists() or (path.name.startswith("index.") and path.parent.exists()):
        print(f"casebook new: {path.relative_to(content.root)} already exists; "
              "choose another --slug", file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    _next_steps(path.relative_to(content.root), args.kind)
    return 0


def _story(answers: Answers, content: ContentSettings, vocab: Any) -> tuple[Path, str]:
    interview = answers.args.kind == "interview"
    customer = answers.text("customer", "Customer organisation")
    industry = answers.choose("industry", "Industry", vocab.industries, many=False)
    features = answers.choose("features", "Features they use", vocab.features, many=True)
    lang = answers.text("lang", f"Language ({', '.join(content.languages)})",
                        default=content.default_lang)
    if lang not in content.languages:
        raise ScaffoldError(f"--lang: '{lang}' is not one of {', '.join(content.languages)}")
    people = answers.text("interviewee", "Interviewee (Name, Role)") if interview else ""
    title = answers.args.title or f"TODO: how {customer} succeeded with Relaypoint"
    slug = answers.args.slug or slugify(customer)
    if not slug:
        raise ScaffoldError("the customer's name gives no URL name; add --slug acme-onboarding")
    path = draft_path(content, content.story_paths[0], slug, lang,
                      bundle=not answers.args.single)
    today = content.today.isoformat()
    lines = [
        "---",
        f"title: {quoted(title)}",
        *(["type: interview"] if interview else []),
        f"customer: {quoted(customer)}",
        f"industry: {industry[0] if industry else ''}",
        f"features: [{', '.join(features)}]",
        f"date: {today}",
        'summary: "TODO: one or two sentences for cards, search results and feeds."',
        "status: draft",
        "# When the customer has approved the text:",
        "#   status: published",
        "#   approval: {by: \"Name, Role\", date: YYYY-MM-DD}",
        f"lang: {lang}",
        f"company_size: {COMPANY_SIZES[1]}  # one of: {', '.join(COMPANY_SIZES)}",
        'region: "TODO"',
    ]
    if interview:
        name, _, role = people.partition(",")
        lines.append(interviewees(name.strip(), role.strip()))
    lines += ["---", ""]
    return path, "\n".join(lines) + "\n" + (interview_body() if interview else _story_body())


def _story_body() -> str:
    parts = []
    for section in STORY_SECTIONS:
        parts.append(f"## {section}\n\nTODO\n")
    return "\n".join(parts)


def _faq(answers: Answers, content: ContentSettings, vocab: Any) -> tuple[Path, str]:
    title = answers.text("title", "The question")
    features = answers.choose("features", "Features it is about", vocab.features, many=True)
    lang = answers.text("lang", f"Language ({', '.join(content.languages)})",
                        default=content.default_lang)
    slug = answers.args.slug or slugify(title)
    if not slug:
        raise ScaffoldError("the question gives no URL name; add --slug")
    path = draft_path(content, content.faq_paths[0], slug, lang, bundle=False)
    text = "\n".join([
        "---",
        f"title: {quoted(title)}",
        f"features: [{', '.join(features)}]",
        "status: draft",
        f"lang: {lang}",
        f"date: {content.today.isoformat()}",
        "---",
        "",
        "TODO: the answer, drawn from what customers learned.",
        "",
    ])
    return path, text


def _next_steps(relative: Path, kind: str) -> None:
    where = relative.as_posix()
    photos = "" if kind == "faq" else "; put photos in the same folder"
    publish = ("When it is ready: status: published" if kind == "faq" else
               "When the customer approves: status: published and approval: {by: ..., date: ...}")
    print(f"Created {where}\nNext:\n"
          f"  1. Write it: replace every TODO in {where}{photos}\n"
          f"  2. Check it: .venv/bin/casebook check {where}\n"
          "  3. Preview it: make serve, then open http://localhost:8000 "
          "(drafts show with a DRAFT banner)\n"
          f"  4. {publish}")
