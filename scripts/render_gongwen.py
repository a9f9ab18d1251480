"""Render circulars as 公文 (GB/T 9704) through the real producer chain: python-docx DOCX → LibreOffice PDF.

Dev/script-only (python-docx, lxml, LibreOffice and CJK fonts at render time; the
files are committed, so tests need none of them). Writes corpus/rendered/gongwen/:

    python scripts/render_gongwen.py                  # every source
    python scripts/render_gongwen.py dev05 govcn-04   # only stems starting with these
    python scripts/render_gongwen.py --fonts /tmp/gw-fonts/root/usr/share/fonts
    python scripts/render_gongwen.py --pages corpus/real/dev2 --out /tmp/dev2-pdf   # other pages, not committed

Sources: corpus/dev/*.txt, corpus/seeds/*.txt and the gov.cn pages corpus/real/dev/*.html
(their article read with lxml alone, as scripts/make_lawdb_exports.py does, never with
gongwen's readers, so the renderings are not shaped by the code they test).

The DOCX is set the way Chinese offices set a 公文 in Word or WPS:

* A4, margins 37/35/28/26 mm, a 22-line grid (exact 28.95 pt line pitch), 仿宋_GB2312
  三号 (16 pt) body with a two-character first-line indent; every run has
  ``w:eastAsia`` = the CJK face and ``w:ascii``/``w:hAnsi`` = Times New Roman, so digits,
  Latin letters and the CJK text of one line are set in two fonts (``〔2024〕3号``
  is 〔 / 2024 / 〕 / 3 / 号 in the PDF);
* the red 版头 (``××市人民政府文件``, 方正小标宋简体, red, squeezed to the text width),
  the 发文字号 centred under it and a red rule under that;
* the title in 方正小标宋简体 二号 (bold), broken by hand over two lines;
* ``一、`` headings in 黑体, ``（一）`` headings in 楷体_GB2312 up to their first 。 (the
  rest of the paragraph in 仿宋), the signature and its date right-aligned;
* ``— N —`` page numbers (宋体 四号) in the outer margin: right on odd pages, left on
  even ones (``w:evenAndOddHeaders``);
* tables (tab-led cells of the TXT, ``<table>`` of the page) bordered, 仿宋 四号, the
  header row repeated on every page; an attachment (``附件`` alone on its line) that
  holds a table starts a landscape section, and its table runs over pages;
* the 版记 at the end, between rules: ``抄送：`` and ``<office>  <date>印发`` (kept from
  the text when it has them, added after a 版头 that has none).

Every other source (``WPS_STEMS``) is written the way WPS writes text pasted from a web page:
one run per script (CJK / Latin and digits, ``w:hint="eastAsia"``) and a white ``w:shd`` on
every run and paragraph, so LibreOffice draws a white rectangle behind each paragraph and
each run — as in the real WPS-written 实施方案 of issue 12, whose lines a reader took for
table cells split at every font change.

The sources' own lines are kept as paragraphs, in order; only the 版头 of a gov.cn
page (its 发文机关 + 文件 or 令, and its 发文字号) and a missing 版记 are added.

LibreOffice (``soffice --headless --convert-to pdf``, a private profile) embeds
subsets of the fonts it used. The DOCX names the fonts Chinese offices name;
``fonts.conf`` written next to the profile maps them to Debian's free faces:

    仿宋_GB2312 → AR PL UMing CN      楷体_GB2312 → AR PL UKai CN
    黑体        → WenQuanYi Zen Hei   方正小标宋简体 → Noto Serif CJK SC (bold)
    宋体        → AR PL UMing CN      Times New Roman → Liberation Serif

Get them installed (``apt-get install fonts-noto-cjk fonts-arphic-ukai fonts-arphic-uming
fonts-wqy-zenhei fonts-liberation2``) or unpacked without touching the system
(``apt-get download`` those packages, ``dpkg -x PKG.deb DIR`` each, ``--fonts DIR/usr/share/fonts``).
The output names keep the source stem, which is what the scorer matches
(``evaluate.stem_of``): ``govcn-03.pdf``, and ``dev05_chungeng_2022.gongwen.pdf`` for the
circulars that have gold at the top of corpus/gold (a bare ``<gold stem>.pdf`` anywhere
under corpus/rendered is taken by tests/pipeline/ingest/readers/test_rendered.py as a reportlab rendering).
"""

from __future__ import annotations

