"""Where each kind of page is published, from the URL settings (Pelican's naming)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Urls:
    """Address patterns by setting name (``STORY_URL``, ``FEATURE_LANG_URL``, ...)."""

    patterns: tuple[tuple[str, str], ...]
    default_lang: str

    def pattern(self, kind: str, what: str, lang: str) -> str:
        key = f"{kind.upper()}_{'' if lang == self.default_lang else 'LANG_'}{what}"
        return dict(self.patterns)[key]

    def url(self, kind: str, lang: str, **fields: str) -> str:
        """A page's address below the site root, e.g. ``ja/features/forms/``."""
        return self.pattern(kind, "URL", lang).format(lang=lang, **fields)

    def save_as(self, kind: str, lang: str, **fields: str) -> str:
        """Its file: the kind's own SAVE_AS setting, or index.html in the URL's folder."""
        try:
            return self.pattern(kind, "SAVE_AS", lang).format(lang=lang, **fields)
        except KeyError:
            return self.url(kind, lang, **fields) + "index.html"
