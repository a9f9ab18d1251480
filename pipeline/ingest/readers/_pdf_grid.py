""":mod:`pipeline.ingest.readers._pdf_grid`: Ruled tables from a page's ruling lines, the way pdfplumber's ``find_tables`` sees them.

The input is a list of axis-aligned :class:`Edge` s in page space (top-down
``y``), as :mod:`pipeline.ingest.readers._pdf_pdfium` reads them from the page's path
objects. The steps are those of pdfplumber's default "lines" strategy, so the
tables are the ones the reader found before it read pages with PDFium:

1. edges shorter than 1 pt are dropped; edges of one orientation whose
   positions lie within :data:`DEFAULT_SNAP` of each other (chained) move to
   their mean, and collinear edges with gaps up to :data:`DEFAULT_JOIN` are
   joined; edges shorter than :data:`DEFAULT_MIN_LENGTH` are dropped;
2. a vertical and a horizontal edge that meet (within
   :data:`DEFAULT_TOLERANCE`) make an intersection;
3. every intersection opens the smallest rectangle whose four corners are
   intersections joined by edges: a cell;
4. cells that share a corner form a table; a table needs two cells.

A page with more than :data:`DEFAULT_MAX_INTERSECTIONS` intersections has no
tables (its text is read as lines).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import NamedTuple

#: Edges closer than this (pt) along their cross axis are one ruling line.
DEFAULT_SNAP = 3.0
#: Collinear edges with a gap up to this (pt) are one edge.
DEFAULT_JOIN = 3.0
#: How far (pt) a vertical and a horizontal edge may miss each other and still meet.
DEFAULT_TOLERANCE = 3.0
#: Shortest edge (pt) that takes part in a table, after snapping and joining.
DEFAULT_MIN_LENGTH = 3.0
#: Shortest edge (pt) read at all (the short sides of a hairline rectangle are not rules).
DEFAULT_MIN_RAW_LENGTH = 1.0
#: More intersections than this on a page are a hatching or a chart's grid, not a table (and would be slow).
DEFAULT_MAX_INTERSECTIONS = 20_000

Box = tuple[float, float, float, float]  # x0, top, x1, bottom
Point = tuple[float, float]  # x, top


class Edge(NamedTuple):
    """An axis-aligned ruling segment: ``pos`` across its axis, from ``lo`` to ``hi`` along it.

    >>> Edge(False, 100.0, 72.0, 300.0)  # horizontal: top 100, from x 72 to x 300
    Edge(vertical=False, pos=100.0, lo=72.0, hi=300.0)
    """

    vertical: bool
    pos: float
    lo: float
    hi: float


@dataclass
class Table:
    """A ruled table: its cells as boxes; ``rows`` as pdfplumber gives them (None where a merged cell spans)."""

    cells: list[Box]
    bbox: Box = field(init=False)

    def __post_init__(self) -> None:
        self.bbox = (
            min(c[0] for c in self.cells),
            min(c[1] for c in self.cells),
            max(c[2] for c in self.cells),
            max(c[3] for c in self.cells),
        )

    @property
    def rows(self) -> list[list[Box | None]]:
        """Cells grouped by top, one slot per distinct left edge of the table.

        >>> Table([(0, 0, 5, 5), (5, 0, 9, 5), (0, 5, 9, 8)]).rows
        [[(0, 0, 5, 5), (5, 0, 9, 5)], [(0, 5, 9, 8), None]]
        """
        xs = sorted({c[0] for c in self.cells})
        by_top: dict[float, dict[float, Box]] = {}
        for cell in sorted(self.cells, key=lambda c: (c[1], c[0])):
            by_top.setdefault(cell[1], {})[cell[0]] = cell
        return [[row.get(x) for x in xs] for row in by_top.values()]


def snap(edges: list[Edge], tolerance: float = DEFAULT_SNAP) -> list[Edge]:
    """Edges of one orientation whose ``pos`` values chain within ``tolerance`` share their mean ``pos``.

    >>> snap([Edge(False, 100.0, 0, 9), Edge(False, 100.5, 0, 9), Edge(False, 120.0, 0, 9)])[:2]
    [Edge(vertical=False, pos=100.25, lo=0, hi=9), Edge(vertical=False, pos=100.25, lo=0, hi=9)]
    """
    out: list[Edge] = []
    for vertical in (False, True):
        group: list[Edge] = []
        for edge in sorted((e for e in edges if e.vertical is vertical), key=lambda e: e.pos):
            if group and edge.pos > group[-1].pos + tolerance:
                out += _at_mean(group)
                group = []
            group.append(edge)
        out += _at_mean(group)
    return out


def _at_mean(group: list[Edge]) -> list[Edge]:
    if not group:
        return []
    mean = sum(e.pos for e in group) / len(group)
    return [e._replace(pos=mean) for e in group]


def join(edges: list[Edge], tolerance: float = DEFAULT_JOIN) -> list[Edge]:
    """Collinear edges (same orientation and ``pos``) that overlap or have gaps up to ``tolerance`` become one.

    >>> join([Edge(True, 50.0, 0, 10), Edge(True, 50.0, 12, 20), Edge(True, 50.0, 30, 40)])
    [Edge(vertical=True, pos=50.0, lo=0, hi=20), Edge(vertical=True, pos=50.0, lo=30, hi=40)]
    """
    out: list[Edge] = []
    for edge in sorted(edges, key=lambda e: (e.vertical, e.pos, e.lo)):
        last = out[-1] if out else None
        if last and last.vertical is edge.vertical and last.pos == edge.pos and edge.lo <= last.hi + tolerance:
            if edge.hi > last.hi:
                out[-1] = last._replace(hi=edge.hi)
        else:
            out.append(edge)
    return out


def merged_edges(edges: list[Edge]) -> list[Edge]:
    """The ruling lines a table is built from: raw edges filtered, snapped, joined and filtered again."""
    edges = [e for e in edges if e.hi - e.lo >= DEFAULT_MIN_RAW_LENGTH]
    return [e for e in join(snap(edges)) if e.hi - e.lo >= DEFAULT_MIN_LENGTH]


def intersections(
    edges: list[Edge], tolerance: float = DEFAULT_TOLERANCE, limit: int = DEFAULT_MAX_INTERSECTIONS
) -> dict[Point, tuple[set[int], set[int]]]:
    """Where vertical and horizontal edges meet: point -> (indices of its vertical edges, of its horizontal edges).

    None at all when there are more than ``limit``.

    >>> sorted(intersections([Edge(True, 10.0, 0, 50), Edge(False, 20.0, 0, 30)]))
    [(10.0, 20.0)]
    """
    horizontal = sorted((e.pos, i) for i, e in enumerate(edges) if not e.vertical)
    tops = [top for top, _ in horizontal]
    found: dict[Point, tuple[set[int], set[int]]] = {}
    for v, edge in enumerate(edges):
        if not edge.vertical:
            continue
        start = bisect.bisect_left(tops, edge.lo - tolerance)
        stop = bisect.bisect_right(tops, edge.hi + tolerance)
        for top, h in horizontal[start:stop]:
            across = edges[h]
            if across.lo - tolerance <= edge.pos <= across.hi + tolerance:
                vs, hs = found.setdefault((edge.pos, top), (set(), set()))
                vs.add(v)
                hs.add(h)
        if len(found) > limit:
            return {}
    return found


def cells(points: dict[Point, tuple[set[int], set[int]]]) -> list[Box]:
    """The smallest rectangle each intersection opens whose sides are ruled.

    >>> grid = intersections(merged_edges([Edge(True, x, 0, 20) for x in (0.0, 10.0, 20.0)]
    ...                                   + [Edge(False, y, 0, 20) for y in (0.0, 20.0)]))
    >>> cells(grid)
    [(0.0, 0.0, 10.0, 20.0), (10.0, 0.0, 20.0, 20.0)]
    """

    def ruled(a: Point, b: Point) -> bool:
        if a[0] == b[0] and points[a][0] & points[b][0]:
            return True
        return a[1] == b[1] and bool(points[a][1] & points[b][1])

    below: dict[float, list[Point]] = {}
    right: dict[float, list[Point]] = {}
    for point in sorted(points):
        below.setdefault(point[0], []).append(point)
        right.setdefault(point[1], []).append(point)
    out: list[Box] = []
    for point in sorted(points):
        cell = _smallest_cell(point, below[point[0]], right[point[1]], points, ruled)
        if cell:
            out.append(cell)
    return out


def _smallest_cell(point: Point, column: list[Point], row: list[Point], points, ruled) -> Box | None:
    for down in column[bisect.bisect_right(column, point) :]:
        if not ruled(point, down):
            continue
        for across in row[bisect.bisect_right(row, point) :]:
            if not ruled(point, across):
                continue
            corner = (across[0], down[1])
            if corner in points and ruled(corner, across) and ruled(corner, down):
                return (point[0], point[1], corner[0], corner[1])
    return None


def group_tables(boxes: list[Box]) -> list[Table]:
    """Cells that share a corner (directly or through others) form one table; single cells are no table.

    >>> [t.bbox for t in group_tables([(0, 0, 5, 5), (5, 0, 9, 5), (50, 50, 60, 60)])]
    [(0, 0, 9, 5)]
    """
    parent = list(range(len(boxes)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[Point, int] = {}
    for i, (x0, top, x1, bottom) in enumerate(boxes):
        for corner in ((x0, top), (x0, bottom), (x1, top), (x1, bottom)):
            if corner in owner:
                parent[root(i)] = root(owner[corner])
            else:
                owner[corner] = i
    groups: dict[int, list[Box]] = {}
    for i, box in enumerate(boxes):
        groups.setdefault(root(i), []).append(box)
    tables = [Table(group) for group in groups.values() if len(group) > 1]
    return sorted(tables, key=lambda t: min((c[1], c[0]) for c in t.cells))


def find_tables(edges: list[Edge]) -> list[Table]:
    """The ruled tables the page's edges draw, top to bottom.

    >>> rules = [Edge(True, x, 100.0, 140.0) for x in (72.0, 200.0, 300.0)]
    >>> rules += [Edge(False, y, 72.0, 300.0) for y in (100.0, 120.0, 140.0)]
    >>> [len(row) for row in find_tables(rules)[0].rows]
    [2, 2]
    """
    return group_tables(cells(intersections(merged_edges(edges))))
