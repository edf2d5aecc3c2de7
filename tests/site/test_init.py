"""`casebook init`: a site of one's own, with nothing of the sample in it."""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import yaml

from casebook.cli.main import main

from ..conftest import REPO

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
