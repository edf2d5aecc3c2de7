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

from casebook.buildinfo import cache_dir
from casebook.content import ContentSettings
from casebook.content.site import content_fingerprint, file_stamps

KEY_FILE = "build-key.json"
TOOLS = ("pelican", "markdown", "nh3", "pagefind", "pillow", "jinja2")
# Settings the build adds for itself, not inputs.
INTERNAL_PREFIX = "_casebook"


def build_key(settings: dict[str, Any]) -> str:
    """A hash of everything the output depends on."""
    content = ContentSettings.from_pelican(settings)
    digest = hashlib.sha256()
    inputs = {
        "settings": {k: v for k, v in settings.items() if not k.startswith(INTERNAL_PREFIX)},
        "today": content.current_date().isoformat(),
        "tools": [version(tool) for tool in TOOLS] + [sys.version],
    }
    digest.update(json.dumps(inputs, sort_keys=True, default=repr).encode())
    digest.update(repr(content_fingerprint(content)).encode())
    code = [Path(settings["THEME"]), *(Path(p) for p in settings.get("PLUGIN_PATHS", []))]
    digest.update(repr(file_stamps(code)).encode())
    return digest.hexdigest()


def output_stamp(output: Path) -> list[int]:
    """Which folder output/ is: every build swaps in a new one."""
    stat = output.stat()
    return [stat.st_ino, stat.st_mtime_ns]


def is_up_to_date(settings: dict[str, Any], key: str, output: Path) -> bool:
    try:
        last = json.loads((cache_dir(settings) / KEY_FILE).read_text(encoding="utf-8"))
        return bool(last["key"] == key and last["output"] == output_stamp(output))
    except (OSError, ValueError, LookupError, TypeError):  # none yet, or damaged: build
        return False


def remember_build(settings: dict[str, Any], key: str, output: Path,
                   warnings: list[str]) -> None:
    folder = cache_dir(settings)
    folder.mkdir(parents=True, exist_ok=True)
    record = {"key": key, "output": output_stamp(output), "warnings": warnings}
    (folder / KEY_FILE).write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")


def last_warnings(settings: dict[str, Any]) -> list[str]:
    try:
        record = json.loads((cache_dir(settings) / KEY_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    found = record.get("warnings", []) if isinstance(record, dict) else []
    return [str(warning) for warning in found] if isinstance(found, list) else []
