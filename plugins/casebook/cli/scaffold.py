"""`casebook new story|interview|faq`: a complete draft, ready to fill in.

Every choice can be given as a flag (for scripts and tests); what is missing
is asked for when a person is at the terminal, offering the vocabularies'
choices (by number, id or name). A fact nobody gave is never made up: it stays
a TODO, which ``casebook check`` reports until it is replaced, and which stops
the story from being published. The six interview questions are worded as the
site words them (the theme's ``q_*`` strings, in the draft's language).
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any, NamedTuple

from casebook.cli.build import load_config
from casebook.content import ContentSettings
from casebook.content.interview import QUESTIONS, interview_body
from casebook.content.model import COMPANY_SIZES, Term, Vocabularies
from casebook.content.problems import did_you_mean
from casebook.content.vocab import load_vocabularies
from casebook.outputs.i18n import load_strings

STORY_SECTIONS = ("The situation", "The turning point", "What changed", "What was hard")


TODO = "TODO"


class ScaffoldError(Exception):
    pass


class Stopped(Exception):
    """The editor pressed Ctrl+C or Ctrl+D at a question."""


class ScaffoldProject(NamedTuple):
    """What drafts are written against: content settings, vocabularies, and the six
    questions as the site words them, per language."""

    content: ContentSettings
    vocab: Vocabularies
    questions: dict[str, dict[str, str]]


def load_project(config: Path) -> ScaffoldProject | None:
    """The project drafts are written against, or None after printing why the
    vocabularies cannot be used."""
    settings = load_config(config)
    content = settings.content
    vocab, problems = load_vocabularies(content.root / content.taxonomy_path,
                                        content.taxonomy_path)
    if problems:
        print("\n".join(str(p) for p in problems), file=sys.stderr)
        return None
    strings = load_strings(settings.theme, content.languages, content.default_lang,
                           settings.strings)
    questions = {lang: {q: str(texts.get(f"q_{q}", q)) for q in QUESTIONS}
                 for lang, texts in strings.items()}
    return ScaffoldProject(content, vocab, questions)


def draft_path(content: ContentSettings, folder: str, slug: str, lang: str,
               bundle: bool) -> Path:
    """``folder/slug/index[.lang].md`` for a bundle, else ``folder/slug[.lang].md``."""
    suffix = "" if lang == content.default_lang else f".{lang}"
    base = content.root / folder
    return base / slug / f"index{suffix}.md" if bundle else base / f"{slug}{suffix}.md"


def interviewees(name: str, role: str) -> str:
    return f"interviewees: [{{name: {quoted(name or 'TODO')}, role: {quoted(role or 'TODO')}}}]"


def add_new_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", choices=["story", "interview", "faq"])
    parser.add_argument("--customer", help="customer organisation (stories and interviews)")
    parser.add_argument("--industry", help="industry id")
    parser.add_argument("--features", help="feature ids, comma-separated")
    parser.add_argument("--lang", help="language (default: the site's)")
    parser.add_argument("--title", help="headline, or the question for an FAQ entry")
    parser.add_argument("--slug", help="URL name (default: from the customer or title)")
    parser.add_argument("--interviewee", help='for interviews: "Name, Role"')
    parser.add_argument("--company-size", dest="company_size",
                        help=f"one of {', '.join(COMPANY_SIZES)} (default: TODO)")
    parser.add_argument("--region", help='where the customer is, e.g. "Ontario, Canada" '
                        "(default: TODO)")
    parser.add_argument("--single", action="store_true",
                        help="a single file instead of a folder (no images)")


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]")
# A company's legal form says nothing about which company it is: left out of its URL.
LEGAL_FORMS = re.compile(r"株式会社|有限会社|合同会社|合資会社|合名会社|[(（][株有][)）]|㈱|㈲")


def readable_slug(name: str) -> str:
    """A URL name for a customer: its Latin letters, or a Japanese name romanised
    (奥山精密工業株式会社 → okuyama-seimitsu-kougyou) with cutlet, which reads kanji
    with a dictionary (MeCab and UniDic), as a person would. An editor who prefers the
    company's own spelling gives --slug (or a slug column when importing)."""
    if not JAPANESE.search(name):
        return slugify(name)
    return slugify(_romaniser().slug(LEGAL_FORMS.sub(" ", name).strip()))


