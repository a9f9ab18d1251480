""":mod:`pipeline.ingest.readers.ofd`: Read an OFD circular (GB/T 33190, China's fixed-layout format for e-government documents).

An OFD file is a ZIP package of XML parts::

    OFD.xml                      <ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>
    Doc_0/Document.xml           <ofd:Pages><ofd:Page ID="2" BaseLoc="Pages/Page_0/Content.xml"/>
    Doc_0/PublicRes.xml          <ofd:Fonts><ofd:Font ID="5" FontName="仿宋_GB2312"/>
    Doc_0/Pages/Page_0/Content.xml
        <ofd:TextObject Boundary="25 40 160 8" Font="5" Size="5.6" CTM="1 0 0 1 0 0">
          <ofd:TextCode X="0" Y="5.6" DeltaX="g 5 5.6">一、工作任务</ofd:TextCode>

A ``TextCode`` places its first glyph at ``(X, Y)`` (the baseline, in
millimetres, from the top left of the object's ``Boundary``) and each next
glyph ``DeltaX`` further on (``g 5 5.6``: five steps of 5.6); the object's
``CTM`` maps those coordinates before the boundary's origin is added. Every
glyph becomes a character with a box in points, and the pages go through the
PDF reader's line builder (:mod:`pipeline.ingest.readers._pdf_layout`): lines,
paragraphs, running headers, one provenance block per line with its page.
Template pages (``<ofd:Template>``, a letterhead) are read with the page they
are under.

The package passes the DOCX reader's guards first (zip bomb, DTDs and
entities: :func:`pipeline.ingest.readers.docx.check_package`); an OFD whose pages
hold only images is a scan (``E_NEEDS_OCR``).
"""

from __future__ import annotations

import io
import math
import posixpath
import re
import zipfile
from dataclasses import dataclass

from pipeline.document import Source
from pipeline.errors import EmptyInput, NeedsOCR, ReadError, TooLarge, W_PAGE_NEEDS_OCR
from pipeline.ingest.readers import _pdf_layout as L
from pipeline.ingest.readers._docx_body import local
from pipeline.ingest.readers import DEFAULT_MAX_PAGES, DEFAULT_MAX_UNZIPPED_BYTES, DEFAULT_MAX_ZIP_RATIO
from pipeline.ingest.readers.docx import check_package

#: OFD lengths are millimetres; the line builder works in points.
POINTS_PER_MM = 72 / 25.4
#: Where a glyph's box starts above its baseline and ends below it, in font sizes.
ASCENT, DESCENT = 0.88, 0.12
#: Width of a glyph with no step after it, in font sizes: a CJK character fills its em square, Latin half of it.
CJK_WIDTH, LATIN_WIDTH = 1.0, 0.5
#: Objects that hold other objects.
_GROUPS = frozenset({"Layer", "PageBlock", "CompositeObject"})
_RE_WIDE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")  # glyphs a full em wide
_RE_NUMBER = re.compile(r"^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$")


def _child(element, name: str):
    return next((c for c in element if local(c) == name), None)


def _numbers(text: str | None) -> list[float]:
    """``"25 40 160 8"`` → ``[25.0, 40.0, 160.0, 8.0]``; anything that is not a number is skipped."""
    return [float(t) for t in (text or "").split() if _RE_NUMBER.match(t) and math.isfinite(float(t))]


def deltas(text: str | None, wanted: int) -> list[float]:
    """The first ``wanted`` steps of a ``DeltaX``/``DeltaY`` list, ``g N v`` repeating ``v`` ``N`` times.

    Only ``wanted`` values are ever made, so ``g 100000000 5`` costs nothing.

    >>> deltas("5.6 g 3 5.6 2.8", 6), deltas("g 100000000 5", 2)
    ([5.6, 5.6, 5.6, 5.6, 2.8], [5.0, 5.0])
    """
    tokens = (text or "").split()
    out: list[float] = []
    i = 0
    while i < len(tokens) and len(out) < wanted:
        if tokens[i] == "g" and i + 2 < len(tokens):
            count, value = _numbers(tokens[i + 1]), _numbers(tokens[i + 2])
            if count and value:
                out += [value[0]] * max(0, min(int(count[0]), wanted - len(out)))
            i += 3
            continue
        out += _numbers(tokens[i])
        i += 1
    return out[:wanted]


