"""OCR of PDF pages without a usable text layer (:mod:`pipeline.ingest.readers.ocr`), without the OCR extra.

The engine is replaced by a stand-in that returns boxes as RapidOCR does, so the
path from boxes to lines, tables, provenance and issues is tested on any
machine; the real engine on real scans is in ``test_ocr_scans.py`` (skipped
without ``gongwen[ocr]``).
"""

from __future__ import annotations

import io
import subprocess
import sys

import numpy as np
import pytest

from pipeline.errors import W_OCR_LOW_CONFIDENCE, NeedsOCR, SettingsError
from pipeline.ingest.readers import ReadOptions, read_path
from pipeline.ingest.readers import _pdf_grid as G
from pipeline.ingest.readers import ocr as O
from pipeline.ingest.readers.pdf import read_pdf
from pipeline.settings import Settings

from tests import ROOT
TEXT_PDF = ROOT / "corpus" / "rendered" / "dev03_anquan_pdfstyle_2024.pdf"


def image_pdf(*pages: np.ndarray, dpi: int = O.DPI) -> bytes:
    """An image-only PDF, one grayscale page per array (as a scanner writes it)."""
    from PIL import Image

    images = [Image.fromarray(page, "L") for page in pages]
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=float(dpi))
    return out.getvalue()


def quad(x0: float, y0: float, x1: float, y1: float) -> list[list[float]]:
    return [[x0, y0], [x1, y0], [x1, y1], [x0, y1]]


class FakeEngine:
    """RapidOCR's interface: ``engine(image, return_word_box=True)`` → ``([[box, text, score, word boxes, words, …]], times)``.

    ``pages`` are the results of the pages in the order they are asked for, as
    ``(box, text, score)``; characters get word boxes across the box, a Chinese
    one an em wide and an ASCII one half of one (:func:`~O.char_widths`).
    """

    def __init__(self, *pages):
        self.pages, self.calls = list(pages), 0

    def __call__(self, image, **kwargs):
        boxes = self.pages[self.calls % len(self.pages)]
        self.calls += 1
        out = []
        for box, text, score in boxes:
            (x0, y0), (x1, _), (_, y1) = box[0], box[1], box[2]
            widths = O.char_widths(text)
            em, lefts = (x1 - x0) / max(sum(widths), 1), [sum(widths[:k]) for k in range(len(text) + 1)]
            words = [quad(x0 + em * lefts[k], y0, x0 + em * lefts[k + 1], y1) for k in range(len(text))]
            out.append([box, text, score, words, list(text), [score] * len(text)])
        return (out or None), [0.0, 0.0, 0.0]


@pytest.fixture
def engine(monkeypatch):
    """Install a stand-in engine (and pretend the extra is installed); returns a setter for its pages."""
    monkeypatch.setattr(O, "available", lambda: True)

    def use(*pages):
        fake = FakeEngine(*pages)
        monkeypatch.setattr(O, "_engine", fake)
        return fake

    return use


# A page of 1654 × 2339 pixels (A4 at 200 dpi): body text 14 pt, an em of 38.9 px, in boxes 45 px high.
BODY = [
    (quad(283, 280, 866, 325), "××县2024年安全生产工作实施方案", 0.98),
    (quad(283, 400, 516, 445), "一、总体目标", 0.97),
    (quad(283, 480, 1430, 525), "到2024年底，全县生产安全事故起数下降10%以上，不发生较大及以", 0.96),
    (quad(283, 540, 594, 585), "上生产安全事故。", 0.95),
]


def test_scan_is_read_by_ocr_with_page_and_box_provenance(engine):
    engine(BODY, BODY)
    data = image_pdf(np.full((2339, 1654), 250, np.uint8), np.full((2339, 1654), 250, np.uint8))
    source = read_pdf("scan.pdf", data)
    assert source.warnings == ()
    assert source.text.startswith("××县2024年安全生产工作实施方案\n\n一、总体目标\n到2024年底")
    assert "不发生较大及以上生产安全事故。" in source.text  # a wrap joined, as from a text layer
    assert {page for _, _, page, _ in source.blocks} == {1, 2}
    for start, end, page, (x0, top, x1, bottom) in source.blocks:
        assert 0 <= start < end <= len(source.text) and page in (1, 2)
        assert 0 <= x0 < x1 <= 596 and 0 <= top < bottom <= 843  # points, as the text-layer path gives
    first = source.blocks[0]
    assert source.text[first[0] : first[1]] == "××县2024年安全生产工作实施方案"
    assert first[3][0] == pytest.approx(283 * 72 / 200, abs=0.5)