import argparse
import io
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import lxml.html
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT, WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "corpus" / "rendered" / "gongwen"
TXT_SOURCES = sorted((ROOT / "corpus" / "dev").glob("*.txt")) + sorted((ROOT / "corpus" / "seeds").glob("*.txt"))
HTML_SOURCES = sorted((ROOT / "corpus" / "real" / "dev").glob("*.html"))
#: Stems with gold at the top of corpus/gold: their files carry ``.gongwen`` (see the module doc).
GOLD_TOP = {p.stem for p in (ROOT / "corpus" / "gold").glob("*.json")}

FANGSONG, HEITI, KAITI, XIAOBIAOSONG, SONGTI, LATIN = "仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体", "宋体", "Times New Roman"
FONT_MAP = {  # DOCX font name → the installed face fontconfig gives LibreOffice for it
    FANGSONG: "AR PL UMing CN",
    KAITI: "AR PL UKai CN",
    HEITI: "WenQuanYi Zen Hei",
    XIAOBIAOSONG: "Noto Serif CJK SC",
    SONGTI: "AR PL UMing CN",
    LATIN: "Liberation Serif",
}
RED = RGBColor(0xFF, 0x00, 0x00)
BODY_PT, TABLE_PT, TITLE_PT, FOOTER_PT, BANJI_PT = 16, 14, 22, 14, 14
LINE_PITCH = Pt(28.95)  # 22 lines in the 225 mm type area
TEXT_WIDTH_PT = (210 - 28 - 26) / 25.4 * 72
FIXED_TIME = (2024, 1, 1, 0, 0, 0)

RE_BANTOU = re.compile(r"^[^，。：；、]{2,24}(文件|文件|令)$")
RE_WENHAO = re.compile(r"^[^，。：；]{0,16}[〔\[［(（]\d{4}[〕\]］)）]\s*第?\d+\s*[号號]$|^第\d+[号號]$")
RE_H1 = re.compile(r"^[一二三四五六七八九十]+、")
RE_H2 = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
RE_DATE_LINE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
RE_ATTACHMENT = re.compile(r"^附\s*件\s*\d*\s*[：:]?$")
RE_TITLE = re.compile(r"(关于|關於).{2,}的(通知|意见|意見|决定|決定|批复|批覆|复函|覆函|函|答复|答覆|指导意见|报告)$"
                      r"|(方案|要点|要點|计划|計劃|规划|規劃|办法|辦法|规定|規定|条例|條例|细则|細則|安排|清单|清單|分工表|任务表)$")
RE_PRINTED = re.compile(r"印[发發]$")


# -- sources as blocks -----------------------------------------------------------------------


@dataclass
class Source:
    stem: str
    blocks: list[tuple[str, object]]  # ("line", str), ("blank", None), ("table", [[cell…]…] or spans)
    bantou: str | None = None  # red header: ``××市人民政府文件``
    wenhao: str | None = None  # 发文字号


def txt_blocks(text: str) -> list[tuple[str, object]]:
    """The TXT as blocks; tables as scripts/render_corpus.py reads them (tab-led cells, rows split by blank
    lines, a cell continued on following lines; or one row per line, cells between tabs)."""
    items: list[tuple[str, object]] = []
    lines = text.replace("\r\n", "\n").split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if "\t" in line.strip("\t") and not line.startswith("\t"):
            rows = []
            while i < len(lines) and "\t" in lines[i]:
                cells = [c.strip() for c in lines[i].split("\t")]
                while len(cells) > 1 and cells[-1] == "":
                    cells.pop()
                rows.append(cells)
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
                    row[-1] += "\n" + line
                else:
                    break
                i += 1
            if row:
                rows.append(row)
            items.append(("table", [[c.strip() for c in r] for r in rows]))
            continue
        stripped = line.strip(" \u3000\u00a0\t")
        items.append(("blank", None) if not stripped else ("line", stripped))
        i += 1
    return items


def _clean(text: str) -> str:
    return re.sub(r"[ \t\r\n\u3000\xa0]+", " ", text).strip()


