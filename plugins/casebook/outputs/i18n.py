"""UI strings per language and locale-aware date formatting for templates."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import yaml

from casebook.content.source import LOADER

EN_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)


def load_strings(theme: Path, languages: tuple[str, ...], default_lang: str) -> dict[str, dict]:
    """``{lang: {key: text}}``; a missing key falls back to the default language.

    Every generator asks (a dozen a build); the files are read again only when
    one of them changed."""
    paths = tuple(theme / "i18n" / f"{lang}.yml" for lang in languages)
    return _strings(paths, languages, default_lang, tuple(_stamp(path) for path in paths))


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
    """A date as readers of that language write it: 14 March 2025, 2025年3月14日."""
    if value is None:
        return ""
    if lang == "ja":
        return f"{value.year}年{value.month}月{value.day}日"
    return f"{value.day} {EN_MONTHS[value.month - 1]} {value.year}"


def fill(text: str, **values: object) -> str:
    """A UI string with its {placeholders} filled: ``t.count_faq|fill(n=3)``."""
    for key, value in values.items():
        text = text.replace("{" + key + "}", str(value))
    return text


def isodate(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    return value.date().isoformat() if isinstance(value, dt.datetime) else value.isoformat()
