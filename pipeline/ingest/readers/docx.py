""":mod:`pipeline.ingest.readers.docx`: Read a DOCX circular: body paragraphs and tables in document order."""

from __future__ import annotations

import io
import re
import zipfile

from pipeline.document import Source
from pipeline.errors import EmptyInput, ReadError, UnsafeInput, W_DOCX_NUMBERING
from pipeline.ingest.readers import DEFAULT_MAX_UNZIPPED_BYTES, DEFAULT_MAX_ZIP_RATIO
from pipeline.ingest.readers._docx_body import body_blocks
from pipeline.ingest.readers._docx_numbering import join_label, numbering_of

#: Below this many uncompressed bytes the ratio is not checked (tiny parts compress very well).
DEFAULT_RATIO_FLOOR = 10 * 1024 * 1024
#: Most entries (parts) a DOCX may hold.
DEFAULT_MAX_ENTRIES = 10_000

_RE_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_SCAN_CHUNK = 1 << 20


def _xml_bytes(head: bytes) -> str:
    """The encoding an XML part is scanned in: UTF-16 when it opens with a BOM or a NUL-spaced ``<``."""
    if head.startswith((b"\xff\xfe", b"<\x00")):
        return "utf-16-le"
    if head.startswith((b"\xfe\xff", b"\x00<")):
        return "utf-16-be"
    return "utf-8"


def check_package(
    data: bytes, *, max_uncompressed: int = DEFAULT_MAX_UNZIPPED_BYTES, max_ratio: float = DEFAULT_MAX_ZIP_RATIO, kind: str = "DOCX"
) -> None:
    """Refuse a ZIP package (a DOCX, an OFD: ``kind`` names it in messages) before it is parsed: broken zip,
    zip bomb, or a DTD in any XML part.

    python-docx parses with ``resolve_entities=False``, so entities would not be
    expanded, but OOXML never carries a DTD: one is a sign of a crafted file
    (external entity / billion laughs), refused rather than half-read.

    Raises:
        ReadError: not a zip, or a damaged one.
        UnsafeInput: too many parts, too large or too compressible when inflated, or a DTD/entity declaration.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise ReadError(f"{kind} is not a readable ZIP package ({type(exc).__name__}: {exc})") from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > DEFAULT_MAX_ENTRIES:
            raise UnsafeInput(f"{kind} has {len(infos)} parts (limit DEFAULT_MAX_ENTRIES={DEFAULT_MAX_ENTRIES})")
        total = sum(max(i.file_size, 0) for i in infos)
        packed = sum(max(i.compress_size, 0) for i in infos) or 1
        if total > max_uncompressed:
            raise UnsafeInput(f"{kind} inflates to {total} bytes (limit max_unzipped_bytes={max_uncompressed}): a zip bomb?")
        if total > DEFAULT_RATIO_FLOOR and total / packed > max_ratio:
            raise UnsafeInput(f"{kind} inflates {total / packed:.0f} times (limit max_zip_ratio={max_ratio:g}): a zip bomb?")
        for info in infos:
            if not info.filename.lower().endswith((".xml", ".rels")):
                continue
            try:
                with archive.open(info) as part:
                    # Read at most the declared size (plus one byte to catch a lying header).
                    left = info.file_size + 1
                    tail = b""
                    encoding = None
                    while left > 0:
                        chunk = part.read(min(_SCAN_CHUNK, left))
                        if not chunk:
                            break
                        left -= len(chunk)
                        if encoding is None:
                            encoding = _xml_bytes(chunk[:4])
                        if encoding != "utf-8":
                            chunk = chunk.decode(encoding, "ignore").encode("utf-8")
                        if _RE_DTD.search(tail + chunk):
                            raise UnsafeInput(f"{kind} part {info.filename} declares a DTD or entities (<!DOCTYPE/<!ENTITY): refused")
                        tail = chunk[-16:]
                    if left <= 0:
                        raise UnsafeInput(f"{kind} part {info.filename} inflates past its declared size: refused")
            except UnsafeInput:
                raise
            except Exception as exc:  # BadZipFile (CRC), zlib.error, NotImplementedError (compression), EOFError
                raise ReadError(f"{kind} part {info.filename} is damaged ({type(exc).__name__}: {exc})") from exc


def read_docx(
    path: str, data: bytes, *, max_uncompressed: int = DEFAULT_MAX_UNZIPPED_BYTES, max_ratio: float = DEFAULT_MAX_ZIP_RATIO
) -> Source:
    """Paragraphs as lines; each table row as tab-led cells (one line per cell), rows split by blank lines.

    The body is read as Word shows it with tracked changes accepted: content
    controls, insertions, hyperlinks and text boxes in, deletions out, merged
    cells once per row (:mod:`pipeline.ingest.readers._docx_body`); headers,
    footers, footnotes and comments are never read. Word's automatic list
    numbering, which python-docx leaves out of ``paragraph.text``, is rendered
    from ``word/numbering.xml`` and put before the paragraph's text
    (:mod:`pipeline.ingest.readers._docx_numbering`). ``blocks`` holds one
    ``(start, end, None, None)`` per paragraph line and per table cell.

    A DOCX LibreOffice wrote (and so every ``.doc``/``.wps`` read through
    :mod:`pipeline.ingest.readers.legacy`) reads like the Word file it came from:
    Word's placeholder sentences it keeps as plain text are left out, the
    copies it makes of a content control are read once, a frame it places on
    the page is read before the paragraph that anchors it, and the lists its
    Word 97 export splits at a restart are counted as one.
    """
    check_package(data, max_uncompressed=max_uncompressed, max_ratio=max_ratio)
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises zipfile/KeyError/ValueError for broken files
        message = " ".join(str(exc).split())[:200]
        raise ReadError(f"not a readable DOCX file ({type(exc).__name__}: {message})") from exc
    warnings: tuple[tuple[str, str], ...] = ()
    try:
        numbering = numbering_of(document)
    except Exception as exc:  # a damaged numbering part loses the list labels, not the document
        numbering = None
        message = " ".join(str(exc).split())[:200]
        warnings = ((W_DOCX_NUMBERING, f"list numbering unreadable, labels left out ({type(exc).__name__}: {message})"),)
    label_of = numbering.next_label if numbering is not None else (lambda p: None)
    parts = list(body_blocks(document.element.body, label_of, join_label))
    text = "".join(parts)
    if not text.strip():
        raise EmptyInput("document has no text")
    return Source(path=path, format="docx", text=text, blocks=blocks_of(parts), warnings=warnings)


def blocks_of(parts: list[str]) -> tuple[tuple[int, int, None, None], ...]:
    """One ``(start, end, None, None)`` block per piece of text, in order: ``["一、总体要求\\n", "\\n"]`` → ``((0, 7, …), (7, 8, …))``."""
    blocks = []
    pos = 0
    for part in parts:
        blocks.append((pos, pos + len(part), None, None))
        pos += len(part)
    return tuple(blocks)
