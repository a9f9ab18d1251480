""":mod:`pipeline.ingest.readers._pdf_pdfium`: A PDF page's characters and ruling lines, read with PDFium (pypdfium2).

PDFium parses a page several times faster than pdfminer and already knows
each glyph's Unicode value, box and font size, so the reader asks it for
exactly that and nothing more:

* characters as dicts of ``text``, ``x0``, ``x1``, ``top``, ``bottom``,
  ``size`` (pdfplumber's shape, so the layout code is the same) and
  ``space_before`` (a space comes before the glyph: one in the file, or one
  PDFium puts where it sees a word gap); white space itself is no char. The
  box is PDFium's loose box across (the advance, widened by a glyph that
  overhangs it) and one font size up from the loose box's bottom (pdfminer's
  em box), in the page as shown (``/Rotate`` applied, y down from the top);
  a glyph whose font gives only ink boxes (``，`` 3 pt high) takes the box of
  the glyph before it on its line;
* glyphs whose font maps them to no character (``FPDFText_HasUnicodeMapError``:
  pdfminer's ``(cid:N)``) are counted, not returned;
* the same glyph drawn again within 1 pt (fake bold) is kept once (PDFium
  already drops a repeated text object; this catches the rest);
* ruling lines are the axis-aligned straight pieces between consecutive
  points of filled or stroked paths (in form XObjects too; curve control
  points count as points, as in pdfplumber), as :class:`~._pdf_grid.Edge` s.

PDFium is not thread-safe: every call into it runs under :data:`LOCK`.
"""

from __future__ import annotations

import ctypes
import math
import operator
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import repeat

import pypdfium2
import pypdfium2.raw as pdfium_c

from pipeline.ingest.readers import _pdf_fonts
from pipeline.ingest.readers._pdf_grid import Edge

#: Held around every use of PDFium (one document at a time per process; Dask runs tasks in threads).
LOCK = threading.RLock()
#: Two copies of a glyph closer than this (pt) in both directions are one (fake bold).
DEFAULT_DEDUPE_TOLERANCE = 1.0
#: How far (pt) a segment's ends may differ across its axis and still be a ruling line.
DEFAULT_AXIS_TOLERANCE = 0.5
#: Path segments read per page at most: a vector drawing beyond that is no table (and would be slow).
DEFAULT_MAX_SEGMENTS = 20_000
#: Form XObjects nested deeper than this are not searched for ruling lines.
DEFAULT_MAX_FORM_DEPTH = 8

#: Glyphs smaller than this (pt) are not read: no reader sees them on the page (hidden text).
DEFAULT_MIN_SIZE = 1.0
#: Why a glyph is not read though it has a character: its text object's render mode draws nothing, it is
#: white on the white page, under :data:`DEFAULT_MIN_SIZE`, or outside the page.
HIDDEN_WHY = ("invisible", "white", "tiny", "outside")
#: A page's rotation by PDFium's number for it (as pypdfium2 reads it).
_DEGREES = {0: 0, 1: 90, 2: 180, 3: 270}
#: Text render modes that draw nothing (3: invisible; 7: a clipping path only) and those that fill glyphs.
_INVISIBLE_MODES = frozenset({3, 7})
_FILL_MODES = frozenset({0, 2, 4, 6})
#: The kinds of page object the walk tells apart.
_TEXT_OBJECT, _PATH_OBJECT, _FORM_OBJECT = pdfium_c.FPDF_PAGEOBJ_TEXT, pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM
#: Fill colour channels at least this high (of 255) are white: a box in that colour draws no line on the page.
_WHITE = 250
#: Text objects narrower than this (pt) are skipped by PDFium's text page (its ``kSizeEpsilon``).
_PDFIUM_MIN_WIDTH = 0.01
#: The code PDFium puts for a hyphen at the end of a line (the file has ``-`` there).
_PDFIUM_HYPHEN = 0x02
#: Spaces between words (a line break or tab is no word space).
_WORD_SPACES = frozenset(" \u00a0\u3000")
#: A run of white space in a page's text (``\s`` is what :meth:`str.isspace` calls white space).
_WHITE_SPACE = re.compile(r"\s+")

