""":mod:`schemas.issues`: Problems inside one document that did not stop it (W_DATE_AMBIGUOUS…)."""

from __future__ import annotations

from dataclasses import dataclass

from schemas._base import columns_of, lazy_arrow_schema


@dataclass(frozen=True, slots=True)
class IssueRow:
    doc_id: str
    code: str
    message: str
    char_start: int | None
    char_end: int | None


ROW = IssueRow
COLUMNS = columns_of(ROW)
#: Issues without a position (W_NO_TASKS, W_DUPLICATE) are told apart by their message: two copies of
#: one file give two W_DUPLICATE issues of the same document, each naming its copy.
PRIMARY_KEY = ("doc_id", "code", "char_start", "message")
__getattr__ = lazy_arrow_schema(ROW)  # ARROW_SCHEMA, built on first use (pyarrow is slow to import)
