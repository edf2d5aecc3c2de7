"""`casebook init`: a site of one's own, with nothing of the sample in it."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import yaml

from casebook.cli.main import main

from ..conftest import REPO
from .test_gates import actionlint

SAMPLE_NAMES = ("Relaypoint", "Okuyama", "Kawasemi", "Harbourline", "Misaki", "Brightmoor")


def run(*args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue() + err.getvalue()


def test_init_makes_a_clean_site_for_an_invented_vendor(tmp_path: Path) -> None:
    site = tmp_path / "tidewell-stories"
    code, output = run("init", str(site), "--vendor", "Larkspur Systems", "--product",
                       "Tidewell", "--languages", "en,ja", "--features",
                       "Field forms, Route planning", "--industries", "Utilities, Construction")
    assert code == 0, output
    assert "Created a Casebook site for Tidewell" in output and "Traceback" not in output
    features = yaml.safe_load((site / "content/taxonomies/features.yml").read_text())
    assert [f["id"] for f in features] == ["field-forms", "route-planning"]
    assert features[0]["name"] == {"en": "Field forms", "ja": "Field forms"}
    settings = (site / "pelicanconf.py").read_text()
    assert 'SITENAME = "Tidewell Customer Stories"' in settings
    assert '"ja": "Tidewell お客様事例"' in settings
    home = (site / "output/index.html").read_text()
    assert "How teams like yours succeed with Tidewell" in home
    assert 'placeholder="e.g. field forms"' in home  # its own words
    assert 'id="ways-heading"' not in home  # no empty "Find a story like yours"
    for path in (site / "output").rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".csv", ".txt"):
            text = path.read_text(encoding="utf-8")
            for name in SAMPLE_NAMES:
                assert name not in text, (path, name)
    assert not (site / "output/stories/example-customer").exists()  # the example is a draft
    guide_text = (site / "docs/editor-guide.md").read_text(encoding="utf-8")
    assert "on the Tidewell customer stories site" in guide_text and "Relaypoint" not in guide_text
    code, output = run("--config", str(site / "pelicanconf.py"), "check")
    assert code == 0 and "0 error(s)" in output


def test_init_without_a_terminal_lists_the_flags_and_never_overwrites(tmp_path: Path) -> None:
    code, output = run("init", str(tmp_path / "new"), "--vendor", "Larkspur Systems")
    assert code == 2
    assert output.startswith("casebook init: not at a terminal, so give --product --features "
                             "--industries (e.g. casebook init my-stories")
    assert not (tmp_path / "new").exists()
    (tmp_path / "used" / "stories").mkdir(parents=True)
    code, output = run("init", str(tmp_path / "used"), "--vendor", "V", "--product", "P",
                       "--features", "F", "--industries", "I")
    assert code == 1 and "is not empty; choose a new folder" in output


def test_no_vendor_name_in_the_code() -> None:
    """What `grep -r Relaypoint plugins/` would find (the package's metadata included)."""
    found = [path for path in (REPO / "plugins").rglob("*") if path.is_file()
             and b"Relaypoint" in path.read_bytes()]
    assert found == []


def test_init_writes_workflows_that_install_casebook_check_and_publish(tmp_path: Path) -> None:
    site = tmp_path / "site"
    requirement = "casebook @ git+https://github.com/larkspur/casebook@v0.1.0"
    code, output = run("init", str(site), "--vendor", "Larkspur Systems", "--product",
                       "Tidewell", "--features", "Field forms", "--industries", "Utilities",
                       "--casebook-from", requirement, "--no-build")
    assert code == 0, output
    assert (site / "requirements.txt").read_text().splitlines()[-1] == requirement
    workflows = sorted((site / ".github/workflows").glob("*.yml"))
    assert [p.name for p in workflows] == ["check.yml", "publish.yml"]
    assert actionlint(*workflows) == []
    check = yaml.safe_load((site / ".github/workflows/check.yml").read_text())
    runs = [step.get("run", "") for step in check["jobs"]["check"]["steps"]]
    assert any("pip install --quiet -r requirements.txt" in run for run in runs)
    assert "casebook check" in runs and "casebook --config publishconf.py build" in runs
    publish = yaml.safe_load((site / ".github/workflows/publish.yml").read_text())
    assert publish[True]["push"]["branches"] == ["main"]  # YAML 1.1 reads "on" as True
    assert publish["jobs"]["deploy"]["steps"][0]["uses"] == "actions/deploy-pages@v4"
    # nothing in the site points into this machine's Casebook checkout
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".py", ".yml", ".txt", ".md"):
            assert str(REPO) not in path.read_text(encoding="utf-8"), path


