"""The editorial workflow end to end: new, check, import, preview, pre-commit."""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import urllib.request
from contextlib import redirect_stdout
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from casebook.cli.scaffold import new

from ..conftest import FEATURES, INDUSTRIES, REPO, Project, story_text

FIXTURES = Path(__file__).parent.parent / "fixtures"


def run(project: Project, *args: str) -> tuple[int, str]:
    """Run the casebook command in the project folder, as an editor would; return its
    exit code and everything it printed."""
    out = io.StringIO()
    here = Path.cwd()
    os.chdir(project.root)
    try:
        with redirect_stdout(out):
            result = project.run(*args)
    finally:
        os.chdir(here)
    return result.code, out.getvalue() + result.output


def test_new_check_build_shows_the_story(project: Project) -> None:
    code, output = run(project, "new", "story", "--customer", "Acme Tools", "--industry",
                       "manufacturing", "--features", "approvals,dashboards")
    assert code == 0, output
    path = project.root / "stories/acme-tools/index.md"
    assert "Created stories/acme-tools/index.md" in output and "Next:" in output
    text = path.read_text()
    assert "status: draft" in text and "industry: manufacturing" in text

    code, output = run(project, "check", "stories/acme-tools/index.md")
    assert code == 0
    assert "stories/acme-tools/index.md:2: warning: title still has a TODO placeholder" \
        in output
    assert "0 error(s)" in output

    assert project.build().code == 0
    assert not (project.output / "stories/acme-tools").exists()  # a draft is not published

    assert "company_size is still TODO: write one of 1-50" in output  # nobody gave it
    published = (text.replace('title: "TODO: the headline: what Acme Tools achieved"',
                              'title: "Acme Tools halved its backlog"')
                 .replace("status: draft", "status: published\napproval: "
                          "{by: \"Dana Reyes, COO\", date: 2026-05-30}")
                 .replace('region: "TODO"', "region: EMEA"))
    path.write_text(published)
    result = project.build()  # a fact nobody gave cannot be published
    size_line = next(n for n, line in enumerate(published.splitlines(), 1)
                     if line.startswith("company_size:"))
    assert result.code == 1
    assert (f"stories/acme-tools/index.md:{size_line}: error: company_size is still TODO: "
            "write one of 1-50, 51-200, 201-1000, 1001-5000, 5000+, or delete the line; a "
            "published story cannot keep a TODO") in result.output
    path.write_text(re.sub(r"company_size: TODO.*", "company_size: 201-1000", published))
    assert project.build().code == 0
    assert "Acme Tools halved its backlog" in project.page("stories/acme-tools")


def test_new_interview_has_the_six_question_outline(project: Project) -> None:
    code, output = run(project, "new", "interview", "--customer", "Bravo Metal",
                       "--industry", "manufacturing", "--features", "approvals",
                       "--interviewee", "Kim Lee, COO")
    assert code == 0, output
    text = (project.root / "stories/bravo-metal/index.md").read_text()
    for question in ("usage", "why-fan", "effort", "near-give-up", "comparison",
                     "favourite-features"):
        assert f"{{#{question}}}" in text
    assert 'interviewees: [{name: "Kim Lee", role: "COO"}]' in text
    assert run(project, "check", "stories/bravo-metal/index.md")[0] == 0


def test_new_faq_and_japanese_single_file(project: Project) -> None:
    assert run(project, "new", "faq", "--title", "How long does set-up take?",
               "--features", "approvals")[0] == 0
    assert (project.root / "content/faq/how-long-does-set-up-take.md").exists()
    code, output = run(project, "new", "story", "--customer", "株式会社テスト", "--slug",
                       "test-kogyo", "--industry", "logistics", "--features", "dashboards",
                       "--lang", "ja", "--single")
    assert code == 0, output
    assert (project.root / "stories/test-kogyo.ja.md").exists()
    assert run(project, "check")[0] == 0


def test_new_without_a_terminal_names_the_missing_flags(project: Project) -> None:
    code, output = run(project, "new", "story", "--customer", "Acme")
    assert code == 2
    assert "not at a terminal, so give --industry --features" in output
    code, output = run(project, "new", "story", "--customer", "Acme", "--industry", "logistcs",
                       "--features", "approvals")
    assert code == 2
    assert "--industry: 'logistcs' is not one of the list; did you mean 'logistics'?" in output
    code, output = run(project, "new", "story")  # no customer: the flags, not a URL name
    assert code == 2 and "give --customer --industry --features (e.g. --customer" in output
    assert "Traceback" not in output


def test_flags_may_name_terms_in_words(project: Project) -> None:
    code, output = run(project, "new", "story", "--customer", "Echo", "--industry",
                       "Logistics", "--features", "Approvals, dashboards",
                       "--company-size", "51-200", "--region", "Ontario, Canada")
    assert code == 0, output
    text = (project.root / "stories/echo/index.md").read_text()
    assert "industry: logistics" in text and "features: [approvals, dashboards]" in text
    assert "company_size: 51-200" in text and 'region: "Ontario, Canada"' in text


