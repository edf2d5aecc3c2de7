"""Decap CMS's configuration, generated from Casebook's content model on every build.

Every key the content model accepts (``casebook.content.schema.SCHEMAS``) is a field
of the form, with the widget that writes what the model reads: the vocabularies'
ids as selects with their names in the editor's language, dates as dates, metrics,
quote and interviewees as lists and objects, the customer's sign-off as an object
that is required to publish. A key the form does not show is listed in
``NOT_IN_FORM`` with the reason; a test fails when the two disagree.

One collection per kind and language. The main language's files are ``index.md``
and ``<slug>.md``; another language's are ``index.<lang>.md``: Decap lists a
collection's files by their extension, so the other languages' collections use
``<lang>.md`` as theirs, and the main language's drops them (cms-setup.js wraps
the backend for that, as Decap's ``filter`` matches one field only).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from casebook.content.model import COMPANY_SIZES, STATUSES, Vocabularies
from casebook.content.schema import SCHEMAS

Field = dict[str, Any]

# Keys of the model the form does not show, and why.
NOT_IN_FORM = {
    "story": {"slug": "the folder is named by the URL name (translation_key)"},
    "page": {"slug": "the file is named by the URL name (translation_key)"},
    "faq": {},
}
# The order of the form, per kind (the model's keys, and the body).
FORMS = {
    "story": ("title", "customer", "translation_key", "type", "industry", "features",
              "date", "summary", "status", "approval", "company_size", "region", "logo",
              "hero", "metrics", "quote", "interviewees", "anonymous", "featured", "video",
              "slides", "updated", "lang", "body"),
    "faq": ("title", "translation_key", "features", "industries", "status", "order",
            "date", "lang", "body"),
    "page": ("title", "translation_key", "summary", "status", "order", "date", "lang",
             "body"),
}
URL_NAME = ["^[a-z0-9]+(-[a-z0-9]+)*$", "lowercase letters, digits and hyphens"]
DATE = {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD",
        "time_format": False}
STATUS_ORDER = ("draft", "review", "published")


@cache
def _words_file() -> dict[str, Any]:
    words: dict[str, Any] = yaml.safe_load(
        (Path(__file__).parent / "words.yml").read_text(encoding="utf-8"))
    return words


def words(lang: str) -> dict[str, Any]:
    """The editor's words in ``lang`` (English for a language without its own)."""
    all_words = _words_file()
    return all_words.get(lang) or all_words["en"]


