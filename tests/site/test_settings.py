"""Settings: declared once, checked once, and every one of them really changes the site."""

from __future__ import annotations

import ast
import re
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from casebook.config import SETTINGS, settings_markdown

from ..conftest import REPO, Project


def configure(project: Project, extra: str) -> None:
    project.write("pelicanconf.py", (project.root / "pelicanconf.py").read_text() + extra)


def config_line(project: Project, text: str) -> int:
    lines = (project.root / "pelicanconf.py").read_text().splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith(text))


@pytest.mark.parametrize(("extra", "message"), [
    ("CASEBOOK_SOCIAL_CARD = False\n",
     "unknown setting CASEBOOK_SOCIAL_CARD; did you mean 'CASEBOOK_SOCIAL_CARDS'?"),
    ("CASEBOOK_LANGUAGE = ['en']\n",
     "unknown setting CASEBOOK_LANGUAGE; did you mean 'CASEBOOK_LANGUAGES'?"),
    ("CASEBOOK_RELATED_COUNT = '3'\n", "CASEBOOK_RELATED_COUNT must be a whole number, not '3'"),
    ("CASEBOOK_SEARCH = 'yes'\n", "CASEBOOK_SEARCH must be a True or False, not 'yes'"),
    ("CASEBOOK_LANGUAGES = ['en', 'Japanese']\n",
     "CASEBOOK_LANGUAGES: 'Japanese' is not a language code"),
    ("CASEBOOK_TODAY = '2026-02-30'\n", "CASEBOOK_TODAY '2026-02-30' is not a real date"),
    ("STORY_URL = 'stories/'\n", "STORY_URL must contain {slug}"),
    ("CASEBOOK_COLOURS = {'brand': '#7ab8ff'}\n", "CASEBOOK_COLOURS: brand '#7ab8ff' is too "
     "faint to read as link text on white (2.1:1; it needs 4.5:1): the same colour at "),
    ("ARTICLE_PATHS = ['stories']\n",
     "ARTICLE_PATHS is not read by Casebook: rename it to CASEBOOK_STORY_PATHS"),
])
def test_a_wrong_setting_stops_every_command_with_its_line(project: Project, extra: str,
                                                           message: str) -> None:
    project.story("stories/acme/index.md")
    configure(project, extra)
    line = config_line(project, extra.split(" =")[0])
    for command in ("build", "check", "stats"):
        result = project.run(command)
        assert result.code == 2, (command, result.output)
        assert f"pelicanconf.py:{line}: error: {message}" in result.output, result.output
        assert "Traceback" not in result.output
    assert not project.output.exists()


def test_the_settings_page_is_generated_from_the_declarations() -> None:
    assert (REPO / "docs/settings.md").read_text(encoding="utf-8") == settings_markdown(), (
        "docs/settings.md is out of date: make settings-doc")
    names = [setting.name for setting in SETTINGS]
    assert len(names) == len(set(names))


def test_only_the_config_module_reads_casebook_settings() -> None:
    """No other module looks a CASEBOOK_* setting up in a dict (``settings.get(...)`` or
    ``settings[...]``): each is read once, typed, by casebook.config."""
    def setting_name(node: ast.AST) -> str | None:
        name = node.value if isinstance(node, ast.Constant) else None
        return name if isinstance(name, str) and re.fullmatch(r"CASEBOOK_[A-Z_]+", name) else None

    found = []
    for path in (REPO / "plugins/casebook").rglob("*.py"):
        if path.name == "config.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            read = None
            if isinstance(node, ast.Subscript):
                read = setting_name(node.slice)
            elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "get" and (
                    node.args):
                read = setting_name(node.args[0])
            if read:
                found.append(f"{path.relative_to(REPO)}:{node.lineno} {read}")
    assert found == []


def test_only_the_settings_decide_what_today_is() -> None:
    found = []
    for path in (REPO / "plugins/casebook").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if path.name != "config.py" and (".today()" in text or "datetime.now(" in text):
            found.append(str(path.relative_to(REPO)))
    assert found == []


