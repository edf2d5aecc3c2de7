"""Error transcripts: every error class of the contract, as an editor sees it.

Each case writes one bad file into an otherwise valid project, runs the real
``casebook build`` and ``casebook check``, and asserts the exact
``path:line: message`` an editor gets, a non-zero exit, and no output.
"""

from __future__ import annotations

import pytest

from casebook.cli.build import load_config
from casebook.content import site

from ..conftest import Project, story_text

# (id, relative path, file text, expected line, expected message fragment)
STORY = "stories/acme/index.md"
CASES = [
    ("missing-required", STORY, story_text(summary=None), 9,
     "required key 'summary' is missing; add: summary:"),
    ("unknown-key-hint", STORY, story_text(summary=None, sumary='"x"'), 9,
     "unknown key 'sumary'; did you mean 'summary'?"),
    ("unknown-industry", STORY, story_text(industry="manufactoring"), 4,
     "industry: unknown id 'manufactoring'; did you mean 'manufacturing'?"),
    ("unknown-feature", STORY, story_text(features="[approvals, dashbords]"), 5,
     "features: unknown id 'dashbords'; did you mean 'dashboards'?"),
    ("no-features", STORY, story_text(features="[]"), 5, "features needs at least 1 id"),
    ("impossible-date", STORY, story_text(date="2026-02-30"), 6,
     "date: 2026-02-30 is not a real date"),
    ("date-format", STORY, story_text(date='"March 3, 2026"'), 6,
     "date: 'March 3, 2026' is not a date; write it as YYYY-MM-DD"),
    ("status-enum", STORY, story_text(status="publised"), 8,
     "status: unknown value 'publised'; did you mean 'published'?"),
    ("type-enum", STORY, story_text(type="intervew"), 10,
     "type: unknown value 'intervew'; did you mean 'interview'?"),
    ("size-enum", STORY, story_text(company_size="200-1000"), 10,
     "company_size: unknown value '200-1000'"),
    ("bad-slug", STORY, story_text(slug="Acme_Story"), 10,
     "slug: 'Acme_Story' is not a valid slug"),
    ("yaml-bool-region", STORY, story_text(region="NO"), 10,
     'region: YAML reads NO as a true/false value, not text; put it in quotes: region: "NO"'),
    ("yaml-bool-customer", STORY, story_text(customer="Yes"), 3,
     'customer: YAML reads Yes as a true/false value, not text; put it in quotes'),
    ("yaml-number-slug", STORY, story_text(slug="2024"), 10,
     'slug: YAML reads 2024 as a number, not text; put it in quotes: slug: "2024"'),
    ("published-unapproved", STORY, story_text(approval=None), 8,
     "status is published but the customer's sign-off is missing; add approval:"),
    ("approval-after-date", STORY, story_text(approval="{by: Dana, date: 2026-02-01}"), 9,
     "approval date 2026-02-01 is after the publication date 2026-01-15"),
    ("approval-incomplete", STORY, story_text(approval="{by: Dana}"), 9,
     "approval needs date: write approval: {by: ..., date: ...}"),
    ("interview-without-people", STORY, story_text(type="interview"), 10,
     "an interview needs the people interviewed; add interviewees:"),
    ("missing-image", STORY, story_text(hero="hero.jpg"), 10,
     "file 'hero.jpg' not found next to this file or in content/images/"),
    ("image-outside", STORY, story_text(hero="../../../outside.png"), 10,
     "'../../../outside.png' points outside the content folders"),
    ("not-an-image", STORY, story_text(hero="notes.txt"), 10,
     "'notes.txt' is not an image Casebook can read"),
    ("missing-body-image", STORY, story_text(body="Intro.\n\n![Our team](team.jpg)\n"), 14,
     "file 'team.jpg' not found"),
    ("remote-body-image", STORY, story_text(body="![x](https://cdn.example.com/a.png)\n"), 12,
     "image 'https://cdn.example.com/a.png' is not a file of this site"),
    ("duplicate-key", STORY, story_text(region="Japan") + "", 10, None),
    ("unknown-lang", STORY, story_text(lang="fr"), 10, "lang: unknown value 'fr'"),
    ("video-host", STORY, story_text(video="http://example.com/v"), 10,
     "video must be a plain https link to YouTube or Vimeo"),
    ("anonymous-logo", STORY, story_text(anonymous="true", title='"A bank cut approvals"',
                                         summary='"A bank moved approvals."', slug="bank-story",
                                         logo="logo.png"), 12,
     "an anonymous story shows no logo; remove logo"),
    ("anonymous-named", STORY, story_text(anonymous="true", title='"A maker cut its backlog"',
                                          summary='"A maker moved approvals."', slug="maker",
                                          body="First line.\nAcme Tools was slow.\n"), 15,
     "this story is anonymous but names the customer ('Acme Tools') here"),
    ("yaml-syntax", STORY, "---\ntitle: Acme\ncustomer: [Acme\nindustry: logistics\n---\n", 3,
     "a list in [brackets] is not closed: end it with ] on the same line, e.g. features: "
     "[approvals, forms]"),
    ("yaml-unclosed-quote", STORY, story_text(customer='"Acme Tools'), 3,
     'a quoted value is not closed: end it with " on the same line'),
    ("yaml-colon-in-value", STORY, story_text(customer="Acme: Tools"), 3,
     'the value of customer holds \': \'; put the value in quotes: customer: "Acme: Tools"'),
    ("yaml-indented-key", STORY, story_text().replace("\ncustomer:", "\n  customer:"), 3,
     "this line starts with spaces: a field starts at the beginning of its line"),
    ("yaml-tab", STORY, story_text().replace("\nstatus:", "\n\tstatus:"), 8,
     "a tab is here; YAML indents with spaces only: replace the tab with spaces"),
    ("yaml-dash-without-space", STORY, story_text(
        features="\n  -approvals\n  - forms"), 6,
     "features: a list item needs a space after the dash: write '- approvals', one item on "
     "each line"),
    ("no-front-matter", STORY, "# Acme\n\nNo front matter here.\n", 1,
     "no front matter: the file must start with a line '---'"),
    ("faq-unknown-feature", "content/faq/speed.md",
     "---\ntitle: How fast?\nfeatures: [aprovals]\nstatus: published\n---\nFast.\n", 3,
     "features: unknown id 'aprovals'; did you mean 'approvals'?"),
    ("faq-order-type", "content/faq/speed.md",
     "---\ntitle: How fast?\nfeatures: [approvals]\nstatus: published\norder: first\n---\nA.\n", 5,
     "order must be a whole number, not 'first'"),
    ("page-reserved-slug", "content/pages/stories.md", "---\ntitle: Stories\n---\nx\n", 1,
     "slug 'stories' is used by the site itself"),
]


