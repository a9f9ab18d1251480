""":mod:`pipeline.ingest.readers._pdf_layout`: Rebuild lines, paragraphs and ruled tables from a PDF page's characters.

See :mod:`pipeline.ingest.readers.pdf` for what the layout rules are and why.
"""

from __future__ import annotations

import functools
import math
import operator
import re
import statistics
from collections import Counter
from itertools import compress, pairwise, repeat

from pipeline.ingest import _patterns as P
from pipeline.ingest.readers import _pdf_columns as C

#: Height of the top and bottom bands (share of the page height) where running headers and footers live.
DEFAULT_MARGIN_BAND = 0.09
#: ... and the bands a bare number that is its page's own number is a page number in: a 公文 prints it about
#: 0.906 down (its dashes, faint on a scan, were not read: 5 on page 5 stayed in the text).
DEFAULT_PAGE_NUMBER_BAND = 0.15
#: Extra gap (in font sizes, beyond the line's usual letter spacing) that reads as a space.
DEFAULT_SPACE_GAP = 0.15
#: Gap beside Chinese (in font sizes, beyond the line's own letter spacing) that sets two fields apart: a space.
DEFAULT_FIELD_GAP = 1.5
#: What stands for such a gap: the ideographic space Chinese text sets fields apart with.
FIELD_SPACE = "\u3000"
#: Vertical gap (in typical line pitches) that reads as a blank line between paragraphs.
DEFAULT_PARAGRAPH_GAP = 1.45

_X0, _X1, _TOP, _BOTTOM = (operator.itemgetter(key) for key in ("x0", "x1", "top", "bottom"))
_TEXT, _SIZE = operator.itemgetter("text"), operator.itemgetter("size")
_SPACE_BEFORE = operator.methodcaller("get", "space_before")
#: White space in a line's text.
_WHITE_SPACE = re.compile(r"\s")
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef\u2014\u2018\u2019\u201c\u201d\u2026\u00b7]")
_LATIN = re.compile(r"[A-Za-z0-9\u00c0-\u024f]")
#: Characters typesetting keeps from starting a line.
_NO_LINE_START = frozenset("，。、；：？！）》」』”’,.;:?!)]%")
#: Characters typesetting keeps from ending a line: the break moves them on with the glyph after them (``“三``).
_NO_LINE_END = frozenset("“‘（《〔【「『([")
#: A title line ending a sentence is not continued by the next.
_SENTENCE_END = frozenset("。！？!?")
#: A page number's line (in a margin band, or anywhere with its dashes: a dash beside one may be read 一 by OCR when
#: it is a box of its own, as -9 and 一 were).
_PAGE_NUMBER = re.compile(
    r"^\s*(?:一?[-—–－―]{1,2}\s*\d{1,4}\s*[-—–－―]{1,2}一?|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|共\s*\d{1,4}\s*页\s*第\s*\d{1,4}\s*页|\d{1,4})\s*$"
)


class Line:
    """A physical line of text (or one table, when ``table`` is set) on a page."""

    __slots__ = ("bottom", "column", "first_w", "page", "size", "table", "text", "top", "x0", "x1")

    def __init__(self, page, text, x0, x1, top, bottom, size, first_w=0.0, table=None, column=None):
        self.page, self.text, self.x0, self.x1, self.top, self.bottom, self.size = page, text, x0, x1, top, bottom, size
        self.first_w = first_w  # width of the first glyph: would it have fitted at the end of the line before?
        self.table = table  # rows of cells; a cell is a list of (text, page, bbox, fills_cell) pieces, one per page
        self.column = column  # (left, right) of the text column it is in; None: the page's text width


@functools.cache
def _is_cjk(ch: str) -> bool:
    return bool(_CJK.match(ch))


@functools.cache
def _is_latin(ch: str) -> bool:
    return bool(_LATIN.match(ch))


def _space_between(left: str, right: str) -> bool:
    """A wide gap is a space only with Latin or a digit on one side and no CJK on either."""
    return not (_is_cjk(left) or _is_cjk(right)) and (_is_latin(left) or _is_latin(right))


def _median(values: list[float]) -> float:
    """The median of ``values`` (not empty), as :func:`statistics.median` gives it, faster for short lists."""
    ordered = sorted(values)
    half = len(ordered) // 2
    return ordered[half] if len(ordered) % 2 else (ordered[half - 1] + ordered[half]) / 2


