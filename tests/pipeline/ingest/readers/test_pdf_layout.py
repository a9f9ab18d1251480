"""Lines and cells from char dicts (:mod:`pipeline.ingest.readers._pdf_layout`), without any PDF."""

from __future__ import annotations

import pytest

from pipeline.ingest.readers._pdf_grid import Table
from pipeline.ingest.readers._pdf_layout import _group_lines, _line_text, page_items


def chars(spec: str, *, x: float = 72.0, top: float = 100.0, size: float = 12.0, spacing: float = 0.0) -> list[dict]:
    """Char dicts for ``spec`` set left to right: CJK a full em wide, Latin and digits half; ``|`` marks a
    space in the file (``space_before`` on the next glyph, no extra gap), ``_`` a 4 pt gap."""
    out, gap, marked = [], 0.0, False
    for text in spec:
        if text in "|_":
            marked, gap = marked or text == "|", gap + (4.0 if text == "_" else 0.0)
            continue
        x += gap
        width = size / 2 if text.isascii() else size
        out.append({"text": text, "x0": x, "x1": x + width, "top": top, "bottom": top + size, "size": size,
                    "space_before": marked})
        x += width + spacing
        gap, marked = 0.0, False
    return out


# fmt: off
LINE_TEXT = [
    # Latin words keep their space: a wide gap between letters
    (chars("ISO_9001"), "ISO 9001"),
    # Latin words keep their space: a space in the file, even where the gap is narrow (an italic f's overhang)
    (chars("key|words"), "key words"),
    # CJK letter spacing is joined: the same wide gap everywhere is the line's usual spacing
    (chars("质检工作", spacing=6.0), "质检工作"),
    # a wide gap between Chinese characters is no space either
    (chars("质检_工作"), "质检工作"),
    # a marked space next to a Chinese character is dropped ("2007 年" reads "2007年")
    (chars("2007|年"), "2007年"),
    # digits run together without a gap
    (chars("0571-85129235"), "0571-85129235"),
]
# fmt: on


@pytest.mark.parametrize(("line", "expected"), LINE_TEXT)
def test_line_text(line, expected):
    assert _line_text(line) == expected


# fmt: off
GROUP_LINES = [
    # two lines a line pitch apart, given bottom line first
    ([chars("第二行", top=121.0), chars("第一行")], ["第一行", "第二行"]),
    # a glyph 2 pt lower (a baseline shift) stays on its line
    ([chars("上下", top=100.0), chars("标", x=96.0, top=102.0)], ["上下标"]),
    # a bigger glyph on the same baseline (a 16 pt word in a 12 pt line) stays on its line too
    ([chars("重点"), chars("任务", x=96.0, top=96.0, size=16.0)], ["重点任务"]),
]
# fmt: on


@pytest.mark.parametrize(("rows", "expected"), GROUP_LINES)
def test_group_lines(rows, expected):
    lines = _group_lines([c for row in rows for c in row])
    assert ["".join(c["text"] for c in line) for line in lines] == expected


def test_page_items_reads_cells_and_text_around_the_table():
    """Chars inside a ruled table become its cells; the rest are lines, all in reading order."""
    table = Table([(72, 200, 150, 220), (150, 200, 400, 220), (72, 220, 150, 240), (150, 220, 400, 240)])
    page = chars("表格之前", top=150.0) + chars("序号", x=76, top=204.0) + chars("重点工作", x=154, top=204.0)
    page += chars("1", x=76, top=224.0) + chars("完善制度", x=154, top=224.0) + chars("表格之后", top=300.0)
    items = page_items(page, [table], 1)
    assert [item.text for item in items] == ["表格之前", "", "表格之后"]
    cells = [[pieces[0][0] for pieces in row] for row in items[1].table]
    assert cells == [["序号", "重点工作"], ["1", "完善制度"]]


def test_page_items_one_row_table_is_text():
    """A ruled box around one row is no table (fewer than two rows): its text is read as a line."""
    table = Table([(72, 200, 150, 220), (150, 200, 400, 220)])
    items = page_items(chars("附件", x=76, top=204.0) + chars("名单", x=154, top=204.0), [table], 1)
    assert [(item.text, item.table) for item in items] == [("附件\u3000名单", None)]  # the cells' gap: two fields
