""":mod:`schemas`: The table contracts: one frozen row dataclass, its columns and arrow schema per table."""

from __future__ import annotations

from collections.abc import Iterable
from types import MappingProxyType

from schemas import dates, departments, documents, failures, issues, quotas, sections, tasks
from schemas._base import row_to_dict, validate_row
from schemas.dates import DateRow
from schemas.departments import DepartmentRow
from schemas.documents import DocumentRow
from schemas.failures import FailureRow
from schemas.issues import IssueRow
from schemas.quotas import QuotaRow
from schemas.sections import SectionRow
from schemas.tasks import TaskRow

#: Every table the pipeline writes, in the order a reader meets them.
TABLES = MappingProxyType(
    {
        "documents": documents,
        "sections": sections,
        "tasks": tasks,
        "departments": departments,
        "quotas": quotas,
        "dates": dates,
        "issues": issues,
        "failures": failures,
    }
)

ROW_TYPES = MappingProxyType(
    {
        "documents": DocumentRow,
        "sections": SectionRow,
        "tasks": TaskRow,
        "departments": DepartmentRow,
        "quotas": QuotaRow,
        "dates": DateRow,
        "issues": IssueRow,
        "failures": FailureRow,
    }
)


def validate(table: str, rows: Iterable[object]) -> list[str]:
    """Messages for every row of ``table`` that breaks its contract (empty when all is well)."""
    row_type = ROW_TYPES[table]
    problems: list[str] = []
    for i, row in enumerate(rows):
        problems.extend(f"{table}[{i}] {msg}" for msg in validate_row(row, row_type))
    return problems


__all__ = [
    "TABLES", "ROW_TYPES", "validate", "row_to_dict",
    "DocumentRow", "SectionRow", "TaskRow", "DepartmentRow", "QuotaRow", "DateRow",
    "IssueRow", "FailureRow",
]