def test_low_confidence_page_is_an_issue(engine):
    engine(BODY, [(box, text, 0.6) for box, text, _ in BODY])
    data = image_pdf(np.full((2339, 1654), 250, np.uint8), np.full((2339, 1654), 250, np.uint8))
    source = read_pdf("scan.pdf", data)
    assert source.warnings == ((W_OCR_LOW_CONFIDENCE, f"page 2: OCR confidence 0.60 (below {O.MIN_CONFIDENCE})"),)


def test_only_pages_without_text_are_ocred_in_auto_and_every_page_in_force(engine):
    from tests.pipeline.ingest.readers._scans import scan_pdf

    text_page = TEXT_PDF.read_bytes()
    fake = engine(BODY)
    assert read_pdf("t.pdf", text_page).text == read_pdf("t.pdf", text_page, ocr="off").text
    assert fake.calls == 0
    forced = read_pdf("t.pdf", text_page, ocr="force")
    assert fake.calls == 1 and forced.text.startswith("××县2024年安全生产工作实施方案")
    assert scan_pdf  # the scan maker imports (used by test_ocr_scans.py)


def test_off_keeps_needs_ocr(engine):
    fake = engine(BODY)
    with pytest.raises(NeedsOCR, match=r"needs OCR: no text layer on any of 1 page\(s\); OCR is off \(--ocr off\)"):
        read_pdf("scan.pdf", image_pdf(np.full((200, 150), 250, np.uint8)), ocr="off")
    assert fake.calls == 0


def test_without_the_extra_needs_ocr_says_how_to_install_it(monkeypatch):
    monkeypatch.setattr(O, "available", lambda: False)
    with pytest.raises(NeedsOCR, match=r"install the OCR extra: pip install 'gongwen\[ocr\]'"):
        read_pdf("scan.pdf", image_pdf(np.full((200, 150), 250, np.uint8)))


def test_ocr_that_finds_nothing_still_needs_ocr(engine):
    engine([])
    with pytest.raises(NeedsOCR, match="OCR found no text"):
        read_pdf("scan.pdf", image_pdf(np.full((200, 150), 250, np.uint8)))


def test_ruled_table_in_a_scan_reads_as_cells(engine):
    page = np.full((2339, 1654), 248, np.uint8)
    for y in (300, 400, 500):
        page[y : y + 3, 200:1400] = 20  # rules across
    for x in (200, 500, 1400):
        page[300:503, x : x + 3] = 20  # rules down
    engine([
        (quad(220, 330, 330, 375), "序号", 0.99), (quad(520, 330, 800, 375), "牵头单位", 0.99),
        (quad(220, 430, 260, 475), "1", 0.99), (quad(520, 430, 860, 475), "县应急管理局", 0.99),
    ])  # fmt: skip
    source = read_pdf("scan.pdf", image_pdf(page))
    assert source.text == "\t序号\n\t牵头单位\n\n\t1\n\t县应急管理局\n\n"


def test_rules_found_in_a_turned_page_after_straightening():
    page = np.full((1000, 1000), 250, np.uint8)
    page[500:502, 100:900] = 0
    from PIL import Image

    turned = np.asarray(Image.fromarray(page).rotate(1.0, fillcolor=255))
    straight = O.straighten(turned, -1.0)
    edges = [e for e in G.merged_edges(O.rules(straight)) if not e.vertical]
    assert len(edges) == 1 and edges[0].hi - edges[0].lo > 250 and edges[0].pos == pytest.approx(500 * 72 / 200, abs=1.5)


