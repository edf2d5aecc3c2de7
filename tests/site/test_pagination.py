"""Long listings in numbered pages, newest first, linked both ways, without JavaScript."""

from __future__ import annotations

import datetime as dt
import re

from bs4 import BeautifulSoup

from ..conftest import Project


def soup(project: Project, url: str) -> BeautifulSoup:
    return BeautifulSoup(project.page(url), "html.parser")


def cards(page: BeautifulSoup) -> list[str]:
    return [a["href"] for a in page.select(".cards .card-title a")]


def test_300_stories_in_pages_of_24(project: Project) -> None:
    start = dt.date(2025, 1, 1)
    for n in range(300):
        day = start + dt.timedelta(days=n)
        project.story(f"stories/s{n:03d}.md", title=f'"Story number {n:03d}"',
                      customer=f'"Customer {n:03d}"', date=day.isoformat(),
                      approval=f"{{by: Someone, date: {day.isoformat()}}}",
                      industry="logistics" if n % 3 else "manufacturing")
    project.write("pelicanconf.py", (project.root / "pelicanconf.py").read_text()
                  + "CASEBOOK_PAGE_SIZE = 24\nCASEBOOK_TODAY = '2026-12-01'\n")
    assert project.build().code == 0

    first = soup(project, "stories")
    nav = first.select_one("nav.pagination")
    assert nav is not None and nav["aria-label"] == "Pages"
    assert first.select_one('link[rel="prev"]') is None
    assert first.select_one('link[rel="next"]')["href"] == "/stories/page/2/"
    assert "300 stories and interviews" in first.select_one(".counts").get_text()
    seen: list[str] = []
    url, number = "stories", 1
    while True:  # forwards, by rel=next
        page = soup(project, url)
        listed = cards(page)
        assert len(listed) == (24 if number < 13 else 300 - 12 * 24), url
        seen += listed
        current = page.select_one('nav.pagination a[aria-current="page"]')
        assert current is not None and current.get_text() == str(number)
        following = page.select_one('link[rel="next"]')
        if following is None:
            break
        assert page.select_one('nav.pagination a[rel="next"]')["href"] == following["href"]
        url, number = following["href"].strip("/"), number + 1
    assert number == 13 and url == "stories/page/13"
    assert len(seen) == len(set(seen)) == 300
    assert seen[0] == "/stories/s299/" and seen[-1] == "/stories/s000/"  # newest first
    while number > 1:  # and back, by rel=prev
        page = soup(project, url)
        back = page.select_one('link[rel="prev"]')["href"]
        assert page.select_one('nav.pagination a[rel="prev"]')["href"] == back
        url, number = back.strip("/"), number - 1
    assert url == "stories"
    page7 = soup(project, "stories/page/7")
    numbers = [a.get_text() for a in page7.select("nav.pagination li a:not(.page-step)")]
    assert numbers == ["1", "5", "6", "7", "8", "9", "13"]  # first, around, last
    assert page7.title.get_text().startswith("Customer stories and interviews (Page 7) |")
    assert page7.select_one('link[rel="canonical"]')["href"] == "/stories/page/7/"
    assert not page7.select('link[rel="alternate"][hreflang]')  # only page 1 has versions
    # a term's pages: its overview (and its search entry) on the first only
    term = soup(project, "industries/logistics")
    assert term.select_one("[data-pagefind-body]") is not None
    assert len(cards(term)) == 24 and term.select_one('link[rel="next"]')
    term2 = soup(project, "industries/logistics/page/2")
    assert term2.select_one("[data-pagefind-body]") is None
    assert "200 stories and interviews" in term2.select_one(".counts").get_text()


def test_a_short_listing_has_no_page_links(project: Project) -> None:
    project.story("stories/acme.md")
    assert project.build().code == 0
    page = soup(project, "stories")
    assert page.select_one("nav.pagination") is None
    assert not page.select('link[rel="next"], link[rel="prev"]')
    assert not re.search(r"/page/\d", project.page("stories"))


def test_the_editorial_report_lists_the_oldest_and_links_all_of_them(project: Project) -> None:
    for n in range(60):
        day = dt.date(2022, 1, 1) + dt.timedelta(days=n)
        title = f'"=HYPERLINK(1) {n:02d}"' if n == 0 else f'"Old story {n:02d}"'
        project.story(f"stories/old{n:02d}.md", title=title, customer=f'"Old {n:02d}"',
                      date=day.isoformat(), approval=f"{{by: Someone, date: {day}}}")
    assert project.build().code == 0
    page = soup(project, "editorial")
    stale = page.find("h2", string=re.compile("Stories not updated")).find_next("ul")
    listed = [li.get_text() for li in stale.select("li")]
    assert len(listed) == 50
    assert listed[0].startswith("=HYPERLINK(1) 00 (stories/old00.md")  # the oldest first
    link = page.find("a", string="a spreadsheet (CSV)")
    assert link["href"] == "/editorial/stale-stories.csv"
    rows = (project.output / "editorial" / "stale-stories.csv").read_text(
        encoding="utf-8-sig").splitlines()
    assert rows[0] == "file,title,months since revised" and len(rows) == 61
    assert rows[1].startswith("stories/old00.md,'=HYPERLINK(1) 00,")  # never a formula


def test_a_question_with_many_answers_comes_in_pages_and_its_index_names_a_few(
        project: Project) -> None:
    """Voices pages hold half a listing page of answers (answers are paragraphs, not
    cards): 30 interviews at a page size of 8 are 8 pages of 4, newest first."""
    start = dt.date(2025, 1, 1)
    for n in range(30):
        day = start + dt.timedelta(days=n)
        project.story(f"stories/i{n:02d}.md", title=f'"Interview number {n:02d}"',
                      customer=f'"Customer {n:02d}"', date=day.isoformat(),
                      approval=f"{{by: Someone, date: {day.isoformat()}}}", type="interview",
                      interviewees=f'[{{name: "Person {n:02d}", role: COO}}]',
                      body=f"## How do you use it every day? {{#usage}}\n\nAnswer {n:02d}.\n")
    project.write("pelicanconf.py", (project.root / "pelicanconf.py").read_text()
                  + "CASEBOOK_PAGE_SIZE = 8\nCASEBOOK_TODAY = '2026-12-01'\n")
    assert project.build().code == 0

    seen: list[str] = []
    url, number = "voices/usage", 1
    while True:
        page = soup(project, url)
        answers = [a.get_text(strip=True) for a in page.select(".voice .prose")]
        assert len(answers) == (4 if number < 8 else 2), url
        seen += answers
        indexed = page.select_one("[data-pagefind-body]")
        assert (indexed is not None) is (number == 1)  # the question is found once
        following = page.select_one('link[rel="next"]')
        if following is None:
            break
        url, number = following["href"].strip("/"), number + 1
    assert number == 8 and url == "voices/usage/page/8"
    assert seen == [f"Answer {n:02d}." for n in range(29, -1, -1)]
    assert soup(project, url).title.get_text().startswith(
        "How do you use it day to day? (Page 8) |")
    index = soup(project, "voices")
    faces = index.select_one(".question-card .faces").get_text()
    assert faces == ("Answers from: Customer 29, Customer 28, Customer 27, Customer 26, "
                     "Customer 25, Customer 24 and 24 more")
