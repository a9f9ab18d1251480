""":mod:`pipeline.ingest.readers.ocr`: Read PDF pages without a usable text layer (scans) by OCR, offline.

The optional extra ``gongwen[ocr]`` brings ``rapidocr-onnxruntime``, whose
wheel ships the PP-OCRv4 detection and recognition models and the text-angle
classifier: nothing is downloaded at run time. The PDF reader
(:mod:`pipeline.ingest.readers.pdf`) calls :func:`read_into` only when a page needs
it, so reading a PDF with a text layer never imports this module, the OCR
engine or onnxruntime.

A page is rendered by PDFium at :data:`DPI` in grayscale and handed to the
engine, which returns text boxes (four corners, text, confidence). They become
what the text-layer path gets from PDFium, so the same layout code
(:mod:`pipeline.ingest.readers._pdf_layout`) builds the lines, columns and tables and
the same normaliser and segmenter run downstream:

* the page's skew is the median slope of the long boxes; every box is turned
  back by it about the page's centre (a scan is rarely straight: ±1° moves the
  end of a line by half a line height);
* each box becomes char dicts in page points (``72 / DPI`` a pixel): its
  characters share the box's width in proportion to their widths (a Chinese
  character or full-width mark is one em, Latin letters, digits and ASCII
  marks half of one), the box's height gives the font size, a space in the
  recognised text marks the next character ``space_before``;
* ruling lines are found in the (straightened) image: long runs of dark
  pixels across or down the page (:func:`rules`); they become the
  :class:`~pipeline.ingest.readers._pdf_grid.Edge` s a table is built from, so a
  ruled task table reads as tab-led cells as it does from a text layer;
* lines are grouped by vertical overlap and read top to bottom, left to right,
  two-column pages column by column, running headers and page numbers dropped
  (all by :mod:`~pipeline.ingest.readers._pdf_layout`), and every line or cell gets a
  ``(start, end, page, box)`` block in page points like the text-layer path.

Each page read by OCR has a confidence: the mean of its boxes' recognition
scores weighted by their characters. A page below :data:`MIN_CONFIDENCE` is
named in a ``W_OCR_LOW_CONFIDENCE`` issue (:data:`pipeline.errors.W_OCR_LOW_CONFIDENCE`).

Modes (``--ocr``, :data:`MODES`): ``auto`` reads the pages that have no usable
text layer when the extra is installed (without it such a file fails as
``E_NEEDS_OCR`` and says how to install it); ``off`` never OCRs; ``force``
OCRs every page instead of its text layer.
"""

from __future__ import annotations

import importlib.util
import math
import os
import re
import statistics
from dataclasses import dataclass

from pipeline.errors import W_OCR_LOW_CONFIDENCE, W_PAGE_NEEDS_OCR
from pipeline.ingest.readers import OCR_MODES

#: The values of ``--ocr`` (defined with the readers' options, which the CLI reads without importing this module).
MODES = OCR_MODES
#: Resolution (dots per inch) a page is rendered at for OCR.
DPI = 200
#: A page read with a lower mean recognition confidence than this is named in a ``W_OCR_LOW_CONFIDENCE`` issue.
MIN_CONFIDENCE = 0.85
#: The module the extra installs (imported only when a page is OCRed).
ENGINE_MODULE = "rapidocr_onnxruntime"
#: How to get it, as messages say.
INSTALL_HINT = "pip install 'gongwen[ocr]'"
#: Font size over the height of a text box the detector returns (calibrated on renderings with a text layer).
SIZE_PER_BOX_HEIGHT = 0.95
#: Font size over the pitch of a box's Chinese characters (:func:`ideograph_pitch`): a little under one, as
#: justified lines set them a little apart (a 16 pt body of the scanned dev pages: 45.9 pixels at 200 dpi).
SIZE_PER_PITCH = 0.97
#: Shortest ruling line (inches) looked for in a page image: longer than any stroke of a character.
MIN_RULE_INCHES = 0.3
#: Skew (degrees) below which a page is taken as straight.
MIN_SKEW = 0.05

