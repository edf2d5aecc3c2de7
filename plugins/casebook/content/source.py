"""Reading a Markdown file with YAML front matter, keeping line numbers.

python-frontmatter splits the file; PyYAML's composer gives us nodes that
remember where they came from, so every later message can name its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import frontmatter
import yaml
from yaml.resolver import Resolver

from casebook.content.problems import FieldError

# python-frontmatter hands back the YAML starting with the rest of the opening
# "---" line, so YAML line 0 is file line 1.
FRONT_MATTER_FIRST_LINE = 1
# libyaml's parser gives the same nodes and marks about ten times faster;
# a file it rejects is parsed again in Python for the clearer message.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Entry:
    """One top-level front-matter key with its value node and file line."""

    key: str
    line: int
    node: yaml.Node


@dataclass(frozen=True)
class SourceFile:
    """A content file split into front-matter entries and a Markdown body."""

    entries: dict[str, Entry]
    body: str
    body_first_line: int
    end_line: int


def line_of(node: yaml.Node) -> int:
    """The file line a YAML node starts on."""
    return node.start_mark.line + FRONT_MATTER_FIRST_LINE


# Characters no text of ours may hold: C0 and C1 controls but tab and newline, DEL,
# the line and paragraph separators (YAML and JavaScript count them as line breaks,
# so every later line number would be off), the non-characters U+FFFE and U+FFFF,
# and lone surrogates (a YAML escape such as "\ud800" can make one). XML, and so
# the feeds and the sitemap, cannot carry them; they come from text pasted out of
# PDFs and word processors, where they are invisible.
INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff\ud800-\udfff]")


def invisible_character(text: str) -> str | None:
    """A message naming the first invisible control character in the text, or None."""
    found = INVISIBLE.search(text)
    if found is None:
        return None
    return (f"an invisible control character (U+{ord(found.group()):04X}) is in the text; "
            "delete it and type the text again (it often comes with text copied from a "
            "PDF or a word processor)")


def decode(data: bytes) -> str:
    """UTF-8 text with a BOM dropped and CRLF/CR turned into LF; refused (with the line)
    when it is not UTF-8 or holds invisible control characters."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FieldError(
            "the file is not UTF-8 text; save it with UTF-8 encoding", line
        ) from exc
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _may_hold_invisible(data):
        found = INVISIBLE.search(text)
        if found is not None:
            message = invisible_character(found.group())
            assert message is not None
            raise FieldError(message, text.count("\n", 0, found.start()) + 1)
    return text


# C0 controls (but tab, newline and carriage return) and DEL, as bytes.
C0_CONTROLS = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])


def _may_hold_invisible(data: bytes) -> bool:
    """A fast test on the bytes: ASCII text without C0 controls holds none (searching
    the text takes several times longer, and nearly every file has nothing to find)."""
    return len(data.translate(None, C0_CONTROLS)) != len(data) or not data.isascii()


def split_front_matter(text: str) -> tuple[str, str, int]:
    """Return (yaml text, body, first body line) or raise FieldError."""
    if not text.startswith("---\n") and text.strip() != "---":
        raise FieldError(
            "no front matter: the file must start with a line '---', then the "
            "YAML keys (title, customer, ...), then another '---'",
            1,
        )
    handler = frontmatter.YAMLHandler()
    try:
        fm_text, body = handler.split(text)
    except ValueError as exc:
        raise FieldError(
            "front matter is not closed: add a line '---' after the last key", 1
        ) from exc
    body_offset = len(text) - len(body)
    return fm_text, body, text[:body_offset].count("\n") + 1


def compose(fm_text: str, first_line: int = FRONT_MATTER_FIRST_LINE,
            subject: str = "front matter") -> yaml.Node | None:
    """YAML composed into nodes and checked (``checked_nodes``); raises FieldError with
    the line of the first problem. ``first_line``: the file line of YAML line 0;
    ``subject``: what the YAML is, as messages name it."""
    try:
        root = yaml.compose(fm_text, Loader=LOADER)
    except yaml.MarkedYAMLError as exc:
        raise syntax_error(fm_text, exc, first_line, subject) from None
    except yaml.YAMLError as exc:  # a reader error: decode() lets none through
        raise FieldError(f"{subject} is not valid YAML ({exc})", first_line) from None
    if root is not None:
        checked_nodes(root, first_line, tags_possible="!" in fm_text)
    return root


