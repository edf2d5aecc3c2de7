"""Hostile and careless input, class by class: each is refused with ``path:line`` by
both ``casebook check`` and the build, or published harmless.

Every input here is made by the test itself. The generated corpus that runs
the real command line against many more variants is ``test_hostile_corpus``.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import sqlite3
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from PIL import Image

from ..conftest import REPO, Project, story_text

STORY = "stories/acme/index.md"


def refused(project: Project, line_start: str) -> None:
    """``check`` and the build both refuse, naming the file and line; no traceback."""
    for result in (project.run("check"), project.build()):
        assert result.code == 1, result.output
        assert "Traceback" not in result.output
        assert any(entry.startswith(line_start) for entry in result.lines), result.output


# --- links that leave through a browser-only reading of the URL --------------------------

@pytest.mark.parametrize("url", [
    "https://evil.example\\@youtu.be/Qm7xR2vTn4E",
    "https://evil.example%5C@youtu.be/Qm7xR2vTn4E",
    "https://user:secret@youtu.be/Qm7xR2vTn4E",
    "https://youtu.be:8443/Qm7xR2vTn4E",
    "https://youtu.be/Qm7xR2vTn4E\\@evil.example",
    "https://youtu.be\t.evil.example/Qm7xR2vTn4E",
    "https:\\\\youtu.be\\Qm7xR2vTn4E",
    "https://youtu.be.evil.example/Qm7xR2vTn4E",
    "http://youtu.be/Qm7xR2vTn4E",
    "javascript://youtu.be/%0Aalert(1)",
    "https://evil.example/?https://youtu.be/Qm7xR2vTn4E",
])
def test_video_links_must_be_plain_https(project: Project, url: str) -> None:
    project.story(STORY, video=json.dumps(url))
    refused(project, f"{STORY}:10: error: video")


def test_a_video_is_linked_by_its_id_not_by_the_text_given(project: Project) -> None:
    project.story(STORY, video='"https://youtu.be/Qm7xR2vTn4E?t=42"')
    assert project.build().code == 0
    link = BeautifulSoup(project.page("stories/acme"), "html.parser").select_one(".video-link")
    assert link is not None and link["href"] == "https://www.youtube.com/watch?v=Qm7xR2vTn4E"


# --- CSS in customer HTML ------------------------------------------------------------------

def test_no_css_survives_in_a_body(project: Project) -> None:
    body = ('<table><tr><td style="text-align: expression(alert(1))">a</td>'
            '<td style="te\\78t-align: right; background: url(https://evil.example/x)">b</td>'
            '<td style="text-align: left;">c</td></tr></table>\n\n'
            '<p style="color: red">d</p> <span style="x: expression(alert(2))">e</span>\n\n'
            "| left | right |\n|:--|--:|\n| 1 | 2 |\n")
    project.story(STORY, body=body)
    assert project.build().code == 0
    main = BeautifulSoup(project.page("stories/acme"), "html.parser").select_one(".story-body")
    assert main is not None
    assert main.select("[style]") == []
    assert "expression" not in str(main) and "evil.example" not in str(main)
    # a Markdown table's alignment is kept, as a class the site's stylesheet styles
    assert [cell["class"] for cell in main.select("th")[-2:]] == [["align-left"],
                                                                  ["align-right"]]


# --- images that pass a one-frame size check ------------------------------------------------

def gif_of_many_frames(path: Path, frames: int, canvas: int = 6000,
                       comment: bytes = b"") -> None:
    """A GIF written by hand: a big canvas of one-pixel frames (tens of kilobytes)."""
    data = bytearray(b"GIF89a" + struct.pack("<HH", canvas, canvas) + bytes([0xF0, 0, 0]))
    data += bytes([0, 0, 0, 255, 255, 255]) + b"\x21\xFF\x0BNETSCAPE2.0\x03\x01\x00\x00\x00"
    if comment:
        data += b"\x21\xFE" + bytes([len(comment)]) + comment + b"\x00"
    for n in range(frames):
        data += b"\x21\xF9\x04\x00\x01\x00\x00\x00"
        data += b"\x2C" + struct.pack("<HHHH", n % canvas, 0, 1, 1) + b"\x00\x02\x02\x44\x01\x00"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bytes(data + b"\x3B"))


@pytest.mark.parametrize(("frames", "canvas", "message"), [
    (3000, 6000, "is an animation of 3,000 frames"),
    (60, 1200, "is an animation of 60 frames of 1200 x 1200 pixels, too many"),
])
def test_animation_bombs_are_refused_before_decoding(project: Project, frames: int,
                                                     canvas: int, message: str) -> None:
    gif_of_many_frames(project.root / "stories/acme/bomb.gif", frames, canvas)
    assert (project.root / "stories/acme/bomb.gif").stat().st_size < 80_000
    project.story(STORY, hero="bomb.gif")
    refused(project, f"{STORY}:10: error: image 'bomb.gif' {message}")


def test_frames_keep_no_comment(project: Project) -> None:
    gif_of_many_frames(project.root / "stories/acme/anim.gif", 4, canvas=40,
                       comment=b"secret-frame-note")
    project.story(STORY, body="![Spinner](anim.gif)\n")
    assert project.build().code == 0, project.run("check").output
    published = list((project.output / "media").glob("*.gif")) + list(
        (project.output / "media").glob("*.webp"))
    assert published
    for path in published:
        assert b"secret-frame-note" not in path.read_bytes(), path.name


def test_a_truncated_jpeg_is_refused(project: Project) -> None:
    path = project.image("stories/acme/hero.jpg", size=(400, 300), fmt="JPEG")
    noise = Image.effect_noise((400, 300), 60).convert("RGB")
    noise.save(path, "JPEG", quality=90)
    path.write_bytes(path.read_bytes()[:-2000])
    project.story(STORY, hero="hero.jpg")
    refused(project, f"{STORY}:10: error: 'hero.jpg' is not an image Casebook can read")


def test_a_corrupt_png_stream_is_refused(project: Project) -> None:
    """Valid chunk structure and checksums, broken compressed pixels."""
    path = project.image("stories/acme/hero.png", size=(64, 64))
    data = bytearray(path.read_bytes())
    start = data.index(b"IDAT") + 4
    length = struct.unpack(">I", data[start - 8:start - 4])[0]
    data[start + 2:start + length] = b"\xff" * (length - 2)
    crc = zlib.crc32(bytes(data[start - 4:start + length])) & 0xFFFFFFFF
    data[start + length:start + length + 4] = struct.pack(">I", crc)
    path.write_bytes(bytes(data))
    project.story(STORY, hero="hero.png")
    refused(project, f"{STORY}:10: error: 'hero.png' is not an image Casebook can read")


def test_an_image_too_tall_for_webp_is_refused(project: Project) -> None:
    project.image("stories/acme/strip.png", size=(8, 20_000))
    project.story(STORY, hero="strip.png")
    refused(project, f"{STORY}:10: error: image 'strip.png' is too tall for its width")


def test_formats_pillow_would_hand_to_other_programs_are_refused(project: Project) -> None:
    path = project.root / "stories/acme/hero.png"  # an EPS named .png
    path.parent.mkdir(parents=True)
    path.write_bytes(b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nshowpage\n")
    project.story(STORY, hero="hero.png")
    refused(project, f"{STORY}:10: error: 'hero.png' is not an image Casebook can read")


# --- YAML that is costly or surprising ----------------------------------------------------

def alias_bomb(levels: int = 30) -> str:
    """A mapping key that expands to 2**levels items when turned into text (the line
    reported is the anchor's: YAML nodes keep where a value was written, not used)."""
    lines = ["a0: &a0 [x, x]"] + [f"a{n}: &a{n} [*a{n - 1}, *a{n - 1}]" for n in range(1, levels)]
    return "\n".join(lines) + f"\n? *a{levels - 1}\n: boom"


@pytest.mark.parametrize(("extra", "line", "message"), [
    (alias_bomb(), 39, "a key must be a plain word"),
    ("region: &r [" + ", ".join(["x"] * 80) + "]\nupdated: [" + ", ".join(["*r"] * 80) + "]",
     10, "front matter holds more than 5,000 values"),
    ("region: " + "[" * 3000 + "]" * 3000, 10, "front matter is not valid YAML (lists or "
     "mappings nested more than 20 levels deep)"),
    ("region:\n" + "".join("  " * n + f"k{n}:\n" for n in range(1, 30)) + "  " * 30 + "v: 1",
     31, "lists or mappings are nested more than 20 levels deep"),
    ("region: !!python/object/apply:os.system [echo hacked]", 10,
     "the YAML tag '!!python/object/apply:os.system' is not allowed"),
    ("region: !!binary aGVsbG8=", 10, "the YAML tag '!!binary' is not allowed"),
    ("region: !custom Japan", 10, "the YAML tag '!custom' is not allowed"),
    ('region: "Ja\\x01pan"', 10, "an invisible control character (U+0001) is in the text"),
    ('region: "Ja\\ud800pan"', 10, "front matter is not valid YAML"),
    ('region: "Ja\\u2028pan"', 10, "an invisible control character (U+2028)"),
])
def test_yaml_that_is_costly_or_surprising_is_refused(project: Project, extra: str, line: int,
                                                      message: str) -> None:
    project.write(STORY, story_text().replace("---\n\n", extra + "\n---\n\n"))
    refused(project, f"{STORY}:{line}: error: {message}")


@pytest.mark.parametrize(("text", "line"), [
    (story_text(summary='"Moved approvals\x07 into Relaypoint."'), 7),
    (story_text(body="First line.\nA bell \x1b[31m in the body.\n"), 13),
    (story_text(body="Ends with a form feed\x0c\n"), 12),
    (story_text(body="Next line\x85here\n"), 12),
])
def test_invisible_characters_are_refused_where_they_are(project: Project, text: str,
                                                         line: int) -> None:
    project.write(STORY, text)
    refused(project, f"{STORY}:{line}: error: an invisible control character")


@pytest.mark.parametrize(("body", "line", "message"), [
    ("Intro.\n\n" + "[a " * 300, 14, "this paragraph holds 300 '[' characters"),
    ("Intro.\n\n" + "_" * 3000 + "x" + "_" * 3000, 14, "this paragraph holds 6,000 '_'"),
    ("- " * 400 + "x", 12, "this line is nested 400 lists or quotes deep"),
    ("".join("\t" * n + "- x\n" for n in range(300)), 112, "this line is nested 101 lists"),
    ("x" * 210_000, 11, "the text is 210,001 characters long"),
])
def test_bodies_markdown_would_stall_or_crash_on_are_refused(project: Project, body: str,
                                                             line: int, message: str) -> None:
    project.story(STORY, body=body)
    refused(project, f"{STORY}:{line}: error: {message}")


@pytest.mark.parametrize("body", [
    "Intro.\n\n[conf]({static}/pelicanconf.py)\n",
    "Intro.\n\n[draft]({attach}../draft/index.md)\n",
    "Intro.\n\n[other]({filename}/stories/other/index.md)\n",
    'Intro.\n\n<a href="{static}/.cache/render.sqlite">cache</a>\n',
    "Intro.\n\n![x](|static|/pelicanconf.py)\n",
])
def test_pelican_link_syntax_is_refused(project: Project, body: str) -> None:
    """Pelican's {static}/{attach} links would publish any file of the project (the render
    cache with drafts, the settings) or stop the build; Casebook refuses them."""
    project.story(STORY, body=body)
    refused(project, f"{STORY}:14: error: '")


@pytest.mark.parametrize("failure", [RecursionError, IndexError, KeyError])
def test_markdown_that_fails_anyway_is_published_as_plain_text(
        monkeypatch: pytest.MonkeyPatch, failure: type[Exception]) -> None:
    """Whatever Python-Markdown still fails on (its releases differ in what recurses),
    the text is published as escaped paragraphs, not a failed build."""
    from casebook.markdown import render

    class Failing:
        def reset(self) -> None:
            pass

        def convert(self, text: str) -> str:
            raise failure("deep")

    monkeypatch.setattr(render, "converter", Failing)
    html = render.render_markdown("One *line* <script>alert(1)</script>\n\nTwo", {}, {})
    assert html == "<p>One *line* &lt;script&gt;alert(1)&lt;/script&gt;</p>\n<p>Two</p>\n"


def test_vocabularies_and_aliases_get_the_same_yaml_checks(project: Project) -> None:
    project.write("content/search/aliases.yml", alias_bomb(30) + "\n")
    project.story(STORY)
    refused(project, "content/search/aliases.yml:30: error: a key must be a plain word")


# --- anonymous customers ---------------------------------------------------------------------

def anonymous(**fields: object) -> str:
    base: dict[str, object] = {
        "anonymous": "true", "title": '"A maker halved its backlog"',
        "summary": '"A maker moved approvals."', "slug": "maker-backlog",
        "body": "The maker's story.\n"}
    return story_text(**{**base, **fields})


@pytest.mark.parametrize(("fields", "line"), [
    ({"translation_key": "acme-tools-backlog"}, 12),
    ({"region": '"Acme Tools HQ, Osaka"'}, 12),
    ({"metrics": '[{value: "2x", label: "faster at Acme"}]'}, 12),
    ({"quote": '{text: "It works.", author: "Dana", role: "COO of Acme Tools"}'}, 12),
    ({"video": '"https://vimeo.com/acmetools/123456"'}, 12),
    ({"slug": "acme-backlog"}, 11),
])
def test_every_published_field_of_an_anonymous_story_is_checked(project: Project,
                                                                fields: dict[str, object],
                                                                line: int) -> None:
    project.write(STORY, anonymous(**fields))
    refused(project, f"{STORY}:{line}: error: this story is anonymous but names the customer")


def test_names_in_unpublished_fields_are_fine(project: Project) -> None:
    project.write(STORY, anonymous(
        quote='{text: "It works.", author: "Dana of Acme Tools", role: "COO"}',
        approval='{by: "Dana Reyes, Acme Tools", date: 2026-01-10}'))
    result = project.run("check")
    assert result.code == 0, result.output


def test_export_of_an_anonymous_story_holds_no_name(project: Project) -> None:
    project.write(STORY, anonymous(translation_key="maker-backlog", region='"Kansai"'))
    assert project.build().code == 0
    for name in ("stories.json", "stories.csv"):
        assert "Acme" not in (project.output / name).read_text(encoding="utf-8-sig"), name


def test_a_translation_of_an_anonymous_story_is_anonymous_too(project: Project) -> None:
    project.write(STORY, anonymous(translation_key="maker-backlog"))
    project.write("stories/acme/index.ja.md", story_text(
        title='"製造業A社が受注残を半減"', customer="アクメ工具", summary='"承認を移行。"',
        translation_key="maker-backlog", slug="maker-backlog"))
    refused(project, "stories/acme/index.ja.md:10: error: this is the 'ja' version of a story "
                     "that is anonymous in stories/acme/index.md")


def test_a_translation_names_no_version_of_the_customer(project: Project) -> None:
    project.write(STORY, anonymous(translation_key="maker-backlog"))
    project.write("stories/acme/index.ja.md", story_text(
        anonymous="true", title='"製造業A社が受注残を半減"', customer="アクメ工具",
        summary='"承認を移行。"', translation_key="maker-backlog", slug="maker-backlog",
        body="Acme Tools の事例です。\n"))
    refused(project, "stories/acme/index.ja.md:15: error: this story is anonymous but names "
                     "the customer ('Acme Tools')")
    # and so does a check of that one file, which reads its other language versions
    result = project.run("check", str(project.root / "stories/acme/index.ja.md"))
    assert result.code == 1
    assert any("names the customer ('Acme Tools')" in line for line in result.lines)


def search_files_text(output: Path) -> str:
    """Every file of the Pagefind bundle, decompressed, as one lower-case text."""
    texts = []
    for path in (output / "pagefind").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            texts.append(data.decode("utf-8", "replace").lower())
    return "\n".join(texts)


def test_aliases_add_no_customer_name_to_an_anonymous_page(project: Project) -> None:
    project.write("content/search/aliases.yml",
                  "- [backlog, Acme Tools, アクメ]\n- [approvals, sign-offs]\n")
    project.write(STORY, anonymous(body="The backlog shrank once approvals moved.\n"))
    assert project.build().code == 0
    index = search_files_text(project.output)
    assert "backlog" in index and "sign-offs" in index  # other groups still apply
    assert "acme" not in index and "アクメ" not in index


# --- slides ----------------------------------------------------------------------------------

def test_published_slides_carry_no_properties_or_scripts(project: Project) -> None:
    pikepdf = pytest.importorskip("pikepdf")
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.docinfo["/Author"] = "Dana Reyes"
    pdf.docinfo["/Company"] = "Acme Tools Secret Division"
    pdf.Root.OpenAction = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Action, S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)")))
    path = project.root / "stories/acme/deck.pdf"
    path.parent.mkdir(parents=True)
    pdf.save(path)
    project.story(STORY, slides="deck.pdf")
    assert project.build().code == 0
    [published] = (project.output / "media").glob("*.pdf")
    data = published.read_bytes()
    for secret in (b"Dana Reyes", b"Secret Division", b"/JavaScript", b"app.alert"):
        assert secret not in data, secret
    with pikepdf.open(published) as cleaned:
        assert len(cleaned.pages) == 1
        assert "/Author" not in cleaned.docinfo and "/OpenAction" not in cleaned.Root


