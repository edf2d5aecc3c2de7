"""Talking to Pagefind's binary in its service mode, without making Python wait.

The ``pagefind`` package's asyncio service sleeps 0.1 s before reading each
reply and sends one page per round trip. Here requests go into a queue that
a thread writes to the binary's stdin (through a 1 MiB pipe), and another
thread collects the replies, so the binary indexes on its own core while
the build keeps rendering, and nothing holds the interpreter lock while it
waits. The messages are the package's own: base64 of JSON, ending in ",".
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import queue
import subprocess
import threading
from pathlib import Path
from typing import Any

F_SETPIPE_SZ = 1031  # Linux fcntl: grow a pipe's buffer
PIPE_BYTES = 1 << 20
# Pages handed over but not yet indexed: enough that the binary never waits
# for us, few enough to bound memory. When the backlog is full the writing
# thread sleeps until half of it is done (waking it on every reply would
# make it fight the renderer for the interpreter lock a thousand times).
BACKLOG = 512
# Encoded pages waiting for the writing thread. When Pagefind falls behind,
# ``send`` waits here instead of piling pages up in memory.
OUTBOX = 64


# Niceness added to a binary still indexing while another writes its bundle (see
# feeder.LanguageIndexes.close).
GIVING_WAY = 10
LEAST_PRIORITY = 19


class PagefindError(RuntimeError):
    pass


def pagefind_executable() -> Path:
    """The binary from the ``pagefind`` package (or ``PAGEFIND_BINARY_PATH``)."""
    if os.environ.get("PAGEFIND_BINARY_PATH"):  # the search feeder gets it this way
        return Path(os.environ["PAGEFIND_BINARY_PATH"])
    from pagefind.service import get_executable  # imports asyncio: not in the feeder
    executable = get_executable()
    if executable is None:
        raise PagefindError("the Pagefind binary is missing; run `make test` or "
                            "`pip install pagefind[extended]` in the venv")
    return executable


def memory_mb(pid: int | str, field: str = "VmRSS") -> int | None:
    """A process's memory figure from /proc (``VmRSS`` now, ``VmHWM`` its peak), in MB."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) // 1024
    return None


class CombinedPeak:
    """The largest memory Pagefind's binaries hold together at one moment.

    Adding up each binary's own peak would count them as if they peaked at
    once; one language's binary usually writes (its peak) while the other
    is still indexing. Sampled every 50 ms; never below any one binary's peak.
    """

    INTERVAL = 0.05

    def __init__(self) -> None:
        self.pipes: list[PagefindPipe] = []  # the binaries still running
        self.own_peaks: list[int] = []  # of those that have exited
        self.sampled = 0
        self._done = threading.Event()
        self._thread: threading.Thread | None = None

    def watch(self, pipe: PagefindPipe) -> None:
        self.pipes.append(pipe)
        if self._thread is None:
            self._thread = threading.Thread(target=self._sample, name="pagefind-memory",
                                            daemon=True)
            self._thread.start()

    def retire(self, pipe: PagefindPipe) -> None:
        """A binary about to exit: keep its own peak, stop sampling it (once)."""
        if pipe not in self.pipes:
            return
        self._take_sample()
        self.own_peaks.append(pipe.peak_rss_mb() or 0)
        self.pipes.remove(pipe)

    def peak_mb(self) -> int | None:
        """The peak so far (call while the binaries still run); stops sampling."""
        self.stop()
        self._take_sample()
        own = [pipe.peak_rss_mb() or 0 for pipe in self.pipes]
        return max([self.sampled, *self.own_peaks, *own]) or None

    def stop(self) -> None:
        self._done.set()
        if self._thread is not None:
            self._thread.join()

    def _sample(self) -> None:
        while not self._done.wait(self.INTERVAL):
            self._take_sample()

    def _take_sample(self) -> None:
        now = [memory_mb(pipe.process.pid) for pipe in list(self.pipes)]
        self.sampled = max(self.sampled, sum(m for m in now if m is not None))