#: UTF-16 units that are no character of their own: halves of a surrogate pair (a lone one too), and 0xFFFE.
_NOT_ONE_UNIT = re.compile("[\ud800-\udfff\ufffe]")
#: A glyph whose loose box is this share of a font size taller or shorter than its font size is scaled or turned.
_SIZE_SLACK = 0.001
#: A glyph box lower than this share of its font size is an ink box (a font without ascent and descent, whose
#: "loose" boxes are its glyphs' outlines: ，is 3 pt high at the line's foot, — a bar at mid-height) ...
_INK_BOX_SHARE = 0.5
#: ... and when it lies within this share of a font size of the box of the glyph before it, as high as its font,
#: it takes that box: it is on that glyph's line (read alone, its commas made a line of their own).
_INK_BOX_REACH = 0.25


class _Texts(dict):
    """The text of each character code met so far (:func:`glyph_text`, once per code and process)."""

    def __missing__(self, code: int) -> str:
        text = self[code] = glyph_text(code)
        return text


_TEXT = _Texts()
_TEXT_OF, _X0_OF = operator.itemgetter("text"), operator.itemgetter("x0")

Matrix = tuple[float, float, float, float, float, float]  # a, b, c, d, e, f: x' = a x + c y + e, y' = b x + d y + f


@dataclass
class PageContent:
    """What the layout needs of one page."""

    chars: list[dict]
    edges: list[Edge]
    height: float
    n_glyphs: int  # glyphs drawn (PDFium's made-up spaces and breaks aside)
    n_unmapped: int  # glyphs whose font maps them to no character
    n_unplaced: int = 0  # text objects PDFium's text page skipped: no width (a space, or glyphs with no box)
    hidden: dict[str, int] = field(default_factory=dict)  # glyphs the page does not show, not read: why -> count


def display_matrix(rotation: int, box: tuple[float, float, float, float]) -> tuple[Matrix, float]:
    """The map from PDF user space (y up) to the page as shown (y down from its top-left), and the shown height.

    ``box`` is the media box ``(left, bottom, right, top)``; ``rotation`` the
    page's ``/Rotate`` (clockwise, as pdfminer turns it).

    >>> m, height = display_matrix(0, (0, 0, 595, 842))
    >>> transform_box(m, 72, 700, 80, 712), height  # 12 pt high, 130 pt below the top
    ((72.0, 130.0, 80.0, 142.0), 842.0)
    >>> m, height = display_matrix(90, (0, 0, 595, 842))  # shown landscape: 595 high
    >>> transform_box(m, 0, 0, 10, 20), height  # user-space bottom-left corner: shown top-left
    ((0.0, 0.0, 20.0, 10.0), 595.0)
    """
    x0, y0, x1, y1 = (float(v) for v in box)
    turns = {90: ((0.0, 1.0, 1.0, 0.0, -y0, -x0), x1 - x0), 180: ((-1.0, 0.0, 0.0, 1.0, x1, -y0), y1 - y0)}
    turns[270] = ((0.0, -1.0, -1.0, 0.0, y1, x1), x1 - x0)
    return turns.get(rotation % 360, ((1.0, 0.0, 0.0, -1.0, -x0, y1), y1 - y0))


