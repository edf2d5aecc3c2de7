"""Turning YAML nodes into typed values, with editor-friendly errors.

Every function takes the node itself (not the value PyYAML would build), so a
YAML 1.1 surprise such as ``region: NO`` (read as ``false``) is caught and
reported with its line instead of silently becoming a boolean.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection

import yaml

from casebook.content.problems import FieldError, did_you_mean
from casebook.content.source import line_of

STR_TAG = "tag:yaml.org,2002:str"
BOOL_TAG = "tag:yaml.org,2002:bool"
INT_TAG = "tag:yaml.org,2002:int"
FLOAT_TAG = "tag:yaml.org,2002:float"
NULL_TAG = "tag:yaml.org,2002:null"
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Names Windows reserves for devices: a folder named so cannot be checked out there,
# and some CDNs and storage services refuse the path.
RESERVED_NAMES = frozenset(
    {"con", "prn", "aux", "nul"} | {f"{port}{n}" for port in ("com", "lpt") for n in range(10)}
)


def reserved_name(value: str, what: str) -> str | None:
    """A message when a URL folder name is one Windows reserves, else None."""
    if value.lower() not in RESERVED_NAMES:
        return None
    return (f"{what} '{value}' is a name Windows reserves for a device (like con, nul, aux, "
            "com1); it cannot be a folder of the site: choose another")

_READS_AS = {BOOL_TAG: "a true/false value", INT_TAG: "a number", FLOAT_TAG: "a number"}


def is_blank(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == NULL_TAG


def text(node: yaml.Node, key: str) -> str:
    """A non-empty string; numbers, booleans and dates must be quoted."""
    if not isinstance(node, yaml.ScalarNode):
        raise FieldError(f"{key} must be text, not a list or mapping", line_of(node))
    if node.tag in _READS_AS or node.tag == TIMESTAMP_TAG:
        reads_as = _READS_AS.get(node.tag, "a date")
        raise FieldError(
            f"{key}: YAML reads {node.value} as {reads_as}, not text; "
            f'put it in quotes: {key}: "{node.value}"',
            line_of(node),
        )
    value = str(node.value).strip()
    if node.tag == NULL_TAG or not value:
        raise FieldError(f"{key} is empty; write a value after '{key}:'", line_of(node))
    return value


def date(node: yaml.Node, key: str) -> dt.date:
    """A real calendar date written as YYYY-MM-DD."""
    if not isinstance(node, yaml.ScalarNode) or not DATE_RE.match(str(node.value).strip()):
        shown = node.value if isinstance(node, yaml.ScalarNode) else "a list or mapping"
        raise FieldError(
            f"{key}: '{shown}' is not a date; write it as YYYY-MM-DD, e.g. {key}: 2025-04-01",
            line_of(node),
        )
    try:
        return dt.date.fromisoformat(str(node.value).strip())
    except ValueError as exc:
        raise FieldError(
            f"{key}: {node.value} is not a real date ({exc})", line_of(node)
        ) from exc


def boolean(node: yaml.Node, key: str) -> bool:
    if isinstance(node, yaml.ScalarNode) and node.tag == BOOL_TAG:
        return str(node.value).lower() in ("true", "yes", "on", "y")
    raise FieldError(f"{key} must be true or false, not '{_shown(node)}'", line_of(node))


def integer(node: yaml.Node, key: str) -> int:
    if isinstance(node, yaml.ScalarNode) and node.tag == INT_TAG:
        return int(yaml.SafeLoader("").construct_yaml_int(node))
    raise FieldError(f"{key} must be a whole number, not '{_shown(node)}'", line_of(node))


def choice(node: yaml.Node, key: str, options: Collection[str]) -> str:
    value = text(node, key) if isinstance(node, yaml.ScalarNode) and node.tag == STR_TAG else None
    if value is None and isinstance(node, yaml.ScalarNode) and node.tag in _READS_AS:
        value = str(node.value)
    if value is not None and value in options:
        return value
    shown = value if value is not None else _shown(node)
    raise FieldError(
        f"{key}: unknown value '{shown}'{did_you_mean(str(shown), options)} "
        f"(one of: {', '.join(options)})",
        line_of(node),
    )


def slug(node: yaml.Node, key: str) -> str:
    value = text(node, key)
    if not SLUG_RE.match(value):
        raise FieldError(
            f"{key}: '{value}' is not a valid slug; use lowercase letters, digits and "
            "hyphens, starting with a letter or digit (e.g. acme-onboarding)",
            line_of(node),
        )
    reserved = reserved_name(value, key)
    if reserved is not None:
        raise FieldError(reserved, line_of(node))
    return value


def term(node: yaml.Node, key: str, ids: Collection[str], vocabulary: str) -> str:
    value = text(node, key)
    if value not in ids:
        raise FieldError(
            f"{key}: unknown id '{value}'{did_you_mean(value, ids)} "
            f"(ids are listed in content/taxonomies/{vocabulary}.yml)",
            line_of(node),
        )
    return value


# "-approvals" under a key: a list item written without the space YAML needs
DASH_WITHOUT_SPACE = re.compile(r"-[^\s\d-]")


def sequence(node: yaml.Node, key: str) -> list[yaml.Node]:
    """Items of a list; a single scalar is accepted as a one-item list."""
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.ScalarNode) and not is_blank(node):
        text = str(node.value)
        if not node.style and DASH_WITHOUT_SPACE.match(text):  # plain: '' or None by parser
            first = text[1:].split(" - ", 1)[0].split()[0]
            raise FieldError(f"{key}: a list item needs a space after the dash: write "
                             f"'- {first}', one item on each line", line_of(node))
        return [node]
    raise FieldError(f"{key} must be a list, e.g. {key}: [first, second]", line_of(node))


def mapping(
    node: yaml.Node, key: str, allowed: Collection[str], required: Collection[str]
) -> dict[str, yaml.Node]:
    """The sub-keys of a mapping such as ``approval: {by: ..., date: ...}``."""
    example = "{" + ", ".join(f"{k}: ..." for k in required) + "}"
    if not isinstance(node, yaml.MappingNode):
        raise FieldError(f"{key} must be a mapping like {key}: {example}", line_of(node))
    values: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        sub = str(key_node.value)
        if sub not in allowed:
            raise FieldError(
                f"{key}: unknown key '{sub}'{did_you_mean(sub, allowed)} "
                f"(allowed: {', '.join(allowed)})",
                line_of(key_node),
            )
        values[sub] = value_node
    missing = [k for k in required if k not in values or is_blank(values[k])]
    if missing:
        raise FieldError(
            f"{key} needs {', '.join(missing)}: write {key}: {example}", line_of(node)
        )
    return values


def _shown(node: yaml.Node) -> str:
    return str(node.value) if isinstance(node, yaml.ScalarNode) else "a list or mapping"
