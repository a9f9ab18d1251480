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
    def __init__(self, path: Path, header: str, char_space: float = 0.0, justify: bool = False, split_rows: bool = False, indent: bool = True):
        from reportlab.pdfgen import canvas

        self.c = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H), invariant=1)
        self.c.setTitle(path.stem)
        self.header = header
        self.char_space = char_space
        self.justify = justify
        self.split_rows = split_rows
        self.indent = indent
        self.page = 0
        self.y = 0.0
        self._new_page()

    # -- measuring and wrapping
    def width(self, text: str, size: float, char_space: float | None = None) -> float:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        cs = self.char_space if char_space is None else char_space
        return stringWidth(text, FONT, size) + cs * len(text)

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
        c.setFont(FONT, HEADER_SIZE)
        c.drawCentredString(PAGE_W / 2, PAGE_H - 42, self.header)
        c.setLineWidth(0.6)
        c.line(LEFT, PAGE_H - 47, PAGE_W - RIGHT, PAGE_H - 47)
        self.y = PAGE_H - TOP

    def _footer(self) -> None:
        self.c.setFont(FONT, FOOTER_SIZE)
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
            t.setFont(FONT, size)
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
                    t.setFont(FONT, TABLE_SIZE)
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


def render_pdf(src: Path, out: Path) -> None:
    items = _parse(src.read_text(encoding="utf-8-sig"))
    stem = src.stem
    title = _gold_title(stem)
    r = Renderer(out, _header_of(stem, items), CHAR_SPACE.get(stem, 0.0), justify=stem in JUSTIFIED,
                 split_rows=stem in SPLIT_ROWS, indent=stem not in NO_INDENT)
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


def main(argv: list[str]) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    OUT.mkdir(parents=True, exist_ok=True)
    for src in SOURCES:
        if argv and not any(src.stem.startswith(a) for a in argv):
            continue
        render_pdf(src, OUT / f"{src.stem}.pdf")
        print("pdf ", src.stem)
        if src.stem in DOCX_STEMS:
            render_docx(src, OUT / f"{src.stem}.docx")
            print("docx", src.stem)
    if not argv or "scan" in argv:
        render_scan(OUT / "scan_only.pdf")
        print("pdf  scan_only")
        render_cid_garbage(OUT / "cid_garbage.pdf")
        print("pdf  cid_garbage")


if __name__ == "__main__":
    main(sys.argv[1:])
