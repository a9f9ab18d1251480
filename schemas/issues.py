""":mod:`schemas.issues`: Problems inside one document that did not stop it (W_DATE_AMBIGUOUS…)."""

from __future__ import annotations

from dataclasses import dataclass

from schemas._base import arrow_schema_of, columns_of


@dataclass(frozen=True, slots=True)
class IssueRow:
    doc_id: str
    code: str
    message: str
    char_start: int | None
    char_end: int | None


COLUMNS = columns_of(IssueRow)
PRIMARY_KEY = ("doc_id", "code", "char_start")
ARROW_SCHEMA = arrow_schema_of(IssueRow)