def test_faq_entries_can_live_in_another_folder(project: Project) -> None:
    configure(project, 'CASEBOOK_FAQ_PATHS = ["help/answers"]\n')
    project.story("stories/acme/index.md")
    project.write("help/answers/speed.md", "---\ntitle: How fast is go-live?\n"
                  "features: [approvals]\nstatus: published\n---\nSix weeks, usually.\n")
    project.write("help/answers/broken.md", "---\ntitle: Broken\nfeatures: [nope]\n"
                  "status: published\n---\nA.\n")
    result = project.run("check")
    assert "help/answers/broken.md:3: error: features: unknown id 'nope'" in result.output
    (project.root / "help/answers/broken.md").unlink()
    assert project.build().code == 0
    faq = BeautifulSoup(project.page("faq/speed"), "html.parser")
    assert faq.h1 is not None and faq.h1.get_text(strip=True) == "How fast is go-live?"
    assert "How fast is go-live?" in project.page("faq")


def test_languages_are_a_setting(project: Project) -> None:
    configure(project, 'CASEBOOK_LANGUAGES = ["en", "fr"]\n')
    project.story("stories/acme/index.md", translation_key="acme")
    project.story("stories/acme/index.fr.md", title='"Acme a réduit son carnet de commandes"',
                  translation_key="acme")
    project.story("stories/other/index.ja.md", title='"日本語の事例"')
    result = project.run("check")
    assert ("stories/other/index.ja.md:1: error: the file name says language 'ja', which this "
            "site does not have (languages: en, fr)") in result.output
    (project.root / "stories/other/index.ja.md").unlink()
    assert project.build().code == 0
    page = BeautifulSoup(project.page("fr/stories/acme"), "html.parser")
    assert page.html is not None and page.html["lang"] == "fr"
    assert page.find("link", hreflang="en")["href"] == "/stories/acme/"  # type: ignore[index]
    assert (project.output / "fr/stories/index.html").exists()
    assert not (project.output / "ja").exists()


def test_addresses_are_settings(project: Project) -> None:
    configure(project, 'STORY_URL = "customers/{slug}/"\n'
                       'STORY_SAVE_AS = "customers/{slug}/index.html"\n'
                       'FEATURE_URL = "topics/{slug}/"\n'
                       'INDUSTRY_URL = "sectors/{slug}/"\n'
                       'PAIR_URL = "topics/{feature}/in/{industry}/"\n'
                       'FAQ_URL = "help/{slug}/"\nFAQ_SAVE_AS = "help/{slug}/index.html"\n')
    project.story("stories/acme/index.md")
    project.write("content/faq/speed.md", "---\ntitle: How fast?\nfeatures: [approvals]\n"
                  "status: published\n---\nFast.\n")
    assert project.build().code == 0
    story = BeautifulSoup(project.page("customers/acme"), "html.parser")
    assert story.h1 is not None and "Acme Tools halved" in story.h1.get_text()
    assert not (project.output / "stories/acme").exists()
    links = {a["href"] for a in story.find_all("a")}
    assert "/topics/approvals/" in links and "/sectors/manufacturing/" in links
    listing = BeautifulSoup(project.page("stories"), "html.parser")
    assert "/customers/acme/" in {a["href"] for a in listing.find_all("a")}
    assert (project.output / "topics/approvals/in/manufacturing/index.html").exists()
    assert "How fast?" in project.page("help/speed")
    sitemap = (project.output / "sitemap.xml").read_text()
    assert "/customers/acme/</loc>" in sitemap and "/topics/approvals/</loc>" in sitemap


def test_today_is_decided_once_per_build(project: Project) -> None:
    """A story dated today is published, one dated tomorrow is not; the build's date
    comes from one place (CASEBOOK_TODAY here, else the clock in TIMEZONE, read once)."""
    project.story("stories/today/index.md", date="2026-06-01",
                  approval='{by: "Dana", date: 2026-05-01}')
    project.story("stories/tomorrow/index.md", date="2026-06-02", slug="tomorrow",
                  approval='{by: "Dana", date: 2026-05-01}')
    assert project.build().code == 0
    assert (project.output / "stories/today/index.html").exists()
    assert not (project.output / "stories/tomorrow").exists()