class PagefindPipe:
    """One ``pagefind --service`` process; ``send`` waits only while ``OUTBOX`` pages
    are queued, ``reply`` waits for the answer."""

    def __init__(self) -> None:
        executable = pagefind_executable()
        self.process = subprocess.Popen(
            [str(executable), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL)
        assert self.process.stdin is not None and self.process.stdout is not None
        with contextlib.suppress(OSError):  # a smaller pipe only costs some overlap
            fcntl.fcntl(self.process.stdin.fileno(), F_SETPIPE_SZ, PIPE_BYTES)
        self._outbox: queue.Queue[bytes | None] = queue.Queue(maxsize=OUTBOX)
        # Answers worth keeping (errors, new index, written); an indexed page is only counted.
        self._replies: dict[int, dict[str, Any]] = {}
        self._answered = 0
        self._arrived = threading.Condition()
        self._room = threading.Event()
        self._resume_at = 0
        self._closed = False
        self._given_way = False
        self._next_id = 0
        self._threads = [
            threading.Thread(target=self._write_requests, name="pagefind-in", daemon=True),
            threading.Thread(target=self._read_replies, name="pagefind-out", daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def send(self, payload: dict[str, Any]) -> int:
        """Queue a request; returns its message id."""
        self._next_id += 1
        message = {"message_id": self._next_id, "payload": payload}
        data = json.dumps(message, ensure_ascii=False).encode()  # Japanese: 3 bytes, not 12
        self._outbox.put(base64.b64encode(data) + b",")
        return self._next_id

    def reply(self, message_id: int) -> dict[str, Any]:
        """Wait for the answer to a request other than a page (pages are only counted);
        raise if the binary reported an error."""
        with self._arrived:
            self._arrived.wait_for(lambda: message_id in self._replies or self._closed)
            payload = self._replies.get(message_id)
        if payload is None:
            raise PagefindError("the Pagefind binary stopped before answering")
        if payload.get("type") == "Error":
            raise PagefindError(f"pagefind: {payload.get('message')}")
        return payload

    def errors(self) -> list[str]:
        with self._arrived:
            return [str(p.get("message")) for p in self._replies.values()
                    if p.get("type") == "Error"]

    def give_way(self) -> None:
        """Lower the binary's priority (all its threads: Linux sets it per thread), so
        that when cores are short it runs after the binary writing a bundle. Once."""
        if self._given_way:
            return
        self._given_way = True
        pid = self.process.pid
        try:
            threads = [int(tid) for tid in os.listdir(f"/proc/{pid}/task")]
        except OSError:  # no /proc: the main thread only
            threads = [pid]
        for tid in threads:
            with contextlib.suppress(OSError):  # a thread that just ended
                niceness = os.getpriority(os.PRIO_PROCESS, tid) + GIVING_WAY
                os.setpriority(os.PRIO_PROCESS, tid, min(niceness, LEAST_PRIORITY))

    def peak_rss_mb(self) -> int | None:
        """The binary's high-water mark of resident memory, read before it exits."""
        return memory_mb(self.process.pid, "VmHWM")

    def close(self, *, kill: bool = False) -> None:
        """Let the binary finish and exit, or (``kill``) stop it where it is."""
        if kill:
            self.process.kill()
        self._outbox.put(None)
        self._threads[0].join()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._threads[1].join()

    def _write_requests(self) -> None:
        stdin = self.process.stdin
        assert stdin is not None
        sent = 0
        gone = False
        while (message := self._outbox.get()) is not None:
            if gone:
                continue  # keep taking pages, so that send() never waits for nothing
            sent += 1
            self._wait_for_room(sent)
            try:
                stdin.write(message)
                stdin.flush()
            except (BrokenPipeError, ValueError):
                gone = True  # the binary is gone; reply() reports it
        with contextlib.suppress(OSError):
            stdin.close()

    def _wait_for_room(self, sent: int) -> None:
        with self._arrived:
            if self._answered >= sent - BACKLOG or self._closed:
                return
            self._resume_at = sent - BACKLOG // 2
            self._room.clear()
        self._room.wait()

    def _read_replies(self) -> None:
        stdout = self.process.stdout
        assert stdout is not None
        pending = b""
        while chunk := os.read(stdout.fileno(), 1 << 16):
            pending += chunk
            *messages, pending = pending.split(b",")
            for message in messages:
                self._store(message)
        with self._arrived:
            self._closed = True
            self._arrived.notify_all()
        self._room.set()

    def _store(self, message: bytes) -> None:
        reply = json.loads(base64.b64decode(message))
        if reply is None:
            return
        payload = reply.get("payload", {})
        message_id = reply.get("message_id")
        if message_id is None and payload.get("original_message"):
            message_id = json.loads(payload["original_message"]).get("message_id")
        with self._arrived:
            self._answered += 1
            if payload.get("type") != "IndexedFile":  # its word counts are not needed
                self._replies[message_id] = payload
                self._arrived.notify_all()
            if self._answered >= self._resume_at:
                self._room.set()


class PagefindIndex:
    """An index in its own binary; pages go in at once, ``write`` waits for the bundle."""

    def __init__(self) -> None:
        self.pipe = PagefindPipe()
        reply = self.pipe.reply(self.pipe.send({"type": "NewIndex", "config": None}))
        self.index_id: int = reply["index_id"]

    def add(self, html: str, url: str, source_path: str) -> None:
        self.pipe.send({"type": "AddFile", "index_id": self.index_id, "file_path": source_path,
                        "url": url, "file_contents": html})

    def request_write(self, output: Path) -> int:
        return self.pipe.send({"type": "WriteFiles", "index_id": self.index_id,
                               "output_path": str(output)})

    def wait(self, message_id: int) -> None:
        self.pipe.reply(message_id)
        if errors := self.pipe.errors():
            raise PagefindError(f"pagefind could not index {len(errors)} page(s): {errors[0]}")
