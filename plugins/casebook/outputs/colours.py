"""The site's own colour (``CASEBOOK_COLOURS``) in place of the theme's blue.

One brand colour is enough: the theme's brand tokens (links, buttons, focus rings,
tints) are worked out from it for light reading, and a lighter shade of the same hue
for dark reading unless the site gives one (``brand_dark``). Each must be readable as
link text on its page (WCAG AA, 4.5:1); one that is not is refused with a shade of
the same colour that is. The result is a small stylesheet linked after the theme's,
so it is cached, fingerprinted and allowed by the site's CSP like the theme's own.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

RGB = tuple[int, int, int]
STYLESHEET = "css/colours.css"  # in the theme's static folder of the output
KEYS = {"brand": "links, buttons and focus rings on white",
        "brand_dark": "the same on the dark page, for readers whose system is dark"}
PAPER = {"brand": (255, 255, 255), "brand_dark": (12, 17, 27)}  # the theme's --paper
TEXT_CONTRAST = 4.5  # WCAG AA for text
DERIVED_DARK_CONTRAST = 7.0  # a derived dark shade aims higher: it was not chosen by eye


def parse_hex(text: str) -> RGB | None:
    digits = text.strip().removeprefix("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    if len(digits) != 6:
        return None
    try:
        value = int(digits, 16)
    except ValueError:
        return None
    return (value >> 16) & 255, (value >> 8) & 255, value & 255


def hex_text(colour: RGB) -> str:
    return "#{:02x}{:02x}{:02x}".format(*colour)


def luminance(colour: RGB) -> float:
    """Relative luminance (WCAG 2)."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def mix(a: RGB, b: RGB, share_of_b: float) -> RGB:
    r, g, bl = (round(x + (y - x) * share_of_b) for x, y in zip(a, b, strict=True))
    return r, g, bl


def readable_shade(colour: RGB, paper: RGB, ratio: float) -> RGB:
    """The nearest shade of ``colour`` (towards black on a light page, towards white on
    a dark one) that reads at ``ratio`` against ``paper``."""
    towards = (0, 0, 0) if luminance(paper) > 0.5 else (255, 255, 255)
    for step in range(101):
        shade = mix(colour, towards, step / 100)
        if contrast(shade, paper) >= ratio:
            return shade
    return towards


def colour_problems(colours: Mapping[str, str]) -> list[str]:
    """What is wrong with ``CASEBOOK_COLOURS``, each said with what to write instead."""
    problems = []
    for key, value in colours.items():
        if key not in KEYS:
            names = ", ".join(f"'{k}' ({what})" for k, what in KEYS.items())
            problems.append(f"CASEBOOK_COLOURS: '{key}' is not a colour the theme uses; "
                            f"it uses {names}")
            continue
        colour = parse_hex(value)
        if colour is None:
            problems.append(f"CASEBOOK_COLOURS: {key} '{value}' is not a colour: write it "
                            "as CSS hex, e.g. '#0f766e'")
            continue
        ratio = contrast(colour, PAPER[key])
        if ratio < TEXT_CONTRAST:
            shade = hex_text(readable_shade(colour, PAPER[key], TEXT_CONTRAST))
            where = "white" if key == "brand" else "the dark page"
            problems.append(f"CASEBOOK_COLOURS: {key} '{value}' is too faint to read as link "
                            f"text on {where} ({ratio:.1f}:1; it needs {TEXT_CONTRAST}:1): "
                            f"the same colour at '{shade}' is readable")
    if colours and "brand" not in colours:
        problems.append("CASEBOOK_COLOURS: give 'brand' (the colour on white); 'brand_dark' "
                        "is optional")
    return problems


def stylesheet(colours: Mapping[str, str]) -> str:
    """The theme's brand tokens from ``colours`` (already checked), light and dark."""
    brand = parse_hex(colours["brand"])
    assert brand is not None
    given_dark = parse_hex(colours.get("brand_dark", ""))
    dark = given_dark or readable_shade(brand, PAPER["brand_dark"], DERIVED_DARK_CONTRAST)
    white, black, night = PAPER["brand"], (0, 0, 0), PAPER["brand_dark"]
    light_tokens = {"brand": brand, "brand-ink": mix(brand, black, 0.3),
                    "brand-soft": mix(brand, white, 0.9), "on-brand": white}
    dark_tokens = {"brand": dark, "brand-ink": mix(dark, white, 0.4),
                   "brand-soft": mix(dark, night, 0.82), "on-brand": night}
    return ("/* The site's colours (CASEBOOK_COLOURS), written by the build. */\n"
            f":root {{\n{_tokens(light_tokens)}}}\n\n"
            "@media (prefers-color-scheme: dark) {\n"
            f"  :root {{\n{_tokens(dark_tokens, '  ')}  }}\n}}\n")


def _tokens(tokens: Mapping[str, RGB], indent: str = "") -> str:
    return "".join(f"{indent}  --{name}: {hex_text(value)};\n" for name, value in tokens.items())


def theme_files(colours: tuple[tuple[str, str], ...]) -> dict[str, bytes]:
    """What a build writes beside the theme's static files: the colours' stylesheet, when
    the site has colours of its own."""
    return {STYLESHEET: stylesheet(dict(colours)).encode()} if colours else {}


def write_theme_files(static: Path, files: Mapping[str, bytes]) -> None:
    for relative, data in files.items():
        (static / relative).parent.mkdir(parents=True, exist_ok=True)
        (static / relative).write_bytes(data)
