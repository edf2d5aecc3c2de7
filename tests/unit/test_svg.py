"""Customer SVGs: parse_svg refuses what cannot be read safely, clean_svg keeps the picture
and nothing that can run script or fetch from anywhere.

Every hostile output goes through ``assert_inert``, which re-parses it and walks every
element, attribute and CSS token against the allow-lists; the string checks are extra.
"""

from __future__ import annotations

import codecs
import re
from typing import Any
from xml.etree import ElementTree as ET

import pytest
import tinycss2
from defusedxml import ElementTree as SafeET

from casebook.content.svg import (
    ATTRIBUTES,
    ELEMENTS,
    HREF_ELEMENTS,
    PROPERTIES,
    SvgError,
    clean_svg,
    parse_svg,
)

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"
S = f"{{{SVG}}}"

# Independent of the module's lists: none of these may ever come out.
NEVER_ELEMENTS = frozenset({
    "script", "a", "foreignObject", "image", "feImage", "animate", "animateMotion",
    "animateTransform", "animateColor", "set", "discard", "mpath", "iframe", "audio", "video",
    "canvas", "object", "embed", "handler", "listener", "cursor", "font-face", "font-face-src",
    "font-face-uri", "view", "metadata", "tref", "include",
})
NEVER_ATTRIBUTES = frozenset({
    "attributename", "begin", "to", "from", "by", "requiredextensions",
    "externalresourcesrequired", "base", "src", "event",
})
SAFE_FUNCTIONS = frozenset({
    "rgb", "rgba", "hsl", "hsla", "calc", "matrix", "translate", "translatex", "translatey",
    "scale", "scalex", "scaley", "rotate", "skewx", "skewy",
})
LOCAL_REF = re.compile(r"#[\w.-]+")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
FORBIDDEN_TEXT = ("javascript", "expression", "@import", "@font-face", "<!doctype",
                  "<!entity", "<?xml-stylesheet", "evil", "<script", "\\", "onload", "onclick")


def doc(body: str, root_attributes: str = "") -> str:
    """A small SVG around body, with a harmless rect that must survive."""
    return (f'<svg xmlns="{SVG}" xmlns:xlink="{XLINK}" viewBox="0 0 10 10"{root_attributes}>'
            f'{body}<rect id="keep" width="1" height="1"/></svg>')


def local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


# -- the structural property ------------------------------------------------------------------

def assert_inert(output: bytes) -> ET.Element:
    """Output is UTF-8, parses without DTD, every element, attribute and CSS token is on the
    allow-list, nothing can run or fetch, and cleaning it again changes nothing."""
    text = output.decode("utf-8")
    root: ET.Element = SafeET.fromstring(output, forbid_dtd=True, forbid_entities=True,
                                         forbid_external=True)
    for element in root.iter():
        assert isinstance(element.tag, str) and element.tag.startswith(S), element.tag
        name = local(element.tag)
        assert name in ELEMENTS and name not in NEVER_ELEMENTS, name
        for attribute, value in element.attrib.items():
            assert_attribute_inert(name, attribute, value)
        if name == "style":
            assert_stylesheet_inert(element.text or "")
    lowered = text.lower()
    for marker in FORBIDDEN_TEXT:
        assert marker not in lowered, marker
    assert not re.search(r"url\(\s*['\"]?(?!#)", lowered)
    assert clean_svg(output) == output
    return root


def assert_attribute_inert(element: str, name: str, value: str) -> None:
    assert not local(name).lower().startswith("on"), name
    assert local(name).lower() not in NEVER_ATTRIBUTES, name
    assert "\\" not in value and not CONTROL.search(value), (name, value)
    if local(name) == "href":
        assert name in {"href", f"{{{XLINK}}}href"}, name
        assert element in HREF_ELEMENTS, element
        assert LOCAL_REF.fullmatch(value), value
    elif name == "style":
        assert value, "an empty style attribute should have been dropped"
        assert_declarations_inert(tinycss2.parse_blocks_contents(value))
    else:
        assert name in ATTRIBUTES, name
        assert_tokens_inert(tinycss2.parse_component_value_list(value))


def assert_stylesheet_inert(css: str) -> None:
    assert "\\" not in css
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        assert rule.type == "qualified-rule", tinycss2.serialize([rule])
        for token in rule.prelude:
            assert token.type in {"whitespace", "ident", "hash", "literal", "[] block"}, token
        assert_declarations_inert(tinycss2.parse_blocks_contents(
            rule.content, skip_comments=True, skip_whitespace=True))


