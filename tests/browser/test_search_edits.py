"""Search after edit builds: the last bundle patched for the edited story finds the
story by the words it gained and no longer by the words it lost (in Chromium)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from playwright.sync_api import Page

from casebook.cli.main import main

from ..conftest import REPO
from .conftest import served_folder
from .test_search import search

STORY = "stories/westmarch-water-inspections.md"
URL = "/stories/westmarch-water-inspections/"


def sample_copy(root: Path) -> Path:
    """The sample project in a folder of its own (the browser editor's packages linked)."""
    root.mkdir()
    for name in ("content", "stories", "theme"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "pelicanconf.py", root)
    (root / "cms").symlink_to(REPO / "cms")
    return root


def edited_and_built(root: Path, sentence: str) -> dict[str, object]:
    story = root / STORY
    head, _, body = story.read_text(encoding="utf-8").partition("\n---\n")
    body = body.split("\nAfter the audit")[0]  # the last edit's sentence, gone again
    story.write_text(f"{head}\n---\n{body}\nAfter the audit {sentence}\n", encoding="utf-8")
    assert main(["--config", str(root / "pelicanconf.py"), "build"]) == 0
    stats: dict[str, object] = json.loads((root / ".cache/build-stats.json").read_text())
    return stats


def test_an_edited_storys_new_words_find_it_and_its_old_ones_no_longer_do(
        page: Page, tmp_path: Path) -> None:
    root = sample_copy(tmp_path / "site")
    assert "status: published" in (root / STORY).read_text(encoding="utf-8")
    edited_and_built(root, "the crews tagged every hydrant with zanzibarite paint.")
    stats = edited_and_built(root, "the crews tagged every hydrant with quillwort paint.")
    assert stats["search"]["patched"] == {"en": 1, "ja": 0}  # type: ignore[index]
    with served_folder(root / "output") as base_url:
        assert search(page, base_url, "/search/?q=quillwort") == [URL]
        assert search(page, base_url, "/search/?q=zanzibarite") == []
        assert search(page, base_url, "/search/?q=hydrant+quillwort") == [URL]
