""":mod:`pipeline.ingest.readers`: Turn an input file into a :class:`~pipeline.document.Source`; the only stage that reads inputs.

Every format is one :class:`Reader` in :data:`READERS`: its name, the
extensions that name it, how its content is recognised, the options it takes
from the run's settings and the function that reads it. Everything else —
the extensions a folder walk picks up (:data:`FORMATS`), which reader a file's
bytes need (:func:`content_format`), the options each reader gets
(:meth:`ReadOptions.options`) — is derived from that list. A new format is
one entry here plus its module.
"""

from __future__ import annotations

import hashlib
import importlib
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.document import Source
from pipeline.errors import (
    W_FORMAT_MISMATCH,
    EmptyInput,
    ReadError,
    TooLarge,
    UnsupportedFormat,
)

#: Most characters of text one input may hold. The longest real circulars (a
#: five-year plan) run to a few hundred thousand; the later stages take about
#: a second per 300,000 characters.
DEFAULT_MAX_CHARS = 2_000_000
#: Most pages a PDF or OFD may have: a longer file is refused (``E_TOO_LARGE``).
DEFAULT_MAX_PAGES = 2000
#: Most bytes all parts of a DOCX or OFD package may inflate to (a 300-page report is ~20 MB).
DEFAULT_MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
#: Highest inflate ratio of a package once its parts exceed 10 MB (zip bombs).
DEFAULT_MAX_ZIP_RATIO = 100.0
#: The PDF engines (each falls back on the other), the first the default: PDFium is fast, pdfminer the reference.
PDF_ENGINES = ("pdfium", "pdfplumber")
#: Most columns a table is read with (Word allows 63): a cell spanning more ends there.
MAX_TABLE_COLUMNS = 64
#: Most cells one table may expand to once its row spans are filled in.
MAX_TABLE_CELLS = 1_000_000
#: How far into a file a PDF header may sit (readers tolerate junk before it).
DEFAULT_PDF_HEADER_WINDOW = 1024

_MAGIC_PDF = b"%PDF-"
_MAGIC_ZIP = b"PK\x03\x04"
_MAGIC_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc / .wps / .xls
_RE_HTML = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL)

#: Document formats circulars arrive in that gongwen does not read yet: a folder
#: walk reports them as failures instead of skipping them silently.
NOT_YET_READ = {
    ".rtf": "convert to DOCX first",
    ".odt": "convert to DOCX first",
}


#: The values of ``--ocr``: what a PDF page without a text layer gets (:mod:`pipeline.ingest.readers.ocr`).
OCR_MODES = ("auto", "off", "force")


@dataclass(frozen=True)
class ReadOptions:
    """What the readers take from the run's settings: how much an input may hold before it is
    refused (``E_TOO_LARGE`` / ``E_UNSAFE``), and which engine reads PDFs."""

    max_pages: int = DEFAULT_MAX_PAGES  # PDF and OFD pages
    max_unzipped_bytes: int = DEFAULT_MAX_UNZIPPED_BYTES  # a DOCX or OFD package inflated
    max_zip_ratio: float = DEFAULT_MAX_ZIP_RATIO  # inflated / packed, checked above 10 MB
    max_chars: int = DEFAULT_MAX_CHARS  # text of one document
    pdf_engine: str = PDF_ENGINES[0]  # the other one is the fallback
    ocr: str = OCR_MODES[0]  # PDF pages without a text layer: one of OCR_MODES

    def options(self, fmt: str) -> dict:
        """The keyword arguments of the reader of ``fmt``.

        >>> ReadOptions(max_pages=5).options("pdf")
        {'max_pages': 5, 'engine': 'pdfium', 'ocr': 'auto'}
        """
        return READER[fmt].options(self)


# ---------------------------------------------------------------- content tests


def zip_holding(member: str) -> Callable[[bytes], bool]:
    """A content test: a ZIP archive with ``member`` in it (``word/document.xml`` for a DOCX, ``OFD.xml`` for an OFD)."""

    def test(data: bytes) -> bool:
        if not data.startswith(_MAGIC_ZIP):
            return False
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return member in archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return False

    return test


def is_pdf(data: bytes) -> bool:
    """A PDF header within the first :data:`DEFAULT_PDF_HEADER_WINDOW` bytes (readers tolerate junk before it)."""
    return _MAGIC_PDF in data[:DEFAULT_PDF_HEADER_WINDOW]


def is_ole(data: bytes) -> bool:
    """An OLE2 compound file: a legacy Word or WPS document (or an Excel sheet)."""
    return data.startswith(_MAGIC_OLE)


def is_html(data: bytes) -> bool:
    """A page that opens with ``<!DOCTYPE html>``, ``<html>``, ``<head>`` or ``<body>``."""
    return bool(_RE_HTML.match(data[:4096]))


def _zip_options(options: ReadOptions) -> dict:
    return {"max_uncompressed": options.max_unzipped_bytes, "max_ratio": options.max_zip_ratio}


# ---------------------------------------------------------------- the registry


@dataclass(frozen=True)
class Reader:
    """One format gongwen reads.

    ``claims`` says the bytes are surely this format whatever the file is
    named (an OLE2 file named ``通知.pdf`` is a legacy Word file); a file
    whose extension names a format with a ``signature`` and whose bytes lack
    it is refused (``通知.pdf`` holding an HTML page). A ``loose`` name
    promises little: HTML content under it is read as HTML (Word's "save as
    web page" named ``.doc``).
    """

    name: str  # the format: "pdf", and Source.format
    what: str  # in messages: "a PDF"
    suffixes: tuple[str, ...]  # (".pdf",)
    read: str  # "module:function", imported when first used
    claims: Callable[[bytes], bool] | None = None
    signature: bytes = b""
    loose: bool = False
    options: Callable[[ReadOptions], dict] = lambda options: {}

    def function(self) -> Callable[..., Source]:
        """The reading function, ``read_pdf(path, data, **options)``."""
        module, name = self.read.split(":")
        return getattr(importlib.import_module(module), name)


