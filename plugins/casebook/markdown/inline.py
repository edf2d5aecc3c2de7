"""Python-Markdown's inline step, without offering text to patterns that cannot match it.

Python-Markdown tries each of its inline patterns (links, emphasis, code,
HTML, entities, ...) on every piece of text, one Python call and one regular
expression search per pattern and piece: about 40% of a story's rendering.
Most prose holds none of the characters a pattern starts from. Every
pattern listed in ``TRIGGERS`` can only match text that holds one of its
characters, so text without any of them skips that pattern, exactly as if
its search had found nothing (a search that finds nothing changes no
state). The HTML is the same, character for character; the tests compare
it with stock Python-Markdown's on the sample site and on random Markdown.

A pattern is guarded only if its regular expression is the one this module
was checked against (its digest is listed), so a Python-Markdown release
that changes a pattern is not guarded, just slower.
"""

from __future__ import annotations

import hashlib
from typing import Any

from markdown import Markdown, inlinepatterns, util
from markdown.extensions import Extension
from markdown.treeprocessors import InlineProcessor

# Registry name: (digest of the pattern's regular expression, characters any match contains).
TRIGGERS = {
    "backtick": ("231bee70302e", "`"),
    "escape": ("51a11c21258d", "\\"),
    "reference": ("0aca4cbc7f79", "["),
    "link": ("0aca4cbc7f79", "["),
    "image_link": ("3bd0cb9cfeed", "["),
    "image_reference": ("3bd0cb9cfeed", "["),
    "short_reference": ("0aca4cbc7f79", "["),
    "short_image_ref": ("3bd0cb9cfeed", "["),
    "footnote": ("154f68064ec7", "["),  # registered by markdown.extensions.footnotes
    "autolink": ("7cc379585f40", "<"),
    "automail": ("64b9f843dff4", "<"),
    "linebreak": ("75df45fedc69", "\n"),
    "html": ("47eec514cf83", "<"),
    "entity": ("59f41c098c4b", "&"),
}


def digest(pattern: str) -> str:
    """A short fingerprint of a regular expression, to tell a changed one."""
    return hashlib.sha256(pattern.encode()).hexdigest()[:12]


def registry_names(registry: Any) -> list[str]:
    """The names of a Python-Markdown registry's entries, in the order it applies them."""
    return [entry.name for entry in registry._priority]


def trigger_of(name: str, pattern: Any) -> str | None:
    """The characters a match of this pattern must contain, or None if unknown."""
    if isinstance(pattern, inlinepatterns.DelimiterProcessor):  # emphasis: * and _
        return "".join(pattern.tokens)
    listed = TRIGGERS.get(name)
    expression = getattr(pattern, "pattern", None)
    if listed and isinstance(expression, str) and digest(expression) == listed[0]:
        return listed[1]
    return None


class TriggeredInlineProcessor(InlineProcessor):
    """Python-Markdown's ``inline`` tree processor, skipping patterns that cannot match."""

    def run(self, tree: Any, ancestors: list[str] | None = None) -> Any:
        self._patterns = list(self.inlinePatterns)
        self._triggers = [trigger_of(name, p) for name, p in
                          zip(registry_names(self.inlinePatterns), self._patterns, strict=True)]
        return super().run(tree, ancestors)

    # Python-Markdown's private loop over the patterns (name-mangled), same contract.
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if isinstance(data, util.AtomicString):
            return data
        patterns, triggers = self._patterns, self._triggers
        start = 0
        while patternIndex < len(patterns):
            trigger = triggers[patternIndex]
            if trigger is not None and not (trigger in data if len(trigger) == 1
                                            else any(c in data for c in trigger)):
                patternIndex, start = patternIndex + 1, 0  # what a failed search returns
                continue
            data, matched, start = self._InlineProcessor__applyPattern(  # type: ignore[attr-defined]
                patterns[patternIndex], data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data


class TriggeredInlineExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(TriggeredInlineProcessor(md), "inline", 20)
