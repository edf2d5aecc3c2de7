"""`casebook init DIR`: a clean site of your own, named for your company and product.

The sample site (an invented vendor and its customers) stays the project's demo
and test fixture; `init` writes none of it. It asks for (or takes as flags) the vendor's
and the product's names, the languages, and a first list of features and
industries, then writes the settings, the two vocabularies, one example story
(a draft, so nothing is published until an editor writes a real one), the
editor guide, the GitHub workflows that check every pull request and publish
on merge, and builds the site once to show it works.

The theme stays in Casebook (``THEME = theme_folder()``), so a new Casebook
version brings its fixes; a team that wants its own copies the folder.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from pathlib import Path

import yaml

from casebook import guide
from casebook.cli.repository import casebook_requirement, requirements_text, workflows
from casebook.cli.scaffold import (
    Answers,
    MissingFlags,
    Stopped,
    comma_list,
    quoted,
    readable_slug,
)
from casebook.cms import NPM_PACKAGES

LANGUAGE_NAMES = {"en": "English", "ja": "日本語"}
SITE_NAMES = {"en": "{product} Customer Stories", "ja": "{product} お客様事例"}
TAGLINES = {"en": "How teams like yours succeed with {product}, in their own words",
            "ja": "{product} を使いこなすお客様の声を、そのままお届けします"}


def add_init_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", type=Path, help="where the new site goes (new or empty)")
    parser.add_argument("--vendor", help='your company, e.g. "Acme Software"')
    parser.add_argument("--product", help='the product customers talk about, e.g. "Flowly"')
    parser.add_argument("--languages", help="site languages, the first the main one "
                        f"(of {', '.join(LANGUAGE_NAMES)}; default: en)")
    parser.add_argument("--features", help='product features, comma-separated, e.g. '
                        '"Forms, Approvals, Dashboards"')
    parser.add_argument("--industries", help='customer industries, comma-separated, e.g. '
                        '"Retail, Logistics"')
    parser.add_argument("--casebook-from", metavar="REQUIREMENT",
                        help="where the site's CI installs Casebook from, as pip reads it "
                        '(e.g. "casebook @ git+https://github.com/acme/casebook@v0.1.0"); '
                        "default: where this Casebook was installed from, when CI can reach it")
    parser.add_argument("--no-build", action="store_true", help="do not build it at the end")


def init(args: argparse.Namespace, interactive: bool | None = None) -> int:
    folder: Path = args.folder
    if folder.exists() and any(folder.iterdir()):
        print(f"casebook init: {folder} is not empty; choose a new folder", file=sys.stderr)
        return 1
    answers = Answers(args, sys.stdin.isatty() if interactive is None else interactive)
    try:
        vendor = answers.text("vendor", "Your company's name")
        product = answers.text("product", "The product your customers use")
        languages = comma_list(answers.text("languages", "Languages (en, or en,ja)", default="en"))
        features = comma_list(answers.text("features", "Product features (comma-separated)"))
        industries = comma_list(answers.text("industries", "Customer industries (comma-separated)"))
        if answers.missing:
            raise MissingFlags
    except MissingFlags:
        print(f"casebook init: not at a terminal, so give {' '.join(answers.missing)} (e.g. "
              'casebook init my-stories --vendor "Acme Software" --product Flowly '
              '--features "Forms, Approvals" --industries "Retail, Logistics")',
              file=sys.stderr)
        return 2
    except Stopped:
        print("casebook init: stopped; nothing was written", file=sys.stderr)
        return 130
    unknown = [lang for lang in languages if lang not in LANGUAGE_NAMES]
    if unknown or not languages:
        print(f"casebook init: --languages: '{', '.join(unknown)}' is not a language Casebook's "
              f"theme speaks (it speaks {', '.join(LANGUAGE_NAMES)})", file=sys.stderr)
        return 2
    requirement = args.casebook_from or casebook_requirement()
    write_site(folder, vendor, product, languages, features, industries, requirement)
    print(f"Created a Casebook site for {product} in {folder}")
    if requirement is None:
        print("The site's CI needs to know where to install Casebook from: write it in "
              f"{folder / 'requirements.txt'} (or run init with --casebook-from)")
    if not args.no_build:
        from casebook.cli.main import main

        if main(["--config", str(folder / "pelicanconf.py"), "build"]) != 0:
            return 1
    print(f"Next:\n  cd {folder}\n  casebook serve          (the preview, with the example "
          "draft)\n  casebook new story      (your first real story)\n"
          "  docs/editor-guide.md    (how to write, check and publish)\n"
          "  npm install, then casebook serve --cms   (the editor in the browser, at /admin/)\n"
          "  git init, push to GitHub and turn on Pages (Settings > Pages > Source: GitHub "
          "Actions): every merge to main is published")
    return 0


def write_site(folder: Path, vendor: str, product: str, languages: list[str],
               features: list[str], industries: list[str],
               requirement: str | None = None) -> None:
    """Settings, vocabularies, an example draft, the workflows and the guides in ``folder``."""
    default = languages[0]
    files = {
        "pelicanconf.py": settings_text(vendor, product, languages, features),
        "publishconf.py": PUBLISH_SETTINGS,
        "content/taxonomies/features.yml": vocabulary_text(
            f"{product} features", features, languages),
        "content/taxonomies/industries.yml": vocabulary_text(
            "Industries of the customers", industries, languages),
        f"stories/example-customer/index{'' if default == 'en' else '.' + default}.md":
            example_story(product, readable_slug(features[0]),
                          readable_slug(industries[0]), default),
        # .output.*: a build's staging folder, and the tree it replaced until the next build
        ".gitignore": "output/\n.output.*/\n.cache/\n.venv/\nnode_modules/\n",
        "requirements.txt": requirements_text(requirement),
        "package.json": editor_packages(product),
        **workflows(),
    }
    for relative, text in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    copy_guides(folder / "docs", product)


def editor_packages(product: str) -> str:
    """package.json: the browser editor's npm packages, for `npm install` in the site
    (`casebook serve --cms` finds them in node_modules/)."""
    return json.dumps({"name": readable_slug(product) + "-stories", "private": True,
                       "description": "The browser editor (Decap CMS) and its local backend; "
                       "npm install, then casebook serve --cms",
                       "dependencies": NPM_PACKAGES}, indent=2) + "\n"


GUIDES = ("editor-guide.md", "settings.md")
# Where the guide addresses its reader, it names the demo's product: this site's instead.
READER_SITE = re.compile(r"on the \S+ customer stories site")


def copy_guides(docs: Path, product: str) -> None:
    """The editor guide and the settings reference, with the screenshots the guide shows;
    the guide speaks of this site's product."""
    docs.mkdir(exist_ok=True)
    for name in GUIDES:
        text = READER_SITE.sub(f"on the {product} customer stories site",
                               guide(name).read_text(encoding="utf-8"))
        (docs / name).write_text(text, encoding="utf-8")
        for shown in sorted(set(re.findall(r"\(screenshots/([\w.-]+\.png)\)", text))):
            (docs / "screenshots").mkdir(exist_ok=True)
            shutil.copyfile(guide("screenshots") / shown, docs / "screenshots" / shown)


