"""Casebook: customer stories, interviews and FAQ as a static site, built on Pelican.

One package. ``casebook.build`` is the pipeline; ``casebook.pelican`` is the only
part that imports Pelican, and ``register`` below is its plugin entry
(``PLUGINS = ["casebook"]``). The rest (content model, Markdown, catalog,
outputs, search, images) is plain Python. See docs/architecture.md.
"""

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def register() -> None:
    """Pelican's plugin entry point."""
    from casebook.pelican.plugin import register as register_door

    register_door()


def theme_folder() -> str:
    """Casebook's theme as installed (a site's ``THEME = theme_folder()``), wherever
    Casebook was installed from: a wheel carries it, a checkout links it."""
    return str(PACKAGE / "theme")


def guide(name: str) -> Path:
    """One of Casebook's guides (``docs/<name>``), as installed."""
    return PACKAGE / "docs" / name