_HALF_WIDTH = re.compile(r"[\x20-\x7e\u00a0-\u02ff]")
_engine = None  # the engine, loaded once per process


def available() -> bool:
    """Whether the OCR extra is installed (looked up without importing it).

    >>> isinstance(available(), bool)
    True
    """
    return importlib.util.find_spec(ENGINE_MODULE) is not None


def effective_mode(mode: str) -> str:
    """What ``mode`` does here: ``auto`` without the extra installed is ``off``.

    >>> effective_mode("off")
    'off'
    """
    if mode not in MODES:
        raise ValueError(f"ocr must be one of {', '.join(MODES)}, got {mode!r}")
    return "off" if mode == "auto" and not available() else mode


def needs_ocr_hint(mode: str) -> str:
    """What a file that needs OCR is told: how to install the extra, or that ``--ocr off`` kept it from OCR."""
    if not available():
        return f"install the OCR extra: {INSTALL_HINT}"
    return "OCR is off (--ocr off)" if mode == "off" else "OCR found no text"


@dataclass
class OcrPage:
    """One page read by OCR: its lines and tables (layout items), height in points, confidence, and boxes read."""

    number: int
    items: list
    height: float
    confidence: float
    n_boxes: int
    skew: float = 0.0


def read_into(data: bytes, pages: list, heights: list, unreadable: list[int], mode: str, *, sparse=()):
    """The text-layer reading of a PDF with the pages that need OCR read by OCR.

    ``pages`` and ``heights`` are the reader's (one list of layout items and
    one height per page), ``unreadable`` the 1-based numbers of the pages
    without usable text. ``auto`` OCRs those, and the ``sparse`` ones (little
    text, no table) that an image covers for the most part: a scan whose text
    layer is only a watermark; ``force`` OCRs every page, ``off`` none. Returns ``(pages, heights, unreadable, warnings)``: the pages still
    without text and ``W_OCR_LOW_CONFIDENCE`` warnings (or a
    ``W_PAGE_NEEDS_OCR`` one when a page could not be rendered).
    """
    mode = effective_mode(mode)
    wanted = list(range(1, len(pages) + 1)) if mode == "force" else list(unreadable) if mode == "auto" else []
    if not available():  # the caller's E_NEEDS_OCR says how to install the extra
        return pages, heights, unreadable, ()
    if mode == "auto" and sparse:
        wanted = sorted({*wanted, *scanned(data, sparse)})
    if not wanted:
        return pages, heights, unreadable, ()
    pages, heights, left = list(pages), list(heights), set(unreadable)
    warnings: list[tuple[str, str]] = []
    try:
        read = read_pages(data, wanted)
    except MemoryError:
        raise  # over the worker's heap cap: the document fails as too large, not as a scan without text
    except Exception as exc:  # PDFium cannot render the file (pdfminer read it), or the engine cannot load
        reason = " ".join(f"{type(exc).__name__}: {exc}".split())[:160]
        return pages, heights, unreadable, ((W_PAGE_NEEDS_OCR, f"OCR failed, pages {wanted} not read ({reason})"),)
    for page in read:
        index = page.number - 1
        if page.items or mode == "force":
            pages[index], heights[index] = page.items, page.height
        if page.items:
            left.discard(page.number)
        elif mode == "force":
            left.add(page.number)
        if page.items and page.confidence < MIN_CONFIDENCE:
            warnings.append((W_OCR_LOW_CONFIDENCE, f"page {page.number}: OCR confidence {page.confidence:.2f} (below {MIN_CONFIDENCE})"))
    return pages, heights, sorted(left), tuple(warnings)


#: Share of a page an image must cover for the page to be a scan.
SCAN_COVER = 0.5