def _write_case(project: Project, relative: str, text: str) -> None:
    project.write(relative, text)
    project.write("stories/acme/notes.txt", "just text")
    project.image("stories/acme/logo.png")


@pytest.mark.parametrize(("relative", "text", "line", "message"),
                         [c[1:] for c in CASES if c[4]], ids=[c[0] for c in CASES if c[4]])
def test_error_names_file_line_and_fix(project: Project, relative: str, text: str, line: int,
                                       message: str) -> None:
    _write_case(project, relative, text)
    result = project.build()
    assert result.code == 1
    expected = f"{relative}:{line}: error: {message}"
    assert any(entry.startswith(expected) for entry in result.lines), result.output
    assert "Traceback" not in result.output
    assert not project.output.exists()

    check = project.run("check")
    assert check.code == 1
    assert any(entry.startswith(expected) for entry in check.lines)


def test_duplicate_key_names_both_lines(project: Project) -> None:
    project.write(STORY, story_text(region="Japan").replace("---\n\n", "region: EMEA\n---\n\n"))
    result = project.build()
    assert result.code == 1
    assert f"{STORY}:11: error: 'region' is given twice (first on line 10); keep one" \
        in result.lines


def test_duplicate_slugs_name_both_files(project: Project) -> None:
    project.story("stories/acme/index.md")
    project.story("stories/acme-again.md", slug="acme")
    result = project.build()
    assert result.code == 1
    assert ("stories/acme/index.md:1: error: slug 'acme' is already used by stories/acme-again.md; "
            "both would be published at /stories/acme/") in result.output


def test_translation_key_used_twice_in_one_language(project: Project) -> None:
    project.story("stories/one.md", translation_key="pair")
    project.story("stories/two.md", translation_key="pair")
    result = project.build()
    assert "stories/two.md:10: error: translation_key 'pair' in language 'en' is already used by " \
           "stories/one.md" in result.output


def test_every_problem_of_a_run_is_reported_together(project: Project) -> None:
    project.story("stories/one.md", industry="manufactoring", region="NO")
    project.story("stories/two.md", approval=None)
    project.write("content/faq/q.md", "---\ntitle: Q\nstatus: live\n---\nA\n")
    result = project.build()
    assert result.code == 1
    errors = [line for line in result.lines if ": error: " in line]
    assert [e.split(": ")[0] for e in errors] == [
        "content/faq/q.md:3", "content/faq/q.md:4", "stories/one.md:4", "stories/one.md:10",
        "stories/two.md:8",
    ]
    assert "5 content error(s)" in result.output


def test_a_yaml_mistake_hides_nothing_and_warnings_come_after_errors(project: Project) -> None:
    project.story("stories/one.md", customer='"Acme Tools')  # a quote not closed
    project.story("stories/two.md", industry="manufactoring")
    project.story("stories/three.md", date="2023-01-10",  # valid, but old: a warning
                  approval="{by: Dana, date: 2023-01-02}")
    result = project.run("check")
    assert result.code == 1
    lines = [line for line in result.lines if line.startswith("stories/")]
    assert [line.split(": ")[0] for line in lines] == [
        "stories/one.md:3", "stories/two.md:4", "stories/three.md:6"]
    assert ": warning: " in lines[-1] and all(": error: " in line for line in lines[:2])
    assert result.lines[-1] == "all content checked: 2 error(s), 2 warning(s)"  # + the CTA page
    quiet = project.run("check", "--quiet-warnings")
    assert not any(": warning: " in line for line in quiet.lines)
    assert quiet.lines[-1] == ("all content checked: 2 error(s), 2 warning(s) (warnings not "
                               "shown: --quiet-warnings)")