# --- what the build would fail on, found by check ---------------------------------------------

@pytest.mark.parametrize("name", ["stray.html", "notes.mkd", "draft.rst", "acme/old.htm"])
def test_content_in_formats_casebook_does_not_read_is_reported(project: Project,
                                                                name: str) -> None:
    project.story(STORY)
    project.write(f"stories/{name}", "<h1>Stray page STRAYMARK</h1>\n")
    refused(project, f"stories/{name}:1: error: Casebook reads content only from Markdown files")


def test_pelican_reads_nothing_but_casebook_markdown() -> None:
    """Pelican's own readers (HTML, reStructuredText, its Markdown) are not registered:
    only Casebook's reader, which reads only what the content model validated."""
    from pelican.readers import HTMLReader, MarkdownReader, RstReader

    from casebook.pelican.reader import CasebookReader, only_casebook_reads

    class Readers:
        reader_classes = {"html": HTMLReader, "htm": HTMLReader, "rst": RstReader,
                          "mkd": MarkdownReader, "md": MarkdownReader}

    readers = Readers()
    only_casebook_reads(readers)
    assert readers.reader_classes == {"md": CasebookReader, "markdown": CasebookReader}


@pytest.mark.parametrize(("link", "target", "message"), [
    ("stories/acme/hero.png", "missing.png", "this is a link to 'missing.png', which does not "
     "exist"),
    ("stories/gone.md", "../nowhere/gone.md", "this is a link to '../nowhere/gone.md', which"),
    ("content/images/shared.png", "/nonexistent/shared.png", "this is a link to"),
    ("stories/loop", ".", "this is a link to a folder, which Casebook does not follow"),
    ("stories/acme/secret.md", "/etc/hostname", "this is a link to '/etc/hostname', outside"),
])
def test_links_to_nothing_folders_or_outside_are_reported(project: Project, link: str,
                                                          target: str, message: str) -> None:
    project.story(STORY)
    path = project.root / link
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)
    refused(project, f"{link}:1: error: {message}")