def scanned(data: bytes, numbers) -> list[int]:
    """Those of the pages ``numbers`` (1-based) that an image covers for at least :data:`SCAN_COVER`."""
    import pypdfium2.raw as pdfium_c

    from pipeline.ingest.readers import _pdf_pdfium as P

    found = []
    with P.LOCK:
        try:
            doc = P.open_document(data)
        except Exception:
            return []
        try:
            for number in numbers:
                try:
                    page = doc[number - 1]
                except Exception:  # a page PDFium cannot load (a missing /Kids entry) is no scan
                    continue
                try:
                    width, height = page.get_size()
                    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
                        left, bottom, right, top = (obj.get_bounds if hasattr(obj, "get_bounds") else obj.get_pos)()
                        if (right - left) * (top - bottom) >= SCAN_COVER * width * height:
                            found.append(number)
                            break
                finally:
                    page.close()
        finally:
            P.close(doc)
    return found


def read_pages(data: bytes, numbers: list[int], *, dpi: int = DPI) -> list[OcrPage]:
    """OCR the pages ``numbers`` (1-based) of the PDF ``data``, one :class:`OcrPage` each."""
    from pipeline.ingest.readers import _pdf_pdfium as P

    engine = _get_engine()
    out = []
    for number in numbers:
        with P.LOCK:
            doc = P.open_document(data)
            try:
                gray, height = render(doc, number - 1, dpi)
            finally:
                P.close(doc)
        out.append(ocr_image(gray, number, height, engine, dpi=dpi))
    return out


def render(doc, index: int, dpi: int = DPI):
    """Page ``index`` of an open PDFium document as a grayscale numpy array at ``dpi``, and its height in points."""
    page = doc[index]
    try:
        bitmap = page.render(scale=dpi / 72, grayscale=True)
        gray = bitmap.to_numpy()
        if gray.ndim == 3:  # some PDFium builds give a three-channel "grey"
            gray = gray[..., 0]
        return gray.copy(), gray.shape[0] * 72 / dpi
    finally:
        page.close()


def ocr_image(gray, number: int, height: float, engine, *, dpi: int = DPI) -> OcrPage:
    """The layout of one page image read by ``engine`` (a RapidOCR instance)."""
    from pipeline.ingest.readers import _pdf_grid as G
    from pipeline.ingest.readers import _pdf_layout as L

    result, _ = engine(gray, return_word_box=True)
    ink = inked(gray, 0.75)
    boxes, pitches = [], []
    for entry in result or []:
        points, text, score = entry[0], entry[1], float(entry[2])
        words = entry[3:5] if len(entry) >= 5 else ([], [])
        text = mark_after(points, repair(text, *words), words[0])
        first = entry[3][0] if len(entry) >= 5 and entry[3] else None
        points, text = dash_before(ink, points, text, max(float(p[0]) for p in first) if first else None)
        if text.strip():
            boxes.append((points, text, score))
            pitches.append(ideograph_pitch(*words))
    angle = skew(boxes)
    edges = rules(straighten(gray, angle), dpi)
    chars = chars_from_boxes(boxes, gray.shape[1], gray.shape[0], angle, 72 / dpi, pitches)
    items = L.page_items(chars, G.find_tables(edges), number, edges) if chars else []
    weights = sum(len(t) for _, t, _ in boxes)
    confidence = sum(len(t) * s for _, t, s in boxes) / weights if weights else 0.0
    return OcrPage(number, items, height, confidence, len(boxes), angle)


def _get_engine():
    """The OCR engine of this process, loaded on first use: one thread in a pool worker, every core otherwise."""
    global _engine
    if _engine is None:
        import multiprocessing

        from rapidocr_onnxruntime import RapidOCR

        threads = 1 if multiprocessing.parent_process() is not None else max(1, os.cpu_count() or 1)
        threads = int(os.environ.get("GONGWEN_OCR_THREADS", threads))
        _engine = RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=1)
    return _engine


# ---------------------------------------------------------------- what the recogniser misreads

