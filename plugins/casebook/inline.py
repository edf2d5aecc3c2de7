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

A pattern is guarded only if its regular expression is the one listed here,
so a Python-Markdown release that changes a pattern is not guarded, just slower.
"""

from __future__ import annotations

from typing import Any

from markdown import Markdown, inlinepatterns, util
from markdown.extensions import Extension
from markdown.treeprocessors import InlineProcessor

FOOTNOTE_RE = r"\[\^([^\]]*)\]"  # markdown.extensions.footnotes registers this one

# Registry name: (the pattern's regular expression, characters any match contains).
TRIGGERS = {
    "backtick": (inlinepatterns.BACKTICK_RE, "`"),
    "escape": (inlinepatterns.ESCAPE_RE, "\\"),
    "reference": (inlinepatterns.REFERENCE_RE, "["),
    "link": (inlinepatterns.LINK_RE, "["),
    "image_link": (inlinepatterns.IMAGE_LINK_RE, "["),
    "image_reference": (inlinepatterns.IMAGE_REFERENCE_RE, "["),
    "short_reference": (inlinepatterns.REFERENCE_RE, "["),
    "short_image_ref": (inlinepatterns.IMAGE_REFERENCE_RE, "["),
    "footnote": (FOOTNOTE_RE, "["),
    "autolink": (inlinepatterns.AUTOLINK_RE, "<"),
    "automail": (inlinepatterns.AUTOMAIL_RE, "<"),
    "linebreak": (inlinepatterns.LINE_BREAK_RE, "\n"),
    "html": (inlinepatterns.HTML_RE, "<"),
    "entity": (inlinepatterns.ENTITY_RE, "&"),
}


def registry_names(registry: Any) -> list[str]:
    """The names of a Python-Markdown registry's entries, in the order it applies them."""
    return [entry.name for entry in registry._priority]


def trigger_of(name: str, pattern: Any) -> str | None:
    """The characters a match of this pattern must contain, or None if unknown."""
    if isinstance(pattern, inlinepatterns.DelimiterProcessor):  # emphasis: * and _
        return "".join(pattern.tokens)
    listed = TRIGGERS.get(name)
    if listed and getattr(pattern, "pattern", None) == listed[0]:
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
            if trigger is not None and not any(c in data for c in trigger):
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