def html_source(path: Path) -> Source:
    """A saved gov.cn page: its metadata table (发文机关, 发文字号) and its article (paragraphs and tables, in order)."""
    root = lxml.html.parse(str(path)).getroot()
    meta: dict[str, str] = {}
    for td in root.iter("td"):
        label = re.sub(r"\s+", "", td.text_content()).rstrip("：:")
        nxt = td.getnext()
        if label in ("发文机关", "发文字号", "成文日期") and nxt is not None:
            meta[label] = _clean(nxt.text_content())
    body = root.get_element_by_id("UCAP-CONTENT")
    for br in body.iter("br"):
        br.tail = "\n" + (br.tail or "")
    blocks: list[tuple[str, object]] = []

    def leaf_text(el) -> None:
        for part in el.text_content().split("\n"):
            text = _clean(part)
            if text and ("line", text) not in blocks[-1:]:
                blocks.append(("line", text))

    def walk(el) -> None:
        for child in el:
            if not isinstance(child.tag, str) or child.tag in ("script", "style"):
                continue
            if child.tag == "table":
                rows = []
                for tr in child.iter("tr"):
                    cells = []
                    for td in tr:
                        if td.tag in ("td", "th"):
                            text = "\n".join(t for t in (_clean(x) for x in td.text_content().split("\n")) if t)
                            cells.append((text, int(td.get("colspan", "1") or 1), int(td.get("rowspan", "1") or 1)))
                    if cells:
                        rows.append(cells)
                if rows:
                    blocks.append(("spans", rows))
            elif child.find(".//p") is None and child.find(".//div") is None and child.find(".//table") is None:
                leaf_text(child)
            else:
                walk(child)

    walk(body)
    issuer = meta.get("发文机关", "")
    src = Source(path.stem, blocks)
    lines = [b[1] for b in blocks[:6] if b[0] == "line"]
    if lines and RE_BANTOU.match(lines[0]) and lines[0].endswith("令"):  # 中华人民共和国国务院令 / 第707号
        return src
    src.bantou = f"{issuer}文件" if issuer else None
    src.wenhao = meta.get("发文字号") or None
    return src


def txt_source(path: Path) -> Source:
    return Source(path.stem.split(".")[0], txt_blocks(path.read_text(encoding="utf-8-sig")))


# -- DOCX helpers ------------------------------------------------------------------------------


def _set_fonts(rpr, east_asia: str, size: float | None = None, bold: bool = False, color: RGBColor | None = None) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:ascii"), LATIN)
    fonts.set(qn("w:hAnsi"), LATIN)
    fonts.set(qn("w:cs"), LATIN)
    fonts.set(qn("w:eastAsia"), east_asia)
    if bold:
        for tag in ("w:b", "w:bCs"):
            rpr.append(OxmlElement(tag))
    if color is not None:
        c = OxmlElement("w:color")
        c.set(qn("w:val"), str(color))
        rpr.append(c)
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            sz = OxmlElement(tag)
            sz.set(qn("w:val"), str(int(round(size * 2))))
            rpr.append(sz)


#: WPS-style runs for the document being written: one run per script (CJK / Latin and digits), each and its
#: paragraph shaded white (``w:shd w:fill="FFFFFF"``), as WPS writes text pasted from a web page or a WeChat
#: article — LibreOffice draws a white rectangle behind every paragraph and every run (see ``WPS_STEMS``).
_WPS = {"on": False}
RE_SCRIPT = re.compile(r"[\x00-\u024f\u2000-\u206f]+|[^\x00-\u024f\u2000-\u206f]+")


def _shd() -> OxmlElement:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), "FFFFFF")
    return shd


def add_run(paragraph, text: str, east_asia: str = FANGSONG, size: float = BODY_PT, bold: bool = False,
            color: RGBColor | None = None, scale: int | None = None):
    parts = RE_SCRIPT.findall(text) if _WPS["on"] and text else [text]
    for part in parts:
        run = paragraph.add_run(part)
        rpr = run._r.get_or_add_rPr()
        _set_fonts(rpr, east_asia, None, bold, color)
        if _WPS["on"] and not re.match(r"[\x00-\u024f]", part or "a"):
            rpr.find(qn("w:rFonts")).set(qn("w:hint"), "eastAsia")
        if scale is not None and scale != 100:
            w = OxmlElement("w:w")
            w.set(qn("w:val"), str(scale))
            rpr.append(w)
        for tag in ("w:sz", "w:szCs"):
            sz = OxmlElement(tag)
            sz.set(qn("w:val"), str(int(round(size * 2))))
            rpr.append(sz)
        if _WPS["on"]:
            rpr.append(_shd())
    if _WPS["on"] and paragraph._p.pPr is not None and paragraph._p.pPr.find(qn("w:shd")) is None:
        ppr = paragraph._p.pPr
        anchor = next((ppr.find(qn(t)) for t in ("w:tabs", "w:spacing", "w:ind", "w:jc") if ppr.find(qn(t)) is not None), None)
        if anchor is not None:
            anchor.addprevious(_shd())
        else:
            ppr.append(_shd())
    return run


