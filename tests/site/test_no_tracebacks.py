"""No traceback reaches an editor: what Casebook did not expect is one plain sentence,
and the details go to a log for whoever looks after the site."""

from __future__ import annotations

import pytest

from casebook.cli import main as cli

from ..conftest import Project


def test_an_unexpected_error_is_one_sentence_and_the_details_are_logged(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    project.story("stories/acme.md")

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug, not the editor's doing")

    monkeypatch.setattr(cli, "coverage", broken)
    monkeypatch.chdir(project.root)
    result = project.run("stats")
    assert result.code == 70
    assert "Traceback" not in result.output
    assert result.output.strip() == (
        "Casebook stopped on something it did not expect (RuntimeError); your files are "
        "unchanged, and the details are in .cache/casebook-errors.log: send that file to "
        "whoever looks after the site.")
    log = (project.root / ".cache" / "casebook-errors.log").read_text(encoding="utf-8")
    assert "RuntimeError: a bug, not the editor's doing" in log


def test_ctrl_c_stops_a_command_quietly(project: Project,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    project.story("stories/acme.md")

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "check_site", interrupted)
    result = project.run("check")
    assert (result.code, result.output.strip()) == (130, "stopped")


HALF_SAVED = '---\ntitle: "Acme Tools halved\ncustomer: Acme\n'  # the editor's save, cut short


@pytest.mark.parametrize(("command", "setup", "expected"), [
    (("check",), lambda p: p.write("stories/half.md", HALF_SAVED),
     "stories/half.md:1: error: front matter is not closed: add a line '---' after the "
     "last key"),
    (("build",), lambda p: p.write("stories/half.md", HALF_SAVED),
     "build failed: 1 content error(s); fix them and build again (output/ was left "
     "unchanged)"),
    (("stats",), lambda p: p.write("stories/half.md", HALF_SAVED),
     "stories/half.md:1: error: front matter is not closed"),
    (("new", "story"), lambda p: None,
     "casebook new: not at a terminal, so give --customer --industry --features (e.g. "
     '--customer "Acme Tools" --industry manufacturing --features approvals,forms; '
     "casebook new --help lists them all)"),
    (("import", "missing.csv"), lambda p: p.write("content/import/mapping.yml",
                                                  'columns: {"Company name": company}\n'),
     "casebook import: missing.csv not found; give the path of the CSV export or the saved "
     "issue text"),
    (("import", "latin1.csv"), lambda p: (
        p.write("content/import/mapping.yml", 'columns: {"Company name": company}\n'),
        (p.root / "latin1.csv").write_bytes("Company name\nCafé Zoë\n".encode("latin-1"))),
     'casebook import: latin1.csv is not UTF-8 text; export it again as "CSV UTF-8"'),
])
def test_what_an_editor_can_do_wrong_gets_a_sentence_never_a_traceback(
        project: Project, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...],
        setup: object, expected: str) -> None:
    project.story("stories/acme.md")
    setup(project)  # type: ignore[operator]
    monkeypatch.chdir(project.root)
    result = project.run(*command)
    assert result.code != 0
    assert expected in result.output, result.output
    assert "Traceback" not in result.output