def test_the_pelican_command_is_refused_with_a_plain_sentence(project: Project) -> None:
    project.story("stories/acme/index.md")
    result = subprocess.run([sys.executable, "-m", "pelican", "-s",
                             str(project.root / "pelicanconf.py"), str(project.root)],
                            cwd=project.root, capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert "built with `casebook build`" in result.stdout + result.stderr
    assert not (project.output / "stories").exists()


def test_the_vendor_is_named_by_settings_never_by_the_code(project: Project) -> None:
    """The sample vendor lives in pelicanconf.py and content; a site of its own names
    itself there, and the code and the theme name nobody."""
    for folder in ("plugins", "theme"):
        for path in (REPO / folder).rglob("*"):
            if path.is_file() and path.suffix in (".py", ".html", ".yml", ".js", ".css"):
                assert "Relaypoint" not in path.read_text(encoding="utf-8"), path
    project.story("stories/acme/index.md")
    assert project.build().code == 0  # the tests' settings are the sample's: its tagline
    assert "succeed with Relaypoint" in project.page("")
    configure(project, 'CASEBOOK_TAGLINES = {"en": "Flowly customers, in their words"}\n')
    assert project.build().code == 0
    home = project.page("")
    assert '<p class="lead">Flowly customers, in their words</p>' in home
    assert "succeed with Relaypoint" not in home
    assert 'content="Flowly customers, in their words"' in home  # the description too


def test_the_sites_own_words_replace_the_themes(project: Project) -> None:
    """CASEBOOK_STRINGS: the interview questions (and any UI word) in the site's words,
    in the pages, in new interviews and in imports alike."""
    configure(project, 'CASEBOOK_STRINGS = {"en": {"q_usage": "How does Flowly fit your '
              'day?", "search_placeholder": "e.g. invoices"}}\n')
    project.story("stories/acme/index.md")
    assert project.run("new", "interview", "--customer", "Bravo", "--industry", "logistics",
                       "--features", "approvals", "--interviewee", "Kim Lee, COO").code == 0
    text = (project.root / "stories/bravo/index.md").read_text()
    assert "## How does Flowly fit your day? {#usage}" in text
    assert project.build().code == 0
    assert 'placeholder="e.g. invoices"' in project.page("")


def test_the_site_colour_is_a_setting_in_preview_and_publish_builds(project: Project) -> None:
    project.story("stories/acme/index.md")
    configure(project, 'CASEBOOK_COLOURS = {"brand": "#0f766e"}\n')
    assert project.build().code == 0
    links = BeautifulSoup(project.page("/"), "html.parser").select('link[rel="stylesheet"]')
    assert [link["href"] for link in links] == ["/theme/css/site.css", "/theme/css/colours.css"]
    css = (project.output / "theme/css/colours.css").read_text()
    assert "--brand: #0f766e;" in css and "prefers-color-scheme: dark" in css
    configure(project, "CASEBOOK_FINGERPRINT = True\n")
    assert project.build().code == 0
    soup = BeautifulSoup(project.page("/stories/acme/"), "html.parser")
    href = soup.select('link[rel="stylesheet"]')[1]["href"]
    assert re.fullmatch(r"/theme/css/colours\.[0-9a-f]{10}\.css", href)
    assert (project.output / href.lstrip("/")).read_text() == css


def test_without_a_colour_of_its_own_the_site_links_only_the_theme(project: Project) -> None:
    project.story("stories/acme/index.md")
    assert project.build().code == 0
    assert "colours" not in project.page("/")
    assert not (project.output / "theme/css/colours.css").exists()


LOGO = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 32" width="64" height="32">'
        '<script>alert(1)</script><rect width="64" height="32" rx="6" fill="#0f766e"/></svg>')


def test_the_logo_is_a_setting_shown_beside_the_name_on_every_page(project: Project) -> None:
    project.story("stories/acme/index.md")
    project.write("content/images/tidewell.svg", LOGO)
    configure(project, 'CASEBOOK_LOGO = "tidewell.svg"\n')
    assert project.build().code == 0
    for url in ("/", "/stories/acme/", "/stories/"):
        brand = BeautifulSoup(project.page(url), "html.parser").select_one("header a.brand")
        assert brand is not None
        logo = brand.select_one("img.brand-logo")
        assert logo is not None and logo["alt"] == ""  # the name beside it says it
        assert (logo["width"], logo["height"]) == ("64", "32")
        assert brand.get_text(strip=True) == "Relaypoint Customer Stories"
        published = (project.output / logo["src"].lstrip("/")).read_text()
        assert "<rect" in published and "script" not in published  # cleaned like any SVG


def test_a_missing_logo_is_an_error_on_the_settings_line(project: Project) -> None:
    project.story("stories/acme/index.md")
    project.write("content/images/tidewell.svg", LOGO)
    configure(project, 'CASEBOOK_LOGO = "tidewel.svg"\n')
    line = config_line(project, "CASEBOOK_LOGO")
    for command in ("build", "check"):
        result = project.run(command)
        assert result.code != 0
        assert f"pelicanconf.py:{line}: error: CASEBOOK_LOGO: " in result.output, result.output
        assert "did you mean 'tidewell.svg'" in result.output, result.output
