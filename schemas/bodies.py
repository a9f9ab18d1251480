""":mod:`schemas.bodies`: Departments as entities: one row per body that any department row names."""

from __future__ import annotations

from dataclasses import dataclass

from schemas._base import columns_of, lazy_arrow_schema

LEVELS = ("central", "provincial", "prefecture", "county")


@dataclass(frozen=True, slots=True)
class BodyRow:
    body_id: str  # stable: the same body gets the same id in every run and document
    canonical: str  # full name: 国家发展和改革委员会, 安徽省经济和信息化厅, 包头市卫生健康委员会
    jurisdiction: str | None  # 国务院 / 中央 for central bodies, else the place (安徽省, 包头市); null when unknown
    level: str | None  # one of LEVELS; null when unknown
    kind: str  # ministry, commission, bureau, government, party organ, … (extractors/data/body_kinds.toml)
    known: bool  # in the data files (extractors/data/bodies_*.csv); false: kept under its printed name
    since: int | None  # the year the body was created (renamed bodies are their own entities), when known
    until: int | None  # the year it was merged or renamed away, when it was


ROW = BodyRow
COLUMNS = columns_of(ROW)
PRIMARY_KEY = ("body_id",)
#: A body is written once per run however many documents name it.
DISTINCT = True
__getattr__ = lazy_arrow_schema(ROW)  # ARROW_SCHEMA, built on first use (pyarrow is slow to import)