class Form:
    """The fields of one collection: the model's keys as widgets, in one language."""

    def __init__(self, kind: str, lang: str, editor_lang: str, vocab: Vocabularies,
                 main_collection: str | None, interview_body: str | None = None) -> None:
        self.kind = kind
        self.lang = lang
        self.vocab = vocab
        self.editor_lang = editor_lang
        self.ui = words(editor_lang)
        self.main_collection = main_collection  # None: this is the main language
        self.interview_body = interview_body  # an interview collection's new body
        required, _optional = SCHEMAS[kind]
        self.required = set(required)

    def fields(self) -> list[Field]:
        return [self.field(key) for key in FORMS[self.kind]]

    def field(self, key: str) -> Field:
        label, hint = self.ui["fields"].get(key, [key, ""])
        made = getattr(self, f"_{key}", self._string)(key)
        field: Field = {"name": key, "label": label, **made}
        if hint and "hint" not in field:
            field["hint"] = hint
        if "required" not in field:
            field["required"] = key in self.required or key in ("translation_key", "body")
        return field

    def _sub(self, parent: str, key: str, widget: Field, required: bool = True) -> Field:
        label, hint = self.ui["fields"].get(f"{parent}.{key}", [key, ""])
        field: Field = {"name": key, "label": label, **widget, "required": required}
        if hint:
            field["hint"] = hint
        return field

    # the widgets, by key
    def _string(self, key: str) -> Field:
        return {"widget": "string"}

    def _text(self, key: str) -> Field:
        return {"widget": "text"}

    _summary = _text

    def _translation_key(self, key: str) -> Field:
        if self.main_collection is None:
            return {"widget": "string", "pattern": URL_NAME}
        label, hint = self.ui["fields"]["translation_of"]
        return {"widget": "relation", "label": label, "hint": hint,
                "collection": self.main_collection, "value_field": "translation_key",
                "search_fields": ["title", "translation_key"],
                "display_fields": ["title"], "options_length": 50}

    def _type(self, key: str) -> Field:
        if self.interview_body is not None:
            return {"widget": "hidden", "default": "interview"}
        return {"widget": "select", "default": "story",
                "options": [{"label": self.ui["types"][t], "value": t}
                            for t in ("story", "interview")]}

    def _terms(self, terms: dict[str, Any], multiple: bool, minimum: int) -> Field:
        options = [{"label": self._term_label(term), "value": term_id}
                   for term_id, term in terms.items()]
        field: Field = {"widget": "select", "options": options}
        if multiple:
            field.update(multiple=True, min=minimum)
        return field

    def _term_label(self, term: Any) -> str:
        """A term's name in the item's language, and in the editor's when that differs
        (製造業 (Manufacturing) in a Japanese story for an English-speaking editor)."""
        name, editors = term.name(self.lang), term.name(self.editor_lang)
        return name if name == editors else f"{name} ({editors})"

    def _industry(self, key: str) -> Field:
        return self._terms(self.vocab.industries, multiple=False, minimum=1)

    def _features(self, key: str) -> Field:
        return self._terms(self.vocab.features, multiple=True, minimum=1)

    def _industries(self, key: str) -> Field:
        return self._terms(self.vocab.industries, multiple=True, minimum=0)

    def _date(self, key: str) -> Field:
        return dict(DATE)

    _updated = _date

    def _status(self, key: str) -> Field:
        assert set(STATUS_ORDER) == set(STATUSES)
        return {"widget": "select", "default": "draft",
                "options": [{"label": self.ui["statuses"][s], "value": s}
                            for s in STATUS_ORDER]}

    def _group(self, key: str, parts: list[Field], needs: list[str],
               publish_message: str | None = None) -> Field:
        """An object whose ``needs`` go together (casebook-group in cms-setup.js checks
        them, and shows the error on the field; Decap's own check would insist on
        them even when the object is left empty)."""
        labels = [self.ui["fields"][f"{key}.{name}"][0] for name in needs]
        field: Field = {"widget": "casebook-group", "required": False, "collapsed": False,
                        "fields": [{**part, "required": False} for part in parts],
                        "needs": needs,
                        "needs_message": self.ui["needs"].format(parts=" / ".join(labels))}
        if publish_message:
            field["publish_message"] = publish_message
        return field

    def _approval(self, key: str) -> Field:
        # Required to publish, both parts or neither.
        return self._group(key, [self._sub(key, "by", {"widget": "string"}),
                                 self._sub(key, "date", dict(DATE))],
                           ["by", "date"], self.ui["approval_needed"])

    def _company_size(self, key: str) -> Field:
        suffix = self.ui["sizes_suffix"]
        return {"widget": "select",
                "options": [{"label": f"{size}{suffix}", "value": size}
                            for size in COMPANY_SIZES]}

    def _image(self, key: str) -> Field:
        return {"widget": "image", "choose_url": False}

    _logo = _image
    _hero = _image

    def _slides(self, key: str) -> Field:
        return {"widget": "file", "choose_url": False, "pattern": [r"\.pdf$", "a PDF file"]}

    def _metrics(self, key: str) -> Field:
        return {"widget": "list", "summary": "{{fields.value}}: {{fields.label}}",
                "fields": [self._sub(key, "value", {"widget": "string"}),
                           self._sub(key, "label", {"widget": "string"})]}

    def _quote(self, key: str) -> Field:
        return self._group(key, [self._sub(key, "text", {"widget": "text"}),
                                 self._sub(key, "author", {"widget": "string"}),
                                 self._sub(key, "role", {"widget": "string"})],
                           ["text", "author"])

    def _interviewees(self, key: str) -> Field:
        return {"widget": "list", "summary": "{{fields.name}}",
                "required": self.interview_body is not None, "min": 1,
                "fields": [self._sub(key, "name", {"widget": "string"}),
                           self._sub(key, "role", {"widget": "string"}, required=False)]}

    def _flag(self, key: str) -> Field:
        return {"widget": "boolean", "default": False}

    _anonymous = _flag
    _featured = _flag

    def _video(self, key: str) -> Field:
        return {"widget": "string", "pattern": ["^https://", "a https:// link"]}

    def _order(self, key: str) -> Field:
        return {"widget": "number", "value_type": "int", "min": 0}

    def _lang(self, key: str) -> Field:
        return {"widget": "hidden", "default": self.lang}

    def _body(self, key: str) -> Field:
        field: Field = {"widget": "markdown", "modes": ["rich_text", "raw"]}
        if self.interview_body is not None:
            field["default"] = self.interview_body
        return field


