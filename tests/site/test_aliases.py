"""Search aliases in `casebook check`: a group that no published page mentions finds
nothing, and the editor is told at its line."""

from __future__ import annotations

import pytest

from casebook.cli.main import main

from ..conftest import REPO, Project, Result

ALIASES = "content/search/aliases.yml"
HEADER = "# Search aliases\n"


def unused_alias_lines(result: Result) -> list[str]:
    return [line for line in result.lines if "alias group finds nothing" in line]


def with_cta_page(project: Project) -> Project:
    """The project with the page stories end with, so that check has nothing else to say."""
    project.write("content/pages/share-your-story.md",
                  "---\ntitle: Share your story\nstatus: published\n---\n\nWrite to us.\n")
    return project


def test_alias_group_no_page_mentions_is_a_warning_at_its_line(project: Project) -> None:
    with_cta_page(project).write(ALIASES, HEADER + "- [backlog, 積み残し]\n- [e-sign, 電子署名]\n")
    project.story("stories/acme.md")
    result = project.run("check")
    assert result.code == 0
    assert unused_alias_lines(result) == [
        f'{ALIASES}:3: warning: no page mentions any of "e-sign", "電子署名"; this alias '
        "group finds nothing (check the spelling, or remove the line)"]
    assert result.lines[-1] == "all content checked: 0 error(s), 1 warning(s)"


def test_alias_group_one_page_mentions_gets_no_warning(project: Project) -> None:
    with_cta_page(project).write(ALIASES, "- [SSO, single sign-on, シングルサインオン]\n"
                                 "- [監査証跡, audit trail]\n- [ERP, 基幹システム]\n")
    project.story("stories/acme.md", body="Everyone signs in through single sign-on.\n")
    project.write("content/faq/trail.ja.md", "---\ntitle: \"監査証跡は残りますか？\"\n"
                  "features: [approvals]\nstatus: published\nlang: ja\n---\n\nはい。\n")
    project.write("content/pages/about.md", "---\ntitle: About\nsummary: \"Our ERP, "
                  "connected.\"\nstatus: published\n---\n\nAbout us.\n")
    result = project.run("check", "--strict")
    assert unused_alias_lines(result) == []
    assert result.code == 0, result.output


def test_alias_strict_counts_the_warning_as_any_other(project: Project) -> None:
    with_cta_page(project).write(ALIASES, "- [SSO, single sign-on]\n")
    project.story("stories/acme.md")
    assert project.run("check").code == 0
    strict = project.run("check", "--strict")
    assert strict.code == 1
    assert len(unused_alias_lines(strict)) == 1
    assert strict.lines[-1] == ("all content checked: 0 error(s), 1 warning(s) "
                                "(--strict: warnings count as errors)")


def test_alias_matching_follows_the_index_and_counts_only_published_pages(
        project: Project) -> None:
    project.write(ALIASES, "- [CS, カスタマーサクセス]\n- [rota, roster]\n- [LTL, 混載]\n"
                  "- [Acme Tools, アクメ]\n")
    # "cs" inside "statistics" is no mention (Latin words match whole words only)
    project.story("stories/acme.md", body="Statistics improved.\n",
                  quote='{text: "We share one roster now.", author: Dana, role: COO}')
    # a draft and a scheduled story are not indexed: they lend no mention
    project.story("stories/draft.md", status="draft", approval=None, customer="Beta",
                  body="LTL freight.\n")
    project.story("stories/later.md", date="2026-12-01", customer="Later Co",
                  body="Our CS team.\n")
    warned = unused_alias_lines(project.run("check"))
    assert [line.split(": ", 1)[0] for line in warned] == [f"{ALIASES}:1", f"{ALIASES}:3"]


def test_alias_words_in_a_link_target_or_tag_are_no_mention(project: Project) -> None:
    project.write(ALIASES, "- [sso, single sign-on]\n- [kbd, Enter]\n")
    project.story("stories/acme.md",
                  body="See [our guide](https://example.com/sso) and <kbd>Enter</kbd>.\n")
    warned = unused_alias_lines(project.run("check"))
    assert [line.split(": ", 1)[0] for line in warned] == [f"{ALIASES}:1"]


def test_alias_groups_of_the_sample_all_find_a_page(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", str(REPO / "pelicanconf.py"), "check"]) == 0
    output = capsys.readouterr().err
    assert "all content checked" in output
    assert "alias group finds nothing" not in output
