"""Publishing rules, routing and untrusted text, read from real builds."""

from __future__ import annotations

import json
import re

from bs4 import BeautifulSoup

from ..conftest import Project


def _all_output_text(project: Project) -> str:
    return "\n".join(data.decode("utf-8", "replace") for data in project.output_files().values())


def test_only_published_and_due_items_reach_output(project: Project) -> None:
    project.story("stories/live.md", title='"Live story LIVEMARK"')
    project.story("stories/draft/index.md", title='"Draft story DRAFTMARK"', status="draft",
                  approval=None, hero="draft-hero.png")
    project.image("stories/draft/draft-hero.png", color="red")
    project.story("stories/review.md", title='"Review story REVIEWMARK"', status="review",
                  approval=None)
    project.story("stories/later/index.md", title='"Scheduled story LATERMARK"',
                  date="2026-06-02", approval="{by: Dana, date: 2026-05-01}",
                  hero="later-hero.png")
    project.image("stories/later/later-hero.png", color="blue")
    project.write("content/faq/draft-q.md",
                  "---\ntitle: Draft question FAQDRAFTMARK\nfeatures: [approvals]\n"
                  "status: draft\n---\nNot yet.\n")
    project.write("content/faq/live-q.md",
                  "---\ntitle: Live question\nfeatures: [approvals]\nstatus: published\n"
                  "---\nYes.\n")
    project.write("content/faq/future-q.md",
                  "---\ntitle: Future FAQFUTUREMARK\nfeatures: [approvals]\nstatus: published\n"
                  "date: 2027-01-01\n---\nLater.\n")
    result = project.build()
    assert result.code == 0, result.output

    files = project.output_files()
    everything = _all_output_text(project)
    assert "LIVEMARK" in project.page("stories/live")
    assert "LIVEMARK" in project.page("stories")
    for marker in ("DRAFTMARK", "REVIEWMARK", "LATERMARK", "FAQDRAFTMARK", "FAQFUTUREMARK"):
        assert marker not in everything, marker
    for slug in ("draft", "review", "later", "draft-q", "future-q"):
        assert not any(f"/{slug}/" in f"/{name}" for name in files), slug
        assert f"/{slug}/" not in everything
    assert not any(name.startswith("drafts") for name in files)
    # no image (and no social card) of an unpublished item is published
    media = [name for name in files if name.startswith("media/")]
    assert len(media) == 1 and media[0].startswith("media/card-")  # the live story's card


def test_scheduled_story_appears_on_its_day(project: Project) -> None:
    project.story("stories/later.md", date="2026-06-01", approval="{by: Dana, date: 2026-05-01}")
    assert project.build().code == 0
    assert "Acme Tools halved" in project.page("stories/later")


def test_anonymous_story_leaks_no_name_or_logo(project: Project) -> None:
    project.story("stories/secret-bank/index.md", customer='"Hanabishi Bank"',
                  industry="financial-services", anonymous="true", slug="regional-bank-approvals",
                  title='"A regional bank cut loan approval time by half"',
                  summary='"The bank moved loan approvals into Relaypoint."',
                  quote='{text: "We stopped chasing signatures.", author: "Ken Mori", '
                        'role: "Head of Lending"}',
                  hero="hero.jpg", body="The bank had 40 branches.\n\n![Branch staff](staff.jpg)\n")
    project.image("stories/secret-bank/hero.jpg", fmt="JPEG")
    project.image("stories/secret-bank/staff.jpg", color="navy", fmt="JPEG")
    result = project.build()
    assert result.code == 0, result.output
    everything = _all_output_text(project)
    for leak in ("Hanabishi", "secret-bank", "Ken Mori"):
        assert leak not in everything, leak
    page = BeautifulSoup(project.page("stories/regional-bank-approvals"), "html.parser")
    assert page.select_one(".story-logo") is None
    assert "A customer in Financial services" in page.get_text()
    assert all(img["src"].startswith("/media/") for img in page.find_all("img"))


