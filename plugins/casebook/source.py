"""Reading a Markdown file with YAML front matter, keeping line numbers.

python-frontmatter splits the file; PyYAML's composer gives us nodes that
remember where they came from, so every later message can name its line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import frontmatter
import yaml

from .problems import FieldError

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


def decode(data: bytes) -> str:
    """UTF-8 text with a BOM dropped and CRLF/CR turned into LF."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FieldError(
            "the file is not UTF-8 text; save it with UTF-8 encoding", line
        ) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


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


def compose(fm_text: str) -> yaml.Node | None:
    """Compose YAML into nodes; raise FieldError with the line of a syntax error."""
    try:
        return yaml.compose(fm_text, Loader=LOADER)
    except yaml.MarkedYAMLError:
        pass  # parse again with the pure-Python parser: its messages are clearer
    try:
        return yaml.compose(fm_text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + FRONT_MATTER_FIRST_LINE if mark else 1
        what = exc.problem or "invalid YAML"
        if exc.context and exc.context_mark and mark and exc.context_mark.line != mark.line:
            start = exc.context_mark.line + FRONT_MATTER_FIRST_LINE
            what += f"; {exc.context} that starts on line {start}"
        raise FieldError(
            f"front matter is not valid YAML ({what}); check indentation, and "
            "put values containing ':' or '#' in quotes",
            line,
        ) from exc


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
