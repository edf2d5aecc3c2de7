"""Pelican plugin: read Casebook content through the shared content model."""

from .plugin import register

__all__ = ["register"]