def test_routes_follow_the_contract(project: Project) -> None:
    project.story("stories/acme/index.md", translation_key="acme")
    project.story("stories/acme/index.ja.md", title="アクメ社、受注残を半減",
                  translation_key="acme")
    project.story("stories/talk.md", type="interview",
                  interviewees='[{name: "Dana Reyes", role: COO}]',
                  body="## How do you use it? {#usage}\nEvery day.\n")
    project.write("content/faq/go-live.md",
                  "---\ntitle: How long to go live?\nfeatures: [approvals]\nstatus: published\n"
                  "---\nThree weeks.\n")
    project.write("content/pages/about.md", "---\ntitle: About\n---\nAbout us.\n")
    assert project.build().code == 0
    for url in ("stories/acme", "ja/stories/acme", "interviews/talk", "faq", "faq/go-live",
                "about", "stories", "ja", "ja/stories"):
        html = project.page(url)
        expected_lang = "ja" if url.startswith("ja") else "en"
        assert BeautifulSoup(html, "html.parser").html["lang"] == expected_lang, url
    assert (project.output / "index.html").exists()
    assert (project.output / "404.html").exists()
    english = BeautifulSoup(project.page("stories/acme"), "html.parser")
    switch = english.select_one(".lang-switch a")
    assert switch["href"] == "/ja/stories/acme/" and switch["hreflang"] == "ja"
    japanese = BeautifulSoup(project.page("ja/stories/acme"), "html.parser")
    assert japanese.select_one(".lang-switch a")["href"] == "/stories/acme/"
    assert "2026年1月15日" in japanese.get_text()
    listing = BeautifulSoup(project.page("stories"), "html.parser")
    links = {a["href"] for a in listing.select(".card-title a")}
    assert links == {"/stories/acme/", "/interviews/talk/"}
    faq_index = BeautifulSoup(project.page("faq"), "html.parser")
    assert faq_index.select_one(".faq-item summary").get_text() == "How long to go live?"


SCRIPT_BODY = """\
Intro paragraph.

<script>alert('body')</script>
<img src="x.png" onerror="alert('img')">
<a href="javascript:alert('link')">click me</a>
<a href="JaVaScRiPt:alert(1)" onclick="alert(2)">mixed case</a>
<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data link</a>
<iframe src="https://evil.example/"></iframe>
<div style="background:url(javascript:alert(3))">styled</div>
[md link](javascript:alert('md'))
<svg onload="alert(4)"><circle r="1"/></svg>
<form action="https://evil.example"><input name="q"></form>
"""


def test_script_handlers_and_js_urls_are_neutralised(project: Project) -> None:
    project.story("stories/xss.md", title='"<script>alert(\'title\')</script> Story"',
                  customer='"Evil <img src=x onerror=alert(1)> Inc"',
                  summary='"Summary <b onmouseover=alert(1)>bold</b>"',
                  quote='{text: "<script>q()</script>", author: "A <i>b</i>"}', body=SCRIPT_BODY)
    project.image("stories/x.png")
    result = project.build()
    assert result.code == 0, result.output
    html = project.page("stories/xss")
    soup = BeautifulSoup(html, "html.parser")
    # JSON-LD is the only inline script; the payloads inside it are inert JSON strings
    for script in soup.find_all("script"):
        assert script["type"] == "application/ld+json"
        assert "<" not in script.string and json.loads(script.string)
    ld = [json.loads(s.string) for s in soup.find_all("script")]
    assert ld[0]["headline"] == "<script>alert('title')</script> Story"
    assert soup.main.find_all(["iframe", "svg", "object", "embed"]) == []
    assert soup.select_one(".story-body").find_all(["form", "input", "button"]) == []
    for tag in soup.find_all(True):
        for attribute, value in tag.attrs.items():
            assert not attribute.lower().startswith("on"), (tag.name, attribute)
            text = " ".join(value) if isinstance(value, list) else str(value)
            assert not re.match(r"\s*(javascript|data|vbscript):", text, re.IGNORECASE), text
            assert attribute != "style" or "javascript" not in text
    # front matter is shown as text, escaped
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; Story" in html
    assert soup.h1.get_text() == "<script>alert('title')</script> Story"
    assert "Evil <img src=x onerror=alert(1)> Inc" in soup.get_text()
    assert "click me" in soup.get_text() and "Intro paragraph." in soup.get_text()


def test_theme_has_no_inline_scripts_or_handlers(project: Project) -> None:
    project.story("stories/a.md")
    project.write("content/faq/q.md",
                  "---\ntitle: Q?\nfeatures: [approvals]\nstatus: published\n---\nA.\n")
    assert project.build().code == 0
    for name, data in project.output_files().items():
        if not name.endswith(".html"):
            continue
        soup = BeautifulSoup(data, "html.parser")
        for script in soup.find_all("script"):
            assert script.get("type") == "application/ld+json" or script.get("src"), name
        assert soup.find_all("style") == [], name
        for tag in soup.find_all(True):
            assert not any(a.lower().startswith("on") for a in tag.attrs), (name, tag.name)
            assert "style" not in tag.attrs, (name, tag.name)


def test_sanitizer_drops_data_urls_and_unknown_images() -> None:
    from casebook.markdown.render import sanitize

    cleaned = sanitize('<p><img src="data:image/png;base64,AAAA" alt="d">'
                       '<img src="https://tracker.example/p.gif" alt="t">'
                       '<img src="team.jpg" alt="ok"></p>', {"team.jpg": "/media/abc.jpg"})
    soup = BeautifulSoup(cleaned, "html.parser")
    assert [img.get("src") for img in soup.find_all("img")] == [None, None, "/media/abc.jpg"]
