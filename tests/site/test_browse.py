"""Browsing by feature and industry, voices, feeds, export and the coverage report.

One fixture site, built once with the real pipeline, read back as a customer
(HTML), a feed reader (feedparser), a CRM import (json/csv) and an editor
(``casebook stats``).
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import feedparser
import pytest
from bs4 import BeautifulSoup

from ..conftest import CONFIG, Project, story_text
from ..conftest import INDUSTRIES as BASE_INDUSTRIES

FEATURES = """\
- id: workflow-automation
  name: {en: Workflow automation, ja: ワークフロー自動化}
  description: {en: "Automate routine steps.", ja: "定型作業を自動化します。"}
- id: approvals
  name: {en: Approvals, ja: 承認フロー}
  description: {en: "Sign-off in several steps.", ja: "多段階の承認。"}
- id: dashboards
  name: {en: Dashboards, ja: ダッシュボード}
- id: audit-trail
  name: {en: Audit trail, ja: 監査ログ}
"""
# The shared fixture's industries, and one that nothing is published in.
INDUSTRIES = BASE_INDUSTRIES + """\
- id: retail
  name: {en: Retail, ja: 小売}
"""
INTERVIEW_BODY = """\
Intro to the interview.

## How do you use it every day? {#usage}

We route every purchase through it. USAGEMARK

## When did you nearly give up? {#near-give-up}

In month two, when the old system kept sending data once a night. GIVEUPMARK
"""
JA_INTERVIEW_BODY = """\
## 日々どう使っていますか？ {#usage}

すべての購買申請を流しています。

## あきらめかけたのは？ {#near-give-up}

