"""Ruled-table detection from ruling lines (:mod:`pipeline.ingest.readers._pdf_grid`), pdfplumber's "lines" rules."""

from __future__ import annotations

import pytest

from pipeline.ingest.readers._pdf_grid import Edge, find_tables, intersections, merged_edges


def rules(xs: list[float], ys: list[float], *, x_span=None, y_span=None) -> list[Edge]:
    """A vertical rule at every x (from the first to the last y) and a horizontal one at every y."""
    top, bottom = y_span or (min(ys), max(ys))
    left, right = x_span or (min(xs), max(xs))
    return [Edge(True, x, top, bottom) for x in xs] + [Edge(False, y, left, right) for y in ys]


def shape(edges: list[Edge]) -> list[list[int]]:
    """Per table, the number of real (not spanned) cells in each row."""
    return [[sum(cell is not None for cell in row) for row in table.rows] for table in find_tables(edges)]


# fmt: off
FIND_TABLES = [
    # a plain 2 x 3 grid
    (rules([72, 150, 300, 400], [100, 120, 140]), [[3, 3]]),
    # hairlines drawn as thin filled rectangles: each rule is two edges 0.5 pt apart, snapped into one
    (rules([72, 72.5, 150, 150.5, 300, 300.5], [100, 100.5, 120, 120.5, 140, 140.5]), [[2, 2]]),
    # rules that miss each other by up to 3 pt still meet
    (rules([72, 150, 300], [100, 120, 140], x_span=(74, 298), y_span=(102, 138)), [[2, 2]]),
    # a rule drawn in two pieces with a 2 pt gap is one rule
    (rules([72, 150, 300], [100, 140]) + [Edge(False, 120, 72, 140), Edge(False, 120, 142, 300)], [[2, 2]]),
    # one box is no table
    (rules([72, 300], [100, 140]), []),
    # a row whose middle rule stops short is one merged cell spanning both columns
    (rules([72, 300], [100, 120, 140]) + [Edge(True, 150, 100, 120)], [[2, 1]]),
    # two grids far apart are two tables, top first
    (rules([72, 150, 300], [500, 520]) + rules([72, 150, 300], [100, 120]), [[2], [2]]),
    # lines shorter than 3 pt (tick marks, dots of a dotted rule) are no rules
    ([Edge(True, x, 100, 102) for x in range(72, 300, 5)] + [Edge(False, 101, 72, 300)], []),
]
# fmt: on


@pytest.mark.parametrize(("edges", "expected"), FIND_TABLES)
def test_find_tables(edges, expected):
    assert shape(edges) == expected


def test_merged_cell_row_has_a_gap_where_the_span_is():
    """pdfplumber's rows: one slot per column edge, None under a cell merged across."""
    table = find_tables(rules([72, 300], [100, 120, 140]) + [Edge(True, 150, 100, 120)])[0]
    assert table.rows == [[(72, 100, 150, 120), (150, 100, 300, 120)], [(72, 120, 300, 140), None]]
    assert table.bbox == (72, 100, 300, 140)


def test_snapped_rules_sit_at_their_mean():
    """Two edges 0.5 pt apart become one rule halfway between (as pdfplumber snaps them)."""
    merged = merged_edges([Edge(False, 100.0, 0, 50), Edge(False, 100.5, 0, 50)])
    assert merged == [Edge(False, 100.25, 0, 50)]


def test_too_many_intersections_is_no_grid():
    """A hatching with more crossings than the limit is not searched for tables."""
    hatch = rules([float(x) for x in range(0, 200, 4)], [float(y) for y in range(0, 200, 4)])
    assert len(intersections(merged_edges(hatch))) == 50 * 50
    assert intersections(merged_edges(hatch), limit=100) == {}
