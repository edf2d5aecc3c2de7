"""Pelican plugin: Atom feeds for the whole site, each feature and each industry, per language."""

from .plugin import register

__all__ = ["register"]