_IDEOGRAPH = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
#: Dashes as the recogniser reads them: a dash, a hyphen, 一 or a tilde.
_DASHES = "-—–－―一~"
#: Misreadings fixed by their context:
#:
#: * a box of a number with a dash on either side or both is the page number — 2 —, which the layout then
#:   drops (read as 一2一, -6一 or 3—, it stayed in the text, or in a sentence that goes on over the page);
#: * the radical 丶 is the mark 、; 、 twice is once, and 、 after a sentence's or clause's mark is none
#:   (四、、加大…, 问题。、(略)); a line opening with 一一 is a dash bullet ——; 一 between a date or number
#:   and a number is a range dash (3月—5月), between Latin letters a dash (V—Tax);
#: * a document number's year between brackets of two kinds is between 〔〕 (国办函〔2005]57号);
#: * 0, O or o between Chinese numerals is 〇 (二00五年六月十一日).
_MISREAD = (
    (re.compile(rf"^[{_DASHES}]{{1,2}}\s*([1-9]\d{{0,3}})\s*[{_DASHES}]{{0,2}}$|^([1-9]\d{{0,3}})\s*[{_DASHES}]{{1,2}}$"),
     lambda m: f"— {m[1] or m[2]} —"),
    (re.compile("丶"), "、"),
    (re.compile("(?<=[、。，；：！？])、+"), ""),
    (re.compile(r"^一一(?=[\u4e00-\u9fffA-Za-z0-9])"), "——"),
    (re.compile(r"(?<=[0-9月日])一(?=[0-9])|(?<=[A-Za-z])一(?=[A-Za-z])"), "—"),
    (re.compile(r"(?:〔((?:19|20)\d\d)[\]】］)）]|[\[【［(（]((?:19|20)\d\d)〕)(?=\s*\d{1,4}\s*号)"),
     lambda m: f"〔{m[1] or m[2]}〕"),
    (re.compile("(?<=[〇一二三四五六七八九])[0０OoＯ]+(?=[〇一二三四五六七八九十年])"), lambda m: "〇" * len(m[0])),
)
#: A gap between two characters of a box this many times its usual pitch held a mark the recogniser dropped.
GAP_PITCHES = 1.75
#: A gap after a line's opening number this many pitches held the mark of a label (``1、``).
LABEL_PITCHES = 1.4
#: A box reaching this many of its heights past its last character's cell ends in a mark the recogniser dropped.
TRAILING_MARK_HEIGHTS = 0.4


def repair(text: str, word_boxes=(), words=()) -> str:
    """The recognised text of a box with what the recogniser is known to misread put right.

    The recogniser drops the small 、 between two characters (``认可中心、认`` is read
    ``认可中心认``) and reads a dash bullet ``——`` as one 一; its character
    positions (``word_boxes``, one per Chinese character or Latin word ``words``)
    show both: a gap of a whole em between two characters of a line, and a first
    一 two ems wide. Then :data:`_MISREAD`.

    >>> box = lambda x: [[x, 0], [x + 20, 0], [x + 20, 30], [x, 30]]
    >>> repair("认可中心认", [box(x) for x in (0, 22, 44, 66, 110)], list("认可中心认"))
    '认可中心、认'
    >>> repair("一对获认可的", [box(x) for x in (0, 44, 66, 88, 110, 132)], list("一对获认可的"))
    '——对获认可的'
    >>> repair("1基本目标", [box(x) for x in (0, 40, 62, 84, 106)], list("1基本目标"))
    '1、基本目标'
    >>> repair("2024年3月一5月丶")
    '2024年3月—5月、'
    >>> repair("一2一")
    '— 2 —'
    """
    if words and len(words) == len(word_boxes) and "".join(words) == text.replace(" ", ""):
        starts, single = _cells(word_boxes, words)
        pitch = _median_step(starts, single, min_steps=3)
        if pitch > 0:
            out = []
            for k, word in enumerate(words):
                wide = k + 1 < len(words) and single[k + 1] and starts[k + 1] - starts[k] >= GAP_PITCHES * pitch
                if k == 0 and word == "一" and wide:
                    out.append("——")
                    continue
                out.append(word)
                if wide and single[k]:
                    out.append("、")
                elif k == 0 and word.isdigit() and single[1:2] == [True] and starts[1] - starts[0] >= LABEL_PITCHES * pitch:
                    out.append("、")  # 1、 opening a line, its mark dropped
            text = "".join(out) if " " not in text else text
    for pattern, replacement in _MISREAD:
        text = pattern.sub(replacement, text)
    return text


