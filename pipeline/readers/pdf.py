""":mod:`pipeline.readers.pdf`: Read a PDF circular with pdfplumber: lines from character positions, ruled tables as cells.

pdfplumber's ``extract_text`` puts spaces wherever glyphs are spaced out
(letter-spaced Chinese becomes ``质 检 工 作``) and knows nothing of running
headers, page numbers or tables. This reader builds the text itself:

* characters are de-duplicated (fake bold is the same glyph drawn twice) and
  grouped into lines by their vertical position, each line sorted by ``x0``;
* a space goes between two characters only when the gap is wide for the line
  *and* one side is Latin or a digit (``ISO 9001``), never between two Chinese
  characters;
* lines in the top and bottom margin bands that repeat across pages (running
  headers, ``— 3 —``) or are only a page number are dropped;
* a line that runs to the right edge of the text column (the next line's first
  glyph would not have fitted) is joined to the next when that one starts at
  the left edge: a wrap, not a paragraph end (without first-line indents, only
  when the next line opens no label);
* ruled tables (``page.find_tables()``) become tab-led cells: one ``\\t``-led
  line per cell, rows separated by blank lines, as the DOCX reader renders
  them; inside a cell, a line that fills the cell's width is joined to the
  next, other line breaks are kept as ``\\n``. A table continued on the next
  page is read as one: its repeated header row is dropped and a row the page
  break cut in two (no 序号 on the new page) is joined again.

``blocks`` holds one ``(start, end, page, bbox)`` per physical line or table
cell (a cell broken over pages has one block per page).

Pages whose glyphs are mostly ``(cid:N)`` (no mapping to characters) are
skipped with a ``W_PAGE_NEEDS_OCR`` warning; with no usable page at all the
file needs OCR (:class:`~pipeline.errors.NeedsOCR`).
"""

from __future__ import annotations

import io

from pipeline.document import Source
from pipeline.errors import EmptyInput, EncryptedPDF, NeedsOCR, ReadError
from pipeline.readers import _pdf_layout as L


def _password_error(exc: BaseException) -> bool:
    """Whether pdfminer's password refusal is somewhere in ``exc``'s chain (pdfplumber wraps it)."""
    seen = 0
    stack: list[BaseException] = [exc]
    while stack and seen < 20:
        current = stack.pop()
        seen += 1
        if type(current).__name__ in ("PDFPasswordIncorrect", "PDFEncryptionError"):
            return True
        stack += [a for a in current.args if isinstance(a, BaseException)]
        stack += [e for e in (current.__cause__, current.__context__) if e is not None]
    return False


def read_pdf(path: str, data: bytes) -> Source:
    """The text of the PDF's pages joined into one, with one provenance block per line or table cell.

    Raises:
        EncryptedPDF: the file needs a password.
        NeedsOCR: no page has a usable text layer (a scan), or the text is ``(cid:…)`` glyphs.
        ReadError: pdfplumber cannot parse the file.
    """
    try:
        import pdfplumber

        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:
        if _password_error(exc):
            raise EncryptedPDF("PDF is encrypted with a user password") from exc
        raise ReadError(f"not a readable PDF ({type(exc).__name__}: {exc})") from exc
    pages: list[list[L.Line]] = []
    heights: list[float] = []
    unreadable: list[int] = []
    with pdf:
        try:
            raw_pages = list(pdf.pages)
            for number, page in enumerate(raw_pages, start=1):
                items, n_chars, cids = L.page_items(page.dedupe_chars(), number)
                if not items or (cids and cids > L.DEFAULT_MAX_CID_SHARE * n_chars):
                    unreadable.append(number)
                    items = []
                pages.append(items)
                heights.append(float(page.height))
        except Exception as exc:
            if _password_error(exc):
                raise EncryptedPDF("PDF is encrypted with a user password") from exc
            raise ReadError(f"not a readable PDF ({type(exc).__name__}: {exc})") from exc
    if not raw_pages:
        raise EmptyInput("PDF has no pages")
    if len(unreadable) == len(raw_pages):
        raise NeedsOCR(f"needs OCR: no text layer on any of {len(raw_pages)} page(s)")
    text, blocks = L.assemble(L.strip_running(pages, heights))
    if not text.strip():
        raise NeedsOCR(f"needs OCR: no text layer on any of {len(raw_pages)} page(s)")
    warnings = ()
    if unreadable:
        warnings = (("W_PAGE_NEEDS_OCR", f"pages without usable text: {unreadable}"),)
    return Source(path=path, format="pdf", text=text, blocks=tuple(blocks), warnings=warnings)
