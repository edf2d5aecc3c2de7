"""The dev loop: with ``casebook serve`` running, time from saving a story to its new page.

The server is started on a free port and given its first build; then each
edit appends a sentence with a fresh word to one English story, the clock
starts when the file is written and closed, and the story's output page is
read every 5 ms until it holds the word. The same clock then waits for the
server's build counter to move, which is when an open browser tab reloads.
"""

from __future__ import annotations

import json
import secrets
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bench.builds import story_page
from bench.corpus import append_sentence, english_story, story_slug
from bench.processes import BenchError, free_port, log_tail

POLL_SECONDS = 0.005
FIRST_BUILD_TIMEOUT = 3600.0
EDIT_TIMEOUT = 120.0
STOP_TIMEOUT = 15.0
BUILD_COUNTER = "/__casebook__/build"


@dataclass
class DevEdit:
    word: str
    page_seconds: float | None  # None: the page did not show the word within EDIT_TIMEOUT
    reload_seconds: float | None  # until the build counter moved (the browser reloads)


@dataclass
class DevLoop:
    stories: int
    story: str
    first_build_seconds: float
    edits: list[DevEdit]
    page_median_seconds: float | None = field(init=False)
    page_max_seconds: float | None = field(init=False)
    reload_median_seconds: float | None = field(init=False)
    reload_max_seconds: float | None = field(init=False)

    def __post_init__(self) -> None:
        pages = [edit.page_seconds for edit in self.edits]
        reloads = [edit.reload_seconds for edit in self.edits]
        self.page_median_seconds, self.page_max_seconds = median_and_max(pages)
        self.reload_median_seconds, self.reload_max_seconds = median_and_max(reloads)


def median_and_max(values: list[float | None]) -> tuple[float | None, float | None]:
    """Median and maximum; a timed-out value (None) makes the maximum unknown."""
    known = [value for value in values if value is not None]
    if not known:
        return None, None
    return statistics.median(known), (max(known) if len(known) == len(values) else None)


def build_counter(port: int) -> int | None:
    """The server's count of finished builds, or None while it does not answer."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{BUILD_COUNTER}",
                                    timeout=2) as reply:
            return int(json.loads(reply.read())["build"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def wait_for_builds(server: subprocess.Popen[bytes], port: int, at_least: int,
                    timeout: float, log: Path) -> bool:
    """Poll the build counter until it reaches ``at_least``; False on timeout."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        count = build_counter(port)
        if count is not None and count >= at_least:
            return True
        if server.poll() is not None:
            raise BenchError(f"casebook serve stopped (log: {log}):\n{log_tail(log)}")
        time.sleep(POLL_SECONDS)
    return False


def wait_for_word(page: Path, word: str, timeout: float) -> bool:
    """Read ``page`` until it contains ``word``; False on timeout."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            if word in page.read_text(encoding="utf-8", errors="replace"):
                return True
        except OSError:  # between the old output/ going and the new one arriving
            pass
        time.sleep(POLL_SECONDS)
    return False


def time_one_edit(server: subprocess.Popen[bytes], port: int, story: Path, page: Path,
                  log: Path) -> DevEdit:
    builds_before = build_counter(port) or 0
    word = f"devloop{secrets.token_hex(4)}"
    append_sentence(story, word)
    saved = time.perf_counter()
    if not wait_for_word(page, word, EDIT_TIMEOUT):
        return DevEdit(word, None, None)
    page_seconds = time.perf_counter() - saved
    reloaded = wait_for_builds(server, port, builds_before + 1, EDIT_TIMEOUT, log)
    reload_seconds = time.perf_counter() - saved if reloaded else None
    return DevEdit(word, page_seconds, reload_seconds)


def stop(server: subprocess.Popen[bytes]) -> None:
    """Ctrl+C, as a person stops it; killed if it does not stop in time."""
    if server.poll() is not None:
        return
    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def measure_dev_loop(root: Path, stories: int, edits: int, settle_seconds: float,
                     log: Path) -> DevLoop:
    """Start ``casebook serve`` on the corpus at ``root`` and time ``edits`` edits."""
    port = free_port()
    story = english_story(root)
    page = story_page(root, story_slug(story))
    command = [sys.executable, "-m", "casebook.cli.main", "--config",
               str(root / "pelicanconf.py"), "serve", "--port", str(port)]
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        started = time.perf_counter()
        server = subprocess.Popen(command, cwd=root, stdout=out, stderr=subprocess.STDOUT)
        try:
            if not wait_for_builds(server, port, 1, FIRST_BUILD_TIMEOUT, log):
                raise BenchError(f"casebook serve did not finish its first build (log: {log})")
            first_build = time.perf_counter() - started
            timed = []
            for _ in range(edits):
                time.sleep(settle_seconds)  # let the previous build's background work end
                timed.append(time_one_edit(server, port, story, page, log))
        finally:
            stop(server)
    return DevLoop(stories, str(story.relative_to(root)), first_build, timed)
