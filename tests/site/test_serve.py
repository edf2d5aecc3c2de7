"""`casebook serve`: an edited story's page is rewritten at once, then the full build."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from casebook.cli import serve as serve_module
from casebook.cli.serve import Previewer

from ..conftest import Project, story_text


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
    server, port = _serving(project)
    try:
        _wait_for(lambda: _served_counter(port) >= 1, 60)
        project.write("stories/bolt.md", bolt("Saved in the editor: quokka.\n"))
        _wait_for(lambda: "quokka" in project.page("stories/bolt"), 30)
        _wait_for(lambda: _served_counter(port) >= 3, 60)  # the quick page, then the build
        assert "quokka" in project.page("stories/bolt")
    finally:
        errors = _stopped(server)
    assert "page updated: bolt.md" in errors


def test_edits_while_a_background_build_runs(project: Project) -> None:
    """Saves land while the preview builds in its thread, on a site big enough for the
    render workers (started from a fork server: serve runs threads); every save shows,
    and nothing fails."""
    for n in range(220):
        project.story(f"stories/s{n:03d}.md", slug=f"s{n:03d}", title=f'"Story number {n}"')
    project.write("stories/bolt.md", bolt("First body.\n"))
    server, port = _serving(project)
    try:
        _wait_for(lambda: _served_counter(port) >= 1, 120)
        for n in range(4):
            project.write("stories/bolt.md", bolt(f"Edit {n}: wombat{n}.\n"))
            project.write("stories/s007.md", story_text(slug="s007", title=f'"Retitled {n}"'))
            time.sleep(0.4)  # the next saves land while the build they started runs
        _wait_for(lambda: "wombat3" in project.page("stories/bolt"), 60)
        _wait_for(lambda: "Retitled 3" in project.page("stories/s007"), 120)
    finally:
        errors = _stopped(server)
    assert "Traceback" not in errors and "build failed" not in errors, errors
    assert "wombat3" in project.page("stories/bolt")


def _serving(project: Project) -> tuple[subprocess.Popen[str], int]:
    """``casebook serve`` on a free port, its messages kept."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "casebook.cli.main", "--config",
         str(project.root / "pelicanconf.py"), "serve", "--port", str(port)],
        cwd=project.root, stderr=subprocess.PIPE, text=True)
    return server, port


def _stopped(server: subprocess.Popen[str]) -> str:
    """Ctrl+C, as an editor stops it; what it printed."""
    server.send_signal(signal.SIGINT)
    try:
        _, errors = server.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        server.kill()
        _, errors = server.communicate()
    return errors


def _counter() -> int:
    from casebook.cli.serve import BuildCounter

    return BuildCounter.value


def _served_counter(port: int) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/__casebook__/build",
                                    timeout=2) as reply:
            return int(reply.read())
    except OSError:
        return 0


def _wait_for(condition: object, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():  # type: ignore[operator]
                return
        except FileNotFoundError:
            pass
        time.sleep(0.02)
    raise AssertionError(f"not within {seconds} s")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port