#: Every format gongwen reads, in the order their content tests are tried.
READERS = (
    Reader("doc", "a legacy Word/WPS (OLE2) file", (".doc",), "pipeline.ingest.readers.legacy:read_legacy", claims=is_ole, loose=True),
    Reader("wps", "a legacy Word/WPS file", (".wps",), "pipeline.ingest.readers.legacy:read_legacy", claims=is_ole, loose=True),
    Reader("pdf", "a PDF", (".pdf",), "pipeline.ingest.readers.pdf:read_pdf", claims=is_pdf, signature=_MAGIC_PDF,
           options=lambda o: {"max_pages": o.max_pages, "engine": o.pdf_engine, "ocr": o.ocr}),
    Reader("docx", "a DOCX", (".docx",), "pipeline.ingest.readers.docx:read_docx", claims=zip_holding("word/document.xml"),
           signature=_MAGIC_ZIP, options=_zip_options),
    Reader("ofd", "an OFD", (".ofd",), "pipeline.ingest.readers.ofd:read_ofd", claims=zip_holding("OFD.xml"),
           signature=_MAGIC_ZIP, options=lambda o: {**_zip_options(o), "max_pages": o.max_pages}),
    Reader("html", "an HTML page", (".html", ".htm"), "pipeline.ingest.readers.html:read_html"),
    Reader("txt", "a text file", (".txt", ".text"), "pipeline.ingest.readers.txt:read_txt",
           options=lambda o: {"max_chars": o.max_chars}),
)  # fmt: skip
#: Format name -> its reader.
READER = {reader.name: reader for reader in READERS}
#: File extension -> format name.
FORMATS = {suffix: reader.name for reader in READERS for suffix in reader.suffixes}
_SIGNATURES = {_MAGIC_PDF: "no %PDF- header", _MAGIC_ZIP: "no ZIP signature"}


def format_of(path: Path) -> str:
    """The format a path's extension names: ``通知.DOCX`` → ``docx``.

    Raises:
        UnsupportedFormat: the extension names no format gongwen reads.
    """
    suffix = path.suffix.lower()
    if suffix in NOT_YET_READ:
        raise UnsupportedFormat(f"'{path.suffix}' files are not read yet: {NOT_YET_READ[suffix]}")
    if suffix not in FORMATS:
        raise UnsupportedFormat(f"unsupported file type '{path.suffix or '(none)'}' (gongwen reads {', '.join(sorted(FORMATS))})")
    return FORMATS[suffix]


def content_format(path: Path, data: bytes) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The reader ``data`` needs, and a ``W_FORMAT_MISMATCH`` warning when it is not the one the extension names.

    A file whose bytes a reader claims (:attr:`Reader.claims`: a PDF, DOCX,
    OFD or legacy Word/WPS file) is read by it under any name; HTML under a
    loose name (``.doc``) is read as HTML; a file whose bytes cannot be what
    its extension says is refused. Any other content named ``.doc``/``.wps``
    (RTF, older word-processor files) is left to LibreOffice.

    Raises:
        UnsupportedFormat: the content is a ZIP no reader claims, or lacks the signature its extension needs.
    """
    named = READER[format_of(path)]
    actual = _reader_for_content(named, data, path.suffix.lower())
    if actual is named:
        return named.name, ()
    return actual.name, ((W_FORMAT_MISMATCH, f"named '{path.suffix.lower()}' but is {actual.what}; read as {actual.name.upper()}"),)


def _reader_for_content(named: Reader, data: bytes, suffix: str) -> Reader:
    """The reader for ``data`` in a file whose extension names ``named`` (:func:`content_format`)."""
    claimed = next((reader for reader in READERS if reader.claims is not None and reader.claims(data)), None)
    if claimed is not None:
        return named if named.claims is claimed.claims else claimed  # an OLE2 file named .wps stays wps
    if data.startswith(_MAGIC_ZIP) and named.signature != _MAGIC_ZIP:
        readers = ", ".join(r.what for r in READERS if r.signature == _MAGIC_ZIP)
        raise UnsupportedFormat(f"named '{suffix}' but is a ZIP archive, not {named.what}, {readers}")
    if named.signature and not data.startswith(named.signature):
        why = "an HTML page (a failed download?)" if is_html(data) else _SIGNATURES.get(named.signature, "wrong signature")
        raise UnsupportedFormat(f"named '{suffix}' but is not {named.what}: {why}")
    if named.loose and is_html(data):
        return READER["html"]
    return named


def read_path(path: Path, data: bytes | None = None, limits: ReadOptions = ReadOptions(), *,
              digest: str | None = None) -> Source:
    """Read ``path`` (or ``data``, its bytes read elsewhere) with the reader its content needs; stamp the
    digest: ``digest`` when the caller hashed the bytes already (a run does, to find unchanged inputs), else their sha256.

    The extension picks the reader unless the bytes say otherwise (:func:`content_format`).

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
    reader = READER[fmt]
    try:
        source = reader.function()(str(path), data, **reader.options(limits))
    except RecursionError as exc:
        raise ReadError(f"input nests too deeply for the {fmt.upper()} reader") from exc
    if len(source.text) > limits.max_chars:
        raise TooLarge(f"{len(source.text)} characters of text (limit max_chars={limits.max_chars}): more than one circular?")
    return replace(source, digest=digest or hashlib.sha256(data).hexdigest(), warnings=warnings + source.warnings)
