"""``casebook check`` and the build agree on a generated corpus of broken and hostile input.

Each case is a small project with one bad thing in it, made by a seeded
generator: front matter cut or salted with YAML's special characters, YAML
bombs and tags, invisible characters, hostile HTML and Markdown in bodies,
broken, oversized and disguised images, hostile SVG and PDF files, links to
nothing, stray files, damaged vocabularies, aliases and caches. The real
command line runs on each, in a process of its own, and every case must end
one of two ways:

- refused: ``check`` exits 1 naming the file and line, and the build exits 1
  with the same errors and leaves no output;
- built safely: ``check`` exits 0, the build exits 0, and the site holds no
  script, handler, frame or script URL that the theme did not put there;

and never with a traceback, after more than 60 seconds, or above 1 GB.
"""

from __future__ import annotations

import os
import random
import re
import signal
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from ..conftest import CONFIG, FEATURES, INDUSTRIES, story_text

CASEBOOK = str(Path(sys.executable).with_name("casebook"))
TIME_LIMIT = 60.0
MEMORY_LIMIT_KB = 1024 * 1024
STORY = "stories/acme/index.md"
PROBLEM_LINE = re.compile(r"^(?P<path>[^\s:][^:]*):(?P<line>\d+): error: .+$", re.MULTILINE)
SEED = 20261206

Maker = Callable[[Path], None]


@dataclass(frozen=True)
class Case:
    name: str
    make: Maker


def project(root: Path) -> None:
    """A valid project: settings, vocabularies and one published story."""
    (root / "content/taxonomies").mkdir(parents=True)
    (root / "pelicanconf.py").write_text(CONFIG)
    (root / "content/taxonomies/features.yml").write_text(FEATURES)
    (root / "content/taxonomies/industries.yml").write_text(INDUSTRIES)
    write(root, STORY, story_text())


def write(root: Path, relative: str, data: str | bytes) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


# --- generators ------------------------------------------------------------------------------

YAML_SALT = [":", "[", "]", "{", "}", "&a ", "*a", "!!", "? ", "- ", "|", ">", "#", "%", "@",
             "`", "\t", "'", '"', "\\", ",", "\n  ", "\n- ", "~", "!!python/name:os.system ",
             "\ufeff", "\u00a0", "\u200b"]
INVISIBLES = ["\x00", "\x01", "\x08", "\x0b", "\x1b", "\x7f", "\x85", "\x9f", "\u2028", "\ufffe"]
HOSTILE_BODIES = [
    '<script>alert("x")</script>',
    '<img src=x onerror=alert(1)> <svg onload=alert(2)><circle r=1 /></svg>',
    '<a href="javascript:alert(1)">a</a> <a href="jav&#x09;ascript:alert(2)">b</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">c</a>',
    '<iframe src="https://evil.example"></iframe><object data="x.swf"></object>',
    '<p style="background:url(https://evil.example/t.png)">d</p>',
    '<td style="text-align: expression(alert(1))">e</td>',
    '<form action="https://evil.example"><input name=q><button>go</button></form>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<base href="https://evil.example/"><link rel=stylesheet href=https://evil.example/x.css>',
    '[x](javascript:alert(1)) ![y](javascript:alert(2)) <javascript:alert(3)>',
    '&#1;&#x1b;&#xD800;&#0; control characters by reference',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
    "<div markdown=\"1\">*x* <script>alert(1)</script></div>",
    "[a]: javascript:alert(1)\n\n[click][a]",
    '<svg><a xlink:href="javascript:alert(1)"><text>t</text></a></svg>',
    "<template><script>alert(1)</script></template><textarea><script>alert(1)</script>",
    "[settings]({static}/pelicanconf.py) [cache]({attach}/.cache/render.sqlite)",
    '<a href="{filename}/stories/acme/index.md">x</a>',
]
PATHOLOGICAL_BODIES = [
    "[a " * 6000, "![" * 4000, "<a " * 6000, "_" * 6000 + "x" + "_" * 6000,
    "*a " * 3000 + "b" + " a*" * 3000, "x" * 250_000, "> " * 3000 + "deep",
    "- " * 3000 + "x", "1. " * 2000 + "x", "".join("\t" * n + "- x\n" for n in range(400)),
    "".join("    " * n + "* x\n" for n in range(250)),
]


