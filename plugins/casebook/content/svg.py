"""Customer SVGs (logos, hero images), parsed safely and rebuilt from an allow-list.

A customer SVG opened at its own URL is a document in the site's origin: on hosts that send
no Content-Security-Policy (GitHub Pages, S3) any script, SMIL-animated link or outside fetch
in it runs or leaks there. So the published file keeps only what draws a picture:

* the document is parsed after decoding (UTF-8, UTF-8 with BOM, UTF-16) by a parser that
  refuses DTDs and entities; comments and processing instructions are not kept;
* elements: SVG-namespace shapes, text, containers, gradients, patterns, masks, clip paths,
  markers, ``<style>`` and the filter primitives that cannot load anything (``ELEMENTS``);
  ``<switch>`` is kept because Illustrator wraps the artwork in it; an ``<a>`` becomes a
  ``<g>`` (its artwork is kept, the link is not). Everything else (script, foreignObject,
  image, feImage, animation, metadata, other namespaces) is dropped with its content;
* attributes: geometry and presentation names only (``ATTRIBUTES``); ``href`` and
  ``xlink:href`` only as ``#id`` on the elements that reference a local shape or paint;
* CSS (``<style>``, ``style=""`` and presentation attribute values) is tokenised with
  tinycss2, which decodes escapes: at-rules are dropped, properties and functions come from
  allow-lists, ``url()`` must be ``url(#id)``, and ``<style>``/``style=""`` are re-serialised
  from the kept tokens. A value holding a backslash or a control character is dropped.

Rasterising customer SVGs was considered and not chosen: logos stay vectors (small and sharp
at any size), and the allow-list removes every construct that could run or fetch.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable
from typing import Any
from xml.etree import ElementTree as ET

import tinycss2
from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml import ElementTree as SafeET
from tinycss2.ast import URLToken

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
MAX_DEPTH = 100
BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF8, "UTF-8"),
    (codecs.BOM_UTF16_LE, "UTF-16-LE"),
    (codecs.BOM_UTF16_BE, "UTF-16-BE"),
)

ELEMENTS = frozenset({
    "svg", "g", "defs", "symbol", "use", "switch", "title", "desc", "style",
    "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
    "text", "tspan", "textPath",
    "linearGradient", "radialGradient", "stop", "clipPath", "mask", "pattern", "marker",
    "filter", "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite",
    "feConvolveMatrix", "feDiffuseLighting", "feDisplacementMap", "feDistantLight",
    "feDropShadow", "feFlood", "feFuncA", "feFuncB", "feFuncG", "feFuncR", "feGaussianBlur",
    "feMerge", "feMergeNode", "feMorphology", "feOffset", "fePointLight",
    "feSpecularLighting", "feSpotLight", "feTile", "feTurbulence",
})
TEXT_ELEMENTS = frozenset({"title", "desc", "text", "tspan", "textPath"})
HREF_ELEMENTS = frozenset({
    "use", "textPath", "linearGradient", "radialGradient", "pattern", "filter",
})
HREF_NAMES = frozenset({"href", f"{{{XLINK_NS}}}href"})

# CSS properties, allowed both in CSS and as presentation attributes.
PROPERTIES = frozenset({
    "fill", "fill-opacity", "fill-rule", "stroke", "stroke-dasharray", "stroke-dashoffset",
    "stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "stroke-opacity",
    "stroke-width", "opacity", "stop-color", "stop-opacity", "clip-path", "clip-rule", "mask",
    "mask-type", "marker", "marker-start", "marker-mid", "marker-end", "filter",
    "lighting-color", "flood-color", "flood-opacity", "color", "color-interpolation",
    "color-interpolation-filters", "display", "visibility", "overflow", "transform",
    "transform-origin", "transform-box", "shape-rendering", "text-rendering",
    "image-rendering", "vector-effect", "paint-order", "mix-blend-mode", "isolation",
    "font", "font-family", "font-size", "font-size-adjust", "font-stretch", "font-style",
    "font-variant", "font-weight", "text-anchor", "dominant-baseline", "alignment-baseline",
    "baseline-shift", "letter-spacing", "word-spacing", "text-decoration", "writing-mode",
    "direction", "unicode-bidi", "white-space", "enable-background",
})
ATTRIBUTES = PROPERTIES | frozenset({
    "id", "class", "style", "version", "x", "y", "width", "height", "viewBox",
    "preserveAspectRatio", "d", "points", "cx", "cy", "r", "rx", "ry", "x1", "y1", "x2", "y2",
    "fx", "fy", "fr", "pathLength", "gradientUnits", "gradientTransform", "spreadMethod",
    "offset", "markerWidth", "markerHeight", "refX", "refY", "orient", "markerUnits",
    "patternUnits", "patternContentUnits", "patternTransform", "maskUnits",
    "maskContentUnits", "clipPathUnits", "filterUnits", "primitiveUnits",
    "in", "in2", "result", "stdDeviation", "dx", "dy", "mode", "operator",
    "k1", "k2", "k3", "k4", "values", "type", "tableValues", "slope", "intercept",
    "amplitude", "exponent", "scale", "xChannelSelector", "yChannelSelector", "radius",
    "order", "kernelMatrix", "divisor", "bias", "targetX", "targetY", "edgeMode",
    "preserveAlpha", "baseFrequency", "numOctaves", "seed", "stitchTiles", "surfaceScale",
    "diffuseConstant", "specularConstant", "specularExponent", "kernelUnitLength",
    "azimuth", "elevation", "pointsAtX", "pointsAtY", "pointsAtZ",
    "limitingConeAngle", "z", "textLength", "lengthAdjust", "startOffset", "rotate",
    "method", "spacing", "side", f"{{{XML_NS}}}space", f"{{{XML_NS}}}lang",
})
CSS_FUNCTIONS = frozenset({
    "rgb", "rgba", "hsl", "hsla", "calc", "matrix", "translate", "translatex", "translatey",
    "scale", "scalex", "scaley", "rotate", "skewx", "skewy",
})
VALUE_TOKENS = frozenset({
    "whitespace", "comment", "ident", "hash", "number", "percentage", "dimension", "string",
    "literal",
})
SELECTOR_LITERALS = frozenset({".", ",", ">", "+", "~", "*", ":", "="})
LOCAL_REFERENCE = re.compile(r"#[\w.-]+")
UNSAFE_TEXT = re.compile(r"[\\\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|javascript:|expression\(",
                         re.IGNORECASE)


class SvgError(ValueError):
    pass


def parse_svg(data: bytes) -> ET.Element:
    """The document's root element; SvgError says why an editor cannot use the file."""
    document = _decoded(data)
    try:
        root: ET.Element = SafeET.fromstring(
            document, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden) as exc:
        raise SvgError("it declares a DOCTYPE or entities; export it again as plain SVG") from exc
    except SafeET.ParseError as exc:
        raise SvgError(f"it is not well-formed XML ({exc})") from exc
    except (LookupError, ValueError) as exc:  # an encoding expat cannot decode
        raise SvgError(f"it uses a text encoding Casebook cannot read ({exc}); "
                       "save it again as UTF-8") from exc
    if root.tag == "svg":
        raise SvgError(f'its <svg> element lacks xmlns="{SVG_NS}", so browsers will not draw it')
    if root.tag != f"{{{SVG_NS}}}svg":
        raise SvgError("its root element is not <svg>")
    if _deeper_than(root, MAX_DEPTH):
        raise SvgError(f"it nests elements more than {MAX_DEPTH} deep; simplify the artwork")
    return root


