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


# The rules as first written, one glyph at a time: the reader's faster forms must read every line the same.


def _group_lines_glyph_by_glyph(chars: list[dict]) -> list[list[dict]]:
    """A character joins the line when its middle is within 0.35 of a glyph height of the mean middle of the
    line's last three characters (sorted by middle to 0.1 pt, x0, and draw order)."""
    mids = [(c["top"] + c["bottom"]) / 2 for c in chars]
    lines, line, recent, last_height = [], [], [], 0.0
    for _, _, k in sorted((round(mid, 1), c["x0"], k) for k, (mid, c) in enumerate(zip(mids, chars))):
        height = chars[k]["bottom"] - chars[k]["top"]
        reach = height if height > last_height else last_height  # (not max(): a NaN height loses here)
        if line and abs(mids[k] - sum(recent) / len(recent)) <= 0.35 * (reach if reach > 1.0 else 1.0):
            line.append(chars[k])
            recent = (recent + [mids[k]])[-3:]
        else:
            line, recent = [chars[k]], [mids[k]]
            lines.append(line)
        last_height = height
    return [sorted(line, key=lambda c: c["x0"]) for line in lines]


def _line_text_glyph_by_glyph(chars: list[dict], space_gap: float = 0.15) -> str:
    """Every gap looked at: a word's space (Latin or digits on one side, no CJK) when marked or wide beyond the
    usual letter spacing, a field's space (　) beside Chinese when wide beyond the line's spacing."""
    from pipeline.ingest.readers._pdf_layout import _median, _space_between

    visible = [c for c in chars if c["text"].strip()]
    if len(visible) < 2:
        return "".join(c["text"] for c in visible)
    gaps = [b["x0"] - a["x1"] for a, b in zip(visible, visible[1:])]
    spacing = _median(gaps)
    usual = max(0.0, min(spacing, 0.5 * _median([c["size"] for c in visible])))
    out = visible[0]["text"]
    for a, b, gap in zip(visible, visible[1:], gaps):
        size = min(a["size"], b["size"]) or 10.0
        if _space_between(a["text"][-1], b["text"][0]):
            if b.get("space_before") or gap - usual > space_gap * size:
                out += " "
        elif gap - spacing >= 1.5 * size:
            out += "\u3000"
        out += b["text"]
    return out


def _random_page(rng, n: int) -> list[dict]:
    """Glyphs on a few baselines, some nudged by fractions of a point (middles near each other and near
    halves of 0.1 pt), of a few sizes (0 among them), some marked, some white space, Latin, digits and CJK;
    now and then a number that is not finite (a broken box)."""
    out = []
    for _ in range(n):
        size = rng.choice([0.0, 5.0, 10.5, 12.0, 16.0])
        top = rng.choice([100.0, 121.0, 142.5]) + rng.choice([0.0, 0.05, 0.1, 0.125, 0.15, 0.25, 0.3, 2.0, -0.35])
        x0 = rng.choice([72.0, 80.0, 90.5]) + rng.randrange(40) * rng.choice([6.0, 6.25, 12.0, 19.5])
        text = rng.choice(["质", "检", "a", "B", "9", "0", "，", " ", "\u3000"])
        out.append({"text": text, "x0": x0, "x1": x0 + rng.choice([0.0, 6.0, 12.0]), "top": top,
                    "bottom": top + rng.choice([size, 12.0, 0.5]), "size": size,
                    "space_before": rng.random() < 0.2})
        if rng.random() < 0.02:
            out[-1][rng.choice(["x0", "x1", "top", "bottom", "size"])] = rng.choice([float("nan"), float("inf")])
    return out


@pytest.mark.parametrize("seed", range(200))
def test_group_lines_as_glyph_by_glyph(seed):
    import random

    page = _random_page(random.Random(seed), random.Random(seed).randrange(1, 120))
    assert _group_lines(page) == _group_lines_glyph_by_glyph(page)


@pytest.mark.parametrize("seed", range(200))
def test_line_text_as_glyph_by_glyph(seed):
    import random

    rng = random.Random(seed)
    line = sorted(_random_page(rng, rng.randrange(0, 40)), key=lambda c: c["x0"])
    space_gap = rng.choice([0.15, 0.15, 0.0, 1.0])
    assert _line_text(line, space_gap=space_gap) == _line_text_glyph_by_glyph(line, space_gap)