def mark_after(points, text: str, word_boxes=()) -> str:
    """A line's text with the 、 the recogniser dropped at its end put back.

    Typesetting keeps 、 from starting a line, so it is squeezed in at the end
    of the one before (…财政部、自然资源部、 / 住房城乡建设部…), where the
    recogniser drops it: the box (``points``) reaches past the last
    character's cell (``word_boxes[-1]``) by :data:`TRAILING_MARK_HEIGHTS` of
    its height or more. On the scanned dev pages the mark so found after a
    Chinese character was 、 in 11 of 11 lines (after a bracket it was 。,
    which is left alone).

    >>> box = [[0, 0], [130, 0], [130, 40], [0, 40]]
    >>> mark_after(box, "自然资源部", [[[80, 0], [110, 0], [110, 40], [80, 40]]])
    '自然资源部、'
    >>> mark_after(box, "自然资源部", [[[95, 0], [125, 0], [125, 40], [95, 40]]])
    '自然资源部'
    """
    if not word_boxes or not text or not _IDEOGRAPH.match(text[-1]):
        return text
    right, last = max(float(p[0]) for p in points), max(float(p[0]) for p in word_boxes[-1])
    height = max(float(p[1]) for p in points) - min(float(p[1]) for p in points)
    return text + "、" if right - last >= TRAILING_MARK_HEIGHTS * height else text


def inked(gray, share: float = 0.6):
    """The pixels darker than ``share`` of the paper's brightness (its 90th percentile)."""
    import numpy as np

    paper = float(np.percentile(gray, 90)) if gray.size else 255.0
    return gray < paper * share


def dash_before(ink, points, text: str, first_end: float | None = None):
    """A dash bullet ``——`` the detector left out of a line's box (a thin stroke is faint): the box's points
    widened over it and its text with ``——`` in front; else both unchanged.

    The dash is a single thin stroke, at least an em long, in the middle of the
    line's height, ending where the box starts (or at ``first_end``, the right
    edge of its first character, when that was read as 一: one half of the dash).

    >>> import numpy as np
    >>> page = np.zeros((60, 200), dtype=bool)
    >>> page[30:32, 40:98] = True  # a 58-pixel stroke before a box at x=100, 30 high
    >>> box = [[100, 15], [190, 15], [190, 45], [100, 45]]
    >>> dash_before(page, box, "对获认可")
    ([[40.0, 15], [190, 15], [190, 45], [40.0, 45]], '——对获认可')
    >>> dash_before(page, box, "1.对获认可")[1]
    '1.对获认可'
    """
    import numpy as np

    xs = [float(p[0]) for p in points[:4]]
    ys = [float(p[1]) for p in points[:4]]
    x0, top, bottom = min(xs), min(ys), max(ys)
    high = bottom - top
    starts_dash = text.startswith("一")
    if high < 8 or not (starts_dash or _IDEOGRAPH.match(text[:1])):
        return points, text
    left = max(0, int(x0 - 2.6 * high))
    end_at = (first_end if first_end is not None else x0 + 0.6 * high) if starts_dash else x0
    right = min(ink.shape[1], int(end_at))
    strip = ink[max(0, int(top)) : int(bottom) + 1, left:right]
    if strip.size == 0 or right - left < high:
        return points, text
    rows = strip.sum(axis=1)
    peak = int(rows.max())
    band = np.nonzero(rows >= 0.35 * peak)[0]
    if peak < 0.9 * high or band[-1] - band[0] > max(3, 0.15 * high):
        return points, text  # no stroke an em long, or a thick one
    if rows.sum() - rows[max(0, band[0] - 1) : band[-1] + 2].sum() > 0.3 * peak:
        return points, text  # other ink beside it: characters, not a dash
    if not 0.25 * high <= (band[0] + band[-1]) / 2 <= 0.75 * high:
        return points, text
    columns = np.nonzero(strip[band[0] : band[-1] + 1].any(axis=0))[0]
    begin, end = columns[0], columns[-1]
    if end - begin < 0.9 * high or columns.size < 0.8 * (end - begin + 1) or left + end < x0 - 0.6 * high:
        return points, text
    start = float(left + begin)
    widened = [[start, p[1]] if float(p[0]) - x0 < 0.5 * high else p for p in points]
    return widened, "——" + (text.lstrip("一") if starts_dash else text)


