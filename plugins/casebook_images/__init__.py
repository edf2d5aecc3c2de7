"""Pelican plugin: publish the images and files that published items reference."""

from .plugin import register

__all__ = ["register"]
