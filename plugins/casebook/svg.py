"""SVG logos: parsed safely, and cleaned of everything that could run or call out.

Kept: shapes, text, gradients, styles without external references. Removed:
script, foreignObject, event-handler attributes, links that leave the file
(``href`` other than ``#id``), ``@import`` and ``url(...)`` to anything but
``#id`` in styles. Documents with a DOCTYPE or entities are refused outright.
"""

from __future__ import annotations

import re
from xml.etree import ElementTree as ET

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
DROPPED = {"script", "foreignObject", "iframe", "object", "embed", "audio", "video", "image"}
OUTSIDE_URL = re.compile(r"url\(\s*['\"]?(?!#)[^)]*\)|@import[^;]*;?", re.IGNORECASE)


class SvgError(ValueError):
    pass


def parse_svg(data: bytes) -> ET.Element:
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise SvgError("it declares a DOCTYPE or entities; export it again as plain SVG")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise SvgError(f"it is not well-formed XML ({exc})") from exc
    if _local(root.tag) != "svg":
        raise SvgError("its root element is not <svg>")
    return root


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def clean_svg(data: bytes) -> bytes:
    """The SVG with everything active or external removed."""
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    root = parse_svg(data)
    _clean(root)
    cleaned: bytes = ET.tostring(root, encoding="utf-8")
    return cleaned


def _clean(element: ET.Element) -> None:
    for child in list(element):
        if _local(child.tag) in DROPPED:
            element.remove(child)
            continue
        _clean(child)
    for name, value in list(element.attrib.items()):
        local = _local(name).lower()
        if local.startswith("on") or local == "href" and not value.startswith("#"):
            del element.attrib[name]
        elif local == "style":
            element.attrib[name] = OUTSIDE_URL.sub("", value)
    if _local(element.tag) == "style" and element.text:
        element.text = OUTSIDE_URL.sub("", element.text)