def _group_lines(chars: list[dict]) -> list[list[dict]]:
    """Characters grouped into lines by the vertical middle of their boxes, top to bottom, each line by ``x0``.

    A character joins the line above when its middle is within 0.35 of a
    glyph height of the mean middle of that line's last three characters.

    >>> box = lambda t, x, top: {"text": t, "x0": x, "x1": x + 10, "top": top, "bottom": top + 10}
    >>> [[c["text"] for c in line] for line in _group_lines([box("b", 10, 0.5), box("c", 0, 20), box("a", 0, 0)])]
    [['a', 'b'], ['c']]
    """
    tops, bottoms = list(map(_TOP, chars)), list(map(_BOTTOM, chars))
    mids = [(top + bottom) / 2 for top, bottom in zip(tops, bottoms)]
    # one sort of plain tuples for the page: (middle to 0.1 pt, x0, draw order)
    order = [k for _, _, k in sorted(zip(map(round, mids, repeat(1)), map(_X0, chars), range(len(chars))))]
    ordered = list(map(mids.__getitem__, order))
    starts = [0]  # where each line starts in ``order``
    for k in _undecided(ordered):
        mid, height, last_height = ordered[k], bottoms[order[k]] - tops[order[k]], bottoms[order[k - 1]] - tops[order[k - 1]]
        recent = ordered[max(starts[-1], k - 3) : k]  # the middles of the line's last three characters
        reach = height if height > last_height else last_height
        if not abs(mid - sum(recent) / len(recent)) <= 0.35 * (reach if reach > 1.0 else 1.0):  # (NaN: a new line)
            starts.append(k)
    in_order = list(map(chars.__getitem__, order))
    lines = [in_order[start:stop] for start, stop in pairwise([*starts, len(order)])] if chars else []
    for line in lines:
        line.sort(key=_X0)  # (a line joined by a glyph a little above or below is out of order: rare, and cheap)
    return lines


def _undecided(middles: list[float]) -> list[int]:
    """The places in the sorted ``middles`` (after the first) where a line may start: all but those within
    0.2 pt of the middle three places before, which join the line whatever it is.

    Middles sorted by their value to 0.1 pt lie within 0.1 pt of every one
    between, so those three are within 0.3 pt of such a middle, and so is
    their mean (or the mean of those of them on its line): less than 0.35 of
    any glyph height over 1 pt. Not finite middles are all looked at.
    """
    if not math.isfinite(sum(middles)):
        return list(range(1, len(middles)))
    far = compress(range(3, len(middles)), map(operator.gt, map(operator.sub, middles[3:], middles), repeat(0.2)))
    return [*range(1, min(3, len(middles))), *far]


def _line_text(chars: list[dict], *, space_gap: float = DEFAULT_SPACE_GAP) -> str:
    """The characters of one line; spaces between Latin/digit characters at wide gaps or marked ones, and
    beside Chinese only where the gap is a field's (``海南省农业农村厅　　海南省财政厅``).

    A gap is wide when it exceeds the line's usual letter spacing by
    ``space_gap`` font sizes; a character marked ``space_before`` (the file
    has a space there) gets one however narrow the gap (a glyph's overhang,
    italic *f*, eats into the space). Chinese set letter-spaced or justified
    has no spaces, however wide its spacing: only a gap of
    :data:`DEFAULT_FIELD_GAP` font sizes beyond the line's own spacing is one.
    """
    return _visible_text(chars, space_gap)[1]


def _visible_text(chars: list[dict], space_gap: float = DEFAULT_SPACE_GAP) -> tuple[list[dict], str]:
    """The line's glyphs that are not white space, and its text (:func:`_line_text`).

    Most gaps call for nothing: only those wide enough for a field's or a
    word's space, or marked, are looked at one by one (:func:`_gaps_to_look_at`).
    """
    texts = list(map(_TEXT, chars))
    if "" in texts or _WHITE_SPACE.search("".join(texts)):  # (a PDF reader's glyphs are never white space)
        chars = [c for c in chars if c["text"].strip()]
        texts = list(map(_TEXT, chars))
    if len(chars) < 2:
        return chars, "".join(texts)
    gaps = list(map(operator.sub, map(_X0, chars[1:]), map(_X1, chars)))
    sizes = list(map(_SIZE, chars))
    spacing = _median(gaps)
    usual = max(0.0, min(spacing, 0.5 * _median(sizes)))
    field = DEFAULT_FIELD_GAP
    looked_at = _gaps_to_look_at(chars, gaps, sizes, usual, spacing, space_gap)
    if not looked_at:
        return chars, "".join(texts)
    out = [texts[0]]
    start = 1
    for k in looked_at:  # the gap after glyph k
        out += texts[start : k + 1]
        a, b, gap = chars[k], chars[k + 1], gaps[k]
        size = min(a["size"], b["size"]) or 10.0
        if _space_between(texts[k][-1], texts[k + 1][0]):
            if b.get("space_before") or gap - usual > space_gap * size:
                out.append(" ")
        elif gap - spacing >= field * size:
            out.append(FIELD_SPACE)  # two names on one line, set apart: 海南省农业农村厅　　海南省财政厅
        start = k + 1
    out += texts[start:]
    return chars, "".join(out)