def _pformat(paragraph, align=None, first_indent_chars: float = 0, exact: Pt | None = LINE_PITCH,
             before: Pt | None = None, after: Pt | None = None, right_chars: float = 0, left_chars: float = 0,
             size: float = BODY_PT):
    fmt = paragraph.paragraph_format
    if align is not None:
        fmt.alignment = align
    if first_indent_chars:
        fmt.first_line_indent = Pt(first_indent_chars * size)
    if right_chars:
        fmt.right_indent = Pt(right_chars * size)
    if left_chars:
        fmt.left_indent = Pt(left_chars * size)
    if exact is not None:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = exact
    fmt.space_before = before or Pt(0)
    fmt.space_after = after or Pt(0)
    fmt.widow_control = False
    return paragraph


def _border(paragraph, side: str, size_eighths: int, color: str = "000000", space: int = 1) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    bdr = ppr.find(qn("w:pBdr"))
    if bdr is None:
        bdr = OxmlElement("w:pBdr")
        ppr.append(bdr)  # schema order is fixed up by Word/LibreOffice alike; keep it before w:spacing
        anchor = next((ppr.find(qn(t)) for t in ("w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc") if ppr.find(qn(t)) is not None), None)
        if anchor is not None:
            anchor.addprevious(bdr)
    edge = OxmlElement(f"w:{side}")
    edge.set(qn("w:val"), "single")
    edge.set(qn("w:sz"), str(size_eighths))
    edge.set(qn("w:space"), str(space))
    edge.set(qn("w:color"), color)
    bdr.append(edge)


def _page_field(paragraph) -> None:
    """``— N —``: the dashes and the PAGE field in 宋体 四号 (digits in Times New Roman)."""
    add_run(paragraph, "— ", SONGTI, FOOTER_PT)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = add_run(paragraph, "", SONGTI, FOOTER_PT)
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text
    add_run(paragraph, " —", SONGTI, FOOTER_PT)


def _setup_section(section, landscape: bool = False) -> None:
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        section.top_margin, section.bottom_margin = Mm(28), Mm(26)
        section.left_margin, section.right_margin = Mm(37), Mm(35)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(24)
    sect = section._sectPr
    grid = sect.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), "579")


def _footers(section) -> None:
    section.footer.is_linked_to_previous = False
    section.even_page_footer.is_linked_to_previous = False
    odd = section.footer.paragraphs[0]
    _pformat(odd, WD_ALIGN_PARAGRAPH.RIGHT, exact=None, right_chars=1, size=FOOTER_PT)
    _page_field(odd)
    even = section.even_page_footer.paragraphs[0]
    _pformat(even, WD_ALIGN_PARAGRAPH.LEFT, exact=None, left_chars=1, size=FOOTER_PT)
    _page_field(even)


def split_title(title: str, width: int = 20) -> list[str]:
    """A title over two lines, broken where a typist would: after 关于, before 的通知, after 》, near the middle."""
    if len(title) <= width:
        return [title]
    candidates = set()
    for m in re.finditer(r"关于|關於|》|印发|印發|转发|轉發|年", title):
        candidates.add(m.end())
    for m in re.finditer(r"的(通知|意见|意見|决定|批复|函|答复|方案|报告)$|工作|实施方案|方案$", title):
        candidates.add(m.start())
    inside = set()
    for m in re.finditer(r"《[^》]*》|“[^”]*”|\d+|（[^）]*）", title):
        inside.update(range(m.start() + 1, m.end()))
    half = len(title) / 2
    ok = [c for c in candidates if 0 < c < len(title) and c not in inside and len(title) - c <= width + 4 and c <= width + 4]
    cut = min(ok, key=lambda c: abs(c - half)) if ok else min(
        (c for c in range(1, len(title)) if c not in inside), key=lambda c: abs(c - half))
    return [title[:cut], title[cut:]]


# -- the document ------------------------------------------------------------------------------


