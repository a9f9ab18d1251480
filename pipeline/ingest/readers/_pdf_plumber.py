""":mod:`pipeline.ingest.readers._pdf_plumber`: A PDF page's characters and ruling lines read with pdfplumber (pdfminer.six).

The second char source of the PDF reader, beside
:mod:`~pipeline.ingest.readers._pdf_pdfium`: pdfminer is pure Python and several
times slower, but it forgives what PDFium refuses (a page tree that points
nowhere: it reads the file's page objects one by one), so the reader falls
back to it when PDFium cannot open or parse a file. It gives the same
:class:`~pipeline.ingest.readers._pdf_pdfium.PageContent`, so the layout is the same:

* characters as pdfplumber's char dicts (pdfminer's em box, in the page as
  shown with ``/Rotate`` applied, y down from the top) cut to the keys the
  layout reads, after pdfplumber's ``dedupe_chars`` (fake bold: the same glyph
  drawn again within 1 pt); white space is no char but marks ``space_before``
  on the glyph after it;
* ``(cid:N)`` glyphs (a font that maps them to no character) are counted, not
  returned;
* ruling lines are the page's horizontal and vertical edges (lines, sides of
  rectangles, straight pieces of curves) as :class:`~._pdf_grid.Edge` s, up to
  :data:`~._pdf_pdfium.DEFAULT_MAX_SEGMENTS` per page.

pdfplumber is imported on first use: a run that PDFium reads never pays for it.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re

from pipeline.ingest.readers._pdf_grid import Edge
from pipeline.ingest.readers._pdf_pdfium import _WORD_SPACES, DEFAULT_MAX_SEGMENTS, PageContent

#: pdfminer parses each document on its own: nothing to hold (the same interface as PDFium's lock).
LOCK = contextlib.nullcontext()

_CID = re.compile(r"\(cid:\d+\)")
#: A colour channel (0-1) at least this light is white; a CMYK ink at most ``1 - _WHITE`` is none.
_WHITE = 0.98


def open_document(data: bytes):
    """A :class:`pdfplumber.PDF` of ``data`` (close it with :func:`close`).

    Raises:
        pdfplumber.utils.exceptions.PdfminerException: pdfminer cannot parse the file (a user password:
            :func:`needs_password`).
    """
    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # its warnings about a damaged file are ours to report
    return pdfplumber.open(io.BytesIO(data))


def needs_password(exc: BaseException) -> bool:
    """Whether a pdfminer error is the refusal of a password-protected file."""
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    return any(isinstance(e, PDFPasswordIncorrect) for e in (exc, *getattr(exc, "args", ())))


def page_count(pdf) -> int:
    return len(pdf.pages)


def close(pdf) -> None:
    pdf.close()


def read_page(pdf, index: int) -> PageContent:
    """Characters (de-duplicated) and ruling lines of page ``index`` (0-based) of an open document."""
    page = pdf.pages[index]
    try:
        chars, n_glyphs, n_unmapped = char_dicts(page.dedupe_chars().chars)
        edges = [e for e in (edge(obj) for obj in page.edges[:DEFAULT_MAX_SEGMENTS] if not paints_white(obj)) if e]
        height = float(page.height)
    finally:
        page.close()
    return PageContent(chars, edges, height, n_glyphs, n_unmapped)


def char_dicts(chars: list[dict]) -> tuple[list[dict], int, int]:
    """pdfplumber's chars as the layout's char dicts, the count of glyphs and of unmappable ``(cid:N)`` ones.

    >>> box = {"x0": 72.0, "x1": 84.0, "top": 130.0, "bottom": 142.0, "size": 12.0}
    >>> got, n, unmapped = char_dicts([{**box, "text": "("}, {**box, "text": " "}, {**box, "text": "浙"},
    ...                                {**box, "text": "(cid:3)"}])
    >>> [(c["text"], c["space_before"]) for c in got], n, unmapped
    ([('(', False), ('浙', True)], 3, 1)
    """
    out: list[dict] = []
    n_glyphs = n_unmapped = 0
    after_space = False
    for ch in chars:
        text = ch["text"]
        if not text or text.isspace() or all(ord(t) < 0x20 for t in text):
            after_space = text in _WORD_SPACES
            continue
        n_glyphs += 1
        if _CID.fullmatch(text):
            n_unmapped += 1
            continue
        out.append(
            {
                "text": text,
                "x0": float(ch["x0"]),
                "x1": float(ch["x1"]),
                "top": float(ch["top"]),
                "bottom": float(ch["bottom"]),
                "size": float(ch["size"]),
                "space_before": after_space,
            }
        )
        after_space = False
    return out, n_glyphs, n_unmapped


def paints_white(obj: dict) -> bool:
    """Whether a path is only filled, in white (gray, RGB or CMYK): a box behind a paragraph, no ruling line.

    >>> paints_white({"fill": True, "stroke": False, "non_stroking_color": (1.0, 1.0, 1.0)})
    True
    >>> paints_white({"fill": True, "stroke": False, "non_stroking_color": (0, 0, 0, 0)}), paints_white({"fill": True, "stroke": True})
    (True, False)
    """
    if obj.get("stroke") or not obj.get("fill"):
        return False
    color = obj.get("non_stroking_color")
    if isinstance(color, (int, float)):
        color = (color,)
    if not isinstance(color, (tuple, list)) or not all(isinstance(v, (int, float)) for v in color):
        return False
    if len(color) == 4:
        return max(color) <= 1 - _WHITE
    return len(color) in (1, 3) and min(color) >= _WHITE


def edge(obj: dict) -> Edge | None:
    """A pdfplumber edge (``orientation`` ``h`` or ``v``, page-top coordinates) as an :class:`Edge`; None if slanted.

    >>> edge({"orientation": "h", "x0": 72, "x1": 300, "top": 242, "bottom": 242})
    Edge(vertical=False, pos=242.0, lo=72.0, hi=300.0)
    """
    if obj.get("orientation") == "h":
        return Edge(False, float(obj["top"]), float(obj["x0"]), float(obj["x1"]))
    if obj.get("orientation") == "v":
        return Edge(True, float(obj["x0"]), float(obj["top"]), float(obj["bottom"]))
    return None
