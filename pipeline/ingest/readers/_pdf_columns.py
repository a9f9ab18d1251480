""":mod:`pipeline.ingest.readers._pdf_columns`: The columns of a PDF page: a gutter of white space between two text columns.

A government gazette (政府公报) sets a circular in two columns. Lines built
across the whole page width merge a left- and a right-column line that share
a baseline (``××省教育厅文件`` + ``单。（省发展改革委牵头…``) and interleave
the columns by height. This module finds the gutter and cuts the page into
*flows*, read one after the other: the full-width part above (a title across
both columns), the left column top to bottom, then the right one, the
full-width part below, and so on down the page.

The input is the page's rough lines (characters grouped by height across the
whole width, each sorted by ``x0``) and the boxes of its ruled tables:

1. each line is cut into stretches of text at gaps of at least
   :data:`DEFAULT_MIN_GUTTER` font sizes (letter spacing stays inside a
   stretch); candidate gutters are the valleys of how many stretches cover
   each point across the page (:func:`gutter_candidates`): the lines of two
   columns need not share baselines, and a full-width line raises a gutter
   and its columns alike;
2. for a candidate ``x``, a line *crosses* it when a stretch covers it, or
   when the line is a letter-spaced title centred on it (``通　知``) that
   reaches neither outer edge of the text; a table crosses it when its box
   does. A run of consecutive lines
   and tables that do not cross is a candidate region;
3. the region is two columns (:func:`column_bounds`) when at least
   :data:`DEFAULT_MIN_COLUMN_LINES` lines have text on each side, side by side
   (not one block above the other), the gutter between them is at least
   :data:`DEFAULT_MIN_GUTTER` font sizes wide, both columns are at least
   :data:`DEFAULT_MIN_COLUMN_WIDTH` font sizes wide, and both hold justified
   text: at least :data:`DEFAULT_MIN_JUSTIFIED` of the lines on each side end
   at its column's right edge. A vertical rule in the gutter along half the
   region or more is evidence enough: then :data:`DEFAULT_MIN_RULED_LINES`
   lines a side do, justified or not.

So a single column has no gutter (its lines cross every x); a ruled table is
never split (its characters are read as cells, and a table across the gutter
ends a region like a full-width line); the cells of an unruled table are
ragged (``牵头单位：省教育厅`` beside ``完成时限：6月底前``) or narrow (the
page numbers of a contents page), a ``label ........ value`` line has its
dots in the gap, a centred title stands across the middle.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field
from itertools import accumulate

#: Narrowest gutter between two columns, in font sizes (18 pt at 10.5 pt is 1.7).
DEFAULT_MIN_GUTTER = 1.0
#: Narrowest column, in font sizes (a gazette column holds about 20 characters).
DEFAULT_MIN_COLUMN_WIDTH = 8.0
#: Fewest lines with text on each side of the gutter that make two columns.
DEFAULT_MIN_COLUMN_LINES = 4
#: ... when a vertical rule runs down the gutter.
DEFAULT_MIN_RULED_LINES = 2
#: Share of a column's lines that must end at its right edge (justified text; an unruled table is ragged).
DEFAULT_MIN_JUSTIFIED = 0.4
#: How far (font sizes) short of its column's right edge a line may end and still be justified (a number wrapped whole).
DEFAULT_JUSTIFY_SLACK = 1.0
#: Candidate gutters tried per page, deepest valley first.
DEFAULT_MAX_CANDIDATES = 3

Box = tuple[float, float, float, float]  # x0, top, x1, bottom
#: Full-width punctuation inked in the left half of its box (the glyph hung into a gutter at a line's end).
_HALF_INK = frozenset("，。、；：！？）》」』”’")


@dataclass
class Flow:
    """A part of a page read on its own, top to bottom: a column of a region, or a full-width part.

    ``boxes`` are the indices of the table boxes in it; ``column`` is the x-range
    of its column's text (None: the full width of the page's text).
    """

    chars: list[dict] = field(default_factory=list)
    boxes: list[int] = field(default_factory=list)
    column: tuple[float, float] | None = None


@dataclass
class _Entry:
    """A rough line (``chars``) or a table (``box`` and its index), in vertical order."""

    top: float
    chars: list[dict] | None = None
    box: Box | None = None
    index: int = -1
    spans: list[tuple[float, float]] = field(default_factory=list)  # its stretches of text, or the box's x-range


def flows(lines: list[list[dict]], boxes: list[Box] = (), rules=()) -> list[Flow]:
    """The page's flows in reading order; one full-width flow when it has no columns.

    ``lines`` are rough lines (each sorted by ``x0``), ``boxes`` the boxes of
    its ruled tables, ``rules`` its ruling lines (:class:`~._pdf_grid.Edge`).

    >>> row = lambda text, x, top: [{"text": t, "x0": x + 10 * k, "x1": x + 10 * (k + 1), "top": top,
    ...                              "bottom": top + 10, "size": 10.0} for k, t in enumerate(text)]
    >>> page = [row("左栏正文左栏正文左栏", 0, 20 * k) + row("右栏正文右栏正文右栏", 120, 20 * k) for k in range(4)]
    >>> [("".join(c["text"] for c in f.chars)[:5], f.column) for f in flows(page)]
    [('左栏正文左', (0, 100)), ('右栏正文右', (120, 220))]
    """
    lines = [ln for ln in lines if ln]
    spans = [stretches(ln) for ln in lines]
    ruled = any(rule.vertical for rule in rules)
    candidates = gutter_candidates([s for line in spans for s in line], depth=DEFAULT_MIN_RULED_LINES if ruled else None)
    if candidates:  # (most pages have none: one column, nothing more to do)
        entries = [_Entry(min(c["top"] for c in ln), chars=ln, spans=sp) for ln, sp in zip(lines, spans)]
        entries += [_Entry(box[1], box=box, index=k, spans=[(box[0], box[2])]) for k, box in enumerate(boxes)]
        entries.sort(key=lambda e: e.top)
        text = (min(sp[0][0] for sp in spans), max(sp[-1][1] for sp in spans))
        size = statistics.median(c["size"] for ln in lines for c in ln) or 10.0
        for x in candidates:
            regions = _regions(entries, x, text, size, rules)
            if regions:
                return _cut(entries, x, regions)
    return [Flow([c for ln in lines for c in ln], list(range(len(boxes))))]


def stretches(line: list[dict]) -> list[tuple[float, float]]:
    """A line's stretches of text: its glyphs (sorted by ``x0``) joined across gaps narrower than
    :data:`DEFAULT_MIN_GUTTER` font sizes (letter spacing), as ``(x0, x1)``.

    Full-width closing punctuation ends where its ink does, halfway across its
    box: a comma hung into the gutter at the end of a line leaves it open.

    >>> glyph = lambda x, t="字": {"text": t, "x0": x, "x1": x + 10, "size": 10.0}
    >>> stretches([glyph(0), glyph(14), glyph(40), glyph(50)])  # 质 检 | 工作: a 4 pt and a 16 pt gap
    [(0, 24), (40, 60)]
    >>> stretches([glyph(0), glyph(10, "，"), glyph(27)])  # 字，| 字: the comma's ink ends at 15
    [(0, 15.0), (27, 37)]
    """
    out = []
    start, end = line[0]["x0"], _ink_end(line[0])
    for ch in line[1:]:  # (the reader's hottest loop here: plain locals)
        x0 = ch["x0"]
        x1 = (x0 + ch["x1"]) / 2 if ch["text"] in _HALF_INK else ch["x1"]
        if x0 - end >= DEFAULT_MIN_GUTTER * (ch["size"] or 10.0):
            out.append((start, end))
            start, end = x0, x1
        elif x1 > end:
            end = x1
    out.append((start, end))
    return out


def _ink_end(ch: dict) -> float:
    """Where a glyph's ink ends: halfway across the box of full-width closing punctuation (``，``), else its box's end."""
    if ch.get("text") in _HALF_INK:
        return (ch["x0"] + ch["x1"]) / 2
    return ch["x1"]


def gutter_candidates(
    spans: list[tuple[float, float]], *, depth: int | None = None, limit: int = DEFAULT_MAX_CANDIDATES
) -> list[float]:
    """The middles of the valleys in how many stretches of text cover each point across the page, deepest first.

    A valley is lower than its neighbours on both sides; its depth is how far
    the lower of the two highest points left and right of it rises above it.
    Valleys less than ``depth`` deep (by default :data:`DEFAULT_MIN_COLUMN_LINES`:
    columns have that many lines a side) are none. A full-width
    line covers a gutter and its columns alike, so a gutter under a title, or
    only in the lower half of the page, is as deep as its columns have lines.

    >>> gutter_candidates([(0, 20), (30, 50)] * 4 + [(0, 50)])  # four lines of two columns, one across
    [25.0]
    >>> gutter_candidates([(0, 50)] * 3 + [(0, 20)])  # one column: no valley
    []
    """
    depth = depth or DEFAULT_MIN_COLUMN_LINES
    if not spans:
        return []
    lo, hi = math.floor(min(a for a, _ in spans)), math.ceil(max(b for _, b in spans))
    delta = [0] * (hi - lo + 2)
    for a, b in spans:
        delta[math.ceil(a) - lo] += 1
        delta[math.floor(b) - lo + 1] -= 1
    runs: list[list[int]] = []  # [cover, first point, last point], one per stretch of equal cover
    cover = 0
    for k, step in enumerate(delta[:-1]):
        cover += step
        if runs and runs[-1][0] == cover:
            runs[-1][2] = k
        else:
            runs.append([cover, k, k])
    rise_left = list(accumulate((r[0] for r in runs), max))  # the highest cover up to each stretch
    rise_right = list(accumulate((r[0] for r in reversed(runs)), max))[::-1]  # ... and from it on
    found = []
    for k in range(1, len(runs) - 1):
        deep = min(rise_left[k - 1], rise_right[k + 1]) - runs[k][0]
        if deep >= depth and runs[k - 1][0] > runs[k][0] < runs[k + 1][0]:
            found.append((-deep, lo + (runs[k][1] + runs[k][2]) / 2))
    return [x for _, x in sorted(found)[:limit]]


def crosses(spans: list[tuple[float, float]], x: float, text: tuple[float, float], size: float) -> bool:
    """Whether a line (its :func:`stretches`) stands across ``x``: a stretch covers it, or the line is a
    letter-spaced title (short stretches only) centred on ``x`` that reaches neither outer edge of the page's
    text (``text``: its x-range); ``size`` is the body font size.

    >>> crosses([(260.0, 340.0)], 300, (72, 523), 10.5)  # 工作要点通知
    True
    >>> crosses([(260.0, 276.0), (324.0, 340.0)], 300, (72, 523), 10.5)  # 通  知, letter-spaced, centred
    True
    >>> crosses([(72.0, 289.0), (309.0, 519.0)], 300, (72, 523), 10.5)  # a line of each column
    False
    >>> crosses([(93.0, 289.0), (309.0, 507.0)], 300, (72, 523), 10.5)  # an indented line beside a short one
    False
    """
    eps = 0.1 * size
    if any(a < x - eps and b > x + eps for a, b in spans):
        return True
    x0, x1 = spans[0][0], spans[-1][1]
    centred = abs((x0 + x1) / 2 - x) <= size and x0 > text[0] + 2 * size and x1 < text[1] - 2 * size
    spaced = all(b - a < DEFAULT_MIN_COLUMN_WIDTH * size for a, b in spans)  # letter-spaced, no column's line
    return x0 < x < x1 and centred and spaced


def column_bounds(
    sides: list[tuple[list[dict], list[dict]]], size: float, *, ruled: bool = False
) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """The x-ranges of the left and right column when the lines' halves ``(left chars, right chars)`` are two
    columns of text, else None (see the module's rule 3; ``ruled``: a rule runs down the gutter).

    >>> half = lambda x0, x1, top: [{"x0": x0, "x1": x1, "top": top, "bottom": top + 10}]
    >>> column_bounds([(half(79, 289, 17 * k), half(309, 519, 17 * k + 8)) for k in range(4)], 10.5)  # a gazette
    ((79, 289), (309, 519))
    >>> column_bounds([(half(79, 120, 17 * k), half(500, 505, 17 * k)) for k in range(4)], 10.5)  # 第一章 总则  1
    """
    lefts = [_piece(a) for a, _ in sides if a]
    rights = [_piece(b) for _, b in sides if b]
    if min(len(lefts), len(rights)) < (DEFAULT_MIN_RULED_LINES if ruled else DEFAULT_MIN_COLUMN_LINES):
        return None
    top, bottom = max(lefts[0][3], rights[0][3]), min(lefts[-1][4], rights[-1][4])
    if bottom - top < 0.5 * min(lefts[-1][4] - lefts[0][3], rights[-1][4] - rights[0][3]):
        return None  # one side above the other, not beside it
    left, right = _extent(lefts), _extent(rights)
    inner_left = _percentile([p[5] for p in lefts], 0.8)  # a glyph hung into the gutter aside
    inner_right = _percentile([p[0] for p in rights], 0.2)
    if inner_right - inner_left < DEFAULT_MIN_GUTTER * size:
        return None
    if min(inner_left - left[0], right[1] - inner_right) < DEFAULT_MIN_COLUMN_WIDTH * size:
        return None
    if not ruled and min(_justified(lefts, size), _justified(rights, size)) < DEFAULT_MIN_JUSTIFIED:
        return None
    return left, right


def _piece(chars: list[dict]) -> tuple[float, float, int, float, float, float]:
    """One side of a line: ``(x0, x1, glyphs, top, bottom, where its ink ends)``."""
    return (
        min(c["x0"] for c in chars),
        max(c["x1"] for c in chars),
        len(chars),
        min(c["top"] for c in chars),
        max(c["bottom"] for c in chars),
        max(_ink_end(c) for c in chars),
    )


def _percentile(values: list[float], share: float) -> float:
    """The value ``share`` of the way up the sorted ``values`` (0.8: above four fifths of them)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _extent(pieces: list[tuple]) -> tuple[float, float]:
    """A column's text x-range: its usual left edge, and where its long lines end (a line that overflows the
    narrow column, ``，重点建设5G通信、人工智能等新兴专业一批。``, aside)."""
    starts = sorted(p[0] for p in pieces)
    long_ends = [p[1] for p in pieces if p[2] >= 8] or [p[1] for p in pieces]
    return statistics.median(starts[: max(1, len(starts) // 4)]), _percentile(long_ends, 0.8)


def _justified(pieces: list[tuple], size: float) -> float:
    """Share of a column's lines that end at its right edge (within :data:`DEFAULT_JUSTIFY_SLACK` font sizes)."""
    edge = _percentile([p[1] for p in pieces], 0.8)
    return sum(1 for p in pieces if p[1] >= edge - DEFAULT_JUSTIFY_SLACK * size) / len(pieces)


def _split(line: list[dict], x: float) -> tuple[list[dict], list[dict]]:
    """A line's characters left and right of ``x`` (by their middles)."""
    left = [c for c in line if c["x0"] + c["x1"] < 2 * x]
    return left, [c for c in line if c["x0"] + c["x1"] >= 2 * x]


@dataclass
class _Region:
    start: int  # index of its first entry
    stop: int  # index after its last entry
    left: tuple[float, float]
    right: tuple[float, float]


def _regions(entries: list[_Entry], x: float, text: tuple[float, float], size: float, rules) -> list[_Region]:
    """The runs of entries that do not cross ``x`` and read as two columns."""
    out: list[_Region] = []
    start = 0
    for k, entry in enumerate([*entries, None]):
        if entry is not None and not _entry_crosses(entry, x, text, size):
            continue
        run = [e for e in entries[start:k] if e.chars]
        if run:
            sides = [_split(e.chars, x) for e in run]
            body = statistics.median(c["size"] for e in run for c in e.chars) or size
            bounds = column_bounds(sides, body)
            if bounds is None and _ruled(run, x, rules):
                bounds = column_bounds(sides, body, ruled=True)
            if bounds:
                out.append(_Region(start, k, *bounds))
        start = k + 1
    return out


def _entry_crosses(entry: _Entry, x: float, text: tuple[float, float], size: float) -> bool:
    if entry.box is not None:
        return entry.box[0] < x < entry.box[2]
    return crosses(entry.spans, x, text, size)


def _ruled(run: list[_Entry], x: float, rules) -> bool:
    """Whether a vertical rule near ``x`` runs down at least half of the run's height."""
    top = min(c["top"] for e in run for c in e.chars)
    bottom = max(c["bottom"] for e in run for c in e.chars)
    lefts = [_ink_end(c) for e in run for c in e.chars if _ink_end(c) <= x]
    rights = [c["x0"] for e in run for c in e.chars if c["x0"] >= x]
    lo, hi = max(lefts, default=x), min(rights, default=x)
    return any(
        rule.vertical and lo < rule.pos < hi and min(rule.hi, bottom) - max(rule.lo, top) >= 0.5 * (bottom - top)
        for rule in rules
    )


def _cut(entries: list[_Entry], x: float, regions: list[_Region]) -> list[Flow]:
    """The flows: full-width parts between the regions, and each region's left and right column."""
    out: list[Flow] = []
    full = Flow()
    k = 0
    for region in regions:
        for entry in entries[k : region.start]:
            _add(full, entry)
        out.append(full)
        left, right = Flow(column=region.left), Flow(column=region.right)
        for entry in entries[region.start : region.stop]:
            if entry.box is not None:
                _add(left if entry.box[2] <= x else right, entry)
                continue
            a, b = _split(entry.chars, x)
            left.chars += a
            right.chars += b
        out += [left, right]
        full, k = Flow(), region.stop
    for entry in entries[k:]:
        _add(full, entry)
    out.append(full)
    return [flow for flow in out if flow.chars or flow.boxes]


def _add(flow: Flow, entry: _Entry) -> None:
    if entry.box is not None:
        flow.boxes.append(entry.index)
    else:
        flow.chars += entry.chars
