""":mod:`schemas.failures`: Inputs that could not be processed, one row each, with a stable code."""

from __future__ import annotations

from dataclasses import dataclass

from schemas._base import arrow_schema_of, columns_of


@dataclass(frozen=True, slots=True)
class FailureRow:
    source_path: str
    code: str  # stable error code, e.g. E_EMPTY, E_DECODE, E_FORMAT
    reason: str  # one line, for people


COLUMNS = columns_of(FailureRow)
PRIMARY_KEY = ("source_path",)
ARROW_SCHEMA = arrow_schema_of(FailureRow)
