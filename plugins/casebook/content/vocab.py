"""Controlled vocabularies: content/taxonomies/features.yml and industries.yml."""

from __future__ import annotations

from pathlib import Path

import yaml

from casebook.content import values
from casebook.content.model import Term, Vocabularies
from casebook.content.problems import FieldError, Problem, did_you_mean
from casebook.content.source import compose, decode

VOCABULARY_NAMES = ("features", "industries")
TERM_KEYS = ("id", "name", "description")


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _localized(node: yaml.Node, key: str) -> dict[str, str]:
    """``{en: ..., ja: ...}``; a plain string counts as every language's text."""
    if isinstance(node, yaml.ScalarNode):
        return {"*": values.text(node, key)}
    if not isinstance(node, yaml.MappingNode):
        raise FieldError(f"{key} must be like {key}: {{en: ..., ja: ...}}", _line(node))
    return {str(k.value): values.text(v, f"{key}.{k.value}") for k, v in node.value}


def _term(node: yaml.Node) -> Term:
    if not isinstance(node, yaml.MappingNode):
        raise FieldError("each entry must be a mapping starting with '- id: ...'", _line(node))
    fields = {str(k.value): (k, v) for k, v in node.value}
    for key, (key_node, _) in fields.items():
        if key not in TERM_KEYS:
            raise FieldError(
                f"unknown key '{key}'{did_you_mean(key, TERM_KEYS)}", _line(key_node)
            )
    if "id" not in fields:
        raise FieldError("entry has no id: add '- id: <lowercase-with-hyphens>'", _line(node))
    term_id = values.text(fields["id"][1], "id")
    if not values.ID_RE.match(term_id):
        raise FieldError(
            f"id '{term_id}' must be lowercase letters, digits and hyphens", _line(fields["id"][1])
        )
    reserved = values.reserved_name(term_id, "id")
    if reserved is not None:
        raise FieldError(reserved, _line(fields["id"][1]))
    if "name" not in fields:
        raise FieldError(f"'{term_id}' has no name: add name: {{en: ..., ja: ...}}", _line(node))
    names = _localized(fields["name"][1], "name")
    descriptions = (
        _localized(fields["description"][1], "description") if "description" in fields else {}
    )
    return Term(term_id, _expand_any(names), _expand_any(descriptions))


def _expand_any(texts: dict[str, str]) -> dict[str, str]:
    if "*" in texts:
        return {"en": texts["*"], "ja": texts["*"]}
    return texts


def load_vocabulary(path: Path, shown: str) -> tuple[dict[str, Term], list[Problem]]:
    """Terms of one vocabulary file, and the problems found in it."""
    problems: list[Problem] = []
    try:
        text = decode(path.read_bytes())
        root = compose(text, subject="the vocabulary")
    except OSError:
        return {}, [Problem(shown, 1, "vocabulary file is missing; create it as a YAML list")]
    except FieldError as exc:
        return {}, [Problem(shown, exc.line, exc.message)]
    if not isinstance(root, yaml.SequenceNode):
        return {}, [Problem(shown, 1, "must be a YAML list of entries, each starting with '- id:'")]
    terms: dict[str, Term] = {}
    for node in root.value:
        try:
            term = _term(node)
        except FieldError as exc:
            problems.append(Problem(shown, exc.line, exc.message))
            continue
        if term.id in terms:
            problems.append(Problem(shown, _line(node), f"id '{term.id}' is listed twice"))
            continue
        terms[term.id] = term
    return terms, problems


def load_vocabularies(directory: Path, shown_dir: str) -> tuple[Vocabularies, list[Problem]]:
    loaded = {}
    problems: list[Problem] = []
    for name in VOCABULARY_NAMES:
        terms, found = load_vocabulary(directory / f"{name}.yml", f"{shown_dir}/{name}.yml")
        loaded[name] = terms
        problems.extend(found)
    return Vocabularies(features=loaded["features"], industries=loaded["industries"]), problems
