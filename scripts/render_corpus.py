"""Render the TXT circulars of corpus/seeds and corpus/dev as realistic PDFs (and a few DOCX) in corpus/rendered/.

Dev/script-only: needs ``reportlab`` (``pip install reportlab``), which is not a
gongwen dependency; the generated files are committed, so tests never need it.

    python scripts/render_corpus.py            # everything
    python scripts/render_corpus.py 004 dev05  # only stems starting with these

Each PDF is A4, set in the built-in CID font STSong-Light, wrapped by measured
width (so lines break mid-sentence, closing punctuation never starting a line),
with a small running header on every page, a ``— N —`` page-number footer
(right on odd pages, left on even ones), a fake-bold title (drawn twice, 0.3 pt
apart) and a first-line indent of two characters (block paragraphs in the
``NO_INDENT`` documents). Some documents are justified (``JUSTIFIED``), some
letter-spaced (``CHAR_SPACE``). Tables (tab-led cells, one line per cell, rows
split by blank lines; or one row per line, cells between tabs) are drawn as
ruled grids with text wrapped in the cells; a table that runs over a page
repeats its header row, and in ``SPLIT_ROWS`` documents a row may break across
the page as Word lets it. ``scan_only.pdf`` is a page with only an image and
drawings, no text layer; ``cid_garbage.pdf`` has a second page whose text is
unmappable ``(cid:N)`` glyphs. The DOCX files (``DOCX_STEMS``) hold one
paragraph per line and the tables as real Word tables.

Further renderings, each named ``<gold stem>.<ext>`` so the scorer matches it
(a second rendering in the same format goes into a subfolder):

* ``ttf/*.pdf`` (``TTF_STEMS``): the same PDFs set in an embedded TrueType CJK
  font (WenQuanYi Micro Hei, ``apt-get install fonts-wqy-microhei``; skipped
  with a message when no font of ``TTF_CANDIDATES`` is installed);
* ``twocol/*.pdf`` (``TWO_COLUMN_STEMS``): a government gazette page, the text
  flowing in two columns (reportlab Frames);
* ``word/*.docx`` (``WORD_STEMS``): Word's own features — auto-numbered
  ``一、`` ``（一）`` lists, a letterhead text box, header and footer, content
  controls, tracked changes, 牵头单位 cells merged down (``render_word_docx``);
* ``*.txt`` (``GB18030_STEMS``): GB18030 bytes with CRLF line ends;
* ``*.html`` (``HTML_STEMS``): the circular on a government portal page, with
  navigation, breadcrumb, related links and footer around the article.

Rendering again gives the same bytes (fixed dates, reportlab's invariant mode).
"""

from __future__ import annotations

import datetime
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "corpus" / "rendered"
SOURCES = sorted((ROOT / "corpus" / "seeds").glob("*.txt")) + sorted((ROOT / "corpus" / "dev").glob("*.txt"))

FONT = "STSong-Light"
PAGE_W, PAGE_H = 595.2756, 841.8898  # A4 in points
LEFT, RIGHT, TOP, BOTTOM = 79.0, 74.0, 90.0, 80.0
BODY_SIZE, BODY_LEADING = 12.0, 21.0
TITLE_SIZE, TITLE_LEADING = 16.0, 26.0
HEADER_SIZE, FOOTER_SIZE = 8.0, 10.0
TABLE_SIZE, TABLE_LEADING, CELL_PAD = 8.5, 11.5, 3.0

#: Creation date written into the DOCX files (fixed, so re-rendering gives the same bytes).
FIXED_TIME = datetime.datetime(2024, 1, 1, 0, 0, 0)
#: Characters that may not begin a line.
NO_LINE_START = frozenset("，。、；：？！）》」』”’,.;:?!)]%")
#: Stems set with letter spacing (points added after every glyph).
CHAR_SPACE = {"001_a178c7a38815d566": 1.2, "dev04_zhijiao_2023": 2.0}
#: Stems set justified (slack spread over the letter gaps of every full line).
JUSTIFIED = ("000_f6227b0145fbc2ea", "002_7a1c7de3253825f7", "dev01_yingshang_2026", "dev06_yunxi_shengtai_web_2021")
#: Stems whose table rows may break across pages (Word's "allow row to break across pages").
SPLIT_ROWS = ("004_beabee60d13bb183", "dev05_chungeng_2022")
#: Stems set as block paragraphs, without the usual two-character first-line indent.
NO_INDENT = ("002_7a1c7de3253825f7", "dev07_jiangzhou_jiancha_trad_2024")
#: Stems also rendered as DOCX.
DOCX_STEMS = ("004_beabee60d13bb183", "dev05_chungeng_2022", "dev01_yingshang_2026")
#: Stems also set in a TrueType CJK font (``ttf/``), when one is installed (``TTF_CANDIDATES``).
TTF_STEMS = ("001_a178c7a38815d566", "004_beabee60d13bb183", "dev07_jiangzhou_jiancha_trad_2024")
#: Stems also printed in two columns, as a government gazette does (``twocol/``).
TWO_COLUMN_STEMS = ("dev04_zhijiao_2023",)
#: Stems also rendered as DOCX with Word's own features (``word/``): lists, text box, header, merged cells…
WORD_STEMS = ("004_beabee60d13bb183", "dev01_yingshang_2026", "dev04_zhijiao_2023", "dev05_chungeng_2022")
#: Word renderings also saved as .doc by LibreOffice (legacy/).
LEGACY_STEMS = {"004_beabee60d13bb183", "dev01_yingshang_2026"}
#: Stems also saved as GB18030 text with CRLF line ends (``<stem>.txt``).
GB18030_STEMS = ("001_a178c7a38815d566", "dev02_trad_gongzuo_2025", "dev06_yunxi_shengtai_web_2021")
#: Stems also published as a government web page (``<stem>.html``).
HTML_STEMS = ("dev01_yingshang_2026", "dev04_zhijiao_2023", "dev05_chungeng_2022")