def assert_declarations_inert(nodes: list[Any]) -> None:
    for node in nodes:
        if node.type == "whitespace":
            continue
        assert node.type == "declaration", node
        assert node.lower_name in PROPERTIES, node.lower_name
        assert_tokens_inert(node.value)


def assert_tokens_inert(tokens: list[Any]) -> None:
    for token in tokens:
        assert token.type not in {"at-keyword", "error", "{} block", "bad-url"}, token
        if token.type == "url":
            assert LOCAL_REF.fullmatch(token.value), token.value
        elif token.type == "function":
            if token.lower_name == "url":
                [argument] = [t for t in token.arguments if t.type != "whitespace"]
                assert LOCAL_REF.fullmatch(argument.value), argument.value
            else:
                assert token.lower_name in SAFE_FUNCTIONS, token.lower_name
                assert_tokens_inert(token.arguments)
        elif token.type in {"() block", "[] block"}:
            assert_tokens_inert(token.content)


# -- hostile documents: cleaned --------------------------------------------------------------

EVIL = "https://evil.example"
HOSTILE_BODIES = {
    "script": "<script>alert(1)</script>",
    "script-cdata": "<script><![CDATA[alert(1)]]></script>",
    "script-svg-prefix": f'<x:script xmlns:x="{SVG}">alert(1)</x:script>',
    "script-xhtml": '<html:script xmlns:html="http://www.w3.org/1999/xhtml">alert(1)'
                    "</html:script>",
    "foreignobject-iframe": '<foreignObject width="10" height="10"><iframe xmlns='
                            f'"http://www.w3.org/1999/xhtml" src="{EVIL}/"/></foreignObject>',
    "iframe-embed-object": f'<iframe src="{EVIL}/"/><embed src="{EVIL}/"/>'
                           f'<object data="{EVIL}/"/><audio src="{EVIL}/a"/>',
    "image-href": f'<image href="{EVIL}/p.png" width="1" height="1"/>',
    "image-xlink": f'<image xlink:href="{EVIL}/p.png" width="1" height="1"/>',
    "feimage": f'<filter id="f"><feImage href="{EVIL}/x.png"/><feGaussianBlur '
               'stdDeviation="1"/></filter>',
    "a-javascript": '<a href="javascript:alert(1)"><rect width="5" height="5"/></a>',
    "a-xlink-javascript": '<a xlink:href="javascript:alert(1)"><rect width="5" height="5"/></a>',
    "smil-set-href": '<a><set attributeName="href" to="javascript:alert(1)"/>'
                     "<rect width='5' height='5'/></a>",
    "smil-animate-xlink-href": '<a><animate attributeName="xlink:href" '
                               'values="javascript:alert(1)" begin="0s"/><text>x</text></a>',
    "smil-animate-fill": f'<animate href="#keep" attributeName="fill" to="url({EVIL}/a)"/>',
    "smil-motion-mpath": f'<animateMotion dur="1s"><mpath href="{EVIL}/p.svg#p"/>'
                         "</animateMotion><discard begin='1s'/>",
    "smil-transform": '<animateTransform attributeName="transform" type="rotate" '
                      'onbegin="alert(1)"/><animateColor/>',
    "event-attributes": '<rect width="1" height="1" onclick="alert(1)" onmouseover="alert(2)"/>',
    "event-attributes-upper": '<rect width="1" height="1" ONLOAD="alert(1)" onClick="x()"/>',
    "event-attributes-namespaced": f'<rect xmlns:x="{SVG}" x:onclick="alert(1)" '
                                   'xmlns:ev="http://www.w3.org/2001/xml-events" '
                                   'ev:event="click" width="1" height="1"/>',
    "handler-listener": '<handler xmlns:ev="http://www.w3.org/2001/xml-events" '
                        'ev:event="load">alert(1)</handler><listener event="click"/>',
    "xml-base": f'<g xml:base="{EVIL}/"><use href="#keep"/></g>',
    "xinclude": f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{EVIL}/x.svg"/>',
    "style-import": f"<style>@import url({EVIL}/x.css); rect {{ fill: red }}</style>",
    "style-import-string": f'<style>@import "{EVIL}/x.css";</style>',
    "style-import-escaped": f"<style>@\\69mport url({EVIL}/x.css);</style>",
    "style-import-cdata": f'<style><![CDATA[@import "{EVIL}/x.css"; .a{{fill:red}}]]></style>',
    "style-font-face": f"<style>@font-face{{font-family:x;src:url({EVIL}/f.woff)}}</style>",
    "style-media": f"<style>@media all{{.a{{fill:url({EVIL}/a.svg#a)}}}}</style>",
    "style-namespace": f"<style>@namespace x url({EVIL}/);</style>",
    "style-url-escaped-r": f"<style>.a{{fill:u\\72l({EVIL}/a.svg#a)}}</style>",
    "style-url-escaped-u": f"<style>.a{{fill:\\75rl({EVIL}/a.svg#a)}}</style>",
    "style-url-upper": f'<style>.a{{fill:URL("{EVIL}/a.svg#a")}}</style>',
    "style-property-escaped": f"<style>.a{{f\\69ll:url({EVIL}/a.svg#a)}}</style>",
    "style-image-set": f'<style>.a{{mask:image-set("{EVIL}/a.png" 1x)}}</style>',
    "style-cross-fade-element": f"<style>.a{{fill:cross-fade(url({EVIL}/a),red);"
                                "mask:element(#keep)}</style>",
    "style-escape-kept-by-serialiser": "<style>.a{font-family:\\31 23;fill:a\\(b}</style>"
                                       '<rect style="font-family:\\31 23"/>',
    "style-expression": "<style>.a{fill:expression(alert(1))}</style>",
    "style-var": f"<style>.a{{--x:url({EVIL}/a);fill:var(--x)}}</style>",
    "style-nested-rule": f"<style>.a{{.b{{fill:url({EVIL}/a)}}}}</style>",
    "style-cursor-behavior": f"<style>.a{{cursor:url({EVIL}/c.cur),auto;"
                             f"behavior:url({EVIL}/x.htc);-moz-binding:url({EVIL}/x)}}</style>",
    "style-background": f"<style>svg{{background:url({EVIL}/b.png)}}</style>",
    "style-selector-string": '<style>a[href^="javascript:"]{fill:red}</style>',
    "style-cdo-cdc": f"<style><!-- @import url({EVIL}/x.css); --></style>",
    "style-xhtml": f'<html:style xmlns:html="http://www.w3.org/1999/xhtml">@import '
                   f'"{EVIL}/x.css";</html:style>',
    "style-attr-url": f'<rect width="1" height="1" style="fill:url({EVIL}/a.svg#a)"/>',
    "style-attr-escaped-name": f'<rect width="1" height="1" style="f\\69ll: url({EVIL})"/>',
    "style-attr-escaped-url": f'<rect width="1" height="1" style="fill:\\75rl({EVIL})"/>',
    "style-attr-expression": '<rect width="1" height="1" style="width:expression(alert(1))"/>',
    "style-attr-background": f'<rect width="1" style="background-image:url({EVIL}/x)"/>',
    "style-attr-override": f'<rect width="1" style="fill:red;fill:url({EVIL}/a)"/>',
    "fill-url": f'<rect width="1" height="1" fill="url({EVIL}/x.svg#a)"/>',
    "fill-url-quoted": f"<rect width=\"1\" height=\"1\" fill=\"url( '{EVIL}/x.svg#a' )\"/>",
    "fill-url-escaped": f'<rect width="1" height="1" fill="u\\72l({EVIL}/x.svg#a)"/>',
    "fill-url-char-reference": f'<rect width="1" height="1" fill="&#92;75rl({EVIL}/a)"/>',
    "fill-url-after-local": f'<rect width="1" height="1" fill="url(#keep) url({EVIL}/a)"/>',
    "filter-url": f'<g filter="url({EVIL}/f.svg#f)"/>',
    "mask-clip-marker-url": f'<path d="M0 0" mask="url({EVIL}/m.svg#m)" '
                            f'clip-path="url({EVIL}/c.svg#c)" marker-end="url({EVIL}/m#e)"/>',
    "presentation-image-set": f'<rect width="1" fill="image-set(&quot;{EVIL}/a.png&quot; 1x)"/>',
    "presentation-expression": '<rect width="1" fill="expression(alert(1))"/>',
    "presentation-control-char": f'<rect width="1" fill="u&#x7f;rl({EVIL}/a)"/>',
    "use-external": f'<use href="{EVIL}/s.svg#a"/>',
    "use-xlink-external": f'<use xlink:href="{EVIL}/s.svg#a"/>',
    "use-javascript": '<use href="javascript:alert(1)"/>',
    "use-data-uri": '<use href="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=#a"/>',
    "use-ref-with-trailer": f'<use href="#keep {EVIL}/"/>',
    "use-href-svg-namespace": f'<use xmlns:x="{SVG}" x:href="{EVIL}/s.svg#a"/>',
    "paint-servers-external": f'<linearGradient id="g" href="{EVIL}/g.svg#g"/>'
                              f'<pattern id="p" xlink:href="{EVIL}/p.svg#p"/>'
                              f'<filter id="f2" href="{EVIL}/f.svg#f"/>'
                              f'<text><textPath href="{EVIL}/t.svg#t">x</textPath></text>',
    "tref-cursor-fontface": f'<tref xlink:href="{EVIL}/t.svg#t"/><cursor href="{EVIL}/c.png"/>'
                            f'<font-face><font-face-src><font-face-uri href="{EVIL}/f.svg"/>'
                            "</font-face-src></font-face>",
    "view-metadata": f'<view id="v"/><metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
                     f'22-rdf-syntax-ns#" rdf:about="{EVIL}/"/></metadata>',
    "comment": f"<!-- <script>alert(1)</script> {EVIL} -->",
    "processing-instruction-inside": f'<?xml-stylesheet href="{EVIL}/x.css"?>',
    "required-extensions": f'<g requiredExtensions="{EVIL}/" externalResourcesRequired="true">'
                           "<rect width='1'/></g>",
    "id-and-class-url": f'<rect id="url({EVIL}/)" class="javascript:x" width="1"/>',
}

