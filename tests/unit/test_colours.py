"""The site's own colour: readable on its page, light and dark, or refused with a shade
that is."""

from __future__ import annotations

import re

from casebook.outputs.colours import (
    PAPER,
    TEXT_CONTRAST,
    colour_problems,
    contrast,
    parse_hex,
    stylesheet,
)


def tokens(css: str, scheme: str) -> dict[str, str]:
    light, _, dark = css.partition("@media (prefers-color-scheme: dark)")
    return dict(re.findall(r"--([\w-]+): (#[0-9a-f]{6});", light if scheme == "light" else dark))


def test_contrast_is_wcag_contrast() -> None:
    assert round(contrast((255, 255, 255), (0, 0, 0)), 1) == 21.0
    assert round(contrast((0x76, 0x76, 0x76), (255, 255, 255)), 2) == 4.54  # the AA grey


def test_a_faint_colour_is_refused_with_a_readable_shade_of_it() -> None:
    (problem,) = colour_problems({"brand": "#2dd4bf"})
    assert problem == ("CASEBOOK_COLOURS: brand '#2dd4bf' is too faint to read as link text "
                       "on white (1.9:1; it needs 4.5:1): the same colour at '#1c8376' is "
                       "readable")
    assert colour_problems({"brand": "#1c8376"}) == []  # the suggestion passes
    (dark,) = colour_problems({"brand": "#0f766e", "brand_dark": "#0f766e"})
    assert "brand_dark '#0f766e' is too faint to read as link text on the dark page" in dark


def test_wrong_names_and_values_say_what_to_write() -> None:
    assert colour_problems({"brand": "teal"}) == [
        "CASEBOOK_COLOURS: brand 'teal' is not a colour: write it as CSS hex, e.g. '#0f766e'"]
    (unknown, missing) = colour_problems({"accent": "#0f766e"})
    assert unknown.startswith("CASEBOOK_COLOURS: 'accent' is not a colour the theme uses; it "
                              "uses 'brand' (links, buttons and focus rings on white)")
    assert missing.startswith("CASEBOOK_COLOURS: give 'brand'")
    assert colour_problems({}) == []  # the theme's own blue


def test_every_token_is_readable_in_both_schemes() -> None:
    for brand in ("#0f766e", "#7a1fa2", "#b42318", "#000000", "#1d5bb8"):
        css = stylesheet({"brand": brand})
        light, dark = tokens(css, "light"), tokens(css, "dark")
        assert light["brand"] == brand
        for scheme, values in (("brand", light), ("brand_dark", dark)):
            page = PAPER[scheme]
            brand_rgb = parse_hex(values["brand"])
            assert brand_rgb is not None
            assert contrast(brand_rgb, page) >= TEXT_CONTRAST, (brand, scheme)
            on_brand = parse_hex(values["on-brand"])
            assert on_brand is not None
            assert contrast(on_brand, brand_rgb) >= TEXT_CONTRAST, (brand, scheme)  # buttons
    given = tokens(stylesheet({"brand": "#0f766e", "brand_dark": "#5eead4"}), "dark")
    assert given["brand"] == "#5eead4"
