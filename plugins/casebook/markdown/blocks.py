"""Python-Markdown's block steps, without searching blocks that cannot match.

Python-Markdown offers every block of a body (a paragraph, a list, a
heading) to its block processors in turn, and most of them search the
whole block with a regular expression: headings, block quotes, definition
lists, rules, footnote and link definitions, abbreviations. Before the
blocks, two preprocessors scan the whole text for fenced code and raw
HTML. Together that is about a third of a story's rendering, and prose
holds none of what they look for.

Every step listed here can only match text that holds one of its
substrings, so text without any of them is handled exactly as a failed
search would handle it: a test answers False, a processor that declines
(returns False) declines without touching the blocks, a preprocessor hands
the lines on unchanged. The HTML is the same, character for character; the
tests compare it with stock Python-Markdown's on the sample site and on
random Markdown.

A step is guarded only if its regular expression is the one this module
was checked against (its digest is listed), so a Python-Markdown release
that changes one is not guarded, just slower.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension

from casebook.markdown.inline import digest

# Registry name: (digest of the regular expression, or the class name of a step that
# has none; substrings any match contains).
Guards = dict[str, tuple[str, tuple[str, ...]]]

# Processors whose ``test`` searches the block:
TESTS: Guards = {
    "hashheader": ("eb361640c417", ("#",)),
    "setextheader": ("fd75b3b85518", ("\n=", "\n-")),
    "hr": ("254374595d5d", ("-", "_", "*")),
    "deflist": ("75cd50f6958a", (": ",)),
    "quote": ("e96047bb8c77", (">",)),
    "table": ("TableProcessor", ("|",)),  # a table's first row has a pipe
}
# Processors whose ``test`` always passes and whose ``run`` declines unless it matches:
RUNS: Guards = {
    "footnote": ("e9692890598b", ("[^",)),
    "abbr": ("08a87245d7dd", ("*[",)),
    "reference": ("0ed9d926a9b3", ("]:",)),
}
# Preprocessors that hand the lines on unchanged unless they match:
PREPROCESSORS: Guards = {
    "fenced_code_block": ("588455cd8f4f", ("```", "~~~")),
    # Raw HTML and character references are all it changes (it reads "&copy" as "&copy;").
    "html_block": ("HtmlBlockPreprocessor", ("<", "&")),
}


def pattern_of(step: Any) -> str | None:
    """The regular expression a step searches with, as text."""
    for name in ("RE", "SEARCH_RE", "FENCED_BLOCK_RE"):
        found = getattr(step, name, None)
        if found is not None:
            return found if isinstance(found, str) else found.pattern
    return None


def listed(table: Guards, name: str, step: Any) -> tuple[str, ...] | None:
    """The substrings guarding this step, or None if it is not the step this module knows."""
    entry = table.get(name)
    if entry is None:
        return None
    expected, substrings = entry
    pattern = pattern_of(step)
    known = type(step).__name__ if pattern is None else digest(pattern)
    return substrings if known == expected else None


def holds_any(text: str, substrings: tuple[str, ...]) -> bool:
    # A loop, not any(): a generator per call would cost more than the searches.
    for substring in substrings:  # noqa: SIM110
        if substring in text:
            return True
    return False


def guard_test(step: Any, substrings: tuple[str, ...]) -> None:
    test = step.test

    def guarded(parent: Any, block: str) -> bool:
        return holds_any(block, substrings) and test(parent, block)
    step.test = guarded


def guard_run(step: Any, substrings: tuple[str, ...]) -> None:
    run = step.run

    def guarded(parent: Any, blocks: list[str]) -> Any:
        if not holds_any(blocks[0], substrings):
            return False  # what the processor returns after a failed search
        return run(parent, blocks)
    step.run = guarded


def guard_preprocessor(step: Any, substrings: tuple[str, ...]) -> None:
    run = step.run

    def guarded(lines: list[str]) -> list[str]:
        if not holds_any("\n".join(lines), substrings):  # (none of them holds a newline)
            return lines
        result: list[str] = run(lines)
        return result
    step.run = guarded


def guarded_steps(md: Markdown) -> list[tuple[Guards, Any, Callable[[Any, tuple[str, ...]], None]]]:
    """Each table of guards with the registry its steps are in and how to guard them."""
    return [(TESTS, md.parser.blockprocessors, guard_test),
            (RUNS, md.parser.blockprocessors, guard_run),
            (PREPROCESSORS, md.preprocessors, guard_preprocessor)]


def unguarded_steps(md: Markdown) -> list[str]:
    """Steps listed here that this Python-Markdown does not have as this module knows them."""
    return [name for table, registry, _ in guarded_steps(md) for name in table
            if name not in registry or listed(table, name, registry[name]) is None]


class GuardedBlocksExtension(Extension):
    """Guards the block steps of the extensions registered before it."""

    def extendMarkdown(self, md: Markdown) -> None:
        for table, registry, guard in guarded_steps(md):
            for name in table:
                if name not in registry:  # (a Registry has no .get)
                    continue
                substrings = listed(table, name, registry[name])
                if substrings is not None:
                    guard(registry[name], substrings)
