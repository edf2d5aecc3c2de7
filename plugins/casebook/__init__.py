"""Casebook: customer stories, interviews and FAQ as a static site, built on Pelican.

One package. ``casebook.pelican`` is the only part that imports Pelican; the
rest (content model, Markdown, catalog, outputs, search, images) is plain
Python the door hands Pelican's objects to. See docs/architecture.md.
"""
