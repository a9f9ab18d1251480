""":mod:`schemas`: The table contracts: one frozen row dataclass, its columns and arrow schema per table.

Each table is one module here, declaring ``ROW`` (its frozen row dataclass), ``COLUMNS``,
``PRIMARY_KEY`` (unique in every output; ``tests/pipeline/test_api.py`` checks it) and
``ARROW_SCHEMA``, and optionally ``DISTINCT`` and ``TYPED_DATES``. :data:`TABLES` is the one
registry: storage, the API, ``gongwen show``/``query``/``export`` and the report iterate it, so a
new table is its module, one entry below and the extractor that fills it.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import MappingProxyType

from schemas import bodies, dates, departments, documents, failures, issues, quotas, sections, tasks
from schemas._base import field_types, required_columns, row_to_dict, validate_row
from schemas.bodies import BodyRow
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
        "bodies": bodies,
        "quotas": quotas,
        "dates": dates,
        "issues": issues,
        "failures": failures,
    }
)

#: The row dataclass of each table, by table name (``ROW_TYPES["tasks"] is TaskRow``).
ROW_TYPES = MappingProxyType({name: module.ROW for name, module in TABLES.items()})

#: The tables whose every row is a span of one document's text (a ``doc_id``, ``char_start`` and
#: ``char_end`` never null): what ``gongwen show --table`` lists. Not ``issues``, whose rows may
#: concern a whole document (W_NO_TASKS), nor ``bodies``, which no single document owns.
SPAN_TABLES = tuple(
    name for name, module in TABLES.items() if {"doc_id", "char_start", "char_end"} <= set(required_columns(module.ROW))
)


def validate(table: str, rows: Iterable[object]) -> list[str]:
    """Messages for every row of ``table`` that breaks its contract (empty when all is well)."""
    row_type = ROW_TYPES[table]
    problems: list[str] = []
    for i, row in enumerate(rows):
        problems.extend(f"{table}[{i}] {msg}" for msg in validate_row(row, row_type))
    return problems


def distinct_rows(table: str, rows: Iterable[object], seen: set | None = None) -> list:
    """``rows`` without those whose primary key was met before (in ``rows`` or ``seen``) for a
    table declared ``DISTINCT`` (``bodies``: one row per body however many documents name it);
    every row of any other table. ``seen`` is updated.

    >>> from schemas.bodies import BodyRow
    >>> b = BodyRow("b1", "安徽省财政厅", "安徽省", "provincial", "department", True, None, None)
    >>> len(distinct_rows("bodies", [b, b])), len(distinct_rows("issues", [1, 1]))
    (1, 2)
    """
    module = TABLES[table]
    if not getattr(module, "DISTINCT", False):
        return list(rows)
    seen = set() if seen is None else seen
    out = []
    for row in rows:
        record = row_to_dict(row)
        key = tuple(record[k] for k in module.PRIMARY_KEY)
        if key not in seen:
            seen.add(key)
            out.append(row)
    return out


__all__ = [
    "TABLES", "ROW_TYPES", "SPAN_TABLES", "validate", "row_to_dict", "distinct_rows", "field_types",
    "DocumentRow", "SectionRow", "TaskRow", "DepartmentRow", "BodyRow", "QuotaRow", "DateRow",
    "IssueRow", "FailureRow",
]