def _gaps_to_look_at(chars: list[dict], gaps: list[float], sizes: list[float], usual: float, spacing: float, space_gap: float) -> list[int]:
    """The gaps (``k``: after glyph k) that may call for a space: before a glyph marked ``space_before``, or
    wider than a word's space (beyond ``usual``) or a field's (beyond ``spacing``) at the line's smallest size.

    A word's or a field's space is measured in the smaller font size of the
    two glyphs (10 when it is 0), never below the line's smallest: a gap
    narrower than both at that size needs no look (a rounding's worth aside).
    """
    everything = list(range(len(gaps)))
    if not (space_gap >= 0 and math.isfinite(space_gap) and math.isfinite(sum(sizes))):
        return everything
    smallest = min(sizes)
    narrowest = usual + space_gap * smallest
    if spacing == spacing:  # (not NaN: no gap is a field's beyond NaN)
        narrowest = min(narrowest, spacing + DEFAULT_FIELD_GAP * smallest)
    narrowest -= 1e-6 * (1.0 + abs(narrowest))
    wide = compress(everything, map(operator.gt, gaps, repeat(narrowest)))
    marked = compress(everything, map(_SPACE_BEFORE, chars[1:]))
    return sorted({*wide, *marked})


def _make_line(page: int, chars: list[dict]) -> Line | None:
    visible, text = _visible_text(chars)
    if not text:
        return None
    return Line(
        page,
        text,
        min(map(_X0, visible)),
        max(map(_X1, visible)),
        min(map(_TOP, visible)),
        max(map(_BOTTOM, visible)),
        _median(list(map(_SIZE, visible))),
        _first_width(visible),
    )


def _first_width(visible: list[dict]) -> float:
    """Width of what a line break could not have split off the line's start: its first glyph or whole number
    (``2023年`` moves ``2023``), and a glyph after it that may not start a line (kinsoku: ``高，``); after an
    opening mark, which may not end a line, the glyph it opens too (``“三``).

    >>> glyphs = lambda text: [{"text": t, "x0": 6.0 * k, "x1": 6.0 * (k + 1)} for k, t in enumerate(text)]
    >>> _first_width(glyphs("推进")), _first_width(glyphs("2023年")), _first_width(glyphs("高，全")), _first_width(glyphs("“三保障”"))
    (6.0, 24.0, 12.0, 12.0)
    """
    end = 2 if visible[0]["text"] in _NO_LINE_END and len(visible) > 1 else 1
    if visible[end - 1]["text"].isdigit():
        while end < len(visible) and visible[end]["text"].isdigit():
            end += 1
    if end < len(visible) and visible[end]["text"] in _NO_LINE_START:
        end += 1
    return visible[end - 1]["x1"] - visible[0]["x0"]


def _inside(ch: dict, bbox) -> bool:
    x = (ch["x0"] + ch["x1"]) / 2
    y = (ch["top"] + ch["bottom"]) / 2
    return bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]


def _cell_text(chars: list[dict], bbox) -> tuple[str, bool]:
    """A cell's lines, and whether its last line fills the cell (the row may go on over a page break).

    A line that fills the cell's width continues on the next without a break.
    """
    lines = [ln for ln in (_make_line(0, group) for group in _group_lines(chars)) if ln]
    if not lines:
        return "", False
    pad = max(min(min(ln.x0 for ln in lines) - bbox[0], 0.8 * lines[0].size), 0.0)
    out = lines[0].text
    for prev, line in pairwise(lines):
        if not _next_fits(prev, line, bbox[2] - pad):
            out += _wrap_space(prev, line)
        else:
            out += "\n"
        out += line.text
    last = lines[-1]
    return out, last.x1 + last.size > bbox[2] - pad - 0.25 * last.size


