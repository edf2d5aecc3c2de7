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