class GongwenDocx:
    def __init__(self) -> None:
        self.doc = Document()
        styles = self.doc.styles
        normal = styles["Normal"]
        rpr = normal.element.get_or_add_rPr()
        for old in rpr.findall(qn("w:rFonts")):
            rpr.remove(old)
        _set_fonts(rpr, FANGSONG, BODY_PT)
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), "zh-CN")
        rpr.append(lang)
        self.doc.settings.odd_and_even_pages_header_footer = True
        _setup_section(self.doc.sections[0])
        _footers(self.doc.sections[0])
        self.landscape = False
        self.page_break_next = False

    def para(self, align=None, **kw):
        p = self.doc.add_paragraph()
        _pformat(p, align, **kw)
        if self.page_break_next:
            p.paragraph_format.page_break_before = True
            self.page_break_next = False
        return p

    def new_section(self, landscape: bool) -> None:
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        _setup_section(section, landscape)
        _footers(section)
        self.landscape = landscape
        self.page_break_next = False

    def bantou(self, text: str, wenhao: str | None) -> None:
        p = self.para(WD_ALIGN_PARAGRAPH.CENTER, exact=Pt(60), before=Pt(20))
        size = 42
        scale = min(100, int(TEXT_WIDTH_PT * 0.98 / (len(text) * size) * 100))
        add_run(p, text, XIAOBIAOSONG, size, color=RED, scale=scale)
        self.para(exact=LINE_PITCH)
        self.para(exact=LINE_PITCH)
        p = self.para(WD_ALIGN_PARAGRAPH.CENTER, after=Pt(6))
        add_run(p, wenhao or "", FANGSONG)
        _border(p, "bottom", 18, "FF0000", 6)  # the red rule, 2.25 pt, under the 发文字号
        self.para()

    def title(self, text: str) -> None:
        self.para(exact=LINE_PITCH)
        p = self.para(WD_ALIGN_PARAGRAPH.CENTER, exact=Pt(35))
        for i, part in enumerate(split_title(text)):
            if i:
                add_run(p, "", XIAOBIAOSONG, TITLE_PT, bold=True).add_break(WD_BREAK.LINE)
            add_run(p, part, XIAOBIAOSONG, TITLE_PT, bold=True)
        self.para(exact=LINE_PITCH)

    def body(self, text: str, kind: str = "body") -> None:
        if kind == "h1":
            p = self.para(WD_ALIGN_PARAGRAPH.JUSTIFY, first_indent_chars=2)
            head, rest = self._head(text)
            add_run(p, head, HEITI)
            if rest:
                add_run(p, rest, FANGSONG)
        elif kind == "h2":
            p = self.para(WD_ALIGN_PARAGRAPH.JUSTIFY, first_indent_chars=2)
            head, rest = self._head(text)
            add_run(p, head, KAITI)
            if rest:
                add_run(p, rest, FANGSONG)
        elif kind == "addressee":
            add_run(self.para(), text)
        elif kind == "signature":
            add_run(self.para(WD_ALIGN_PARAGRAPH.RIGHT, right_chars=2), text)
        elif kind == "date":
            add_run(self.para(WD_ALIGN_PARAGRAPH.RIGHT, right_chars=4), text)
        elif kind == "attachment-label":
            add_run(self.para(), text, HEITI)
        else:
            add_run(self.para(WD_ALIGN_PARAGRAPH.JUSTIFY, first_indent_chars=2), text)

    @staticmethod
    def _head(text: str) -> tuple[str, str]:
        m = re.search(r"[。．]", text)
        if m and m.end() < len(text):
            return text[: m.end()], text[m.end():]
        return text, ""

    def blank(self) -> None:
        self.para()

    def table(self, rows: list[list[tuple[str, int, int]]]) -> None:
        """A bordered table; cells are (text, colspan, rowspan), merged as spans say; first row repeated on each page."""
        grid: dict[tuple[int, int], tuple[str, int, int]] = {}
        taken: set[tuple[int, int]] = set()
        for r, row in enumerate(rows):
            c = 0
            for text, cs, rs in row:
                while (r, c) in taken:
                    c += 1
                cs, rs = max(1, min(cs, 20)), max(1, min(rs, len(rows) - r))
                grid[(r, c)] = (text, cs, rs)
                for dr in range(rs):
                    for dc in range(cs):
                        taken.add((r + dr, c + dc))
                c += cs
        ncols = max(c + 1 for _, c in taken)
        width_pt = (297 - 37 - 35 if self.landscape else 210 - 28 - 26) / 25.4 * 72
        lengths: dict[int, list[int]] = {c: [] for c in range(ncols)}
        header = {c: len(grid[(0, c)][0]) for c in range(ncols) if (0, c) in grid}
        for (r, c), (text, cs, _) in grid.items():
            if cs == 1 and r > 0:
                lengths[c].append(len(text))
        # a column as wide as its mean cell wants (long text wraps), never narrower than its heading's half
        weights = [max(2.0, header.get(c, 2) / 2, sum(v) / len(v) if v else 2.0) ** 0.75 for c, v in lengths.items()]
        longest = {c: 1 for c in range(ncols)}
        for (r, c), (text, cs, _) in grid.items():
            if cs == 1:
                longest[c] = max(longest[c], max((len(line) for line in text.split("\n")), default=1))
        minimum = [min(longest[c], 4) * TABLE_PT + 12 for c in range(ncols)]  # four characters, or the longest line
        spare = max(0.0, width_pt - sum(minimum))
        widths = [Pt(minimum[c] + spare * weights[c] / sum(weights)) for c in range(ncols)]
        table = self.doc.add_table(rows=len(rows), cols=ncols)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.style = self.doc.styles["Table Grid"]
        table.autofit = False
        for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths):
            col.set(qn("w:w"), str(int(width.twips)))  # LibreOffice lays the table out from its grid
        for r, tr in enumerate(table.rows):
            trpr = tr._tr.get_or_add_trPr()
            if r == 0:
                trpr.append(OxmlElement("w:tblHeader"))
            for c, cell in enumerate(tr.cells):
                cell.width = widths[c]
        for (r, c), (text, cs, rs) in sorted(grid.items()):
            cell = table.cell(r, c)
            if cs > 1 or rs > 1:
                cell = cell.merge(table.cell(r + rs - 1, c + cs - 1))
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            parts = text.split("\n") if text else [""]
            for i, part in enumerate(parts):
                p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
                short = len(text) <= 8
                _pformat(p, WD_ALIGN_PARAGRAPH.CENTER if (r == 0 or short) else WD_ALIGN_PARAGRAPH.JUSTIFY,
                         exact=Pt(20), size=TABLE_PT)
                add_run(p, part, HEITI if r == 0 else FANGSONG, TABLE_PT)
        self.para(exact=LINE_PITCH)

    def banji(self, lines: list[str]) -> None:
        """The 版记: a thick rule, 抄送 line(s), thin rules between, the 印发 line, a thick rule."""
        self.para()
        for i, line in enumerate(lines):
            p = self.para(exact=Pt(26), left_chars=0.5, right_chars=0.5)
            if RE_PRINTED.search(line):
                office, date = line, ""
                m = re.match(r"^(.*?)[\s\u3000]*(\d{4}年\d{1,2}月\d{1,2}日印[发發])$", line)
                if m:
                    office, date = m.group(1), m.group(2)
                p.paragraph_format.tab_stops.add_tab_stop(Pt(TEXT_WIDTH_PT - 10), alignment=2)  # right tab
                add_run(p, office, FANGSONG, BANJI_PT)
                if date:
                    add_run(p, "\t" + date, FANGSONG, BANJI_PT)
            else:
                add_run(p, line, FANGSONG, BANJI_PT)
            _border(p, "top", 12 if i == 0 else 4, "000000", 4)
            if i == len(lines) - 1:
                _border(p, "bottom", 12, "000000", 4)

    def save(self, path: Path) -> None:
        buffer = io.BytesIO()
        self.doc.core_properties.author = "gongwen"
        import datetime

        self.doc.core_properties.created = self.doc.core_properties.modified = datetime.datetime(*FIXED_TIME)
        self.doc.save(buffer)
        buffer.seek(0)
        out = io.BytesIO()
        with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
                fixed.compress_type = zipfile.ZIP_DEFLATED
                dst.writestr(fixed, src.read(info))
        path.write_bytes(out.getvalue())