def salted_front_matter(rng: random.Random) -> Maker:
    text = story_text(region="Japan", metrics='[{value: "60%", label: "faster"}]')
    head, _, body = text.partition("\n---\n")
    chars = list(head)
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(4, len(chars))
        chars[at:at] = list(rng.choice(YAML_SALT))
    salted = "".join(chars) + "\n---\n" + body
    return lambda root: write(root, STORY, salted)


def truncated_front_matter(rng: random.Random) -> Maker:
    text = story_text(quote='{text: "It works.", author: "Dana"}')
    cut = text[: rng.randrange(1, len(text) - 20)]
    return lambda root: write(root, STORY, cut)


def invisible_character(rng: random.Random) -> Maker:
    char = rng.choice(INVISIBLES)
    where = rng.choice(["title", "summary", "body"])
    if where == "body":
        text = story_text(body=f"Before.\n\nA{char}B in the body.\n")
    else:
        text = story_text(**{where: f'"A{char}B"'})
    return lambda root: write(root, STORY, text)


def yaml_escape(rng: random.Random) -> Maker:
    escape = rng.choice(["\\x01", "\\x1b", "\\ud800", "\\udfff", "\\x7f", "\\u2029", "\\0",
                         "\\e", "\\N", "\\uFFFF"])
    return lambda root: write(root, STORY, story_text(summary=f'"Moved{escape} approvals."'))


def yaml_bomb(kind: str) -> Maker:
    if kind == "key":
        lines = ["a0: &a0 [x, x]"] + [f"a{n}: &a{n} [*a{n - 1}, *a{n - 1}]" for n in range(1, 40)]
        extra = "\n".join(lines) + "\n? *a39\n: boom"
    elif kind == "value":
        lines = ["a0: &a0 [x, x, x, x]"] + [f"a{n}: &a{n} [*a{n - 1}, *a{n - 1}, *a{n - 1}]"
                                            for n in range(1, 25)]
        extra = "\n".join(lines)
    elif kind == "flow":
        extra = "region: " + "[" * 50_000 + "]" * 50_000
    elif kind == "block":
        extra = "region:\n" + "".join(" " * n + "- \n" for n in range(1, 3000)) + " " * 3000 + "x"
    elif kind == "mapping":
        extra = "region: " + "{a: " * 20_000 + "1" + "}" * 20_000
    else:  # many plain values
        extra = "region: [" + ", ".join(["x"] * 200_000) + "]"
    return lambda root: write(root, STORY, story_text().replace("---\n\n", extra + "\n---\n\n"))


def yaml_tag(tag: str) -> Maker:
    return lambda root: write(root, STORY, story_text(region=f"{tag} Japan"))


def hostile_body(body: str) -> Maker:
    return lambda root: write(root, STORY, story_text(body=f"Intro.\n\n{body}\n"))


def gif_bomb(frames: int, canvas: int) -> Maker:
    def make(root: Path) -> None:
        data = bytearray(b"GIF89a" + struct.pack("<HH", canvas, canvas) + bytes([0xF0, 0, 0]))
        data += bytes([0, 0, 0, 255, 255, 255])
        for n in range(frames):
            data += b"\x21\xF9\x04\x00\x01\x00\x00\x00\x2C"
            data += struct.pack("<HHHH", n % canvas, 0, 1, 1) + b"\x00\x02\x02\x44\x01\x00"
        write(root, "stories/acme/bomb.gif", bytes(data + b"\x3B"))
        write(root, STORY, story_text(hero="bomb.gif"))
    return make


def broken_image(kind: str) -> Maker:
    def make(root: Path) -> None:
        path = root / "stories/acme/hero.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        if kind == "truncated-jpeg":
            path = path.with_suffix(".jpg")
            Image.effect_noise((300, 200), 60).convert("RGB").save(path, "JPEG")
            path.write_bytes(path.read_bytes()[:-1500])
        elif kind == "tall-png":
            Image.new("RGB", (8, 20_000), "teal").save(path, "PNG")
        elif kind == "huge-png":
            Image.new("1", (20_000, 20_000)).save(path, "PNG")
        elif kind == "eps":
            path.write_bytes(b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nshowpage\n")
        elif kind == "empty":
            path.write_bytes(b"")
        elif kind == "png-header-only":
            path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 30)
        elif kind == "bmp":
            Image.new("RGB", (20, 20)).save(path, "BMP")
        elif kind == "tiff":
            Image.new("RGB", (20, 20)).save(path, "TIFF")
        write(root, STORY, story_text(hero=path.name))
    return make


