"""`casebook serve`: an edited story's page is rewritten at once, then the full build."""

from __future__ import annotations

import signal
import time
from pathlib import Path
from typing import Any

import pytest

from casebook.cli import serve as serve_module
from casebook.cli.serve import Previewer, Watcher

from ..conftest import Project, story_text
from ..serving import served_counter, serving, stopped, wait_for


def bolt(body: str, **fields: object) -> str:
    values: dict[str, object] = {"title": '"Bolt Freight cut dispatch time"', "customer": "Bolt",
                                 "industry": "logistics", "body": body}
    values.update(fields)
    return story_text(**values)


def previewed(project: Project) -> Previewer:
    project.story("stories/acme.md")
    project.write("stories/bolt.md", bolt("First body.\n"))
    previewer = Previewer(project.root / "pelicanconf.py")
    assert previewer.build_now()
    return previewer


def test_a_body_edit_rewrites_the_page_before_any_build(project: Project) -> None:
    previewer = previewed(project)
    counter = _counter()
    other_before = project.page("stories/acme")
    path = project.write("stories/bolt.md", bolt("Second body with *emphasis*.\n"))
    previewer.changed([path])
    assert previewer.wanted.is_set()  # the full build is still to come
    page = project.page("stories/bolt")
    assert "<em>emphasis</em>" in page and "First body" not in page
    assert "DRAFT PREVIEW" not in page and "live-reload.js" in page  # same template, same chrome
    assert project.page("stories/acme") == other_before
    assert _counter() == counter + 1  # the browser reloads now


@pytest.mark.parametrize(("industry", "builds"), [("manufacturing", True),
                                                  ("no-such-industry", False)])
def test_front_matter_edits_and_errors_wait_for_the_full_build(
        project: Project, industry: str, builds: bool) -> None:
    previewer = previewed(project)
    before = project.page("stories/bolt")
    path = project.write("stories/bolt.md", bolt("First body.\n", industry=industry))
    previewer.changed([path])
    assert project.page("stories/bolt") == before
    assert previewer.build_now() is builds  # an error: the build reports it, output/ stays
    changed = f"/industries/{industry}/" in project.page("stories/bolt")
    assert changed is builds


