"""Slide decks (PDF) cleaned of document properties and active content.

Customer slides are untrusted files, and a published PDF carries more than
its pages:

* Document properties can name an anonymous customer or an employee: the
  /Info dictionary (Author, Company, Creator, Producer, custom keys), XMP
  metadata on the document, its pages and the images and drawings they show,
  application private data (/PieceInfo, where a design tool may keep the
  whole editable original), page thumbnails (which can show an earlier
  version of a page), names of comment authors, and the file identifier.
* Active content can run, or open something, when a reader opens the file
  in a PDF viewer: JavaScript, /OpenAction and /AA actions, /Launch,
  /SubmitForm, /ImportData, /GoToR and /GoToE actions, embedded and
  associated files, file-attachment, sound, movie, screen, rich-media and
  3D annotations, and forms (AcroForm and XFA, with their fields and
  signatures).

Kept: the pages, their content and resources, bookmarks, comments, links to
http, https and mailto addresses, jumps to a page of the deck, and an
/OpenAction that is a plain destination (which page to open at, and how
zoomed): it runs nothing. A link or bookmark whose action, or any action
chained after it by /Next, is anything else loses its action.

The copy is saved deterministically (the same input gives the same bytes)
and only what is still referenced is written, so removed objects, earlier
revisions of an incrementally saved file and unreferenced objects are gone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, Object, Stream

# Checked on the string's bytes, as a viewer reads them (URIs are 7-bit ASCII).
SAFE_ADDRESS = re.compile(rb"\s*(https?|mailto):", re.IGNORECASE)
SCHEME = re.compile(rb"\s*([a-zA-Z][a-zA-Z0-9+.-]*):")
# Actions a /Next chain may hold before it counts as unsafe, whatever they are.
MAX_CHAINED_ACTIONS = 100
# Page tree levels searched for the resources a page inherits.
MAX_PAGE_TREE_DEPTH = 64

REMOVED_ANNOTATIONS = {
    "/FileAttachment": "file attachments",
    "/Sound": "sound clips",
    "/Movie": "movies",
    "/Screen": "media players (Screen annotations)",
    "/RichMedia": "rich media (Flash or video)",
    "/Widget": "form fields",
    "/3D": "3D models",
}
ACTION_WORDS = {
    "/JavaScript": "JavaScript",
    "/Launch": "a command that starts another program or file",
    "/SubmitForm": "a form submission that sends data elsewhere",
    "/ImportData": "an import of data from another file",
    "/GoToR": "a jump to another PDF file",
    "/GoToE": "a jump into an embedded file",
    "/GoTo": "a jump to a page",
    "/URI": "a web link",
}
# Catalog entries removed whole, with what they are in plain words.
CATALOG_ENTRIES = {
    "/Metadata": "XMP metadata",
    "/PieceInfo": "application private data (PieceInfo)",
    "/AcroForm": "a form (AcroForm)",
    "/Perms": "usage rights or a certification signature (Perms)",
    "/Collection": "a PDF portfolio layout",
    "/AF": "associated files",
    "/SpiderInfo": "web capture information (source addresses)",
    "/NeedsRendering": "an XFA form",
}
NAME_TREES = {
    "/JavaScript": "document-level JavaScript",
    "/EmbeddedFiles": "embedded files",
    "/Renditions": "media clips (Renditions)",
    "/XFAResources": "an XFA form",
    "/Templates": "page templates (used by JavaScript)",
    "/Pages": "page templates (used by JavaScript)",
    "/IDS": "web capture information (source addresses)",
    "/URLS": "web capture information (source addresses)",
}
PAGE_ENTRIES = {
    "/Metadata": "XMP metadata on pages",
    "/PieceInfo": "application private data (PieceInfo)",
    "/AF": "associated files",
    "/Thumb": "page thumbnails",
}
XOBJECT_ENTRIES = {
    "/Metadata": "XMP metadata on images and drawings",
    "/PieceInfo": "application private data (PieceInfo)",
    "/AF": "associated files",
}
ANNOTATION_ENTRIES = {
    "/T": "names of comment authors",
    "/AF": "associated files",
}


DAMAGED = "it is not a PDF, or it is damaged beyond repair; export it again"


class PdfError(ValueError):
    """A PDF that cannot be opened or cleaned; the message is for an editor."""


def clean_pdf(source: Path, target: Path) -> None:
    """Write a copy of the PDF with its metadata and active content removed."""
    with _opened(source) as pdf:
        pages = len(pdf.pages)
        _Cleaning(pdf).run()
        pdf.save(
            target,
            deterministic_id=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            fix_metadata_version=False,
        )
    _check_copy(target, pages)


def active_content(source: Path) -> list[str]:
    """What a PDF carries that clean_pdf removes, in plain words (for docs/tests/logging),
    e.g. ["document properties (Author, Company)", "JavaScript that runs when the file opens"]."""
    with _opened(source) as pdf:
        return _Cleaning(pdf).run()


@contextmanager
def _opened(source: Path) -> Iterator[pikepdf.Pdf]:
    """The PDF, with pikepdf's errors turned into PdfError."""
    try:
        with pikepdf.open(source) as pdf:
            if len(pdf.pages) == 0:
                raise PdfError("it has no pages")
            yield pdf
    except pikepdf.PasswordError as exc:
        raise PdfError("it is protected by a password; export it again without one") from exc
    except (pikepdf.PdfError, RuntimeError) as exc:  # qpdf's errors, in every pikepdf version
        raise PdfError(DAMAGED) from exc