# ---------------------------------------------------------------- boxes to characters


def skew(boxes) -> float:
    """The page's skew in degrees (positive: lines fall to the right), the median slope of its long boxes.

    >>> box = lambda x, y, w, dy: [[x, y], [x + w, y + dy], [x + w, y + dy + 40], [x, y + 40]]
    >>> round(skew([(box(0, 0, 800, 14), "一二三四五六七八九十", 0.9), (box(0, 90, 600, 10), "一二三四五六七八", 0.9)]), 2)
    0.98
    """
    slopes = []
    for points, _, _ in boxes:
        (x0, y0), (x1, y1), _, (_, y3) = points[:4]
        width, tall = x1 - x0, abs(y3 - y0)
        if width > 3 * max(tall, 1.0):
            slopes.append(math.degrees(math.atan2(y1 - y0, width)))
    if not slopes:
        return 0.0
    angle = statistics.median(slopes)
    return angle if abs(angle) >= MIN_SKEW else 0.0


def _turn(x: float, y: float, cx: float, cy: float, cos: float, sin: float) -> tuple[float, float]:
    dx, dy = x - cx, y - cy
    return cx + dx * cos - dy * sin, cy + dx * sin + dy * cos


def char_widths(text: str) -> list[float]:
    """Each character's width in ems as set: Chinese and full-width ones one em, ASCII half of one.

    >>> char_widths("第3条 ")
    [1.0, 0.5, 1.0, 0.5]
    """
    return [0.5 if _HALF_WIDTH.match(ch) else 1.0 for ch in text]


def ideograph_pitch(word_boxes=(), words=()) -> float | None:
    """How far apart (pixels) a box's Chinese characters are set: the median step between the starts of two
    that follow each other (``word_boxes``, one per character or Latin word ``words``), None with fewer than two.

    A Chinese character is one em wide, so its pitch is the font size, however tall the detector draws the
    box: a box with brackets or quotes in it, or of a short line, is a point or two taller than the next.

    >>> cell = lambda x: [[x, 0], [x + 40, 0], [x + 40, 50], [x, 50]]
    >>> ideograph_pitch([cell(0), cell(46), cell(92), cell(150)], ["等", "负", "责", ")"])
    46.0
    >>> ideograph_pitch([cell(0)], ["目"]) is None
    True
    """
    if len(words) != len(word_boxes):
        return None
    return _median_step(*_cells(word_boxes, words), min_steps=1) or None


def _cells(word_boxes, words) -> tuple[list[float], list[bool]]:
    """Where each recognised word starts (pixels), and whether it is one Chinese character."""
    starts = [min(float(p[0]) for p in box) for box in word_boxes]
    return starts, [len(w) == 1 and bool(_IDEOGRAPH.match(w)) for w in words]


def _median_step(starts: list[float], single: list[bool], *, min_steps: int) -> float:
    """The median step between the starts of two Chinese characters that follow each other, 0.0 with fewer
    than ``min_steps`` steps (or a median that is no step forward)."""
    steps = [b - a for a, b, x, y in zip(starts, starts[1:], single, single[1:]) if x and y]
    pitch = statistics.median(steps) if len(steps) >= min_steps else 0.0
    return max(pitch, 0.0)


