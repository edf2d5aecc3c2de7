"""The browser editor's configuration is generated from the content model: they agree,
and a field added to one only is caught."""

from __future__ import annotations

import pytest

from casebook.cms import decap
from casebook.cms.decap import Form, collections, disagreements
from casebook.content.interview import interview_body
from casebook.content.model import COMPANY_SIZES, Term, Vocabularies
from casebook.content.schema import SCHEMAS

QUESTIONS = {lang: {q: f"{lang} question {q}" for q in
                    ("usage", "why-fan", "effort", "near-give-up", "comparison",
                     "favourite-features")} for lang in ("en", "ja")}


def vocabularies(*industries: str) -> Vocabularies:
    features = {"approvals": Term("approvals", {"en": "Approvals", "ja": "承認フロー"}, {}),
                "forms": Term("forms", {"en": "Forms", "ja": "フォーム"}, {})}
    return Vocabularies(features=features, industries={
        i: Term(i, {"en": i.title(), "ja": f"{i}（日本語）"}, {}) for i in industries})


def generated(*industries: str) -> list[dict]:
    return collections({"stories": "stories", "interviews": "stories", "faq": "content/faq",
                        "pages": "content/pages"}, ("en", "ja"),
                       vocabularies(*industries or ("logistics",)), QUESTIONS, interview_body)


def fields_of(collection: dict) -> dict[str, dict]:
    return {field["name"]: field for field in collection["fields"]}


def test_the_form_and_the_model_agree() -> None:
    assert disagreements() == []


def test_a_field_added_to_the_model_only_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    required, optional = SCHEMAS["story"]
    monkeypatch.setitem(SCHEMAS, "story", (required, (*optional, "customer_since")))
    assert disagreements() == [
        "story: the model reads 'customer_since' but the browser editor has no field for it "
        "(add it to FORMS in casebook/cms/decap.py, or to NOT_IN_FORM with the reason)"]


def test_a_field_added_to_the_form_only_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(decap.FORMS, "faq", (*decap.FORMS["faq"], "subtitle"))
    assert disagreements() == [
        "faq: the browser editor writes 'subtitle', which the model does not read"]


def test_every_collection_writes_what_the_model_reads() -> None:
    for collection in generated():
        kind = decap.KIND_FOLDERS[collection["name"].rsplit("_", 1)[0]]
        required, optional = SCHEMAS[kind]
        fields = fields_of(collection)
        assert set(fields) - {"body"} == set(required) | set(optional) - set(
            decap.NOT_IN_FORM[kind]), collection["name"]
        for key in required:
            assert fields[key]["required"], (collection["name"], key)
        assert fields["body"]["widget"] == "markdown"
        assert fields["lang"] == {"name": "lang", "label": "lang", "widget": "hidden",
                                  "default": collection["name"].rsplit("_", 1)[1],
                                  "required": False}


def test_widgets_write_the_values_the_model_reads() -> None:
    story = fields_of(generated("logistics", "retail")[0])
    assert story["industry"]["options"] == [{"label": "Logistics", "value": "logistics"},
                                            {"label": "Retail", "value": "retail"}]
    assert story["features"]["multiple"] is True and story["features"]["min"] == 1
    for key in ("date", "updated"):
        assert story[key]["format"] == "YYYY-MM-DD" and story[key]["time_format"] is False
    assert [o["value"] for o in story["company_size"]["options"]] == list(COMPANY_SIZES)
    assert [o["value"] for o in story["status"]["options"]] == ["draft", "review", "published"]
    assert [f["name"] for f in story["metrics"]["fields"]] == ["value", "label"]
    assert [f["name"] for f in story["quote"]["fields"]] == ["text", "author", "role"]
    assert story["quote"]["needs"] == ["text", "author"]
    approval = story["approval"]
    assert approval["widget"] == "casebook-group" and approval["needs"] == ["by", "date"]
    assert approval["publish_message"].startswith("Add the customer's sign-off")
    assert [f["name"] for f in story["interviewees"]["fields"]] == ["name", "role"]


def test_a_new_industry_is_in_the_next_generated_form() -> None:
    before = fields_of(generated("logistics")[0])["industry"]["options"]
    after = fields_of(generated("logistics", "healthcare")[0])["industry"]["options"]
    assert {"label": "Healthcare", "value": "healthcare"} in after
    assert {"label": "Healthcare", "value": "healthcare"} not in before


def test_languages_and_interviews() -> None:
    by_name = {c["name"]: c for c in generated()}
    assert list(by_name) == ["stories_en", "stories_ja", "interviews_en", "interviews_ja",
                             "faq_en", "faq_ja", "pages_en", "pages_ja"]
    assert by_name["stories_en"]["extension"] == "md"
    assert by_name["stories_ja"]["extension"] == "ja.md"  # index.ja.md beside index.md
    assert by_name["stories_en"]["path"] == "{{slug}}/index"
    assert by_name["stories_en"]["slug"] == "{{translation_key}}"
    ja_key = fields_of(by_name["stories_ja"])["translation_key"]
    assert ja_key["widget"] == "relation" and ja_key["collection"] == "stories_en"
    assert fields_of(by_name["stories_ja"])["industry"]["options"][0]["label"] == (
        "logistics（日本語） (Logistics)")  # the item's language, then the editor's
    interview = fields_of(by_name["interviews_ja"])
    assert by_name["interviews_ja"]["filter"] == {"field": "type", "value": "interview"}
    assert interview["type"] == {"name": "type", "label": "Kind", "widget": "hidden",
                                 "default": "interview", "required": False,
                                 "hint": interview["type"]["hint"]}
    assert "## ja question usage {#usage}" in interview["body"]["default"]
    assert interview["interviewees"]["required"] is True


def test_a_form_in_the_editors_language() -> None:
    form = Form("story", "en", "ja", vocabularies("logistics"), None)
    assert form.field("title")["label"] == "タイトル"