@functools.cache
def _romaniser() -> Any:
    import cutlet  # loads a dictionary: only for a Japanese name

    return cutlet.Cutlet("hepburn")


def quoted(text: str) -> str:
    """A YAML double-quoted string (JSON's escaping is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


class Answers:
    """Flags first; questions at the terminal for what is missing."""

    def __init__(self, args: argparse.Namespace, interactive: bool, lang: str = "en") -> None:
        self.args = args
        self.interactive = interactive
        self.lang = lang  # the language names are shown in
        self.missing: list[str] = []

    def ask(self, prompt: str) -> str:
        try:
            return input(prompt).strip()
        except (EOFError, KeyboardInterrupt) as exc:
            print()
            raise Stopped from exc

    def text(self, name: str, question: str, default: str | None = None,
             required: bool = True) -> str:
        """A flag's value, else an answer at the terminal. Not required: Enter (or no
        terminal) leaves it TODO."""
        value = getattr(self.args, name, None)
        if value:
            return str(value)
        if not self.interactive:
            if default or not required:
                return default or TODO
            self.missing.append(f"--{name.replace('_', '-')}")
            return ""
        hint = f" [{default}]" if default else "" if required else " (Enter if you do not know)"
        while True:
            answer = self.ask(f"{question}{hint}: ")
            if answer or default or not required:
                return answer or default or TODO

    def choose(self, name: str, question: str, options: dict[str, str], many: bool,
               required: bool = True) -> list[str]:
        """Ids from ``options`` (id: name shown). A flag or an answer may give numbers
        (at the terminal), ids or names; an unknown one is refused with the closest."""
        flag = f"--{name.replace('_', '-')}"
        given = getattr(self.args, name, None)
        if given:
            picks = comma_list(str(given))
            chosen, problem = pick(picks, options, numbers=False)
            if problem:
                raise ScaffoldError(f"{flag}: {problem}")
            return chosen
        if not self.interactive:
            if required:
                self.missing.append(flag)
            return []
        ids = list(options)
        for n, option in enumerate(ids, 1):
            shown = f" ({options[option]})" if options[option] != option else ""
            print(f"  {n:2}. {option}{shown}")
        several = ", several separated by commas" if many else ""
        skip = "; Enter if you do not know" if not required else ""
        prompt = f"{question} (a number, id or name{several}{skip}): "
        while True:
            picks = comma_list(self.ask(prompt))
            if not picks and not required:
                return []
            chosen, problem = pick(picks, options, numbers=True)
            if not picks:
                problem = "choose at least one"
            elif len(chosen) > 1 and not many:
                problem = "choose one"
            if not problem:
                return chosen
            print(f"  {problem}")


def comma_list(text: str) -> list[str]:
    """``"Forms, Approvals,"`` as ``["Forms", "Approvals"]``."""
    return [part.strip() for part in text.split(",") if part.strip()]


def pick(picks: list[str], options: dict[str, str], numbers: bool) -> tuple[list[str], str]:
    """The ids that ``picks`` name (a number in the list, an id, or a name in any case),
    and what was wrong, if anything ("did you mean" included)."""
    ids = list(options)
    by_word = {option.lower(): option for option in ids}
    by_word.update({name.lower(): option for option, name in options.items()})
    chosen: list[str] = []
    for given in picks:
        if numbers and given.isdigit() and 1 <= int(given) <= len(ids):
            chosen.append(ids[int(given) - 1])
        elif given.lower() in by_word:
            chosen.append(by_word[given.lower()])
        else:
            return chosen, (f"'{given}' is not one of the list{did_you_mean(given, by_word)}"
                            f" (ids: {', '.join(ids)})")
    return list(dict.fromkeys(chosen)), ""


def term_options(terms: dict[str, Term], lang: str, default_lang: str) -> dict[str, str]:
    """A vocabulary as choices: id -> its name in the editor's language."""
    return {term_id: term.name(lang, default_lang) for term_id, term in terms.items()}


