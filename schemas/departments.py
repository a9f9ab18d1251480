""":mod:`schemas.departments`: Bodies named in a task with an explicit role marker."""

from __future__ import annotations

from dataclasses import dataclass

from schemas._base import columns_of, lazy_arrow_schema

ROLES = ("lead", "support", "responsible")


@dataclass(frozen=True, slots=True)
class DepartmentRow:
    task_id: str
    doc_id: str
    name: str  # as printed, simplified, without the role word
    role: str  # one of ROLES
    canonical: str | None  # canonical name from department_aliases.csv, when known
    text: str  # evidence: the name as it stands in the text
    char_start: int
    char_end: int
    body_id: str | None = None  # the body it names (the bodies table), from extractors.bodies.resolve


ROW = DepartmentRow
COLUMNS = columns_of(ROW)
PRIMARY_KEY = ("task_id", "name", "role")
__getattr__ = lazy_arrow_schema(ROW)  # ARROW_SCHEMA, built on first use (pyarrow is slow to import)
