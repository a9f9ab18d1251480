""":mod:`pipeline.ingest.readers.pdf`: Read a PDF circular with PDFium: lines from character positions, ruled tables as cells.

A text extractor's plain text (pdfplumber's ``extract_text``, PDFium's own)
puts spaces wherever glyphs are spaced out (letter-spaced Chinese becomes
``质 检 工 作``) and knows nothing of running headers, page numbers, columns or
tables. This reader takes each glyph's character, box and font size from
PDFium (:mod:`~pipeline.ingest.readers._pdf_pdfium`, several times faster than
pdfminer) and builds the text itself (:mod:`~pipeline.ingest.readers._pdf_layout`):

* characters are de-duplicated (fake bold is the same glyph drawn twice) and
  grouped into lines by their vertical position, each line sorted by ``x0``;
* a page set in two columns (a gazette, 政府公报) is read column by column:
  a gutter of white space down the text with justified text on both sides
  (:mod:`~pipeline.ingest.readers._pdf_columns`) cuts it into the full-width part
  above (a title across both columns), the left column, the right column and
  the full-width part below; lines are built within each;
* a space goes between two characters only when the gap is wide for the line
  (or the file has a space there) *and* one side is Latin or a digit
  (``ISO 9001``) and neither is Chinese;
* lines in the top and bottom margin bands that repeat across pages (running
  headers, ``— 3 —``) or are only a page number are dropped;
* a line that runs to the right edge of its text column (the next line's
  first glyph, or its whole number, would not have fitted) is joined to the
  next when that one starts at the left edge of its column (the foot of the
  left column wraps into the head of the right one): a wrap, not a paragraph
  end (without first-line indents, only when the next line opens no label);
* ruled tables (found in the page's ruling lines as pdfplumber's
  ``find_tables`` finds them: :mod:`~pipeline.ingest.readers._pdf_grid`) become
  tab-led cells: one ``\\t``-led line per cell, rows separated by blank
  lines, as the DOCX reader renders them; inside a cell, a line that fills
  the cell's width is joined to the next, other line breaks are kept as
  ``\\n``. A table continued on the next page is read as one: its repeated
  header row is dropped and a row the page break cut in two (no 序号 on the
  new page) is joined again.

``blocks`` holds one ``(start, end, page, bbox)`` per physical line or table
cell (a cell broken over pages has one block per page).

When PDFium cannot open or parse a file (a page tree that points nowhere, a
page it fails to load), pdfminer reads it through pdfplumber
(:mod:`~pipeline.ingest.readers._pdf_plumber`: the same char dicts and ruling lines,
so the same layout), with a ``W_PDF_FALLBACK`` warning that says why; the file
fails only when both fail. ``engine="pdfplumber"`` asks for pdfminer first
(then PDFium is the fallback).

Pages without text, or whose glyphs are more than
:data:`DEFAULT_MAX_CID_SHARE` ``(cid:N)`` glyphs (a font that maps them to no
character), are skipped with a ``W_PAGE_NEEDS_OCR`` warning; with no usable
page at all the file needs OCR (:class:`~pipeline.errors.NeedsOCR`). A page
read with fewer such glyphs names them in a ``W_PAGE_NEEDS_OCR`` warning too
(``page 3: 4 of 812 glyphs map to no character``): text is never lost unsaid.
Glyphs a reader of the page cannot see (render mode 3 over visible text,
white on the white page, under 1 pt, outside the page) are not read, and
``W_PDF_HIDDEN_TEXT`` counts them by page and why; running headers whose
numbers change from page to page (``2024年第3期``) are dropped with a
``W_PDF_RUNNING_TEXT`` note that quotes them.
A CJK font that is not embedded (``STSong-Light``) reads the same on a
machine without any Chinese font (:mod:`~pipeline.ingest.readers._pdf_fonts`). A file of
more than :data:`DEFAULT_MAX_PAGES` pages is refused before any page is read.
"""

from __future__ import annotations

from pipeline.document import Source
from pipeline.errors import EmptyInput, EncryptedPDF, NeedsOCR, ReadError, TooLarge, W_PAGE_NEEDS_OCR, W_PDF_FALLBACK, W_PDF_HIDDEN_TEXT, W_PDF_RUNNING_TEXT
from pipeline.ingest.readers import DEFAULT_MAX_PAGES
from pipeline.ingest.readers import _pdf_grid as G
from pipeline.ingest.readers import _pdf_layout as L
from pipeline.ingest.readers import _pdf_pdfium as P
from pipeline.ingest.readers import _pdf_plumber as Q

