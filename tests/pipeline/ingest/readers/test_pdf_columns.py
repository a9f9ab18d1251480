"""Column detection (:mod:`pipeline.ingest.readers._pdf_columns`) on synthetic pages: which pages are read column by column.

The pages are char dicts as the PDF reader makes them: a gazette page in
10.5 pt type, two columns of 20 characters (210 pt) with an 18 pt gutter,
lines 17 pt apart, or one column across both.
"""

from __future__ import annotations

import pytest

from pipeline.ingest.readers._pdf_columns import flows
from pipeline.ingest.readers._pdf_grid import Edge, Table
from pipeline.ingest.readers._pdf_layout import assemble, page_items

SIZE = 10.5
PITCH = 17.0
LEFT, RIGHT = 79.0, 307.0  # where the columns start: 79-289 and 307-517 (an 18 pt gutter)
WIDE = 40  # characters in a full-width line (79-499)
NUMERALS = "一二三四五六七八九十"


def glyphs(text: str, x: float, top: float, size: float = SIZE, spacing: float = 0.0) -> list[dict]:
    """Char dicts for ``text`` set from ``x``: CJK a full em wide, ASCII half, ``spacing`` pt between glyphs."""
    out = []
    for t in text:
        width = size / 2 if t.isascii() else size
        out.append({"text": t, "x0": x, "x1": x + width, "top": top, "bottom": top + size, "size": size})
        x += width + spacing
    return out


def lines(prefix: str, n: int, width: int = 20) -> list[str]:
    """``n`` distinct lines of ``width`` characters: ``左一文字文字…``, ``左二文字文字…``."""
    return [(prefix + NUMERALS[k] + "文字" * width)[:width] for k in range(n)]


def set_lines(texts: list[str], x: float, top: float) -> list[dict]:
    """The lines one under the other from ``(x, top)``, :data:`PITCH` apart."""
    return [c for k, text in enumerate(texts) for c in glyphs(text, x, top + k * PITCH)]


def centred(text: str, top: float, size: float = 16.0, spacing: float = 0.0, middle: float = 298.0) -> list[dict]:
    """A title centred on the page (on the gutter)."""
    width = sum(size / 2 if t.isascii() else size for t in text) + spacing * (len(text) - 1)
    return glyphs(text, middle - width / 2, top, size, spacing)


def page_texts(chars: list[dict], tables=(), rules=()) -> list[str]:
    return [item.text for item in page_items(chars, list(tables), 1, list(rules))]


def ruled_table() -> tuple[list[dict], Table]:
    """A ruled table of six rows and two columns (its cell gap lined up like a gutter), text above and below."""
    ys = [200.0 + 20 * k for k in range(6)]
    table = Table([(LEFT, y, 298.0, y + 20) for y in ys] + [(298.0, y, 517.0, y + 20) for y in ys])
    cells = [c for y in ys for c in glyphs("重点工作" * 4, LEFT + 4, y + 4) + glyphs("省教育厅牵头" * 2, 302.0, y + 4)]
    return glyphs("表格之前" * 10, LEFT, 150.0) + cells + glyphs("表格之后" * 10, LEFT, 360.0), table


L8, R8 = lines("左", 8), lines("右", 8)
FULL4 = lines("通", 4, width=WIDE)
L6, R6 = lines("左", 6), lines("右", 6)
TABLE_PAGE, TABLE = ruled_table()
KV = [("牵头单位：省教育厅", "完成时限：6月底前"), ("牵头单位：省发展改革委、省财政厅", "完成时限：年内"),
      ("责任单位：各市教育局", "完成时限：2023年9月底前"), ("牵头单位：省人力资源社会保障厅", "完成时限：持续推进"),
      ("配合单位：省工业和信息化厅", "完成时限：10月20日前")]  # fmt: skip

