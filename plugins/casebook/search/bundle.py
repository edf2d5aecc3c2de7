"""Pagefind bundles on disk: waiting until one is really written, merging languages."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path
from typing import Any

ENTRY = "pagefind-entry.json"


def wait_until_written(folder: Path, timeout: float = 60.0) -> None:
    """Pagefind answers "written" while its last files may still be empty.

    Its writer hands each file's bytes to a background thread and does not
    flush before replying, and an exiting binary drops what is still queued.
    No Pagefind file is empty, so: wait until none is, and sizes hold still.
    """
    deadline = time.monotonic() + timeout
    previous: dict[str, int] | None = None
    while True:
        sizes = {entry: os.stat(entry).st_size for entry in _files(folder)}
        if sizes and all(sizes.values()) and sizes == previous:
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"Pagefind did not finish writing {folder}")
        previous = sizes
        time.sleep(0.02)


def _files(folder: Path) -> list[str]:
    found = []
    for dirpath, _, filenames in os.walk(folder):
        found += [os.path.join(dirpath, name) for name in filenames]
    return found


def merge_bundles(parts: list[Path], output: Path) -> None:
    """Bundles of different languages as one: their files side by side, one entry file.

    Each language's metadata, index chunks and filters carry the language in
    their names and fragments are named by content hash, so nothing collides;
    the scripts and wasm files are the same in every bundle.
    """
    entry: dict[str, Any] = {}
    for part in parts:
        part_entry = json.loads((part / ENTRY).read_text(encoding="utf-8"))
        if entry and part_entry["version"] != entry["version"]:
            raise RuntimeError("Pagefind bundles of different versions cannot be merged")
        languages = {**entry.get("languages", {}), **part_entry["languages"]}
        entry = {**part_entry, "languages": dict(sorted(languages.items()))}
        move_into(part, output)
    (output / ENTRY).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                                encoding="utf-8")


def move_into(source: Path, target: Path) -> None:
    """Move a folder's files into another (same file system); files already there stay."""
    for path in sorted(source.rglob("*")):
        if path.is_dir():
            continue
        destination = target / path.relative_to(source)
        if destination.exists():
            continue  # a script or wasm file every bundle has
        destination.parent.mkdir(parents=True, exist_ok=True)
        path.rename(destination)
    shutil.rmtree(source)
