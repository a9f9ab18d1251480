""":mod:`schemas._base`: Shared machinery that turns a frozen row dataclass into a table contract."""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa

#: Python field type -> name of the pyarrow type factory.
_ARROW_TYPES: dict[type, str] = {str: "string", int: "int64", float: "float64", bool: "bool_"}


def _python_type(annotation: Any) -> tuple[type, bool]:
    """A field annotation (``str``, ``int | None``…) as its type and nullability."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return args[0], True
    return annotation, False


@functools.cache
def field_types(row_type: type) -> tuple[tuple[str, type, bool], ...]:
    """(name, python type, nullable) per field, computed once per row class."""
    hints = typing.get_type_hints(row_type)
    out = []
    for f in dataclasses.fields(row_type):
        python_type, nullable = _python_type(hints[f.name])
        if python_type not in _ARROW_TYPES:
            raise TypeError(f"{row_type.__name__}.{f.name}: {python_type} has no column type")
        out.append((f.name, python_type, nullable))
    return tuple(out)


def row_to_dict(row: Any) -> dict[str, Any]:
    """A row (a row dataclass, or already a dict) as a plain dict, field by field — not
    ``dataclasses.asdict``, which deep-copies every value.

    >>> from schemas.issues import IssueRow
    >>> row_to_dict(IssueRow("a1", "W_NO_TASKS", "未找到任务", None, None))["code"]
    'W_NO_TASKS'
    """
    return row if isinstance(row, dict) else {f.name: getattr(row, f.name) for f in dataclasses.fields(row)}


def columns_of(row_type: type) -> tuple[str, ...]:
    """The column names of a row dataclass, in declaration order."""
    return tuple(f.name for f in dataclasses.fields(row_type))


def required_columns(row_type: type) -> tuple[str, ...]:
    """The columns of a row dataclass that are never null, in declaration order.

    >>> from schemas.issues import IssueRow
    >>> required_columns(IssueRow)
    ('doc_id', 'code', 'message')
    """
    return tuple(name for name, _, nullable in field_types(row_type) if not nullable)


@functools.cache
def arrow_schema_of(row_type: type) -> pa.Schema:
    """A pyarrow schema with one field per dataclass field."""
    import pyarrow as pa

    return pa.schema(
        [pa.field(name, getattr(pa, _ARROW_TYPES[python_type])(), nullable=nullable)
         for name, python_type, nullable in field_types(row_type)]
    )


def lazy_arrow_schema(row_type: type) -> Callable[[str], Any]:
    """A module ``__getattr__`` (PEP 562) that gives ``ARROW_SCHEMA`` on first use.

    Importing pyarrow costs about half a second, which a run that finds nothing
    to do should not pay just to know the columns.
    """

    def __getattr__(name: str) -> Any:
        if name == "ARROW_SCHEMA":
            return arrow_schema_of(row_type)
        raise AttributeError(name)

    return __getattr__


def validate_row(row: Any, row_type: type) -> list[str]:
    """Messages for every field of ``row`` whose value does not fit its declared type.

    Like :func:`spacy.schemas.validate`, this returns messages instead of raising,
    so storage and gold loading can decide what a problem means to them.
    """
    is_mapping = isinstance(row, dict)
    problems = []
    for name, expected, nullable in field_types(row_type):
        if is_mapping and name not in row or not is_mapping and not hasattr(row, name):
            problems.append(f"{row_type.__name__}: missing column '{name}'")
            continue
        value = row[name] if is_mapping else getattr(row, name)  # not dataclasses.asdict: it deep-copies every row
        if value is None:
            if not nullable:
                problems.append(f"{row_type.__name__}.{name}: null in a non-null column")
            continue
        ok = isinstance(value, expected) and not (expected is int and isinstance(value, bool))
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            ok = True
        if not ok:
            problems.append(
                f"{row_type.__name__}.{name}: expected {expected.__name__}, got {type(value).__name__} {value!r}"
            )
    return problems