def chars_from_boxes(boxes, width: int, height: int, angle: float, scale: float, pitches=None) -> list[dict]:
    """Char dicts (as :func:`pipeline.ingest.readers._pdf_pdfium.char_dict` makes them) of the recognised boxes.

    ``boxes`` are ``(four corners in pixels, text, score)``, clockwise from the
    top left; a box's middle is turned back by the page's skew ``angle``
    about the image's centre (``width`` × ``height`` pixels), and its own
    width and height (its sides' lengths: the detector gives a long line a
    box turned with the page, a short one an upright box, and turned back
    that one's corners made it a point or two taller, a size larger than its
    line's: ``1总则`` read as a title) are set about it, scaled by ``scale``
    (points a pixel).
    A box's font size is its Chinese characters' pitch (``pitches``, one
    per box: :func:`ideograph_pitch`) when it has two of them, else its
    height. A box's characters share its width in proportion to
    :func:`char_widths`; a space is no character but marks the next one
    ``space_before``.

    >>> [(c["text"], c["x0"], c["x1"], c["space_before"]) for c in chars_from_boxes(
    ...     [([[0, 0], [30, 0], [30, 10], [0, 10]], "第3 条", 0.99)], 30, 10, 0.0, 1.0)]
    [('第', 0.0, 10.0, False), ('3', 10.0, 15.0, False), ('条', 20.0, 30.0, True)]
    """
    from pipeline.ingest.readers._pdf_pdfium import char_dict

    rad = math.radians(-angle)
    cos, sin = math.cos(rad), math.sin(rad)
    cx, cy = width / 2, height / 2
    placed = []
    for points, text, _ in boxes:
        (ax, ay), (bx, by), (qx, qy), (dx, dy) = ((float(x), float(y)) for x, y in points[:4])
        middle = _turn((ax + bx + qx + dx) / 4, (ay + by + qy + dy) / 4, cx, cy, cos, sin)
        across = (math.hypot(bx - ax, by - ay) + math.hypot(qx - dx, qy - dy)) / 4  # half the box's own sides
        down = (math.hypot(dx - ax, dy - ay) + math.hypot(qx - bx, qy - by)) / 4
        x0, x1 = (middle[0] - across) * scale, (middle[0] + across) * scale
        top, bottom = (middle[1] - down) * scale, (middle[1] + down) * scale
        placed.append((text.strip(), x0, x1, top, bottom))
    pitches = pitches or [None] * len(placed)
    sizes = snap_sizes(
        [pitch * scale * SIZE_PER_PITCH if pitch else (bottom - top) * SIZE_PER_BOX_HEIGHT
         for (_, _, _, top, bottom), pitch in zip(placed, pitches)],
        [len(t) for t, *_ in placed],
    )
    chars: list[dict] = []
    for (text, x0, x1, top, bottom), size in zip(placed, sizes):
        widths = char_widths(text)
        total = sum(widths)
        if not total or x1 <= x0:
            continue
        unit = (x1 - x0) / total
        pad = (bottom - top - size) / 2
        left, space = x0, False
        for ch, w in zip(text, widths):
            right = left + w * unit
            if ch.isspace():
                space = True
            else:
                chars.append(char_dict(ch, (round(left, 2), top + pad, round(right, 2), bottom - pad), size, space_before=space))
                space = False
            left = right
    return chars


#: Font sizes within this share of each other are one size set (a box's height varies with its characters).
SIZE_TOLERANCE = 0.15