# -- layout of a circular ----------------------------------------------------------------------


def _rows_of(block) -> list[list[tuple[str, int, int]]]:
    kind, rows = block
    if kind == "spans":
        return rows
    return [[(cell, 1, 1) for cell in row] for row in rows]


def _is_title(line: str) -> bool:
    return (4 <= len(line) <= 60 and not re.search(r"[。；：:，,]$", line) and not RE_H1.match(line)
            and not RE_H2.match(line) and not re.match(r"^\d", line) and bool(RE_TITLE.search(line)))


#: Documents written the way WPS writes text pasted into it (see ``_WPS``): every other source.
WPS_STEMS = {"dev01_yingshang_2026", "dev03_anquan_pdfstyle_2024", "dev05_chungeng_2022", "dev07_jiangzhou_jiancha_trad_2024",
             "001_a178c7a38815d566", "003_54c8743819056970", "govcn-01", "govcn-04", "govcn-07", "govcn-13", "govcn-15",
             "govcn-18", "govcn-26", "govcn-33", "govcn-50", "govcn-60"}


def render_docx(src: Source, path: Path) -> None:
    _WPS["on"] = src.stem in WPS_STEMS
    doc = GongwenDocx()
    blocks = list(src.blocks)
    lines_at = [i for i, b in enumerate(blocks) if b[0] == "line"]
    bantou, wenhao = src.bantou, src.wenhao
    skip: set[int] = set()
    # a 版头 and 文号 the text prints itself (its first lines)
    head = lines_at[:3]
    if bantou is None and head and RE_BANTOU.match(blocks[head[0]][1]) and len(blocks[head[0]][1]) <= 24:
        bantou = blocks[head[0]][1]
        skip.add(head[0])
        if len(head) > 1 and RE_WENHAO.match(blocks[head[1]][1]):
            wenhao = blocks[head[1]][1]
            skip.add(head[1])
    elif wenhao is not None:
        # a gov.cn article prints its 文号 under its title: it goes under the 版头 instead
        for i in lines_at[:4]:
            if re.sub(r"\s", "", blocks[i][1]) == re.sub(r"\s", "", wenhao):
                skip.add(i)
    if bantou:
        doc.bantou(bantou, wenhao)
    # the title: the first title-like line(s) among the first lines; a gov.cn title printed over two lines is joined
    title_done = False
    in_attachment = False
    after_signature = False
    i = 0
    first_lines = set(lines_at[:8])
    banji_lines: list[str] = []
    while i < len(blocks):
        kind, value = blocks[i]
        if i in skip:
            i += 1
            continue
        if kind == "blank":
            i += 1
            continue
        if kind in ("table", "spans"):
            if in_attachment and not doc.landscape:
                doc.new_section(landscape=True)
            doc.table(_rows_of(blocks[i]))
            i += 1
            continue
        line: str = value
        nxt = next((blocks[j][1] for j in range(i + 1, len(blocks)) if blocks[j][0] == "line"), "")
        # 版记 lines the text has: 抄送, and the office + date 印发 (one line, or two)
        if line.startswith(("抄送", "抄報", "抄报", "主题词", "主題詞")):
            banji_lines.append(line)
            i += 1
            continue
        if RE_PRINTED.search(line) and (banji_lines or re.match(r"^\d{4}年", line)):
            banji_lines.append(line)
            i += 1
            continue
        if RE_PRINTED.search(nxt) and re.match(r"^\d{4}年\d{1,2}月\d{1,2}日印[发發]$", nxt) and len(line) <= 24:
            banji_lines.append(f"{line} {nxt}")
            i += 1
            while blocks[i][0] != "line" or blocks[i][1] != nxt:
                i += 1
            i += 1
            continue
        if not title_done and i in first_lines:
            joined = line + nxt
            if (src.wenhao and not _is_title(line) and i + 1 < len(blocks) and blocks[i + 1] == ("line", nxt)
                    and not RE_WENHAO.match(nxt) and not re.search(r"[。；，：:]$", line) and _is_title(joined)):
                doc.title(joined)  # a gov.cn title the page prints over two lines
                title_done = True
                i += 2
                continue
            if _is_title(line):
                doc.title(line)
                title_done = True
                i += 1
                continue
        if RE_ATTACHMENT.match(line):  # an attachment starts on a new page, landscape when it holds a table
            j = i + 1
            has_table = False
            while j < len(blocks) and not (blocks[j][0] == "line" and RE_ATTACHMENT.match(blocks[j][1])):
                has_table |= blocks[j][0] in ("table", "spans")
                j += 1
            if has_table:
                doc.new_section(landscape=True)
            else:
                doc.page_break_next = True
            in_attachment = True
            doc.body(line, "attachment-label")
            if _is_title(nxt) or (nxt and len(nxt) <= 40 and not re.search(r"[。；，：]$", nxt)):
                k = next(j for j in range(i + 1, len(blocks)) if blocks[j][0] == "line")
                if blocks[k][0] == "line" and k not in skip:
                    doc.title(blocks[k][1])
                    i = k + 1
                    continue
            i += 1
            continue
        if after_signature and not in_attachment and _is_title(line) and len(line) <= 40:
            doc.page_break_next = True  # the plan a notice prints starts on its own page
            doc.title(line)
            after_signature = False
            i += 1
            continue
        if RE_DATE_LINE.match(line):
            doc.body(line, "date")
            after_signature = True
            i += 1
            continue
        if RE_DATE_LINE.match(nxt) and len(line) <= 24 and not re.search(r"[。；，：]", line):
            doc.body(line, "signature")
            i += 1
            continue
        if line.endswith(("：", ":")) and len(line) <= 80 and i in first_lines:
            doc.body(line, "addressee")
        elif RE_H1.match(line):
            doc.body(line, "h1")
        elif RE_H2.match(line):
            doc.body(line, "h2")
        else:
            doc.body(line)
        i += 1
    if not banji_lines and bantou:
        date = next((b[1] for b in reversed(blocks) if b[0] == "line" and RE_DATE_LINE.match(b[1])), None)
        if date:
            office = re.sub(r"(文件|令)$", "", bantou)
            national = office.startswith("国务院")
            cc = ("抄送：党中央各部门，中央军委办公厅，全国人大常委会办公厅，全国政协办公厅，国家监委，最高人民法院，"
                  "最高人民检察院，各民主党派中央。") if national else "抄送：党委各部门，人大常委会办公室，政协办公室，法院，检察院。"
            printer = "国务院办公厅" if national else (office if office.endswith("办公室") else office + "办公室")
            banji_lines = [cc, f"{printer} {date}印发"]
    if banji_lines:
        if doc.landscape:
            doc.new_section(landscape=False)
        doc.banji(banji_lines)
    doc.save(path)