HOSTILE_DOCUMENTS = {
    "svg-onload": doc("", ' onload="alert(1)"').encode(),
    "svg-onload-upper": doc("", ' ONLOAD="alert(1)"').encode(),
    "xml-stylesheet-pi": (f'<?xml version="1.0"?><?xml-stylesheet type="text/css" '
                          f'href="{EVIL}/x.css"?>' + doc("<script>alert(1)</script>")).encode(),
    "utf-16-le-bom": codecs.BOM_UTF16_LE
    + doc('<script>alert(1)</script><rect onclick="x()"/>').encode("utf-16-le"),
    "utf-16-be-bom": codecs.BOM_UTF16_BE
    + doc('<script>alert(1)</script><rect onclick="x()"/>').encode("utf-16-be"),
    "utf-16-declared": ('<?xml version="1.0" encoding="UTF-16"?>'
                        + doc("<script>alert(1)</script>")).encode("utf-16"),
    "utf-8-bom": codecs.BOM_UTF8 + doc(f"<style>@\\69mport url({EVIL}/x.css);</style>").encode(),
    "latin-1-declared": ('<?xml version="1.0" encoding="ISO-8859-1"?>'
                         + doc("<title>Caf\u00e9</title><script>alert(1)</script>"))
    .encode("latin-1"),
}


