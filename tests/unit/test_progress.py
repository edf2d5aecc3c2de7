"""Long steps say how far they are; quick ones say nothing."""

from __future__ import annotations

import io

from casebook.progress import Progress


def test_a_quick_step_says_nothing() -> None:
    out = io.StringIO()
    progress = Progress("images", 3, "encoded", every=60, out=out)
    for _ in range(3):
        progress.step()
    assert out.getvalue() == ""


def test_a_long_step_counts_what_is_done() -> None:
    out = io.StringIO()
    progress = Progress("social cards", 12_000, "drawn", every=0, out=out)
    progress.step(1_500)
    progress.step(10_500)  # the end: the step's own summary says the rest
    assert out.getvalue() == "social cards: 1,500 of 12,000 drawn\n"
