""":mod:`pipeline.readers.pdf`: Read a PDF circular with PDFium: lines from character positions, ruled tables as cells.

A text extractor's plain text (pdfplumber's ``extract_text``, PDFium's own)
puts spaces wherever glyphs are spaced out (letter-spaced Chinese becomes
``质 检 工 作``) and knows nothing of running headers, page numbers or tables.
This reader takes each glyph's character, box and font size from PDFium
(:mod:`~pipeline.readers._pdf_pdfium`, several times faster than pdfminer) and
builds the text itself (:mod:`~pipeline.readers._pdf_layout`):

* characters are de-duplicated (fake bold is the same glyph drawn twice) and
  grouped into lines by their vertical position, each line sorted by ``x0``;
* a space goes between two characters only when the gap is wide for the line
  (or the file has a space there) *and* one side is Latin or a digit
  (``ISO 9001``) and neither is Chinese;
* lines in the top and bottom margin bands that repeat across pages (running
  headers, ``— 3 —``) or are only a page number are dropped;
* a line that runs to the right edge of the text column (the next line's first
  glyph would not have fitted) is joined to the next when that one starts at
  the left edge: a wrap, not a paragraph end (without first-line indents, only
  when the next line opens no label);
* ruled tables (found in the page's ruling lines as pdfplumber's
  ``find_tables`` finds them: :mod:`~pipeline.readers._pdf_grid`) become
  tab-led cells: one ``\\t``-led line per cell, rows separated by blank
  lines, as the DOCX reader renders them; inside a cell, a line that fills
  the cell's width is joined to the next, other line breaks are kept as
  ``\\n``. A table continued on the next page is read as one: its repeated
  header row is dropped and a row the page break cut in two (no 序号 on the
  new page) is joined again.

``blocks`` holds one ``(start, end, page, bbox)`` per physical line or table
cell (a cell broken over pages has one block per page).

Pages without text, or whose glyphs are more than
:data:`DEFAULT_MAX_CID_SHARE` ``(cid:N)`` glyphs (a font that maps them to no
character), are skipped with a ``W_PAGE_NEEDS_OCR`` warning; with no usable
page at all the file needs OCR (:class:`~pipeline.errors.NeedsOCR`). A file of
more than :data:`DEFAULT_MAX_PAGES` pages is refused before any page is read.
"""

from __future__ import annotations

from pipeline.document import Source
from pipeline.errors import EmptyInput, EncryptedPDF, NeedsOCR, ReadError, TooLarge
from pipeline.readers import _pdf_grid as G
from pipeline.readers import _pdf_layout as L
from pipeline.readers import _pdf_pdfium as P

#: Most pages a PDF may have: a longer file is refused (``E_TOO_LARGE``) before any page is read.
DEFAULT_MAX_PAGES = 2000
#: Share of a page's glyphs that may be ``(cid:N)`` (mapped to no character) before the page is unreadable.
DEFAULT_MAX_CID_SHARE = 0.1


def read_pdf(path: str, data: bytes, *, max_pages: int = DEFAULT_MAX_PAGES) -> Source:
    """The text of the PDF's pages joined into one, with one provenance block per line or table cell.

    Raises:
        EncryptedPDF: the file needs a password.
        TooLarge: the file has more than ``max_pages`` pages.
        NeedsOCR: no page has a usable text layer (a scan), or the text is ``(cid:…)`` glyphs.
        ReadError: PDFium cannot parse the file.
    """
    pages: list[list[L.Line]] = []
    heights: list[float] = []
    unreadable: list[int] = []
    with P.LOCK:
        doc = _open(data)
        try:
            n_pages = len(doc)
            if not n_pages:
                raise EmptyInput("PDF has no pages")
            if n_pages > max_pages:
                raise TooLarge(f"PDF has {n_pages} pages (limit max_pages={max_pages}): more than one circular?")
            for index in range(n_pages):
                items, height = _page(doc, index)
                if not items:
                    unreadable.append(index + 1)
                pages.append(items)
                heights.append(height)
        finally:
            doc.close()
    if len(unreadable) == n_pages:
        raise NeedsOCR(f"needs OCR: no text layer on any of {n_pages} page(s)")
    text, blocks = L.assemble(L.strip_running(pages, heights))
    if not text.strip():
        raise NeedsOCR(f"needs OCR: no text layer on any of {n_pages} page(s)")
    warnings = ()
    if unreadable:
        warnings = (("W_PAGE_NEEDS_OCR", f"pages without usable text: {unreadable}"),)
    return Source(path=path, format="pdf", text=text, blocks=tuple(blocks), warnings=warnings)


def _open(data: bytes):
    """The PDFium document of ``data``; a password or unreadable bytes as the reader's errors."""
    try:
        return P.open_document(data)
    except Exception as exc:
        if P.needs_password(exc):
            raise EncryptedPDF("PDF is encrypted with a user password") from exc
        raise ReadError(f"not a readable PDF ({type(exc).__name__}: {exc})") from exc


def _page(doc, index: int) -> tuple[list[L.Line], float]:
    """The lines and tables of page ``index`` (none when it has no usable text) and its height."""
    try:
        content = P.read_page(doc, index)
    except Exception as exc:
        raise ReadError(f"not a readable PDF (page {index + 1}: {type(exc).__name__}: {exc})") from exc
    if content.n_unmapped > DEFAULT_MAX_CID_SHARE * content.n_glyphs:
        return [], content.height
    return L.page_items(content.chars, G.find_tables(content.edges), index + 1), content.height
