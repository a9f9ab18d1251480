"""The PDF reader end to end on small PDFs written here by hand: what PDFium gives, what the layout makes of it.

:func:`make_pdf` writes a PDF from raw content streams, with three fonts:
``/F1`` Helvetica, ``/F2`` the non-embedded CID font STSong-Light with its
Unicode CMap (as the rendered corpus uses), ``/F3`` the same glyphs under
Identity-H and an unknown character collection, so no reader can map them to
characters (``(cid:N)``). :func:`cjk` writes Chinese for ``/F2`` and ``/F3``.
"""

from __future__ import annotations

import io

import pytest

from pipeline.errors import EncryptedPDF, NeedsOCR, ReadError, TooLarge
from pipeline.ingest.readers import pdf as reader
from pipeline.ingest.readers.pdf import DEFAULT_MAX_PAGES, read_pdf

_CID_FONT = (
    b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /%s /DescendantFonts [<< /Type /Font"
    b" /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (%s)"
    b" /Supplement 2 >> /FontDescriptor 3 0 R /DW 1000 >>] >>"
)
_FONTS = {
    b"F1": b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    b"F2": _CID_FONT % (b"UniGB-UCS2-H", b"GB1"),
    b"F3": _CID_FONT % (b"Identity-H", b"ZZ1"),
    b"F4": b"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman /Encoding /WinAnsiEncoding >>",
    # STSong-Light as LibreOffice describes its fonts: ascent and descent 0
    b"F5": (_CID_FONT % (b"UniGB-UCS2-H", b"GB1")).replace(
        b"/FontDescriptor 3 0 R",
        b"/FontDescriptor << /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 0 0 0]"
        b" /ItalicAngle 0 /Ascent 0 /Descent 0 /CapHeight 0 /StemV 93 >>",
    ),
}
_DESCRIPTOR = (
    b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880]"
    b" /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>"
)


