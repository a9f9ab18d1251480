""":mod:`pipeline.readers`: Turn an input file into a :class:`~pipeline.document.Source`; the only stage that reads inputs."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.document import Source
from pipeline.errors import (
    EmptyInput,
    ReadError,
    TooLarge,
    UnsupportedFormat,
)

#: File extension -> format name.
FORMATS = {
    ".txt": "txt", ".text": "txt", ".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html",
    ".doc": "doc", ".wps": "wps",
}  # fmt: skip
#: Legacy Word / WPS formats, read through LibreOffice (:mod:`pipeline.readers.legacy`).
LEGACY = ("doc", "wps")
#: Document formats circulars arrive in that gongwen does not read yet: a folder
#: walk reports them as failures instead of skipping them silently.
NOT_YET_READ = {
    ".rtf": "convert to DOCX first",
    ".odt": "convert to DOCX first",
    ".ofd": "OFD is not supported; export to PDF",
}


def format_of(path: Path) -> str:
    """The format a path's extension names.

    Raises:
        UnsupportedFormat: the extension names no format gongwen reads.
    """
    fmt = FORMATS.get(path.suffix.lower())
    if path.suffix.lower() in NOT_YET_READ:
        raise UnsupportedFormat(f"'{path.suffix}' files are not read yet: {NOT_YET_READ[path.suffix.lower()]}")
    if fmt is None:
        raise UnsupportedFormat(f"unsupported file type '{path.suffix or '(none)'}' (gongwen reads {', '.join(sorted(set(FORMATS)))})")
    return fmt


#: Most characters of text one input may hold. The longest real circulars (a
#: five-year plan) run to a few hundred thousand; the later stages take about
#: a second per 300,000 characters.
DEFAULT_MAX_CHARS = 2_000_000

#: Most columns a table is read with (Word allows 63): a cell spanning more ends there.
MAX_TABLE_COLUMNS = 64
#: Most cells one table may expand to once its row spans are filled in.
MAX_TABLE_CELLS = 1_000_000

_MAGIC_PDF = b"%PDF-"
_MAGIC_ZIP = b"PK\x03\x04"
_MAGIC_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc / .wps / .xls
_RE_HTML = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL)
#: How far into a file a PDF header may sit (readers tolerate junk before it).
DEFAULT_PDF_HEADER_WINDOW = 1024
_NAMES = {
    "pdf": "a PDF", "docx": "a DOCX", "txt": "a text file", "html": "an HTML page",
    "doc": "a legacy Word/WPS (OLE2) file", "wps": "a legacy Word/WPS file",
}  # fmt: skip


def sniff(data: bytes) -> str | None:
    """What the first bytes say a file is: ``pdf``, ``zip``, ``ole`` (legacy Office), ``html`` or None."""
    if data.startswith(_MAGIC_PDF):
        return "pdf"
    if data.startswith(_MAGIC_ZIP):
        return "zip"
    if data.startswith(_MAGIC_OLE):
        return "ole"
    if _MAGIC_PDF in data[:DEFAULT_PDF_HEADER_WINDOW]:
        return "pdf"
    if _RE_HTML.match(data[:4096]):
        return "html"
    return None


def _is_docx_zip(data: bytes) -> bool:
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def content_format(path: Path, data: bytes) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The reader ``data`` needs, and a warning when it is not the one the extension names.

    A PDF, DOCX or legacy Word/WPS (OLE2) file under the wrong extension, or an
    HTML page named ``.doc`` (Word's "save as web page"), is read by the right
    reader with a ``W_FORMAT_MISMATCH`` warning; a file whose content cannot be
    what its extension says (and is nothing else gongwen reads) is refused. Any
    other content named ``.doc``/``.wps`` (RTF, older word-processor files) is
    left to LibreOffice.

    Raises:
        UnsupportedFormat: the content is a non-DOCX zip, or does not match a
            ``.pdf``/``.docx`` extension at all.
    """
    named = format_of(path)
    kind = sniff(data)
    suffix = path.suffix.lower()
    actual = named
    if kind == "ole":
        actual = named if named in LEGACY else "doc"
    elif kind == "pdf":
        actual = "pdf"
    elif kind == "zip":
        if named != "docx" and not _is_docx_zip(data):
            raise UnsupportedFormat(f"named '{suffix}' but is a ZIP archive, not {_NAMES[named]} or a DOCX")
        actual = "docx"
    elif named == "pdf":
        what = "an HTML page (a failed download?)" if kind == "html" else "no %PDF- header"
        raise UnsupportedFormat(f"named '{suffix}' but is not a PDF: {what}")
    elif named == "docx":
        what = "an HTML page (a failed download?)" if kind == "html" else "no ZIP signature"
        raise UnsupportedFormat(f"named '{suffix}' but is not a DOCX: {what}")
    elif named in LEGACY and kind == "html":
        actual = "html"
    if actual == named:
        return actual, ()
    return actual, (("W_FORMAT_MISMATCH", f"named '{suffix}' but is {_NAMES[actual]}; read as {actual.upper()}"),)


