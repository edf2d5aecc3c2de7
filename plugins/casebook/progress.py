"""A count for a long step of the build ("social cards: 1,200 of 10,000 drawn"), so that
a first build at scale is never minutes of silence. Quiet when the step is quick."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Say ``what: done of total verb`` at most every ``every`` seconds, and only once
    the step has taken that long."""

    def __init__(self, what: str, total: int, verb: str, every: float = 2.0,
                 out: TextIO | None = None) -> None:
        self.what, self.total, self.verb, self.every = what, total, verb, every
        self.out = out or sys.stderr
        self.done = 0
        self.said = time.monotonic()  # the step's start counts as the last word

    def step(self, count: int = 1) -> None:
        self.done += count
        now = time.monotonic()
        if now - self.said >= self.every and self.done < self.total:
            self.said = now
            print(f"{self.what}: {self.done:,} of {self.total:,} {self.verb}", file=self.out,
                  flush=True)
