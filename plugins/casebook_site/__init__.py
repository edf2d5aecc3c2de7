"""Pelican plugin: the site's own pages (home, story list, FAQ index, 404) per language."""

from .plugin import register

__all__ = ["register"]
