"""The page cache: an edit build reuses the pages it can, and is a cold build's site.

Each test copies the sample site, builds it, makes one edit and builds again;
the result must be, byte for byte, what a build of the edited content from
nothing (a fresh copy, no .cache/) makes, and the build must say (build-stats)
how many pages it rendered and how many it took from the cache.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import feedparser
import pytest

import casebook.config
from casebook.cli.serve import Previewer
from casebook.outputs.pagecache import INDEX, BodyReads

from ..conftest import REPO, Project

# Search off (as the benchmark measures rendering); one test below builds with it.
SETTINGS = f"""\
exec(open({str(REPO / 'pelicanconf.py')!r}, encoding="utf-8").read())
PLUGIN_PATHS = [{str(REPO / 'plugins')!r}]
CASEBOOK_TODAY = "2026-12-01"
CASEBOOK_SEARCH = {{search}}
"""
STORY = "stories/quill-ledger-client-onboarding.md"
INTERVIEW = "stories/lumen-ledger/index.md"
FAQ = "content/faq/do-forms-work-offline.md"


def sample_copy(root: Path, search: bool = False) -> Project:
    """The sample site (content, stories, theme) in a folder of its own."""
    root.mkdir(parents=True)
    for folder in ("content", "stories", "theme"):
        shutil.copytree(REPO / folder, root / folder)
    (root / "pelicanconf.py").write_text(SETTINGS.format(search=search), encoding="utf-8")
    return Project(root)


def fresh_copy(project: Project, root: Path, with_cache: bool = False) -> Project:
    """A checkout of the same content elsewhere: no output/, and .cache/ only if asked."""
    shutil.copytree(project.root, root, ignore=shutil.ignore_patterns("output", ".cache",
                                                                      ".output.*"))
    if with_cache:
        shutil.copytree(project.root / ".cache", root / ".cache")
    return Project(root)


def page_stats(project: Project, kind: str = "pages") -> dict[str, int]:
    """Pages (or "files": those written from front matter alone, the exports) rendered
    and reused by the last build."""
    stats = json.loads((project.root / ".cache/build-stats.json").read_text())
    found: dict[str, int] = stats[kind]
    return found


def edit(project: Project, relative: str, old: str, new: str) -> None:
    path = project.root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append(project: Project, relative: str, text: str) -> None:
    path = project.root / relative
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def assert_same_as_cold(project: Project, tmp_path: Path) -> None:
    cold = fresh_copy(project, tmp_path / "cold")
    assert cold.build().code == 0
    assert page_stats(cold)["reused"] == 0
    assert site_files(project) == site_files(cold)


def site_files(project: Project) -> dict[str, bytes]:
    """Every file of the output but the search bundle (test_incremental compares that)."""
    return {name: data for name, data in project.output_files().items()
            if not name.startswith("pagefind/")}


def html_pages(project: Project) -> dict[str, str]:
    return {name: data.decode() for name, data in project.output_files().items()
            if name.endswith(".html")}


@pytest.fixture
def built(tmp_path: Path) -> Project:
    project = sample_copy(tmp_path / "site")
    assert project.build().code == 0
    stats = page_stats(project)
    assert stats["reused"] == 0 and stats["rendered"] > 100
    assert (project.root / ".cache/pages" / INDEX).exists()
    return project


def test_a_sentence_appended_to_a_story_renders_only_its_page(built: Project,
                                                              tmp_path: Path) -> None:
    total = page_stats(built)["rendered"]
    append(built, STORY, "\nAfter the rollout the team added zanzibarite to every checklist.\n")
    assert built.build().code == 0
    assert page_stats(built) == {"rendered": 1, "reused": total - 1}
    assert "zanzibarite" in built.page("stories/quill-ledger-client-onboarding")
    # The exports show front matter only: both linked from the cache, as the last build's.
    assert page_stats(built, "files") == {"rendered": 0, "reused": 2}
    assert_same_as_cold(built, tmp_path)


def test_an_edited_body_writes_again_only_the_feeds_that_carry_it(built: Project,
                                                                   tmp_path: Path) -> None:
    feeds = sorted(built.output.rglob("*.atom.xml"))
    url = "/stories/quill-ledger-client-onboarding/"
    carrying = {feed for feed in feeds if any(
        entry.link.endswith(url) for entry in feedparser.parse(feed.read_bytes()).entries)}
    assert 0 < len(carrying) < len(feeds)  # the site's feed, its industry's and features'
    append(built, STORY, "\nAfter the rollout the team added zanzibarite to every checklist.\n")
    assert built.build().code == 0
    stats = json.loads((built.root / ".cache/build-stats.json").read_text())
    assert stats["feeds"] == {"rendered": len(carrying), "reused": len(feeds) - len(carrying)}
    for feed in feeds:  # a reader sees the new sentence in every feed that carries the story
        contents = [entry.content[0].value for entry in feedparser.parse(feed.read_bytes()).entries
                    if entry.link.endswith(url)]
        assert [("zanzibarite" in html) for html in contents] == [True] * len(contents)
    assert_same_as_cold(built, tmp_path)


def test_a_new_title_shows_on_listings_related_stories_and_term_pages(
        built: Project, tmp_path: Path) -> None:
    total = page_stats(built)["rendered"]
    edit(built, STORY, "title: ", 'title: "Quokkaflux Quill" #')
    assert built.build().code == 0
    # Front matter is in every page's key (a title may show on any page): all rendered.
    assert page_stats(built) == {"rendered": total, "reused": 0}
    assert page_stats(built, "files") == {"rendered": 2, "reused": 0}
    exported = json.loads((built.output / "stories.json").read_text(encoding="utf-8"))
    assert "Quokkaflux Quill" in [story["title"] for story in exported["stories"]]
    assert "Quokkaflux Quill" in (built.output / "stories.csv").read_text(encoding="utf-8")
    pages = html_pages(built)
    showing = {name for name, html in pages.items() if "Quokkaflux Quill" in html}
    assert "stories/quill-ledger-client-onboarding/index.html" in showing
    assert "stories/index.html" in showing
    assert any(name.startswith("features/") for name in showing)
    assert any(name.startswith("industries/") for name in showing)
    assert any(name.startswith("stories/") and "quill-ledger" not in name and "page" not in name
               and name != "stories/index.html" for name in showing)  # related stories
    assert_same_as_cold(built, tmp_path)


@pytest.mark.parametrize(("source", "old", "new", "pages"), [
    # an interview answer: its interview and the voices page of its question
    (INTERVIEW, "**Sam Okafor:** Speed, honestly.", "**Sam Okafor:** Speed, honestly, and "
     "wombatery.", ["interviews/lumen-ledger", "voices/why-fan"]),
    # a FAQ answer: its own page and the FAQ index
    (FAQ, "Yes. In the mobile app", "Yes, even in a wombatery. In the mobile app",
     ["faq", "faq/do-forms-work-offline"]),
])
def test_an_answer_shows_on_every_page_that_reads_it(built: Project, tmp_path: Path,
                                                      source: str, old: str, new: str,
                                                      pages: list[str]) -> None:
    total = page_stats(built)["rendered"]
    edit(built, source, old, new)
    assert built.build().code == 0
    stats = page_stats(built)
    assert 1 < stats["rendered"] < total and stats["reused"] == total - stats["rendered"]
    for page in pages:
        assert "wombatery" in built.page(page), page
    assert_same_as_cold(built, tmp_path)


@pytest.mark.parametrize("change", ["template", "settings"])
def test_a_theme_or_settings_change_renders_every_page(built: Project, tmp_path: Path,
                                                       change: str) -> None:
    total = page_stats(built)["rendered"]
    if change == "template":
        edit(built, "theme/templates/base.html", "</body>", "<!-- kookaburra --></body>")
    else:
        append(built, "pelicanconf.py", 'SITENAME = "Relaypoint kookaburra stories"\n')
    assert built.build().code == 0
    assert page_stats(built) == {"rendered": total, "reused": 0}
    english = {name: html for name, html in html_pages(built).items()
               if not name.startswith("ja/")}  # the Japanese pages have a name of their own
    assert all("kookaburra" in html for html in english.values())
    assert_same_as_cold(built, tmp_path)


def test_a_fresh_checkout_with_the_cache_restored_reuses_pages(built: Project,
                                                               tmp_path: Path) -> None:
    """CI: a new checkout elsewhere, only .cache/ restored (no output/), one story edited."""
    total = page_stats(built)["rendered"]
    deploy = fresh_copy(built, tmp_path / "deploy", with_cache=True)
    append(deploy, STORY, "\nThe merged sentence mentions a platypus.\n")
    assert deploy.build().code == 0
    assert page_stats(deploy) == {"rendered": 1, "reused": total - 1}
    assert "platypus" in deploy.page("stories/quill-ledger-client-onboarding")
    assert_same_as_cold(deploy, tmp_path)


def test_with_search_the_reused_pages_are_indexed_too(tmp_path: Path) -> None:
    project = sample_copy(tmp_path / "site", search=True)
    assert project.build().code == 0
    total = page_stats(project)["rendered"]
    indexed = json.loads((project.root / ".cache/build-stats.json").read_text())["search"]
    append(project, STORY, "\nThe team now tracks every order with a dugong.\n")
    assert project.build().code == 0
    stats = json.loads((project.root / ".cache/build-stats.json").read_text())
    assert stats["pages"] == {"rendered": 1, "reused": total - 1}
    assert stats["search"]["pages"] == indexed["pages"]  # every page indexed, reused or not
    assert stats["search"]["reused"] is False  # the edited page's text is new
    assert_same_as_cold(project, tmp_path)


def test_a_failed_build_leaves_the_cache_and_output_alone(built: Project) -> None:
    index = (built.root / ".cache/pages" / INDEX).read_bytes()
    entries = sorted(p.name for p in (built.root / ".cache/pages").iterdir())
    before = built.output_files()
    edit(built, "theme/templates/base.html", "</body>", "{{ no_such_thing.at_all() }}</body>")
    assert built.build().code != 0
    assert (built.root / ".cache/pages" / INDEX).read_bytes() == index
    assert set(entries) <= {p.name for p in (built.root / ".cache/pages").iterdir()}
    assert built.output_files() == before


def test_a_page_rewritten_by_serve_leaves_the_cached_file_alone(tmp_path: Path) -> None:
    """Pages are hard links to the cache's files: `casebook serve` writing a story's page
    again into the finished site must replace its file, not write into the cache's."""
    project = sample_copy(tmp_path / "site")
    previewer = Previewer(project.root / "pelicanconf.py")
    assert previewer.build_now()
    page = project.output / "stories/quill-ledger-client-onboarding/index.html"
    assert page.stat().st_nlink > 1  # the page is also the cache's file
    cache = project.root / ".cache/pages"
    before = {p.name: p.read_bytes() for p in cache.iterdir()}
    path = project.root / STORY
    path.write_text(path.read_text(encoding="utf-8") + "\nA sentence about a bilby.\n",
                    encoding="utf-8")
    previewer.changed([path])
    assert "bilby" in page.read_text(encoding="utf-8")
    assert {p.name: p.read_bytes() for p in cache.iterdir()} == before
    assert previewer.build_now()
    assert page_stats(project)["rendered"] == 1
    assert "bilby" in page.read_text(encoding="utf-8")