def page_items(chars: list[dict], tables: list, number: int, rules=()) -> list[Line]:
    """Lines and ruled tables of one page in reading order, column by column (:mod:`._pdf_columns`).

    ``chars`` are the page's de-duplicated char dicts; ``tables`` its ruled
    tables (:class:`~pipeline.ingest.readers._pdf_grid.Table`: ``bbox`` and ``rows``
    of cell boxes, None where a merged cell spans); ``rules`` its ruling lines
    (a rule down a gutter). A table of fewer than two rows or columns is read
    as text.
    """
    if not all(map(_TEXT, chars)):  # (a PDF reader's glyphs all have a text)
        chars = [c for c in chars if c["text"]]
    tables_read: list[Line] = []
    for table in tables:
        item = _table_item(chars, table, number)
        if item is not None:
            chars = [c for c in chars if not _inside(c, table.bbox)]
            tables_read.append(item)
    rough = _group_lines(chars)
    flows = C.flows(rough, [(t.x0, t.top, t.x1, t.bottom) for t in tables_read], rules)
    if len(flows) == 1:  # one column: the lines as grouped across the page
        return _in_order(tables_read + [ln for ln in (_make_line(number, group) for group in rough) if ln])
    items: list[Line] = []
    for flow in flows:
        lines = [ln for ln in (_make_line(number, group) for group in _group_lines(flow.chars)) if ln]
        for line in lines:
            line.column = flow.column
        items += _in_order([tables_read[k] for k in flow.boxes] + lines)
    return items


def _in_order(items: list[Line]) -> list[Line]:
    """Lines and tables top to bottom, left to right at one height."""
    return sorted(items, key=lambda ln: (ln.top, ln.x0))


