"""Pelican content classes for Casebook's own kinds."""

from __future__ import annotations

from pelican.contents import Page


class Faq(Page):
    """One FAQ entry; its URLs come from FAQ_URL / FAQ_SAVE_AS (and FAQ_LANG_*)."""

    default_template = "faq"