# fmt: off
COLUMNS = [
    # two columns on shared baselines: the left column top to bottom, then the right one
    (set_lines(L8, LEFT, 100.0) + set_lines(R8, RIGHT, 100.0), (), (), L8 + R8),
    # two columns whose baselines differ (the right one set 8 pt lower): still read column by column
    (set_lines(L8, LEFT, 100.0) + set_lines(R8, RIGHT, 108.0), (), (), L8 + R8),
    # commas hung into the gutter at the end of three left lines (hanging punctuation) do not close it
    (set_lines(L8, LEFT, 100.0) + set_lines(R8, RIGHT, 100.0) + [c for k in (1, 4, 6) for c in glyphs("，", 289.0, 100.0 + k * PITCH)],
     (), (), [t + "，" * (k in (1, 4, 6)) for k, t in enumerate(L8)] + R8),
    # a title across both columns above them: read first, as a full-width part
    (centred("关于印发工作要点的通知", 60.0) + set_lines(L8, LEFT, 100.0) + set_lines(R8, RIGHT, 100.0), (), (),
     ["关于印发工作要点的通知", *L8, *R8]),
    # a letter-spaced title whose middle gap falls on the gutter ("通  知"): it stays whole, above the columns
    (centred("通知", 60.0, spacing=30.0) + set_lines(L8, LEFT, 100.0) + set_lines(R8, RIGHT, 100.0), (), (),
     ["通知", *L8, *R8]),
    # a mixed page: one column in its upper half, two columns in its lower half
    (set_lines(FULL4, LEFT, 100.0) + set_lines(L6, LEFT, 200.0) + set_lines(R6, RIGHT, 200.0), (), (),
     FULL4 + L6 + R6),
    # a full-width block below the columns (an attachment line across the page) comes after both columns
    (set_lines(L6, LEFT, 200.0) + set_lines(R6, RIGHT, 200.0) + glyphs("附件：" + "名单" * 17, LEFT, 320.0), (), (),
     [*L6, *R6, "附件：" + "名单" * 17]),
    # a vertical rule down the gutter: three lines a side are two columns
    (set_lines(L8[:3], LEFT, 100.0) + set_lines(R8[:3], RIGHT, 100.0), (), [Edge(True, 298.0, 95.0, 160.0)],
     L8[:3] + R8[:3]),
    # ... without the rule, three lines a side are too few to tell: a line each, the gutter a field's gap
    (set_lines(L8[:3], LEFT, 100.0) + set_lines(R8[:3], RIGHT, 100.0), (), (),
     [a + "\u3000" + b for a, b in zip(L8[:3], R8[:3])]),
    # one column with a short centred title and short paragraph ends: nothing to split
    (centred("工作要点", 60.0) + set_lines(FULL4, LEFT, 100.0) + glyphs("制定本方案。", LEFT, 168.0)
     + set_lines(FULL4, LEFT, 185.0), (), (), ["工作要点", *FULL4, "制定本方案。", *FULL4]),
    # a ruled table whose cell gap lines up like a gutter: one table between the text, its cells read as cells
    (TABLE_PAGE, [TABLE], (), ["表格之前" * 10, "", "表格之后" * 10]),
    # an unruled table (label, wide gap, value): ragged cells are no columns, each row reads across, a field a cell
    ([c for k, (a, b) in enumerate(KV) for c in glyphs(a, LEFT, 100.0 + k * PITCH) + glyphs(b, RIGHT + 60, 100.0 + k * PITCH)],
     (), (), [a + "\u3000" + b for a, b in KV]),
    # a contents page: 'label     page' lines, the page numbers far right, are no second column
    ([c for k in range(6) for c in glyphs(f"第{NUMERALS[k]}章总体要求", LEFT, 100.0 + k * PITCH)
      + glyphs(str(k + 3), 505.0, 100.0 + k * PITCH)], (), (), [f"第{NUMERALS[k]}章总体要求\u3000{k + 3}" for k in range(6)]),
    # 'label ........ value': the dot leaders fill the gap
    ([c for k in range(6) for c in glyphs(f"第{NUMERALS[k]}章总则" + "." * 60 + str(k + 3), LEFT, 100.0 + k * PITCH)],
     (), (), [f"第{NUMERALS[k]}章总则" + "." * 60 + str(k + 3) for k in range(6)]),
]
# fmt: on


@pytest.mark.parametrize(("chars", "tables", "rules", "expected"), COLUMNS)
def test_page_read_column_by_column(chars, tables, rules, expected):
    assert page_texts(chars, tables, rules) == expected


def test_ruled_table_cells_are_no_columns():
    """The ruled table's rows read across: each row's two cells, never one column of cells and then the other."""
    items = page_items(TABLE_PAGE, [TABLE], 1)
    assert [[pieces[0][0] for pieces in row] for row in items[1].table] == [["重点工作" * 4, "省教育厅牵头" * 2]] * 6


def test_table_inside_a_column_stays_in_it():
    """A table within the left column is read with the left column, before the right one."""
    table = Table([(LEFT, 300.0, 180.0, 320.0), (180.0, 300.0, 289.0, 320.0),
                   (LEFT, 320.0, 180.0, 340.0), (180.0, 320.0, 289.0, 340.0)])  # fmt: skip
    page = set_lines(L8, LEFT, 100.0) + set_lines(R8, RIGHT, 100.0)
    page += glyphs("序号", LEFT + 4, 304.0) + glyphs("任务", 184.0, 304.0) + glyphs("1", LEFT + 4, 324.0) + glyphs("培训", 184.0, 324.0)
    assert page_texts(page, [table]) == [*L8, "", *R8]


def test_columns_carry_their_edges():
    """Each column flow knows its text's x-range; a full-width part has none."""
    rough = [glyphs(a, LEFT, 100.0 + k * PITCH) + glyphs(b, RIGHT, 100.0 + k * PITCH) for k, (a, b) in enumerate(zip(L8, R8))]
    got = [(flow.column, len(flow.chars)) for flow in flows([centred("通知", 60.0), *rough])]
    assert got == [(None, 2), ((LEFT, 289.0), 160), ((RIGHT, 517.0), 160)]


def test_paragraph_wraps_from_one_column_into_the_next():
    """The foot of the left column runs to its edge and the right column goes on at its left edge: one paragraph."""
    left = ["　　" + "左" * 18, *["文" * 20] * 5]
    right = ["续" * 10 + "。", "　　" + "右" * 18, *["字" * 20] * 4]
    page = set_lines([t.lstrip("　") for t in left], LEFT, 100.0) + set_lines([t.lstrip("　") for t in right], RIGHT, 100.0)
    for ch in page:  # the paragraph openings are indented two characters
        if ch["text"] in "左右":
            ch["x0"] += 2 * SIZE
            ch["x1"] += 2 * SIZE
    text, blocks = assemble([page_items(page, [], 1)])
    assert text.split("\n") == ["左" * 18 + "文" * 100 + "续" * 10 + "。", "右" * 18 + "字" * 80, ""]
    assert len(blocks) == 12
