""":mod:`schemas.tasks`: Enumerated items with no items under them, and task-table rows."""

from __future__ import annotations

from dataclasses import dataclass

from schemas._base import columns_of, lazy_arrow_schema


@dataclass(frozen=True, slots=True)
class TaskRow:
    task_id: str
    doc_id: str
    seq: int  # order in the document, from 1
    number: str  # label number as printed ("1", "一", "—", "第一阶段")
    section: str | None  # title of the enclosing top-level section
    section_id: str | None  # the innermost enclosing section
    title: str  # first sentence or heading of the task
    text: str  # the task text, label excluded; text == clean_text[char_start:char_end]
    char_start: int
    char_end: int
    source: str  # "list" for enumerated items, "table" for task-table rows
    src_start: int  # the same span in the decoded source text
    src_end: int
    page_start: int | None  # PDF pages, 1-based; null for formats without pages
    page_end: int | None


ROW = TaskRow
COLUMNS = columns_of(ROW)
PRIMARY_KEY = ("task_id",)
__getattr__ = lazy_arrow_schema(ROW)  # ARROW_SCHEMA, built on first use (pyarrow is slow to import)
