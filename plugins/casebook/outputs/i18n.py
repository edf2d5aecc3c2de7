"""UI strings per language; dates, numbers and plurals as each language writes them.

Dates, numbers and plural forms come from Babel (the Unicode CLDR data), not
from rules written here: a UI string with forms per count is a mapping such as
``{one: "{n} question", other: "{n} questions"}`` (Japanese needs only
``other``), and the ``plural`` filter picks the form CLDR gives for the count."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import yaml
from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal
from markupsafe import Markup, escape

from casebook.content.source import LOADER


def load_strings(theme: Path, languages: tuple[str, ...], default_lang: str,
                 replaced: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
                 ) -> dict[str, dict]:
    """``{lang: {key: text}}``; a missing key falls back to the default language.
    ``replaced``: the site's own words for some keys (CASEBOOK_STRINGS), per language.

    Every generator asks (a dozen a build); the files are read again only when
    one of them changed."""
    paths = tuple(theme / "i18n" / f"{lang}.yml" for lang in languages)
    strings = _strings(paths, languages, default_lang, tuple(_stamp(path) for path in paths))
    if not replaced:
        return strings
    own = dict(replaced)
    return {lang: {**texts, **dict(own.get(lang, ()))} for lang, texts in strings.items()}


def _stamp(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


@functools.lru_cache(maxsize=4)
def _strings(paths: tuple[Path, ...], languages: tuple[str, ...], default_lang: str,
             stamps: tuple[int | None, ...]) -> dict[str, dict]:
    strings: dict[str, dict] = {}
    for lang, path, stamp in zip(languages, paths, stamps, strict=True):
        text = path.read_text(encoding="utf-8") if stamp is not None else ""
        strings[lang] = yaml.load(text, Loader=LOADER) or {}
    fallback = strings.get(default_lang, {})
    return {lang: {**fallback, **texts} for lang, texts in strings.items()}


def localdate(value: dt.date | dt.datetime | None, lang: str = "en") -> str:
    """A date as readers of that language write it: January 14, 2025; 2025年1月14日."""
    if value is None:
        return ""
    day = value.date() if isinstance(value, dt.datetime) else value
    return format_date(day, format="long", locale=lang)


def plural(forms: str | dict[str, str], count: int, lang: str = "en") -> str:
    """The form of a UI string for ``count`` (CLDR's plural rules), with {n} filled in."""
    if isinstance(forms, str):
        return fill(forms, n=format_decimal(count, locale=lang))
    category = Locale.parse(lang).plural_form(count)
    text = forms.get(category) or forms["other"]
    return fill(text, n=format_decimal(count, locale=lang))


def fill(text: str, **values: object) -> str:
    """A UI string with its {placeholders} filled: ``t.count_faq|fill(n=3)``. Given
    markup (a rendered partial), the result is markup, with the string escaped."""
    if any(isinstance(value, Markup) for value in values.values()):
        text = escape(text)  # Markup: replace() escapes whatever is not markup
    for key, value in values.items():
        text = text.replace("{" + key + "}", value if isinstance(value, Markup) else str(value))
    return text


def isodate(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    return value.date().isoformat() if isinstance(value, dt.datetime) else value.isoformat()
