"""Pelican plugin: /stories.json and /stories.csv for sales and CRM tools."""

from .plugin import register

__all__ = ["register"]