#: Share of a page's glyphs that may be ``(cid:N)`` (mapped to no character) before the page is unreadable.
DEFAULT_MAX_CID_SHARE = 0.1
#: The char sources, by the name ``engine`` takes: PDFium first by default, pdfminer when it cannot read a file.
ENGINES = {"pdfium": P, "pdfplumber": Q}
#: How the warnings and errors name them.
_NAMES = {"pdfium": "PDFium", "pdfplumber": "pdfminer"}
#: Longest reason quoted from a parser's error.
_MAX_REASON = 160


class _Unparsed(Exception):
    """The engine cannot parse the file (the other may), for ``reason``; ``no_pages``: it finds no page in it."""

    def __init__(self, reason: str, *, no_pages: bool = False) -> None:
        super().__init__(reason)
        self.reason, self.no_pages = reason, no_pages


def read_pdf(path: str, data: bytes, *, max_pages: int = DEFAULT_MAX_PAGES, engine: str = "pdfium", ocr: str = "auto") -> Source:
    """The text of the PDF's pages joined into one, with one provenance block per line or table cell.

    ``engine`` is the parser tried first: ``"pdfium"`` (fast) or
    ``"pdfplumber"`` (pdfminer). When it cannot open or parse the file, the
    other one reads it, with a ``W_PDF_FALLBACK`` warning that names why: a
    file fails only when both fail.

    Raises:
        ValueError: an unknown ``engine``.
        EncryptedPDF: the file needs a password.
        TooLarge: the file has more than ``max_pages`` pages.
        NeedsOCR: no page has a usable text layer (a scan), or the text is ``(cid:…)`` glyphs.
        EmptyInput: the file has no pages.
        ReadError: neither PDFium nor pdfminer can parse the file.
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, got {engine!r}")
    other = next(name for name in ENGINES if name != engine)
    warnings: tuple[tuple[str, str], ...] = ()
    try:
        pages, heights, unreadable, unmapped, hidden = _read(engine, data, max_pages)
    except _Unparsed as failed:
        try:
            pages, heights, unreadable, unmapped, hidden = _read(other, data, max_pages)
        except _Unparsed as also:
            raise _neither(failed, engine, also, other) from failed
        warnings = ((W_PDF_FALLBACK, f"{_NAMES[engine]} could not read the file ({failed.reason}); read with {_NAMES[other]}"),)
    n_pages = len(pages)
    sparse = [k + 1 for k, page in enumerate(pages) if page and _sparse(page)]
    if ocr == "force" or ((unreadable or sparse) and ocr != "off"):  # OCR is imported only when a page may need it
        from pipeline.ingest.readers import ocr as O

        pages, heights, unreadable, read = O.read_into(data, pages, heights, unreadable, ocr, sparse=sparse)
        warnings += read
    if len(unreadable) == n_pages:
        raise NeedsOCR(f"needs OCR: no text layer on any of {n_pages} page(s); {_ocr_hint(ocr)}")
    dropped: list[L.Line] = []
    text, blocks = L.assemble(L.strip_running(pages, heights, dropped))
    if not text.strip():
        raise NeedsOCR(f"needs OCR: no text layer on any of {n_pages} page(s); {_ocr_hint(ocr)}")
    if unreadable:
        warnings += ((W_PAGE_NEEDS_OCR, f"pages without usable text: {unreadable}"),)
    if unmapped:
        named = "; ".join(f"page {page}: {lost} of {total}" for page, lost, total in unmapped)
        warnings += ((W_PAGE_NEEDS_OCR, f"glyphs that map to no character, not read ({named})"),)
    if hidden:
        named = "; ".join(f"page {page}: " + ", ".join(f"{n} {why}" for why, n in counts.items()) for page, counts in hidden)
        warnings += ((W_PDF_HIDDEN_TEXT, f"glyphs the page does not show, not read ({named})"),)
    if running := L.running_note(dropped):
        warnings += ((W_PDF_RUNNING_TEXT, running),)
    return Source(path=path, format="pdf", text=text, blocks=tuple(blocks), warnings=warnings)


#: A page with less text than this (and no table) may be a scan whose only text is a watermark (CamScanner's
#: 扫描全能王 创建): OCR reads it when an image covers most of it (:func:`pipeline.ingest.readers.ocr.read_into`).
SPARSE_PAGE_CHARS = 40


def _sparse(page: list[L.Line]) -> bool:
    return all(line.table is None for line in page) and sum(len(line.text) for line in page) < SPARSE_PAGE_CHARS


def _ocr_hint(mode: str) -> str:
    """How to get a scan read: install the OCR extra, or let OCR run (``--ocr auto``)."""
    from pipeline.ingest.readers import ocr as O

    return O.needs_ocr_hint(mode)


def _neither(failed: _Unparsed, engine: str, also: _Unparsed, other: str) -> ReadError:
    """The error of a file neither engine can read: no pages for both, else unreadable with both reasons."""
    if failed.no_pages and also.no_pages:
        return EmptyInput("PDF has no pages")
    return ReadError(f"not a readable PDF ({_NAMES[engine]}: {failed.reason}; {_NAMES[other]}: {also.reason})")


def _read(engine: str, data: bytes, max_pages: int) -> tuple[list[list[L.Line]], list[float], list[int], list, list]:
    """Each page's lines and tables, the pages' heights, the numbers of the pages without usable text,
    ``(page, unmapped glyphs, glyphs)`` of the pages read without some glyphs that map to no character, and
    ``(page, {why: glyphs})`` of the pages with glyphs they do not show (invisible, white, tiny, outside).

    Raises:
        _Unparsed: ``engine`` cannot open the file, find its pages or parse one of them.
        EncryptedPDF, TooLarge: as :func:`read_pdf`.
    """
    source = ENGINES[engine]
    pages: list[list[L.Line]] = []
    heights: list[float] = []
    unreadable: list[int] = []
    unmapped: list[tuple[int, int, int]] = []
    hidden: list[tuple[int, dict[str, int]]] = []
    second = _SecondOpinion(data) if source is P else None
    with source.LOCK:
        doc = _open(source, data)
        try:
            try:
                n_pages = source.page_count(doc)
            except Exception as exc:  # pdfminer on a missing MediaBox or a bad page dictionary: TypeError …
                raise _Unparsed(_reason(exc)) from exc
            if not n_pages:
                raise _Unparsed("no pages", no_pages=True)
            if n_pages > max_pages:
                raise TooLarge(f"PDF has {n_pages} pages (limit max_pages={max_pages}): more than one circular?")
            for index in range(n_pages):
                items, height, lost, not_shown = _page(source, doc, index, second)
                if not_shown:
                    hidden.append((index + 1, not_shown))
                if not items:
                    unreadable.append(index + 1)
                elif lost[0]:
                    unmapped.append((index + 1, *lost))
                pages.append(items)
                heights.append(height)
        finally:
            source.close(doc)
            if second is not None:
                second.close()
    return pages, heights, unreadable, unmapped, hidden


def _open(source, data: bytes):
    """The open document of ``data``; a password as :class:`EncryptedPDF`, anything else as :class:`_Unparsed`."""
    try:
        return source.open_document(data)
    except Exception as exc:
        if source.needs_password(exc):
            raise EncryptedPDF("PDF is encrypted with a user password") from exc
        raise _Unparsed(_reason(exc)) from exc


def _page(source, doc, index: int, second: _SecondOpinion | None = None) -> tuple[list[L.Line], float, tuple, dict]:
    """The lines and tables of page ``index`` (none when it has no usable text), its height, how many of its
    glyphs map to no character out of how many, and how many it does not show, by why."""
    try:
        content = source.read_page(doc, index)
    except Exception as exc:
        raise _Unparsed(f"page {index + 1}: {_reason(exc)}") from exc
    if content.n_unplaced and second is not None:
        content = second.page(index, content)
    lost = (content.n_unmapped, content.n_glyphs)
    if content.n_unmapped > DEFAULT_MAX_CID_SHARE * content.n_glyphs:
        return [], content.height, lost, content.hidden
    items = L.page_items(content.chars, G.find_tables(content.edges), index + 1, content.edges)
    return items, content.height, lost, content.hidden


class _SecondOpinion:
    """pdfminer's reading of a page PDFium may have read short: text objects without width (glyphs its fonts
    have no box for) are skipped by its text page. Usually they are spaces; when pdfminer finds more glyphs on
    the page, its reading is taken. The file is opened with pdfminer only for such a page."""

    def __init__(self, data: bytes) -> None:
        self.data, self.doc = data, None

    def page(self, index: int, content: P.PageContent) -> P.PageContent:
        try:
            if self.doc is None:
                self.doc = Q.open_document(self.data)
            other = Q.read_page(self.doc, index)
        except Exception:
            return content  # pdfminer cannot read it: PDFium's reading stands
        return other if other.n_glyphs > content.n_glyphs else content

    def close(self) -> None:
        if self.doc is not None:
            Q.close(self.doc)


def _reason(exc: BaseException) -> str:
    """A parser's error on one short line: ``PdfiumError: Failed to load document (PDFium: Data format error).``"""
    inner = exc.args[0] if len(exc.args) == 1 and isinstance(exc.args[0], BaseException) else exc  # pdfplumber wraps
    text = " ".join(f"{type(inner).__name__}: {inner}".split())
    return text if len(text) <= _MAX_REASON else text[: _MAX_REASON - 1] + "…"