def test_group_lines_not_finite():
    """A glyph without a finite place (a broken box) does not take the others' lines apart."""
    page = chars("第一行") + [{"text": "坏", "x0": 90.0, "x1": 102.0, "top": float("nan"), "bottom": 112.0, "size": 12.0}]
    assert _group_lines(page) == _group_lines_glyph_by_glyph(page)


def _page(rows: list[tuple[str, float, float]], *, size: float = 16.0, pitch: float = 29.0) -> list:
    """Lines of one page of an indented 公文 (text column 80-512 pt): each row ``(text, x0, x1)``."""
    from pipeline.ingest.readers._pdf_layout import Line

    return [Line(1, text, x0, x1, 100 + k * pitch, 100 + k * pitch + size, size, first_w=size)
            for k, (text, x0, x1) in enumerate(rows)]


# fmt: off
ADDRESSEE = [
    # the 主送机关 fills its line (LibreOffice hangs its colon past the margin); the body's first line, printed
    # at the left edge, is no continuation of it (govcn-59 rendered as a 公文)
    ([("各省、自治区、直辖市人民政府，国务院各部委、各直属机构：", 80, 528), ("根据工作需要，国务院决定对国务", 80, 512),
      ("院领导小组进行调整。", 80, 240)],
     "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n根据工作需要，国务院决定对国务院领导小组进行调整。"),
    # a sentence that ends its first line in a colon goes on (reportlab's seed 002: …创新性。(牵头部门:)
    ([("制定制度体系表，增强系统性和创新性。（牵头部门：", 80, 512), ("认可部）", 80, 144)],
     "制定制度体系表，增强系统性和创新性。（牵头部门：认可部）"),
    # an indented paragraph whose first line ends in a colon goes on too: it is no 主送机关
    ([("现将有关事项通知如下：", 112, 512), ("一律按期完成。", 80, 192)], "现将有关事项通知如下：一律按期完成。"),
    # so does a paragraph's later line that ends in a colon
    ([("为做好工作，各部门要按照部署，认真落实", 112, 512), ("以下要求：", 80, 512), ("按时报送。", 80, 160)],
     "为做好工作，各部门要按照部署，认真落实以下要求：按时报送。"),
]
# fmt: on


@pytest.mark.parametrize(("rows", "expected"), ADDRESSEE)
def test_assemble_addressee_line_ends_its_paragraph(rows, expected):
    from pipeline.ingest.readers._pdf_layout import assemble

    indented = [("为了说明缩进，这一段首行缩进两个字。", 112, 400), ("另一段也缩进两个字。", 112, 300)]
    text, _ = assemble([_page(rows + indented)])
    assert text.startswith(expected + "\n")


# fmt: off
PAGE_NUMBERS = [
    # (page, text, top as a share of an 842 pt page, dropped?)
    (5, "5", 0.906, True),         # its own number where a 公文 prints it: a scan whose dashes were not read
    (5, "— 5 —", 0.5, True),       # dashes: a page number wherever it is
    (5, "5", 0.95, True),          # in the margin band: any number
    (5, "6", 0.906, False),        # another page's number above the band: a line of the text
    (5, "5", 0.7, False),          # its own number in the body: a line of the text
    (5, "5", 0.05, True),          # at the head of the page
    (9, "— 9 —一", 0.9, True),     # a dash read as a box of its own, 一 (a scan of govcn-56)
    (9, "一九", 0.95, False),       # 一 is no dash without one beside it
]
# fmt: on


@pytest.mark.parametrize(("page", "text", "top", "dropped"), PAGE_NUMBERS)
def test_strip_running_drops_page_numbers(page, text, top, dropped):
    from pipeline.ingest.readers._pdf_layout import Line, strip_running

    body = Line(page, "国务院办公厅关于印发国家粮食应急预案的函", 90.0, 500.0, 300.0, 316.0, 16.0)
    number = Line(page, text, 280.0, 300.0, top * 842.0, top * 842.0 + 12.0, 12.0)
    kept = strip_running([[body, number]], [842.0])
    assert [ln.text for ln in kept[0]] == [body.text] + ([] if dropped else [text])
