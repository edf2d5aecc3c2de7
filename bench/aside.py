"""Earlier trees moved out of the way, and deleted only when the benchmark is done.

A cold build must not find the previous build's cache and output, and each
size starts from a newly written corpus and stock project. Deleting those
trees (some 80,000 files at 10,000 stories) right before a measured build is
not free on every file system: ext4 without a journal, as on the machine the
README's figures come from, steps over every inode freed in the last minute
or so each time it hands out a new one (with a journal it does not check).
Casebook's cold 10,000-story build took 3.5 to 7 s (7 to 13%) longer right
after such a deletion, because it writes a folder for every page, as its
URLs require; stock Pelican's flat output took no longer. A fresh checkout
in CI has freed nothing, so the trees are moved onto a shelf in the work
folder instead, and the shelf is emptied once the last figure is taken.
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

SHELF = ".set-aside"


def shelf_of(workdir: Path) -> Path:
    return workdir / SHELF


def set_aside(path: Path, workdir: Path) -> None:
    """Move ``path``, if it exists, onto the work folder's shelf (a rename, no deletion)."""
    if not path.exists():
        return
    shelf = shelf_of(workdir)
    shelf.mkdir(parents=True, exist_ok=True)
    path.rename(shelf / f"{path.parent.name}-{path.name.lstrip('.')}-{uuid.uuid4().hex[:8]}")


def clear_shelf(workdir: Path) -> None:
    """Delete what was set aside (after the measurements, or left by an interrupted run)."""
    shutil.rmtree(shelf_of(workdir), ignore_errors=True)