@pytest.mark.parametrize("body", HOSTILE_BODIES.values(), ids=HOSTILE_BODIES.keys())
def test_hostile_markup_is_neutralised(body: str) -> None:
    root = assert_inert(clean_svg(doc(body).encode()))
    assert root.find(f"{S}rect[@id='keep']") is not None


@pytest.mark.parametrize("data", HOSTILE_DOCUMENTS.values(), ids=HOSTILE_DOCUMENTS.keys())
def test_hostile_documents_are_neutralised(data: bytes) -> None:
    root = assert_inert(clean_svg(data))
    assert root.find(f"{S}rect[@id='keep']") is not None


def test_hostile_corpus_is_large_enough() -> None:
    assert len(HOSTILE_BODIES) + len(HOSTILE_DOCUMENTS) >= 25


def test_encodings_come_out_as_utf8_with_the_text_intact() -> None:
    for data in (HOSTILE_DOCUMENTS["latin-1-declared"],
                 codecs.BOM_UTF16_LE + doc("<title>Caf\u00e9 \u30ed\u30b4</title>")
                 .encode("utf-16-le")):
        output = clean_svg(data)
        assert not output.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE))
        title = SafeET.fromstring(output).find(f"{S}title")
        assert title is not None and title.text and title.text.startswith("Caf\u00e9")


def test_processing_instructions_and_comments_do_not_survive() -> None:
    output = clean_svg((f'<?xml version="1.0"?><?xml-stylesheet href="{EVIL}/x.css"?>'
                        + doc('<?foo bar?><!-- note -->')).encode())
    assert b"<?" not in output and b"<!--" not in output


def test_local_reference_with_whitespace_is_kept_and_trimmed() -> None:
    root = assert_inert(clean_svg(doc('<use href=" #keep "/><use xlink:href="\n#keep"/>')
                                  .encode()))
    first, second = root.iter(f"{S}use")
    assert first.get("href") == "#keep"
    assert second.get(f"{{{XLINK}}}href") == "#keep"


