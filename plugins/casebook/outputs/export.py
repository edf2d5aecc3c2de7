"""The public fields of every published story, as records, JSON and CSV."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any, TextIO

from casebook.content.model import Story, Vocabularies

CSV_COLUMNS = (
    "url", "lang", "type", "title", "customer", "anonymous", "industry", "industry_name",
    "features", "feature_names", "company_size", "region", "date", "updated", "summary",
    "metrics", "quote", "quote_by", "translation_key",
)


def story_record(content: Any, vocab: Vocabularies, siteurl: str) -> dict[str, Any]:
    """What may be shared about one published story: never an anonymous customer's name."""
    model: Story = content.model
    lang = model.lang
    quote = None
    if model.quote:
        quote = {"text": model.quote.text, "role": model.quote.role}
        if not model.anonymous:
            quote["author"] = model.quote.author
    return {
        "url": f"{siteurl}/{content.url}",
        "lang": lang,
        "type": model.kind,
        "title": model.title,
        "customer": model.display_customer,
        "anonymous": model.anonymous,
        "industry": model.industry,
        "industry_name": vocab.industries[model.industry].name(lang),
        "features": list(model.features),
        "feature_names": [vocab.features[f].name(lang) for f in model.features],
        "company_size": model.company_size,
        "region": model.region,
        "date": model.date.isoformat() if model.date else None,
        "updated": model.updated.isoformat() if model.updated else None,
        "summary": model.summary,
        "metrics": [{"value": m.value, "label": m.label} for m in model.metrics],
        "quote": quote,
        "translation_key": model.translation_key,
    }


def write_json(records: list[dict[str, Any]], path: Path) -> None:
    """Streamed to the file: 10,000 stories never sit in memory as one string."""
    with path.open("w", encoding="utf-8") as out:
        json.dump({"stories": records}, out, ensure_ascii=False, indent=2)
        out.write("\n")


def write_csv(records: list[dict[str, Any]], path: Path) -> None:
    """One row per story; lists joined with '; ', metrics as 'value label'.

    With a byte-order mark, so spreadsheet programs read Japanese text as UTF-8."""
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        _write_rows(records, out)


# A cell a spreadsheet program would run as a formula (OWASP's "CSV injection"):
# one starting with =, +, -, @, a tab or a carriage return (also in their full-width
# forms, which some locales' spreadsheets read as the same).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def inert(cell: Any) -> Any:
    """A cell that cannot run as a formula: such text gets a leading apostrophe,
    which spreadsheets read as "this is text" and do not show."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def write_table_csv(rows: list[dict[str, Any]], columns: list[str], path: Path) -> None:
    """Any table as a spreadsheet: the same byte-order mark, and no cell a spreadsheet
    would run as a formula."""
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({key: inert(value) for key, value in row.items()})


def _write_rows(records: list[dict[str, Any]], out: TextIO) -> None:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({key: inert(value) for key, value in _row(record).items()})


def _row(record: dict[str, Any]) -> dict[str, Any]:
    """A record as one CSV row: lists joined with '; ', metrics as 'value label'."""
    quote = record["quote"] or {}
    return {
        **{k: record[k] for k in CSV_COLUMNS if k in record and k != "quote"},
        "anonymous": "yes" if record["anonymous"] else "no",
        "customer": record["customer"] or "",
        "features": "; ".join(record["features"]),
        "feature_names": "; ".join(record["feature_names"]),
        "metrics": "; ".join(f"{m['value']} {m['label']}" for m in record["metrics"]),
        "quote": quote.get("text", ""),
        "quote_by": ", ".join(p for p in (quote.get("author"), quote.get("role")) if p),
    }
