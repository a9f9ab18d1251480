"""Pure helpers of the PDFium page reader: de-duplication, char boxes, page turns and ruling segments."""

from __future__ import annotations

import pytest

from pipeline.ingest.readers._pdf_grid import Edge
from pipeline.ingest.readers._pdf_pdfium import (
    char_dict,
    compose,
    dedupe,
    display_matrix,
    segment_edges,
    transform_box,
)

UPRIGHT = (1.0, 0.0, 0.0, -1.0, 0.0, 842.0)  # an A4 page shown as drawn


def ch(text: str, x0: float, top: float = 100.0, size: float = 12.0) -> dict:
    return {"text": text, "x0": x0, "x1": x0 + size, "top": top, "bottom": top + size, "size": size}


# fmt: off
DEDUPE = [
    # fake bold: the same glyph again 0.3 pt to the right is one character
    ([ch("关", 80.0), ch("关", 80.3)], ["关@80.0"]),
    # fake bold drawn up and to the right, the copy first: the first drawn is kept
    ([ch("于", 80.4, 100.6), ch("于", 80.0, 100.0)], ["于@80.4"]),
    # a copy across a 1 pt grid line (80.9 vs 81.2) is still found
    ([ch("通", 80.9, 99.9), ch("通", 81.2, 100.2)], ["通@80.9"]),
    # the same character twice in a row is text, not a copy
    ([ch("哈", 80.0), ch("哈", 92.0)], ["哈@80.0", "哈@92.0"]),
    # different characters at one spot (an overprint) are both kept
    ([ch("口", 80.0), ch("回", 80.0)], ["口@80.0", "回@80.0"]),
    # the same character in another size is another glyph (a superscript footnote mark)
    ([ch("1", 80.0), ch("1", 80.5, size=6.0)], ["1@80.0", "1@80.5"]),
    # the same character on the line below is kept
    ([ch("一", 80.0, 100.0), ch("一", 80.0, 121.0)], ["一@80.0", "一@80.0"]),
]
# fmt: on


@pytest.mark.parametrize(("chars", "kept"), DEDUPE)
def test_dedupe(chars, kept):
    assert [f"{c['text']}@{c['x0']}" for c in dedupe(chars)] == kept


# fmt: off
CHAR_DICT_BOX = [
    # loose box taller than the font (STSong-Light): one font size up from its bottom
    ((105.4, 126.35, 117.4, 139.25), 12.0, (105.4, 127.25, 117.4, 139.25)),
    # a glyph turned on the page (its box is narrow and tall): the loose box as it is
    ((288.7, 533.3, 302.7, 542.0), 12.0, (288.7, 533.3, 302.7, 542.0)),
]
# fmt: on


@pytest.mark.parametrize(("box", "size", "expected"), CHAR_DICT_BOX)
def test_char_dict_box(box, size, expected):
    got = char_dict("字", box, size)
    assert (got["x0"], got["top"], got["x1"], got["bottom"]) == pytest.approx(expected)
    assert got["size"] == size and got["text"] == "字"


# fmt: off
DISPLAY_MATRIX = [
    # not turned: y flips, the top of the page is 0
    (0, (72, 700, 80, 712), (72, 130, 80, 142), 842),
    # turned 90° clockwise: user-space bottom-left is shown top-left, the page is 595 high
    (90, (0, 0, 10, 20), (0, 0, 20, 10), 595),
    # upside down: user-space bottom-right is shown top-left
    (180, (585, 0, 595, 20), (0, 0, 10, 20), 842),
    # turned 270°: user-space top-right is shown top-left
    (270, (585, 822, 595, 842), (0, 0, 20, 10), 595),
    # -90 is 270
    (-90, (585, 822, 595, 842), (0, 0, 20, 10), 595),
]
# fmt: on


@pytest.mark.parametrize(("rotation", "user_box", "shown", "height"), DISPLAY_MATRIX)
def test_display_matrix(rotation, user_box, shown, height):
    m, h = display_matrix(rotation, (0, 0, 595, 842))
    assert transform_box(m, *user_box) == pytest.approx(shown) and h == height


def test_display_matrix_offset_media_box():
    """A media box that does not start at 0,0: shown coordinates still start at the box's top-left."""
    m, h = display_matrix(0, (10, 20, 605, 862))
    assert transform_box(m, 10, 850, 20, 862) == pytest.approx((0, 0, 10, 12)) and h == 842