@dataclass(frozen=True)
class Matrix:
    """An OFD ``CTM="a b c d e f"``: ``(x, y)`` → ``(a·x + c·y + e, b·x + d·y + f)``."""

    a: float = 1.0
    b: float = 0.0
    c: float = 0.0
    d: float = 1.0
    e: float = 0.0
    f: float = 0.0

    @classmethod
    def parse(cls, text: str | None) -> Matrix:
        values = _numbers(text)
        return cls(*values) if len(values) == 6 else cls()

    def apply(self, x: float, y: float) -> tuple[float, float]:
        return self.a * x + self.c * y + self.e, self.b * x + self.d * y + self.f

    @property
    def scale(self) -> float:
        """How much the matrix enlarges a length (a font size)."""
        return math.sqrt(abs(self.a * self.d - self.b * self.c)) or 1.0


class _Package:
    """The parts of an OFD package, read by name (relative to the part that names them, or from the root)."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.names = {name.lstrip("/"): name for name in archive.namelist()}

    def resolve(self, location: str, base: str = "") -> str:
        """The package name ``location`` points at: ``Pages/Page_0/Content.xml`` from ``Doc_0/`` → ``Doc_0/Pages/Page_0/Content.xml``."""
        location = location.strip().replace("\\", "/")
        path = location.lstrip("/") if location.startswith("/") else posixpath.join(base, location)
        return posixpath.normpath(path).lstrip("/")

    def xml(self, name: str):
        """The parsed part ``name``.

        Raises:
            ReadError: the part is missing or is not well-formed XML.
        """
        from lxml import etree

        if name not in self.names:
            raise ReadError(f"OFD part {name} is missing")
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
        try:
            return etree.fromstring(self.archive.read(self.names[name]), parser=parser)
        except etree.XMLSyntaxError as exc:
            raise ReadError(f"OFD part {name} is not well-formed XML ({exc})") from exc


def read_ofd(
    path: str,
    data: bytes,
    *,
    max_uncompressed: int = DEFAULT_MAX_UNZIPPED_BYTES,
    max_ratio: float = DEFAULT_MAX_ZIP_RATIO,
    max_pages: int = DEFAULT_MAX_PAGES,
) -> Source:
    """The text of an OFD's pages as lines, one provenance block per line with its page (1-based).

    Raises:
        UnsafeInput: a zip bomb, or a DTD or entity declaration in a part.
        TooLarge: more than ``max_pages`` pages.
        NeedsOCR: no page has text (the pages are images).
        EmptyInput: the document has no pages.
        ReadError: not a ZIP, no ``OFD.xml`` / ``DocRoot``, or a missing or broken part.
    """
    check_package(data, max_uncompressed=max_uncompressed, max_ratio=max_ratio, kind="OFD")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        package = _Package(archive)
        document_name = _doc_root(package)
        document = package.xml(document_name)
        base = posixpath.dirname(document_name)
        pages = _page_names(package, document, base)
        if not pages:
            raise EmptyInput("OFD has no pages")
        if len(pages) > max_pages:
            raise TooLarge(f"OFD has {len(pages)} pages (limit max_pages={max_pages}): more than one circular?")
        templates = _templates(package, document, base)
        items, heights, unreadable = [], [], []
        for number, name in enumerate(pages, start=1):
            content = package.xml(name)
            chars, height = page_chars(content)
            for template in (t.get("TemplateID") for t in content if local(t) == "Template"):
                if template in templates:
                    chars = page_chars(package.xml(templates[template]))[0] + chars
            height = height or _page_height(document)
            if not chars:
                unreadable.append(number)
            items.append(L.page_items(chars, [], number) if chars else [])
            heights.append(height)
    if len(unreadable) == len(pages):
        raise NeedsOCR(f"needs OCR: no text on any of {len(pages)} OFD page(s) (images only)")
    text, blocks = L.assemble(L.strip_running(items, heights))
    if not text.strip():
        raise NeedsOCR(f"needs OCR: no text on any of {len(pages)} OFD page(s)")
    warnings = ((W_PAGE_NEEDS_OCR, f"pages without text: {unreadable}"),) if unreadable else ()
    return Source(path=path, format="ofd", text=text, blocks=tuple(blocks), warnings=warnings)


def _doc_root(package: _Package) -> str:
    """The package name of the first document's ``Document.xml`` (``OFD.xml`` → ``DocBody`` → ``DocRoot``)."""
    root = package.xml("OFD.xml")
    for body in (c for c in root if local(c) == "DocBody"):
        doc_root = _child(body, "DocRoot")
        if doc_root is not None and (doc_root.text or "").strip():
            return package.resolve(doc_root.text)
    raise ReadError("OFD.xml names no DocBody/DocRoot: not a readable OFD")


