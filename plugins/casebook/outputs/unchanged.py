"""Files that come out of a build exactly as the last build wrote them.

A build writes a new folder and swaps it in for output/. A file whose bytes
are the last build's (compared once it is written, never guessed from the
sources) is replaced by the last build's file, linked into the new folder:
it keeps its inode and its time, so a deploy that compares files (rsync, a
CDN upload) sees only what changed. Files from the cache (photos, cards,
search bundles) are linked into the output the same way (``link_or_copy``):
the cache never writes to a file again, it makes a new one.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def same_file_contents(previous: Path, path: Path) -> bool:
    try:
        return (previous.stat().st_size == path.stat().st_size
                and previous.read_bytes() == path.read_bytes())
    except OSError:  # none there (a new page), or unreadable
        return False


def link_in_place(previous: Path, path: Path) -> bool:
    """``path`` becomes the previous build's file (False if it cannot be linked)."""
    linked = path.with_name(f".{path.name}.kept")
    try:
        os.link(previous, linked)
        os.replace(linked, path)
    except OSError:  # another file system: the written file stays
        linked.unlink(missing_ok=True)
        return False
    return True


def keep_if_unchanged(path: Path, previous: Path | None) -> None:
    """After writing ``path``: the previous build's file instead, if it is the same."""
    if previous is not None and same_file_contents(previous, path):
        link_in_place(previous, path)


def link_or_copy(source: str | Path, target: str | Path) -> None:
    """``target`` as a hard link to ``source`` (a copy on another file system)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
