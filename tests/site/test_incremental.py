"""Rebuilds: nothing changed means nothing to do; a change is always built."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from casebook.cli.build import build
from casebook.markdown import rendercache
from casebook.markdown.rendercache import RenderCache

from ..conftest import REPO, Project


def build_stats(project: Project) -> dict:
    stats: dict = json.loads((project.root / ".cache/build-stats.json").read_text())
    return stats


def html_files(project: Project) -> dict[str, bytes]:
    return {name: data for name, data in project.output_files().items()
            if name.endswith((".html", ".xml", ".json", ".csv")) and "pagefind" not in name}


@pytest.fixture
def built(project: Project) -> Project:
    project.story("stories/acme.md")
    project.story("stories/bolt.md", title='"Bolt Freight cut dispatch time"', customer="Bolt",
                  industry="logistics", body="Bolt's first body.\n")
    assert project.build().code == 0
    return project


def test_nothing_changed_leaves_output_alone(built: Project) -> None:
    before = built.output.stat().st_ino
    result = built.build()
    assert result.code == 0
    assert "output/ is up to date" in result.output
    assert built.output.stat().st_ino == before  # the same folder, not a rebuilt one
    assert build_stats(built)["up_to_date"] is True


def test_an_edited_story_is_rebuilt_and_only_its_body_rendered(built: Project) -> None:
    fragments = build_stats(built)["render"]["fragments"]
    built.story("stories/bolt.md", title='"Bolt Freight cut dispatch time"', customer="Bolt",
                industry="logistics", body="Bolt's EDITED body.\n")
    result = built.build()
    assert result.code == 0 and "up to date" not in result.output
    assert "EDITED" in built.page("stories/bolt")
    assert build_stats(built)["render"] == {"fragments": fragments, "rendered": 1}


@pytest.mark.parametrize("change", ["taxonomy", "settings", "date", "output deleted"])
def test_every_input_of_the_site_counts_as_a_change(built: Project, change: str) -> None:
    overrides = {}
    if change == "taxonomy":
        vocabulary = built.root / "content/taxonomies/industries.yml"
        vocabulary.write_text(vocabulary.read_text().replace("Logistics", "Logistics & freight"))
    elif change == "settings":
        overrides = {"SITENAME": "Relaypoint voices"}
    elif change == "date":  # a story scheduled for tomorrow appears on its day
        overrides = {"CASEBOOK_TODAY": "2026-06-02"}
    else:
        shutil.rmtree(built.output)
    build(built.root / "pelicanconf.py", overrides)
    assert build_stats(built)["up_to_date"] is False


def test_a_scheduled_story_appears_on_its_day_without_any_file_changing(project: Project) -> None:
    project.story("stories/acme.md")
    project.story("stories/later.md", title='"Later Co scheduled story"', customer="Later Co",
                  date="2026-06-02")
    config = project.root / "pelicanconf.py"
    build(config, {"CASEBOOK_TODAY": "2026-06-01"})
    assert not (project.output / "stories/later").exists()
    build(config, {"CASEBOOK_TODAY": "2026-06-02"})
    assert (project.output / "stories/later/index.html").exists()


def test_cached_renders_give_the_same_site_as_a_cold_build(built: Project) -> None:
    built.story("stories/bolt.md", title='"Bolt Freight cut dispatch time"', customer="Bolt",
                industry="logistics", body="Bolt's *second* body.\n\n- one\n- two\n")
    assert built.build().code == 0  # acme's body from the cache, bolt's rendered
    warm = html_files(built)
    shutil.rmtree(built.root / ".cache")
    assert built.run("build", "--force").code == 0
    assert build_stats(built)["render"]["rendered"] == build_stats(built)["render"]["fragments"]
    assert html_files(built) == warm


def test_a_failed_build_is_not_remembered_as_up_to_date(built: Project) -> None:
    bad = built.story("stories/bad.md", industry="no-such-industry")
    assert built.build().code == 1
    bad.unlink()
    # output/ was left alone, so it is still the build of exactly these inputs
    assert "output/ is up to date" in built.build().output


def test_render_cache_forgets_bodies_nobody_uses(built: Project) -> None:
    cache = RenderCache(built.root / ".cache/render.sqlite")
    before = cache.stored_keys()
    built.story("stories/bolt.md", title='"Bolt Freight cut dispatch time"', customer="Bolt",
                industry="logistics", body="Bolt's third body.\n")
    assert built.build().code == 0
    after = cache.stored_keys()
    assert before and len(after) == len(before) and after != before


def test_search_index_of_a_rebuild_finds_the_edit(built: Project) -> None:
    built.story("stories/bolt.md", title='"Bolt Freight cut dispatch time"', customer="Bolt",
                industry="logistics", body="Bolt now ships zanzibarite parts.\n")
    assert built.build().code == 0
    stats = build_stats(built)["search"]
    assert stats["reused"] is False and stats["pages"] >= 2
    fragments = (built.output / "pagefind/fragment").iterdir()
    assert any(b"zanzibarite" in gzip.decompress(f.read_bytes())
               for f in fragments)
    page = BeautifulSoup(built.page("stories/bolt"), "html.parser")
    assert "zanzibarite" in page.select_one("main").get_text()



def site_texts(output: Path) -> dict[str, bytes]:
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*"))
            if p.suffix in {".html", ".xml", ".json", ".csv"} and "pagefind" not in p.parts}


def test_bodies_rendered_by_workers_while_pelican_writes_give_the_same_site(
        sample_output: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Sites of 200 items or more are rendered by forked workers while Pelican reads
    and writes, the other languages' stories handed over only when first asked for.
    The sample site rendered that way, two items at a time, is the same site."""
    monkeypatch.setattr(rendercache, "PARALLEL_FROM", 1)
    monkeypatch.setattr(rendercache, "CHUNK", 2)
    output, cache = tmp_path / "output", tmp_path / "cache"
    build(REPO / "pelicanconf.py", {"OUTPUT_PATH": str(output), "CASEBOOK_CACHE_PATH": str(cache)},
          force=True)
    render = json.loads((cache / "build-stats.json").read_text())["render"]
    assert render["rendered"] == render["fragments"] > 40  # all of it, in the workers
    pages = site_texts(output)
    assert any(name.startswith("ja/stories/") for name in pages)
    assert pages == site_texts(sample_output)


