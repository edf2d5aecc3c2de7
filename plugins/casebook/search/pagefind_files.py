"""Reading (and in one place rewriting) the files of a Pagefind bundle.

Each of Pagefind's data files is gzip of ``pagefind_dcd`` followed by the
data: JSON in a fragment (one page), CBOR in the rest. A language's
``pagefind.<lang>_<hash>.pf_meta`` lists its pages in the order they were
added, each by the name of its fragment, and names its filter files.

Two uses:

- ``fragment_names``: which fragment each page got, to check that a fragment
  reused from the last build belongs to the page that now points at it
  (``casebook.search.seeds``).
- ``make_filters_deterministic``: Pagefind writes the values of a filter in
  the order of a hash map, different on every run, and names the file (and so
  the meta, and the entry) by those bytes. Sorted here, the same pages give
  the same bundle, byte for byte, whenever and wherever they are indexed.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

import cbor2
import cramjam

SIGNATURE = b"pagefind_dcd"
ENTRY = "pagefind-entry.json"


def read_data(path: Path) -> Any:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise ValueError(f"{path} is not a Pagefind data file")
    body = raw[len(SIGNATURE):]
    return json.loads(body) if path.suffix == ".pf_fragment" else cbor2.loads(body)


def encoded(data: Any) -> bytes:
    """CBOR data as Pagefind stores it."""
    return gzipped(cbor2.dumps(data))


def gzipped(cbor: bytes) -> bytes:
    """A data file's bytes exactly as Pagefind writes them: gzip from the Rust crate it
    uses (flate2, at its best compression, no time stamp), which cramjam binds. So a
    file Casebook writes (a patched index chunk, a sorted filter) has the bytes Pagefind
    would have given the same data: an edit build equals a cold build byte for byte."""
    return bytes(cramjam.gzip.compress(SIGNATURE + cbor, level=9))


def meta_file(part: Path, lang: str) -> Path:
    """The language's meta file (a bundle holds exactly one per language)."""
    found = sorted(part.glob(f"pagefind.{lang}_*.pf_meta"))
    if len(found) != 1:
        raise ValueError(f"{part} holds {len(found)} meta files for '{lang}', not one")
    return found[0]


def fragment_names(part: Path, lang: str) -> list[str]:
    """The fragment of each page, in the order the pages were added."""
    meta = read_data(meta_file(part, lang))
    return [str(page[0]) for page in meta[1]]


def content_name(lang: str, data: bytes, length: int) -> str:
    return f"{lang}_{hashlib.sha256(data).hexdigest()[:length]}"


def make_filters_deterministic(part: Path, lang: str) -> None:
    """Sort every filter file's values and name the files (and the meta) by their
    new bytes; the entry file is updated to match."""
    meta_path = meta_file(part, lang)
    meta = read_data(meta_path)
    renamed = []
    for name, file_name in sorted(meta[3]):
        old = part / "filter" / f"{file_name}.pf_filter"
        filter_name, values = read_data(old)
        data = encoded([filter_name, sorted(values, key=lambda value: value[0])])
        new_name = content_name(lang, data, 7)
        old.unlink()
        (part / "filter" / f"{new_name}.pf_filter").write_bytes(data)
        renamed.append([name, new_name])
    meta[3] = renamed
    data = encoded(meta)
    meta_name = content_name(lang, data, 10)
    meta_path.unlink()
    (part / f"pagefind.{meta_name}.pf_meta").write_bytes(data)
    entry_path = part / ENTRY
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    entry["languages"][lang]["hash"] = meta_name
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                          encoding="utf-8")
