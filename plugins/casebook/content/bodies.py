"""Limits on a Markdown body, so that rendering it cannot take minutes or crash.

Python-Markdown matches links and inline HTML by scanning ahead for the
closing bracket, which is quadratic in the brackets of a paragraph (5,000 '['
take seconds, 15,000 half a minute), and it nests emphasis by recursion (a
few thousand '_' around a word exceed Python's stack). No story needs
anywhere near these limits; a body past them is refused by ``casebook
check`` and the build alike, at the paragraph's line, instead of stalling or
failing the build without naming the file.
"""

from __future__ import annotations

import re

from casebook.content.problems import FieldError

MAX_CHARACTERS = 200_000  # some 30,000 words: a long case study is a tenth of that
MAX_LINKS = 2_000  # '[' in the whole body
# The most of each markup character one paragraph may hold.
MAX_IN_PARAGRAPH = {"[": 200, "*": 500, "_": 500, "<": 500}
# Lists and quotes nested by indentation or by markers on one line ("- - - x");
# Python-Markdown recurses once a level and overflows from about 250.
MAX_NESTING = 100
FENCE = re.compile(r"^\s{0,3}(```|~~~)")
# Pelican's own link syntax ({static}, {filename}, |attach| ...), in a Markdown link or
# an HTML attribute: Casebook does not publish files through it.
PELICAN_LINK = re.compile(
    r"(?:\]\(\s*<?|\b(?:href|src)\s*=\s*[\"']?)"
    r"([{|](?:static|attach|filename|tag|category|author|index|article|page|draft)[}|])",
    re.IGNORECASE)
NESTING_STARTS = frozenset(" \t-*+>0123456789")
MARKER = re.compile(r"(?:[-*+]|\d{1,9}[.)]|>)[ \t]")
NESTING = re.compile(r"[ \t]*(?:(?:[-*+]|\d{1,9}[.)]|>)[ \t]+)*")


def check_body(body: str, first_line: int) -> None:
    """Raise FieldError (with the line) for a body past the limits."""
    if len(body) > MAX_CHARACTERS:
        raise FieldError(f"the text is {len(body):,} characters long; Casebook renders at most "
                         f"{MAX_CHARACTERS:,} (about 30,000 words): split it into several "
                         "stories or move material to an attachment", first_line)
    if body.count("[") > MAX_LINKS:
        raise FieldError(f"the text holds {body.count('['):,} '[' (links, images, footnotes); "
                         f"at most {MAX_LINKS:,} can be rendered", first_line)
    _check_pelican_links(body, first_line)
    _check_nesting(body, first_line)
    if all(body.count(mark) <= most for mark, most in MAX_IN_PARAGRAPH.items()):
        return  # no paragraph can hold more than the whole body (nearly every story)
    for text, line in _paragraphs(body, first_line):
        for mark, most in MAX_IN_PARAGRAPH.items():
            if text.count(mark) > most:
                raise FieldError(f"this paragraph holds {text.count(mark):,} '{mark}' characters; "
                                 f"at most {most} can be rendered in one paragraph: split it, "
                                 "or write the characters in a code block", line)


def _check_pelican_links(body: str, first_line: int) -> None:
    if "{" not in body and "|" not in body:
        return
    found = PELICAN_LINK.search(body)
    if found:
        raise FieldError(f"'{found.group(1)}' links are Pelican's, and Casebook does not use "
                         "them: link another story by its address (/stories/<slug>/), show an "
                         "image by its file name (![Team](team.jpg)) and attach slides with "
                         "slides:", first_line + body.count("\n", 0, found.start()))


def _check_nesting(body: str, first_line: int) -> None:
    for number, line in enumerate(body.split("\n"), first_line):
        if len(line) <= MAX_NESTING or line[0] not in NESTING_STARTS:
            continue  # too short to nest that deep, or a paragraph's line
        depth = _nesting(line)
        if depth > MAX_NESTING:
            raise FieldError(f"this line is nested {depth} lists or quotes deep; Casebook renders "
                             f"at most {MAX_NESTING} levels: flatten it", number)


def _nesting(line: str) -> int:
    """Levels of list or quote a line opens: four columns of indentation each (a tab
    is four), and each list or quote marker in front of its text."""
    prefix = NESTING.match(line)
    markers = MARKER.findall(prefix.group()) if prefix else []
    indent = len(line) - len(line.lstrip(" \t"))
    return len(line[:indent].expandtabs(4)) // 4 + len(markers)


def _paragraphs(body: str, first_line: int) -> list[tuple[str, int]]:
    """Blocks separated by blank lines, outside fenced code, with their first line."""
    found: list[tuple[str, int]] = []
    lines: list[str] = []
    start = first_line
    fenced = False
    for number, line in enumerate(body.split("\n"), first_line):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        if line.strip():
            if not lines:
                start = number
            lines.append(line)
        elif lines:
            found.append(("\n".join(lines), start))
            lines = []
    if lines:
        found.append(("\n".join(lines), start))
    return found