def cache_files(project: Project) -> set[str]:
    return {p.name for p in (project.root / ".cache/pages").iterdir()} - {INDEX}


def test_the_cache_keeps_only_what_the_last_build_used(built: Project) -> None:
    before = cache_files(built)
    append(built, STORY, "\nOne more sentence about a quoll.\n")
    assert built.build().code == 0
    after = cache_files(built)
    index = json.loads((built.root / ".cache/pages" / INDEX).read_text())
    assert after == {entry[0] for entry in index["pages"].values()}
    feeds = json.loads((built.root / ".cache/build-stats.json").read_text())["feeds"]
    replaced = 1 + feeds["rendered"]  # the story's page, and the feeds that carry it
    assert feeds["rendered"] > 0
    assert len(before - after) == replaced and len(after - before) == replaced


@pytest.mark.parametrize("damage", ["index", "page"])
def test_a_damaged_cache_costs_time_not_a_wrong_page(built: Project, tmp_path: Path,
                                                     damage: str) -> None:
    """A bad restore: an index that is not JSON renders everything; a cached page cut
    short is rendered again."""
    total = page_stats(built)["rendered"]
    folder = built.root / ".cache/pages"
    if damage == "index":
        (folder / INDEX).write_text("{not json", encoding="utf-8")
    else:
        page = built.output / "stories/quill-ledger-client-onboarding/index.html"
        cached = next(p for p in folder.iterdir() if p.samefile(page))
        shutil.rmtree(built.output)  # as on a fresh checkout: the cache's own file
        cached.write_bytes(cached.read_bytes()[:100])
    assert built.run("build", "--force").code == 0
    assert page_stats(built) == ({"rendered": total, "reused": 0} if damage == "index"
                                 else {"rendered": 1, "reused": total - 1})
    assert_same_as_cold(built, tmp_path)


