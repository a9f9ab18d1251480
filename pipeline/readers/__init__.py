""":mod:`pipeline.readers`: Turn an input file into a :class:`~pipeline.document.Source`; the only stage that reads inputs."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from pipeline.document import Source
from pipeline.errors import EmptyInput, UnsupportedFormat

#: File extension -> format name.
FORMATS = {".txt": "txt", ".text": "txt", ".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html"}
#: Document formats circulars arrive in that gongwen does not read yet: a folder
#: walk reports them as failures instead of skipping them silently.
NOT_YET_READ = {
    ".doc": "convert to DOCX first (soffice --headless --convert-to docx)",
    ".wps": "convert to DOCX first (soffice --headless --convert-to docx)",
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


def read_path(path: Path) -> Source:
    """Read ``path`` with the reader for its format and stamp the content digest."""
    fmt = format_of(path)
    data = path.read_bytes()
    if not data:
        raise EmptyInput("file is empty")
    if fmt == "txt":
        from pipeline.readers.txt import read_txt as reader
    elif fmt == "pdf":
        from pipeline.readers.pdf import read_pdf as reader
    elif fmt == "docx":
        from pipeline.readers.docx import read_docx as reader
    else:
        from pipeline.readers.html import read_html as reader
    source = reader(str(path), data)
    return replace(source, digest=hashlib.sha256(data).hexdigest())