def test_compose_applies_first_then_second():
    scale_then_flip = compose((2.0, 0.0, 0.0, 2.0, 10.0, 10.0), UPRIGHT)
    assert transform_box(scale_then_flip, 0, 0, 5, 5) == pytest.approx((10, 822, 20, 832))  # (10,10)-(20,20), flipped


H = Edge  # (vertical, pos, lo, hi)


# fmt: off
SEGMENT_EDGES = [
    # a stroked line: one horizontal edge, y flipped to page-top coordinates
    ([(72, 600, True, False), (300, 600, False, False)], [H(False, 242, 72, 300)]),
    # a rectangle whose last segment closes it: four edges, none doubled
    ([(72, 500, True, False), (300, 500, False, False), (300, 550, False, False), (72, 550, False, False),
      (72, 500, False, True)],
     [H(False, 342, 72, 300), H(True, 300, 292, 342), H(False, 292, 72, 300), H(True, 72, 292, 342)]),
    # "m l l l h": the close draws the fourth side back to the start
    ([(0, 0, True, False), (10, 0, False, False), (10, 10, False, False), (0, 10, False, True)],
     [H(False, 842, 0, 10), H(True, 10, 832, 842), H(False, 832, 0, 10), H(True, 0, 832, 842)]),
    # a diagonal is no ruling line
    ([(0, 0, True, False), (100, 100, False, False)], []),
    # a move starts a new piece: nothing is drawn between the two lines
    ([(0, 0, True, False), (10, 0, False, False), (50, 50, True, False), (50, 80, False, False)],
     [H(False, 842, 0, 10), H(True, 50, 762, 792)]),
    # a hairline off the axis by 0.2 pt is still a ruling line, at the middle
    ([(0, 100, True, False), (200, 100.2, False, False)], [H(False, 741.9, 0, 200)]),
]
# fmt: on


@pytest.mark.parametrize(("points", "edges"), SEGMENT_EDGES)
def test_segment_edges(points, edges):
    got = list(segment_edges(points, UPRIGHT))
    assert [(e.vertical, *(round(v, 3) for v in e[1:])) for e in got] == [(e.vertical, *e[1:]) for e in edges]


def _glyphs(spec: list[tuple[str, float, float]], *, size: float = 16.0, x: float = 80.0):
    """PDFium's answers for one line of glyphs ``(text, loose bottom, loose top)`` in user space, 16 pt wide each."""
    return len(spec), [(i, text, None, 1, 0, 1, x + size * i, top, x + size * (i + 1), bottom)
                       for i, (text, bottom, top) in enumerate(spec)]


# fmt: off
INK_BOXES = [
    # a font whose "loose" boxes are ink boxes (LibreOffice embedding the system's UMing in a long report): the
    # comma's box is 3.4 pt high at the foot of its line, and was read as a line of its own (，，， under a line
    # that lost its commas: shanxi-2026 rendered as a 公文)
    ([("业", 483.0, 497.7), ("，", 482.7, 486.1), ("培", 483.0, 498.0)], ["业", "，", "培"]),
    # the dash's ink box is a thin bar at mid-height (中国—中亚 of xinjiang-2026)
    ([("国", 483.0, 498.0), ("—", 489.0, 490.0), ("中", 483.0, 498.0)], ["国", "—", "中"]),
    # a glyph as high as its font keeps its own box: a line below is another line
    ([("甲", 483.0, 498.0), ("乙", 455.0, 470.0)], ["甲"]),
]
# fmt: on


@pytest.mark.parametrize(("spec", "on_first_line"), INK_BOXES)
def test_chars_small_ink_boxes_take_their_lines_place(monkeypatch, spec, on_first_line):
    from pipeline.ingest.readers import _pdf_pdfium

    monkeypatch.setattr(_pdf_pdfium, "_page_glyphs", lambda textpage: _glyphs(spec))
    monkeypatch.setattr(_pdf_pdfium, "_object_size", lambda page, index: (16.0, 1.0))
    chars = _pdf_pdfium._chars(None, UPRIGHT)[0]
    middle = (chars[0]["top"] + chars[0]["bottom"]) / 2  # what line grouping compares
    assert [c["text"] for c in chars if abs((c["top"] + c["bottom"]) / 2 - middle) < 1.0] == on_first_line
