"""`casebook import FILE`: story submissions become draft interviews.

Reads a CSV export of a story-submission form (columns mapped to Casebook's
fields by a small YAML file, ``content/import/mapping.yml`` by default) or
the body of a saved "Share your story" GitHub issue (one ``### <label>``
section per field). Each submission becomes ``stories/<slug>/index.md`` with
``status: draft``; an existing story is never overwritten; every row is
reported with what happened to it and why.
"""

from __future__ import annotations

import csv
import hashlib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from casebook.cli.scaffold import (
    draft_path,
    interviewees,
    load_project,
    quoted,
    readable_slug,
    slugify,
)
from casebook.content import ContentSettings
from casebook.content.interview import QUESTIONS, interview_body
from casebook.content.model import COMPANY_SIZES, Term
from casebook.content.problems import did_you_mean
from casebook.content.schema import parse_file
from casebook.content.site import rules_for

DEFAULT_MAPPING = "content/import/mapping.yml"
ANSWER_FIELDS = {q: q.replace("-", "_") for q in QUESTIONS}
LANGUAGES = {"english": "en", "en": "en", "日本語": "ja", "japanese": "ja", "ja": "ja"}
YES = {"yes", "y", "true", "1", "x", "agree", "agreed", "i agree", "はい", "同意する"}
NO_RESPONSE = {"", "_no response_", "none", "n/a"}


class SkipRow(Exception):
    """This submission cannot become a draft; the message says why."""


@dataclass
class Outcome:
    where: str  # "row 3" or the file name
    created: str | None = None
    reason: str = ""
    notes: list[str] = field(default_factory=list)  # what was left TODO, and why

    def __str__(self) -> str:
        if self.created:
            return "; ".join([f"{self.where}: created {self.created} (status: draft)",
                              *self.notes])
        return f"{self.where}: skipped: {self.reason}"


def read_issue_body(text: str, mapping: dict[str, str]) -> dict[str, str]:
    """Fields of a GitHub issue-form body: '### Label' then the answer (the labels are
    the form's questions, as the mapping lists them for a spreadsheet)."""
    fields: dict[str, str] = {}
    for block in re.split(r"^### ", text, flags=re.MULTILINE)[1:]:
        label, _, answer = block.partition("\n")
        field = mapping.get(label.strip())
        if field:
            fields[field] = answer.strip()
    return fields


def checked_boxes(answer: str) -> list[str]:
    """'- [X] Approvals' lines of a checkboxes answer; other text as comma lists."""
    boxes = re.findall(r"^- \[[xX]\] (.+)$", answer, flags=re.MULTILINE)
    if boxes or re.search(r"^- \[ \]", answer, flags=re.MULTILINE):
        return [b.strip() for b in boxes]
    return [part.strip() for part in re.split(r"[;,\n]", answer) if part.strip()]


def read_csv(path: Path, mapping: dict[str, str]) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [{mapping[column]: (value or "").strip() for column, value in row.items()
             if column in mapping} for row in rows]


class NoMapping(Exception):
    """The mapping file is missing."""


def load_mapping(path: Path) -> dict[str, str]:
    if not path.is_file():
        raise NoMapping(f"casebook import: {path} not found; it lists which column (or form "
                        "question) holds which field: see 'Import submissions' in "
                        "docs/editor-guide.md, or give --mapping")
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    columns: dict[str, Any] = data.get("columns") or data
    return {str(column): str(field) for column, field in columns.items()}


def term_id(value: str, terms: dict[str, Term], what: str) -> str:
    """A vocabulary id from an id or a name in any language."""
    wanted = value.strip().lower()
    words: dict[str, str] = {}
    for term in terms.values():
        words[term.id] = term.id
        words.update({name.lower(): term.id for name in term.names.values()})
    if wanted in words:
        return words[wanted]
    hint = did_you_mean(wanted, words)
    raise SkipRow(f"{what} '{value}' is not in content/taxonomies{hint} (fix the row, or add "
                  f"the {what} to content/taxonomies/)")


def _answer(fields: dict[str, str], name: str) -> str:
    value = fields.get(name, "").strip()
    return "" if value.lower() in NO_RESPONSE else value


