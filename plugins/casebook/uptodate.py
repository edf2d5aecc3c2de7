"""Is output/ already what a build would make? Then a build has nothing to do.

A build is a function of the content files, the theme, the plugins' code,
the settings, the versions of the tools and today's date (scheduled stories
appear on their day). The key of the last successful build is kept in
``.cache/build-key.json``; when every one of those is unchanged and output/
is the folder that build made, ``casebook build`` says so and stops, as
``make`` does. File names, sizes and modification times stand for file
contents, so checking 10,000 stories costs a directory walk, not a read.
"""

from __future__ import annotations

import hashlib
import json
import sys
from importlib.metadata import version
from pathlib import Path
from typing import Any

import casebook
from casebook.config import Config
from casebook.content.site import content_fingerprint, file_stamps

KEY_FILE = "build-key.json"
TOOLS = ("pelican", "markdown", "nh3", "pagefind", "pillow", "jinja2")
# Settings the build adds for itself, not inputs.
INTERNAL_PREFIX = "_casebook"


def build_key(settings: dict[str, Any], config: Config) -> str:
    """A hash of everything the output depends on: the settings, today's date, the tools,
    and the names, sizes and times of the content, theme and Casebook's own files."""
    digest = hashlib.sha256()
    inputs = {
        "settings": {k: v for k, v in settings.items() if not k.startswith(INTERNAL_PREFIX)},
        "today": config.today.isoformat(),
        "tools": [version(tool) for tool in TOOLS] + [sys.version],
    }
    digest.update(json.dumps(inputs, sort_keys=True, default=repr).encode())
    digest.update(repr(content_fingerprint(config.content)).encode())
    code = [config.theme, Path(casebook.__file__).parent]
    digest.update(repr(file_stamps(code)).encode())
    return digest.hexdigest()


def output_stamp(output: Path) -> list[int]:
    """Which folder output/ is: every build swaps in a new one."""
    stat = output.stat()
    return [stat.st_ino, stat.st_mtime_ns]


def is_up_to_date(config: Config, key: str) -> bool:
    try:
        last = json.loads((config.cache / KEY_FILE).read_text(encoding="utf-8"))
        return bool(last["key"] == key and last["output"] == output_stamp(config.output))
    except (OSError, ValueError, LookupError, TypeError):  # none yet, or damaged: build
        return False


def remember_build(config: Config, key: str, warnings: list[str]) -> None:
    folder = config.cache
    folder.mkdir(parents=True, exist_ok=True)
    record = {"key": key, "output": output_stamp(config.output), "warnings": warnings}
    (folder / KEY_FILE).write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")


def last_warnings(config: Config) -> list[str]:
    try:
        record = json.loads((config.cache / KEY_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    found = record.get("warnings", []) if isinstance(record, dict) else []
    return [str(warning) for warning in found] if isinstance(found, list) else []