def _table_item(chars: list[dict], table, number: int) -> Line | None:
    """The table as one item of rows of cells, or None when it is no table to read as one (too small, empty)."""
    rows_of_boxes = table.rows
    if len(rows_of_boxes) < 2 or max(len(r) for r in rows_of_boxes) < 2:
        return None
    inside = [c for c in chars if _inside(c, table.bbox)]
    if not inside:
        return None
    middles = [((c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2, c) for c in inside]  # as _inside takes them
    rows = []
    for row in rows_of_boxes:
        boxes = [bbox for bbox in row if bbox is not None]  # None: spanned by a merged cell, read once
        band = (table.bbox[0], min(b[1] for b in boxes), table.bbox[2], max(b[3] for b in boxes))
        in_row = [m for m in middles if band[0] <= m[0] <= band[2] and band[1] <= m[1] <= band[3]]
        cells = []
        for bbox in boxes:
            left, upper, right, lower = bbox
            mine = [c for x, y, c in in_row if left <= x <= right and upper <= y <= lower]
            text, full = _cell_text(mine, bbox)
            cells.append([(text, number, tuple(float(v) for v in bbox), full)])  # a cell: its pieces
        if any(cell[0][0] for cell in cells):
            rows.append(cells)
    x0, top, x1, bottom = (float(v) for v in table.bbox)
    return Line(number, "", x0, x1, top, bottom, 0.0, table=rows)


def strip_running(pages: list[list[Line]], heights: list[float], dropped: list[Line] | None = None) -> list[list[Line]]:
    """Drop page numbers and running headers/footers: margin-band lines that are page numbers or repeat.

    The repeats dropped (not the page numbers) go to ``dropped`` when given (:func:`running_note`).
    """

    def key(line: Line) -> str:
        return re.sub(r"\d+", "#", re.sub(r"\s+", "", line.text))

    def in_band(line: Line, height: float, band: float = DEFAULT_MARGIN_BAND) -> bool:
        low, high = band * height, (1 - band) * height
        return line.table is None and (line.bottom <= low or line.top >= high)

    def page_number(line: Line, height: float) -> bool:
        return line.table is None and _PAGE_NUMBER.match(line.text) is not None and (
            in_band(line, height)
            or re.search(r"[-—–－―页/]", line.text) is not None
            or (line.text.strip() == str(line.page) and in_band(line, height, DEFAULT_PAGE_NUMBER_BAND))
        )

    body_sizes = [ln.size for lines in pages for ln in lines if ln.table is None]
    body = statistics.median(body_sizes) if body_sizes else 0.0
    seen = Counter(key(ln) for lines, h in zip(pages, heights) for ln in {key(x): x for x in lines if in_band(x, h)}.values())
    kept = []
    for lines, h in zip(pages, heights):
        out = []
        for ln in lines:
            if page_number(ln, h):
                continue
            if in_band(ln, h) and (seen[key(ln)] >= 2 or (len(pages) == 1 and ln.size < 0.8 * body)):
                if dropped is not None:
                    dropped.append(ln)
                continue
            out.append(ln)
        kept.append(out)
    return kept


def running_note(dropped: list[Line]) -> str:
    """What was dropped as running headers though its numbers change from page to page, quoted, or "".

    The same header on every page is furniture; one whose digits change
    (``2024年第3期`` … ``第7期``) may be text a reader wants, so it is named.

    >>> lines = [Line(k, f"简报2024年第{k + 2}期", 0, 0, 0, 0, 9.0) for k in (1, 2, 3)] + [Line(1, "内部资料", 0, 0, 0, 0, 9.0)]
    >>> running_note(lines)
    '1 running header whose numbers change from page to page, dropped: 简报2024年第3期 … 简报2024年第5期 (pages 1-3)'
    """
    groups: dict[str, list[Line]] = {}
    for line in dropped:
        groups.setdefault(re.sub(r"\d+", "#", re.sub(r"\s+", "", line.text)), []).append(line)
    changing = [lines for lines in groups.values() if len({ln.text for ln in lines}) > 1]
    if not changing:
        return ""
    quoted = "; ".join(
        f"{lines[0].text} … {lines[-1].text} (pages {lines[0].page}-{lines[-1].page})" for lines in changing
    )
    return f"{len(changing)} running header whose numbers change from page to page, dropped: {quoted}"


def assemble(pages: list[list[Line]]) -> tuple[str, list]:
    """Join the pages' lines: wraps joined, wide vertical gaps as blank lines, tables as tab-led cells."""
    lines = [ln for page in pages for ln in page]
    text_lines = [ln for ln in lines if ln.table is None]
    if text_lines:
        left = statistics.median(sorted(ln.x0 for ln in text_lines)[: max(1, len(text_lines) // 4)])
        wide = [ln.x1 for ln in text_lines if len(ln.text) >= 8] or [ln.x1 for ln in text_lines]
        right = max(wide)
    else:
        left = right = 0.0
    pitches = [
        b.top - a.top
        for a, b in pairwise(text_lines)
        if a.page == b.page and 0 < b.top - a.top < 4 * max(a.size, 1.0) and abs(a.size - b.size) < 0.5
    ]
    pitch = statistics.median(pitches) if pitches else 0.0
    body = statistics.median(ln.size for ln in text_lines) if text_lines else 0.0
    # Paragraphs open with an indent: then a line at the left edge after a full line is always a continuation.
    indented = sum(1 for ln in text_lines if 1.5 * ln.size <= ln.x0 - _edges(ln, left, right)[0] <= 2.6 * ln.size)
    indents = indented >= max(2, 0.05 * len(text_lines))

    parts: list[str] = []
    blocks: list[tuple[int, int, int, tuple[float, float, float, float]]] = []
    pos = 0

    def emit(s: str, page: int | None = None, bbox=None) -> None:
        nonlocal pos
        if page is not None:
            blocks.append((pos, pos + len(s), page, bbox))
        parts.append(s)
        pos += len(s)

    prev: Line | None = None
    prev_opens = False  # prev began a paragraph (it is no continuation of the line before it)
    for line in _merge_tables(lines):
        joined = False  # line goes on from prev
        if line.table is not None:
            if prev is not None:
                emit("\n")
            for row in line.table:
                for pieces in row:
                    emit("\t")
                    for k, (piece, page, bbox, _) in enumerate(pieces):
                        if k and piece and pieces[k - 1][0] and not pieces[k - 1][3]:
                            emit("\n")
                        emit(piece, page, bbox)
                    emit("\n")
                emit("\n")
            prev = line
            continue
        if prev is not None:
            if prev.table is not None:
                pass  # the table's rows already end in a blank line
            elif (_wraps(prev, line, _edges(line, left, right)[0], _edges(prev, left, right)[1], indents)
                  and not (prev_opens and _is_addressee(prev, _edges(prev, left, right)[0]))):
                emit(_wrap_space(prev, line))  # within a column, or from the foot of one to the head of the next
                joined = True
            elif _title_continues(prev, line, body):
                emit(_wrap_space(prev, line))
                joined = True
            elif prev.page == line.page and pitch and line.top - prev.top > DEFAULT_PARAGRAPH_GAP * pitch:
                emit("\n\n")
            else:
                emit("\n")
        emit(line.text, line.page, (line.x0, line.top, line.x1, line.bottom))
        prev, prev_opens = line, not joined
    if prev is not None and prev.table is None:
        emit("\n")
    return "".join(parts), blocks


def _edges(line: Line, left: float, right: float) -> tuple[float, float]:
    """The left and right edge of the text column ``line`` is in: its column's, else the page's ``left``/``right``."""
    return line.column or (left, right)


def _cell_texts(row) -> list[str]:
    return ["".join(piece for piece, *_ in pieces) for pieces in row]


def _merge_tables(lines: list[Line]) -> list[Line]:
    """Tables continued over a page break read as one: a repeated header row dropped, a row broken by the page joined.

    A table continues one on the page before when nothing stands between them
    (running headers and footers are gone by now). Its first row is a repeat of
    the header when its texts are the same; it is the rest of the row the page
    broke when its first cell (the 序号) is empty and the row before has one.
    """
    out: list[Line] = []
    for line in lines:
        before = out[-1] if out else None
        if line.table is None or before is None or before.table is None or before.page == line.page:
            out.append(line)
            continue
        rows = list(line.table)
        if rows and before.table and _cell_texts(rows[0]) == _cell_texts(before.table[0]):
            rows = rows[1:]
        last = before.table[-1] if before.table else None
        if rows and last and len(rows[0]) == len(last) and not _cell_texts(rows[0])[0] and _cell_texts(last)[0]:
            merged = [a + b for a, b in zip(last, rows[0])]
            before.table[-1] = merged
            rows = rows[1:]
        before.table.extend(rows)
        before.page, before.bottom = line.page, line.bottom
    return out


def _next_fits(prev: Line, line: Line, right: float) -> bool:
    """Whether the first glyph of ``line`` would have fitted at the end of ``prev`` (so the break is deliberate)."""
    return prev.x1 + line.first_w <= right - 0.25 * max(prev.size, 1.0)


def _wrap_space(prev: Line, line: Line) -> str:
    """What joins a wrapped line to its continuation: a space between two words, else nothing."""
    a, b = prev.text[-1], line.text[0]
    return " " if a.isascii() and a.isalpha() and b.isascii() and b.isalpha() else ""


def _wraps(prev: Line, line: Line, left: float, right: float, indents: bool) -> bool:
    """``prev`` runs to the right edge of the column and ``line`` starts at its left edge: one paragraph.

    When the document indents its paragraphs, that is all it takes. When it
    does not, a paragraph may happen to fill its last line, so the next line
    must not open with a label (``2.``, ``（三）``) or an attachment line.
    """
    size = max(prev.size, 1.0)
    return (
        not _next_fits(prev, line, right)
        and line.x0 <= left + 0.5 * size
        and abs(prev.size - line.size) < 0.5
        and (
            indents
            or not (P.RE_LINE_LABEL.match(line.text) or P.RE_BODY_END.match(line.text))
            or (prev.text[-1].isdigit() and line.text[0].isdigit())  # a number the wrap cut: "2|3."
        )
    )


def _is_addressee(line: Line, left: float) -> bool:
    """A paragraph of one line at the column's left edge that names bodies and ends in a colon: a 公文's 主送机关
    (各省、自治区、直辖市人民政府，国务院各部委、各直属机构：), which may fill its line; the body starts on the
    next one. A sentence that happens to end its first line in a colon (…创新性。(牵头部门:) goes on."""
    return line.x0 <= left + 0.5 * max(line.size, 1.0) and P.RE_ADDRESSEE_LINE.match(line.text) is not None


def _title_continues(prev: Line, line: Line, body: float) -> bool:
    """Two lines of the same display size, larger than the body text, close together: one wrapped title."""
    return (
        prev.page == line.page
        and prev.size >= 1.15 * body
        and abs(prev.size - line.size) < 0.5
        and 0 < line.top - prev.top <= 1.9 * prev.size
        and prev.text[-1] not in _SENTENCE_END
    )
