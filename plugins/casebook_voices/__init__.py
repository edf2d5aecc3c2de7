"""Pelican plugin: /voices/<question>/, every customer's answer to one question."""

from .plugin import register

__all__ = ["register"]