def draft_text(fields: dict[str, str], vocab: Any, lang: str, today: str,
               questions: dict[str, str], notes: list[str] | None = None) -> str:
    """The draft interview of one submission; what was left TODO goes in ``notes``."""
    notes = notes if notes is not None else []
    company = _answer(fields, "company")
    headline = _answer(fields, "headline")
    if not company or not headline:
        raise SkipRow("company name and the one-sentence story are required")
    if not any(_answer(fields, "consent").lower().startswith(y) for y in YES) and not \
            re.search(r"^- \[[xX]\]", fields.get("consent", ""), flags=re.MULTILINE):
        raise SkipRow("no consent to publish; ask the customer to tick the consent box")
    industry = term_id(_answer(fields, "industry"), vocab.industries, "industry")
    features = [term_id(f, vocab.features, "feature")
                for f in checked_boxes(_answer(fields, "features"))]
    if not features:
        raise SkipRow("no feature chosen; a story needs at least one")
    lines = [
        "---",
        f"title: {quoted(headline)}",
        "type: interview",
        f"customer: {quoted(company)}",
        f"industry: {industry}",
        f"features: [{', '.join(features)}]",
        f"date: {today}",
        f"summary: {quoted(headline)}",
        "status: draft",
        f"lang: {lang}",
        interviewees(_answer(fields, "contact_name"), _answer(fields, "contact_role")),
    ]
    size = _answer(fields, "company_size")
    if size in COMPANY_SIZES:
        lines.append(f"company_size: {quoted(size)}")
    else:
        if size:
            notes.append(f"company size '{size}' is not one of {', '.join(COMPANY_SIZES)}"
                         f"{did_you_mean(size, COMPANY_SIZES)}; it is left TODO")
        lines.append(f"company_size: TODO  # one of: {', '.join(COMPANY_SIZES)}")
    lines.append(f"region: {quoted(_answer(fields, 'region') or 'TODO')}")
    metrics = [m.split("|", 1) for m in _answer(fields, "metrics").splitlines() if "|" in m]
    if metrics:
        lines.append("metrics:")
        lines += [f"  - {{value: {quoted(v.strip(' -'))}, label: {quoted(label.strip())}}}"
                  for v, label in metrics]
    lines += ["---", ""]
    speaker = _answer(fields, "contact_name")
    answers = {question: spoken(speaker, _answer(fields, name))
               for question, name in ANSWER_FIELDS.items()}
    return "\n".join(lines) + "\n" + interview_body(questions, answers, "TODO: ask the customer.")


def spoken(speaker: str, answer: str) -> str:
    """An answer as the editor guide writes one: the speaker's name in bold first."""
    if not answer or not speaker:
        return answer
    return f"**{speaker}:** {answer}"


def import_submissions(config: Path, source: Path, mapping_path: Path | None = None) -> int:
    project = load_project(config)
    if project is None:
        return 1
    content, vocab, questions = project
    try:
        mapping = load_mapping(mapping_path or content.root / DEFAULT_MAPPING)
    except NoMapping as exc:
        print(exc, file=sys.stderr)
        return 2
    if not source.is_file():
        print(f"casebook import: {source} not found; give the path of the CSV export or the "
              "saved issue text", file=sys.stderr)
        return 2
    try:
        if source.suffix.lower() == ".csv":
            submissions = [(f"row {n}", row)
                           for n, row in enumerate(read_csv(source, mapping), 2)]
        else:
            submissions = [(source.name, read_issue_body(source.read_text(encoding="utf-8"),
                                                         mapping))]
    except UnicodeDecodeError:
        print(f"casebook import: {source} is not UTF-8 text; export it again as "
              "\"CSV UTF-8\" (or save the text as UTF-8)", file=sys.stderr)
        return 2
    outcomes = [_import_one(where, fields, content, vocab, questions)
                for where, fields in submissions]
    for outcome in outcomes:
        print(outcome)
    created = sum(1 for o in outcomes if o.created)
    print(f"{created} draft(s) created, {len(outcomes) - created} skipped", file=sys.stderr)
    return 0 if created or not outcomes else 1


def _import_one(where: str, fields: dict[str, str], content: ContentSettings,
                vocab: Any, questions: dict[str, dict[str, str]]) -> Outcome:
    notes: list[str] = []
    try:
        lang = LANGUAGES.get(_answer(fields, "language").lower(), content.default_lang)
        text = draft_text(fields, vocab, lang, content.today.isoformat(), questions[lang], notes)
    except SkipRow as exc:
        return Outcome(where, reason=str(exc))
    company = _answer(fields, "company")
    slug = (slugify(_answer(fields, "slug")) or readable_slug(company)
            or "story-" + hashlib.sha256(company.encode()).hexdigest()[:8])
    path = draft_path(content, content.story_paths[0], slug, lang, bundle=True)
    relative = path.relative_to(content.root).as_posix()
    if path.exists():
        return Outcome(where, reason=f"{relative} already exists; it was not overwritten")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    item, found = parse_file(path, rules_for(content, vocab))
    errors = [p for p in found if p.level == "error"]
    if errors:
        path.unlink()
        if not any(path.parent.iterdir()):
            path.parent.rmdir()
        return Outcome(where, reason="; ".join(p.message for p in errors))
    return Outcome(where, created=relative, notes=notes)


def write_template(config: Path, mapping_path: Path | None = None) -> int:
    """An empty CSV (the header row) with the columns ``import`` reads, in the mapping's
    order, one per field: what a survey tool or a spreadsheet starts from."""
    project = load_project(config)
    if project is None:
        return 1
    try:
        mapping = load_mapping(mapping_path or project.content.root / DEFAULT_MAPPING)
    except NoMapping as exc:
        print(exc, file=sys.stderr)
        return 2
    columns: dict[str, str] = {}
    for column, name in mapping.items():
        columns.setdefault(name, column)  # a field's first column: the spreadsheet's
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(columns.values())
    return 0