def test_skewed_boxes_are_turned_back_onto_their_lines():
    # two lines of a page turned by 1°: the end of a line sits 20 px lower than its start
    boxes = [
        ([[100, 500], [1300, 521], [1300, 566], [100, 545]], "第一行第一行第一行第一行", 0.99),
        ([[100, 600], [1300, 621], [1300, 666], [100, 645]], "第二行第二行第二行第二行", 0.99),
    ]
    angle = O.skew(boxes)
    assert angle == pytest.approx(1.0, abs=0.05)
    chars = O.chars_from_boxes(boxes, 1654, 2339, angle, 72 / 200)
    assert len(chars) == 24
    for line in (chars[:12], chars[12:]):
        tops = [c["top"] for c in line]
        assert max(tops) - min(tops) < 1.0
    assert chars[12]["top"] - chars[0]["top"] == pytest.approx(100 * 72 / 200, abs=1.0)


# fmt: off
BOX_SIZES = [
    # (boxes as (corners, text, pitch of its Chinese characters or None), whether all come out one size)
    # a short line's box drawn taller than the long line before it: one size by the pitch (govcn-15 scanned:
    # 等负责) and 国务院 were read as a title of two lines, and the signature ran into the last item)
    ([(quad(210, 300, 1437, 360), "备产业转型升级的良好氛围。（农业农村部、工业和信息化部", 45.5),
      (quad(207, 390, 361, 450), "等负责)", 45.0),
      (quad(1219, 461, 1359, 515), "国务院", 46.0)], True),
    # ... but by their heights alone they are not (the tall boxes are a size of their own)
    ([(quad(210, 300, 1437, 346), "备产业转型升级的良好氛围。（农业农村部、工业和信息化部", None),
      (quad(207, 390, 361, 450), "等负责)", None),
      (quad(1219, 461, 1359, 515), "国务院", None)], False),
    # a title set larger: its own size
    ([(quad(210, 300, 1437, 346), "备产业转型升级的良好氛围。（农业农村部、工业和信息化部", 45.5),
      (quad(400, 150, 1010, 215), "国家粮食应急预案", 61.0)], False),
]
# fmt: on


@pytest.mark.parametrize(("boxes", "one_size"), BOX_SIZES)
def test_box_size_is_its_characters_pitch(boxes, one_size):
    chars = O.chars_from_boxes([(q, t, 0.99) for q, t, _ in boxes], 1654, 2339, 0.0, 72 / 200, [p for *_, p in boxes])
    assert (len({c["size"] for c in chars}) == 1) == one_size


