""":mod:`schemas.dates`: Calendar expressions in a task, resolved against the document year."""

from __future__ import annotations

from dataclasses import dataclass

from schemas._base import columns_of, lazy_arrow_schema

KINDS = ("deadline", "period", "recurring")


@dataclass(frozen=True, slots=True)
class DateRow:
    task_id: str
    doc_id: str
    text: str
    kind: str  # one of KINDS
    date_start: str | None  # ISO date; year written XXXX when the document year is unknown
    date_end: str | None
    ambiguous: bool  # a reading was chosen among several ("10月前": by Sep 30 or Oct 31?)
    char_start: int
    char_end: int


ROW = DateRow
COLUMNS = columns_of(ROW)
#: Typed DATE columns written beside the ISO text ones (Parquet, DuckDB, ``api``): null where the year is
#: unknown (``XXXX``). The text columns stay, so the reference scorer reads them unchanged.
TYPED_DATES = {"start_date": "date_start", "end_date": "date_end"}
PRIMARY_KEY = ("task_id", "char_start")
__getattr__ = lazy_arrow_schema(ROW)  # ARROW_SCHEMA, built on first use (pyarrow is slow to import)
