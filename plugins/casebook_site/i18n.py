"""UI strings per language and locale-aware date formatting for templates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

EN_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)


def load_strings(theme: Path, languages: tuple[str, ...], default_lang: str) -> dict[str, dict]:
    """``{lang: {key: text}}``; a missing key falls back to the default language."""
    strings: dict[str, dict] = {}
    for lang in languages:
        path = theme / "i18n" / f"{lang}.yml"
        strings[lang] = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
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
