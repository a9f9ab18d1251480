""":mod:`pipeline.report.charts`: Small charts as inline SVG strings, computed in Python (no chart library, no script).

Every function is pure: data in, one ``<svg>`` element out, every text escaped.
The SVG is sized by ``viewBox`` and ``width="100%"`` so it scales with its card;
fonts come from the page's CSS. No ``xmlns`` is written: inline SVG in HTML needs none.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping, Sequence
from html import escape

FONT_SIZE = 12
BAR_COLOR = "#3b6fd8"
MUTED = "#b9c1ca"
EMPTY_TEXT = "暂无数据"
MONTHS = tuple(f"{m}月" for m in range(1, 13))


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """Estimated width in pixels: wide (CJK) characters take a full em, others about 0.6 em.

    >>> text_width("市财政局"), text_width("2026")
    (48, 28.8)
    """
    return round(sum(size if unicodedata.east_asian_width(ch) in "WF" else 0.6 * size for ch in text), 1)


def ellipsize(text: str, width: float, size: float = FONT_SIZE) -> str:
    """``text`` cut to fit ``width`` pixels, with ``…`` when cut.

    >>> ellipsize("××市发展和改革委员会", 60)
    '××市发展…'
    >>> ellipsize("市财政局", 60)
    '市财政局'
    """
    if text_width(text, size) <= width:
        return text
    out = ""
    for ch in text:
        if text_width(out + ch + "…", size) > width:
            break
        out += ch
    return out + "…"


def _num(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _svg(width: float, height: float, title: str, body: list[str], css_class: str) -> str:
    label = escape(title)
    return (
        f'<svg class="chart {css_class}" viewBox="0 0 {_num(width)} {_num(height)}" width="100%" '
        f'role="img" aria-label="{label}" preserveAspectRatio="xMinYMin meet">'
        f"<title>{label}</title>" + "".join(body) + "</svg>"
    )


def empty_chart(title: str, message: str = EMPTY_TEXT) -> str:
    """A placeholder of the same look when there is nothing to draw.

    >>> "暂无数据" in empty_chart("各牵头部门任务数")
    True
    """
    return _svg(360, 60, title, [f'<text class="empty" x="180" y="34" text-anchor="middle">{escape(message)}</text>'],
                "empty")


def bar_chart(items: Sequence[tuple[str, int]], *, title: str, color: str = BAR_COLOR, width: int = 560,
              max_label: int = 190, unit: str = "", muted: str | None = None) -> str:
    """Horizontal bars, one per ``(label, count)``, in the order given; long labels end in ``…``.

    The bar labelled ``muted`` (e.g. ``其他``, the sum of the rest) is drawn grey.

    >>> svg = bar_chart([("市发展改革委", 4), ("市财政局", 2)], title="各牵头部门任务数", unit="项")
    >>> svg.count("<rect"), "市财政局：2项" in svg
    (2, True)
    """
    if not items:
        return empty_chart(title)
    row, bar, pad = 26, 18, 8
    label_w = min(max_label, max(text_width(label) for label, _ in items)) + pad
    count_w = text_width(str(max(c for _, c in items))) + 2 * pad
    plot_w = width - label_w - count_w
    top = max(c for _, c in items) or 1
    body = []
    for i, (label, count) in enumerate(items):
        y = i * row + pad
        w = max(2.0, plot_w * count / top) if count else 0.0
        body.append(
            f'<g class="bar"><title>{escape(label)}：{count}{escape(unit)}</title>'
            f'<text class="label" x="{_num(label_w - pad)}" y="{_num(y + bar / 2 + 4)}" text-anchor="end">'
            f"{escape(ellipsize(label, max_label))}</text>"
            f'<rect x="{_num(label_w)}" y="{_num(y)}" width="{_num(w)}" height="{bar}" rx="3" fill="{escape(MUTED if label == muted else color)}"/>'
            f'<text class="value" x="{_num(label_w + w + 5)}" y="{_num(y + bar / 2 + 4)}">{count}</text></g>'
        )
    return _svg(width, len(items) * row + 2 * pad, title, body, "bars")


def month_timeline(counts: Mapping[tuple[int | None, int], int], *, title: str, color: str = "#d97706",
                   unknown_year: str = "年份不详", unit: str = "项") -> str:
    """Years down, months across; a dot per month sized by its count (``(None, 6)`` = June of an unknown year).

    >>> svg = month_timeline({(2026, 6): 3, (2026, 12): 1, (None, 12): 2}, title="各月截止任务")
    >>> svg.count("<circle"), "2026年6月：3项" in svg, "年份不详" in svg
    (3, True, True)
    """
    if not counts:
        return empty_chart(title)
    years = sorted({y for y, _ in counts if y is not None}) + ([None] if any(y is None for y, _ in counts) else [])
    left, col, row, head, radius = 72, 40, 38, 28, 15.0
    top = max(counts.values())
    body = [
        f'<text class="axis" x="{_num(left + i * col + col / 2)}" y="18" text-anchor="middle">{m}</text>'
        for i, m in enumerate(MONTHS)
    ]
    for j, year in enumerate(years):
        cy = head + j * row + row / 2
        name = unknown_year if year is None else f"{year}年"
        body.append(f'<line class="grid" x1="{left}" x2="{left + 12 * col}" y1="{_num(cy)}" y2="{_num(cy)}"/>')
        body.append(f'<text class="label" x="{left - 8}" y="{_num(cy + 4)}" text-anchor="end">{escape(name)}</text>')
        for month in range(1, 13):
            count = counts.get((year, month), 0)
            if not count:
                continue
            cx = left + (month - 1) * col + col / 2
            r = max(5.0, radius * math.sqrt(count / top))
            body.append(
                f'<g class="dot"><title>{escape(name)}{month}月：{count}{escape(unit)}</title>'
                f'<circle cx="{_num(cx)}" cy="{_num(cy)}" r="{_num(r)}" fill="{escape(color)}" fill-opacity="0.85"/>'
                f'<text class="count" x="{_num(cx)}" y="{_num(cy + 4)}" text-anchor="middle">{count}</text></g>'
            )
    return _svg(left + 12 * col + 8, head + len(years) * row + 6, title, body, "timeline")


def matrix_chart(counts: Mapping[tuple[str, str], int], *, rows: Sequence[str], columns: Sequence[str], title: str,
                 color: str = "#0f766e", max_label: int = 200, unit: str = "份") -> str:
    """A grid of ``rows`` × ``columns`` cells, shaded by count, e.g. issuers by year.

    >>> svg = matrix_chart({("国家认监委", "2017"): 1}, rows=["国家认监委"], columns=["2017"], title="发文机关与年份")
    >>> "国家认监委 · 2017：1份" in svg
    True
    """
    if not counts or not rows or not columns:
        return empty_chart(title)
    pad, cell, head = 8, 40, 26
    label_w = min(max_label, max(text_width(r) for r in rows)) + 2 * pad
    top = max(counts.values())
    body = [
        f'<text class="axis" x="{_num(label_w + i * cell + cell / 2)}" y="18" text-anchor="middle">{escape(c)}</text>'
        for i, c in enumerate(columns)
    ]
    for j, name in enumerate(rows):
        y = head + j * cell
        body.append(f'<text class="label" x="{_num(label_w - pad)}" y="{_num(y + cell / 2 + 4)}" text-anchor="end">'
                    f"<title>{escape(name)}</title>{escape(ellipsize(name, max_label))}</text>")
        for i, column in enumerate(columns):
            x = label_w + i * cell
            count = counts.get((name, column), 0)
            if not count:
                body.append(f'<rect class="blank" x="{_num(x + 2)}" y="{_num(y + 2)}" width="{cell - 4}" '
                            f'height="{cell - 4}" rx="4"/>')
                continue
            shade = 0.3 + 0.7 * count / top
            body.append(
                f'<g class="cell"><title>{escape(name)} · {escape(column)}：{count}{escape(unit)}</title>'
                f'<rect x="{_num(x + 2)}" y="{_num(y + 2)}" width="{cell - 4}" height="{cell - 4}" rx="4" '
                f'fill="{escape(color)}" fill-opacity="{shade:.2f}"/>'
                f'<text class="count" x="{_num(x + cell / 2)}" y="{_num(y + cell / 2 + 4)}" text-anchor="middle">'
                f"{count}</text></g>"
            )
    return _svg(label_w + len(columns) * cell + pad, head + len(rows) * cell + pad, title, body, "matrix")