二か月目、夜間バッチの遅れで心が折れかけました。JAGIVEUPMARK
"""


def _story(project: Project, name: str, **fields: object) -> None:
    project.write(f"stories/{name}", story_text(**fields))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Project:
    root = tmp_path_factory.mktemp("browse") / "site"
    root.mkdir()
    project = Project(root)
    project.write("pelicanconf.py", CONFIG)
    project.write("content/taxonomies/features.yml", FEATURES)
    project.write("content/taxonomies/industries.yml", INDUSTRIES)
    _story(project, "alpha.md", title='"Alpha Works automated approvals"', customer='"Alpha Works"',
           features="[workflow-automation, approvals]", company_size="201-1000",
           date="2026-01-10", featured="true", translation_key="alpha")
    _story(project, "alpha.ja.md", title="アルファ工業、承認を自動化", customer="アルファ工業",
           features="[workflow-automation, approvals]", date="2026-01-10",
           translation_key="alpha")
    _story(project, "bravo.md", title='"Bravo Metal cut approval time"', customer='"Bravo Metal"',
           features="[approvals]", company_size="201-1000", date="2026-02-10")
    _story(project, "charlie.md", title='"Charlie Freight automated dispatch"',
           customer='"Charlie Freight"', industry="logistics",
           features="[workflow-automation, dashboards]", company_size="51-200",
           date="2025-12-01", approval="{by: Cy, date: 2025-11-20}")
    _story(project, "delta.md", title='"Delta Haulage on approvals"', customer='"Delta Haulage"',
           industry="logistics", features="[approvals]", company_size="1-50", date="2026-03-01",
           type="interview", interviewees='[{name: "Dee Dalton", role: "COO"}]',
           translation_key="delta", body=INTERVIEW_BODY)
    _story(project, "delta.ja.md", title="デルタ運輸インタビュー", customer="デルタ運輸",
           industry="logistics", features="[approvals]", date="2026-03-01", type="interview",
           interviewees='[{name: "田中 花子", role: "COO"}]', translation_key="delta",
           body=JA_INTERVIEW_BODY)
    _story(project, "echo.md", title='"A savings bank halved credit decisions"',
           customer='"Hanabishi Bank"', industry="financial-services", anonymous="true",
           slug="savings-bank-credit", features="[approvals, dashboards]",
           summary='"A savings bank moved credit approvals into one flow."',
           company_size="1001-5000", date="2024-10-01",
           approval="{by: Ken Mori, date: 2024-09-20}",
           quote='{text: "We stopped chasing signatures.", author: "Ken Mori", role: "COO"}')
    _story(project, "draft.md", title='"Draft DRAFTMARK"', features="[dashboards]",
           status="draft", approval=None)
    _story(project, "scheduled.md", title='"Scheduled SCHEDULEDMARK"', industry="logistics",
           features="[approvals]", date="2026-07-01", approval="{by: Sam, date: 2026-05-01}")
    project.write("content/faq/approver-away.md",
                  "---\ntitle: What if the approver is away?\nfeatures: [approvals]\n"
                  "industries: [manufacturing]\nstatus: published\norder: 1\ndate: 2026-01-20\n"
                  "---\nDelegate it.\n")
    project.write("content/faq/which-dashboard.md",
                  "---\ntitle: Which dashboard first?\nfeatures: [dashboards]\n"
                  "status: published\ndate: 2026-02-02\n---\nStart small.\n")
    project.write("content/faq/draft-question.md",
                  "---\ntitle: FAQDRAFTMARK?\nfeatures: [approvals]\nstatus: draft\n---\nNo.\n")
    project.write("content/faq/approver-away.ja.md",
                  "---\ntitle: 承認者が不在のときは？\nfeatures: [approvals]\nstatus: published\n"
                  "---\n代理承認を使います。\n")
    result = project.build()
    assert result.code == 0, result.output
    return project


def soup(site: Project, url: str) -> BeautifulSoup:
    return BeautifulSoup(site.page(url), "html.parser")


def card_links(page: BeautifulSoup) -> list[str]:
    return [a["href"] for a in page.select(".cards .card-title a")]


def test_feature_page_lists_featured_first_then_newest_with_faq_and_pairs(site: Project) -> None:
    page = soup(site, "features/approvals")
    assert page.h1.get_text() == "Approvals"
    assert "Sign-off in several steps." in page.select_one(".lead").get_text()
    assert card_links(page) == ["/stories/alpha/", "/interviews/delta/", "/stories/bravo/",
                                "/stories/savings-bank-credit/"]
    assert "4 stories and interviews · 1 question" in page.select_one(".counts").get_text()
    assert [a["href"] for a in page.select(".term-faq a")] == ["/faq/approver-away/"]
    pairs = {a["href"]: a.get_text() for a in page.select(".pairs a")}
    assert pairs == {
        "/features/approvals/manufacturing/": "Approvals in Manufacturing",
        "/features/approvals/logistics/": "Approvals in Logistics",
        "/features/approvals/financial-services/": "Approvals in Financial services",
    }


def test_industry_page_links_to_its_pairs(site: Project) -> None:
    page = soup(site, "industries/logistics")
    assert card_links(page) == ["/interviews/delta/", "/stories/charlie/"]
    assert {a["href"] for a in page.select(".pairs a")} == {
        "/features/workflow-automation/logistics/", "/features/approvals/logistics/",
        "/features/dashboards/logistics/"}
    assert [a["href"] for a in soup(site, "industries/manufacturing").select(".term-faq a")] == \
        ["/faq/approver-away/"]


def test_pair_pages_exist_only_where_a_story_is(site: Project) -> None:
    assert card_links(soup(site, "features/approvals/manufacturing")) == [
        "/stories/alpha/", "/stories/bravo/"]
    assert soup(site, "features/approvals/manufacturing").h1.get_text() == \
        "Approvals in Manufacturing"
    assert not (site.output / "features/dashboards/manufacturing").exists()  # draft only


def test_term_indexes_count_and_leave_out_empty_terms(site: Project) -> None:
    features = soup(site, "features")
    tiles = {tile.h2.get_text(): tile.select_one(".counts").get_text()
             for tile in features.select(".term-tile")}
    assert tiles == {"Workflow automation": "2 stories and interviews",
                     "Approvals": "4 stories and interviews · 1 question",
                     "Dashboards": "2 stories and interviews · 1 question"}
    assert not (site.output / "features/audit-trail").exists()
    industries = [t.h2.get_text() for t in soup(site, "industries").select(".term-tile")]
    assert industries == ["Manufacturing", "Logistics", "Financial services"]
    assert not (site.output / "industries/retail").exists()


def test_japanese_term_pages_have_japanese_items_and_names(site: Project) -> None:
    page = soup(site, "ja/features/approvals")
    assert page.html["lang"] == "ja"
    assert page.h1.get_text() == "承認フロー"
    assert card_links(page) == ["/ja/interviews/delta/", "/ja/stories/alpha/"]
    assert [a["href"] for a in page.select(".term-faq a")] == ["/ja/faq/approver-away/"]
    assert [t.h2.get_text() for t in soup(site, "ja/features").select(".term-tile")] == [
        "ワークフロー自動化", "承認フロー"]


def test_story_listing_filters_are_plain_links(site: Project) -> None:
    page = soup(site, "stories")
    assert len(card_links(page)) == 5
    filters = {a.get_text(): a["href"] for a in page.select(".filters a")}
    assert filters["Interviews (1)"] == "/stories/type/interview/"
    assert filters["Stories (4)"] == "/stories/type/story/"
    assert filters["201-1000 employees (2)"] == "/stories/size/201-1000/"
    assert filters["Logistics (2)"] == "/industries/logistics/"
    assert filters["Dashboards (2)"] == "/features/dashboards/"
    assert page.find_all("script") == []
    assert card_links(soup(site, "stories/size/201-1000")) == ["/stories/bravo/",
                                                               "/stories/alpha/"]
    assert card_links(soup(site, "stories/type/interview")) == ["/interviews/delta/"]
    assert card_links(soup(site, "stories/size/1001-5000")) == ["/stories/savings-bank-credit/"]


def test_related_stories_are_ranked_by_features_industry_and_size(site: Project) -> None:
    related = [a["href"] for a in soup(site, "stories/alpha").select(".related .card-title a")]
    # bravo: approvals + manufacturing + same size; charlie: a feature + adjacent size and
    # newer than the bank (same score); delta: a feature only, far in size
    assert related == ["/stories/bravo/", "/stories/charlie/", "/stories/savings-bank-credit/"]
    japanese = [a["href"] for a in soup(site, "ja/stories/alpha").select(".related a")]
    assert "/ja/interviews/delta/" in japanese and all(h.startswith("/ja/") for h in japanese)


def test_voices_gather_answers_and_link_to_their_anchor(site: Project) -> None:
    page = soup(site, "voices/near-give-up")
    assert page.h1.get_text() == "Where did you nearly give up?"
    assert "GIVEUPMARK" in page.get_text() and "USAGEMARK" not in page.get_text()
    link = page.select_one(".voice a")["href"]
    assert link == "/interviews/delta/#near-give-up"
    interview = soup(site, "interviews/delta")
    assert interview.find(id="near-give-up").name == "h2"
    index = soup(site, "voices")
    assert [a["href"] for a in index.select(".term-tile a")] == ["/voices/usage/",
                                                                 "/voices/near-give-up/"]
    assert not (site.output / "voices/effort").exists()
    japanese = soup(site, "ja/voices/near-give-up")
    assert japanese.html["lang"] == "ja" and "JAGIVEUPMARK" in japanese.get_text()
    assert japanese.select_one(".voice a")["href"] == "/ja/interviews/delta/#near-give-up"


def _feed(site: Project, path: str) -> feedparser.FeedParserDict:
    parsed = feedparser.parse((site.output / path).read_bytes())
    assert not parsed.bozo, parsed.bozo_exception
    return parsed


def test_feeds_parse_and_hold_the_right_entries(site: Project) -> None:
    everything = _feed(site, "feeds/all.atom.xml")
    assert [e.link for e in everything.entries] == [
        "/interviews/delta/", "/stories/bravo/", "/stories/alpha/", "/stories/charlie/",
        "/stories/savings-bank-credit/"]
    assert everything.feed.language == "en"
    first = everything.entries[0]
    assert first.title == "Delta Haulage on approvals"
    assert first.summary.startswith("Acme Tools moved") and "GIVEUPMARK" in first.content[0].value
    assert {t.term for t in first.tags} == {"Logistics", "Approvals"}
    approvals = _feed(site, "feeds/features/approvals.atom.xml")
    assert len(approvals.entries) == 4 and approvals.feed.title.endswith("Approvals")
    logistics = _feed(site, "feeds/industries/logistics.atom.xml")
    assert [e.link for e in logistics.entries] == ["/interviews/delta/", "/stories/charlie/"]
    japanese = _feed(site, "ja/feeds/all.atom.xml")
    assert japanese.feed.language == "ja"
    assert [e.link for e in japanese.entries] == ["/ja/interviews/delta/", "/ja/stories/alpha/"]
    assert (site.output / "ja/feeds/features/approvals.atom.xml").exists()
    page = soup(site, "features/approvals")
    assert page.find("link", type="application/atom+xml", href="/feeds/features/approvals.atom.xml")


def test_export_has_public_fields_and_hides_anonymous_customers(site: Project) -> None:
    data = json.loads((site.output / "stories.json").read_text(encoding="utf-8"))["stories"]
    assert len(data) == 7
    by_url = {record["url"]: record for record in data}
    alpha = by_url["/stories/alpha/"]
    assert alpha["customer"] == "Alpha Works" and alpha["features"] == [
        "workflow-automation", "approvals"]
    assert alpha["industry"] == "manufacturing" and alpha["company_size"] == "201-1000"
    assert alpha["date"] == "2026-01-10" and alpha["lang"] == "en" and alpha["type"] == "story"
    bank = by_url["/stories/savings-bank-credit/"]
    assert bank["customer"] is None and bank["anonymous"] is True
    assert bank["quote"] == {"text": "We stopped chasing signatures.", "role": "COO"}
    assert by_url["/ja/interviews/delta/"]["lang"] == "ja"
    rows = list(csv.DictReader(io.StringIO(
        (site.output / "stories.csv").read_text(encoding="utf-8-sig"))))
    assert len(rows) == 7
    row = next(r for r in rows if r["url"] == "/stories/savings-bank-credit/")
    assert row["customer"] == "" and row["anonymous"] == "yes"
    assert row["features"] == "approvals; dashboards"


def test_nothing_unpublished_or_anonymous_leaks_into_any_output(site: Project) -> None:
    for name, data in site.output_files().items():
        text = data.decode("utf-8", "replace")
        for secret in ("DRAFTMARK", "SCHEDULEDMARK", "FAQDRAFTMARK", "Hanabishi", "Ken Mori",
                       "/scheduled/", "/draft/"):
            assert secret not in text, (name, secret)


def stats_text(site: Project, width: str = "200") -> str:
    from contextlib import redirect_stdout

    stream = io.StringIO()
    with redirect_stdout(stream), pytest.MonkeyPatch.context() as patch:
        patch.setenv("COLUMNS", width)
        assert site.run("stats").code == 0
    return stream.getvalue()


def test_stats_print_the_matrix_stale_stories_and_monthly_counts(site: Project) -> None:
    text = stats_text(site)
    names = "Manufacturing|Logistics|Financial services|Retail|All industries"
    rows = {m[1]: m[2].split() for m in re.finditer(rf"^({names})\s+(.*)$", text, re.M)}
    # features across, named: Workflow automation, Approvals, Dashboards, Audit trail;
    # the last column counts stories, each once (alpha has two features: one story)
    header = text.split("Manufacturing")[0]
    for word in ("Workflow", "automation", "Approvals", "Dashboards", "Audit", "trail",
                 "stories"):
        assert word in header, word
    assert rows["Manufacturing"] == ["1", "2", "·", "·", "2"]
    assert rows["Logistics"] == ["1", "1", "1", "·", "2"]
    assert rows["Financial services"] == ["·", "1", "1", "·", "1"]
    assert rows["Retail"] == ["·", "·", "·", "·", "0"]
    assert rows["All industries"] == ["2", "4", "2", "·", "5"]  # alpha counts once
    assert "Industries without a story: Retail" in text
    assert "Features without a story: Audit trail" in text
    assert re.search(r"stories/echo\.md\s+\(20 months\)", text)
    # one mark a month, January first: blank outside the report, · for nothing
    years = {m[1]: m[2][::2] for m in re.finditer(r"^  (20\d\d)  (.{23})   (.*)$", text, re.M)}
    assert years["2024"] == " " * 9 + "▄··"  # October: the bank's story
    assert years["2025"][:11] == "·" * 11 and years["2025"][11] != "·"  # December: Charlie
    assert years["2026"][6:] == " " * 6  # after this month (June): nothing to show
    assert "Total: 4 stories, 1 interview, 3 FAQ entries" in text


def test_stats_fit_a_narrow_terminal_in_blocks_of_columns(site: Project) -> None:
    text = stats_text(site, width="60")
    matrix = text.split("\n\n", 1)[1].split("Empty cells")[0]
    assert max(len(line) for line in matrix.splitlines()) <= 60
    assert matrix.count("All industries") == 2  # the features in two blocks


def test_editorial_page_charts_each_month(site: Project) -> None:
    page = soup(site, "editorial")
    chart = page.select_one("figure.month-figure svg.month-chart")
    assert chart["role"] == "img" and chart.title.get_text().startswith("Published per month")
    bars = chart.select("rect")
    months = [rect.title.get_text() for rect in bars]
    assert months[0] == "2024-10: 1 published" and months[-1] == "2026-06: nothing published"
    assert len(bars) == 21  # 2024-10 to 2026-06, every month, empty ones as a line
    assert not page.select("[style]")  # styled by the site's CSS: the CSP allows no inline style
    years = {row.th.get_text(): [td.get_text() for td in row.select("td")]
             for row in page.select("table.monthly tbody tr")}
    assert years["2024"][:12] == [""] * 9 + ["1", "·", "·"]
    totals = {row.th.get_text(): row.select("td")[-1].get_text()
              for row in page.select("table.coverage tbody tr")}
    assert totals["Manufacturing"] == "2" and totals["All industries"] == "5"


def test_editorial_page_is_hidden_from_navigation_and_robots(site: Project) -> None:
    page = soup(site, "editorial")
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex, nofollow"
    assert page.select_one("table.coverage")
    assert "Retail" in page.get_text()
    for name, data in site.output_files().items():
        if name.endswith(".html") and not name.startswith("editorial/"):
            assert "/editorial/" not in data.decode("utf-8"), name
    assert "Disallow: /editorial/" in (site.output / "robots.txt").read_text()


def related_corpus(n: int) -> list[Any]:
    """``n`` stories as the ranking sees them: features, industry, size, date, slug."""
    import datetime as dt
    from types import SimpleNamespace

    from casebook.content.model import Story

    features = [f"f{i}" for i in range(10)]
    return [SimpleNamespace(slug=f"s{i}", model=Story(
        kind="story", source=f"s{i}", slug=f"s{i}", lang="en", title="t",
        status="published", date=dt.date(2020, 1, 1) + dt.timedelta(days=i % 1500),
        body="", body_first_line=1, industry=f"i{i % 7}",
        features=[features[i % 10], features[(i * 3 + 1) % 10]],
        company_size="51-200")) for i in range(n)]


def test_related_index_cost_grows_linearly() -> None:
    from casebook.catalog.related import RelatedIndex

    def comparisons(n: int) -> int:
        stories = related_corpus(n)
        index = RelatedIndex.build(stories)
        for story in stories:
            index.related(story, 3)
        return index.comparisons

    small, large = comparisons(1000), comparisons(4000)
    assert large <= 4.2 * small
    assert large < 4000 * 200  # far below the 16 million of comparing every pair


def test_related_lists_are_kept_for_the_same_inputs_only(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An edit build takes the lists from .cache/related.json; a change to anything the
    ranking reads ranks again, and the result is what ranking from nothing gives."""
    from casebook.catalog import related

    def ranked(stories: list[Any], cache: Path | None) -> dict[str, list[str]]:
        related.attach_related({"en": stories}, 3, cache)
        return {story.slug: [other.slug for other in story.related] for story in stories}

    cache = tmp_path / "related.json"
    first = ranked(related_corpus(300), cache)
    assert first == ranked(related_corpus(300), None)
    built = related.RelatedIndex.build
    monkeypatch.setattr(related.RelatedIndex, "build", None)  # ranking again would fail
    assert ranked(related_corpus(300), cache) == first
    monkeypatch.setattr(related.RelatedIndex, "build", built)
    changed = related_corpus(300)
    changed[7].model.features = ["f1", "f2", "f3"]
    again = ranked(changed, cache)
    assert again == ranked(related_corpus(300)[:7] + [changed[7]] + related_corpus(300)[8:],
                           None)
    assert again != first
    key = related.ranking_inputs_digest({"en": changed}, 3)
    for damaged in ([[9999]] * 300, [[1]]):  # a story that is not there; lists missing
        cache.write_text(json.dumps({"key": key, "related": {"en": damaged}}), encoding="utf-8")
        assert ranked(changed, cache) == again  # ranked again, no traceback
    assert ranked(changed, cache) == again
