"""Unit tier: the content model's pure functions."""

from __future__ import annotations

import random
from pathlib import Path

import markdown
import pytest
import yaml

from casebook.content import values
from casebook.content.anonymity import identifying_names
from casebook.content.problems import FieldError, did_you_mean
from casebook.content.schema import name_parts
from casebook.content.source import decode, read_source
from casebook.markdown import blocks, inline, render


def _node(text: str) -> yaml.Node:
    node = yaml.compose(f"key: {text}", Loader=yaml.SafeLoader)
    return node.value[0][1]


@pytest.mark.parametrize(("raw", "reads_as"), [
    ("NO", "a true/false value"), ("yes", "a true/false value"), ("off", "a true/false value"),
    ("2024", "a number"), ("1.50", "a number"), ("0x1F", "a number"), ("2024-01-01", "a date"),
])
def test_yaml_11_surprises_in_text_fields_say_to_quote(raw: str, reads_as: str) -> None:
    with pytest.raises(FieldError) as caught:
        values.text(_node(raw), "region")
    assert f"YAML reads {raw} as {reads_as}, not text; put it in quotes" in caught.value.message


@pytest.mark.parametrize("raw", ['"NO"', "'2024'", "Norway", '"1.50"'])
def test_quoted_or_plain_text_is_accepted(raw: str) -> None:
    assert values.text(_node(raw), "region") == raw.strip("'\"")


def test_dates_must_be_real_and_iso() -> None:
    assert str(values.date(_node("2024-02-29"), "date")) == "2024-02-29"
    for bad in ("2023-02-29", "2024-2-3", "'01/02/2024'", "2024-01-01 10:00:00"):
        with pytest.raises(FieldError):
            values.date(_node(bad), "date")


def test_did_you_mean_suggests_the_closest_choice() -> None:
    assert did_you_mean("publised", ["published", "review", "draft"]) == \
        "; did you mean 'published'?"
    assert did_you_mean("zzz", ["published"]) == ""


def test_line_numbers_survive_bom_crlf_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_bytes("\ufeff---\r\ntitle: A\r\n\r\nregion: EMEA\r\n---\r\n\r\nBody\r\n".encode())
    source = read_source(path, [])
    assert source.entries["title"].line == 2
    assert source.entries["region"].line == 4
    assert source.end_line == 5
    assert source.body_first_line + source.body.split("\n").index("Body") == 7


def test_decode_reports_the_line_of_a_bad_byte() -> None:
    with pytest.raises(FieldError) as caught:
        decode(b"---\ntitle: ok\ncustomer: Caf\xe9\n---\n")
    assert caught.value.line == 3


def test_file_names_give_slug_and_language() -> None:
    assert name_parts(Path("stories/acme/index.md"), "story") == ("acme", None)
    assert name_parts(Path("stories/acme/index.ja.md"), "story") == ("acme", "ja")
    assert name_parts(Path("stories/acme-go-live.ja.md"), "story") == ("acme-go-live", "ja")
    assert name_parts(Path("content/faq/sso.md"), "faq") == ("sso", None)


def test_identifying_names_keep_distinctive_words() -> None:
    assert identifying_names("Hanabishi Bank") == ["Hanabishi Bank", "Hanabishi"]
    assert identifying_names("Bank of Nowhere") == ["Bank of Nowhere"]
    assert identifying_names("株式会社花菱") == ["株式会社花菱", "花菱"]


def _random_markdown(rng: random.Random) -> str:
    """Markdown soup: every construct the site's extensions know, in random order."""
    pieces = list("ab *_`\\[]()<>&!#^:;/.@|{}~\"'-=\n") + [
        "  \n", "\n\n", "    ", "http://example.com", "<https://x.org/a>", "<me@x.org>",
        "<b>", "</b>", "<!-- c -->", "&amp;", "&#38;", "&copy", "[^1]", "[^1]: note\n",
        "![alt](p.png \"t\")", "[link](u)", "[ref][r]\n\n[r]: /u\n", "*em*", "**strong**",
        "__c__", "***x***", "`code`", "``a`b``", "# H\n", "## Q {#near-give-up}\n",
        "*[HTML]: Hyper Text\n", "HTML", "Term\n: definition\n",
        "| a | b |\n|---|---|\n| 1 | 2 |\n",
        "```\nfenced\n```\n", "<div markdown=\"1\">*x*</div>\n", "1. one\n2. two\n", "- item\n",
        "> quote\n", "ランプロ", "\\*", "\\`",
    ]
    return "".join(rng.choice(pieces) for _ in range(rng.randint(1, 40)))


LINE_STARTS = [
    "", "# ", "###### ", "#", "> ", "   > ", ": ", "   : ", ":", "- ", "* ", "1. ", "    ", "\t",
    "---", "***", "___", "- - -", "===", "--", "[^1]: ", "[^x]:", "*[ABC]: ", "*[A]:", "[r]: ",
    " [r]: /u \"t\"", "```", "~~~", "```python", "| ", "|", "<div>", "</div>", "<!-- x -->",
    "&amp;", "&copy ", "&#38;", "<br/>", "<div markdown=\"1\">",
]
LINE_WORDS = ["alpha", "beta", "#", ">", ":", "|", "-", "_", "*", "[", "]", "^", "&", "<", "`",
              "~", "=", "ランプロ", "a|b", "x: y", "ABC", "http://e.org", "\\|"]


def _random_blocks(rng: random.Random) -> str:
    """Lines that start as every block construct does, and lines that almost do."""
    lines = []
    for _ in range(rng.randint(1, 14)):
        words = " ".join(rng.choice(LINE_WORDS) for _ in range(rng.randint(0, 6)))
        lines.append(rng.choice(LINE_STARTS) + words)
        if rng.random() < 0.3:
            lines.append("")
    return "\n".join(lines)


def test_guarded_steps_render_exactly_as_stock_python_markdown() -> None:
    """casebook.markdown.inline and .blocks skip steps on text they cannot match; the
    HTML must stay the same. Breaking any one guard makes this fail."""
    stock = markdown.Markdown(extensions=render.MARKDOWN_EXTENSIONS,
                              extension_configs=render.MARKDOWN_CONFIG)
    root = Path(__file__).resolve().parents[2]
    texts = [p.read_text(encoding="utf-8") for folder in ("content", "stories")
             for p in sorted((root / folder).rglob("*.md"))]
    rng = random.Random(2026)
    texts += [_random_markdown(rng) for _ in range(3000)]
    texts += [_random_blocks(rng) for _ in range(3000)]
    for text in texts:
        stock.reset()
        expected = render.H1_RE.sub(r"<\1h2", stock.convert(text))
        assert render.markdown_to_html(text) == expected, text


def test_every_inline_pattern_of_the_site_is_guarded() -> None:
    """A Python-Markdown release that changes a pattern makes rendering slower, not
    wrong; this test says which pattern lost its guard."""
    patterns = render.converter().inlinePatterns
    names = inline.registry_names(patterns)
    unguarded = [name for name, pattern in zip(names, patterns, strict=True)
                 if inline.trigger_of(name, pattern) is None]
    assert names and not unguarded


def test_every_block_step_of_the_site_is_guarded() -> None:
    assert blocks.unguarded_steps(render.converter()) == []