def _page_names(package: _Package, document, base: str) -> list[str]:
    """Each page's ``Content.xml``, in order (``Document.xml`` → ``Pages/Page@BaseLoc``)."""
    pages_el = _child(document, "Pages")
    pages = (p for p in (pages_el if pages_el is not None else ()) if local(p) == "Page")
    return [package.resolve(page.get("BaseLoc"), base) for page in pages if page.get("BaseLoc")]


def _templates(package: _Package, document, base: str) -> dict[str, str]:
    """Template page ID → its ``Content.xml`` (``CommonData/TemplatePage``)."""
    common = _child(document, "CommonData")
    found = {}
    for template in (t for t in (common if common is not None else ()) if local(t) == "TemplatePage"):
        if template.get("ID") and template.get("BaseLoc"):
            found[template.get("ID")] = package.resolve(template.get("BaseLoc"), base)
    return found


def _page_height(document) -> float:
    """The document's default page height in points (``CommonData/PageArea/PhysicalBox``), A4 when missing."""
    common = _child(document, "CommonData")
    area = _child(common, "PageArea") if common is not None else None
    box = _numbers(_child(area, "PhysicalBox").text) if area is not None and _child(area, "PhysicalBox") is not None else []
    return (box[3] if len(box) == 4 else 297.0) * POINTS_PER_MM


def page_chars(content) -> tuple[list[dict], float]:
    """The characters of one page's ``Content.xml`` as the line builder's char dicts (points, top-down), and its height.

    >>> from lxml import etree
    >>> page = etree.fromstring('<Page><Content><Layer><TextObject Boundary="10 20 50 10" Size="5">'
    ...     '<TextCode X="0" Y="5" DeltaX="g 2 5">一、工</TextCode></TextObject></Layer></Content></Page>')
    >>> [(c["text"], round(c["x0"] / POINTS_PER_MM, 1)) for c in page_chars(page)[0]]
    [('一', 10.0), ('、', 15.0), ('工', 20.0)]
    """
    area = _child(content, "Area")
    box = _numbers(_child(area, "PhysicalBox").text) if area is not None and _child(area, "PhysicalBox") is not None else []
    height = box[3] * POINTS_PER_MM if len(box) == 4 else 0.0
    chars: list[dict] = []
    body = _child(content, "Content")
    stack = list(reversed(list(body))) if body is not None else []
    while stack:
        element = stack.pop()
        name = local(element)
        if name in _GROUPS:
            stack += reversed(list(element))
        elif name == "TextObject":
            chars += text_object_chars(element)
    return chars, height


def text_object_chars(element) -> list[dict]:
    """The characters of one ``TextObject``: each ``TextCode`` from its ``X``/``Y`` (or where the last one ended),
    stepped by ``DeltaX``/``DeltaY``, mapped by the ``CTM`` and moved to the ``Boundary``'s origin."""
    boundary = _numbers(element.get("Boundary"))
    origin_x, origin_y = (boundary[0], boundary[1]) if len(boundary) >= 2 else (0.0, 0.0)
    matrix = Matrix.parse(element.get("CTM"))
    size = (_numbers(element.get("Size") or element.get("size")) or [3.5])[0]  # easyofd writes "size"
    shown = size * matrix.scale * POINTS_PER_MM
    chars: list[dict] = []
    x = y = 0.0
    for code in (c for c in element if local(c) == "TextCode"):
        text = code.text or ""
        x = (_numbers(code.get("X")) or [x])[0]
        y = (_numbers(code.get("Y")) or [y])[0]
        steps_x = deltas(code.get("DeltaX"), len(text) - 1)
        steps_y = deltas(code.get("DeltaY"), len(text) - 1)
        for i, glyph in enumerate(text):
            step = steps_x[i] if i < len(steps_x) else None
            width = min(step, size) if step else size * (CJK_WIDTH if _RE_WIDE.match(glyph) else LATIN_WIDTH)
            (left, base), (right, _) = matrix.apply(x, y), matrix.apply(x + width, y)
            left, right, base = (v * POINTS_PER_MM for v in (left + origin_x, right + origin_x, base + origin_y))
            chars.append({
                "text": glyph, "x0": min(left, right), "x1": max(left, right),
                "top": base - ASCENT * shown, "bottom": base + DESCENT * shown, "size": shown,
            })  # fmt: skip
            x += step if step is not None else width
            y += steps_y[i] if i < len(steps_y) else 0.0
    return chars
