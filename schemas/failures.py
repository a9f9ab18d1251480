""":mod:`schemas.failures`: Inputs that could not be processed, one row each, with a stable code."""

from __future__ import annotations

from dataclasses import dataclass

from schemas._base import columns_of, lazy_arrow_schema


@dataclass(frozen=True, slots=True)
class FailureRow:
    source_path: str
    code: str  # stable error code, e.g. E_EMPTY, E_DECODE, E_FORMAT
    reason: str  # one line, for people


ROW = FailureRow
COLUMNS = columns_of(ROW)
PRIMARY_KEY = ("source_path",)
__getattr__ = lazy_arrow_schema(ROW)  # ARROW_SCHEMA, built on first use (pyarrow is slow to import)