def snap_sizes(sizes: list[float], weights: list[int] | None = None) -> list[float]:
    """Each size replaced by the median of its group. The layout compares sizes (a wrap continues a line of the
    same size, a title is larger than the body), and boxes of one size vary by a point or two: a box with
    brackets or quotes in it is taller than one without.

    The body's size comes first: the median size of the page's characters (``weights``: each box's count),
    and every size within :data:`SIZE_TOLERANCE` of it is the body's. The sizes left are sorted and grouped
    while each is within :data:`SIZE_TOLERANCE` of its group's first. (Grouped from the smallest alone, a
    page's body lines fell into two groups at a boundary set by its smallest box, a page number's: a line
    with （一） in it had another size than the next, so the wrap between them was no wrap.)

    >>> snap_sizes([12.3, 16.2, 13.1, 11.8, 12.6, 8.1])
    [12.45, 16.2, 12.45, 12.45, 12.45, 8.1]
    >>> snap_sizes([11.3, 12.9, 13.6, 13.2], [3, 24, 25, 27])  # (grouped from the smallest: 11.3 12.9 | 13.2 13.6)
    [11.3, 13.2, 13.2, 13.2]
    """
    out = list(sizes)
    if not sizes:
        return out
    weights = weights or [1] * len(sizes)
    body = _weighted_median(sizes, weights)
    near = [k for k, size in enumerate(sizes) if body / (1 + SIZE_TOLERANCE) <= size <= body * (1 + SIZE_TOLERANCE)]
    middle = statistics.median(sizes[k] for k in near)
    for k in near:
        out[k] = middle
    rest = sorted(set(range(len(sizes))) - set(near), key=sizes.__getitem__)
    group: list[int] = []
    for k in [*rest, None]:
        if k is not None and group and sizes[k] <= sizes[group[0]] * (1 + SIZE_TOLERANCE):
            group.append(k)
            continue
        if group:
            middle = statistics.median(sizes[g] for g in group)
            for g in group:
                out[g] = middle
        group = [k] if k is not None else []
    return out


def _weighted_median(values: list[float], weights: list[int]) -> float:
    """The value at half the total weight, the values sorted (the lower one at a tie)."""
    pairs = sorted(zip(values, weights))
    half, seen = sum(weights) / 2, 0
    for value, weight in pairs:
        seen += weight
        if seen >= half:
            return value
    return pairs[-1][0]


# ---------------------------------------------------------------- ruling lines


def straighten(gray, angle: float):
    """The page image turned back by its skew (white fills the corners), so ruling lines run straight."""
    if not angle:
        return gray
    import numpy as np
    from PIL import Image

    image = Image.fromarray(gray).rotate(angle, resample=Image.BILINEAR, expand=False, fillcolor=255)
    return np.asarray(image)


def rules(gray, dpi: int = DPI) -> list:
    """Ruling lines of a page image: runs of dark pixels at least :data:`MIN_RULE_INCHES` long, across and down,
    as :class:`~pipeline.ingest.readers._pdf_grid.Edge` s in points (one per pixel row or column of a run; snapping
    and joining make them one line).

    >>> import numpy as np
    >>> page = np.full((200, 200), 250, dtype=np.uint8)
    >>> page[100, 20:180] = 0  # a rule across, 160 px
    >>> page[30:150, 50] = 0  # a rule down, 120 px
    >>> page[10, 10:40] = 0  # too short: a stroke
    >>> [(e.vertical, round(e.pos), round(e.lo), round(e.hi)) for e in rules(page, dpi=72 * 2)]
    [(False, 50, 10, 90), (True, 25, 15, 75)]
    """
    import numpy as np

    from pipeline.ingest.readers._pdf_grid import Edge

    if gray.size == 0:
        return []
    dark = inked(gray)
    scale = 72 / dpi
    shortest = int(MIN_RULE_INCHES * dpi)
    edges = []
    for vertical, grid in ((False, dark), (True, dark.T)):
        padded = np.zeros((grid.shape[0], grid.shape[1] + 2), dtype=np.int8)
        padded[:, 1:-1] = grid
        steps = np.diff(padded, axis=1)
        rows, starts = np.nonzero(steps == 1)
        _, ends = np.nonzero(steps == -1)  # in the same row-major order as the starts
        long = ends - starts >= shortest
        for row, lo, hi in zip(rows[long], starts[long], ends[long]):
            edges.append(Edge(vertical, (float(row) + 0.5) * scale, float(lo) * scale, float(hi) * scale))
    return edges