def test_href_is_dropped_where_it_would_be_a_link() -> None:
    root = assert_inert(clean_svg(doc('<g href="#keep"><circle r="1" href="#keep"/></g>')
                                  .encode()))
    assert all("href" not in local(a) for e in root.iter() for a in e.attrib)
    assert root.find(f"{S}g/{S}circle") is not None


def test_dropped_link_inside_text_keeps_the_text_around_it() -> None:
    output = clean_svg(doc('<text x="1">Read <a href="javascript:x()">more</a>, now'
                           '<tspan>!</tspan></text>').encode())
    text = assert_inert(output).find(f"{S}text")
    assert text is not None
    assert "".join(text.itertext()) == "Read , now!"


def test_text_is_kept_and_escaped() -> None:
    output = clean_svg(doc("<title>Tom &amp; Jerry &lt;b&gt; &lt;script&gt;</title>"
                           "<desc>A &quot;quoted&quot; desc</desc>").encode())
    root = SafeET.fromstring(output)
    assert root.findtext(f"{S}title") == "Tom & Jerry <b> <script>"
    assert root.findtext(f"{S}desc") == 'A "quoted" desc'
    assert b"<script" not in output


def test_stray_text_outside_text_elements_is_dropped() -> None:
    root = assert_inert(clean_svg(doc("<g>loose words<rect width='1'/>more</g>").encode()))
    assert "loose" not in "".join(root.itertext())


def test_style_element_is_reserialised_from_tokens() -> None:
    css = ("/* Illustrator */ .cls-1 { fill : #0A6 ; stroke:none}\n"
           ".cls-2,.cls-3>g{fill:url( '#grad' ) !important;font-family:'Open Sans', sans-serif}"
           f"@import url({EVIL}/x.css); .cls-4{{fill:url({EVIL}/a)}}")
    root = assert_inert(clean_svg(doc(f"<style>{css}</style>").encode()))
    style = root.find(f"{S}style")
    assert style is not None
    assert style.text == ('.cls-1{fill:#0A6;stroke:none}'
                          '.cls-2,.cls-3>g{fill:url(#grad)!important;'
                          'font-family:"Open Sans", sans-serif}')


def test_css_escapes_are_decoded_and_written_back_plainly() -> None:
    root = assert_inert(clean_svg(doc("<style>.a{f\\69ll:re\\64;stroke:#0\\61 6}</style>")
                                  .encode()))
    assert root.findtext(f"{S}style") == ".a{fill:red;stroke:#0a6}"


def test_style_attribute_keeps_only_allowed_declarations() -> None:
    root = assert_inert(clean_svg(doc(
        '<rect width="1" style="fill:#fff;position:fixed;stroke-width:2px;'
        f'background:url({EVIL}/x);F\\69LL:red"/><circle r="1" style="content:\'x\'"/>')
        .encode()))
    rect = root.find(f"{S}rect")
    # the escaped name is decoded by the tokenizer and written back plainly
    assert rect is not None and rect.get("style") == "fill:#fff;stroke-width:2px;fill:red"
    circle = root.find(f"{S}circle")
    assert circle is not None and circle.get("style") is None


def test_switch_keeps_the_artwork_and_drops_foreign_object() -> None:
    # Illustrator with "Preserve Illustrator Editing Capabilities".
    body = ('<switch><foreignObject requiredExtensions="http://ns.adobe.com/AdobeIllustrator/'
            '10.0/" x="0" y="0" width="1" height="1"/><g xmlns:i="http://ns.adobe.com/'
            'AdobeIllustrator/10.0/" i:extraneous="self"><path d="M0 0h5v5z" fill="#123"/></g>'
            '</switch><i:pgf xmlns:i="http://ns.adobe.com/AdobeIllustrator/10.0/" id="adobe">'
            "eJzt</i:pgf>")
    root = assert_inert(clean_svg(doc(body).encode()))
    assert root.find(f"{S}switch/{S}g/{S}path") is not None
    assert root.find(f".//{S}foreignObject") is None
    assert b"eJzt" not in clean_svg(doc(body).encode())


# -- refused documents ------------------------------------------------------------------------

DOCTYPE = "<!DOCTYPE svg PUBLIC '-//W3C//DTD SVG 1.1//EN' " \
          "'http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd'>"