def new(config: Path, args: argparse.Namespace, interactive: bool | None = None) -> int:
    project = load_project(config)
    if project is None:
        return 1
    answers = Answers(args, sys.stdin.isatty() if interactive is None else interactive,
                      project.content.default_lang)
    try:
        path, text = (_faq if args.kind == "faq" else _story)(answers, project)
    except MissingFlags:
        print(f"casebook new: not at a terminal, so give {' '.join(answers.missing)} "
              f"(e.g. {EXAMPLE_FLAGS[args.kind]}; casebook new --help lists them all)",
              file=sys.stderr)
        return 2
    except ScaffoldError as exc:
        print(f"casebook new: {exc}", file=sys.stderr)
        return 2
    except Stopped:
        print("casebook new: stopped; nothing was written", file=sys.stderr)
        return 130
    content = project.content
    if path.exists() or (path.name.startswith("index.") and path.parent.exists()):
        print(f"casebook new: {path.relative_to(content.root)} already exists; "
              "choose another --slug", file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    _next_steps(path.relative_to(content.root), args.kind)
    return 0


class MissingFlags(Exception):
    """Not at a terminal, and required flags were not given (``Answers.missing``)."""


EXAMPLE_FLAGS = {
    "story": '--customer "Acme Tools" --industry manufacturing --features approvals,forms',
    "interview": '--customer "Acme Tools" --industry manufacturing --features approvals '
                 '--interviewee "Dana Reyes, COO"',
    "faq": '--title "Does it work offline?" --features forms',
}


def _story(answers: Answers, project: ScaffoldProject) -> tuple[Path, str]:
    content, vocab = project.content, project.vocab
    interview = answers.args.kind == "interview"
    show = content.default_lang
    customer = answers.text("customer", "Customer organisation")
    industry = answers.choose("industry", "Industry",
                              term_options(vocab.industries, show, show), many=False)
    features = answers.choose("features", "Features they use",
                              term_options(vocab.features, show, show), many=True)
    lang = answers.choose("lang", "Language", {lang: lang for lang in content.languages},
                          many=False, required=False) or [content.default_lang]
    people = answers.text("interviewee", "Interviewee (Name, Role)") if interview else ""
    size = answers.choose("company_size", "Company size (employees)",
                          {size: size for size in COMPANY_SIZES}, many=False, required=False)
    region = answers.text("region", "Region (e.g. Ontario, Canada)", required=False)
    if answers.missing:
        raise MissingFlags
    title = answers.args.title or f"TODO: the headline: what {customer} achieved"
    slug = answers.args.slug or readable_slug(customer)
    if not slug:
        raise ScaffoldError("the customer's name gives no URL name; add --slug acme-onboarding")
    path = draft_path(content, content.story_paths[0], slug, lang[0],
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
        f"lang: {lang[0]}",
        (f"company_size: {size[0]}" if size else
         f"company_size: {TODO}  # one of: {', '.join(COMPANY_SIZES)}"),
        f"region: {quoted(region)}",
    ]
    if interview:
        name, _, role = people.partition(",")
        lines.append(interviewees(name.strip(), role.strip()))
    lines += ["---", ""]
    body = interview_body(project.questions[lang[0]]) if interview else _story_body()
    return path, "\n".join(lines) + "\n" + body


def _story_body() -> str:
    parts = []
    for section in STORY_SECTIONS:
        parts.append(f"## {section}\n\nTODO\n")
    return "\n".join(parts)


def _faq(answers: Answers, project: ScaffoldProject) -> tuple[Path, str]:
    content, vocab = project.content, project.vocab
    show = content.default_lang
    title = answers.text("title", "The question")
    features = answers.choose("features", "Features it is about",
                              term_options(vocab.features, show, show), many=True)
    lang = answers.choose("lang", "Language", {lang: lang for lang in content.languages},
                          many=False, required=False) or [content.default_lang]
    if answers.missing:
        raise MissingFlags
    slug = answers.args.slug or slugify(title)
    if not slug:
        raise ScaffoldError("the question gives no URL name; add --slug")
    path = draft_path(content, content.faq_paths[0], slug, lang[0], bundle=False)
    text = "\n".join([
        "---",
        f"title: {quoted(title)}",
        f"features: [{', '.join(features)}]",
        "status: draft",
        f"lang: {lang[0]}",
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