def _gold_title(stem: str) -> str | None:
    path = ROOT / "corpus" / "gold" / f"{stem}.json"
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))["document"].get("title")


def _parse(text: str) -> list[tuple[str, object]]:
    """The source as items: ("line", str), ("blank", None) and ("table", [[cell, …], …])."""
    items: list[tuple[str, object]] = []
    lines = text.replace("\r\n", "\n").split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if "\t" in line.strip("\t") and not line.startswith("\t"):  # one row per line, cells between tabs
            rows = []
            while i < len(lines) and lines[i].count("\t") >= 2:
                rows.append([c.strip() for c in lines[i].split("\t")])
                i += 1
            items.append(("table", rows))
            continue
        if line.startswith("\t"):
            rows: list[list[str]] = []
            row: list[str] = []
            while i < len(lines):
                line = lines[i]
                if line.startswith("\t"):
                    row.append(line[1:])
                elif line.strip() == "":
                    if row:
                        rows.append(row)
                    row = []
                    if not (i + 1 < len(lines) and lines[i + 1].startswith("\t")):
                        break
                elif row:
                    row[-1] += "\n" + line  # a cell continued on the next line
                else:
                    break
                i += 1
            if row:
                rows.append(row)
            items.append(("table", [[c.strip() for c in r] for r in rows]))
            continue
        if line.strip(" \u3000\u00a0\t") == "":
            items.append(("blank", None))
        else:
            items.append(("line", line.strip(" \u3000\u00a0")))
        i += 1
    return items