LAUGHS = '<!DOCTYPE svg [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
EXTERNAL = '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
REFUSED = {
    "svg-1.1-doctype": (DOCTYPE + doc("")).encode(),
    "billion-laughs": (LAUGHS + doc("<title>&b;</title>")).encode(),
    "external-entity": (EXTERNAL + doc("<title>&x;</title>")).encode(),
    "external-dtd": f'<!DOCTYPE svg SYSTEM "{EVIL}/x.dtd">{doc("")}'.encode(),
    "utf-16-le-bom-doctype": codecs.BOM_UTF16_LE + (LAUGHS + doc("")).encode("utf-16-le"),
    "utf-16-be-bom-doctype": codecs.BOM_UTF16_BE + (EXTERNAL + doc("")).encode("utf-16-be"),
    "utf-16-no-bom-doctype": ('<?xml version="1.0" encoding="UTF-16LE"?>' + DOCTYPE + doc(""))
    .encode("utf-16-le"),
    "utf-8-bom-doctype": codecs.BOM_UTF8 + (LAUGHS + doc("")).encode(),
}


@pytest.mark.parametrize("data", REFUSED.values(), ids=REFUSED.keys())
def test_doctype_and_entities_are_refused_whatever_the_encoding(data: bytes) -> None:
    for function in (parse_svg, clean_svg):
        with pytest.raises(SvgError, match="declares a DOCTYPE or entities; export it again"):
            function(data)


@pytest.mark.parametrize(("data", "reason"), [
    (b"<svg><script>", "it is not well-formed XML (no element found"),
    (b"", "it is not well-formed XML (no element found"),
    (doc("<title>&xxe;</title>").encode(), "it is not well-formed XML (undefined entity"),
    (b'<html xmlns="http://www.w3.org/1999/xhtml"/>', "its root element is not <svg>"),
    (b'<svg xmlns="urn:not-svg"/>', "its root element is not <svg>"),
    (b'<svg viewBox="0 0 1 1"/>', 'its <svg> element lacks xmlns="http://www.w3.org/2000/svg"'),
    (f'<svg xmlns="{SVG}">{"<g>" * 150}{"</g>" * 150}</svg>'.encode(),
     "it nests elements more than"),
    (b'<?xml version="1.0" encoding="Shift_JIS"?><svg/>', "it uses a text encoding Casebook"),
    (b'<?xml version="1.0" encoding="x-unknown"?><svg/>', "it uses a text encoding Casebook"),
    (codecs.BOM_UTF16_LE + b"<\x00s\x00\x00\xd8", "it starts as UTF-16-LE but is not valid"),
], ids=["not-well-formed", "empty", "undefined-entity", "html-root", "other-namespace",
        "no-namespace", "too-deep", "multi-byte-encoding", "unknown-encoding", "bad-utf-16"])
def test_unusable_documents_are_refused_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(SvgError) as caught:
        parse_svg(data)
    assert str(caught.value).startswith(reason), caught.value


def test_parse_svg_returns_a_root_with_get() -> None:
    root = parse_svg(f'<svg xmlns="{SVG}" viewBox="0 0 120 40" width="240"/>'.encode())
    assert root.get("viewBox") == "0 0 120 40"
    assert root.get("width") == "240" and root.get("height") is None
    assert parse_svg(codecs.BOM_UTF16_LE + doc("").encode("utf-16-le")).get("viewBox")


# -- real logos survive -----------------------------------------------------------------------

ILLUSTRATOR = f"""<?xml version="1.0" encoding="UTF-8"?>
<!-- Generator: Adobe Illustrator 27.0.0, SVG Export Plug-In . SVG Version: 6.00 Build 0)  -->
<svg id="Layer_1" data-name="Layer 1" xmlns="{SVG}" xmlns:xlink="{XLINK}" viewBox="0 0 240 80"
     width="240" height="80">
  <defs>
    <style>
      .cls-1 {{
        fill: #0a6;
      }}

      .cls-2 {{
        fill: url(#linear-gradient);
      }}

      .cls-3 {{
        fill: none;
        stroke: #231f20;
        stroke-miterlimit: 10;
        stroke-width: 2px;
      }}
    </style>
    <linearGradient id="linear-gradient" x1="10" y1="40" x2="70" y2="40"
                    gradientUnits="userSpaceOnUse">
      <stop offset="0" stop-color="#0a6"/>
      <stop offset=".5" stop-color="#0a6" stop-opacity=".8"/>
      <stop offset="1" stop-color="#06c"/>
    </linearGradient>
    <radialGradient id="radial-gradient" cx="200" cy="40" r="30"
                    xlink:href="#linear-gradient"/>
  </defs>
  <title>acme-logo</title>
  <path class="cls-1" d="M10,10H70V70H10Z"/>
  <rect class="cls-2" x="80" y="10" width="60" height="60" rx="8"/>
  <circle class="cls-3" cx="200" cy="40" r="29" fill="url(#radial-gradient)"/>
  <polygon points="150 70 160 50 170 70 150 70" transform="translate(0 0) rotate(5 160 60)"/>
</svg>
"""