# --- state ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("garbage", [
    b"this is not a database at all" * 100,
    b"SQLite format 3\x00" + b"\x00" * 4000,
])
def test_a_damaged_render_cache_is_set_aside(project: Project, garbage: bytes) -> None:
    project.story(STORY)
    cache = project.root / ".cache/render.sqlite"
    cache.parent.mkdir(parents=True)
    cache.write_bytes(garbage)
    result = project.build()
    assert result.code == 0, result.output
    assert "render.sqlite was damaged" in result.output and "Traceback" not in result.output
    assert (project.root / ".cache/render.sqlite.set-aside").read_bytes() == garbage
    assert "Acme Tools halved" in project.page("stories/acme")
    assert project.run("build", "--force").code == 0  # and the new cache is sound


def test_a_cache_of_another_format_is_set_aside(project: Project) -> None:
    project.story(STORY)
    cache = project.root / ".cache/render.sqlite"
    cache.parent.mkdir(parents=True)
    with sqlite3.connect(cache) as db:
        db.execute("CREATE TABLE fragment (id INTEGER, body BLOB)")
    result = project.build()
    assert result.code == 0 and "written by another version of Casebook" in result.output


def test_folders_of_killed_builds_are_removed(project: Project) -> None:
    project.story(STORY)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    leftovers = [project.root / f".output.build-{dead.pid}-abc123",
                 project.root / ".output.build-x7f3k2",  # named before builds carried a pid
                 project.root / f".output.old-{dead.pid}"]
    alive = project.root / f".output.build-{os.getpid()}-live"  # a build still running
    alive.mkdir()
    for folder in leftovers:
        (folder / "stories").mkdir(parents=True)
    assert project.build().code == 0
    assert not any(folder.exists() for folder in leftovers)
    assert alive.exists()


