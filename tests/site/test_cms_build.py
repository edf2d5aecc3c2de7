"""The browser editor in a publish build: /admin/ with Decap's bundle from npm, the
configuration generated from this site's model and vocabularies, and a policy of its
own, only when the site asks for it."""

from __future__ import annotations

import yaml
from bs4 import BeautifulSoup

from ..conftest import Project

EDITOR = ('CASEBOOK_CMS = True\nCASEBOOK_CMS_BACKEND = {"name": "github", '
          '"repo": "larkspur/customer-stories", "branch": "main"}\n'
          'CASEBOOK_FINGERPRINT = True\n')


def configure(project: Project, extra: str) -> None:
    project.write("pelicanconf.py", (project.root / "pelicanconf.py").read_text() + extra)


def test_the_editor_is_published_with_the_site_when_asked(project: Project) -> None:
    project.story("stories/acme/index.md")
    configure(project, EDITOR)
    result = project.build()
    assert result.code == 0, result.output
    admin = project.output / "admin"
    settings = yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))
    assert settings["backend"] == {"name": "casebook-github", "repo": "larkspur/customer-stories",
                                   "branch": "main"}
    assert settings["publish_mode"] == "editorial_workflow"
    industries = next(f for f in settings["collections"][0]["fields"] if f["name"] == "industry")
    assert {"label": "Logistics", "value": "logistics"} in industries["options"]
    page = BeautifulSoup((admin / "index.html").read_text(encoding="utf-8"), "html.parser")
    policy = page.select_one('meta[http-equiv="Content-Security-Policy"]')["content"]
    assert "connect-src 'self' blob: https://api.github.com" in policy
    assert "script-src 'self' 'unsafe-eval'" in policy and "'unsafe-inline'" not in policy.split(
        "style-src")[0]
    scripts = [script["src"] for script in page.select("script")]
    assert scripts == ["cms-manual-init.js", "decap/decap-cms.js", "cms-setup.js"]
    assert all(not script.string for script in page.select("script"))  # nothing inline
    assert (admin / "decap" / "decap-cms.js").stat().st_size > 1_000_000
    assert not list(admin.rglob("*.map"))
    headers = (project.output / "_headers").read_text()
    assert "/admin/*\n  ! Content-Security-Policy\n  Content-Security-Policy: default-src" in (
        headers)
    assert "frame-ancestors 'none'" in headers.split("/admin/*")[1]
    assert "/admin/" not in (project.output / "sitemap.xml").read_text()


def test_no_editor_unless_asked(project: Project) -> None:
    project.story("stories/acme/index.md")
    assert project.build().code == 0
    assert not (project.output / "admin").exists()


def test_the_editor_needs_to_know_its_repository(project: Project) -> None:
    project.story("stories/acme/index.md")
    configure(project, 'CASEBOOK_CMS = True\nCASEBOOK_CMS_BACKEND = {"name": "githb"}\n')
    result = project.build()
    assert result.code == 2
    assert ("CASEBOOK_CMS_BACKEND: name 'githb' is not a backend Casebook's editor knows; "
            "write one of github, gitlab, gitea; did you mean 'github'?") in result.output
    configure(project, 'CASEBOOK_CMS_BACKEND = {"name": "github"}\n')
    result = project.build()
    assert ('CASEBOOK_CMS_BACKEND needs the repository the browser editor writes to, e.g. '
            '"repo": "acme/customer-stories"') in result.output
