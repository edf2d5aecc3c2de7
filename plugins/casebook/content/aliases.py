"""Search aliases: words that should find each other (CS and カスタマーサクセス).

``content/search/aliases.yml`` is a list of groups; a page that contains any
word of a group is also found by the group's other words (the matching is
done where pages are indexed: ``casebook.search.index``).

    - [カスタマーサクセス, CS, customer success]
    - [奥山精密工業, おくやませいみつ, Okuyama Precision]
"""

from __future__ import annotations

from pathlib import Path

import yaml

from casebook.content import values
from casebook.content.problems import FieldError, Problem
from casebook.content.source import compose, decode


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def load_aliases(path: Path, shown: str) -> tuple[list[list[str]], list[Problem]]:
    """Alias groups and the problems in the file; a missing file means no aliases."""
    if not path.exists():
        return [], []
    try:
        root = compose(decode(path.read_bytes()), subject="the alias list")
    except FieldError as exc:
        return [], [Problem(shown, exc.line, exc.message)]
    if root is None:
        return [], []
    if not isinstance(root, yaml.SequenceNode):
        return [], [Problem(shown, 1, "must be a list of groups, e.g. - [CS, カスタマーサクセス]")]
    groups: list[list[str]] = []
    problems: list[Problem] = []
    for node in root.value:
        if not isinstance(node, yaml.SequenceNode) or len(node.value) < 2:
            problems.append(Problem(shown, _line(node), "each group lists two or more words that "
                                    "mean the same, e.g. - [CS, カスタマーサクセス]"))
            continue
        try:
            groups.append([values.text(word, "alias") for word in node.value])
        except FieldError as exc:
            problems.append(Problem(shown, exc.line, exc.message))
    return groups, problems