def test_new_never_overwrites(project: Project) -> None:
    args = ("new", "story", "--customer", "Acme", "--industry", "logistics", "--features",
            "approvals")
    assert run(project, *args)[0] == 0
    code, output = run(project, *args)
    assert code == 1 and "stories/acme/index.md already exists" in output


def test_new_asks_for_what_is_missing_at_a_terminal(project: Project,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    # customer, industry #2, features #1 and #3, Enter for the default language, the
    # company size and the region (not known: they stay TODO)
    replies = iter(["Delta Haulage", "2", "1,3", "", "", ""])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(replies))
    args = argparse.Namespace(kind="story", customer=None, industry=None, features=None,
                              lang=None, title=None, slug=None, interviewee=None, single=False)
    with redirect_stdout(io.StringIO()) as shown:
        assert new(project.root / "pelicanconf.py", args, interactive=True) == 0
    assert "2. logistics (Logistics)" in shown.getvalue()
    text = (project.root / "stories/delta-haulage/index.md").read_text()
    assert "industry: logistics" in text and "features: [workflow-automation, dashboards]" in text
    assert "company_size: TODO" in text and 'region: "TODO"' in text


def test_prompts_take_ids_and_names_and_say_did_you_mean(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    replies = iter(["Delta Haulage", "Logistcs", "logistics", "Approvals, dashboards", "ja",
                    "51-200", "大阪府"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(replies))
    args = argparse.Namespace(kind="story", customer=None, industry=None, features=None,
                              lang=None, title=None, slug=None, interviewee=None, single=False)
    with redirect_stdout(io.StringIO()) as shown:
        assert new(project.root / "pelicanconf.py", args, interactive=True) == 0
    assert "'Logistcs' is not one of the list; did you mean 'logistics'?" in shown.getvalue()
    text = (project.root / "stories/delta-haulage/index.ja.md").read_text()
    assert "industry: logistics" in text and "features: [approvals, dashboards]" in text
    assert "company_size: 51-200" in text and 'region: "大阪府"' in text


@pytest.mark.parametrize("key", [EOFError, KeyboardInterrupt])
def test_ctrl_d_or_ctrl_c_at_a_question_stops_and_writes_nothing(
        project: Project, monkeypatch: pytest.MonkeyPatch, key: type[BaseException],
        capsys: pytest.CaptureFixture[str]) -> None:
    def pressed(prompt: str = "") -> str:
        raise key

    monkeypatch.setattr("builtins.input", pressed)
    args = argparse.Namespace(kind="story", customer=None, industry=None, features=None,
                              lang=None, title=None, slug=None, interviewee=None, single=False)
    assert new(project.root / "pelicanconf.py", args, interactive=True) == 130
    assert "casebook new: stopped; nothing was written" in capsys.readouterr().err
    assert not (project.root / "stories").exists()


def test_a_japanese_interview_asks_the_six_questions_in_japanese(project: Project) -> None:
    code, output = run(project, "new", "interview", "--customer", "株式会社テスト", "--slug",
                       "test", "--industry", "logistics", "--features", "approvals",
                       "--interviewee", "山田 花子, 課長", "--lang", "ja")
    assert code == 0, output
    text = (project.root / "stories/test/index.ja.md").read_text()
    assert "## 日々どのように使っていますか？ {#usage}" in text
    assert "## あきらめかけたのはどんなときですか？ {#near-give-up}" in text
    assert "Relaypoint" not in (REPO / "plugins/casebook/cli/scaffold.py").read_text()


def test_a_story_updated_long_ago_is_stale_for_check_and_for_stats(project: Project) -> None:
    signed = "{by: Dana, date: 2022-02-20}"
    project.story("stories/long-ago/index.md", date="2022-03-01", updated="2024-05-01",
                  approval=signed)
    project.story("stories/lately/index.md", date="2022-03-01", updated="2026-03-01",
                  approval=signed)
    code, output = run(project, "check")
    assert code == 0
    assert ("stories/long-ago/index.md:10: warning: this story was last updated 25 months "
            "ago; refresh it") in output
    assert "stories/lately/" not in output
    code, output = run(project, "stats")
    assert code == 0
    stale = output.split("months or more:")[1]
    assert "stories/long-ago/index.md  (25 months)" in stale and "lately" not in stale


def test_editorial_warnings_and_strict(project: Project) -> None:
    project.image("stories/old/team.png")
    project.story("stories/old/index.md", date="2024-06-01",
                  approval="{by: Dana, date: 2023-09-01}",
                  quote='{text: "It works.", author: "Dana Reyes"}',
                  metrics='[{value: "much faster", label: "approvals"}]',
                  summary='"' + "A very long summary. " * 12 + '"',
                  body="Intro.\n\n![](team.png)\n")
    code, output = run(project, "check")
    assert code == 0
    for expected in (
        "stories/old/index.md:6: warning: this story is 24 months old; refresh it",
        "stories/old/index.md:7: warning: summary is 251 characters",
        "stories/old/index.md:9: warning: the customer signed off 9 months before",
        "stories/old/index.md:10: warning: the quote has no role",
        "stories/old/index.md:11: warning: metric 'much faster' has no number",
        "stories/old/index.md:16: warning: an image has no alt text",
    ):
        assert any(line.startswith(expected) for line in output.splitlines()), expected
    code, output = run(project, "check", "--strict")
    assert code == 1 and "--strict: warnings count as errors" in output


def test_check_of_given_files_finds_collisions_with_the_rest(project: Project) -> None:
    project.story("stories/acme.md")
    project.story("stories/other.md", slug="acme")
    code, output = run(project, "check", "stories/other.md")
    assert code == 1
    assert "stories/other.md:10: error: slug 'acme' is already used by stories/acme.md" \
        in output


def test_import_csv_creates_valid_drafts_and_refuses_duplicates(project: Project) -> None:
    shutil.copytree(REPO / "content/import", project.root / "content/import")
    project.write("content/taxonomies/features.yml", FEATURES)
    project.write("content/taxonomies/industries.yml", INDUSTRIES + (
        "- id: healthcare\n  name: {en: Healthcare, ja: 医療}\n"))
    code, output = run(project, "import", str(FIXTURES / "submissions.csv"))
    assert code == 0, output
    assert "row 2: created stories/brightwater-mills/index.md (status: draft)" in output
    # a Japanese company's name, romanised for its URL (its legal form left out)
    assert "row 3: created stories/minato-butsuryuu/index.ja.md (status: draft)" in output
    assert "row 4: skipped: no consent to publish" in output
    assert "row 5: skipped: industry 'Restaurants' is not in content/taxonomies" in output
    text = (project.root / "stories/brightwater-mills/index.md").read_text()
    assert "status: draft" in text and "features: [workflow-automation, approvals]" in text
    assert '{value: "40%", label: "shorter handovers"}' in text
    assert "**Jo Tanaka:** When the night shift refused the tablets." in text  # the speaker
    japanese = (project.root / "stories/minato-butsuryuu/index.ja.md").read_text()
    assert "## あきらめかけたのはどんなときですか？ {#near-give-up}\n\n**佐藤 花子:** 最初の月は" \
        in japanese  # the site's own question, in Japanese
    assert run(project, "check")[0] == 0

    code, output = run(project, "import", str(FIXTURES / "submissions.csv"))
    assert "row 2: skipped: stories/brightwater-mills/index.md already exists; it was not " \
           "overwritten" in output
    assert "0 draft(s) created" in output


def test_import_issue_form_body(project: Project) -> None:
    code, output = run(project, "import", str(FIXTURES / "share-your-story-issue.md"))
    assert code == 2 and "content/import/mapping.yml not found" in output
    shutil.copytree(REPO / "content/import", project.root / "content/import")
    project.write("content/taxonomies/industries.yml", INDUSTRIES + (
        "- id: public-sector\n  name: {en: Public sector, ja: 公共}\n"))
    project.write("content/taxonomies/features.yml", FEATURES + (
        "- id: forms\n  name: {en: Forms}\n- id: mobile-app\n  name: {en: Mobile app}\n"))
    code, output = run(project, "import", str(FIXTURES / "share-your-story-issue.md"))
    assert code == 0, output
    path = project.root / "stories/eastgate-water-board/index.md"
    text = path.read_text()
    assert "features: [forms, mobile-app]" in text and "industry: public-sector" in text
    assert "## How does it compare with alternatives you know? {#comparison}\n\n" \
           "TODO: ask the customer." in text
    assert run(project, "check", str(path.relative_to(project.root)))[0] == 0
    assert "already exists" in run(project, "import",
                                   str(FIXTURES / "share-your-story-issue.md"))[1]


def test_issue_form_labels_match_the_importer() -> None:
    import yaml

    from casebook.cli.importer import load_mapping

    form = yaml.safe_load((REPO / ".github/ISSUE_TEMPLATE/share-your-story.yml").read_text())
    labels = {item["attributes"]["label"]: item["id"] for item in form["body"]
              if "id" in item}
    mapping = load_mapping(REPO / "content/import/mapping.yml")
    assert {label: mapping.get(label) for label in labels} == labels


def test_import_says_did_you_mean_and_leaves_a_bad_fact_todo(project: Project) -> None:
    shutil.copytree(REPO / "content/import", project.root / "content/import")
    code, template = run(project, "import", "--template")
    assert code == 0
    header = template.splitlines()[0]
    assert header.startswith("Company name,Your name,Your role,Industry,Features you use,")
    assert header.endswith(",URL name (optional)")
    columns = header.split(",")
    rows = [dict.fromkeys(columns, "") for _ in range(2)]
    for row, company, industry in ((rows[0], "Foxtrot Foods", "Logistcs"),
                                   (rows[1], "株式会社ゴルフ製作所", "Manufacturing")):
        row.update({"Company name": company, "Industry": industry,
                    "Features you use": "Approvals", "Company size": "50-200",
                    "Your story in one sentence": "We approve orders on the floor.",
                    "Consent to publish": "yes"})
    rows[1]["URL name (optional)"] = "golf-works"
    project.write("survey.csv", header + "\n" + "\n".join(
        ",".join(f'"{row[c]}"' for c in columns) for row in rows) + "\n")
    code, output = run(project, "import", "survey.csv")
    assert "row 2: skipped: industry 'Logistcs' is not in content/taxonomies; did you mean " \
           "'logistics'?" in output
    assert ("row 3: created stories/golf-works/index.md (status: draft); company size "
            "'50-200' is not one of 1-50, 51-200, 201-1000, 1001-5000, 5000+; did you mean "
            "'51-200'?; it is left TODO") in output
    text = (project.root / "stories/golf-works/index.md").read_text()
    assert "company_size: TODO" in text and 'region: "TODO"' in text
    assert "Traceback" not in output


def test_preview_shows_drafts_with_a_banner_and_live_reload(project: Project) -> None:
    from casebook.cli.build import build

    project.story("stories/draft.md", status="draft", approval=None, title='"Draft DRAFTMARK"')
    build(project.root / "pelicanconf.py", {"CASEBOOK_PREVIEW": True})
    page = BeautifulSoup(project.page("stories/draft"), "html.parser")
    assert page.select_one(".draft-banner").get_text().startswith("DRAFT PREVIEW: status DRAFT")
    assert page.find("script", src="/theme/js/live-reload.js")
    assert project.build().code == 0  # a normal build: no draft, no preview script
    assert not (project.output / "stories/draft").exists()
    assert "live-reload" not in (project.output / "index.html").read_text()
    assert "preview.css" not in (project.output / "index.html").read_text()  # no error overlay


def test_serve_reports_each_rebuild_for_live_reload(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import functools

    from casebook.cli.serve import BUILD_URL, BuildState, SiteHandler

    monkeypatch.setattr(BuildState, "problems", [])  # the last build (of another test) is done

    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(SiteHandler, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}{BUILD_URL}"
    try:
        before = json.loads(urllib.request.urlopen(url).read())
        BuildState.value += 1
        after = json.loads(urllib.request.urlopen(url).read())
        assert after["build"] != before["build"] and after["problems"] == []
        monkeypatch.setattr(BuildState, "problems", ["stories/a.md:3: error: no title"])
        assert json.loads(urllib.request.urlopen(url).read())["problems"] == [
            "stories/a.md:3: error: no title"]
    finally:
        server.shutdown()


def test_pre_commit_runs_the_check_on_a_changed_file(project: Project, tmp_path: Path) -> None:
    shutil.copy(REPO / ".pre-commit-config.yaml", project.root)
    (project.root / ".venv").symlink_to(REPO / ".venv")
    project.story("stories/bad.md", industry="manufactoring")
    env = {**os.environ, "HOME": str(tmp_path), "PRE_COMMIT_HOME": str(tmp_path / "pc"),
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com"}
    subprocess.run(["git", "init", "-q"], cwd=project.root, check=True, env=env)
    subprocess.run(["git", "add", "."], cwd=project.root, check=True, env=env)
    pre_commit = Path(sys.executable).parent / "pre-commit"
    result = subprocess.run([str(pre_commit), "run", "--files", "stories/bad.md"],
                            cwd=project.root, env=env, capture_output=True, text=True)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "stories/bad.md:4: error: industry: unknown id 'manufactoring'" in result.stdout
    project.story("stories/bad.md")
    result = subprocess.run([str(pre_commit), "run", "--files", "stories/bad.md"],
                            cwd=project.root, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_check_reads_a_typical_story_written_by_new(project: Project) -> None:
    """A scaffolded story, once written, passes --strict: the template is not a trap."""
    assert run(project, "new", "story", "--customer", "Echo Foods", "--industry", "logistics",
               "--features", "approvals")[0] == 0
    path = project.root / "stories/echo-foods/index.md"
    path.write_text(story_text(customer='"Echo Foods"', industry="logistics",
                               features="[approvals]", date="2026-05-20",
                               approval="{by: Eve, date: 2026-05-10}"))
    assert run(project, "check", "--strict", "stories/echo-foods/index.md")[0] == 0
