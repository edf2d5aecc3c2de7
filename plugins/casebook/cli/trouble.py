"""What an editor sees when something goes wrong that Casebook did not expect.

Never a traceback: one plain sentence, and the file the details went to (for
whoever looks after the site)."""

from __future__ import annotations

import os
import time
import traceback
from pathlib import Path

LOG = Path(".cache") / "casebook-errors.log"


def unexpected(exc: BaseException, root: Path) -> str:
    """Write ``exc``'s traceback to the project's error log; return what to tell the
    editor."""
    log = root / LOG
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a", encoding="utf-8") as file:
            file.write(f"--- {time.strftime('%Y-%m-%d %H:%M:%S')} (the clock, for this log only)\n")
            file.write("".join(traceback.format_exception(exc)))
        where = f"the details are in {_shown(log)}"
    except OSError:
        where = "the details could not be written down"
    return (f"Casebook stopped on something it did not expect ({type(exc).__name__}); "
            f"your files are unchanged, and {where}: send that file to whoever looks "
            "after the site.")


def _shown(path: Path) -> str:
    """``path`` as the editor would type it from where they are: relative when inside."""
    relative = os.path.relpath(path)
    return Path(relative if not relative.startswith("..") else path).as_posix()
