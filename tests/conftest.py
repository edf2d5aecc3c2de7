"""Shared fixtures: small Casebook projects built in temporary folders."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import textwrap
from collections.abc import Iterator
from contextlib import redirect_stderr
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

from casebook.cli.main import main

REPO = Path(__file__).resolve().parent.parent
PUBLISH_SITEURL = "https://stories.example"  # CASEBOOK_SITEURL of the `publish_output` build

FEATURES = """\
- id: workflow-automation
  name: {en: Workflow automation, ja: ワークフロー自動化}
  description: {en: "Automate routine steps.", ja: "定型作業を自動化します。"}
- id: approvals
  name: {en: Approvals, ja: 承認フロー}
- id: dashboards
  name: {en: Dashboards, ja: ダッシュボード}
"""
INDUSTRIES = """\
- id: manufacturing
  name: {en: Manufacturing, ja: 製造業}
- id: logistics
  name: {en: Logistics, ja: 物流}
- id: financial-services
  name: {en: Financial services, ja: 金融}
"""
CONFIG = f"""\
exec(open({str(REPO / 'pelicanconf.py')!r}, encoding="utf-8").read())
PATH = "."
THEME = {str(REPO / 'theme')!r}
PLUGIN_PATHS = [{str(REPO / 'plugins')!r}]
CASEBOOK_TODAY = "2026-06-01"
CASEBOOK_SITE_IMAGE = None
"""


def story_text(**fields: object) -> str:
    """A valid published story's front matter, with fields overridden or removed (None)."""
    values: dict[str, object] = {
        "title": "Acme Tools halved its order backlog",
        "customer": "Acme Tools",
        "industry": "manufacturing",
        "features": "[workflow-automation, approvals]",
        "date": "2026-01-15",
        "summary": "Acme Tools moved order approvals into Relaypoint.",
        "status": "published",
        "approval": '{by: "Dana Reyes, COO", date: 2026-01-10}',
    }
    body = str(fields.pop("body", "Acme's story body.\n"))
    values.update(fields)
    lines = [f"{key}: {value}" for key, value in values.items() if value is not None]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body


@dataclass
class Result:
    code: int
    output: str

    @property
    def lines(self) -> list[str]:
        return self.output.splitlines()


@dataclass
class Project:
    """A Casebook project in a temporary folder."""

    root: Path

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text) if text.startswith("\n") else text,
                        encoding="utf-8")
        return path

    def story(self, relative: str, **fields: object) -> Path:
        return self.write(relative, story_text(**fields))

    def image(self, relative: str, size: tuple[int, int] = (64, 48), color: str = "teal",
              fmt: str = "PNG", **save: object) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", size, color).save(path, fmt, **save)
        return path

    def run(self, *args: str) -> Result:
        stream = io.StringIO()
        with redirect_stderr(stream):
            code = main(["--config", str(self.root / "pelicanconf.py"), *args])
        return Result(code, stream.getvalue())

    def build(self) -> Result:
        return self.run("build")

    @property
    def output(self) -> Path:
        return self.root / "output"

    def page(self, url: str) -> str:
        return (self.output / url.strip("/") / "index.html").read_text(encoding="utf-8")

    def output_files(self) -> dict[str, bytes]:
        return {p.relative_to(self.output).as_posix(): p.read_bytes()
                for p in sorted(self.output.rglob("*")) if p.is_file()}

    def output_digest(self) -> dict[str, str]:
        return {name: hashlib.sha256(data).hexdigest()
                for name, data in self.output_files().items()}


TIERS = ("unit", "site", "browser", "bench")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Each test is marked with its tier, the folder it is in (``-m unit`` and so on)."""
    for item in items:
        tier = Path(str(item.fspath)).parent.name
        if tier in TIERS:
            item.add_marker(getattr(pytest.mark, tier))


@pytest.fixture(scope="session")
def sample_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The committed sample site, built once per test run into a temporary folder."""
    output = tmp_path_factory.mktemp("sample") / "output"
    assert main(["--config", str(REPO / "pelicanconf.py"), "build", "--output", str(output)]) == 0
    return output


@contextlib.contextmanager
def _environment(**values: str) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@pytest.fixture(scope="session")
def publish_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site built with publishconf.py, as `make publish` builds it: absolute
    URLs under PUBLISH_SITEURL, fingerprinted theme files, no preview."""
    output = tmp_path_factory.mktemp("publish") / "output"
    stream = io.StringIO()
    # publishconf.py imports pelicanconf from the current folder
    with _environment(CASEBOOK_SITEURL=PUBLISH_SITEURL), contextlib.chdir(REPO), \
            redirect_stderr(stream):
        code = main(["--config", str(REPO / "publishconf.py"), "build", "--output", str(output)])
    assert code == 0, stream.getvalue()
    return output


@pytest.fixture
def project(tmp_path: Path) -> Project:
    root = tmp_path / "site"
    root.mkdir()
    site = Project(root)
    site.write("pelicanconf.py", CONFIG)
    site.write("content/taxonomies/features.yml", FEATURES)
    site.write("content/taxonomies/industries.yml", INDUSTRIES)
    return site