@dataclass(frozen=True)
class ReadOptions:
    """What the readers take from the run's settings: how much an input may hold before it is
    refused (``E_TOO_LARGE`` / ``E_UNSAFE``), and which engine reads PDFs."""

    max_pages: int = 2000  # PDF pages
    max_unzipped_bytes: int = 200 * 1024 * 1024  # a DOCX package inflated
    max_zip_ratio: float = 100.0  # inflated / packed, checked above 10 MB
    max_chars: int = DEFAULT_MAX_CHARS  # text of one document
    pdf_engine: str = "pdfium"  # or "pdfplumber"; the other one is the fallback

    def options(self, fmt: str) -> dict:
        """The keyword arguments of the reader of ``fmt``.

        >>> ReadOptions(max_pages=5).options("pdf")
        {'max_pages': 5, 'engine': 'pdfium'}
        """
        if fmt == "pdf":
            return {"max_pages": self.max_pages, "engine": self.pdf_engine}
        if fmt == "docx":
            return {"max_uncompressed": self.max_unzipped_bytes, "max_ratio": self.max_zip_ratio}
        if fmt == "txt":
            return {"max_chars": self.max_chars}
        return {}


def read_path(path: Path, data: bytes | None = None, limits: ReadOptions = ReadOptions()) -> Source:
    """Read ``path`` (or ``data``, its bytes read elsewhere) with the reader its content needs; stamp the digest.

    The extension picks the reader unless the first bytes say otherwise
    (:func:`content_format`).

    Raises:
        ReadError: or a subclass, with a one-line message, for any input that cannot be read.
    """
    format_of(path)  # refuse unknown extensions before opening the file
    if data is None:
        if path.exists() and not path.is_file():  # reading a FIFO or a device would block or never end
            raise ReadError("not a regular file (a folder, FIFO or device)")
        data = path.read_bytes()
    if not data:
        raise EmptyInput("file is empty")
    fmt, warnings = content_format(path, data)
    if fmt == "txt":
        from pipeline.readers.txt import read_txt as reader
    elif fmt == "pdf":
        from pipeline.readers.pdf import read_pdf as reader
    elif fmt == "docx":
        from pipeline.readers.docx import read_docx as reader
    elif fmt in LEGACY:
        from pipeline.readers.legacy import read_legacy as reader
    else:
        from pipeline.readers.html import read_html as reader
    try:
        source = reader(str(path), data, **limits.options(fmt))
    except RecursionError as exc:
        raise ReadError(f"input nests too deeply for the {fmt.upper()} reader") from exc
    if len(source.text) > limits.max_chars:
        raise TooLarge(f"{len(source.text)} characters of text (limit max_chars={limits.max_chars}): more than one circular?")
    return replace(source, digest=hashlib.sha256(data).hexdigest(), warnings=warnings + source.warnings)
