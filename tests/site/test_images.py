"""Images: derivatives, privacy, modes, cache, responsive markup and social cards.

Golden images live in tests/goldens/. After an intended change to encoding or
to the card layout, regenerate them and look at them before committing:

    CASEBOOK_REGEN_GOLDENS=1 .venv/bin/pytest tests/site/test_images.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image, ImageChops, ImageDraw, ImageStat

from ..conftest import Project

GOLDENS = Path(__file__).parent.parent / "goldens"
REGENERATE = os.environ.get("CASEBOOK_REGEN_GOLDENS") == "1"
GPS_IFD = 0x8825
ORIENTATION = 0x0112


def assert_matches_golden(image: Image.Image, name: str, tolerance: float = 2.0,
                          compare_width: int = 0) -> None:
    """Mean absolute difference per channel below ``tolerance`` (of 255).

    With ``compare_width``, both sides are compared as thumbnails of that width, so
    goldens of large derivatives stay small in the repository.
    """
    if compare_width:
        height = round(image.height * compare_width / image.width)
        image = image.convert("RGB").resize((compare_width, height), Image.Resampling.BOX)
    golden = GOLDENS / name
    if REGENERATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        image.save(golden)
    with Image.open(golden) as expected:
        assert expected.size == image.size, name
        diff = ImageChops.difference(expected.convert("RGB"), image.convert("RGB"))
        assert max(ImageStat.Stat(diff).mean) < tolerance, name


def test_pattern(size: tuple[int, int] = (2000, 1200)) -> Image.Image:
    """A fixed drawing with edges and gradients, the source of the derivative goldens."""
    image = Image.new("RGB", size, (240, 240, 230))
    draw = ImageDraw.Draw(image)
    for x in range(0, size[0], 40):
        draw.line((x, 0, size[0] - x, size[1]), fill=(x % 255, 90, 160), width=6)
    draw.ellipse((500, 300, 1500, 1000), fill=(30, 110, 200), outline=(0, 0, 0), width=12)
    draw.rectangle((100, 100, 400, 400), fill=(230, 60, 40))
    return image


test_pattern.__test__ = False  # type: ignore[attr-defined]  # a helper, not a test


def _photo_with_exif(project: Project, relative: str) -> None:
    image = Image.new("RGB", (300, 200), "orange")
    image.paste((0, 0, 255), (0, 0, 150, 200))  # left half blue
    exif = Image.Exif()
    exif[ORIENTATION] = 6  # rotate 90 degrees clockwise when displayed
    exif[0x010F] = "CameraMaker"
    exif[0x013B] = "Photographer Name"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (35.0, 39.0, 29.0), 3: "E", 4: (139.0, 44.0, 28.0)})
    path = project.root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", exif=exif, comment=b"secret comment")


def media(project: Project) -> dict[str, Path]:
    return {p.name: p for p in (project.output / "media").iterdir()}


def stats(project: Project) -> dict[str, int]:
    result: dict[str, int] = json.loads(
        (project.root / ".cache/build-stats.json").read_text())["images"]
    return result


def test_derivatives_have_the_right_widths_and_formats(project: Project) -> None:
    (project.root / "stories/acme").mkdir(parents=True)
    test_pattern().save(project.root / "stories/acme/hero.jpg", "JPEG", quality=95)
    project.story("stories/acme/index.md", hero="hero.jpg")
    assert project.build().code == 0
    files = media(project)
    stems = {name.split("-")[0] for name in files if not name.startswith("card-")}
    [stem] = stems
    for width in (480, 960, 1600):
        for ext, fmt in ((".jpg", "JPEG"), (".webp", "WEBP")):
            with Image.open(files[f"{stem}-{width}{ext}"]) as derivative:
                assert derivative.format == fmt
                assert derivative.size == (width, round(1200 * width / 2000))
                assert_matches_golden(derivative.convert("RGB"), f"derivative-{width}{ext}.png",
                                      compare_width=240)


def test_small_images_are_never_upscaled(project: Project) -> None:
    project.image("stories/acme/logo.png", size=(240, 240))
    project.story("stories/acme/index.md", logo="logo.png")
    assert project.build().code == 0
    names = sorted(n for n in media(project) if not n.startswith("card-"))
    assert [n.split("-", 1)[1] for n in names] == ["240.png", "240.webp"]


def test_exif_and_gps_are_stripped_and_orientation_applied(project: Project) -> None:
    _photo_with_exif(project, "stories/acme/hero.jpg")
    project.story("stories/acme/index.md", hero="hero.jpg")
    assert project.build().code == 0
    published = [p for n, p in media(project).items() if not n.startswith("card-")]
    assert published
    for path in published:
        data = path.read_bytes()
        assert b"Photographer Name" not in data and b"CameraMaker" not in data
        assert b"secret comment" not in data
        with Image.open(path) as image:
            assert not image.getexif()
            assert "exif" not in image.info and "comment" not in image.info
            assert image.size == (200, 300)  # rotated upright
            top = image.convert("RGB").getpixel((100, 10))
            assert top[2] > 200 and top[0] < 60  # the blue half is now on top


@pytest.mark.parametrize(("mode", "fmt", "suffix"), [
    ("CMYK", "JPEG", ".jpg"), ("P", "PNG", ".png"), ("RGBA", "PNG", ".png"),
    ("I;16", "PNG", ".png"), ("LA", "PNG", ".png"),
])
def test_every_image_mode_is_published(project: Project, mode: str, fmt: str,
                                       suffix: str) -> None:
    (project.root / "stories/acme").mkdir(parents=True)
    color: object = {"CMYK": (0, 50, 100, 0), "P": 3, "RGBA": (200, 10, 10, 128),
                     "I;16": 40000, "LA": (120, 200)}[mode]
    Image.new(mode, (64, 40), color).save(project.root / f"stories/acme/a{suffix}", fmt)
    project.story("stories/acme/index.md", hero=f"a{suffix}")
    assert project.build().code == 0
    for name, path in media(project).items():
        if name.startswith("card-"):
            continue
        with Image.open(path) as image:
            image.load()
            assert image.size == (64, 40)
            if mode == "RGBA":
                assert image.mode in ("RGBA", "LA", "PA", "P")


def test_animated_gif_stays_animated(project: Project) -> None:
    (project.root / "stories/acme").mkdir(parents=True)
    frames = [Image.new("RGB", (80, 60), c) for c in ("red", "green", "blue")]
    frames[0].save(project.root / "stories/acme/anim.gif", save_all=True,
                   append_images=frames[1:], duration=120, loop=0)
    project.story("stories/acme/index.md", body="![Three colours](anim.gif)\n")
    assert project.build().code == 0
    for ext in (".gif", ".webp"):
        [path] = [p for n, p in media(project).items() if n.endswith(ext)]
        with Image.open(path) as image:
            assert getattr(image, "n_frames", 1) == 3


def test_svg_logos_are_cleaned(project: Project) -> None:
    project.write("stories/acme/logo.svg",
                  '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/'
                  'xlink" viewBox="0 0 100 100" onload="alert(1)"><script>alert(2)</script>'
                  '<style>@import url(https://evil.example/x.css); rect{fill:red}</style>'
                  '<rect width="100" height="100" onclick="alert(3)"/>'
                  '<use xlink:href="https://evil.example/s.svg#a"/><use href="#local"/>'
                  '<image href="https://tracker.example/p.png"/></svg>')
    project.story("stories/acme/index.md", logo="logo.svg")
    assert project.build().code == 0
    [svg] = [p for n, p in media(project).items() if n.endswith(".svg")]
    text = svg.read_text()
    for bad in ("alert", "evil.example", "tracker.example", "<script", "onload", "onclick"):
        assert bad not in text, bad
    assert "<rect" in text and 'href="#local"' in text


@pytest.mark.parametrize(("write", "message"), [
    (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20), "is not an image Casebook"),
    (lambda p: p.write_bytes(b"<svg><script>"), "is not a usable SVG image"),
])
def test_broken_images_are_path_line_errors(project: Project, write: object,
                                            message: str) -> None:
    name = "logo.svg" if "SVG" in message else "logo.png"
    path = project.root / "stories/acme" / name
    path.parent.mkdir(parents=True)
    write(path)  # type: ignore[operator]
    project.story("stories/acme/index.md", logo=name)
    result = project.build()
    assert result.code == 1
    assert any(line.startswith(f"stories/acme/index.md:10: error: '{name}' {message}")
               for line in result.lines), result.output


def test_decompression_bombs_are_refused(project: Project) -> None:
    path = project.root / "stories/acme/huge.png"
    path.parent.mkdir(parents=True)
    Image.new("1", (20_000, 20_000)).save(path, "PNG")  # 400 megapixels, a few kB on disk
    project.story("stories/acme/index.md", hero="huge.png")
    result = project.build()
    assert result.code == 1
    assert "stories/acme/index.md:10: error: image 'huge.png' has too many pixels to process " \
           "safely" \
        in result.output


def test_warm_build_encodes_nothing_and_keys_on_bytes(project: Project) -> None:
    (project.root / "stories/acme").mkdir(parents=True)
    test_pattern((1000, 600)).save(project.root / "stories/acme/hero.jpg", "JPEG")
    project.image("stories/acme/logo.png")
    project.story("stories/acme/index.md", hero="hero.jpg", logo="logo.png")
    assert project.build().code == 0
    assert stats(project)["encoded"] == 2
    assert project.run("build", "--force").code == 0
    assert {k: v for k, v in stats(project).items() if k != "seconds"} == {
        "encoded": 0, "reused": 2, "cards_drawn": 0}
    os.utime(project.root / "stories/acme/hero.jpg")  # touched, same bytes: still cached
    assert project.build().code == 0
    assert stats(project)["encoded"] == 0
    project.image("stories/acme/logo.png", color="purple")  # new bytes: one encode
    assert project.build().code == 0
    assert stats(project)["encoded"] == 1


def test_pages_get_responsive_pictures(project: Project) -> None:
    (project.root / "stories/acme").mkdir(parents=True)
    test_pattern((2000, 1200)).save(project.root / "stories/acme/hero.jpg", "JPEG")
    test_pattern((1200, 800)).save(project.root / "stories/acme/team.jpg", "JPEG")
    project.story("stories/acme/index.md", hero="hero.jpg",
                  body='Text.\n\n![Our team](team.jpg "The team")\n')
    assert project.build().code == 0
    page = BeautifulSoup(project.page("stories/acme"), "html.parser")
    hero = page.select_one("picture img.story-hero")
    assert hero["width"] == "1600" and hero["height"] == "960"
    assert [part.split()[1] for part in hero["srcset"].split(", ")] == ["480w", "960w", "1600w"]
    assert "loading" not in hero.attrs  # above the fold
    webp = hero.find_previous_sibling("source")
    assert webp["type"] == "image/webp" and webp["srcset"].endswith(".webp 1600w")
    body_image = page.select_one(".story-body figure picture img")
    assert body_image["loading"] == "lazy" and body_image["decoding"] == "async"
    assert (body_image["width"], body_image["height"]) == ("1200", "800")
    for url in [hero["src"], *[s.split()[0] for s in webp["srcset"].split(", ")]]:
        assert (project.output / url.lstrip("/")).exists()


def test_each_story_gets_a_social_card(project: Project) -> None:
    project.image("stories/acme/logo.png", size=(200, 200), color="gold")
    project.story("stories/acme/index.md", logo="logo.png",
                  metrics='[{value: "60%", label: "faster approvals"}]')
    assert project.build().code == 0
    page = BeautifulSoup(project.page("stories/acme"), "html.parser")
    card_url = page.find("meta", property="og:image")["content"]
    with Image.open(project.output / card_url.lstrip("/")) as card:
        assert card.size == (1200, 630)
        assert card.convert("RGB").getpixel((1050, 520)) == (255, 215, 0)  # the logo


def test_japanese_social_card_has_real_glyphs() -> None:
    from casebook.images.cards import CardSpec, render_card

    spec = CardSpec(
        title="ロットの追跡が3日から15分に。奥山精密工業が紙の検査記録をやめるまで",
        lang="ja", site_name="Relaypoint お客様事例", label="導入事例 · 製造業",
        metric_value="15分", metric_label="ロット追跡にかかる時間", logo="", logo_digest="",
        colours=(("accent", "#f2a541"), ("background", "#17468c"), ("text", "#ffffff")))
    target = Path(os.environ.get("TMPDIR", "/tmp")) / "casebook-card-ja.png"
    from casebook.images.cards import FONT_CANDIDATES

    font = next(Path(p) for p in FONT_CANDIDATES if Path(p).exists())
    render_card(spec, font, target)
    with Image.open(target) as card:
        assert_matches_golden(card, "card-ja.png", tolerance=1.0)


def test_card_font_has_a_glyph_for_every_character_of_the_sample() -> None:
    """No tofu: every character of every sample title renders unlike the missing glyph."""
    from PIL import ImageFont

    from casebook.cli.build import load_config
    from casebook.content import load_site
    from casebook.images.cards import FONT_CANDIDATES, JAPANESE_FACE

    from ..conftest import REPO

    font_path = next(p for p in FONT_CANDIDATES if Path(p).exists())
    font = ImageFont.truetype(font_path, 40, index=JAPANESE_FACE)
    def pixels(ch: str) -> bytes:
        return bytes(Image.Image()._new(font.getmask(ch)).tobytes())

    missing = pixels("\U0010fffd")  # a private-use code point: no glyph
    site = load_site(load_config(REPO / "pelicanconf.py").content)
    characters = {ch for item in site.items for ch in item.title if not ch.isspace()}
    tofu = [ch for ch in characters if pixels(ch) == missing]
    assert tofu == []


def test_a_card_is_a_small_palette_png_whose_text_fits(tmp_path: Path) -> None:
    """Three colours and their blends; a long metric is set smaller, never cut off."""
    from casebook.images.cards import FONT_CANDIDATES, CardSpec, render_card

    font = next(Path(p) for p in FONT_CANDIDATES if Path(p).exists())
    colours = (("accent", "#f2a541"), ("background", "#17468c"), ("text", "#ffffff"))
    spec = CardSpec(title="Harbourline Freight resolves delivery exceptions in hours",
                    lang="en", site_name="Relaypoint Customer Stories",
                    label="Story · Logistics", metric_value="12,400 forms",
                    metric_label="a month, on phones", logo="", logo_digest="",
                    colours=colours)
    target = tmp_path / spec.name
    render_card(spec, font, target)
    assert target.stat().st_size < 60_000
    with Image.open(target) as card:
        assert card.mode == "P" and card.size == (1200, 630)
        rgb = card.convert("RGB")
    used = {colour for _count, colour in rgb.getcolors(256) or []}
    assert (255, 255, 255) in used and (0xF2, 0xA5, 0x41) in used  # text and accent, pure
    assert len(used) <= 32
    background = (0x17, 0x46, 0x8C)
    right_margin = rgb.crop((1170, 0, 1200, 630)).getcolors(4)
    assert right_margin == [(30 * 630, background)]  # the metric ends inside the card


def test_cards_are_drawn_on_idle_cores_beside_the_pages_then_finished_on_all(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With a core beyond the page build's, a worker draws cards from the moment the
    stories are read; ``finish`` draws what it had not, and every card is published
    (linked from the cache). On two cores, nothing is drawn beside the pages."""
    import time

    from casebook.images import cards as module
    from casebook.images.cards import FONT_CANDIDATES, CardDrawing, CardSpec

    font = next(Path(p) for p in FONT_CANDIDATES if Path(p).exists())
    colours = (("accent", "#f2a541"), ("background", "#17468c"), ("text", "#ffffff"))
    specs = [CardSpec(title=f"Story number {n}", lang="en", site_name="Relaypoint",
                      label="Story · Logistics", metric_value=f"{n}%", metric_label="faster",
                      logo="", logo_digest="", colours=colours) for n in range(40)]
    monkeypatch.setattr(module.os, "cpu_count", lambda: module.PAGE_BUILD_CORES)
    assert CardDrawing(specs, font, tmp_path / "two-cores").beside is None

    monkeypatch.setattr(module.os, "cpu_count", lambda: module.PAGE_BUILD_CORES + 1)
    drawing = CardDrawing(specs, font, tmp_path / "cache")
    assert drawing.beside is not None
    deadline = time.monotonic() + 60
    while not any((tmp_path / "cache" / "cards").glob("*.png")):
        assert time.monotonic() < deadline, "no card drawn beside the pages"
        time.sleep(0.05)
    assert drawing.finish(tmp_path / "media") == 40
    for spec in specs:
        published = tmp_path / "media" / spec.name
        assert published.samefile(tmp_path / "cache" / "cards" / spec.name)
    assert not list((tmp_path / "cache" / "cards").glob("*.part"))
    again = CardDrawing(specs, font, tmp_path / "cache")  # the next build draws none
    assert again.missing == [] and again.finish(tmp_path / "media2") == 0
