""":mod:`schemas._base`: Shared machinery that turns a frozen row dataclass into a table contract."""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from typing import Any

import pyarrow as pa

_ARROW_TYPES: dict[type, pa.DataType] = {
    str: pa.string(),
    int: pa.int64(),
    float: pa.float64(),
    bool: pa.bool_(),
}


def _arrow_type(annotation: Any) -> tuple[pa.DataType, bool]:
    """Map a field annotation (``str``, ``int | None``…) to an arrow type and nullability."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _ARROW_TYPES[args[0]], True
    return _ARROW_TYPES[annotation], False


@functools.cache
def _field_types(row_type: type) -> tuple[tuple[str, type, bool], ...]:
    """(name, python type, nullable) per field, computed once per row class."""
    hints = typing.get_type_hints(row_type)
    out = []
    for f in dataclasses.fields(row_type):
        arrow_type, nullable = _arrow_type(hints[f.name])
        out.append((f.name, next(t for t, a in _ARROW_TYPES.items() if a == arrow_type), nullable))
    return tuple(out)


def columns_of(row_type: type) -> tuple[str, ...]:
    """The column names of a row dataclass, in declaration order."""
    return tuple(f.name for f in dataclasses.fields(row_type))


def arrow_schema_of(row_type: type) -> pa.Schema:
    """A pyarrow schema with one field per dataclass field."""
    hints = typing.get_type_hints(row_type)
    fields = []
    for f in dataclasses.fields(row_type):
        arrow_type, nullable = _arrow_type(hints[f.name])
        fields.append(pa.field(f.name, arrow_type, nullable=nullable))
    return pa.schema(fields)


def validate_row(row: Any, row_type: type) -> list[str]:
    """Messages for every field of ``row`` whose value does not fit its declared type.

    Like :func:`spacy.schemas.validate`, this returns messages instead of raising,
    so storage and gold loading can decide what a problem means to them.
    """
    values = dataclasses.asdict(row) if dataclasses.is_dataclass(row) else dict(row)
    problems = []
    for name, expected, nullable in _field_types(row_type):
        if name not in values:
            problems.append(f"{row_type.__name__}: missing column '{name}'")
            continue
        value = values[name]
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