TEXT_LOGO = f"""<svg xmlns="{SVG}" viewBox="0 0 300 60">
  <desc>Wordmark for Globex Cloud</desc>
  <text x="10" y="42" xml:space="preserve"
        style="font-family:'Helvetica Neue', Helvetica, Arial, sans-serif;font-size:32px;
               font-weight:700;letter-spacing:-0.5px;fill:#222">Globex <tspan
        fill="#0a6" font-style="italic">Cloud</tspan></text>
  <line x1="10" y1="52" x2="290" y2="52" stroke="#0a6" stroke-width="2"
        stroke-dasharray="4 2" stroke-linecap="round"/>
</svg>"""

USE_CLIP_LOGO = f"""<svg xmlns="{SVG}" xmlns:xlink="{XLINK}" viewBox="0 0 100 100">
  <defs>
    <path id="shape" d="M50 5 L95 95 L5 95 Z"/>
    <clipPath id="clip" clipPathUnits="userSpaceOnUse"><circle cx="50" cy="50" r="45"/></clipPath>
    <symbol id="mark" viewBox="0 0 10 10"><ellipse cx="5" cy="5" rx="5" ry="3"/></symbol>
    <mask id="fade" maskUnits="objectBoundingBox"><rect width="100" height="100" fill="#fff"
      opacity="0.5"/></mask>
    <filter id="soft" x="-10%" y="-10%" width="120%" height="120%">
      <feGaussianBlur in="SourceAlpha" stdDeviation="2" result="blur"/>
      <feOffset dx="1" dy="2" result="shifted"/>
      <feMerge><feMergeNode in="shifted"/><feMergeNode in="SourceGraphic"/></feMerge>
    </filter>
  </defs>
  <g clip-path="url(#clip)" filter="url(#soft)">
    <use href="#shape" fill="#333"/>
    <use xlink:href="#shape" transform="translate(10 0) scale(.5)" mask="url(#fade)"/>
  </g>
  <use href="#mark" x="40" y="40" width="20" height="20" fill="rgb(0, 170, 102)"/>
</svg>"""

INKSCAPE = f"""<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<svg xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
   xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
   xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
   xmlns="{SVG}" width="64" height="64" viewBox="0 0 64 64" version="1.1" id="svg8"
   inkscape:version="1.2" sodipodi:docname="initech.svg">
  <sodipodi:namedview id="base" pagecolor="#ffffff" inkscape:zoom="4"/>
  <metadata id="metadata5"><rdf:RDF><dc:title>Initech</dc:title></rdf:RDF></metadata>
  <g inkscape:label="Layer 1" inkscape:groupmode="layer" id="layer1">
    <path style="fill:#ff6600;fill-opacity:1;stroke:none;stroke-width:0.26"
          d="m 10,10 h 44 v 44 H 10 Z" id="rect1" sodipodi:nodetypes="ccccc"/>
  </g>
</svg>"""


def parsed(svg: str) -> tuple[bytes, ET.Element]:
    output = clean_svg(svg.encode())
    return output, assert_inert(output)


def test_illustrator_logo_keeps_classes_gradients_and_shapes() -> None:
    output, root = parsed(ILLUSTRATOR)
    assert root.get("viewBox") == "0 0 240 80" and root.get("width") == "240"
    style = root.find(f"{S}defs/{S}style")
    assert style is not None
    assert style.text == (".cls-1{fill:#0a6}.cls-2{fill:url(#linear-gradient)}"
                          ".cls-3{fill:none;stroke:#231f20;stroke-miterlimit:10;"
                          "stroke-width:2px}")
    gradient = root.find(f"{S}defs/{S}linearGradient[@id='linear-gradient']")
    assert gradient is not None and gradient.get("gradientUnits") == "userSpaceOnUse"
    assert [s.get("offset") for s in gradient] == ["0", ".5", "1"]
    radial = root.find(f"{S}defs/{S}radialGradient")
    assert radial is not None and radial.get(f"{{{XLINK}}}href") == "#linear-gradient"
    assert root.findtext(f"{S}title") == "acme-logo"
    assert [e.get("class") for e in root if e.get("class")] == ["cls-1", "cls-2", "cls-3"]
    path = root.find(f"{S}path")
    assert path is not None and path.get("d") == "M10,10H70V70H10Z"
    circle = root.find(f"{S}circle")
    assert circle is not None and circle.get("fill") == "url(#radial-gradient)"
    polygon = root.find(f"{S}polygon")
    assert polygon is not None
    assert polygon.get("transform") == "translate(0 0) rotate(5 160 60)"
    assert b"data-name" not in output and b"Generator" not in output