def transform_box(m: Matrix, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
    """A user-space box ``(left, bottom, right, top)`` as ``(x0, top, x1, bottom)`` in shown space.

    >>> transform_box((1.0, 0.0, 0.0, -1.0, 0.0, 842.0), 72, 700, 80, 712)
    (72.0, 130.0, 80.0, 142.0)
    """
    a, b, c, d, e, f = m
    xs = (a * left + c * bottom + e, a * right + c * top + e, a * left + c * top + e, a * right + c * bottom + e)
    ys = (b * left + d * bottom + f, b * right + d * top + f, b * left + d * top + f, b * right + d * bottom + f)
    return min(xs), min(ys), max(xs), max(ys)


def char_dict(text: str, box: tuple[float, float, float, float], size: float, *, space_before: bool = False) -> dict:
    """The char dict of a glyph from its shown loose box ``(x0, top, x1, bottom)`` and font size.

    The box is the loose box across and one font size up from its bottom
    (PDFium's loose box is taller than the em box pdfminer gave); a glyph
    turned on the page keeps its loose box. ``space_before``: a space comes
    before it in the file's text.

    >>> char_dict("浙", (105.4, 126.35, 117.4, 139.25), 12.0)
    {'text': '浙', 'x0': 105.4, 'x1': 117.4, 'top': 127.25, 'bottom': 139.25, 'size': 12.0, 'space_before': False}
    """
    return _char(text, *box, size, space_before)


def dedupe(chars: list[dict], tolerance: float = DEFAULT_DEDUPE_TOLERANCE) -> list[dict]:
    """The characters without repeats: the same text and size again within ``tolerance`` of a kept one (fake bold).

    >>> a = {"text": "关", "x0": 80.0, "top": 200.0, "size": 16.0}
    >>> [c["x0"] for c in dedupe([a, {**a, "x0": 80.3, "top": 200.9}, {**a, "x0": 96.0}])]
    [80.0, 96.0]
    """
    kept: dict[tuple[str, int], list[dict]] = {}  # (text, band of the page's height) -> kept chars
    out = []
    for ch in chars:
        text, x0, top, size = ch["text"], ch["x0"], ch["top"], ch["size"]
        band = int(top // tolerance)
        for near in (kept.get((text, band - 1)), kept.get((text, band)), kept.get((text, band + 1))):
            if near and any(
                abs(o["x0"] - x0) <= tolerance and abs(o["top"] - top) <= tolerance and abs(o["size"] - size) < 0.1
                for o in near
            ):
                break
        else:
            kept.setdefault((text, band), []).append(ch)
            out.append(ch)
    return out


def glyph_text(code: int) -> str:
    """The character PDFium reports as ``code``: its mark for a line-end hyphen (2) is ``-``, other control
    codes and lone surrogates are a line break (no character).

    >>> glyph_text(0x6D59), glyph_text(2), glyph_text(0x0D), glyph_text(0xD800)
    ('浙', '-', '\\n', '\\n')
    """
    if code == _PDFIUM_HYPHEN:
        return "-"
    if code < 0x20 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        return "\n"
    return chr(code)


def open_document(data: bytes):
    """A :class:`pypdfium2.PdfDocument` of ``data`` (call under :data:`LOCK`; close it when done).

    Raises:
        pypdfium2.PdfiumError: the bytes are no PDF PDFium can load; ``err_code`` says why
            (``FPDF_ERR_PASSWORD`` for a user password).
    """
    _pdf_fonts.install()  # a CJK font not embedded has boxes even on a machine without one
    return pypdfium2.PdfDocument(data)


def needs_password(exc: BaseException) -> bool:
    """Whether a PDFium load error is the refusal of a password-protected file."""
    return getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD


def page_count(doc) -> int:
    return len(doc)


def close(doc) -> None:
    doc.close()


def read_page(doc, index: int) -> PageContent:
    """Characters (de-duplicated, the hidden ones counted instead: :class:`PageContent`) and ruling lines of
    page ``index`` (0-based) of an open document."""
    with LOCK:  # (the walk and the glyph reads fill places made once per process)
        return _read_page(doc, index)


def _read_page(doc, index: int) -> PageContent:
    page = _load_page(doc, index)
    try:
        rotation, box = _rotation(page), _mediabox(page)
        m, height = display_matrix(rotation, box)
        width = abs(box[3] - box[1]) if rotation % 180 == 90 else abs(box[2] - box[0])
        scan = _Scan()
        edges = _edges(page, m, scan)
        textpage = pdfium_c.FPDFText_LoadPage(page)
        if not textpage:
            raise pypdfium2.PdfiumError("Failed to load text page.")
        try:
            chars, n_glyphs, n_unmapped, repeated, hidden = _chars(textpage, m, scan.hidden(m), (width, height))
        finally:
            pdfium_c.FPDFText_ClosePage(textpage)
    finally:
        pdfium_c.FPDF_ClosePage(page)
    chars = dedupe(chars) if repeated else chars
    return PageContent(chars, edges, height, n_glyphs, n_unmapped, scan.unplaced, hidden)


# A page and its text page are loaded and closed through PDFium's own calls, as pypdfium2's ``PdfDocument.get_page``
# and ``PdfPage.get_textpage`` do (with their errors), without the wrapper objects and finalizers each of those
# makes: 4% of the reading of a page.


def _load_page(doc, index: int):
    page = pdfium_c.FPDF_LoadPage(doc.raw, index)
    if not page:
        raise pypdfium2.PdfiumError("Failed to load page.")
    return page


def _rotation(page) -> int:
    """The page's ``/Rotate`` in degrees (as pypdfium2's ``PdfPage.get_rotation``)."""
    turns = pdfium_c.FPDFPage_GetRotation(page)
    if turns == -1:
        raise pypdfium2.PdfiumError("Failed to get page rotation.")
    return _DEGREES[turns]


def _mediabox(page) -> tuple[float, float, float, float]:
    """The page's media box ``(left, bottom, right, top)``, US letter when it has none (as pypdfium2's
    ``PdfPage.get_mediabox``)."""
    if not _WALK.mediabox(page, *_WALK.box_at):
        return (0, 0, 612, 792)
    return tuple(_WALK.box_read)


def _chars(
    textpage, m: Matrix, hidden_objects: dict[int, str] | None = None, page_size: tuple[float, float] | None = None
) -> tuple[list[dict], int, int, bool, dict[str, int]]:
    """The page's visible glyphs as char dicts in shown space, the count of glyphs and of unmappable ones,
    whether a glyph is drawn again at (about) the same place (fake bold, for :func:`dedupe` to take out), and
    how many glyphs the page does not show, by why (:data:`HIDDEN_WHY`).

    A glyph is not shown when its text object is (``hidden_objects``: its
    address and why), when it is smaller than :data:`DEFAULT_MIN_SIZE` or
    wholly outside the page (``page_size``: shown width and height). A page
    with no glyph shown but invisible ones is a scan's OCR layer: those are
    its text, and count as shown.

    PDFium drops a copy within 0.07 font sizes itself; the copies left are
    looked for in whole points, so a page without any skips ``dedupe`` (a
    copy across a point's edge is found by ``dedupe`` when another is not).

    White space is no char: a glyph that follows a space (one in the file, or
    one PDFium put where it sees a word gap) is marked ``space_before``, and
    the layout decides where spaces go (never between Chinese characters).

    PDFium is asked in bulk (:func:`_page_glyphs`). A glyph's font size is
    asked when its box is not as high as the glyph's before (a new run of
    text), and its matrix only for text scaled, turned or slanted by it (its
    box is then not one font size high); both belong to its text object, so
    they are asked once per text object.
    """
    page = ctypes.cast(textpage, ctypes.c_void_p)
    sizes: dict[int, tuple[float, float | None]] = {}  # text object -> :func:`_object_size`
    upright = m[:4] == (1.0, 0.0, 0.0, -1.0)
    dx, dy = m[4], m[5]
    chars: list[dict] = []
    append = chars.append
    tops: list[float] = []  # each char's shown top, for the repeats (its "top" is the em box's)
    add_top = tops.append
    n_unmapped = 0
    after_space = False
    last_height: float | None = None
    size = 0.0
    width, height = page_size or (math.inf, math.inf)
    slack, min_size, isfinite = _SIZE_SLACK, DEFAULT_MIN_SIZE, math.isfinite
    ink, reach = _INK_BOX_SHARE, _INK_BOX_REACH
    hidden: dict[str, int] = {}
    invisible: list[dict] = []  # glyphs of invisible text objects: the text of a scan when nothing else is shown
    n_glyphs, glyphs = _page_glyphs(textpage)
    for i, text, spaced, obj, unmapped, placed, left, top, right, bottom in glyphs:
        if spaced is not None:
            after_space = spaced
        if unmapped == 1:
            n_unmapped += 1
            continue
        if not placed:
            continue
        if top - bottom != last_height:  # (the glyphs of a run share their box's height, and their size)
            last_height = top - bottom
            known = sizes.get(obj)
            if known is None:
                known = sizes[obj] = _object_size(page, i)
            size, scale = known
            if abs(last_height - size) > slack * size:  # scaled, turned or slanted by its matrix
                last_height = None  # (every glyph of such a run looks again)
                if scale is None:
                    continue
                size *= scale
                if not isfinite(size + left + right + top + bottom):
                    continue  # a broken matrix: no place on the page
        if upright:
            x0 = left + dx
            x1 = right + dx
            top_shown = dy - top
            bottom_shown = dy - bottom
        else:
            x0, top_shown, x1, bottom_shown = transform_box(m, left, bottom, right, top)
        if hidden_objects and (why := hidden_objects.get(obj)):
            if why == "invisible":
                invisible.append(_char(text, x0, top_shown, x1, bottom_shown, size, after_space))
            else:
                hidden[why] = hidden.get(why, 0) + 1
            after_space = False
            continue
        if size < min_size or x1 <= 0 or x0 >= width or bottom_shown <= 0 or top_shown >= height:
            why = "tiny" if size < min_size else "outside"
            hidden[why] = hidden.get(why, 0) + 1
            after_space = False
            continue
        em_top = bottom_shown - size
        box_top = top_shown if top_shown >= em_top else em_top  # (max(), without its call)
        box_bottom = bottom_shown
        if bottom_shown - top_shown < ink * size and chars:  # a font that gives ink boxes: ，or — in a line
            before = chars[-1]
            if (before["top"] - reach * size <= top_shown and bottom_shown <= before["bottom"] + reach * size
                    and before["bottom"] - before["top"] >= ink * before["size"]):
                box_top, box_bottom = before["top"], before["bottom"]  # the line's place, as the glyph before
        append({
            "text": text,
            "x0": x0,
            "x1": x1,
            "top": box_top,
            "bottom": box_bottom,
            "size": size,
            "space_before": after_space,
        })
        add_top(top_shown)
        after_space = False
    spots = zip(map(_TEXT_OF, chars), map(int, map(_X0_OF, chars)), map(int, tops))
    repeated = len(set(spots)) < len(chars)  # the same glyph twice in one point (seen in whole points)
    if invisible and not chars:
        return invisible, n_glyphs, n_unmapped, repeated, hidden  # a scan's OCR layer: its text
    if invisible:
        hidden["invisible"] = len(invisible)
    return chars, n_glyphs, n_unmapped, repeated, hidden


def _char(text: str, x0: float, top: float, x1: float, bottom: float, size: float, space_before: bool) -> dict:
    """A char dict: the box across, and one font size up from its bottom (see :func:`char_dict`)."""
    return {
        "text": text,
        "x0": x0,
        "x1": x1,
        "top": max(top, bottom - size),
        "bottom": bottom,
        "size": size,
        "space_before": space_before,
    }


def _object_size(page: ctypes.c_void_p, index: int) -> tuple[float, float | None]:
    """The font size of glyph ``index`` of a text page, and how much its matrix scales it across
    the baseline (None when PDFium has no matrix for it): both are its text object's."""
    size = _FAST.font_size(page, index)
    if not _FAST.matrix(page, index, _WALK.fs_matrix_at):
        return size, None
    return size, math.hypot(_WALK.fs_matrix.c, _WALK.fs_matrix.d)


def _page_glyphs(textpage) -> tuple[int, Iterator[tuple]]:
    """How many characters of a text page are no white space, and each of them as ``(index, text, spaced,
    text object, unmapped, placed, left, top, right, bottom)``.

    ``spaced`` says what white space comes right before the glyph: True a
    word space, False a line break or tab, None none. The text object is its
    address; ``unmapped`` is 1 for a glyph whose font maps it to no
    character; the box is PDFium's loose box in user space, when ``placed``.

    The white space is found in the page's text (read in one call), and
    PDFium is asked about the other characters only: each question for all
    of them at once through ``map`` (the loose boxes into :class:`_Boxes`),
    the answers zipped back.
    """
    texts = list(map(_TEXT.__getitem__, _codes(textpage)))
    page_text = "".join(texts)
    indices: list[int] = []  # the characters that are no white space
    marks: list[tuple[int, bool]] = []  # (place in indices of the glyph after white space, a word space?)
    start = 0
    for white in _WHITE_SPACE.finditer(page_text):
        first, stop = white.span()
        indices += range(start, first)
        marks.append((len(indices), page_text[stop - 1] in _WORD_SPACES))  # (its last character counts)
        start = stop
    indices += range(start, len(texts))
    n = len(indices)
    spaced: list[bool | None] = [None] * (n + 1)  # (white space at the end marks no glyph)
    for k, word_space in marks:
        spaced[k] = word_space
    page = ctypes.cast(textpage, ctypes.c_void_p)
    unmapped = list(map(_FAST.map_error, repeat(page, n), indices))
    placed: list[int] = []
    corners: list[float] = []
    for start in range(0, n, _Boxes.SIZE):
        chunk = indices[start : start + _Boxes.SIZE]
        placed += map(_FAST.loose_box, repeat(page, len(chunk)), chunk, _Boxes.slots)
        corners += _Boxes.floats[: 4 * len(chunk)]
    objects = list(map(_FAST.text_object, repeat(page, n), indices))
    lefts, tops, rights, bottoms = corners[0::4], corners[1::4], corners[2::4], corners[3::4]
    glyphs = zip(indices, map(texts.__getitem__, indices), spaced, objects, unmapped, placed, lefts, tops, rights, bottoms)
    return n, glyphs


def _codes(textpage) -> list[int]:
    """The code of every character of the text page, in one call when PDFium's text holds one UTF-16 unit per
    character (no surrogate pairs, no control characters left out), else one call per character."""
    n = pdfium_c.FPDFText_CountChars(textpage)
    if n <= 0:
        return []
    buffer = (ctypes.c_ushort * (n + 1))()
    written = pdfium_c.FPDFText_GetText(textpage, 0, n, buffer)
    units = ctypes.string_at(buffer, 2 * n).decode("utf-16-le", "surrogatepass")
    if written == n + 1 and len(units) == n and not _NOT_ONE_UNIT.search(units):  # (a pair decodes as one)
        return buffer[:n]
    page, unicode_of = ctypes.cast(textpage, ctypes.c_void_p), _FAST.unicode
    return [unicode_of(page, i) for i in range(n)]


def _raw(function, restype):
    """PDFium's ``function`` without argument types: called with ``ctypes.c_void_p`` objects for pointers and
    plain ints for indices, which ctypes passes as they are. Half the cost of a call through pypdfium2's typed
    pointers, and a third less than with argument types to convert, which matters at a few calls per glyph.

    The call keeps the GIL (a Python API function type, as ``ctypes.pythonapi``'s): releasing and taking it
    again around every call was a sixth of its cost (290 → 240 ns), and these calls take a microsecond or
    less under :data:`LOCK` (pypdfium2's own calls that load a page still let other threads run)."""
    call = ctypes.PYFUNCTYPE(restype)(ctypes.cast(function, ctypes.c_void_p).value)
    call.argtypes = None
    return call


class _FAST:
    """The per-glyph calls into PDFium (a text page, a character index, a pointer to what it fills)."""

    unicode = _raw(pdfium_c.FPDFText_GetUnicode, ctypes.c_uint)
    map_error = _raw(pdfium_c.FPDFText_HasUnicodeMapError, ctypes.c_int)
    loose_box = _raw(pdfium_c.FPDFText_GetLooseCharBox, ctypes.c_int)
    font_size = _raw(pdfium_c.FPDFText_GetFontSize, ctypes.c_double)
    matrix = _raw(pdfium_c.FPDFText_GetMatrix, ctypes.c_int)
    text_object = _raw(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p)


class _Boxes:
    """Room for the loose boxes of :data:`SIZE` glyphs, and a pointer to each one's place, made once per
    process (making the pointers costs as much as a call): a page's boxes are read into it in turns
    (:func:`read_page` holds :data:`LOCK`)."""

    SIZE = 2048
    STEP = ctypes.sizeof(pdfium_c.FS_RECTF)
    floats = (ctypes.c_float * (4 * SIZE))()  # FS_RECTF: left, top, right, bottom
    slots = list(map(ctypes.c_void_p, range(ctypes.addressof(floats), ctypes.addressof(floats) + STEP * SIZE, STEP)))


class _Handle(ctypes.c_void_p):
    """A pointer PDFium returns, kept as a ctypes object (a plain ``c_void_p`` result would become an int, and
    an int cannot be passed back without argument types); false when NULL."""


class _WALK:
    """The calls of the walk over a page's objects (:func:`_edges`), without argument types (:func:`_raw`),
    and the places they fill, made once (:func:`read_page` holds :data:`LOCK`)."""

    mediabox = _raw(pdfium_c.FPDFPage_GetMediaBox, ctypes.c_int)
    count = _raw(pdfium_c.FPDFPage_CountObjects, ctypes.c_int)
    get = _raw(pdfium_c.FPDFPage_GetObject, _Handle)
    kind = _raw(pdfium_c.FPDFPageObj_GetType, ctypes.c_int)
    form_count = _raw(pdfium_c.FPDFFormObj_CountObjects, ctypes.c_int)
    form_get = _raw(pdfium_c.FPDFFormObj_GetObject, _Handle)
    render_mode = _raw(pdfium_c.FPDFTextObj_GetTextRenderMode, ctypes.c_int)
    font = _raw(pdfium_c.FPDFTextObj_GetFont, _Handle)
    embedded = _raw(pdfium_c.FPDFFont_GetIsEmbedded, ctypes.c_int)
    fill_color = _raw(pdfium_c.FPDFPageObj_GetFillColor, ctypes.c_int)
    bounds = _raw(pdfium_c.FPDFPageObj_GetBounds, ctypes.c_int)
    matrix = _raw(pdfium_c.FPDFPageObj_GetMatrix, ctypes.c_int)
    draw_mode = _raw(pdfium_c.FPDFPath_GetDrawMode, ctypes.c_int)
    count_segments = _raw(pdfium_c.FPDFPath_CountSegments, ctypes.c_int)
    segment = _raw(pdfium_c.FPDFPath_GetPathSegment, _Handle)
    point = _raw(pdfium_c.FPDFPathSegment_GetPoint, ctypes.c_int)
    segment_type = _raw(pdfium_c.FPDFPathSegment_GetType, ctypes.c_int)
    closes = _raw(pdfium_c.FPDFPathSegment_GetClose, ctypes.c_int)

    # (each read back through a memoryview: unpacking a ctypes array costs several times as much)
    rgba = (ctypes.c_uint * 4)()
    rgba_at = list(map(ctypes.byref, repeat(rgba), range(0, 16, 4)))
    rgba_read = memoryview(rgba).cast("B").cast("I")
    box = (ctypes.c_float * 4)()  # left, bottom, right, top
    box_at = list(map(ctypes.byref, repeat(box), range(0, 16, 4)))
    box_read = memoryview(box).cast("B").cast("f")
    xy = [ctypes.c_float(), ctypes.c_float()]
    xy_at = [ctypes.byref(v) for v in xy]
    modes = (ctypes.c_int * 2)()  # fill, stroke
    modes_at = list(map(ctypes.byref, repeat(modes), range(0, 8, 4)))
    modes_read = memoryview(modes).cast("B").cast("i")
    fs_matrix = pdfium_c.FS_MATRIX()
    fs_matrix_at = ctypes.byref(fs_matrix)


class _Scan:
    """What a walk over a page's objects learns besides its ruling lines: text objects PDFium's text page skips
    (``unplaced``), text objects the page does not show (``invisible``: render mode 3 or 7; ``white``: filled
    in white, by address with their shown boxes) and the boxes of paths filled in a colour (``inked``): white
    text on one of those is shown."""

    def __init__(self) -> None:
        self.unplaced = 0
        self.invisible: list[int] = []
        self.white: list[tuple[int, tuple]] = []
        self.inked: list[tuple] = []
        self.embedded: dict[int, int] = {}  # font address -> whether it is embedded (asked once per font)

    def text(self, obj, m: Matrix) -> None:
        self.unplaced += _without_width(obj, self.embedded)
        mode = _WALK.render_mode(obj)
        if mode in _INVISIBLE_MODES:
            self.invisible.append(obj.value)
        elif mode in _FILL_MODES and _paints_white(obj):
            self.white.append((obj.value, _bounds(obj, m)))

    def hidden(self, m: Matrix) -> dict[int, str]:
        """The addresses of the text objects not shown, and why."""
        out = dict.fromkeys(self.invisible, "invisible")
        for address, box in self.white:
            if box and not any(_within(box, ink) for ink in self.inked):
                out[address] = "white"
        return out


def _bounds(obj, m: Matrix) -> tuple[float, float, float, float] | None:
    """A page object's box in shown space ``(x0, top, x1, bottom)``, None when PDFium has none."""
    if not _WALK.bounds(obj, *_WALK.box_at):
        return None
    return transform_box(m, *_WALK.box_read)


def _within(box: tuple, outer: tuple) -> bool:
    """Whether the middle of ``box`` lies in ``outer`` (both ``(x0, top, x1, bottom)``)."""
    x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return outer[0] <= x <= outer[2] and outer[1] <= y <= outer[3]


def _edges(page, m: Matrix, scan: _Scan) -> list[Edge]:
    """The page's axis-aligned path segments in shown space, as edges, up to :data:`DEFAULT_MAX_SEGMENTS`;
    what the walk learns of its text objects and inked boxes goes to ``scan``."""
    edges: list[Edge] = []
    budget = [DEFAULT_MAX_SEGMENTS]
    get = _WALK.get
    for i in range(_WALK.count(page)):
        _object_edges(get(page, i), m, 0, budget, scan, edges)
    return edges


def _object_edges(obj, m: Matrix, depth: int, budget: list[int], scan: _Scan, edges: list[Edge]) -> None:
    """Add the edges of one page object (and of those in it, for a form XObject) to ``edges``."""
    kind = _WALK.kind(obj)
    if kind == _TEXT_OBJECT:
        scan.text(obj, m)
        return
    if kind == _FORM_OBJECT and depth < DEFAULT_MAX_FORM_DEPTH:
        inner = compose(_matrix_of(obj), m)
        for i in range(_WALK.form_count(obj)):
            _object_edges(_WALK.form_get(obj, i), inner, depth + 1, budget, scan, edges)
        return
    if kind != _PATH_OBJECT or budget[0] <= 0:
        return
    if not _WALK.draw_mode(obj, *_WALK.modes_at):
        return  # a path that paints nothing
    fill, stroke = _WALK.modes_read
    if not (fill or stroke):
        return
    white = bool(fill) and _paints_white(obj)
    if fill and not white:
        box = _bounds(obj, m)
        if box and box[2] - box[0] > DEFAULT_MIN_SIZE and box[3] - box[1] > DEFAULT_MIN_SIZE:
            scan.inked.append(box)  # a box in a colour: white text on it is shown
    if white and not stroke:
        return  # a white box behind a paragraph (LibreOffice draws one per paragraph of a WPS file): no rule
    n = _WALK.count_segments(obj)
    budget[0] -= max(n, 0)
    if n <= 1 or budget[0] < 0:
        return
    edges += segment_edges(_points(obj, n), compose(_matrix_of(obj), m))


def _paints_white(obj) -> bool:
    """Whether a path is filled in white (or not at all: fully transparent), as the page is."""
    if not _WALK.fill_color(obj, *_WALK.rgba_at):
        return False
    r, g, b, a = _WALK.rgba_read
    return a == 0 or (r >= _WHITE and g >= _WHITE and b >= _WHITE)


def _without_width(obj, embedded: dict[int, int]) -> bool:
    """Whether a text object's box has no width, so PDFium's text page skips it (as it does under 0.01 pt), and
    its font is not embedded: glyphs of an embedded font without a box are blank (spaces), another font's may
    be glyphs the machine has no font for. ``embedded``: what is known of the page's fonts, by address."""
    font = _WALK.font(obj)
    if font:
        known = embedded.get(font.value)
        if known is None:
            known = embedded[font.value] = _WALK.embedded(font)
        if known:
            return False
    if not _WALK.bounds(obj, *_WALK.box_at):
        return False
    left, _, right, _ = _WALK.box_read
    return abs(right - left) < _PDFIUM_MIN_WIDTH


def _matrix_of(obj) -> Matrix:
    fm = _WALK.fs_matrix
    if not _WALK.matrix(obj, _WALK.fs_matrix_at):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (fm.a, fm.b, fm.c, fm.d, fm.e, fm.f)


def _points(obj, n: int) -> list[tuple[float, float, bool, bool]]:
    """The path's segment end points: ``(x, y, starts_subpath, closes_subpath)``."""
    x, y = _WALK.xy
    segment, point, segment_type, closes = _WALK.segment, _WALK.point, _WALK.segment_type, _WALK.closes
    moveto = pdfium_c.FPDF_SEGMENT_MOVETO
    out = []
    for k in range(n):
        seg = segment(obj, k)
        if not seg or not point(seg, *_WALK.xy_at):
            continue
        out.append((x.value, y.value, segment_type(seg) == moveto, bool(closes(seg))))
    return out


def compose(first: Matrix, then: Matrix) -> Matrix:
    """The matrix applying ``first`` and then ``then``.

    >>> compose((2.0, 0.0, 0.0, 2.0, 10.0, 10.0), (1.0, 0.0, 0.0, -1.0, 0.0, 842.0))
    (2.0, 0.0, 0.0, -2.0, 10.0, 832.0)
    """
    a1, b1, c1, d1, e1, f1 = first
    a2, b2, c2, d2, e2, f2 = then
    return (
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    )


def segment_edges(points: list[tuple[float, float, bool, bool]], m: Matrix) -> Iterator[Edge]:
    """The axis-aligned straight pieces of a path (end points in user space) as edges in shown space.

    A point that starts a subpath draws nothing; a point that closes one also
    draws back to the subpath's start. A curve's control points are points too.

    >>> list(segment_edges([(72, 600, True, False), (300, 600, False, False)], (1.0, 0.0, 0.0, -1.0, 0.0, 842.0)))
    [Edge(vertical=False, pos=242.0, lo=72.0, hi=300.0)]
    """
    a, b, c, d, e, f = m
    start = last = None
    for x, y, moves, closes in points:
        here = (a * x + c * y + e, b * x + d * y + f)
        if moves or last is None:
            start = last = here
            continue
        edge = _edge(last, here)
        if edge:
            yield edge
        if closes and start is not None:
            edge = _edge(here, start)
            if edge:
                yield edge
            here = start
        last = here


def _edge(p: tuple[float, float], q: tuple[float, float]) -> Edge | None:
    if abs(p[1] - q[1]) <= DEFAULT_AXIS_TOLERANCE and p[0] != q[0]:
        return Edge(False, (p[1] + q[1]) / 2, min(p[0], q[0]), max(p[0], q[0]))
    if abs(p[0] - q[0]) <= DEFAULT_AXIS_TOLERANCE and p[1] != q[1]:
        return Edge(True, (p[0] + q[0]) / 2, min(p[1], q[1]), max(p[1], q[1]))
    return None