def test_a_site_without_a_known_casebook_source_says_what_to_write(tmp_path: Path) -> None:
    code, output = run("init", str(tmp_path / "site"), "--vendor", "V", "--product", "P",
                       "--features", "F", "--industries", "I", "--no-build")
    assert code == 0, output
    # this checkout has no public remote, so CI could not install it from here
    assert ("The site's CI needs to know where to install Casebook from: write it in "
            f"{tmp_path / 'site' / 'requirements.txt'}") in output
    text = (tmp_path / "site/requirements.txt").read_text()
    assert text.startswith("# TODO: where the site's CI installs Casebook from")
    guard = subprocess.run(["bash", "-c", yaml.safe_load(
        (tmp_path / "site/.github/workflows/check.yml").read_text()
    )["jobs"]["check"]["steps"][1]["run"]], cwd=tmp_path / "site", capture_output=True,
        text=True, check=False)
    assert guard.returncode == 1
    assert "::error file=requirements.txt,line=1::Say where to install Casebook from" in (
        guard.stdout)


def test_an_installed_casebook_carries_its_theme_and_guides(tmp_path: Path) -> None:
    """What a site's CI gets from `pip install casebook @ git+…`: a wheel, not a checkout.
    Built from this checkout, unpacked beside it, then used to make and build a site."""
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w",
                    str(tmp_path / "wheel"), str(REPO)], check=True, timeout=300,
                   capture_output=True)
    (wheel,) = (tmp_path / "wheel").glob("casebook-*.whl")
    installed = tmp_path / "installed"
    zipfile.ZipFile(wheel).extractall(installed)
    script = ("import sys, casebook; from casebook.cli.main import main; "
              "print('from', casebook.__file__); "
              "sys.exit(main(['init', 'site', '--vendor', 'V', '--product', 'Tidewell', "
              "'--features', 'Forms', '--industries', 'Retail', '--casebook-from', "
              "'casebook==0.1.0']))")
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True,
                          text=True, timeout=300, check=False,
                          env={**os.environ, "PYTHONPATH": str(installed)})
    assert done.returncode == 0, done.stderr
    assert f"from {installed / 'casebook' / '__init__.py'}" in done.stdout
    site = tmp_path / "site"
    assert (site / "docs/editor-guide.md").exists() and (site / "docs/settings.md").exists()
    assert (site / "docs/screenshots/preview-error-overlay.png").exists()
    home = (site / "output/index.html").read_text(encoding="utf-8")
    assert "How teams like yours succeed with Tidewell" in home
    assert (site / "output/theme/css/site.css").read_bytes() == (
        REPO / "theme/static/css/site.css").read_bytes()


def test_a_new_site_can_install_the_browser_editor(tmp_path: Path) -> None:
    import json

    from casebook.cms import NPM_PACKAGES

    pinned = json.loads((REPO / "cms/package.json").read_text())["dependencies"]
    assert pinned == NPM_PACKAGES  # what Casebook is tested with
    code, output = run("init", str(tmp_path / "site"), "--vendor", "V", "--product",
                       "Tidewell", "--features", "F", "--industries", "I", "--no-build")
    assert code == 0, output
    package = json.loads((tmp_path / "site/package.json").read_text())
    assert package["dependencies"] == pinned and package["private"] is True
    assert "node_modules/" in (tmp_path / "site/.gitignore").read_text()
    assert "npm install, then casebook serve --cms" in output