def test_text_logo_keeps_text_fonts_and_strokes() -> None:
    _, root = parsed(TEXT_LOGO)
    text = root.find(f"{S}text")
    assert text is not None
    assert "".join(text.itertext()) == "Globex Cloud"
    assert text.get(f"{{{XML}}}space") == "preserve"
    assert text.get("style") == ('font-family:"Helvetica Neue", Helvetica, Arial, sans-serif;'
                                 "font-size:32px;font-weight:700;letter-spacing:-0.5px;fill:#222")
    tspan = text.find(f"{S}tspan")
    assert tspan is not None and tspan.get("font-style") == "italic"
    line = root.find(f"{S}line")
    assert line is not None
    assert (line.get("stroke-dasharray"), line.get("stroke-linecap")) == ("4 2", "round")
    assert root.findtext(f"{S}desc") == "Wordmark for Globex Cloud"


def test_use_and_clip_path_logo_keeps_local_references() -> None:
    _, root = parsed(USE_CLIP_LOGO)
    assert root.find(f"{S}defs/{S}path[@id='shape']") is not None
    assert root.find(f"{S}defs/{S}clipPath[@id='clip']/{S}circle") is not None
    assert root.find(f"{S}defs/{S}symbol[@id='mark']/{S}ellipse") is not None
    assert root.find(f"{S}defs/{S}mask[@id='fade']/{S}rect") is not None
    blur = root.find(f"{S}defs/{S}filter/{S}feGaussianBlur")
    assert blur is not None and blur.get("stdDeviation") == "2"
    assert len(root.findall(f"{S}defs/{S}filter/{S}feMerge/{S}feMergeNode")) == 2
    group = root.find(f"{S}g")
    assert group is not None
    assert (group.get("clip-path"), group.get("filter")) == ("url(#clip)", "url(#soft)")
    first, second = group.findall(f"{S}use")
    assert first.get("href") == "#shape" and first.get("fill") == "#333"
    assert second.get(f"{{{XLINK}}}href") == "#shape" and second.get("mask") == "url(#fade)"
    mark = root.find(f"{S}use[@href='#mark']")
    assert mark is not None and mark.get("fill") == "rgb(0, 170, 102)"


def test_inkscape_logo_loses_editor_data_but_keeps_the_drawing() -> None:
    output, root = parsed(INKSCAPE)
    assert root.find(f"{S}metadata") is None and b"Initech" not in output
    assert b"inkscape" not in output and b"sodipodi" not in output
    path = root.find(f"{S}g/{S}path")
    assert path is not None and path.get("d") == "m 10,10 h 44 v 44 H 10 Z"
    assert path.get("style") == "fill:#ff6600;fill-opacity:1;stroke:none;stroke-width:0.26"
    assert root.get("version") == "1.1" and root.get("id") == "svg8"


@pytest.mark.parametrize("svg", [ILLUSTRATOR, TEXT_LOGO, USE_CLIP_LOGO, INKSCAPE],
                         ids=["illustrator", "text", "use-clip", "inkscape"])
def test_output_is_stable_utf8_and_parses_again(svg: str) -> None:
    once = clean_svg(svg.encode())
    assert clean_svg(once) == once
    assert once.startswith(f'<svg xmlns="{SVG}"'.encode())
    once.decode("utf-8")
    assert parse_svg(once).get("viewBox") == parse_svg(svg.encode()).get("viewBox")
    assert clean_svg(svg.encode("utf-16")) == once


def test_artwork_inside_a_link_is_kept_without_the_link() -> None:
    root = assert_inert(clean_svg(doc(
        '<a href="https://acme.example/" target="_blank"><g id="mark">'
        '<rect width="9" height="9" fill="#0a6"/></g></a>').encode()))
    assert root.find(f"{S}g/{S}g/{S}rect") is not None
    assert all("href" not in local(a) and local(a) != "target"
               for e in root.iter() for a in e.attrib)
