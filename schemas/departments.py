""":mod:`schemas.departments`: Bodies named in a task with an explicit role marker."""

from __future__ import annotations

from dataclasses import dataclass

from schemas._base import arrow_schema_of, columns_of

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


COLUMNS = columns_of(DepartmentRow)
PRIMARY_KEY = ("task_id", "name", "role")
ARROW_SCHEMA = arrow_schema_of(DepartmentRow)
