"""`casebook serve` run as an editor runs it: a process on a free port, stopped with Ctrl+C."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable

from .conftest import Project


def serving(project: Project, *options: str) -> tuple[subprocess.Popen[str], int]:
    """``casebook serve`` on a free port, its messages kept."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "casebook.cli.main", "--config",
         str(project.root / "pelicanconf.py"), "serve", "--port", str(port), *options],
        cwd=project.root, stderr=subprocess.PIPE, text=True)
    return server, port


def stopped(server: subprocess.Popen[str]) -> str:
    """Ctrl+C, as an editor stops it; what it printed."""
    server.send_signal(signal.SIGINT)
    try:
        _, errors = server.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        server.kill()
        try:  # a child still holding its stderr must not keep the test waiting
            _, errors = server.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            errors = ""
    return errors


def served_state(port: int) -> dict[str, object]:
    """What the open pages poll: the build number and the last build's problems."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/__casebook__/build",
                                    timeout=2) as reply:
            state: dict[str, object] = json.loads(reply.read())
            return state
    except OSError:
        return {"build": 0, "problems": []}


def served_counter(port: int) -> int:
    return int(served_state(port)["build"])  # type: ignore[call-overload]


def wait_for(condition: Callable[[], object], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except FileNotFoundError:
            pass
        time.sleep(0.02)
    raise AssertionError(f"not within {seconds} s")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port
