"""Pelican plugin: what search engines and link previews read (meta, JSON-LD, sitemap)."""

from .plugin import register

__all__ = ["register"]
