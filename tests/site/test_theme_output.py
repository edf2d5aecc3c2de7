"""The built sample site as search engines, link previews and validators read it."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import yaml
from bs4 import BeautifulSoup

from ..conftest import REPO

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
STORY = "stories/okuyama-precision-inspections/index.html"


def html_pages(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


def read(output: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((output / name).read_text(encoding="utf-8"), "html.parser")


def json_ld(soup: BeautifulSoup) -> list[dict]:
    return [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]


VNU = REPO / "tests/validators/node_modules/vnu-jar/build/dist/vnu.jar"


def nu_checker(output: Path) -> list[dict]:
    """The messages of the current Nu checker (vnu-jar from npm, `make system-deps`) on
    every page and the CSS of a built site, checked in one JVM, errors only."""
    if not VNU.is_file():
        pytest.fail(f"{VNU} is missing: run `npm ci --prefix tests/validators`")
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json",
                             "--skip-non-html", "--also-check-css", str(output)],
                            capture_output=True, text=True, timeout=300)
    try:
        messages = json.loads(result.stderr)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"the Nu checker did not answer in JSON: {result.stderr[-2000:]}")
    assert messages or result.returncode == 0, result.stderr[-2000:]
    # Pagefind's own stylesheets are not ours to fix
    return [m for m in messages if "/pagefind/" not in m.get("url", "")]


def test_nu_html_checker_reports_no_error_on_any_page_or_stylesheet(
        publish_output: Path) -> None:
    messages = nu_checker(publish_output)
    report = [f"{m.get('url', '').partition(str(publish_output))[2] or m.get('url')}:"
              f"{m.get('lastLine', '?')}: {m['type']}: {m['message']}" for m in messages]
    assert report == [], "\n".join(report[:20])


def test_every_page_has_title_description_canonical_and_lang(sample_output: Path) -> None:
    for path in html_pages(sample_output):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        name = path.relative_to(sample_output).as_posix()
        assert soup.html.get("lang") in ("en", "ja"), name
        assert soup.title and soup.title.string.strip(), name
        assert soup.find("meta", attrs={"name": "description"})["content"].strip(), name
        assert soup.find("link", rel="canonical")["href"].startswith("/"), name
        assert soup.find("meta", property="og:title")["content"], name


def test_story_has_open_graph_and_twitter_card(sample_output: Path) -> None:
    soup = read(sample_output, STORY)
    meta = {m.get("property") or m.get("name"): m["content"] for m in soup.find_all("meta")
            if m.get("property") or m.get("name")}
    assert meta["og:type"] == "article"
    assert meta["og:url"] == "/stories/okuyama-precision-inspections/"
    assert meta["og:image"].startswith("/media/card-") and meta["og:image:width"] == "1200"
    assert (sample_output / meta["og:image"].lstrip("/")).exists()
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["article:published_time"] == "2025-06-10"
    assert read(sample_output, "ja/" + STORY).find("meta", property="og:locale")["content"] \
        == "ja_JP"


def test_hreflang_alternates_link_translations(sample_output: Path) -> None:
    soup = read(sample_output, STORY)
    links = {link["hreflang"]: link["href"] for link in soup.find_all("link", hreflang=True)}
    assert links == {"en": "/stories/okuyama-precision-inspections/",
                     "ja": "/ja/stories/okuyama-precision-inspections/",
                     "x-default": "/stories/okuyama-precision-inspections/"}


def test_json_ld_parses_with_required_properties(sample_output: Path) -> None:
    article, crumbs = json_ld(read(sample_output, STORY))
    assert article["@type"] == "Article"
    for key in ("headline", "datePublished", "author", "publisher", "image", "url",
                "description", "inLanguage"):
        assert article[key], key
    assert crumbs["@type"] == "BreadcrumbList"
    assert [i["position"] for i in crumbs["itemListElement"]] == [1, 2, 3]
    assert crumbs["itemListElement"][-1]["item"] == article["url"]
    interview = json_ld(read(sample_output, "interviews/kawasemi-logistics/index.html"))[0]
    assert interview["@type"] == "Article" and interview["inLanguage"] == "en"
    faq_entry = json_ld(read(sample_output, "faq/single-sign-on/index.html"))[0]
    assert faq_entry["@type"] == "FAQPage"
    question = faq_entry["mainEntity"][0]
    assert question["@type"] == "Question" and question["acceptedAnswer"]["text"]
    assert json_ld(read(sample_output, "faq/index.html")) == []  # each question once, on its page
    anonymous = json_ld(read(sample_output, "stories/regional-bank-loan-approvals/index.html"))
    assert "mentions" not in anonymous[0]


def test_no_self_serving_review_markup_anywhere(sample_output: Path) -> None:
    for path in html_pages(sample_output):
        text = path.read_text(encoding="utf-8")
        assert '"Review"' not in text and "AggregateRating" not in text, path


def test_sitemap_lists_exactly_the_public_pages_with_lastmod_and_hreflang(
        sample_output: Path) -> None:
    root = ET.parse(sample_output / "sitemap.xml").getroot()
    urls = {u.find(f"{SITEMAP}loc").text: u for u in root.findall(f"{SITEMAP}url")}
    pages = {"/" + p.relative_to(sample_output).as_posix().removesuffix("index.html")
             for p in html_pages(sample_output)}
    assert set(urls) == pages - {"/404.html", "/editorial/"}
    story = urls["/stories/okuyama-precision-inspections/"]
    assert story.find(f"{SITEMAP}lastmod").text == "2025-06-10"
    alternates = {link.get("hreflang"): link.get("href")
                  for link in story.findall(f"{XHTML}link")}
    assert alternates == {"en": "/stories/okuyama-precision-inspections/",
                          "ja": "/ja/stories/okuyama-precision-inspections/",
                          "x-default": "/stories/okuyama-precision-inspections/"}
    assert urls["/features/forms/"].find(f"{SITEMAP}lastmod") is not None


def test_robots_txt_hides_only_the_editorial_report(sample_output: Path) -> None:
    assert (sample_output / "robots.txt").read_text() == "User-agent: *\nDisallow: /editorial/\n"


def test_story_page_weighs_under_60_kb_without_images(sample_output: Path) -> None:
    soup = read(sample_output, STORY)
    total = (sample_output / STORY).stat().st_size
    for link in soup.find_all("link", rel="stylesheet"):
        total += (sample_output / link["href"].lstrip("/")).stat().st_size
    for script in soup.find_all("script", src=True):
        total += (sample_output / script["src"].lstrip("/")).stat().st_size
    assert total < 60_000


def test_video_story_ships_its_script_as_a_file(sample_output: Path) -> None:
    soup = read(sample_output, "stories/harbourline-freight-exceptions/index.html")
    [script] = soup.find_all("script", src=True)
    assert script["src"] == "/theme/js/video.js"
    assert soup.select_one(".video")["data-embed"].startswith("https://www.youtube-nocookie.com/")


def test_slides_link_has_a_rendered_preview(sample_output: Path) -> None:
    from PIL import Image

    soup = read(sample_output, STORY)
    link = soup.select_one(".slides a")
    assert link["href"].endswith(".pdf")
    assert (sample_output / link["href"].lstrip("/")).read_bytes().startswith(b"%PDF")
    with Image.open(sample_output / link.img["src"].lstrip("/")) as preview:
        assert preview.width == 640
        assert preview.getpixel((20, 20))[2] > preview.getpixel((20, 20))[0]  # the navy slide


@pytest.mark.parametrize("lang", ["ja"])
def test_every_ui_string_exists_in_every_language(lang: str) -> None:
    english = yaml.safe_load((REPO / "theme/i18n/en.yml").read_text(encoding="utf-8"))
    other = yaml.safe_load((REPO / f"theme/i18n/{lang}.yml").read_text(encoding="utf-8"))
    assert set(english) == set(other)
    assert all(str(value).strip() for value in other.values())


def test_body_images_with_a_title_become_figures_with_captions(sample_output: Path) -> None:
    figure = read(sample_output, STORY).select_one(".story-body figure")
    assert figure.figcaption.get_text().startswith("Grinding line 2 at the Suwa plant")
    image = figure.img
    assert image["alt"].startswith("An inspector scanning")
    assert (image["width"], image["height"], image["loading"]) == ("1200", "800", "lazy")


def test_publish_build_uses_absolute_urls(tmp_path: Path) -> None:
    from casebook.cli.main import main

    output = tmp_path / "public"
    assert main(["--config", str(REPO / "publishconf.py"), "build", "--output", str(output)]) == 0
    siteurl = "https://stories.relaypoint.example"
    soup = read(output, STORY)
    assert soup.find("link", rel="canonical")["href"] == \
        f"{siteurl}/stories/okuyama-precision-inspections/"
    assert soup.find("meta", property="og:image")["content"].startswith(f"{siteurl}/media/")
    assert f"Sitemap: {siteurl}/sitemap.xml" in (output / "robots.txt").read_text()
    loc = ET.parse(output / "sitemap.xml").getroot().find(f"{SITEMAP}url/{SITEMAP}loc").text
    assert loc.startswith(siteurl)
    for path in output.rglob("*"):
        if path.suffix in (".html", ".xml", ".json", ".csv", ".txt"):
            text = path.read_text(encoding="utf-8-sig")
            assert "localhost" not in text and "127.0.0.1" not in text, path
            assert "live-reload" not in text and "draft-banner" not in text, path
    for hidden in ("fernhill-school-district-maintenance", "brenner-kunststofftechnik-orders",
                   "kinsale-biologics-deviations"):  # draft, review, scheduled
        assert not list(output.rglob(f"*{hidden}*")), hidden


def test_an_faq_entry_links_its_features_in_its_own_language(sample_output: Path) -> None:
    for prefix, names in (("", ["Forms", "Mobile app"]), ("ja/", ["フォーム", "モバイルアプリ"])):
        soup = read(sample_output, f"{prefix}faq/do-forms-work-offline/index.html")
        links = soup.select(".faq-entry .tags a")
        assert [a.get_text() for a in links] == names
        assert [a["href"] for a in links] == [f"/{prefix}features/forms/",
                                               f"/{prefix}features/mobile-app/"]