class Renderer:
    def __init__(self, path: Path, header: str, char_space: float = 0.0, justify: bool = False, split_rows: bool = False,
                 indent: bool = True, font: str = FONT):
        from reportlab.pdfgen import canvas

        self.c = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H), invariant=1)
        self.c.setTitle(path.stem)
        self.header = header
        self.char_space = char_space
        self.justify = justify
        self.split_rows = split_rows
        self.indent = indent
        self.font = font
        self.page = 0
        self.y = 0.0
        self._new_page()

    # -- measuring and wrapping
    def width(self, text: str, size: float, char_space: float | None = None) -> float:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        cs = self.char_space if char_space is None else char_space
        return stringWidth(text, self.font, size) + cs * len(text)

    def wrap(self, text: str, size: float, first_width: float, width: float, char_space: float | None = None) -> list[str]:
        """Greedy wrap by measured width, breaking anywhere (as Chinese typesetting does).

        Closing punctuation never starts a line: the character before it moves
        down with it (kinsoku), so such a line ends a character short.
        """
        out: list[str] = []
        line = ""
        limit = first_width
        for ch in text:
            if line and self.width(line + ch, size, char_space) > limit:
                carry = ""
                if ch in NO_LINE_START and len(line) > 2:
                    line, carry = line[:-1], line[-1]
                out.append(line)
                line, limit = carry, width
                if ch == " ":
                    continue
            line += ch
        out.append(line)
        return out

    # -- pages
    def _new_page(self) -> None:
        if self.page:
            self._footer()
            self.c.showPage()
        self.page += 1
        c = self.c
        c.setFont(self.font, HEADER_SIZE)
        c.drawCentredString(PAGE_W / 2, PAGE_H - 42, self.header)
        c.setLineWidth(0.6)
        c.line(LEFT, PAGE_H - 47, PAGE_W - RIGHT, PAGE_H - 47)
        self.y = PAGE_H - TOP

    def _footer(self) -> None:
        self.c.setFont(self.font, FOOTER_SIZE)
        # Chinese official documents put the number outside: right on odd pages, left on even ones
        if self.page % 2:
            self.c.drawRightString(PAGE_W - RIGHT - 14, 42, f"— {self.page} —")
        else:
            self.c.drawString(LEFT + 14, 42, f"— {self.page} —")

    def _need(self, height: float) -> None:
        if self.y - height < BOTTOM:
            self._new_page()

    def _draw(self, x: float, text: str, size: float, char_space: float | None = None, bold: bool = False) -> None:
        cs = self.char_space if char_space is None else char_space
        for dx in ((0.0, 0.3) if bold else (0.0,)):
            t = self.c.beginText(x + dx, self.y)
            t.setFont(self.font, size)
            t.setCharSpace(cs)
            t.textOut(text)
            self.c.drawText(t)

    # -- content
    def title(self, text: str) -> None:
        width = PAGE_W - LEFT - RIGHT
        for line in self.wrap(text, TITLE_SIZE, width, width, 0.0):
            self._need(TITLE_LEADING)
            self.y -= TITLE_LEADING
            x = (PAGE_W - self.width(line, TITLE_SIZE, 0.0)) / 2
            self._draw(x, line, TITLE_SIZE, 0.0, bold=True)
        self.y -= 6

    def paragraph(self, text: str) -> None:
        width = PAGE_W - LEFT - RIGHT
        indent = (2 * BODY_SIZE + 2 * self.char_space) if self.indent else 0.0
        lines = self.wrap(text, BODY_SIZE, width - indent, width)
        for n, line in enumerate(lines):
            self._need(BODY_LEADING)
            self.y -= BODY_LEADING
            x = LEFT + (indent if n == 0 else 0.0)
            cs = None
            if self.justify and n < len(lines) - 1 and len(line) > 1:  # spread the slack over the gaps, as Word does
                slack = (LEFT + width) - x - self.width(line, BODY_SIZE)
                cs = self.char_space + max(0.0, slack) / (len(line) - 1)
            self._draw(x, line, BODY_SIZE, cs)

    def blank(self) -> None:
        self.y -= BODY_LEADING * 0.6

    def table(self, rows: list[list[str]]) -> None:
        ncols = max(len(r) for r in rows)
        rows = [r + [""] * (ncols - len(r)) for r in rows]
        total = PAGE_W - LEFT - RIGHT
        # column widths from the typical length of their cells
        weight = []
        for j in range(ncols):
            lengths = sorted(len(r[j]) for r in rows[1:]) or [len(rows[0][j])]
            typical = lengths[len(lengths) * 3 // 4]
            weight.append(max(3.4, typical ** 0.5, max(len(p) for p in rows[0][j].split("\n")) * 0.9))
        widths = [total * w / sum(weight) for w in weight]

        def cell_lines(text: str, w: float) -> list[str]:
            out: list[str] = []
            for part in text.split("\n"):
                out += self.wrap(part, TABLE_SIZE, w - 2 * CELL_PAD, w - 2 * CELL_PAD, 0.0)
            return out

        def row_height(row: list[str]) -> tuple[list[list[str]], float]:
            lines = [cell_lines(t, w) for t, w in zip(row, widths)]
            return lines, max(len(ls) for ls in lines) * TABLE_LEADING + 2 * CELL_PAD + 1

        def draw_lines(lines: list[list[str]]) -> None:
            h = max(len(ls) for ls in lines) * TABLE_LEADING + 2 * CELL_PAD + 1
            top, x = self.y, LEFT
            c = self.c
            c.setLineWidth(0.5)
            for w, ls in zip(widths, lines):
                c.rect(x, top - h, w, h, stroke=1, fill=0)
                yy = top - CELL_PAD
                for line in ls:
                    yy -= TABLE_LEADING
                    t = c.beginText(x + CELL_PAD, yy + 2.5)
                    t.setFont(self.font, TABLE_SIZE)
                    t.textOut(line)
                    c.drawText(t)
                x += w
            self.y = top - h

        def continue_on_next_page() -> None:
            self._new_page()
            self.y -= 4
            draw_lines(row_height(header)[0])  # repeated header row, as Word does for "repeat as header row"

        self.y -= 8
        header = rows[0]
        self._need(row_height(header)[1] + row_height(rows[1])[1] if len(rows) > 1 else 0)
        draw_lines(row_height(header)[0])
        for row in rows[1:]:
            lines, h = row_height(row)
            while self.y - h < BOTTOM:
                room = int((self.y - BOTTOM - 2 * CELL_PAD - 1) // TABLE_LEADING)
                if not self.split_rows or room < 2:
                    continue_on_next_page()
                    if self.y - h >= BOTTOM or not self.split_rows:
                        break
                    continue
                # the row breaks across the page: the lines that fit here, the rest on the next page
                draw_lines([ls[:room] for ls in lines])
                lines = [ls[room:] for ls in lines]
                h = max(len(ls) for ls in lines) * TABLE_LEADING + 2 * CELL_PAD + 1
                continue_on_next_page()
            draw_lines(lines)
        self.y -= 8

    def save(self) -> None:
        self._footer()
        self.c.save()


def _header_of(stem: str, items) -> str:
    lines = [t for kind, t in items if kind == "line"]
    for line in lines[:3]:
        if line.endswith("文件") and len(line) < 30:
            return line
    return "××市人民政府办公室文件" if stem.startswith("dev") else "质量技术监督系统文件汇编"


def render_pdf(src: Path, out: Path, font: str = FONT) -> None:
    items = _parse(src.read_text(encoding="utf-8-sig"))
    stem = src.stem
    title = _gold_title(stem)
    r = Renderer(out, _header_of(stem, items), CHAR_SPACE.get(stem, 0.0), justify=stem in JUSTIFIED,
                 split_rows=stem in SPLIT_ROWS, indent=stem not in NO_INDENT, font=font)
    title_done = False
    for kind, value in items:
        if kind == "blank":
            r.blank()
        elif kind == "table":
            r.table(value)
        elif not title_done and title and re.sub(r"\s", "", value) == re.sub(r"\s", "", title):
            r.title(value)
            title_done = True
        else:
            r.paragraph(value)
    r.save()


def render_docx(src: Path, out: Path) -> None:
    import docx

    items = _parse(src.read_text(encoding="utf-8-sig"))
    document = docx.Document()
    for kind, value in items:
        if kind == "line":
            document.add_paragraph(value)
        elif kind == "blank":
            document.add_paragraph("")
        else:
            ncols = max(len(r) for r in value)
            table = document.add_table(rows=len(value), cols=ncols)
            table.style = "Table Grid"
            for row, cells in zip(table.rows, value):
                for cell, text in zip(row.cells, cells):
                    cell.text = text
    props = document.core_properties
    props.author, props.created, props.modified = "gongwen", FIXED_TIME, FIXED_TIME
    document.save(out)
    _fix_zip_times(out)


def _fix_zip_times(path: Path) -> None:
    """Rewrite a DOCX with fixed member dates, so that rendering again gives the same bytes."""
    import io
    import zipfile

    with zipfile.ZipFile(path) as src:
        members = [(info, src.read(info)) for info in src.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, data in members:
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, data)
    path.write_bytes(buffer.getvalue())


def render_scan(out: Path) -> None:
    """A page with only an image and drawn shapes: what a scanner produces."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    img = Image.new("L", (600, 840), 250)
    draw = ImageDraw.Draw(img)
    for k in range(30):  # grey bars standing in for lines of print
        y = 80 + k * 24
        draw.rectangle([60, y, 60 + (480 if k % 5 else 300), y + 10], fill=60)
    c = canvas.Canvas(str(out), pagesize=(PAGE_W, PAGE_H), invariant=1)
    c.drawImage(ImageReader(img), 0, 0, PAGE_W, PAGE_H)
    c.setStrokeColorRGB(0.8, 0, 0)
    c.setLineWidth(2)
    c.line(LEFT, PAGE_H - 150, PAGE_W - RIGHT, PAGE_H - 150)
    c.rect(PAGE_W - 200, 120, 110, 110, stroke=1, fill=0)  # the seal
    c.showPage()
    c.save()


def render_cid_garbage(out: Path) -> None:
    """Page 1 readable (Helvetica); page 2 Chinese in a CID font whose text maps to nothing: ``(cid:N)`` glyphs.

    The CID font is STSong-Light with its Unicode CMap swapped for Identity-H
    and an unknown character collection, so no reader can map its codes back
    to characters (what broken Chinese PDFs from old typesetters look like).
    Both edits keep the byte length, so the cross-reference table stays valid.
    """
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(out), pagesize=(PAGE_W, PAGE_H), pageCompression=0, invariant=1)
    c.setFont("Helvetica", 12)
    for k, line in enumerate(["Annex 3: list of contacts", "Quality and Safety Office, tel. 0571-8888 1234"]):
        c.drawString(LEFT, PAGE_H - TOP - 20 * k, line)
    c.showPage()
    c.setFont(FONT, BODY_SIZE)
    for k in range(25):
        c.drawString(LEFT, PAGE_H - TOP - BODY_LEADING * k, f"{k + 1}.加强组织领导，落实工作责任，确保各项任务按期完成。")
    c.showPage()
    c.save()
    data = out.read_bytes()
    assert data.count(b"/UniGB-UCS2-H") == 1 and data.count(b"(GB1)") == 1
    out.write_bytes(data.replace(b"/UniGB-UCS2-H", b"/Identity-H  ").replace(b"(GB1)", b"(ZZ1)"))


# -- TrueType CJK font (ttf/) -------------------------------------------------------------------

#: TrueType CJK fonts tried in order for the ``ttf/`` renderings: (name, path, subfont index).
#: reportlab embeds TrueType outlines only (not the CFF outlines of Noto CJK's .ttc).
TTF_CANDIDATES = (
    ("WenQuanYiMicroHei", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),  # apt-get install fonts-wqy-microhei
    ("WenQuanYiZenHei", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),  # apt-get install fonts-wqy-zenhei
    ("DroidSansFallbackFull", "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),  # fonts-droid-fallback
)


def register_ttf() -> str | None:
    """Register the first installed TrueType CJK font with reportlab; its name, or None when none is installed."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, path, index in TTF_CANDIDATES:
        if Path(path).exists():
            pdfmetrics.registerFont(TTFont(name, path, subfontIndex=index))
            return name
    return None


# -- two columns (twocol/) ------------------------------------------------------------------------

#: Gap between the two columns of a gazette page, in points.
COLUMN_GAP = 18.0
TWO_COLUMN_SIZE, TWO_COLUMN_LEADING = 10.5, 17.0


def render_two_column(src: Path, out: Path, font: str = FONT) -> None:
    """The circular as a government gazette (政府公报) prints it: two columns per page (reportlab Frames).

    The running header names the gazette, the footer is ``— N —``; the title is
    a centred larger paragraph inside the column; paragraphs wrap in the
    narrow columns with a two-character first-line indent.
    """
    from xml.sax.saxutils import escape

    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, Spacer

    items = _parse(src.read_text(encoding="utf-8-sig"))
    title = _gold_title(src.stem)
    header = "政府公报  " + _header_of(src.stem, items).removesuffix("文件")
    body = ParagraphStyle("body", fontName=font, fontSize=TWO_COLUMN_SIZE, leading=TWO_COLUMN_LEADING,
                          firstLineIndent=2 * TWO_COLUMN_SIZE, wordWrap="CJK")
    heading = ParagraphStyle("title", parent=body, fontSize=14, leading=22, alignment=TA_CENTER, firstLineIndent=0,
                             spaceBefore=6, spaceAfter=6)
    width = (PAGE_W - LEFT - RIGHT - COLUMN_GAP) / 2
    frames = [
        Frame(LEFT + k * (width + COLUMN_GAP), BOTTOM, width, PAGE_H - TOP - BOTTOM, id=f"col{k}",
              leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        for k in (0, 1)
    ]

    def decorate(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(font, HEADER_SIZE)
        canvas.drawCentredString(PAGE_W / 2, PAGE_H - 42, header)
        canvas.setLineWidth(0.6)
        canvas.line(LEFT, PAGE_H - 47, PAGE_W - RIGHT, PAGE_H - 47)
        canvas.line(LEFT + width + COLUMN_GAP / 2, BOTTOM, LEFT + width + COLUMN_GAP / 2, PAGE_H - TOP)  # column rule
        canvas.setFont(font, FOOTER_SIZE)
        canvas.drawCentredString(PAGE_W / 2, 42, f"— {doc.page} —")
        canvas.restoreState()

    doc = BaseDocTemplate(str(out), pagesize=(PAGE_W, PAGE_H), invariant=1, title=src.stem,
                          pageTemplates=[PageTemplate(id="twocol", frames=frames, onPage=decorate)])
    story = []
    for kind, value in items:
        if kind == "blank":
            story.append(Spacer(1, 6))
        elif kind == "table":
            raise ValueError(f"{src.stem}: two-column renderings take circulars without tables")
        elif title and re.sub(r"\s", "", value) == re.sub(r"\s", "", title):
            story.append(Paragraph(escape(value), heading))
        else:
            story.append(Paragraph(escape(value), body))
    doc.build(story)


# -- Word features (word/) ------------------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#: Namespaces a raw WordprocessingML fragment may use (all declared on python-docx's document root too).
FRAGMENT_NS = (
    f'xmlns:w="{W_NS}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:w10="urn:schemas-microsoft-com:office:word"'
)
#: Word lists of the word/ renderings: the typed label they replace, numFmt and lvlText.
WORD_LISTS = (
    (re.compile(r"([一二三四五六七八九十]{1,3})、"), "chineseCounting", "%1、"),
    (re.compile(r"（([一二三四五六七八九十]{1,3})）"), "chineseCounting", "（%1）"),
    (re.compile(r"(\d{1,2})\.(?![\d.])"), "decimal", "%1."),
    (re.compile(r"（(\d{1,2})）"), "decimal", "（%1）"),
)
#: A tracked deletion put into the word/ renderings: text that must never be read.
DELETED_PHRASE = "（此句已删除：每月5日前另报书面材料）"
#: A whole paragraph deleted with its mark (tracked): never read either.
DELETED_PARAGRAPH = "同时，建立工作台账，每月10日前报送工作进展，全年不少于12次。"
#: Text an empty content control shows (placeholder): not part of the circular.
PLACEHOLDER = "单击或点击此处输入文字。"
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}


def cn_number(text: str) -> int:
    """The value of a Chinese numeral up to 99: ``十二`` → 12, ``二十`` → 20, ``三`` → 3."""
    if "十" not in text:
        return _CN_DIGITS[text]
    tens, _, ones = text.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def fragments(xml: str) -> list:
    """The elements of a WordprocessingML fragment ``<w:FRAG>…</w:FRAG>`` (the namespaces declared on it)."""
    from docx.oxml import parse_xml

    return list(parse_xml(xml.replace("<w:FRAG", "<w:FRAG " + FRAGMENT_NS, 1)))


def fragment(xml: str):
    """The one element of a fragment: ``<w:FRAG><w:tblHeader/></w:FRAG>`` → ``w:tblHeader``."""
    (element,) = fragments(xml)
    return element


def _run_xml(text: str, deleted: bool = False) -> str:
    from xml.sax.saxutils import escape

    tag = "w:delText" if deleted else "w:t"
    return f'<w:r><{tag} xml:space="preserve">{escape(text)}</{tag}></w:r>'


class WordLists:
    """The numbering.xml of a rendering: one single-level list per label kind, restarted by ``startOverride``.

    ``一、`` ``二、`` … continue one ``w:num``; a label that does not follow on
    (``（一）`` again under the next ``一、``) opens a new ``w:num`` that starts
    at its value, as Word's "restart numbering" does.
    """

    def __init__(self) -> None:
        self.nums: list[tuple[int, int, int]] = []  # (numId, abstractNumId, start)
        self.last: dict[int, tuple[int, int]] = {}  # abstractNumId -> (numId, value)

    def num_for(self, kind: int, value: int) -> int:
        num_id, last = self.last.get(kind, (0, -1))
        if value != last + 1:
            num_id = len(self.nums) + 1
            self.nums.append((num_id, kind, value))
        self.last[kind] = (num_id, value)
        return num_id

    def xml(self) -> str:
        abstracts = "".join(
            f'<w:abstractNum w:abstractNumId="{k}"><w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0">'
            f'<w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:suff w:val="nothing"/><w:lvlText w:val="{text}"/>'
            f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="640"/></w:pPr></w:lvl></w:abstractNum>'
            for k, (_, fmt, text) in enumerate(WORD_LISTS)
        )
        nums = "".join(
            f'<w:num w:numId="{n}"><w:abstractNumId w:val="{k}"/>'
            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride></w:num>'
            for n, k, start in self.nums
        )
        return f'<w:numbering xmlns:w="{W_NS}">{abstracts}{nums}</w:numbering>'


def split_label(line: str) -> tuple[int, int, str] | None:
    """``(list kind, value, text)`` of a line Word would number: ``（二）优化涉企审批服务。`` → ``(1, 2, '优化涉企审批服务。')``."""
    for kind, (pattern, fmt, _) in enumerate(WORD_LISTS):
        m = pattern.match(line)
        if m and len(line) > m.end():
            value = cn_number(m.group(1)) if fmt == "chineseCounting" else int(m.group(1))
            return kind, value, line[m.end():]
    return None


def text_box_xml(text: str, shape_id: int) -> str:
    """A floating text box as Word 2010+ writes it: DrawingML (``mc:Choice``) and the same box in VML (``mc:Fallback``).

    A letterhead (``××市农业农村局文件``) is set centred in large red type, anything else as body text.
    """
    from xml.sax.saxutils import escape

    look = '<w:color w:val="FF0000"/><w:sz w:val="72"/>' if text.endswith("文件") else '<w:sz w:val="32"/>'
    content = (
        '<w:txbxContent><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr>'
        f"{look}</w:rPr><w:t>{escape(text)}</w:t></w:r></w:p></w:txbxContent>"
    )
    return (
        "<w:FRAG><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing>"
        '<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="251659264" '
        'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="margin"><wp:align>center</wp:align></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        '<wp:extent cx="5400000" cy="720000"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapTopAndBottom/>'
        f'<wp:docPr id="{shape_id}" name="文本框 {shape_id}"/><wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="5400000" cy="720000"/>'
        '</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>'
        f"<wps:txbx>{content}</wps:txbx>"
        '<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="91440" tIns="45720" rIns="91440" bIns="45720" anchor="t" '
        'anchorCtr="0"><a:noAutofit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>'
        "</mc:Choice><mc:Fallback><w:pict>"
        '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">'
        '<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
        f'<v:shape id="文本框 {shape_id}" o:spid="_x0000_s{1025 + shape_id}" type="#_x0000_t202" '
        'style="position:absolute;margin-left:0;margin-top:0;width:425.2pt;height:56.7pt;z-index:251659264;'
        'mso-position-horizontal:center;mso-position-horizontal-relative:margin" filled="f" stroked="f">'
        f'<v:textbox>{content}</v:textbox><w10:wrap type="topAndBottom"/></v:shape></w:pict></mc:Fallback>'
        "</mc:AlternateContent></w:r></w:FRAG>"
    )


def _wrap_in_sdt(element, alias: str, sdt_id: int):
    """Put ``element`` (a ``w:p``, or a ``w:r`` inside a paragraph) into a content control named ``alias``."""
    sdt = fragment(
        f'<w:FRAG><w:sdt><w:sdtPr><w:alias w:val="{alias}"/><w:tag w:val="{alias}"/><w:id w:val="{sdt_id}"/>'
        "</w:sdtPr><w:sdtContent/></w:sdt></w:FRAG>"
    )
    element.addprevious(sdt)
    sdt[-1].append(element)
    return sdt


def _empty_control(alias: str, sdt_id: int):
    """A run-level content control left empty: Word shows its placeholder text (``单击或点击此处输入文字。``)."""
    return fragment(
        f'<w:FRAG><w:sdt><w:sdtPr><w:alias w:val="{alias}"/><w:id w:val="{sdt_id}"/><w:showingPlcHdr/></w:sdtPr>'
        f"<w:sdtContent>{_run_xml(PLACEHOLDER)}</w:sdtContent></w:sdt></w:FRAG>"
    )


def _header_footer(document, header: str) -> None:
    """A running header naming the issuer's document series and a ``— PAGE —`` footer field."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    section = document.sections[0]
    head = section.header.paragraphs[0]
    head.text = header
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = (
        "<w:FRAG>" + _run_xml("— ") + '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        + _run_xml("1") + '<w:r><w:fldChar w:fldCharType="end"/></w:r>' + _run_xml(" —") + "</w:FRAG>"
    )
    for run in fragments(field):
        foot._p.append(run)


def _merge_down(table, rows: list[list[str]]) -> None:
    """Merge runs of equal cells down the 牵头单位 and 时间 columns (``w:vMerge``), the later cells left empty."""
    heads = [re.sub(r"\s", "", h) for h in rows[0]]
    columns = [j for j, h in enumerate(heads) if h.startswith("牵头") or "时间" in h or "时限" in h]
    for j in columns:
        i = 1
        while i < len(rows):
            k = i
            while k + 1 < len(rows) and rows[k + 1][j] and rows[k + 1][j] == rows[i][j]:
                k += 1
            if k > i:
                for n in range(i, k + 1):
                    tc = table.rows[n].cells[j]._tc
                    if n > i:
                        for p in tc.p_lst[1:]:
                            tc.remove(p)
                        for r in list(tc.p_lst[0]):
                            if r.tag != f"{{{W_NS}}}pPr":
                                tc.p_lst[0].remove(r)
                    restart = ' w:val="restart"' if n == i else ""
                    merge = fragment(f"<w:FRAG><w:vMerge{restart}/></w:FRAG>")
                    tc.get_or_add_tcPr().append(merge)
            i = k + 1


def _tracked_change(paragraph, text: str) -> None:
    """Rewrite ``paragraph`` as a reviewed edit: its second half a tracked insertion, a phrase deleted between."""
    cut = len(text) // 2
    for child in list(paragraph._p):
        if child.tag != f"{{{W_NS}}}pPr":
            paragraph._p.remove(child)
    edit = (
        "<w:FRAG>" + _run_xml(text[:cut])
        + f'<w:del w:id="901" w:author="审核人" w:date="2024-01-01T00:00:00Z">{_run_xml(DELETED_PHRASE, deleted=True)}</w:del>'
        + f'<w:ins w:id="902" w:author="审核人" w:date="2024-01-01T00:00:00Z">{_run_xml(text[cut:])}</w:ins></w:FRAG>'
    )
    for child in fragments(edit):
        paragraph._p.append(child)


def _deleted_paragraph_after(paragraph) -> None:
    """A whole paragraph after ``paragraph`` deleted as a tracked change (its runs and its mark)."""
    stamp = 'w:author="审核人" w:date="2024-01-01T00:00:00Z"'
    p = fragment(
        f'<w:FRAG><w:p><w:pPr><w:rPr><w:del w:id="903" {stamp}/></w:rPr></w:pPr>'
        f'<w:del w:id="904" {stamp}>{_run_xml(DELETED_PARAGRAPH, deleted=True)}</w:del></w:p></w:FRAG>'
    )
    paragraph._p.addnext(p)


def _review_first_long(document) -> None:
    """Give the first long numbered item (else the first long table cell) a tracked change and a deleted paragraph after."""
    from docx.text.paragraph import Paragraph

    paragraphs = [Paragraph(p, document) for p in document.element.body.iter(f"{{{W_NS}}}p")]
    numbered = [p for p in paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None and len(p.text) >= 30]
    in_cells = [p for p in paragraphs if p._p.getparent().tag == f"{{{W_NS}}}tc" and len(p.text) >= 40 and "\n" not in p.text]
    target = (numbered or in_cells)[0]
    _tracked_change(target, target.text)
    _deleted_paragraph_after(target)


def render_word_docx(src: Path, out: Path) -> None:
    """The circular as an office clerk's Word file: what plain ``render_docx`` leaves out.

    * ``一、`` ``（一）`` ``1.`` ``（1）`` are Word auto-numbers (numbering.xml,
      ``chineseCounting`` ``%1、`` / ``（%1）``, decimal ``%1.``), not typed;
    * the letterhead (``××市农业农村局文件``) is a red text box anchored at the
      next paragraph, written twice as Word does (DrawingML and VML fallback);
    * a running header with the document series and a ``— PAGE —`` footer;
    * the title in a block content control, the 文号 in a run-level one, and an
      empty 签发人 control showing its placeholder;
    * a reviewed edit: the first long numbered item half re-typed as a tracked
      insertion with a tracked deletion inside, and a deleted paragraph after it;
    * the 附件 name as a hyperlink;
    * in task tables, equal 牵头单位 and 时间 cells merged down (``w:vMerge``).
    """
    import docx
    from docx.oxml import parse_xml
    from docx.shared import Mm, Pt

    items = _parse(src.read_text(encoding="utf-8-sig"))
    title = _gold_title(src.stem)
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)
    normal = document.styles["Normal"]
    normal.font.size = Pt(16)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(f"{{{W_NS}}}eastAsia", "仿宋_GB2312")
    _header_footer(document, _header_of(src.stem, items))
    lists = WordLists()
    first = next(i for i, (kind, _) in enumerate(items) if kind == "line")
    letterhead = items[first][1]
    pending_box = text_box_xml(letterhead, 1)
    controls = False
    for n, (kind, value) in enumerate(items):
        if n == first:
            continue
        if kind == "table":
            table = document.add_table(rows=len(value), cols=max(len(r) for r in value))
            table.style = "Table Grid"
            for row, cells in zip(table.rows, value):
                for cell, text in zip(row.cells, cells):
                    cell.text = text
            table.rows[0]._tr.get_or_add_trPr().append(fragment("<w:FRAG><w:tblHeader/></w:FRAG>"))
            _merge_down(table, value)
            continue
        line = value if kind == "line" else ""
        found = split_label(line)
        paragraph = document.add_paragraph(found[2] if found else line)
        if found:
            num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = 0
            num_pr.get_or_add_numId().val = lists.num_for(found[0], found[1])
        if pending_box is not None:
            paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, fragment(pending_box))
            pending_box = None
        if title and re.sub(r"\s", "", line) == re.sub(r"\s", "", title) and not controls:
            _wrap_in_sdt(paragraph._p, "标题", 101)
            controls = True
        elif re.search(r"〔\d{4}〕\d+[号號]$", line) and paragraph.runs:
            _wrap_in_sdt(paragraph.runs[0]._r, "文号", 102)
            paragraph._p.append(_empty_control("签发人", 103))
        elif line.startswith("附件：") and len(line) > 3 and paragraph.runs:
            paragraph.runs[0].text = "附件："
            paragraph._p.append(fragment(
                f'<w:FRAG><w:hyperlink w:anchor="fj" w:history="1">{_run_xml(line[3:])}</w:hyperlink></w:FRAG>'
            ))
    if "<w:showingPlcHdr/>" not in document.element.xml:  # no 文号 line: the empty control ends the first line
        from docx.text.paragraph import Paragraph

        lines = (Paragraph(p, document) for p in document.element.body.iter(f"{{{W_NS}}}p"))
        next(p for p in lines if p.text)._p.append(_empty_control("签发人", 103))  # (a p in a block sdt too)
    _review_first_long(document)
    document.part.numbering_part._element = parse_xml(lists.xml())
    props = document.core_properties
    props.author, props.created, props.modified = "gongwen", FIXED_TIME, FIXED_TIME
    document.save(out)
    _fix_zip_times(out)


# -- GB18030 text and web pages -------------------------------------------------------------------


def render_gb18030(src: Path, out: Path) -> None:
    """The circular as a Windows Notepad file: GB18030 bytes, CRLF line ends, no BOM."""
    text = src.read_text(encoding="utf-8-sig")
    out.write_bytes(text.replace("\r\n", "\n").replace("\n", "\r\n").encode("gb18030"))


#: Site furniture of the HTML renderings (a city government portal).
SITE_NAV = ("首页", "政务公开", "政务服务", "互动交流", "走进××", "专题专栏")
RELATED = (
    "国务院办公厅关于进一步优化营商环境降低市场主体制度性交易成本的意见",
    "省人民政府办公厅关于印发2022年全省数字政府建设工作要点的通知",
    "市人民政府办公室关于调整部分议事协调机构的通知",
)
_DATE_LINE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日")


def _html_table(rows: list[list[str]]) -> str:
    from html import escape

    out = ['<table class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" width="100%"><tbody>']
    for row in rows:
        cells = "".join(f'<td valign="center"><p align="center">{escape(c).replace(chr(10), "<br/>")}</p></td>' for c in row)
        out.append(f"<tr>{cells}</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def _html_body(items) -> list[str]:
    """The article's paragraphs: ``<p>`` per line, signature and date in one ``<p>`` split by ``<br/>``,
    runs of ``1.`` ``2.`` items in one ``<p>`` split by ``<br/>``, blank lines as ``<p>&nbsp;</p>``."""
    from html import escape

    out: list[str] = []
    i = 0
    while i < len(items):
        kind, value = items[i]
        if kind == "table":
            out.append(_html_table(value))
        elif kind == "blank":
            out.append("<p>&nbsp;</p>")
        elif i + 1 < len(items) and items[i + 1][0] == "line" and _DATE_LINE.match(items[i + 1][1]) and len(value) < 30:
            out.append(f'<p style="text-align:right">{escape(value)}<br/>{escape(items[i + 1][1])}</p>')
            i += 1
        elif re.match(r"\d{1,2}\.", value):
            group = [value]
            while i + 1 < len(items) and items[i + 1][0] == "line" and re.match(r"\d{1,2}\.", items[i + 1][1]):
                i += 1
                group.append(items[i][1])
            out.append('<p style="text-indent:2em">' + "<br/>\n".join(escape(g) for g in group) + "</p>")
        else:
            out.append(f'<p style="text-indent:2em">{escape(value)}</p>')
        i += 1
    return out


def render_html(src: Path, out: Path) -> None:
    """The circular as a government portal publishes it: the article inside site navigation.

    A ``gb2312`` page when the text fits GB2312, else ``utf-8``; logo and
    search bar, a navigation bar, a breadcrumb (当前位置), the article in
    ``<div class="article">`` (title, 发布时间/来源 line, ``<p>`` and ``<br/>``,
    tables as Word-pasted ``<table>``), print/close links, a related-links
    list, and a footer with 主办单位, 网站标识码 and ICP备 numbers.
    """
    from html import escape

    text = src.read_text(encoding="utf-8-sig")
    items = _parse(text)
    try:
        text.encode("gb2312")
        charset = "gb2312"
    except UnicodeEncodeError:
        charset = "utf-8"
    heading = next((v for k, v in items[:12] if k == "line" and v.endswith("通知")), _gold_title(src.stem) or src.stem)
    issuer = next((v for k, v in items if k == "line" and v.endswith("文件")), "××市人民政府办公室文件").removesuffix("文件")
    date = next((m.group() for k, v in items if k == "line" and (m := _DATE_LINE.match(v))), "2024年1月1日")
    ymd = "-".join(f"{int(x):02d}" for x in re.findall(r"\d+", date)[:3])
    nav = "".join(f'<li><a href="/col/col{k}/index.html">{n}</a></li>' for k, n in enumerate(SITE_NAV, 1))
    related = "".join(f'<li><a href="/art/{ymd[:4]}/{k}.html" target="_blank">{escape(t)}</a></li>' for k, t in enumerate(RELATED, 1))
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}" />
<title>{escape(heading)}_××市人民政府门户网站</title>
<meta name="ArticleTitle" content="{escape(heading)}" />
<meta name="PubDate" content="{ymd} 09:30" />
<meta name="ContentSource" content="{escape(issuer)}" />
<link rel="stylesheet" type="text/css" href="/css/style.css" />
<script type="text/javascript">var _hmt = _hmt || []; (function() {{ var hm = document.createElement("script"); hm.src = "https://hm.example.cn/hm.js"; }})();</script>
<style>.article p {{ line-height: 2em; }} .footer {{ color: #666; }}</style>
</head>
<body>
<div class="top">
  <div class="logo"><a href="/"><img src="/images/logo.png" alt="××市人民政府门户网站" /></a></div>
  <div class="top-links"><a href="/wza/">无障碍</a> | <a href="/en/">English</a> | <a href="/m/">手机版</a></div>
  <div class="search"><form action="/search/" method="get"><input type="text" name="q" value="请输入关键字" /><input type="submit" value="搜索" /></form></div>
</div>
<div class="nav"><ul>{nav}</ul></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/col/col2/index.html">政务公开</a> &gt; <a href="/col/col21/index.html">通知公告</a></div>
<div class="main">
<div class="article">
  <h1 class="article-title">{escape(heading)}</h1>
  <div class="article-info">发布时间：{ymd} 09:30　　来源：{escape(issuer)}　　浏览次数：<span id="hits">1268</span>　　【字体：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>】</div>
  <div class="article-content" id="zoom">
{chr(10).join(_html_body(items))}
  </div>
  <div class="article-tools"><a href="javascript:window.print()">打印本页</a>　<a href="javascript:window.close()">关闭窗口</a></div>
</div>
<div class="related"><h3>相关链接</h3><ul>{related}</ul></div>
</div>
<div class="footer">
  <p><a href="/about/">关于本网</a> | <a href="/map/">网站地图</a> | <a href="/contact/">联系我们</a></p>
  <p>主办单位：××市人民政府办公室　　承办单位：××市大数据发展管理中心</p>
  <p>网站标识码：3301000001　　<a href="https://beian.miit.gov.cn/">浙ICP备05001234号-1</a>　　<a href="#">浙公网安备 33010002000001号</a></p>
  <p>联系电话：0571-85251234　　建议使用1920×1080分辨率浏览</p>
</div>
<script type="text/javascript">document.getElementById("hits").innerHTML = "1269";</script>
</body>
</html>
"""
    out.write_bytes(page.encode(charset))


def render_legacy_doc(docx: Path, out: Path) -> bool:
    """Save a DOCX rendering as Word 97-2003 ``.doc`` with LibreOffice; False when soffice is missing.

    The bytes differ from run to run (LibreOffice stamps the save time), so
    re-rendering shows these files as changed even when the text is not.
    """
    import shutil
    import subprocess
    import tempfile

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return False
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp}/profile",
             "--convert-to", "doc", "--outdir", tmp, str(docx)],
            check=True, capture_output=True, timeout=120,
        )
        shutil.move(Path(tmp) / f"{docx.stem}.doc", out)
    return True