def clean_svg(data: bytes) -> bytes:
    """The SVG rebuilt from the allow-list, as UTF-8 without an XML declaration."""
    root = parse_svg(data)
    _clean_element(root)
    _use_plain_names(root)
    return ET.tostring(root, encoding="unicode").encode("utf-8")


def _decoded(data: bytes) -> str | bytes:
    """Text decoded by its byte-order mark, which wins over the XML declaration as it does in
    browsers; without a mark, the bytes, for the parser to decode by the declaration."""
    for mark, encoding in BYTE_ORDER_MARKS:
        if data.startswith(mark):
            try:
                return data[len(mark):].decode(encoding)
            except UnicodeDecodeError as exc:
                raise SvgError(f"it starts as {encoding} but is not valid {encoding} text "
                               f"({exc.reason} at byte {exc.start}); save it again as UTF-8"
                               ) from exc
    return data


def _deeper_than(root: ET.Element, limit: int) -> bool:
    level = [root]
    for _ in range(limit):
        level = [child for element in level for child in element]
        if not level:
            return False
    return True


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _is_allowed_element(tag: Any) -> bool:
    return isinstance(tag, str) and tag.startswith(f"{{{SVG_NS}}}") and _local(tag) in ELEMENTS


def _clean_element(element: ET.Element) -> None:
    if _local(element.tag) == "style":
        _clean_style_element(element)
    else:
        for child in list(element):
            if child.tag == f"{{{SVG_NS}}}a":
                child.tag = f"{{{SVG_NS}}}g"  # a link's artwork is kept, the link is not
            if _is_allowed_element(child.tag):
                _clean_element(child)
            else:
                _remove_keeping_tail(element, child)
        if _local(element.tag) not in TEXT_ELEMENTS:
            _drop_stray_text(element)
    _clean_attributes(element)


def _remove_keeping_tail(parent: ET.Element, child: ET.Element) -> None:
    """Drop child and its content, but keep the text that follows it in parent."""
    if child.tail:
        index = list(parent).index(child)
        if index:
            previous = parent[index - 1]
            previous.tail = (previous.tail or "") + child.tail
        else:
            parent.text = (parent.text or "") + child.tail
    parent.remove(child)


def _drop_stray_text(element: ET.Element) -> None:
    """Text outside text elements is never drawn; only layout whitespace is kept."""
    if element.text and not element.text.isspace():
        element.text = None
    for child in element:
        if child.tail and not child.tail.isspace():
            child.tail = None


def _clean_style_element(element: ET.Element) -> None:
    css = (element.text or "") + "".join(child.tail or "" for child in element)
    for child in list(element):
        element.remove(child)
    element.text = _clean_stylesheet(css)