SEARCH_HINTS = {"en": "e.g. {words}", "ja": "例：{words}"}
HINT_JOINS = {"en": ", ", "ja": "、"}


def settings_text(vendor: str, product: str, languages: list[str],
                  features: list[str] | None = None) -> str:
    default = languages[0]
    examples = [name.lower() for name in (features or [])[:1]]  # fits a phone's search box
    hints = {lang: {"search_placeholder": SEARCH_HINTS[lang].format(
        words=HINT_JOINS[lang].join(examples))} for lang in languages} if examples else {}
    names = {lang: SITE_NAMES[lang].format(product=product) for lang in languages}
    taglines = {lang: TAGLINES[lang].format(product=product) for lang in languages}
    other_names = {lang: name for lang, name in names.items() if lang != default}
    return f'''"""Settings of the {product} customer stories site (casebook init wrote them).

Every setting Casebook reads, with its default, is listed in docs/settings.md.
"""

from casebook import theme_folder

AUTHOR = {quoted(vendor + " Customer Success")}
SITENAME = {quoted(names[default])}
CASEBOOK_SITENAMES = {_dict(other_names)}  # the site's name in the other languages
CASEBOOK_TAGLINES = {_dict(taglines)}  # the home page's lead
# Any of the theme's words in your own, per language (docs/settings.md), e.g. the
# interview questions: "q_usage": "How do you use {product} day to day?"
CASEBOOK_STRINGS = {_strings_text(hints)}
SITEURL = ""

PATH = "."
OUTPUT_PATH = "output"
THEME = theme_folder()  # Casebook's theme (to change it, copy that folder here and name it)
THEME_STATIC_DIR = "theme"
TIMEZONE = "UTC"
DEFAULT_LANG = {quoted(default)}
PLUGINS = ["casebook"]
CASEBOOK_LANGUAGES = {_list_text(languages)}
# Folders (stories/, content/pages, content/faq, content/taxonomies, content/images),
# addresses and the rest keep Casebook's defaults: docs/settings.md lists them.
CASEBOOK_LOGO = None  # your logo in content/images/ (SVG is sharpest), in every page's header
CASEBOOK_SITE_IMAGE = None  # an image in content/images/ for link previews
CASEBOOK_COLOURS = {{}}  # your brand colour for the theme's blue, e.g. {{"brand": "#0f766e"}}
CASEBOOK_CTA_PAGE = None  # the slug of a page such as "share-your-story", once you write one
FEED_DOMAIN = SITEURL
JINJA_ENVIRONMENT = {{"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}}
'''