def test_a_page_rewritten_during_a_build_survives_that_build(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    previewer = previewed(project)
    path = project.root / "stories/bolt.md"
    real_build = serve_module.build

    def build_that_read_the_old_body(*args: Any, **kwargs: Any) -> Path:
        project.write("stories/bolt.md", bolt("Saved during the build.\n"))
        previewer.changed([path])  # the save arrives while the build runs...
        project.write("stories/bolt.md", bolt("First body.\n"))
        output = real_build(*args, **kwargs)  # ...which had read the old body
        project.write("stories/bolt.md", bolt("Saved during the build.\n"))
        return output

    monkeypatch.setattr(serve_module, "build", build_that_read_the_old_body)
    assert previewer.build_now()
    assert "Saved during the build." in project.page("stories/bolt")


def test_serve_shows_a_saved_edit_without_waiting_for_the_build(project: Project) -> None:
    project.story("stories/acme.md")
    project.write("stories/bolt.md", bolt("First body.\n"))
    server, port = serving(project)
    try:
        wait_for(lambda: served_counter(port) >= 1, 60)
        project.write("stories/bolt.md", bolt("Saved in the editor: quokka.\n"))
        wait_for(lambda: "quokka" in project.page("stories/bolt"), 30)
        wait_for(lambda: served_counter(port) >= 3, 60)  # the quick page, then the build
        assert "quokka" in project.page("stories/bolt")
    finally:
        errors = stopped(server)
    assert "page updated: bolt.md" in errors


def test_ctrl_c_stops_serve_started_from_a_background_job(project: Project) -> None:
    """A shell starts a background job with SIGINT ignored (CI scripts, nohup), and
    Python then installs no KeyboardInterrupt: serve installs it itself."""
    project.story("stories/acme.md")
    shells_setting = signal.signal(signal.SIGINT, signal.SIG_IGN)  # inherited by the child
    try:
        server, port = serving(project)
    finally:
        signal.signal(signal.SIGINT, shells_setting)
    try:
        wait_for(lambda: served_counter(port) >= 1, 60)
        server.send_signal(signal.SIGINT)
        assert server.wait(timeout=20) == 0
    finally:
        stopped(server)


class SavesSeen:
    """A previewer that only notes what the watcher sends it."""

    def __init__(self) -> None:
        self.paths: list[Path] = []

    def changed(self, paths: list[Path]) -> None:
        self.paths.extend(paths)


def test_the_watcher_sees_a_save_made_the_moment_it_has_started(project: Project) -> None:
    """serve starts the watcher, then builds: a save made while the first build runs,
    or as its page first shows, starts the next build (CI once saw one lost)."""
    project.story("stories/acme.md")
    saves = SavesSeen()
    watcher = Watcher(saves, project.root)  # type: ignore[arg-type]
    watcher.start()
    try:
        assert watcher.watching.is_set()
        path = project.write("stories/bolt.md", bolt("Saved at once.\n"))
        wait_for(lambda: path in saves.paths, 10)
    finally:
        watcher.stopped.set()


def test_edits_while_a_background_build_runs(project: Project) -> None:
    """Saves land while the preview builds in its thread, on a site big enough for the
    render workers (started from a fork server: serve runs threads); every save shows,
    and nothing fails."""
    for n in range(220):
        project.story(f"stories/s{n:03d}.md", slug=f"s{n:03d}", title=f'"Story number {n}"')
    project.write("stories/bolt.md", bolt("First body.\n"))
    server, port = serving(project)
    try:
        wait_for(lambda: served_counter(port) >= 1, 120)
        for n in range(4):
            project.write("stories/bolt.md", bolt(f"Edit {n}: wombat{n}.\n"))
            project.write("stories/s007.md", story_text(slug="s007", title=f'"Retitled {n}"'))
            time.sleep(0.4)  # the next saves land while the build they started runs
        wait_for(lambda: "wombat3" in project.page("stories/bolt"), 60)
        wait_for(lambda: "Retitled 3" in project.page("stories/s007"), 120)
    finally:
        errors = stopped(server)
    assert "Traceback" not in errors and "build failed" not in errors, errors
    assert "wombat3" in project.page("stories/bolt")


def _counter() -> int:
    from casebook.cli.serve import BuildState

    return BuildState.value


def test_a_failed_japanese_build_then_the_fix_prints_no_traceback(
        project: Project, capfd: pytest.CaptureFixture[str]) -> None:
    """Issue 21's report: after a failed build, fixing the file and saving again printed
    ``KeyError: 'ja'`` from the search feeder. The same steps, through the previewer."""
    japanese = {"title": '"ボルト運輸の配車"', "customer": '"ボルト運輸"', "lang": "ja"}
    project.write("stories/bolt.ja.md", story_text(**japanese))
    previewer = previewed(project)
    path = project.write("stories/bolt.ja.md", story_text(**japanese, industry="nope"))
    previewer.changed([path])
    assert not previewer.build_now()
    from casebook.cli.serve import BuildState

    assert BuildState.problems == [
        f"stories/bolt.ja.md:{_line_of(path, 'industry:')}: error: industry: unknown id "
        "'nope' (ids are listed in content/taxonomies/industries.yml)"]
    path = project.write("stories/bolt.ja.md", story_text(**japanese, body="直しました。\n"))
    previewer.changed([path])
    assert previewer.build_now()
    assert BuildState.problems == []
    assert "直しました" in project.page("ja/stories/bolt")
    time.sleep(0.5)  # a feeder or binary that fails late still prints
    printed = capfd.readouterr()
    assert "Traceback" not in printed.err + printed.out


def test_an_unexpected_failure_in_a_build_is_one_sentence_and_a_log(
        project: Project, monkeypatch: pytest.MonkeyPatch,
        capfd: pytest.CaptureFixture[str]) -> None:
    previewer = previewed(project)

    def vanished(*args: Any, **kwargs: Any) -> None:
        raise FileNotFoundError("stories/bolt.md")  # deleted while the build read it

    monkeypatch.setattr(serve_module, "build", vanished)
    monkeypatch.chdir(project.root)
    assert not previewer.build_now()
    printed = capfd.readouterr().err
    assert "Traceback" not in printed
    assert ("Casebook stopped on something it did not expect (FileNotFoundError); your files "
            "are unchanged, and the details are in .cache/casebook-errors.log") in printed
    log = (project.root / ".cache" / "casebook-errors.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "FileNotFoundError: stories/bolt.md" in log


def _line_of(path: Path, start: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith(start))