def hostile_svg(svg: bytes) -> Maker:
    def make(root: Path) -> None:
        write(root, "stories/acme/logo.svg", svg)
        write(root, STORY, story_text(logo="logo.svg"))
    return make


SVGS = [
    b'<svg xmlns="http://www.w3.org/2000/svg"><a href="#x"><set attributeName="href" '
    b'to="javascript:alert(1)"/><rect width="9" height="9"/></a></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><style>@\\69mport url(https://evil.example/x.css);'
    b'rect{fill:u\\72l(https://evil.example/p.svg#a)}</style><rect width="9" height="9"/></svg>',
    '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE svg [<!ENTITY x "y">]>'
    '<svg xmlns="http://www.w3.org/2000/svg">&x;</svg>'.encode("utf-16"),
    b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><iframe xmlns="http://www.w3.org/'
    b'1999/xhtml" src="https://evil.example"/></foreignObject><script>alert(1)</script></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect fill="url(https://evil.'
    b'example/a.svg#g)" width="9" height="9" style="fill:expression(alert(1))"/></svg>',
    b"<svg><not-closed",
]


def hostile_pdf(kind: str) -> Maker:
    def make(root: Path) -> None:
        import pikepdf

        path = root / "stories/acme/deck.pdf"
        path.parent.mkdir(parents=True, exist_ok=True)
        if kind == "garbage":
            path.write_bytes(b"%PDF-1.7\n" + os.urandom(2000))
        else:
            pdf = pikepdf.new()
            pdf.add_blank_page()
            pdf.docinfo["/Author"] = "Secret Person"
            pdf.Root.OpenAction = pdf.make_indirect(pikepdf.Dictionary(
                S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)")))
            if kind == "encrypted":
                pdf.save(path, encryption=pikepdf.Encryption(user="u", owner="o"))
            else:
                pdf.save(path)
        write(root, STORY, story_text(slides="deck.pdf"))
    return make


def bad_file(kind: str) -> Maker:
    def make(root: Path) -> None:
        if kind == "dangling-link":
            (root / "stories/acme/photo.jpg").symlink_to("nowhere.jpg")
        elif kind == "folder-link":
            (root / "stories/again").symlink_to(root / "stories")
        elif kind == "outside-link":
            (root / "stories/passwd.md").symlink_to("/etc/passwd")
        elif kind == "stray-html":
            write(root, "stories/page.html", "<h1>Stray</h1><script>alert(1)</script>")
        elif kind == "stray-mkd":
            write(root, "stories/other.mkd", story_text(title='"Stray"'))
        elif kind == "not-utf8":
            write(root, "stories/latin.md", story_text().encode("utf-8") + b"\xe9\xff\xfe\n")
        elif kind == "binary-md":
            write(root, "stories/blob.md", os.urandom(3000))
        elif kind == "empty-md":
            write(root, "stories/empty.md", "")
        elif kind == "device-name":
            write(root, "stories/aux/index.md", story_text())
        elif kind == "utf16-md":
            write(root, "stories/wide.md", story_text().encode("utf-16"))
        elif kind == "hidden-md":
            write(root, "stories/.hidden.md", story_text(slug="hidden"))
        elif kind == "upper-md":
            write(root, "stories/Shouting.MD", story_text(slug="shouting"))
        elif kind == "huge-front-matter":
            write(root, STORY, story_text(summary='"' + "long " * 40_000 + '"'))
    return make


def bad_data(kind: str) -> Maker:
    def make(root: Path) -> None:
        if kind == "aliases-tag":
            write(root, "content/search/aliases.yml", "- !!python/object:os.system [a, b]\n")
        elif kind == "aliases-bomb":
            lines = ["- &a0 [x, x]"] + [f"- &a{n} [*a{n - 1}, *a{n - 1}]" for n in range(1, 40)]
            write(root, "content/search/aliases.yml", "\n".join(lines) + "\n")
        elif kind == "aliases-binary":
            write(root, "content/search/aliases.yml", os.urandom(500))
        elif kind == "vocab-mapping-key":
            write(root, "content/taxonomies/features.yml",
                  "- id: approvals\n  name: {? [a, b] : Approvals}\n")
        elif kind == "vocab-empty":
            write(root, "content/taxonomies/industries.yml", "")
        elif kind == "vocab-deep":
            write(root, "content/taxonomies/industries.yml", "- " * 2000 + "x\n")
        elif kind == "cache-garbage":
            write(root, ".cache/render.sqlite", os.urandom(8192))
        elif kind == "cache-key-garbage":
            write(root, ".cache/build-key.json", "[1, 2")
    return make


def anonymous_leak(rng: random.Random) -> Maker:
    field = rng.choice(["translation_key", "region", "summary", "title", "video"])
    value = {"translation_key": "acme-tools-story", "region": '"Acme Tools Osaka"',
             "summary": '"How ACME TOOLS moved."', "title": '"Acme-Tools story"',
             "video": '"https://vimeo.com/acmetools/12345"'}[field]
    fields = {"anonymous": "true", "title": '"A maker story"', "summary": '"A maker moved."',
              "slug": "maker", "body": "The maker's story.\n", field: value}
    text = story_text(**fields)
    return lambda root: write(root, STORY, text)


def corpus() -> list[Case]:
    rng = random.Random(SEED)
    cases: list[Case] = []
    cases += [Case(f"salted-{n}", salted_front_matter(rng)) for n in range(12)]
    cases += [Case(f"truncated-{n}", truncated_front_matter(rng)) for n in range(4)]
    cases += [Case(f"invisible-{n}", invisible_character(rng)) for n in range(6)]
    cases += [Case(f"escape-{n}", yaml_escape(rng)) for n in range(4)]
    cases += [Case(f"bomb-{k}", yaml_bomb(k)) for k in
              ("key", "value", "flow", "block", "mapping", "many")]
    cases += [Case(f"tag-{n}", yaml_tag(t)) for n, t in enumerate(
        ["!!python/object/apply:os.system", "!!binary", "!!set", "!!omap", "!foo", "!!int"])]
    cases += [Case(f"html-{n}", hostile_body(b)) for n, b in enumerate(HOSTILE_BODIES)]
    cases += [Case(f"markdown-{n}", hostile_body(b)) for n, b in enumerate(PATHOLOGICAL_BODIES)]
    cases += [Case("gif-frames", gif_bomb(4000, 6000)), Case("gif-pixels", gif_bomb(80, 1500))]
    cases += [Case(f"image-{k}", broken_image(k)) for k in (
        "truncated-jpeg", "tall-png", "huge-png", "eps", "empty", "png-header-only", "bmp",
        "tiff")]
    cases += [Case(f"svg-{n}", hostile_svg(svg)) for n, svg in enumerate(SVGS)]
    cases += [Case(f"pdf-{k}", hostile_pdf(k)) for k in ("active", "encrypted", "garbage")]
    cases += [Case(f"file-{k}", bad_file(k)) for k in (
        "dangling-link", "folder-link", "outside-link", "stray-html", "stray-mkd", "not-utf8",
        "binary-md", "empty-md", "device-name", "utf16-md", "hidden-md", "upper-md",
        "huge-front-matter")]
    cases += [Case(f"data-{k}", bad_data(k)) for k in (
        "aliases-tag", "aliases-bomb", "aliases-binary", "vocab-mapping-key", "vocab-empty",
        "vocab-deep", "cache-garbage", "cache-key-garbage")]
    cases += [Case(f"anonymous-{n}", anonymous_leak(rng)) for n in range(4)]
    return cases


CASES = corpus()


# --- running the real command line ---------------------------------------------------------

@dataclass
class Run:
    code: int
    output: str
    seconds: float
    peak_kb: int  # the largest resident set of the command and everything it waited for


def run(root: Path, *args: str) -> Run:
    started = time.perf_counter()
    process = subprocess.Popen([CASEBOOK, "--config", str(root / "pelicanconf.py"), *args],
                               cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               start_new_session=True)
    timer = threading.Timer(TIME_LIMIT, lambda: os.killpg(process.pid, signal.SIGKILL))
    timer.start()
    assert process.stdout is not None
    output = process.stdout.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(process.pid, 0)
    timer.cancel()
    process.returncode = os.waitstatus_to_exitcode(status)
    return Run(process.returncode, output, time.perf_counter() - started, usage.ru_maxrss)


@dataclass
class Outcome:
    check: Run
    build: Run
    output: Path


def try_case(case: Case, tmp: Path) -> Outcome:
    root = tmp / case.name
    project(root)
    case.make(root)
    return Outcome(run(root, "check"), run(root, "build"), root / "output")


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    """Every case run once, two at a time (the machine's cores)."""
    tmp = tmp_path_factory.mktemp("hostile")
    with ThreadPoolExecutor(max_workers=2) as pool:
        done = pool.map(lambda case: (case.name, try_case(case, tmp)), CASES)
        return dict(done)


def theme_policy(tag: Any) -> bool:
    """The theme's own Content-Security-Policy: in the head, exactly the site's."""
    from casebook.outputs.fingerprint import CSP

    return bool(tag.name == "meta" and tag.get("http-equiv") == "Content-Security-Policy"
                and tag.get("content") == CSP and tag.parent is not None
                and tag.parent.name == "head")


def unsafe_markup(output: Path) -> list[str]:
    """Scripts, handlers, frames and script URLs the theme did not put in the site."""
    found = []
    for page in output.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(True):
            where = f"{page.relative_to(output)}: <{tag.name}>"
            if tag.name in ("iframe", "object", "embed", "base", "frame", "meta") and not (
                    tag.name == "meta" and "http-equiv" not in tag.attrs) and not (
                    theme_policy(tag)):
                found.append(where)
            if tag.name == "form" and not tag.get("action", "").startswith("/"):
                found.append(where)  # the theme's search form is the only one
            if tag.name == "script" and not (tag.get("src", "").startswith("/theme/")
                                             or tag.get("type") == "application/ld+json"):
                found.append(where)
            for name, value in tag.attrs.items():
                text = " ".join(value) if isinstance(value, list) else str(value)
                if name.lower().startswith("on") or re.match(
                        r"\s*(javascript|vbscript|data):", text, re.IGNORECASE) and name in (
                        "href", "src", "action", "formaction", "xlink:href"):
                    found.append(f"{where} {name}={text[:40]}")
    for svg in output.rglob("*.svg"):
        text = svg.read_text(encoding="utf-8", errors="replace").lower()
        for bad in ("<script", "javascript:", "onload", "<set", "<animate", "@import",
                    "evil.example", "<foreignobject", "<!doctype"):
            if bad in text:
                found.append(f"{svg.relative_to(output)}: {bad}")
    for pdf in output.rglob("*.pdf"):
        data = pdf.read_bytes()
        for bad in (b"/JavaScript", b"/OpenAction", b"Secret Person"):
            if bad in data:
                found.append(f"{pdf.relative_to(output)}: {bad!r}")
    return found


def test_the_corpus_is_large_and_varied() -> None:
    assert len(CASES) >= 50
    assert len({case.name.split("-")[0] for case in CASES}) >= 12


@pytest.mark.parametrize("name", [case.name for case in CASES])
def test_check_and_build_agree(outcomes: dict[str, Outcome], name: str) -> None:
    outcome = outcomes[name]
    for step in (outcome.check, outcome.build):
        assert "Traceback" not in step.output, step.output
        assert step.seconds < TIME_LIMIT, f"{step.seconds:.0f} s"
        assert step.peak_kb < MEMORY_LIMIT_KB, f"{step.peak_kb // 1024} MB"
    if outcome.check.code == 0:
        assert outcome.build.code == 0, ("check passed but the build failed:\n"
                                         + outcome.build.output)
        assert unsafe_markup(outcome.output) == []
    else:
        assert outcome.check.code == 1, outcome.check.output
        problems = PROBLEM_LINE.findall(outcome.check.output)
        assert problems, f"no path:line in:\n{outcome.check.output}"
        assert outcome.build.code == 1, outcome.build.output
        assert not outcome.output.exists()
        for path, line in problems:
            assert f"{path}:{line}: error:" in outcome.build.output