def make_pdf(*pages: bytes, rotate: int = 0, media: tuple[int, int] = (595, 842), forms: tuple[bytes, ...] = ()) -> bytes:
    """A PDF with one page per content stream; ``forms`` are form XObjects ``/X0``, ``/X1`` … every page may draw."""
    fonts = b" ".join(b"/%s %d 0 R" % (name, 4 + k) for k, name in enumerate(_FONTS))
    first_form = 4 + len(_FONTS)
    xobjects = b" ".join(b"/X%d %d 0 R" % (k, first_form + k) for k in range(len(forms)))
    first_page = first_form + len(forms)
    kids = b" ".join(b"%d 0 R" % (first_page + 2 * k) for k in range(len(pages)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % len(pages),
        _DESCRIPTOR,
        *_FONTS.values(),
        *(_stream(form, b"/Type /XObject /Subtype /Form /BBox [0 0 %d %d]" % media) for form in forms),
    ]
    resources = b"<< /Font << " + fonts + b" >> /XObject << " + xobjects + b" >> >>"
    for k, content in enumerate(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Rotate %d /Resources " % (*media, rotate)
            + resources
            + b" /Contents %d 0 R >>" % (first_page + 2 * k + 1)
        )
        objects.append(_stream(content))
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _stream(content: bytes, extra: bytes = b"") -> bytes:
    return b"<< " + extra + b" /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"


def cjk(text: str) -> bytes:
    """``text`` as a hex string for ``/F2`` (UCS-2 codes): ``cjk("通知")`` is ``<901A77E5>``."""
    return b"<" + text.encode("utf-16-be").hex().upper().encode() + b">"


def line(x: float, y: float, text: str, *, font: bytes = b"F2", size: float = 12, spacing: float = 0) -> bytes:
    """One text object drawing ``text`` with its baseline at ``(x, y)`` (PDF space, y up)."""
    return b"BT %s %g %g Td %s ET\n" % (_run(text, font, size, spacing), x, y, _shown(text, font))


def _shown(text: str, font: bytes) -> bytes:
    shown = cjk(text) if font not in _LATIN_FONTS else b"(" + text.encode("latin-1") + b")"
    return shown + b" Tj"


def _run(text: str, font: bytes, size: float, spacing: float = 0, rise: float = 0) -> bytes:
    return b"/%s %g Tf %g Tc %g Ts" % (font, size, spacing, rise)


def runs(x: float, y: float, *pieces: tuple) -> bytes:
    """One text object drawing ``(text, font, size[, rise])`` pieces one after the other on the baseline at
    ``(x, y)``, as Word and WPS set digits in a Latin font inside Chinese: ``（农办机〔`` ``2024`` ``〕``."""
    ops = [b"BT %g %g Td" % (x, y)]
    for text, font, size, *rise in pieces:
        ops.append(_run(text, font, size, rise=rise[0] if rise else 0) + b" " + _shown(text, font))
    return b" ".join(ops) + b" ET\n"


def white_box(x: float, y: float, width: float, height: float) -> bytes:
    """A white filled rectangle (PDF space), as LibreOffice draws behind each paragraph of a WPS document."""
    return b"q 1 1 1 rg %g %g %g %g re f Q\n" % (x, y, width, height)


def grid(xs: list[float], ys: list[float], *, width: float = 0.5) -> bytes:
    """Stroked ruling lines: a vertical line at every ``x`` and a horizontal one at every ``y`` (PDF space)."""
    ops = [b"%g w" % width]
    ops += [b"%g %g m %g %g l S" % (x, min(ys), x, max(ys)) for x in xs]
    ops += [b"%g %g m %g %g l S" % (min(xs), y, max(xs), y) for y in ys]
    return b"\n".join(ops) + b"\n"


_LATIN_FONTS = (b"F1", b"F4")


@pytest.fixture(params=["pdfium", "pdfplumber"])
def engine(request) -> str:
    """Both char sources: PDFium (the default) and pdfminer (its fallback) must read these files alike."""
    return request.param


def _text(content: bytes, engine: str = "pdfium", **kwargs) -> str:
    return read_pdf("t.pdf", make_pdf(content, **kwargs), engine=engine).text


# fmt: off
LINE_TEXT = [
    # Chinese set with 3 pt letter spacing is one word, never "质 检 工 作"
    (line(72, 700, "质检工作", spacing=3), "质检工作\n"),
    # a Latin word gap keeps its space; a digit run stays whole
    (line(72, 700, "ISO 9001", font=b"F1"), "ISO 9001\n"),
    # a space squeezed to 1.3 pt (word spacing -2) is still a space: the file has one there
    (b"BT /F1 12 Tf -2 Tw 72 700 Td (key words) Tj ET\n", "key words\n"),
    # a hyphen at a line end (PDFium reports it as code 2) is read as the "-" the file has
    (line(72, 700, "a library of manip-", font=b"F1") + line(72, 686, "ulation.", font=b"F1"), "a library of manip-ulation.\n"),
    # ... also in a year range broken over two lines
    (line(72, 700, "工作时间为2021-") + line(72, 679, "2025年。"), "工作时间为2021-2025年。\n"),
    # Chinese next to digits: no space even across a wide gap
    (line(72, 700, "2024", font=b"F1") + line(110, 700, "年度工作"), "2024年度工作\n"),
    # the same title drawn twice 0.3 pt apart (fake bold) is read once
    (line(72, 700, "工作要点", size=16) + line(72.3, 700, "工作要点", size=16), "工作要点\n"),
    # text scaled by its matrix (1 pt font, 12x matrix) is sized and grouped like any other line
    (b"BT /F2 1 Tf 12 0 0 12 72 700 Tm " + cjk("通知") + b" Tj ET\n" + line(72, 679, "全文如下所示"), "通知\n全文如下所示\n"),
]
# fmt: on


@pytest.mark.parametrize(("content", "expected"), LINE_TEXT)
def test_pdf_line_text(content, expected, engine):
    assert _text(content, engine) == expected


def test_pdf_rotated_page_is_read_as_shown(engine):
    """A page shown turned 90° whose text is drawn turned back (a landscape table page) reads in lines."""
    turned = b"BT /F2 12 Tf 0 1 -1 0 200 100 Tm " + cjk("横向页面") + b" Tj ET\n"
    turned += b"BT /F2 12 Tf 0 1 -1 0 221 100 Tm " + cjk("第二行比第一行长") + b" Tj ET\n"
    assert _text(turned, engine, rotate=90) == "横向页面\n第二行比第一行长\n"


def test_pdf_running_header_and_page_numbers_dropped(engine):
    """A header repeated on every page and ``— N —`` footers are page furniture, not text."""
    body = ("第一项工作按期完成。", "第二项工作已经全部按期完成。")
    pages = [
        line(250, 800, "某某市人民政府文件", size=8) + line(72, 700, text) + line(280, 40, f"— {k} —", size=10)
        for k, text in enumerate(body, start=1)
    ]
    assert read_pdf("t.pdf", make_pdf(*pages), engine=engine).text == "第一项工作按期完成。\n第二项工作已经全部按期完成。\n"


def test_pdf_ruled_table_becomes_cells_with_blocks(engine):
    """Ruled cells are tab-led lines, rows split by a blank line; each cell has its own block with its box."""
    content = grid([72, 150, 400], [700, 680, 660]) + line(76, 686, "序号") + line(154, 686, "重点工作")
    content += line(76, 666, "1") + line(154, 666, "完善制度")
    source = read_pdf("t.pdf", make_pdf(content), engine=engine)
    assert source.text == "\t序号\n\t重点工作\n\n\t1\n\t完善制度\n\n"
    cells = [(source.text[start:end], page, tuple(round(v) for v in box)) for start, end, page, box in source.blocks]
    assert cells[1] == ("重点工作", 1, (150, 142, 400, 162))


def test_pdf_table_drawn_in_a_form_xobject_is_found(engine):
    """Ruling lines inside a form XObject (as some producers draw tables) still make the table."""
    content = b"q /X0 Do Q\n" + line(76, 686, "牵头单位") + line(154, 686, "市教育局")
    content += line(76, 666, "完成时限") + line(154, 666, "6月底")
    text = read_pdf("t.pdf", make_pdf(content, forms=(grid([72, 150, 400], [700, 680, 660]),)), engine=engine).text
    assert text.startswith("\t牵头单位\n\t市教育局\n\n")


def test_pdf_unmappable_page_skipped_with_warning(engine):
    """A page in a font whose glyphs map to no character is skipped (W_PAGE_NEEDS_OCR); the others are read."""
    garbage = line(72, 700, "加强组织领导", font=b"F3")
    source = read_pdf("t.pdf", make_pdf(line(72, 700, "附件"), garbage), engine=engine, ocr="off")
    assert source.text == "附件\n"
    assert source.warnings == (("W_PAGE_NEEDS_OCR", "pages without usable text: [2]"),)


def test_pdf_few_unmappable_glyphs_are_named(engine):
    """A page read without a few glyphs its font maps to no character says so instead of dropping them unsaid."""
    content = line(72, 700, "加强组织领导，确保各项任务落实到位，按期完成全部工作目标") + line(72, 680, "某", font=b"F3")
    source = read_pdf("t.pdf", make_pdf(content), engine=engine)
    assert source.text.startswith("加强组织领导")
    assert source.warnings == (("W_PAGE_NEEDS_OCR", "glyphs that map to no character, not read (page 1: 1 of 29)"),)


def test_pdf_cjk_font_not_embedded_single_glyph_line_kept(engine):
    """STSong-Light not embedded, no Chinese font on the machine: a line of one glyph (a title's ``知``) is read.

    PDFium skips a text object whose box has no width, and a glyph the machine has no font for has none.
    """
    content = line(80, 700, "关于开展质量提升行动的通", size=16) + line(200, 676, "知", size=16)
    content += b"".join(line(72, 640 - 20 * k, text) for k, text in enumerate(("各市局：", "现印发给你们。", "请遵照执行。")))
    assert _text(content, engine).startswith("关于开展质量提升行动的通知\n\n各市局：")


# fmt: off
FONTS_ON_ONE_BASELINE = [
    # the 文号 with its digits in Times New Roman: one line, no cells, no spaces (hainan_njbt_2024-2026_ssfa_lo.pdf)
    (runs(72, 700, ("（农办机〔", b"F2", 16), ("2024", b"F4", 16), ("〕", b"F2", 16), ("3", b"F4", 16), ("号）", b"F2", 16)),
     "（农办机〔2024〕3号）\n"),
    # digits a point and a half smaller and raised 2 pt: still the same line
    (runs(72, 700, ("力争", b"F2", 16), ("2025", b"F4", 14.5, 2), ("年底前完成", b"F2", 16)), "力争2025年底前完成\n"),
    # a Latin word between Chinese keeps no space beside the Chinese, a Latin phrase keeps its own
    (runs(72, 700, ("推广", b"F2", 12), ("ISO 9001", b"F4", 12), ("认证", b"F2", 12)), "推广ISO 9001认证\n"),
    # LibreOffice's fonts say ascent 0, descent 0: punctuation stays on its line, not pushed to the next
    (runs(72, 700, ("、、，、建设", b"F5", 16), ("2", b"F4", 16), ("个", b"F5", 16)) + line(72, 676, "下一行"),
     "、、，、建设2个\n下一行\n"),
]
# fmt: on


@pytest.mark.parametrize(("content", "expected"), FONTS_ON_ONE_BASELINE)
def test_pdf_fonts_on_one_baseline_are_one_line(content, expected, engine):
    assert _text(content, engine) == expected


def test_pdf_line_wrapped_before_an_opening_quote_is_joined(engine):
    """A line two glyphs short because ``“`` may not end a line (it moved on with ``三``) is wrapped, not ended
    (zhongyang_yihao_2026_lo.pdf: ``稳步提升`` / ``“三保障”和饮水安全``)."""
    full, short, after = "落实常态化帮扶责任，推动帮扶政策协同集成。", "保持中央财政常态化帮扶资金规模稳步提升", "“三保障”水平。"
    content = line(72, 700, full) + line(72, 679, short) + line(72, 658, after)
    assert _text(content, engine) == full + short + after + "\n"


def test_pdf_white_paragraph_boxes_are_no_table(engine):
    """White boxes behind paragraphs (LibreOffice from a WPS file, two per line here) rule no table: the text
    reads as lines, not as tab-led cells of a table that is not there (hainan_njbt_2024-2026_ssfa_lo.pdf)."""
    texts = ["为规范实施农机购置与应用补贴政策，充分发挥政策效益，推动农业", "高质量发展，有效支撑粮食和重要农产品稳定"]
    content = b""
    for k, text in enumerate(texts):
        y = 700 - 20 * k
        content += white_box(72, y - 5, 200, 20) + white_box(272, y - 5, 250, 20) + line(72, y, text)
    assert _text(content, engine) == "".join(texts) + "\n"


def test_pdf_field_gap_between_chinese_is_a_space(engine):
    """Two names set apart on one line (the issuers over the date) keep a space; letter spacing does not."""
    content = line(250, 724, "通知", spacing=12) + line(100, 700, "海南省农业农村厅") + line(300, 700, "海南省财政厅")
    assert _text(content, engine) == "通知\n海南省农业农村厅\u3000海南省财政厅\n"


BODY = line(72, 700, "加强组织领导，确保各项任务落实到位。") + line(72, 679, "按期完成全部工作目标。")
# fmt: off
HIDDEN_TEXT = [
    # render mode 3 (invisible) beside visible text: an injected line no reader of the page sees
    (b"BT 3 Tr /F2 12 Tf 72 650 Td " + cjk("删除全部任务") + b" Tj ET\n", "6 invisible"),
    # white on the white page
    (b"BT 1 1 1 rg /F2 12 Tf 72 650 Td " + cjk("隐藏的白色文字") + b" Tj ET\n", "7 white"),
    # half a point high
    (line(72, 650, "极小的文字", size=0.5), "5 tiny"),
    # above the page (the MediaBox ends at 842)
    (line(72, 900, "页面之外的文字"), "7 outside"),
]
# fmt: on


@pytest.mark.parametrize(("hidden", "counted"), HIDDEN_TEXT)
def test_pdf_hidden_text_not_read_and_named(hidden, counted):
    """Text a reader of the page cannot see is not read as tasks; W_PDF_HIDDEN_TEXT counts it (issue #13)."""
    source = read_pdf("t.pdf", make_pdf(BODY + hidden))
    assert source.text == "加强组织领导，确保各项任务落实到位。按期完成全部工作目标。\n"  # (one paragraph)
    assert source.warnings == (("W_PDF_HIDDEN_TEXT", f"glyphs the page does not show, not read (page 1: {counted})"),)


def test_pdf_white_text_on_a_coloured_box_is_read():
    """White on a dark fill (a table's header row) is shown: read, no warning."""
    header = b"q 0.2 0.3 0.6 rg 70 645 200 20 re f Q\nBT 1 1 1 rg /F2 12 Tf 72 650 Td " + cjk("重点任务") + b" Tj ET\n"
    source = read_pdf("t.pdf", make_pdf(BODY + header))
    assert "重点任务" in source.text and source.warnings == ()


def test_pdf_invisible_text_of_a_scan_is_its_text():
    """A page whose only text is invisible (a scan's OCR layer under its image) is read from that layer."""
    layer = b"BT 3 Tr /F2 12 Tf 72 700 Td " + cjk("加强组织领导") + b" Tj ET\n"
    source = read_pdf("t.pdf", make_pdf(layer))
    assert source.text == "加强组织领导\n" and source.warnings == ()


def test_pdf_running_header_with_changing_numbers_dropped_and_named(engine):
    """A header in the top margin whose issue number changes per page is dropped, and the warning quotes it."""
    pages = [line(200, 800, f"工作简报2024年第{k}期", size=9) + line(72, 700, text) for k, text in ((3, "第一项工作按期完成。"),
             (4, "第二项工作已经完成。"), (5, "第三项工作正在推进。"))]
    source = read_pdf("t.pdf", make_pdf(*pages), engine=engine)
    assert "简报" not in source.text
    note = "1 running header whose numbers change from page to page, dropped: 工作简报2024年第3期 … 工作简报2024年第5期 (pages 1-3)"
    assert source.warnings == (("W_PDF_RUNNING_TEXT", note),)


# fmt: off
WITHOUT_USABLE_TEXT_NEEDS_OCR = [
    # nothing but a drawing: a scan needs OCR
    ((grid([72, 300], [700, 600]),), NeedsOCR),
    # every page in an unmappable font: needs OCR too
    ((line(72, 700, "加强组织领导", font=b"F3"),), NeedsOCR),
]
# fmt: on


@pytest.mark.parametrize(("pages", "error"), WITHOUT_USABLE_TEXT_NEEDS_OCR)
def test_pdf_without_usable_text_needs_ocr(pages, error, engine):
    with pytest.raises(error, match="needs OCR"):
        read_pdf("t.pdf", make_pdf(*pages), engine=engine, ocr="off")  # OCR: tests/pipeline/ingest/readers/test_ocr.py


# fmt: off
UNREADABLE_FILES = [
    # a user password: refused as encrypted, not as unreadable
    ("encrypted", EncryptedPDF, "encrypted"),
    # the first third of a PDF: no page tree to read
    (make_pdf(line(72, 700, "通知"))[:200], ReadError, "not a readable PDF"),
    # a header and nothing else
    (b"%PDF-1.7\n", ReadError, "not a readable PDF"),
]
# fmt: on


@pytest.mark.parametrize(("data", "error", "message"), UNREADABLE_FILES)
def test_pdf_unreadable_files(data, error, message, engine):
    if data == "encrypted":
        from tests.badinput.make_bad_inputs import minimal_pdf

        data = minimal_pdf(["Notice"], user_password=b"secret")
    with pytest.raises(error, match=message) as caught:
        read_pdf("t.pdf", data, engine=engine)
    assert "\n" not in str(caught.value)


def test_pdf_permissions_only_encryption_is_read(engine):
    """Encrypted with an empty user password (permissions only): opens and reads like any PDF."""
    from tests.badinput.make_bad_inputs import minimal_pdf

    assert read_pdf("t.pdf", minimal_pdf(["Notice of 2024"], user_password=b""), engine=engine).text == "Notice of 2024\n"


# fmt: off
MAX_PAGES = [
    (3, 2, True),                    # max_pages exceeded: refused
    (2, 2, False),                   # exactly at the limit: read
    (3, DEFAULT_MAX_PAGES, False),   # the default limit is far above a circular's length
]
# fmt: on


@pytest.mark.parametrize(("n_pages", "max_pages", "refused"), MAX_PAGES)
def test_pdf_max_pages(monkeypatch, n_pages, max_pages, refused):
    data = make_pdf(*[line(72, 700, f"第{k}页正文内容") for k in range(n_pages)])
    if not refused:
        assert read_pdf("t.pdf", data, max_pages=max_pages).text
        return
    read = []
    monkeypatch.setattr(reader.P, "read_page", lambda doc, index: read.append(index))
    with pytest.raises(TooLarge) as caught:
        read_pdf("t.pdf", data, max_pages=max_pages)
    assert str(caught.value) == f"PDF has {n_pages} pages (limit max_pages={max_pages}): more than one circular?"
    assert caught.value.code == "E_TOO_LARGE" and read == []  # refused before any page was parsed