def _check_copy(target: Path, pages: int) -> None:
    """Never leave a copy that does not open: qpdf can write one for a badly damaged file."""
    try:
        with pikepdf.open(target) as copy:
            if len(copy.pages) == pages:
                return
    except (pikepdf.PdfError, RuntimeError):
        pass
    target.unlink(missing_ok=True)
    raise PdfError(DAMAGED)


class _Cleaning:
    """One pass over a PDF that removes what must not be published, noting it in words."""

    def __init__(self, pdf: pikepdf.Pdf) -> None:
        self.pdf = pdf
        self.found: dict[str, None] = {}  # an ordered set
        self.seen_resources: set[tuple[int, int]] = set()

    def run(self) -> list[str]:
        self.remove_document_properties()
        self.clean_catalog()
        self.clean_name_trees()
        for page in self.pdf.pages:
            self.clean_page(page.obj)
        self.clean_outlines()
        return list(self.found)

    def note(self, words: str) -> None:
        self.found[words] = None

    def remove_entries(self, holder: Object, entries: dict[str, str]) -> None:
        for key, words in entries.items():
            if key in holder:
                self.note(words)
                del holder[key]

    def remove_document_properties(self) -> None:
        trailer = self.pdf.trailer
        info = trailer.get("/Info")
        if isinstance(info, Dictionary) and info.keys():
            self.note(f"document properties ({', '.join(k[1:] for k in sorted(info.keys()))})")
        for key in ("/Info", "/ID"):  # the writer makes a new /ID from the content
            if key in trailer:
                del trailer[key]
        # qpdf writes the right /Size only where the trailer has one, and a file repaired
        # from a damaged trailer may not: without it the copy would not open.
        trailer["/Size"] = 0

    def clean_catalog(self) -> None:
        root = self.pdf.Root
        open_action = root.get("/OpenAction")
        if open_action is not None and not _is_page_destination(open_action):
            self.note_actions(open_action, "that runs when the file opens")
            del root["/OpenAction"]
        self.remove_additional_actions(root, "that runs when the file is closed, saved or printed")
        acroform = root.get("/AcroForm")
        if isinstance(acroform, Dictionary) and "/XFA" in acroform:
            self.note("an XFA form")
        self.remove_entries(root, CATALOG_ENTRIES)

    def clean_name_trees(self) -> None:
        root = self.pdf.Root
        names = root.get("/Names")
        if not isinstance(names, Dictionary):
            return
        self.remove_entries(names, NAME_TREES)
        if not names.keys():
            del root["/Names"]

    def remove_additional_actions(self, holder: Object, when: str) -> None:
        """Remove /AA (actions run on events), whatever its actions are."""
        triggers = holder.get("/AA")
        if triggers is None:
            return
        if isinstance(triggers, Dictionary):
            for action in triggers.values():
                self.note_actions(action, when)
        else:
            self.note(f"an action of unknown kind {when}")
        del holder["/AA"]

    def note_actions(self, action: object, context: str) -> None:
        for each in _chained_actions(action):
            self.note(f"{_action_words(each)} {context}")

    def remove_unsafe_action(self, holder: Object, key: str, context: str) -> None:
        """Remove an /A action unless it and everything chained after it is safe."""
        action = holder.get(key)
        if action is None:
            return
        chain = list(_chained_actions(action))
        unsafe = [each for each in chain if not _is_safe_action(each)]
        too_long = len(chain) >= MAX_CHAINED_ACTIONS
        if not unsafe and not too_long:
            return
        for each in unsafe:
            self.note(f"{_action_words(each)} {context}")
        if too_long:
            self.note(f"a chain of {MAX_CHAINED_ACTIONS} or more actions {context}")
        del holder[key]

    def clean_page(self, page: Dictionary) -> None:
        self.remove_additional_actions(page, "that runs when a page opens or closes")
        self.remove_entries(page, PAGE_ENTRIES)
        self.clean_annotations(page)
        resources = _page_resources(page)
        if resources is not None:
            self.clean_drawings(resources)

    def clean_annotations(self, page: Dictionary) -> None:
        annotations = page.get("/Annots")
        if not isinstance(annotations, Array):
            return
        removed: set[tuple[int, int]] = set()
        kept: list[Dictionary] = []
        for annotation in annotations:
            if not isinstance(annotation, Dictionary):
                continue
            words = REMOVED_ANNOTATIONS.get(str(annotation.get("/Subtype")))
            if words is None:
                kept.append(annotation)
                continue
            self.note(words)
            removed.add(annotation.objgen)
            _empty(annotation)
        kept = [each for each in kept if not _is_popup_of(each, removed)]
        for annotation in kept:
            self.clean_annotation(annotation)
        if len(kept) != len(annotations):
            page["/Annots"] = Array(kept)

    def clean_annotation(self, annotation: Dictionary) -> None:
        self.remove_additional_actions(annotation, "that runs on mouse events over a link")
        for key in ("/A", "/PA"):
            self.remove_unsafe_action(annotation, key, "in a link")
        self.remove_entries(annotation, ANNOTATION_ENTRIES)

    def clean_drawings(self, resources: Dictionary) -> None:
        """Metadata of the images and drawings (form XObjects) a page shows, nested ones too."""
        pending = [resources]
        while pending:
            current = pending.pop()
            if not self.first_visit(current):
                continue
            xobjects = current.get("/XObject")
            if not isinstance(xobjects, Dictionary):
                continue
            for xobject in xobjects.values():
                if not isinstance(xobject, Stream) or not self.first_visit(xobject):
                    continue
                self.remove_entries(xobject, XOBJECT_ENTRIES)
                nested = xobject.get("/Resources")
                if isinstance(nested, Dictionary):
                    pending.append(nested)

    def first_visit(self, obj: Object) -> bool:
        """False for an indirect object this cleaning has seen before."""
        if not obj.is_indirect:
            return True
        if obj.objgen in self.seen_resources:
            return False
        self.seen_resources.add(obj.objgen)
        return True

    def clean_outlines(self) -> None:
        """Every bookmark's action, walked through /First, /Last, /Next and /Prev."""
        outlines = self.pdf.Root.get("/Outlines")
        if not isinstance(outlines, Dictionary):
            return
        visited: set[tuple[int, int]] = set()
        pending = [outlines.get("/First"), outlines.get("/Last")]
        while pending:
            item = pending.pop()
            if not isinstance(item, Dictionary):
                continue
            if item.is_indirect:
                if item.objgen in visited:
                    continue
                visited.add(item.objgen)
            self.remove_unsafe_action(item, "/A", "in a bookmark")
            pending.extend(item.get(key) for key in ("/Next", "/Prev", "/First", "/Last"))


