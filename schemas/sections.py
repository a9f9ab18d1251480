""":mod:`schemas.sections`: Labelled items that have items under them (一、… / （一）…)."""

from __future__ import annotations

from dataclasses import dataclass

from schemas._base import columns_of, lazy_arrow_schema


@dataclass(frozen=True, slots=True)
class SectionRow:
    section_id: str
    doc_id: str
    parent_id: str | None
    level: int  # 1 = top enumeration level
    label: str  # the label as printed, e.g. 一、
    number: str  # the label's number, e.g. 一
    title: str  # heading text without the label
    char_start: int
    char_end: int


ROW = SectionRow
COLUMNS = columns_of(ROW)
PRIMARY_KEY = ("section_id",)
__getattr__ = lazy_arrow_schema(ROW)  # ARROW_SCHEMA, built on first use (pyarrow is slow to import)