CLEARER_MESSAGE_UP_TO = 20_000  # characters of YAML


def syntax_error(text: str, fast: yaml.MarkedYAMLError, first_line: int,
                 subject: str) -> FieldError:
    """The clearer of the two parsers' messages for a syntax error.

    Only the pure-Python *parser* runs again (an event stream, not the recursive
    composer, which a list nested a thousand deep would overflow), and only on
    front matter of a sensible size: on 50,000 nested brackets it takes a minute."""
    error = fast
    nested = "maximum nesting depth" in f"{fast.problem} {fast.context}"
    if len(text) <= CLEARER_MESSAGE_UP_TO and not nested:
        try:
            for _ in yaml.parse(text, Loader=yaml.SafeLoader):
                pass
        except yaml.MarkedYAMLError as exc:
            error = exc
        except yaml.YAMLError:
            pass
    mark = error.problem_mark or error.context_mark
    line = mark.line + first_line if mark else first_line
    if nested:
        what = f"lists or mappings nested more than {MAX_DEPTH} levels deep"
        return FieldError(f"{subject} is not valid YAML ({what})", line)
    plain = in_plain_words(text.split("\n"), error)
    if plain is not None:
        at, message = plain
        return FieldError(message, at + first_line)
    return FieldError(
        f"{subject} is not valid YAML here: check that each line is name: value, that lists "
        "are in [brackets] or start with '- ', and put values containing ':' or '#' in "
        "quotes", line)


UNCLOSED_QUOTE = re.compile(r'^\s*(?:-\s+)?[\w-]+:\s*"(?:[^"\\]|\\.)*$')


def in_plain_words(lines: list[str], error: yaml.MarkedYAMLError) -> tuple[int, str] | None:
    """What an editor should type to fix a YAML syntax error, and the line (0-based, of
    ``lines``) to type it on; None when the error is none of the usual ones."""
    problem, context = error.problem or "", error.context or ""
    at = (error.problem_mark or error.context_mark).line  # type: ignore[union-attr]
    opened = error.context_mark.line if error.context_mark else at
    for n, text in enumerate(lines[: at + 1]):
        if UNCLOSED_QUOTE.match(text):
            return n, ('a quoted value is not closed: end it with " on the same line, e.g. '
                       'customer: "Acme Tools"')
    if "'\\t'" in problem or "tab character" in problem:  # as each parser says it
        return at, "a tab is here; YAML indents with spaces only: replace the tab with spaces"
    if "flow sequence" in context:
        return opened, ("a list in [brackets] is not closed: end it with ] on the same line, "
                        "e.g. features: [approvals, forms]")
    if "flow mapping" in context:
        return opened, ("a group in {braces} is not closed: end it with } on the same line, "
                        'e.g. approval: {by: "Dana Reyes, COO", date: 2026-01-10}')
    here = lines[at] if at < len(lines) else ""
    if "mapping values are not allowed" in problem:
        if here[:1].isspace() and not lines[at - 1].rstrip().endswith(":"):
            return at, ("this line starts with spaces: a field starts at the beginning of its "
                        "line (remove the spaces before it)")
        key, _, value = here.strip().partition(":")
        return at, (f"the value of {key} holds ': '; put the value in quotes: "
                    f'{key}: "{value.strip()}"')
    if "could not find expected ':'" in problem:
        return opened, ("this line has no ':' after the field's name: write name: value, "
                        "e.g. region: Ontario")
    if "expected <block end>" in problem and here.lstrip().startswith("-"):
        return at, ("this list item is not lined up with the ones above it: start every "
                    "'- ' at the same place")
    return None


MAX_FRONT_MATTER = 50_000  # characters; a story's front matter is about a thousand
# Front matter holds a few dozen values, nested two or three deep. These bounds stop
# an alias "bomb" (one anchored list used many times, each use multiplying the size)
# before anything walks or stringifies the expansion.
MAX_VALUES = 5_000
MAX_DEPTH = 20
STANDARD_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")
)
SEQUENCE_TAG = "tag:yaml.org,2002:seq"
MAPPING_TAG = "tag:yaml.org,2002:map"
_RESOLVER = Resolver()