def test_text_pdf_run_does_not_import_ocr():
    """Reading a PDF with a text layer never imports the OCR module, the engine, onnxruntime or OpenCV."""
    code = (
        "import sys; from pathlib import Path; from pipeline.ingest.readers import read_path; "
        f"read_path(Path({str(TEXT_PDF)!r})); "
        "print(sorted(m for m in ('pipeline.ingest.readers.ocr', 'rapidocr_onnxruntime', 'onnxruntime', 'cv2') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


def test_settings_and_read_options_carry_the_mode(monkeypatch):
    assert Settings().ocr == "auto" and Settings().read_options().ocr == "auto"
    assert ReadOptions(ocr="off").options("pdf")["ocr"] == "off"
    with pytest.raises(SettingsError, match='"ocr" must be auto, off or force'):
        Settings.resolve({"ocr": "always"})
    monkeypatch.setattr("pipeline.ingest.readers.ocr.available", lambda: False)
    with pytest.raises(SettingsError, match=r"needs the OCR extra: pip install 'gongwen\[ocr\]'"):
        Settings.resolve({"ocr": "force"})
    # what a scan gives depends on whether the extra is installed: the fingerprint says which
    assert Settings().result_dict()["ocr"] == "off"
    monkeypatch.setattr("pipeline.ingest.readers.ocr.available", lambda: True)
    assert Settings().result_dict()["ocr"] == "auto"


def test_cli_takes_the_ocr_option(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from pipeline.cli import cli

    monkeypatch.setattr(O, "available", lambda: False)
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(image_pdf(np.full((200, 150), 250, np.uint8)))
    result = CliRunner().invoke(cli, ["run", str(scan), "-o", str(tmp_path / "out"), "--ocr", "off", "-q", "--engine", "serial"])
    assert result.exit_code == 1 and "E_NEEDS_OCR" in result.output + (result.stderr or "")
    assert "--ocr" in CliRunner().invoke(cli, ["run", "--help"]).output


def test_mode_is_checked():
    with pytest.raises(ValueError):
        O.effective_mode("sometimes")
    assert O.MODES == ("auto", "off", "force")


def test_read_path_passes_the_mode(engine):
    fake = engine(BODY)
    path = ROOT / "corpus" / "rendered" / "scan_only.pdf"
    source = read_path(path)
    assert fake.calls == 1 and source.text.startswith("××县")
    with pytest.raises(NeedsOCR):
        read_path(path, limits=ReadOptions(ocr="off"))



def test_scan_with_a_watermark_text_layer_is_ocred(engine):
    """CamScanner writes 扫描全能王 创建 as text on every page image: little text over a full-page image is a scan."""
    from pipeline.ingest.readers import _pdf_layout as L

    fake = engine(BODY)
    scan = image_pdf(np.full((2339, 1654), 250, np.uint8))
    assert O.scanned(scan, [1]) == [1] and O.scanned(TEXT_PDF.read_bytes(), [1]) == []
    watermark = [[L.Line(1, "扫描全能王创建", 450.0, 540.0, 810.0, 822.0, 10.0)]]
    pages, _, unreadable, warnings = O.read_into(scan, watermark, [842.0], [], "auto", sparse=[1])
    assert fake.calls == 1 and unreadable == [] and warnings == ()
    assert pages[0][0].text == "××县2024年安全生产工作实施方案"
    pages, *_ = O.read_into(scan, watermark, [842.0], [], "off", sparse=[1])
    assert fake.calls == 1 and pages == watermark


# fmt: off
MISREAD = [
    ("2024年3月一5月丶", "2024年3月—5月、"),  # 丶 is 、; 一 between numbers is a range dash
    ("一2一", "— 2 —"),                      # a page number read with 一 for its dashes (the 农业农村部 scan)
    ("一 12 一", "— 12 —"),                  # … with spaces
    ("全国统一大市场", "全国统一大市场"),       # 一 inside words stays
    ("第一2一条", "第一2一条"),               # a number between 一 inside a line is no page number
    ("—5一", "— 5 —"),                       # a dash and 一 (read on a scan of govcn-41: it ran into the text)
    ("-6一", "— 6 —"),                       # a hyphen and 一 (govcn-49)
    ("3—", "— 3 —"),                         # the first dash lost (govcn-59)
    ("11-", "— 11 —"),                       # … read as a hyphen (govcn-41)
    ("2019-", "— 2019 —"),                   # (a box of a year and a dash alone is no better read as text)
    ("3-5", "3-5"),                          # a range is no page number
    ("依托V一Tax远程可视", "依托V—Tax远程可视"),  # 一 between Latin letters is a dash (govcn-56)
    ("四、、加大煤矿安全监管", "四、加大煤矿安全监管"),  # 、 twice (govcn-49)
    ("建设项目问题。、 (略)", "建设项目问题。 (略)"),  # 、 after 。 (govcn-21)
    ("国办函〔2005]57号", "国办函〔2005〕57号"),   # brackets of two kinds (govcn-41)
    ("国办发〔2004】7号", "国办发〔2004〕7号"),    # (govcn-49)
    ("国办发[1996〕25号", "国办发〔1996〕25号"),   # the opening one misread
    ("国办发[1996]25号", "国办发[1996]25号"),     # one kind: printed so, kept
    ("〔2019]", "〔2019]"),                      # no 号 after it: no document number
    ("二00五年六月十一日", "二〇〇五年六月十一日"),  # 〇 read as 0 (govcn-41: its issue date was lost)
    ("二OO四年", "二〇〇四年"),                  # … as O
    ("第10条", "第10条"),                       # 0 after an Arabic number stays
    ("一0", "一0"),                             # … and without a numeral or 年 after it (no page is numbered 0)
]
# fmt: on


@pytest.mark.parametrize(("text", "fixed"), MISREAD)
def test_repair_misreadings(text, fixed):
    assert O.repair(text) == fixed