def form_keys(kind: str) -> set[str]:
    """The model's keys the form of ``kind`` writes (the body aside)."""
    return set(FORMS[kind]) - {"body"}


def model_keys(kind: str) -> set[str]:
    required, optional = SCHEMAS[kind]
    return set(required) | set(optional)


KIND_FOLDERS = {"stories": "story", "interviews": "story", "faq": "faq", "pages": "page"}


def collection_name(collection: str, lang: str) -> str:
    return f"{collection}_{lang}"


def collections(folders: dict[str, str], languages: tuple[str, ...], vocab: Vocabularies,
                questions: dict[str, dict[str, str]], body_of_interview: Any) -> list[Field]:
    """Every collection: stories (with interviews), interviews, FAQ and pages, per
    language, the main language first. ``folders``: each collection's folder."""
    main = languages[0]
    ui = words(main)
    result = []
    for collection, kind in KIND_FOLDERS.items():
        for lang in languages:
            is_interview = collection == "interviews"
            form = Form(kind, lang, main, vocab,
                        None if lang == main else collection_name(collection, main),
                        body_of_interview(questions[lang]) if is_interview else None)
            label, singular = ui["collections"][collection]
            if len(languages) > 1:
                language = ui["language"].get(lang, lang)
                label, singular = f"{label} ({language})", f"{singular} ({language})"
            entry: Field = {
                "name": collection_name(collection, lang), "label": label,
                "label_singular": singular, "folder": folders[collection],
                "create": True, "format": "yaml-frontmatter",
                "extension": "md" if lang == main else f"{lang}.md",
                "identifier_field": "title", "slug": "{{translation_key}}",
                "summary": "{{title}}", "sortable_fields": ["date", "title"],
                "view_filters": [{"label": ui["statuses"][s], "field": "status", "pattern": s}
                                 for s in STATUS_ORDER],
                "fields": form.fields(),
            }
            if kind == "story":  # a page bundle: the photos beside index.md
                entry.update(path="{{slug}}/index", media_folder="", public_folder="")
            else:  # shared images
                entry.update(media_folder="/content/images", public_folder="")
            if is_interview:
                entry["filter"] = {"field": "type", "value": "interview"}
            result.append(entry)
    return result


def decap_config(backend: Field, publish_mode: str, folders: dict[str, str],
                 languages: tuple[str, ...], vocab: Vocabularies,
                 questions: dict[str, dict[str, str]], body_of_interview: Any,
                 site_url: str, image_folder: str) -> Field:
    """The whole of admin/config.yml."""
    config: Field = {
        "backend": backend,
        "publish_mode": publish_mode,
        "locale": languages[0],
        "media_folder": image_folder,
        "public_folder": "",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": collections(folders, languages, vocab, questions, body_of_interview),
    }
    if site_url:
        config["site_url"] = config["display_url"] = site_url
    return config



def disagreements() -> list[str]:
    """Where the form and the content model part ways: a key the model reads that the
    form neither writes nor explains, or a key the form writes that the model does
    not read. Empty when they agree."""
    found = []
    for kind in SCHEMAS:
        form, model, explained = form_keys(kind), model_keys(kind), set(NOT_IN_FORM[kind])
        found += [f"{kind}: the model reads '{key}' but the browser editor has no field "
                  "for it (add it to FORMS in casebook/cms/decap.py, or to NOT_IN_FORM "
                  "with the reason)" for key in sorted(model - form - explained)]
        found += [f"{kind}: the browser editor writes '{key}', which the model does not "
                  "read" for key in sorted(form - model)]
        found += [f"{kind}: '{key}' is both in the form and in NOT_IN_FORM"
                  for key in sorted(form & explained)]
    return found