def test_a_read_counts_for_every_recording_open_around_it() -> None:
    """A card rendered inside a page: what the card reads, the page reads too; and the
    page goes on recording after the card, even when both were empty until then."""
    reads = BodyReads()
    with reads.recording() as page:
        with reads.recording() as card:
            pass
        reads.read("stories/a.md", 0)
        with reads.recording() as other_card:
            reads.read("stories/b.md", 2)
        reads.replay(card | {("stories/c.md", 0)})
    reads.read("stories/outside.md", 0)
    assert card == set() and other_card == {("stories/b.md", 2)}
    assert page == {("stories/a.md", 0), ("stories/b.md", 2), ("stories/c.md", 0)}


def test_the_next_day_only_the_dated_page_is_rendered_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache is good the next day (a merge is rarely built the day the last one was):
    only /editorial/, which shows the date, is rendered again, and a story scheduled for
    that day appears, rendering every page that lists it."""
    project = sample_copy(tmp_path / "site")
    settings = project.root / "pelicanconf.py"
    settings.write_text(settings.read_text().replace('CASEBOOK_TODAY = "2026-12-01"\n', ""))
    edit(project, STORY, "\ndate: 2023-03-14", "\ndate: 2026-12-03")  # scheduled
    edit(project, STORY, "\nupdated: 2026-10-02", "\nupdated: 2026-12-03")
    days = iter([dt.date(2026, 12, 1), dt.date(2026, 12, 2), dt.date(2026, 12, 3)])
    today = next(days)
    monkeypatch.setattr(casebook.config, "_today", lambda given, timezone: today)
    assert project.build().code == 0
    total = page_stats(project)["rendered"]
    today = next(days)
    assert project.build().code == 0
    assert page_stats(project) == {"rendered": 1, "reused": total - 1}
    assert "2026-12-02" in project.page("editorial")
    assert_same_as_cold(project, tmp_path / "day2")
    today = next(days)  # the scheduled story's day
    assert project.build().code == 0
    assert page_stats(project)["reused"] == 0
    assert (project.output / "stories/quill-ledger-client-onboarding/index.html").exists()
    assert_same_as_cold(project, tmp_path / "day3")
