"""Pelican plugin: a Pagefind index of every build, one per language, with facets.

The plugin is imported only when Pelican registers it: the search feeder
process imports this package's small modules without Pelican.
"""

from __future__ import annotations


def register() -> None:
    from .plugin import register as register_plugin
    register_plugin()


__all__ = ["register"]
