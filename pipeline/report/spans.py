""":mod:`pipeline.report.spans`: Lay overlapping character spans out as well-nested pieces, as displaCy's span view does.

A task (``推进高频事项集成办理，2026年6月底前实现100项以上…``) is a long span holding
shorter ones: a date (``2026年6月底前``) and a quota (``100项以上``). HTML needs
properly nested elements, so the text is cut at every span boundary into
:class:`Piece` objects, each carrying the spans that cover it, outermost first;
:func:`events` then opens and closes elements so that nesting is always valid.
Spans that cross (neither holds the other) are split into fragments; only a
span's first fragment is marked ``first`` (it carries the anchor id).

Everything here is pure: no HTML, no I/O.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: Which kind sits outside another when two spans cover exactly the same characters.
KIND_RANK = {"task": 0, "issue": 1, "lead": 2, "support": 2, "responsible": 2, "quota": 3, "date": 3}


@dataclass(frozen=True, slots=True)
class Span:
    """A highlighted stretch ``[start, end)`` of the text.

    ``key`` is unique within a page (it becomes the anchor, e.g. ``q-3``); ``tip``
    is the normalised value shown on hover (``≥100 项``).
    """

    start: int
    end: int
    kind: str
    key: str
    tip: str = ""


@dataclass(frozen=True, slots=True)
class Piece:
    """Characters ``[start, end)`` and the spans covering all of them, outermost first."""

    start: int
    end: int
    stack: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Open:
    span: Span
    first: bool  # the span's first fragment (it carries the anchor)


@dataclass(frozen=True, slots=True)
class Close:
    span: Span


@dataclass(frozen=True, slots=True)
class Text:
    start: int
    end: int


def order_key(span: Span) -> tuple:
    """Outer spans first: earlier start, then longer, then :data:`KIND_RANK`, then key.

    >>> task, date = Span(0, 30, "task", "task-1"), Span(0, 9, "date", "date-1")
    >>> [s.kind for s in sorted([date, task], key=order_key)]
    ['task', 'date']
    """
    return (span.start, -span.end, KIND_RANK.get(span.kind, len(KIND_RANK)), span.kind, span.key)


def clip(spans: Iterable[Span], length: int) -> list[Span]:
    """Spans cut to ``[0, length)``; empty ones (and exact duplicates) dropped; in :func:`order_key` order.

    >>> clip([Span(5, 99, "date", "d-1"), Span(3, 3, "quota", "q-1")], 10)
    [Span(start=5, end=10, kind='date', key='d-1', tip='')]
    """
    kept = {}
    for span in spans:
        start, end = max(0, span.start), min(length, span.end)
        if start < end:
            kept[(start, end, span.kind, span.key)] = Span(start, end, span.kind, span.key, span.tip)
    return sorted(kept.values(), key=order_key)


def pieces(spans: Iterable[Span], length: int) -> list[Piece]:
    """The text ``[0, length)`` cut at every span boundary; each piece lists its covering spans, outermost first.

    For ``年底前完成`` (5 characters) with a task over all of it and a date over ``年底前``:

    >>> for p in pieces([Span(0, 5, "task", "t"), Span(0, 3, "date", "d")], 5):
    ...     print(p.start, p.end, [s.key for s in p.stack])
    0 3 ['t', 'd']
    3 5 ['t']
    """
    kept = clip(spans, length)
    bounds = sorted({0, length, *(s.start for s in kept), *(s.end for s in kept)})
    out, active, i = [], [], 0
    for start, end in itertools.pairwise(bounds):
        active = [s for s in active if s.end > start]
        while i < len(kept) and kept[i].start <= start:
            active.append(kept[i])
            i += 1
        out.append(Piece(start, end, tuple(sorted(active, key=order_key))))
    return out


def events(layout: Sequence[Piece]) -> list[Open | Close | Text]:
    """Open/close/text events that nest correctly: a span crossing another is closed and reopened.

    ``市财政局`` as a lead department inside a task, then plain text:

    >>> layout = pieces([Span(0, 6, "task", "t"), Span(0, 4, "lead", "d")], 8)
    >>> [type(e).__name__ + ":" + (e.span.key if hasattr(e, "span") else f"{e.start}-{e.end}") for e in events(layout)]
    ['Open:t', 'Open:d', 'Text:0-4', 'Close:d', 'Text:4-6', 'Close:t', 'Text:6-8']
    """
    out: list[Open | Close | Text] = []
    stack: list[Span] = []
    opened: set[Span] = set()
    for piece in layout:
        common = 0
        while common < min(len(stack), len(piece.stack)) and stack[common] == piece.stack[common]:
            common += 1
        out.extend(Close(span) for span in reversed(stack[common:]))
        del stack[common:]
        for span in piece.stack[common:]:
            out.append(Open(span, span not in opened))
            opened.add(span)
            stack.append(span)
        out.append(Text(piece.start, piece.end))
    out.extend(Close(span) for span in reversed(stack))
    return out