def test_bom_and_crlf_are_accepted_and_lines_still_right(project: Project) -> None:
    text = "\ufeff" + story_text(industry="manufactoring").replace("\n", "\r\n")
    (project.root / "stories").mkdir()
    (project.root / "stories/crlf.md").write_bytes(text.encode("utf-8"))
    result = project.build()
    assert "stories/crlf.md:4: error: industry: unknown id 'manufactoring'" in result.output

    (project.root / "stories/crlf.md").write_bytes(("\ufeff" + story_text()).replace(
        "\n", "\r\n").encode("utf-8"))
    assert project.build().code == 0
    assert "story body." in project.page("stories/crlf")


def test_vocabulary_errors_are_reported_with_lines(project: Project) -> None:
    project.write("content/taxonomies/industries.yml",
                  "- id: manufacturing\n  name: {en: Manufacturing}\n- id: Bad Id\n  name: x\n"
                  "- id: retail\n  nmae: {en: Retail}\n")
    project.story("stories/a.md")
    result = project.build()
    assert result.code == 1
    assert "content/taxonomies/industries.yml:3: error: id 'Bad Id' must be lowercase" \
        in result.output
    assert "content/taxonomies/industries.yml:6: error: unknown key 'nmae'; did you mean 'name'?" \
        in result.output


def test_a_file_that_is_not_utf8_is_an_error_not_a_traceback(project: Project) -> None:
    (project.root / "stories").mkdir()
    (project.root / "stories/latin1.md").write_bytes(
        story_text(customer="Caf\u00e9 Noir").encode("latin-1"))
    result = project.build()
    assert result.code == 1
    assert "stories/latin1.md:3: error: the file is not UTF-8 text" in result.output
    assert "Traceback" not in result.output


INTERVIEW = {"type": "interview", "interviewees": '[{name: "Dee", role: COO}]'}


def test_interview_question_ids_are_checked(project: Project) -> None:
    body = ("## How? {#usage}\nDaily.\n\n## Gave up? {#nearly-gave-up}\nOnce.\n\n"
            "## Again? {#usage}\nTwice.\n")
    project.story("stories/talk.md", **INTERVIEW, body=body)
    result = project.build()
    assert result.code == 1
    assert ("stories/talk.md:17: error: heading id '#nearly-gave-up' is not one of the six "
            "questions; "
            "did you mean 'near-give-up'?") in result.output
    assert ("stories/talk.md:20: error: question '#usage' is answered twice (first on line 14); "
            "merge the answers") in result.output


def test_interview_without_question_headings_is_an_error(project: Project) -> None:
    project.story("stories/talk.md", **INTERVIEW, body="## Intro\nJust talk.\n")
    result = project.build()
    assert result.code == 1
    assert "stories/talk.md:10: error: an interview answers the six questions under headings" \
        in result.output


def test_unanswered_questions_are_a_warning_not_an_error(project: Project) -> None:
    project.story("stories/talk.md", **INTERVIEW, body="## How? {#usage}\nDaily.\n")
    result = project.run("check")
    assert result.code == 0
    assert ("stories/talk.md:10: warning: this interview does not answer #why-fan, #effort, "
            "#near-give-up, #comparison, #favourite-features") in result.lines


def test_a_stray_markdown_file_in_a_bundle_is_an_error(project: Project) -> None:
    project.story("stories/acme/index.md")
    project.write("stories/acme/notes.md", story_text(slug="acme-notes"))
    result = project.build()
    assert result.code == 1
    assert "stories/acme/notes.md:1: error: this folder is a story bundle (it has index.md)" \
        in result.output


def test_a_big_site_parsed_by_two_processes_reads_the_same(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    for n in range(12):
        fields = {"industry": "manufactoring"} if n in (2, 9) else {}
        project.story(f"stories/s{n:02}.md", slug=f"s{n:02}", **fields)
    project.write("stories/s10.md", story_text(slug="s10", date="2026-02-30"))
    settings = load_config(project.root / "pelicanconf.py").content
    one = site.load_site(settings)
    forks = []
    monkeypatch.setattr(site, "_memo", {})
    monkeypatch.setattr(site, "PARALLEL_PARSE_FROM", 4)
    real_context = site.pool_context
    monkeypatch.setattr(site, "pool_context", lambda: forks.append(1) or real_context())
    two = site.load_site(settings)
    assert forks and two is not one  # parsed again, in two processes
    assert [item.source for item in two.items] == [item.source for item in one.items]
    assert two.items == one.items
    assert [str(p) for p in two.problems] == [str(p) for p in one.problems]
    assert [p.path for p in two.errors] == ["stories/s02.md", "stories/s09.md", "stories/s10.md"]