def _clean_attributes(element: ET.Element) -> None:
    name_of_element = _local(element.tag)
    for name, value in list(element.attrib.items()):
        cleaned = _clean_attribute(name_of_element, name, value)
        if cleaned is None:
            del element.attrib[name]
        else:
            element.attrib[name] = cleaned


def _clean_attribute(element: str, name: str, value: str) -> str | None:
    if name in HREF_NAMES:
        return _local_reference(value) if element in HREF_ELEMENTS else None
    if name == "style":
        return _clean_declarations(_parse_blocks(value)) or None
    if name in ATTRIBUTES and _is_safe_value(value):
        return value
    return None


def _local_reference(value: str) -> str | None:
    reference = value.strip()
    return reference if LOCAL_REFERENCE.fullmatch(reference) else None


def _is_safe_value(value: str) -> bool:
    """True when value, read as CSS, neither fetches nor hides anything behind escapes."""
    tokens = tinycss2.parse_component_value_list(value)
    return not UNSAFE_TEXT.search(value) and _css_value(tokens) is not None


def _clean_stylesheet(css: str) -> str:
    """The style rules with allowed selectors and declarations; every at-rule is dropped."""
    rules = []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type != "qualified-rule":
            continue
        selector = _selector(rule.prelude)
        declarations = _clean_declarations(_parse_blocks(rule.content))
        if selector and declarations:
            rules.append(f"{selector}{{{declarations}}}")
    return "".join(rules)


def _parse_blocks(css: str | list[Any]) -> list[Any]:
    result: list[Any] = tinycss2.parse_blocks_contents(
        css, skip_comments=True, skip_whitespace=True
    )
    return result


def _selector(prelude: list[Any]) -> str | None:
    """Plain selectors (types, classes, ids, combinators, pseudo-classes, [attr=ident])."""
    for token in prelude:
        if token.type == "[] block":
            if not all(_is_selector_token(part) for part in token.content):
                return None
        elif not _is_selector_token(token):
            return None
    text = " ".join(tinycss2.serialize(prelude).split())
    return text if text and not UNSAFE_TEXT.search(text) else None


def _is_selector_token(token: Any) -> bool:
    if token.type == "literal":
        return token.value in SELECTOR_LITERALS
    return token.type in {"whitespace", "ident", "hash"}


def _clean_declarations(nodes: Iterable[Any]) -> str:
    kept = []
    for node in nodes:
        if node.type != "declaration" or node.lower_name not in PROPERTIES:
            continue
        value = _css_value(node.value)
        if value:
            kept.append(f"{node.lower_name}:{value}{'!important' if node.important else ''}")
    return ";".join(kept)


def _css_value(tokens: list[Any]) -> str | None:
    """The value re-serialised from its tokens, or None if it could fetch or run anything.

    ``url()`` is allowed only at the top level and only as ``url(#id)``; functions come from
    CSS_FUNCTIONS; the serialised text must hold no backslash, control character,
    ``javascript:`` or ``expression(``.
    """
    kept = []
    for token in tokens:
        target = _url_target(token)
        if target is not None:
            reference = _local_reference(target)
            if reference is None:
                return None
            token = URLToken(token.source_line, token.source_column, reference,
                             f"url({reference})")
        elif not _is_plain_token(token):
            return None
        kept.append(token)
    text = tinycss2.serialize(kept).strip()
    return None if UNSAFE_TEXT.search(text) else text


def _url_target(token: Any) -> str | None:
    """What a url token or url() function points to ("" if unreadable); None if neither."""
    if token.type == "url":
        return str(token.value)
    if token.type == "function" and token.lower_name == "url":
        arguments = [part for part in token.arguments if part.type != "whitespace"]
        if len(arguments) == 1 and arguments[0].type == "string":
            return str(arguments[0].value)
        return ""
    return None


def _is_plain_token(token: Any) -> bool:
    if token.type == "function":
        return token.lower_name in CSS_FUNCTIONS and all(map(_is_plain_token, token.arguments))
    if token.type in {"() block", "[] block"}:
        return all(map(_is_plain_token, token.content))
    return token.type in VALUE_TOKENS


def _use_plain_names(root: ET.Element) -> None:
    """Write SVG as the default namespace and xlink:href with its usual prefix, without
    touching ElementTree's global prefix registry."""
    uses_xlink = False
    for element in root.iter():
        element.tag = _local(element.tag)
        for name in list(element.attrib):
            if name.startswith(f"{{{XLINK_NS}}}"):
                element.attrib[f"xlink:{_local(name)}"] = element.attrib.pop(name)
                uses_xlink = True
            elif name.startswith(f"{{{XML_NS}}}"):
                element.attrib[f"xml:{_local(name)}"] = element.attrib.pop(name)
    namespaces = {"xmlns": SVG_NS, **({"xmlns:xlink": XLINK_NS} if uses_xlink else {})}
    attributes = {**namespaces, **root.attrib}
    root.attrib.clear()
    root.attrib.update(attributes)
