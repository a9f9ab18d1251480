""":mod:`pipeline.readers.pdf`: Read a PDF circular page by page with pdfplumber, keeping page provenance."""

from __future__ import annotations

import io
import re

from pipeline.document import Source
from pipeline.errors import EmptyInput, EncryptedPDF, NeedsOCR, ReadError

#: Share of a page's characters that may be ``(cid:N)`` glyphs before it is unreadable.
DEFAULT_MAX_CID_SHARE = 0.1
#: Horizontal tolerance for joining characters into words (pdfplumber's x_tolerance).
DEFAULT_X_TOLERANCE = 1.5


def read_pdf(path: str, data: bytes, *, x_tolerance: float = DEFAULT_X_TOLERANCE) -> Source:
    """The text of every page, pages joined by newlines, one provenance block per page.

    Raises:
        EncryptedPDF: the file needs a password.
        NeedsOCR: no page has a usable text layer (a scan), or the text is ``(cid:…)`` glyphs.
        ReadError: pdfplumber cannot parse the file.
    """
    try:
        import pdfplumber
        from pdfminer.pdfdocument import PDFPasswordIncorrect

        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:
        if "password" in str(exc).lower() or type(exc).__name__ in ("PDFPasswordIncorrect", "PDFEncryptionError"):
            raise EncryptedPDF("PDF is encrypted") from exc
        raise ReadError(f"not a readable PDF ({type(exc).__name__}: {exc})") from exc
    parts: list[str] = []
    blocks = []
    pos = 0
    unreadable = []
    with pdf:
        try:
            pages = list(pdf.pages)
        except Exception as exc:
            raise ReadError(f"not a readable PDF ({type(exc).__name__}: {exc})") from exc
        for number, page in enumerate(pages, start=1):
            text = page.dedupe_chars().extract_text(x_tolerance=x_tolerance) or ""
            cids = len(re.findall(r"\(cid:\d+\)", text))
            if not text.strip() or cids and cids * 8 > DEFAULT_MAX_CID_SHARE * len(text):
                unreadable.append(number)
                text = ""
            text += "\n"
            parts.append(text)
            blocks.append((pos, pos + len(text), number, (0.0, 0.0, float(page.width), float(page.height))))
            pos += len(text)
    full = "".join(parts)
    if not pages:
        raise EmptyInput("PDF has no pages")
    if not full.strip():
        raise NeedsOCR(f"needs OCR: no text layer on any of {len(pages)} page(s)")
    warnings = ()
    if unreadable:
        warnings = (("W_PAGE_NEEDS_OCR", f"pages without usable text: {unreadable}"),)
    return Source(path=path, format="pdf", text=full, blocks=tuple(blocks), warnings=warnings)