# -- LibreOffice -------------------------------------------------------------------------------


def fontconfig(work: Path, font_dirs: list[Path]) -> Path:
    """A fonts.conf for LibreOffice alone: the given font folders (or the system's), the office names mapped."""
    dirs = "".join(f"<dir>{d}</dir>" for d in font_dirs) or "<include ignore_missing='yes'>/etc/fonts/fonts.conf</include>"
    aliases = "".join(
        f"<alias binding='strong'><family>{name}</family><prefer><family>{face}</family></prefer></alias>"
        for name, face in FONT_MAP.items())
    conf = work / "fonts.conf"
    conf.write_text(f"<?xml version='1.0'?><!DOCTYPE fontconfig SYSTEM 'fonts.dtd'><fontconfig>{dirs}"
                    f"<cachedir>{work / 'fc-cache'}</cachedir>{aliases}</fontconfig>", encoding="utf-8")
    return conf


def to_pdf(docxs: list[Path], out_dir: Path, work: Path, conf: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit("soffice not found: apt-get install libreoffice-writer-nogui")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(work), "FONTCONFIG_FILE": str(conf), "LANG": "C.UTF-8"}
    subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation={(work / 'profile').as_uri()}",
                    "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(out_dir), *map(str, docxs)],
                   check=True, env=env, capture_output=True, timeout=900)


