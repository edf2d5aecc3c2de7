"""Casebook: customer stories, interviews and FAQ as a static site, built on Pelican.

One package. ``casebook.build`` is the pipeline; ``casebook.pelican`` is the only
part that imports Pelican, and ``register`` below is its plugin entry
(``PLUGINS = ["casebook"]``). The rest (content model, Markdown, catalog,
outputs, search, images) is plain Python. See docs/architecture.md.
"""


def register() -> None:
    """Pelican's plugin entry point."""
    from casebook.pelican.plugin import register as register_door

    register_door()
