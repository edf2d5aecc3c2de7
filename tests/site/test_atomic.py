"""A failed build never replaces a good output/."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ..conftest import REPO, Project


def test_content_error_leaves_previous_output_byte_identical(project: Project) -> None:
    project.story("stories/good.md")
    assert project.build().code == 0
    before = project.output_digest()
    assert before

    project.story("stories/bad.md", industry="manufactoring")
    result = project.build()
    assert result.code == 1
    assert "output/ was left unchanged" in result.output
    assert project.output_digest() == before
    assert not list(project.root.glob(".output*"))


def own_theme(project: Project) -> Path:
    """A copy of the theme the project builds with, for a test to break."""
    theme = project.root / "theme"
    shutil.copytree(REPO / "theme", theme)
    config = project.root / "pelicanconf.py"
    config.write_text(config.read_text() + f"THEME = {str(theme)!r}\n")
    return theme


def test_template_error_leaves_previous_output_byte_identical(project: Project) -> None:
    theme = own_theme(project)
    project.story("stories/good.md")
    assert project.build().code == 0
    before = project.output_digest()

    story = theme / "templates" / "story.html"
    story.write_text(story.read_text().replace("{{ article.title }}</h1>",
                                               "{{ article.title|no_such_filter }}</h1>"))
    project.story("stories/second.md", title='"A second story"')
    result = project.build()
    assert result.code == 1
    assert "build failed" in result.output
    assert project.output_digest() == before
    assert not list(project.root.glob(".output*"))


def test_successful_build_replaces_output_and_drops_stale_files(project: Project) -> None:
    project.story("stories/first.md")
    assert project.build().code == 0
    assert (project.output / "stories/first/index.html").exists()
    (project.root / "stories/first.md").unlink()
    project.story("stories/second.md")
    assert project.build().code == 0
    assert not (project.output / "stories/first").exists()
    assert (project.output / "stories/second/index.html").exists()


def pagefind_children() -> list[int]:
    """Pagefind processes this test process started and has not reaped."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            status = (entry / "status").read_text()
        except (OSError, ValueError):
            continue
        fields = dict(line.split(":\t", 1) for line in status.splitlines() if ":\t" in line)
        if fields.get("PPid", "").strip() == str(os.getpid()) and \
                "pagefind" in fields.get("Name", ""):
            found.append(int(entry.name))
    return found


def test_a_build_failing_after_pages_were_indexed_stops_pagefind(project: Project) -> None:
    theme = own_theme(project)
    project.story("stories/good.md")
    term = theme / "templates" / "term.html"  # written after the story pages
    term.write_text(term.read_text().replace('title="{{ term.name }}"',
                                             'title="{{ term.name|no_such_filter }}"'))
    result = project.build()
    assert result.code == 1 and "build failed" in result.output
    assert pagefind_children() == []