def out_stem(stem: str) -> str:
    return f"{stem}.gongwen" if stem in GOLD_TOP else stem


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("only", nargs="*", help="only stems starting with these")
    parser.add_argument("--fonts", type=Path, action="append", default=[], help="a folder of fonts for LibreOffice")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--pages", type=Path, action="append", default=[],
                        help="render the gov.cn pages and TXT circulars of this folder (e.g. corpus/real/dev2) instead "
                             "of the default sources, into --out, to score the PDF path on other real documents")
    args = parser.parse_args()
    if args.pages:
        sources = [html_source(p) if p.suffix == ".html" else txt_source(p)
                   for folder in args.pages for p in sorted([*folder.glob("*.html"), *folder.glob("*.txt")])]
    else:
        sources = [txt_source(p) for p in TXT_SOURCES] + [html_source(p) for p in HTML_SOURCES]
    sources = [s for s in sources if not args.only or s.stem.startswith(tuple(args.only))]
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gongwen-render-") as tmp:
        work = Path(tmp)
        conf = fontconfig(work, [d.resolve() for d in args.fonts])
        docxs = []
        for src in sources:
            path = args.out / f"{out_stem(src.stem)}.docx"
            render_docx(src, path)
            docxs.append(path)
        to_pdf(docxs, work / "pdf", work, conf)
        for docx_path in docxs:
            pdf = work / "pdf" / f"{docx_path.stem}.pdf"
            shutil.move(pdf, args.out / pdf.name)
            print(args.out / pdf.name, (args.out / pdf.name).stat().st_size)


if __name__ == "__main__":
    main()
