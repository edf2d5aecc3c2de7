"""The browser editor at ``/admin/``: Decap CMS, served from the site's own origin.

``write_admin`` puts in a build's output: Decap's browser bundle (from npm, copied
without its source maps), ``config.yml`` generated from the content model
(``decap.py``), ``cms-setup.js`` (Casebook's widgets, previews and checks) and the
page, with a Content-Security-Policy of its own. Decap needs more than the public
pages' policy (it compiles its configuration checks with ``eval`` and styles itself
at run time) and talks to the backend that holds the files; that policy is scoped to
``/admin/``.
"""

from __future__ import annotations

import html
import json
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from casebook import PACKAGE
from casebook.cms.decap import decap_config
from casebook.config import Config
from casebook.content.interview import QUESTIONS, interview_body
from casebook.content.model import Vocabularies
from casebook.outputs.i18n import load_strings

ADMIN = "admin"
# The npm packages of the editor, as cms/package.json pins them (a test keeps the two
# the same); a site made by `casebook init` gets them in its own package.json.
NPM_PACKAGES = {"decap-cms": "3.16.3", "decap-server": "3.11.3"}
DECAP = Path("decap-cms") / "dist"
DECAP_SERVER = Path("decap-server") / "dist" / "index.js"
STATIC = Path(__file__).parent / "static"
# What each backend's API needs to be reachable from the page (and its pictures).
BACKEND_ORIGINS = {
    "github": (["https://api.github.com"],
               ["https://avatars.githubusercontent.com", "https://raw.githubusercontent.com"]),
    "gitlab": (["https://gitlab.com"], ["https://gitlab.com", "https://secure.gravatar.com"]),
    "gitea": ([], []),
}


class CmsMissing(Exception):
    """Decap CMS is not installed where Casebook looks for it."""


def node_modules(root: Path) -> Path:
    """The npm packages of the editor: the site's own, else Casebook's checkout's."""
    for folder in (root / "node_modules", PACKAGE.parents[1] / "cms" / "node_modules"):
        if (folder / DECAP / "decap-cms.js").is_file():
            return folder
    raise CmsMissing("the browser editor (Decap CMS) is not installed: run `make cms-deps` "
                     "in Casebook's folder (npm ci in cms/), or `npm install decap-cms "
                     "decap-server` in the site's folder")


def admin_csp(connect: list[str], images: list[str], meta: bool = False) -> str:
    """/admin/'s policy: Decap's needs (eval for its config checks, run-time styles,
    blob: for uploads) and the backend's API, nothing else. A ``<meta>`` policy cannot
    carry frame-ancestors."""
    img = " ".join(["'self'", "blob:", "data:", *images])
    talk = " ".join(["'self'", "blob:", *connect])
    policy = ("default-src 'none'; script-src 'self' 'unsafe-eval'; "
              f"style-src 'self' 'unsafe-inline'; img-src {img}; connect-src {talk}; "
              "font-src 'self'; manifest-src 'self'; base-uri 'self'; form-action 'none'")
    return policy if meta else policy + "; frame-ancestors 'none'"


def backend_settings(config: Config) -> tuple[dict[str, str], str, list[str], list[str]]:
    """Decap's backend, publish mode, and the origins the page may talk to and show
    pictures from."""
    if config.cms_proxy:
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(config.cms_proxy))
        return ({"name": "casebook-proxy", "proxy_url": config.cms_proxy}, "simple",
                [origin], [])
    given = dict(config.cms_backend)
    name = given.get("name", "github")
    connect, images = BACKEND_ORIGINS.get(name, ([], []))
    for key in ("base_url", "api_root"):
        if given.get(key):
            connect = [*connect, "{0.scheme}://{0.netloc}".format(urlsplit(given[key]))]
    backend = {**given, "name": f"casebook-{name}"}
    return backend, "editorial_workflow", connect, images


def admin_policy(config: Config) -> str:
    """/admin/'s Content-Security-Policy for this site's backend (a response header)."""
    _backend, _mode, connect, images = backend_settings(config)
    return admin_csp(connect, images)


def interview_questions(config: Config) -> dict[str, dict[str, str]]:
    strings = load_strings(config.theme, config.languages, config.default_lang,
                           config.strings)
    return {lang: {q: str(strings[lang].get(f"q_{q}", q)) for q in QUESTIONS}
            for lang in config.languages}


def admin_config(config: Config, vocab: Vocabularies) -> dict[str, object]:
    """admin/config.yml as data."""
    backend, mode, _connect, _images = backend_settings(config)
    content = config.content
    folders = {"stories": content.story_paths[0], "interviews": content.story_paths[0],
               "faq": content.faq_paths[0], "pages": content.page_paths[0]}
    return decap_config(backend, mode, folders, config.languages, vocab,
                        interview_questions(config), interview_body, config.siteurl,
                        content.image_paths[0])


def write_admin(output: Path, config: Config, vocab: Vocabularies, site_css: str) -> None:
    """The editor in ``output/admin/``. ``site_css``: the site's stylesheet's URL path,
    for the preview pane."""
    modules = node_modules(config.root)
    admin = output / ADMIN
    shutil.copytree(modules / DECAP, admin / "decap",
                    ignore=shutil.ignore_patterns("*.map", "*.LICENSE.txt"))
    for name in ("cms-manual-init.js", "cms-setup.js", "cms-preview.css"):
        shutil.copyfile(STATIC / name, admin / name)
    settings = admin_config(config, vocab)
    text = yaml.safe_dump(settings, allow_unicode=True, sort_keys=False)
    (admin / "config.yml").write_text("# Generated by Casebook from the content model on "
                                      "every build: edit the model, not this file.\n" + text,
                                      encoding="utf-8")
    names = [str(c["name"]) for c in settings["collections"]]  # type: ignore[attr-defined]
    industries = {lang: {term_id: term.name(lang) for term_id, term in vocab.industries.items()}
                  for lang in config.languages}  # the preview's kicker, as the page has it
    (admin / "index.html").write_text(admin_page(config, site_css, names, industries),
                                      encoding="utf-8")


def admin_page(config: Config, site_css: str, collections: list[str],
               industries: dict[str, dict[str, str]]) -> str:
    _backend, _mode, connect, images = backend_settings(config)
    words = {"lang": config.default_lang, "css": site_css, "collections": collections,
             "industries": industries}
    policy = html.escape(admin_csp(connect, images, meta=True))
    title = html.escape(f"{config.site_name(config.default_lang)} · editor")
    return f"""<!doctype html>
<html lang="{html.escape(config.default_lang)}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex">
  <meta http-equiv="Content-Security-Policy" content="{policy}">
  <title>{title}</title>
  <link href="config.yml" type="text/yaml" rel="cms-config-url">
</head>
<body>
  <script src="cms-manual-init.js"></script>
  <script src="decap/decap-cms.js"></script>
  <script src="cms-setup.js" data-casebook="{html.escape(json.dumps(words))}"></script>
</body>
</html>
"""
