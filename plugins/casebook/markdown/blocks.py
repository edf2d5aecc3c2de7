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
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from casebook.markdown.inline import digest

# Registry name: (digests of the regular expression in the Python-Markdown releases
# checked, or the class name of a step that has none; substrings any match contains;
# the step's priority in its registry).
Guards = dict[str, tuple[tuple[str, ...], tuple[str, ...], float]]

# Processors whose ``test`` searches the block:
TESTS: Guards = {
    "hashheader": (("eb361640c417",), ("#",), 70),
    "setextheader": (("fd75b3b85518",), ("\n=", "\n-"), 60),
    "hr": (("254374595d5d",), ("-", "_", "*"), 50),
    "deflist": (("75cd50f6958a",), (": ",), 25),
    "quote": (("e96047bb8c77",), (">",), 20),
    "table": (("TableProcessor",), ("|",), 75),  # a table's first row has a pipe
}
# Processors whose ``test`` always passes and whose ``run`` declines unless it matches:
RUNS: Guards = {
    "footnote": (("e9692890598b",), ("[^",), 17),
    "abbr": (("08a87245d7dd", "57b4148b5be8"), ("*[",), 16),  # 3.11.3, 3.11.4
    "reference": (("0ed9d926a9b3",), ("]:",), 15),
}
# Preprocessors that hand the lines on unchanged unless they match:
PREPROCESSORS: Guards = {
    "fenced_code_block": (("588455cd8f4f",), ("```", "~~~"), 25),
    # Raw HTML and character references are all it changes (it reads "&copy" as "&copy;").
    "html_block": (("HtmlBlockPreprocessor",), ("<", "&"), 20),
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
    expected, substrings, _ = entry
    pattern = pattern_of(step)
    known = type(step).__name__ if pattern is None else digest(pattern)
    return substrings if known in expected else None


def holds_any(text: str, substrings: tuple[str, ...]) -> bool:
    # A loop, not any(): a generator per call would cost more than the searches.
    for substring in substrings:  # noqa: SIM110
        if substring in text:
            return True
    return False


class GuardedTest(BlockProcessor):
    """A block processor whose test only searches blocks that hold one of its substrings."""

    def __init__(self, step: BlockProcessor, substrings: tuple[str, ...]) -> None:
        super().__init__(step.parser)
        self.step = step
        self.substrings = substrings

    def test(self, parent: Any, block: str) -> bool:
        return holds_any(block, self.substrings) and bool(self.step.test(parent, block))

    def run(self, parent: Any, blocks: list[str]) -> Any:
        return self.step.run(parent, blocks)


class GuardedRun(GuardedTest):
    """A block processor whose run declines, as a failed search does, on a block that
    holds none of its substrings."""

    def test(self, parent: Any, block: str) -> bool:
        return bool(self.step.test(parent, block))

    def run(self, parent: Any, blocks: list[str]) -> Any:
        if not holds_any(blocks[0], self.substrings):
            return False  # what the processor returns after a failed search
        return self.step.run(parent, blocks)


class GuardedPreprocessor(Preprocessor):
    """A preprocessor that hands on, unchanged, text that holds none of its substrings."""

    def __init__(self, step: Preprocessor, substrings: tuple[str, ...]) -> None:
        super().__init__(step.md)
        self.step = step
        self.substrings = substrings

    def run(self, lines: list[str]) -> list[str]:
        if not holds_any("\n".join(lines), self.substrings):  # (none of them holds a newline)
            return lines
        result: list[str] = self.step.run(lines)
        return result


Wrapper = Callable[[Any, tuple[str, ...]], Any]


def guarded_steps(md: Markdown) -> list[tuple[Guards, Any, Wrapper]]:
    """Each table of guards with the registry its steps are in and how to guard them."""
    return [(TESTS, md.parser.blockprocessors, GuardedTest),
            (RUNS, md.parser.blockprocessors, GuardedRun),
            (PREPROCESSORS, md.preprocessors, GuardedPreprocessor)]


def unguarded_steps(md: Markdown) -> list[str]:
    """Steps listed here that this Python-Markdown does not have as this module knows them
    (or that are not guarded once the extension has run)."""
    return [name for table, registry, wrapper in guarded_steps(md) for name in table
            if name not in registry or type(registry[name]) is not wrapper]


class GuardedBlocksExtension(Extension):
    """Guards the block steps of the extensions registered before it: each known step is
    registered again, under its name and priority, wrapped in its guard."""

    def extendMarkdown(self, md: Markdown) -> None:
        for table, registry, wrapper in guarded_steps(md):
            order = [step for step in registry]
            for name, (_, _, priority) in table.items():
                if name not in registry:  # (a Registry has no .get)
                    continue
                step = registry[name]
                substrings = listed(table, name, step)
                if substrings is not None and registry.get_index_for_name(name) == (
                        order.index(step)):
                    registry.register(wrapper(step, substrings), name, priority)
            assert [unwrapped(step) for step in registry] == [unwrapped(s) for s in order], (
                "a guarded step moved: its priority is not Markdown's")


def unwrapped(step: Any) -> Any:
    return step.step if isinstance(step, GuardedTest | GuardedPreprocessor) else step
