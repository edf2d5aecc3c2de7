"""Pelican plugin: /editorial/, the coverage report for editors (kept out of navigation)."""

from .plugin import register

__all__ = ["register"]