def _strings_text(values: dict[str, dict[str, str]]) -> str:
    """The site's own words (CASEBOOK_STRINGS): a search hint from its own features."""
    pairs = (f"{quoted(lang)}: {_dict(words)}" for lang, words in values.items())
    return "{" + ", ".join(pairs) + "}"


def _dict(values: dict[str, str]) -> str:
    return "{" + ", ".join(f"{quoted(k)}: {quoted(v)}" for k, v in values.items()) + "}"


def _list_text(values: list[str]) -> str:
    return "[" + ", ".join(quoted(v) for v in values) + "]"


PUBLISH_SETTINGS = '''"""Production settings: `casebook build --config publishconf.py`."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # this site's pelicanconf.py
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("CASEBOOK_SITEURL", "")  # your site's address, e.g. https://stories.example.com
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False
CASEBOOK_PREVIEW = False
CASEBOOK_FINGERPRINT = True
'''


def vocabulary_text(what: str, names: list[str], languages: list[str]) -> str:
    """A vocabulary of ``names``: ids made from them (stable: they are in URLs), and the
    same name in every language until someone translates it."""
    entries = []
    for name in names:
        entry = {"id": readable_slug(name), "name": dict.fromkeys(languages, name)}
        entries.append(entry)
    translate = (" Translate each name for the other languages: the same name stands in "
                 "for now." if len(languages) > 1 else "")
    header = (f"# {what}. Ids are used in URLs: never rename one.{translate}\n"
              "# Add a description: {en: \"…\"} to show one on the term's page.\n")
    return header + yaml.safe_dump(entries, allow_unicode=True, sort_keys=False,
                                   default_flow_style=None)


def example_story(product: str, feature: str, industry: str, lang: str) -> str:
    return f'''---
title: "TODO: the headline: what the customer achieved with {product}"
customer: "Example Customer"
industry: {industry}
features: [{feature}]
date: 2026-01-01
summary: "TODO: one or two sentences for cards, search results and feeds."
status: draft
# An example: it is a draft, so it is never published. Read it in the preview
# (casebook serve), then delete this folder and write a real story with
# casebook new story.
lang: {lang}
company_size: TODO  # one of: 1-50, 51-200, 201-1000, 1001-5000, 5000+
region: "TODO"
---

## The situation

TODO

## The turning point

TODO

## What changed

TODO

## What was hard

TODO
'''