def _chained_actions(action: object) -> Iterator[object]:
    """The action and those chained after it by /Next, each once, at most MAX_CHAINED_ACTIONS.

    Values are whatever the file holds: a damaged or hostile file may put a number where
    an action belongs.
    """
    visited: set[tuple[int, int]] = set()
    pending = [action]
    count = 0
    while pending and count < MAX_CHAINED_ACTIONS:
        current = pending.pop(0)
        if isinstance(current, Object) and current.is_indirect:
            if current.objgen in visited:
                continue
            visited.add(current.objgen)
        count += 1
        yield current
        chained = current.get("/Next") if isinstance(current, Dictionary) else None
        if isinstance(chained, Array):
            pending.extend(chained)
        elif chained is not None:
            pending.append(chained)


def _is_safe_action(action: object) -> bool:
    """A jump to a page, or a link to an http, https or mailto address."""
    if not isinstance(action, Dictionary):
        return False
    kind = action.get("/S")
    if kind == Name.GoTo:
        return True
    return kind == Name.URI and _is_safe_address(action.get("/URI"))


def _is_safe_address(address: object) -> bool:
    return isinstance(address, pikepdf.String) and bool(SAFE_ADDRESS.match(bytes(address)))


def _action_words(action: object) -> str:
    if not isinstance(action, Dictionary) or not isinstance(action.get("/S"), Name):
        return "an action of unknown kind"
    kind = str(action.get("/S"))
    if kind == "/URI" and not _is_safe_address(action.get("/URI")):
        address = action.get("/URI")
        scheme = SCHEME.match(bytes(address)) if isinstance(address, pikepdf.String) else None
        if scheme:
            return f"an address with the {scheme.group(1).decode().lower()}: scheme"
        return "an address that is not http, https or mailto"
    return ACTION_WORDS.get(kind, f"a {kind[1:]} action")


def _is_page_destination(value: object) -> bool:
    """An explicit destination: [page /Fit], [page /XYZ left top zoom] and so on."""
    if not isinstance(value, Array) or len(value) < 2:
        return False
    page, view = value[0], value[1]
    return (isinstance(page, Dictionary) and page.get("/Type") == Name.Page
            and isinstance(view, Name))


def _page_resources(page: Dictionary) -> Dictionary | None:
    """The page's /Resources, or those it inherits from the page tree."""
    node: Object | None = page
    for _level in range(MAX_PAGE_TREE_DEPTH):
        if not isinstance(node, Dictionary):
            return None
        resources = node.get("/Resources")
        if isinstance(resources, Dictionary):
            return resources
        node = node.get("/Parent")
    return None


def _is_popup_of(annotation: Dictionary, removed: set[tuple[int, int]]) -> bool:
    parent = annotation.get("/Parent")
    return (annotation.get("/Subtype") == Name.Popup and isinstance(parent, Dictionary)
            and parent.is_indirect and parent.objgen in removed)


def _empty(annotation: Dictionary) -> None:
    """Remove every entry, so nothing that still refers to the annotation keeps its payload."""
    for key in list(annotation.keys()):
        del annotation[key]
