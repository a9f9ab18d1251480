""":mod:`pipeline.document`: The normalised circular that every extractor reads."""

from __future__ import annotations

import bisect
from array import array
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Source:
    """What a reader hands on: decoded text plus where each piece came from.

    ``blocks`` are ``(start, end, page, box)`` spans of ``text``: a PDF page
    (1-based ``page``, ``box`` = ``(x0, top, x1, bottom)`` or None), a DOCX
    paragraph or table cell (``page`` None), a TXT line.
    """

    path: str
    format: str
    text: str
    encoding: str | None = None
    blocks: tuple[tuple[int, int, int | None, tuple[float, float, float, float] | None], ...] = ()
    digest: str = ""  # sha256 of the input bytes
    warnings: tuple[tuple[str, str], ...] = ()  # (code, message) problems that did not stop reading


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell of a task-table row: its column heading, the field it holds, and its span."""

    header: str
    field: str  # number | title | body | lead | support | responsible | date | people | other
    char_start: int
    char_end: int


@dataclass(frozen=True, slots=True)
class Segment:
    """A labelled item (section or task) or a task-table row, as spans of the clean text.

    ``char_start``/``char_end`` cover the item's text without its label
    (``label_start`` is where the label begins), so for ``1.加强…`` the span
    starts at ``加``.
    """

    kind: str  # "section" | "task"
    seq: int  # order among segments of the same kind, from 1
    level: int  # 1 = top enumeration level
    label: str  # as printed: "一、", "（1）", "——", "第一阶段", or the 序号 of a table row
    number: str  # "一", "1", "—", "第一阶段"
    label_start: int
    char_start: int
    char_end: int
    title: str  # heading / first sentence
    parent: int | None = None  # index into Circular.sections
    source: str = "list"  # "list" | "table"
    cells: tuple[Cell, ...] = ()


@dataclass(frozen=True, slots=True)
class DocumentFields:
    """Document-level fields (ANNOTATION.md §1)."""

    title: str | None = None
    issuer: str | None = None
    doc_number: str | None = None
    issue_date: str | None = None
    year: int | None = None


@dataclass(frozen=True, eq=False)
class Circular:
    """A circular after normalisation and segmentation; extractors read only this (:mod:`pipeline.chain`).

    ``offsets[i]`` is the index in ``source.text`` of clean character ``i``
    (``offsets`` has one extra entry: the source length), so any span of
    ``text`` maps back to the characters it came from.
    """

    doc_id: str
    source: Source
    text: str
    offsets: array
    script: str  # traditional | simplified | mixed
    sections: tuple[Segment, ...] = ()
    tasks: tuple[Segment, ...] = ()
    fields: DocumentFields = field(default_factory=DocumentFields)  # filled by the ``fields`` stage
    rows: dict[str, tuple] = field(default_factory=dict)  # table -> rows the extractors made so far

    @property
    def year(self) -> int | None:
        return self.fields.year

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of ``source.text`` that clean ``text[start:end]`` came from."""
        if end <= start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1

    def pages(self, start: int, end: int) -> tuple[int | None, int | None]:
        """First and last page of a clean span, or ``(None, None)`` for formats without pages."""
        src_start, src_end = self.source_span(start, end)
        blocks = self.source.blocks
        i = bisect.bisect_right(blocks, src_start, key=lambda b: b[0]) - 1  # blocks are in text order
        pages = []
        for b_start, b_end, page, _ in blocks[max(i, 0) :]:
            if b_start >= max(src_end, src_start + 1):
                break
            if page is not None and b_end > src_start:
                pages.append(page)
        return (min(pages), max(pages)) if pages else (None, None)
