""":mod:`pipeline.readers.docx`: Read a DOCX circular: body paragraphs and tables in document order."""

from __future__ import annotations

import io

from pipeline.document import Source
from pipeline.errors import EmptyInput, ReadError


def _cell_text(cell) -> str:
    return "\n".join(p.text for p in cell.paragraphs).strip()


def read_docx(path: str, data: bytes) -> Source:
    """Paragraphs as lines; each table row as tab-led cells (one line per cell), rows split by blank lines.

    Merged cells are read once. Word's automatic list numbering is not yet
    resolved (python-docx leaves it out of ``paragraph.text``).
    """
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises zipfile/KeyError/ValueError for broken files
        raise ReadError(f"not a readable DOCX file ({type(exc).__name__}: {exc})") from exc
    parts: list[str] = []
    blocks: list[tuple[int, int, None, None]] = []
    pos = 0

    def emit(text: str) -> None:
        nonlocal pos
        parts.append(text)
        blocks.append((pos, pos + len(text), None, None))
        pos += len(text)

    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            emit(Paragraph(child, document).text + "\n")
        elif tag == "tbl":
            emit("\n")
            for row in Table(child, document).rows:
                seen = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    emit("\t" + _cell_text(cell) + "\n")
                emit("\n")
    text = "".join(parts)
    if not text.strip():
        raise EmptyInput("document has no text")
    return Source(path=path, format="docx", text=text, blocks=tuple(blocks))
