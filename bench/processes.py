"""Run a command as a child process and measure it: wall time, CPU time, peak memory.

Wall time is ``time.perf_counter`` around start and exit; CPU time and
peak resident memory come from ``os.wait4`` on the child. Linux reports
``ru_maxrss`` in KiB, and for the largest of the process and every
descendant it waited for, so a build that runs Pagefind as its own child
reports Pagefind's peak if that is higher: say which one you mean.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

LOG_TAIL_CHARS = 3000


class BenchError(RuntimeError):
    """A measured command failed, so its figure would mean nothing."""


@dataclass
class ProcessRun:
    command: list[str]
    seconds: float  # wall time
    cpu_seconds: float  # user + system, the process and the children it waited for
    peak_rss_mb: float  # the largest of the process and the children it waited for
    returncode: int
    log: str


def log_tail(log: Path) -> str:
    text = log.read_text(encoding="utf-8", errors="replace")
    return text[-LOG_TAIL_CHARS:]


def run_timed(command: Sequence[str], cwd: Path, log: Path) -> ProcessRun:
    """Run ``command`` in ``cwd`` with its output in ``log``; raise BenchError if it fails."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        started = time.perf_counter()
        process = subprocess.Popen(list(command), cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        try:
            _, status, usage = os.wait4(process.pid, 0)
        except BaseException:  # Ctrl+C while waiting: do not leave the build running
            process.kill()
            process.wait()
            raise
        seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    run = ProcessRun(
        command=list(command),
        seconds=seconds,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        peak_rss_mb=usage.ru_maxrss / 1024,
        returncode=process.returncode,
        log=str(log),
    )
    if run.returncode != 0:
        raise BenchError(f"{' '.join(command)} exited with {run.returncode} "
                         f"(log: {log}):\n{log_tail(log)}")
    return run


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port
