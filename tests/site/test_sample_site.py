"""The committed sample site validates and builds, and reads like the contract says."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from casebook.cli.build import load_config
from casebook.cli.main import main
from casebook.content import Story, load_site

from ..conftest import REPO


@pytest.fixture(scope="module")
def sample_site():  # type: ignore[no-untyped-def]
    return load_site(load_config(REPO / "pelicanconf.py").content)


def test_sample_content_has_no_errors_or_warnings(sample_site) -> None:  # type: ignore[no-untyped-def]
    assert [str(p) for p in sample_site.problems] == []


def test_sample_content_covers_the_brief(sample_site) -> None:  # type: ignore[no-untyped-def]
    published = sample_site.public_items()
    stories = [i for i in published if i.kind == "story" and i.lang == "en"]
    interviews = [i for i in published if i.kind == "interview"]
    faqs = [i for i in published if i.kind == "faq"]
    assert len(stories) >= 12
    assert len({s.industry for s in stories if isinstance(s, Story)}) >= 5
    assert len({f for s in stories if isinstance(s, Story) for f in s.features}) >= 8
    assert len([i for i in interviews if i.lang == "en"]) >= 3
    assert len(faqs) >= 15
    japanese = [i for i in published if i.lang == "ja"]
    assert len(japanese) >= 4
    english_keys = {i.translation_key for i in published if i.lang == "en"}
    assert all(i.translation_key in english_keys for i in japanese if i.kind != "page")
    assert any(isinstance(i, Story) and i.anonymous for i in published)
    assert {i.status for i in sample_site.items} == {"published", "review", "draft"}


def test_sample_builds_with_every_published_item_routed(sample_output: Path, sample_site) -> None:  # type: ignore[no-untyped-def]
    for item in sample_site.public_items():
        prefix = "" if item.lang == "en" else f"{item.lang}/"
        section = f"{item.section}/" if item.section else ""
        page = sample_output / f"{prefix}{section}{item.slug}" / "index.html"
        assert page.exists(), item.source
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert soup.html["lang"] == item.lang
        assert soup.h1.get_text(strip=True) == item.title
    today = sample_site.settings.today
    for item in sample_site.items:
        if not item.is_public(today):
            assert not (sample_output / f"{item.section}/{item.slug}").exists(), item.source


def test_make_check_passes_on_the_sample(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", str(REPO / "pelicanconf.py"), "check"]) == 0
    assert "all content checked: 0 error(s)" in capsys.readouterr().err


def test_sample_images_are_published_without_metadata(sample_output: Path) -> None:
    from PIL import Image

    media = [p for p in (sample_output / "media").iterdir() if p.suffix != ".pdf"]
    assert len(media) >= 10
    for path in media:
        with Image.open(path) as image:
            assert not image.getexif()


def test_build_does_not_write_into_the_working_tree(tmp_path: Path) -> None:
    before = sorted(p.name for p in REPO.iterdir())
    output = tmp_path / "out"
    assert main(["--config", str(REPO / "pelicanconf.py"), "build", "--output", str(output)]) == 0
    assert sorted(p.name for p in REPO.iterdir()) == before
    shutil.rmtree(output)
