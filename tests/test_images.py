"""Published images are re-encoded: orientation applied, metadata gone, size capped."""

from __future__ import annotations

from PIL import Image

from .conftest import Project

GPS_IFD = 0x8825
ORIENTATION = 0x0112


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


def test_exif_and_gps_are_stripped_and_orientation_applied(project: Project) -> None:
    _photo_with_exif(project, "stories/acme/hero.jpg")
    project.story("stories/acme/index.md", hero="hero.jpg")
    assert project.build().code == 0
    [published] = list((project.output / "media").glob("*.jpg"))
    data = published.read_bytes()
    assert b"Photographer Name" not in data and b"CameraMaker" not in data
    assert b"secret comment" not in data
    with Image.open(published) as image:
        assert not image.getexif()
        assert "exif" not in image.info and "comment" not in image.info
        assert image.size == (200, 300)  # rotated upright
        top = image.getpixel((100, 10))
        assert top[2] > 200 and top[0] < 60  # blue half now on top


def test_large_images_are_resized_never_copied(project: Project) -> None:
    project.image("stories/acme/hero.png", size=(3200, 1000), color="green")
    project.story("stories/acme/index.md", hero="hero.png")
    assert project.build().code == 0
    [published] = list((project.output / "media").glob("*.png"))
    with Image.open(published) as image:
        assert image.size == (1600, 500)


def test_cmyk_and_16_bit_images_are_published(project: Project) -> None:
    (project.root / "stories/acme").mkdir(parents=True)
    Image.new("CMYK", (40, 40), (0, 50, 100, 0)).save(project.root / "stories/acme/c.jpg", "JPEG")
    Image.new("I;16", (40, 40), 40000).save(project.root / "stories/acme/d.png", "PNG")
    project.story("stories/acme/index.md", hero="c.jpg", body="![deep](d.png)\n")
    assert project.build().code == 0
    for published in (project.output / "media").iterdir():
        with Image.open(published) as image:
            assert image.format in ("JPEG", "PNG")
            image.load()  # decodes fully: the file is a valid image