def main(argv: list[str]) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    ttf = register_ttf()
    if ttf is None:
        print("no TrueType CJK font installed (apt-get install fonts-wqy-microhei): ttf/ left as it is", file=sys.stderr)
    for folder in ("", "ttf", "twocol", "word", "legacy"):
        (OUT / folder).mkdir(parents=True, exist_ok=True)
    for src in SOURCES:
        stem = src.stem
        if argv and not any(stem.startswith(a) for a in argv):
            continue
        jobs = [("pdf ", OUT / f"{stem}.pdf", lambda s, o: render_pdf(s, o))]
        if stem in DOCX_STEMS:
            jobs.append(("docx", OUT / f"{stem}.docx", render_docx))
        if stem in TTF_STEMS and ttf is not None:
            jobs.append(("ttf ", OUT / "ttf" / f"{stem}.pdf", lambda s, o: render_pdf(s, o, font=ttf)))
        if stem in TWO_COLUMN_STEMS:
            jobs.append(("2col", OUT / "twocol" / f"{stem}.pdf", render_two_column))
        if stem in WORD_STEMS:
            jobs.append(("word", OUT / "word" / f"{stem}.docx", render_word_docx))
        if stem in GB18030_STEMS:
            jobs.append(("gb  ", OUT / f"{stem}.txt", render_gb18030))
        if stem in HTML_STEMS:
            jobs.append(("html", OUT / f"{stem}.html", render_html))
        for label, out, render in jobs:
            render(src, out)
            print(label, out.relative_to(OUT))
        if stem in LEGACY_STEMS:
            out = OUT / "legacy" / f"{stem}.doc"
            if render_legacy_doc(OUT / "word" / f"{stem}.docx", out):
                print("doc ", out.relative_to(OUT))
            else:
                print("no LibreOffice (apt-get install libreoffice-writer-nogui): legacy/ left as it is", file=sys.stderr)
    if not argv or "scan" in argv:
        render_scan(OUT / "scan_only.pdf")
        print("pdf  scan_only")
        render_cid_garbage(OUT / "cid_garbage.pdf")
        print("pdf  cid_garbage")


if __name__ == "__main__":
    main(sys.argv[1:])