def test_the_replaced_output_is_removed_by_the_next_build(project: Project) -> None:
    project.story(STORY)
    assert project.build().code == 0
    assert not list(project.root.glob(".output.old-*"))  # the first build replaced nothing
    first = (project.output / "stories/acme/index.html").stat().st_ino
    project.story(STORY, body="Acme's edited body.\n")
    assert project.build().code == 0
    replaced = list(project.root.glob(".output.old-*"))
    assert len(replaced) == 1, replaced  # left, hidden, beside the new output
    assert (replaced[0] / "stories/acme/index.html").stat().st_ino == first
    assert "edited body" in project.page("stories/acme")
    assert project.run("build", "--force").code == 0
    again = list(project.root.glob(".output.old-*"))
    assert len(again) == 1 and again != replaced  # the next build removed the first one


def test_a_killed_build_leaves_nothing_the_next_one_keeps(project: Project) -> None:
    project.story(STORY)
    build = subprocess.Popen([sys.executable, "-m", "casebook.cli.main", "--config",
                              str(project.root / "pelicanconf.py"), "build"], cwd=project.root,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not list(project.root.glob(".output.build-*")) and time.monotonic() < deadline:
        time.sleep(0.005)
    build.kill()  # SIGKILL, while it builds
    assert build.wait() == -9
    assert list(project.root.glob(".output.build-*"))
    assert project.build().code == 0
    assert not list(project.root.glob(".output.build-*"))


# --- smaller ------------------------------------------------------------------------------------

def test_csv_cells_cannot_run_as_formulas(project: Project) -> None:
    project.story(STORY, title='"=HYPERLINK(\\"https://evil.example\\",\\"x\\")"',
                  summary='"+1 more approval"', region='"@SUM(A1)"',
                  metrics='[{value: "-30%", label: "backlog"}]')
    assert project.build().code == 0
    rows = list(csv.DictReader(io.StringIO(
        (project.output / "stories.csv").read_text(encoding="utf-8-sig"))))
    [row] = rows
    for column in ("title", "summary", "region", "metrics"):
        assert row[column].startswith("'"), (column, row[column])
    assert json.loads((project.output / "stories.json").read_text())["stories"][0][
        "title"].startswith("=")  # JSON is data, not a spreadsheet: left as written


@pytest.mark.parametrize(("where", "text", "line", "message"), [
    ("stories/con/index.md", story_text(), 1, "the file or folder name 'con' is a name "
     "Windows reserves"),
    (STORY, story_text(slug="nul"), 10, "slug 'nul' is a name Windows reserves"),
    (STORY, story_text(slug="com1"), 10, "slug 'com1' is a name Windows reserves"),
    ("content/faq/lpt9.md", "---\ntitle: Q?\nfeatures: [approvals]\nstatus: published\n"
     "---\nA.\n", 1, "the file or folder name 'lpt9'"),
])
def test_names_windows_reserves_are_refused(project: Project, where: str, text: str,
                                            line: int, message: str) -> None:
    project.write(where, text)
    refused(project, f"{where}:{line}: error: {message}")


def test_a_vocabulary_id_windows_reserves_is_refused(project: Project) -> None:
    project.write("content/taxonomies/industries.yml",
                  "- id: aux\n  name: {en: Auxiliary, ja: 補助}\n")
    project.story(STORY, industry="aux")
    refused(project, "content/taxonomies/industries.yml:1: error: id 'aux' is a name Windows")


def test_the_cache_can_never_be_published(project: Project) -> None:
    project.story(STORY)
    project.write("pelicanconf.py", project.root.joinpath("pelicanconf.py").read_text()
                  + 'CASEBOOK_CACHE_PATH = "output/.cache"\n')
    result = project.build()
    assert result.code == 1 and "CASEBOOK_CACHE_PATH" in result.output
    assert not project.output.exists()


def test_no_deploy_path_ships_the_cache() -> None:
    """Every deploy uploads output/ and nothing else; the publish build writes no cache
    into it."""
    uploads = []
    for workflow in (REPO / ".github/workflows").glob("*.yml"):
        for job in yaml.safe_load(workflow.read_text())["jobs"].values():
            for step in job.get("steps", []):
                if "upload" in step.get("uses", ""):
                    uploads.append((workflow.name, step["with"]["path"]))
    assert uploads and all(path.rstrip("/") == "output" for _, path in uploads), uploads
    makefile = (REPO / "Makefile").read_text()
    assert "rsync -az --delete --checksum output/" in makefile
    assert makefile.count('aws s3 sync output/ "s3://') == 2
    assert ".cache" not in "".join(line for line in makefile.splitlines()
                                   if "rsync" in line or "s3 sync" in line)


def test_the_publish_output_holds_no_cache(tmp_path: Path) -> None:
    output = tmp_path / "published"
    env = {**os.environ, "CASEBOOK_SITEURL": "https://stories.example"}
    result = subprocess.run(
        [sys.executable, "-m", "casebook.cli.main", "--config", str(REPO / "publishconf.py"),
         "build", "--output", str(output)], cwd=REPO, env=env, capture_output=True, text=True,
        check=False)
    assert result.returncode == 0, result.stderr
    names = [p.relative_to(output).as_posix() for p in output.rglob("*")]
    assert not [n for n in names if ".cache" in n or n.endswith((".sqlite", "build-key.json"))]
    drafts = [p for p in (REPO / "stories").rglob("index*.md")
              if "status: published" not in p.read_text(encoding="utf-8")]
    published = "\n".join(p.read_text("utf-8", "replace") for p in output.rglob("*.html"))
    for draft in drafts:
        title = yaml.safe_load(draft.read_text(encoding="utf-8").split("---")[1])["title"]
        assert title not in published, draft