def test_a_deploy_with_a_restored_cache_publishes_what_a_cold_build_would(
        built: Project, tmp_path: Path) -> None:
    """A merge on CI: a fresh checkout (new paths, new file times), the last deploy's
    .cache/ restored into it, one story edited. What it publishes is what a build from
    nothing publishes; only the unchanged work is reused."""
    def checkout(name: str) -> Project:
        clone = Project(tmp_path / name)
        shutil.copytree(built.root, clone.root,
                        ignore=shutil.ignore_patterns("output", ".cache", ".output.*"))
        clone.story("stories/bolt.md", title='"Bolt Freight cut dispatch time"',
                    customer="Bolt", industry="logistics", body="Bolt's merged body.\n")
        return clone

    deploy = checkout("deploy")
    shutil.copytree(built.root / ".cache", deploy.root / ".cache")
    assert deploy.build().code == 0
    stats = build_stats(deploy)
    assert stats["render"]["rendered"] == 1  # only the edited story
    assert stats["search"]["fragments_reused"] == stats["search"]["pages"] - 1
    cold = checkout("cold")
    assert cold.build().code == 0
    assert build_stats(cold)["search"]["fragments_reused"] == 0
    assert stats["search"]["patched"] == {"en": 1}  # the last bundle, patched
    # every file, the search bundle and the media included
    assert deploy.output_files() == cold.output_files()
    assert "Bolt&#39;s merged body." in deploy.page("stories/bolt") or (
        "Bolt's merged body." in deploy.page("stories/bolt"))


def inodes(project: Project) -> dict[str, int]:
    return {p.relative_to(project.output).as_posix(): p.stat().st_ino
            for p in project.output.rglob("*") if p.is_file()}


def test_an_edit_build_rewrites_only_what_changed_and_equals_a_cold_build(
        built: Project, tmp_path: Path) -> None:
    """One story edited: its page, and the feeds and search files that hold its text, are
    new files; every other page is the last build's file (same inode), and the search
    bundle keeps the other pages' fragments. The site is, byte for byte, what a build
    from nothing makes of the same content, search bundle included."""
    built.image("stories/cargo/logo.png")  # a card with a logo, read from this checkout
    built.story("stories/cargo/index.md", title='"Cargo Nine tracks every pallet"',
                customer="Cargo Nine", industry="logistics", logo="logo.png")
    assert built.build().code == 0
    before = inodes(built)
    built.story("stories/bolt.md", title='"Bolt Freight cut dispatch time"', customer="Bolt",
                industry="logistics", body="Bolt now ships zanzibarite parts.\n")
    assert built.build().code == 0
    after = inodes(built)
    rewritten = {name for name in after if before.get(name) != after[name]}
    assert "stories/bolt/index.html" in rewritten
    assert "stories/acme/index.html" not in rewritten
    assert "index.html" not in rewritten and "stories/index.html" not in rewritten
    assert not {name for name in rewritten if name.endswith(".html")} - {
        "stories/bolt/index.html"}
    fragments = {n for n in rewritten if n.startswith("pagefind/fragment/")}
    assert len(fragments) == 1  # the edited story's
    assert build_stats(built)["search"]["fragments_reused"] >= 1

    cold = Project(tmp_path / "cold")
    shutil.copytree(built.root, cold.root,
                    ignore=shutil.ignore_patterns("output", ".cache", ".output.*"))
    assert cold.build().code == 0
    assert build_stats(built)["search"]["patched"] == {"en": 1}
    assert built.output_files() == cold.output_files()
    assert any(n.startswith("pagefind/filter/") for n in cold.output_files())
