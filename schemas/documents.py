""":mod:`schemas.documents`: One row per circular: its identity and document-level fields."""

from __future__ import annotations

from dataclasses import dataclass

from schemas._base import columns_of, lazy_arrow_schema


@dataclass(frozen=True, slots=True)
class DocumentRow:
    doc_id: str  # stable content hash of the input bytes
    source_path: str
    format: str  # txt | pdf | docx | html | doc | wps
    title: str | None
    issuer: str | None
    doc_number: str | None  # 发文字号, e.g. 浙质评发〔2009〕195号
    issue_date: str | None  # ISO date
    year: int | None  # base year for dates that carry none
    script: str  # traditional | simplified | mixed
    n_chars: int  # length of the normalised text
    encoding: str | None  # detected encoding of a text input
    n_tasks: int


ROW = DocumentRow
COLUMNS = columns_of(ROW)
PRIMARY_KEY = ("doc_id",)
__getattr__ = lazy_arrow_schema(ROW)  # ARROW_SCHEMA, built on first use (pyarrow is slow to import)
