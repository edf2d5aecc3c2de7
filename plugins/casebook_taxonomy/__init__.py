"""Pelican plugin: browse by feature and by industry (terms, pairs, filters, related)."""

from .plugin import register

__all__ = ["register"]
