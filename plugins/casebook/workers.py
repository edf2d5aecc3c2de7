"""Process pools that are safe to start from any process of Casebook's.

Forking copies only the thread that forks: a lock another thread held at
that moment (the logging module's, the allocator's, an SQLite connection's)
stays locked in the child forever. ``casebook build`` runs one thread and
forks, the fastest start (workers inherit the parsed site). ``casebook
serve`` runs a web server, a watcher and builds in threads, so its pools
start their workers from a fork server instead: a clean process that holds
no lock.
"""

from __future__ import annotations

import threading
from multiprocessing import get_all_start_methods, get_context
from multiprocessing.context import BaseContext


def pool_context() -> BaseContext:
    """Fork when this process runs a single thread; else a fork server (or spawn)."""
    methods = get_all_start_methods()
    if threading.active_count() == 1 and "fork" in methods:
        return get_context("fork")
    return get_context("forkserver" if "forkserver" in methods else "spawn")
