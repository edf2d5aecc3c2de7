"""Pelican plugin: a Pagefind index of every build, one per language, with facets."""

from .plugin import register

__all__ = ["register"]
