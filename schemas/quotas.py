""":mod:`schemas.quotas`: Quantities that count or measure work (121家, 3-5家, 98%以上)."""

from __future__ import annotations

from dataclasses import dataclass

from schemas._base import columns_of, lazy_arrow_schema

QUALIFIERS = ("approx", "min", "max")


@dataclass(frozen=True, slots=True)
class QuotaRow:
    task_id: str
    doc_id: str
    text: str
    value: float
    value_max: float | None  # upper bound of a range (3-5家), else null
    unit: str  # measure word or unit as printed: 家, 项, %, 亿元, 万人
    qualifier: str | None  # one of QUALIFIERS, or null
    subject: str | None  # what is counted, where obvious
    char_start: int
    char_end: int


ROW = QuotaRow
COLUMNS = columns_of(ROW)
PRIMARY_KEY = ("task_id", "char_start")
__getattr__ = lazy_arrow_schema(ROW)  # ARROW_SCHEMA, built on first use (pyarrow is slow to import)