def checked_nodes(root: yaml.Node, first_line: int = FRONT_MATTER_FIRST_LINE,
                  tags_possible: bool = True) -> None:
    """Refuse what no editor writes on purpose and what would be costly to read:
    tags (``!!python/object``, ``!!binary``), keys that are lists or mappings,
    nesting deeper than MAX_DEPTH, more than MAX_VALUES values counting each
    alias's expansion, and invisible characters written as escapes.

    Walked without recursion, visiting an aliased node once per use but
    stopping at the bound, so the cost is bounded however the YAML is built.
    (``tags_possible``: False when the YAML holds no '!', which every tag starts with.)"""
    stack: list[tuple[yaml.Node, int]] = [(root, 0)]
    visited = 0
    while stack:
        node, depth = stack.pop()
        line = node.start_mark.line + first_line
        visited += 1
        if visited > MAX_VALUES:
            raise FieldError(f"front matter holds more than {MAX_VALUES:,} values (YAML "
                             "aliases such as *name repeat a whole value); write the "
                             "values out", line)
        if depth > MAX_DEPTH:
            raise FieldError(f"lists or mappings are nested more than {MAX_DEPTH} levels "
                             "deep; flatten them", line)
        if tags_possible:
            _check_tag(node, line)
        if isinstance(node, yaml.ScalarNode):
            message = invisible_character(node.value) if node.style == '"' else None
            if message is not None:
                raise FieldError(message, line)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if not isinstance(key, yaml.ScalarNode):
                    raise FieldError("a key must be a plain word (such as title:), not a "
                                     "list or a mapping (YAML's '?' keys and aliases are not "
                                     "used here)", key.start_mark.line + first_line)
                stack.append((key, depth + 1))
                stack.append((value, depth + 1))


def _check_tag(node: yaml.Node, line: int) -> None:
    """Only the tags YAML gives plain values by itself; an explicit tag is refused."""
    if isinstance(node, yaml.ScalarNode):
        if node.tag == "tag:yaml.org,2002:str":
            return  # plain or quoted text, or an explicit !!str: text either way
        implicit = node.tag in STANDARD_TAGS and not node.style and (
            _implicit_tag(node.value) == node.tag)
    elif isinstance(node, yaml.SequenceNode):
        implicit = node.tag == SEQUENCE_TAG
    else:
        implicit = node.tag == MAPPING_TAG
    if not implicit:
        raise FieldError(f"the YAML tag '{_short_tag(node.tag)}' is not allowed; remove it "
                         "and write the value as plain text", line)


def _implicit_tag(value: str) -> str:
    """The tag YAML gives a plain (unquoted) value by itself."""
    tag: str = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    return tag


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml") else tag


def mapping_entries(node: yaml.MappingNode, errors: list[FieldError]) -> dict[str, Entry]:
    """Entries of a mapping node; a key given twice is recorded as an error."""
    entries: dict[str, Entry] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        line = line_of(key_node)
        if key in entries:
            errors.append(
                FieldError(
                    f"'{key}' is given twice (first on line {entries[key].line}); keep one",
                    line,
                )
            )
            continue
        entries[key] = Entry(key, line, value_node)
    return entries


def read_body(path: Path) -> str:
    """A content file's Markdown body, without parsing its front matter again
    (for files the site has already read and validated)."""
    return split_front_matter(decode(path.read_bytes()))[1]


def read_source(path: Path, errors: list[FieldError]) -> SourceFile:
    """Read and split a content file; raises FieldError if it cannot be read at all."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FieldError(f"cannot read the file: {exc.strerror}", 1) from exc
    text = decode(data)
    fm_text, body, body_first_line = split_front_matter(text)
    if len(fm_text) > MAX_FRONT_MATTER:
        raise FieldError(f"the front matter is {len(fm_text):,} characters long; it holds a "
                         f"few short values (at most {MAX_FRONT_MATTER:,} characters): move "
                         "long text into the body", 1)
    root = compose(fm_text)
    if root is None:
        raise FieldError("front matter is empty: add the required keys between the '---' lines", 1)
    if not isinstance(root, yaml.MappingNode):
        raise FieldError(
            "front matter must be 'key: value' lines, one key per line", line_of(root)
        )
    entries = mapping_entries(root, errors)
    end_line = fm_text.count("\n") + 1
    return SourceFile(entries, body, body_first_line, end_line)
