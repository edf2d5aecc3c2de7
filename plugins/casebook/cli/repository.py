"""The files that make a site made by `casebook init` a repository that runs itself:
``requirements.txt`` (where its CI installs Casebook from) and two GitHub workflows,
one that checks and builds every pull request, one that publishes main to GitHub
Pages. Other hosts: docs/deploy.md of the Casebook checkout.
"""

from __future__ import annotations

import json
import subprocess
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlparse

EXAMPLE_REQUIREMENT = "casebook @ git+https://github.com/acme/casebook@v0.1.0"


def casebook_requirement() -> str | None:
    """Where this Casebook was installed from, as a pinned pip requirement a CI machine
    can install: a git URL and commit, a version from a package index, or a local
    checkout's public remote at its current commit. None when CI could not reach it."""
    try:
        dist = metadata.distribution("casebook")
    except metadata.PackageNotFoundError:
        return None
    origin = json.loads(dist.read_text("direct_url.json") or "null")
    if origin is None:  # from a package index
        return f"casebook=={dist.version}"
    vcs = origin.get("vcs_info")
    if vcs:
        return f"casebook @ {vcs['vcs']}+{origin['url']}@{vcs['commit_id']}"
    url = urlparse(origin.get("url", ""))
    return checkout_requirement(Path(unquote(url.path))) if url.scheme == "file" else None


def checkout_requirement(checkout: Path) -> str | None:
    """A checkout's ``origin`` remote at its current commit, if it is a public address."""
    def git(*args: str) -> str:
        done = subprocess.run(["git", "-C", str(checkout), *args], capture_output=True,
                              text=True, check=False)
        return done.stdout.strip() if done.returncode == 0 else ""

    remote, commit = git("remote", "get-url", "origin"), git("rev-parse", "HEAD")
    if remote.startswith("git@github.com:"):
        remote = "https://github.com/" + remote.removeprefix("git@github.com:")
    if not (remote.startswith("https://") and commit):
        return None
    return f"casebook @ git+{remote}@{commit}"


def requirements_text(requirement: str | None) -> str:
    if requirement is None:
        return ("# TODO: where the site's CI installs Casebook from, as pip reads it, e.g.\n"
                f"# {EXAMPLE_REQUIREMENT}\n")
    return ("# Where the site's CI installs Casebook from, pinned: change it on purpose to "
            f"upgrade.\n{requirement}\n")


SETUP_STEPS = f"""\
      - uses: actions/checkout@v4
      - name: Where Casebook comes from
        run: |
          grep -Eq '^[[:space:]]*casebook' requirements.txt || {{
            echo "::error file=requirements.txt,line=1::Say where to install Casebook from, e.g. \
{EXAMPLE_REQUIREMENT}"
            exit 1
          }}
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
          cache: pip
      - name: Restore the last build's work (reused only where nothing changed)
        uses: actions/cache@v4
        with:
          path: .cache
          key: casebook-build-${{{{ github.sha }}}}
          restore-keys: casebook-build-
      - name: Install Casebook, and the Japanese font social cards are drawn with
        run: |
          sudo apt-get update -qq
          sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk
          pip install --quiet -r requirements.txt
      - name: Check every story (each problem names its file and line)
        run: casebook check
"""

CHECK_WORKFLOW = f"""\
# Every pull request: check the stories and build the site as it would be published.
# (casebook init wrote this; edit it freely.)
name: Check

on:
  pull_request:
  workflow_dispatch:

permissions:
  contents: read

jobs:
  check:
    runs-on: ubuntu-latest
    timeout-minutes: 30
    steps:
{SETUP_STEPS}\
      - name: Build as published
        run: casebook --config publishconf.py build
"""

DEPLOY_WORKFLOW = f"""\
# Every merge to main: check, build and publish to GitHub Pages
# (Settings > Pages > Source: GitHub Actions). casebook init wrote this; edit it freely.
name: Publish

on:
  push:
    branches: [main]
  workflow_dispatch:

permissions:
  contents: read

concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-latest
    timeout-minutes: 30
    steps:
{SETUP_STEPS}\
      - id: pages
        uses: actions/configure-pages@v5
      - name: Build as published
        run: casebook --config publishconf.py build
        env:
          CASEBOOK_SITEURL: ${{{{ steps.pages.outputs.base_url }}}}
      - uses: actions/upload-pages-artifact@v3
        with:
          path: output/

  deploy:
    needs: build
    runs-on: ubuntu-latest
    permissions:
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: ${{{{ steps.deployment.outputs.page_url }}}}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"""


def workflows() -> dict[str, str]:
    return {".github/workflows/check.yml": CHECK_WORKFLOW,
            ".github/workflows/publish.yml": DEPLOY_WORKFLOW}
