"""DOCX reader: what Word shows is read once — content controls, tracked changes, text boxes, merged cells — and nothing else."""

from __future__ import annotations

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml

from pipeline.run.batch import run
from pipeline.ingest.readers import read_path
from pipeline.ingest.readers._docx_body import body_blocks, chosen_branch, inline_content, table_rows

NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def xml(fragment: str):
    """A parsed fragment: the namespaces are declared on a wrapper whose only child is returned."""
    return parse_xml(f"<w:wrap {NS}>{fragment}</w:wrap>")[0]


def p(*runs: str) -> str:
    return "<w:p>" + "".join(runs) + "</w:p>"


def r(text: str) -> str:
    return f"<w:r><w:t xml:space='preserve'>{text}</w:t></w:r>"


def box(*paragraphs: str) -> str:
    """A text box as Word writes it: DrawingML in mc:Choice and the same text again as VML in mc:Fallback."""
    content = "<w:txbxContent>" + "".join(p(r(t)) for t in paragraphs) + "</w:txbxContent>"
    return (
        "<w:r><mc:AlternateContent><mc:Choice Requires='wps'><w:drawing><wp:anchor><a:graphic><a:graphicData>"
        f"<wps:wsp><wps:txbx>{content}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"
        f"</mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{content}</v:textbox></v:shape></w:pict>"
        "</mc:Fallback></mc:AlternateContent></w:r>"
    )


def tc(text: str, *, span: int = 1, merge: str | None = None) -> str:
    props = (f"<w:gridSpan w:val='{span}'/>" if span > 1 else "") + (
        "<w:vMerge/>" if merge == "continue" else f"<w:vMerge w:val='{merge}'/>" if merge else ""
    )
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{p(r(text)) if text else p()}</w:tc>"


def tbl(*rows: str) -> str:
    return "<w:tbl>" + "".join(rows) + "</w:tbl>"


def tr(*cells: str, props: str = "") -> str:
    return f"<w:tr>{'<w:trPr>' + props + '</w:trPr>' if props else ''}{''.join(cells)}</w:tr>"


def no_label(_p):
    return None


def join(label, suffix, text):
    return label + text


def body_text(*blocks: str) -> str:
    return "".join(body_blocks(xml("<w:body>" + "".join(blocks) + "</w:body>"), no_label, join))


# -- paragraphs ------------------------------------------------------------------------------

INS = "<w:ins w:id='1' w:author='审核人'>{}</w:ins>"
DEL = "<w:del w:id='2' w:author='审核人'>{}</w:del>"


@pytest.mark.parametrize(
    "fragment, expected",
    [
        # a tracked insertion is read (python-docx's paragraph.text skips w:ins), the deletion is not
        (p(r("一、"), INS.format(r("总体要求")), DEL.format("<w:r><w:delText>和目标</w:delText></w:r>")), "一、总体要求"),
        # a run-level content control (文号 field of a template) is read
        (p(r("文号："), "<w:sdt><w:sdtPr><w:alias w:val='文号'/></w:sdtPr><w:sdtContent>"
           + r("×政办发〔2026〕12号") + "</w:sdtContent></w:sdt>"), "文号：×政办发〔2026〕12号"),
        # an empty content control shows placeholder text: not part of the circular
        (p(r("签发人："), "<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>"
           + r("单击或点击此处输入文字。") + "</w:sdtContent></w:sdt>"), "签发人："),
        # hyperlink, smart tag and simple field results are text
        (p(r("见"), "<w:hyperlink w:anchor='fj1'>" + r("附件1") + "</w:hyperlink>", r("，于"),
           "<w:smartTag w:element='date'>" + r("3月15日") + "</w:smartTag>", "<w:fldSimple w:instr=' DATE '>" + r("前") + "</w:fldSimple>"),
         "见附件1，于3月15日前"),
        # a complex field shows its result, never its code
        (p(r("第"), "<w:r><w:fldChar w:fldCharType='begin'/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>"
           "<w:r><w:fldChar w:fldCharType='separate'/></w:r>", r("3"), "<w:r><w:fldChar w:fldCharType='end'/></w:r>", r("页")),
         "第3页"),
        # moved text is read once, where it was moved to
        (p("<w:moveFrom w:id='3' w:author='a'>" + r("（市财政局牵头）") + "</w:moveFrom>", r("加强资金保障"),
           "<w:moveTo w:id='4' w:author='a'>" + r("（市财政局牵头）") + "</w:moveTo>"), "加强资金保障（市财政局牵头）"),
        # hidden text (w:vanish) is not shown by Word
        (p(r("落实责任"), "<w:r><w:rPr><w:vanish/></w:rPr><w:t>内部备注</w:t></w:r>", r("。")), "落实责任。"),
        # a line break is a new line, a page break is not text; tabs stay tabs
        (p("<w:r><w:t>牵头单位：市财政局</w:t><w:br/><w:t>配合单位：市税务局</w:t><w:br w:type='page'/></w:r>"),
         "牵头单位：市财政局\n配合单位：市税务局"),
    ],
)
def test_paragraph_text_as_word_shows_it(fragment, expected):
    assert body_text(fragment) == expected + "\n"


def test_paragraph_deleted_with_its_mark_leaves_no_line():
    deleted = "<w:p><w:pPr><w:rPr><w:del w:id='5' w:author='a'/></w:rPr></w:pPr>" + DEL.format(
        "<w:r><w:delText>（三）删除的段落</w:delText></w:r>") + "</w:p>"
    assert body_text(p(r("前")), deleted, p(r("后"))) == "前\n后\n"


# -- text boxes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fragment, expected",
    [
        # letterhead box anchored at the start of the 文号 line: box first, its VML copy not read again
        (p(box("××市人民政府办公室文件"), r("×政办发〔2026〕12号")), ["××市人民政府办公室文件", "×政办发〔2026〕12号"]),
        # a box anchored after the paragraph's text comes after it, the paragraph stays whole
        (p(r("附件："), box("重点任务进度安排表"), r("（略）")), ["附件：（略）", "重点任务进度安排表"]),
        # an empty anchor paragraph: only the box's lines
        (p(box("一、提升政务服务效能", "（一）深化“一网通办”改革。")), ["一、提升政务服务效能", "（一）深化“一网通办”改革。", ""]),
        # an old VML-only text box (no mc:AlternateContent) is read too
        (p("<w:r><w:pict><v:shape><v:textbox><w:txbxContent>" + p(r("抄送：市委办公室")) + "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"),
         ["抄送：市委办公室", ""]),
        # a box inside a box: each read once
        (p("<w:r><w:pict><v:shape><v:textbox><w:txbxContent>" + p(r("外框"), box("内框")) + "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"),
         ["外框", "内框", ""]),
    ],
)
def test_text_boxes_read_once_at_their_anchor(fragment, expected):
    assert body_text(fragment).split("\n")[:-1] == expected


def test_group_of_boxes_reads_every_box_of_the_chosen_branch():
    group = (
        "<w:r><mc:AlternateContent><mc:Choice Requires='wpg'><w:drawing><wp:anchor><a:graphic><a:graphicData><wpg:wgp>"
        "<wps:wsp><wps:txbx><w:txbxContent>" + p(r("主送：各区县")) + "</w:txbxContent></wps:txbx></wps:wsp>"
        "<wps:wsp><wps:txbx><w:txbxContent>" + p(r("抄送：市委办")) + "</w:txbxContent></wps:txbx></wps:wsp>"
        "</wpg:wgp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:group>"
        "<v:shape><v:textbox><w:txbxContent>" + p(r("主送：各区县")) + "</w:txbxContent></v:textbox></v:shape>"
        "</v:group></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )
    assert body_text(p(group)) == "主送：各区县\n抄送：市委办\n\n"


def test_chosen_branch_prefers_the_branch_with_a_text_box():
    alternate = xml("<mc:AlternateContent><mc:Choice Requires='wps'><w:drawing/></mc:Choice>"
                    "<mc:Fallback><w:pict><v:textbox><w:txbxContent/></v:textbox></w:pict></mc:Fallback></mc:AlternateContent>")
    assert chosen_branch(alternate).tag.endswith("Fallback")


def test_inline_content_splits_boxes_before_and_after():
    text, before, after = inline_content(xml(p(box("甲"), r("正文"), box("乙"))))
    assert (text, len(before), len(after)) == ("正文", 1, 1)


def placed_box(text: str, frame: str, offset: int | None = None, align: str | None = None) -> str:
    """A floating DrawingML text box placed ``offset`` EMU (or aligned) from ``frame``, vertically."""
    where = f"<wp:align>{align}</wp:align>" if align else f"<wp:posOffset>{offset}</wp:posOffset>"
    return (
        f"<w:r><w:drawing><wp:anchor><wp:positionV relativeFrom='{frame}'>{where}</wp:positionV><a:graphic><a:graphicData>"
        f"<wps:wsp><wps:txbx><w:txbxContent>{p(r(text))}</w:txbxContent></wps:txbx></wps:wsp>"
        "</a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>"
    )


def vml_box(text: str, style: str) -> str:
    return f"<w:r><w:pict><v:rect style='{style}'><v:textbox><w:txbxContent>{p(r(text))}</w:txbxContent></v:textbox></v:rect></w:pict></w:r>"


TITLE = "总局在质检系统开展检测工作整顿活动重点工作安排"


@pytest.mark.parametrize(
    "fragment, expected",
    [
        # LibreOffice writes a frame after the text of the paragraph it is anchored to, placed on the page
        # near its top (a .doc's text box read back): read before the paragraph, where it stands
        (p(r(TITLE), placed_box("附件：", "page", 1332230)), ["附件：", TITLE]),
        # placed above its paragraph (a negative offset from it)
        (p(r(TITLE), placed_box("附件：", "paragraph", -360000)), ["附件：", TITLE]),
        # aligned to the top of the margin: a letterhead
        (p(r("×政办发〔2026〕12号"), placed_box("××市人民政府办公室文件", "margin", align="top")),
         ["××市人民政府办公室文件", "×政办发〔2026〕12号"]),
        # a VML frame placed on the page near its top (position:absolute, mso-position-vertical-relative)
        (p(r(TITLE), vml_box("附件：", "position:absolute;margin-top:104.9pt;mso-position-vertical-relative:page")),
         ["附件：", TITLE]),
        # in the lower half of the page: after the paragraph, as before
        (p(r("正文"), placed_box("抄送：市委办公室", "page", 9000000)), ["正文", "抄送：市委办公室"]),
        # aligned to the bottom of the page: after
        (p(r("正文"), placed_box("抄送：市委办公室", "page", align="bottom")), ["正文", "抄送：市委办公室"]),
        # placed below the top of its paragraph: after the text it follows
        (p(r("正文"), placed_box("重点任务进度安排表", "paragraph", 635)), ["正文", "重点任务进度安排表"]),
        # a VML shape placed from its paragraph downwards: after
        (p(r("正文"), vml_box("重点任务进度安排表", "position:absolute;margin-top:12pt")), ["正文", "重点任务进度安排表"]),
    ],
)
def test_box_placed_above_its_paragraph_comes_first(fragment, expected):
    assert body_text(fragment).split("\n")[:-1] == expected


# -- what LibreOffice writes ------------------------------------------------------------------

PLACEHOLDER = "单击或点击此处输入文字。"
EMPTIED = "<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:r><w:rPr></w:rPr></w:r></w:sdtContent></w:sdt>"


@pytest.mark.parametrize(
    "fragment, expected",
    [
        # a .doc read back: the control is gone, its placeholder is plain text in the run before it
        (p(r("×政办发〔2026〕12号" + PLACEHOLDER)), "×政办发〔2026〕12号"),
        # LibreOffice's DOCX: the control is emptied (still w:showingPlcHdr) and its text follows it
        (p("<w:sdt><w:sdtPr></w:sdtPr><w:sdtContent>" + r("×政办发〔2026〕12号") + EMPTIED + r(PLACEHOLDER)
           + "</w:sdtContent></w:sdt>"), "×政办发〔2026〕12号"),
        # the placeholder cut over two runs
        (p(r(TITLE + "单击或点击"), r("此处输入文字。")), TITLE),
        # Word 2010's wording, and the English one
        (p(r("签发人：单击此处输入文字。")), "签发人："),
        (p(r("签发人："), r("Click or tap here to enter text.")), "签发人："),
        # a paragraph of nothing but the placeholder is an empty line
        (p(r(PLACEHOLDER)), ""),
        # text that only speaks of clicking stays
        (p(r("请单击此处输入文字后点击“提交”。")), "请单击此处输入文字后点击“提交”。"),
    ],
)
def test_placeholder_text_is_never_read(fragment, expected):
    assert body_text(fragment) == expected + "\n"


def control(alias: str, *texts: str) -> str:
    """A run-level content control as LibreOffice writes it: a new w:id, the alias kept, no tag."""
    return (f"<w:sdt><w:sdtPr><w:id w:val='{1746082294 + len(texts)}'/><w:alias w:val='{alias}'/></w:sdtPr><w:sdtContent>"
            "<w:r>" + "".join(f"<w:t>{t}</w:t>" for t in texts) + "</w:r></w:sdtContent></w:sdt>")


T = "××市2026年优化营商环境重点任务分工方案"


@pytest.mark.parametrize(
    "fragment, expected",
    [
        # LibreOffice cut the 标题 control into one per script run (×× 市 2026 年…), each holding a piece
        # and the whole title again: read once
        (p(control("标题", T), control("标题", "市", T), control("标题", "2026", T),
           control("标题", "年优化营商环境重点任务分工方案", T), control("标题", T)), T),
        # the same in a text box, with LibreOffice's empty runs between the controls
        (p(control("标题", "附件："), "<w:r><w:rPr></w:rPr></w:r>", control("标题", "附件：", "附件："), control("标题", "附件：")),
         "附件："),
        # controls with other names are other controls
        (p(control("牵头单位", "市财政局"), control("配合单位", "市财政局")), "市财政局市财政局"),
        # text between two controls: both read
        (p(control("标题", T), r("（征求意见稿）"), control("标题", T)), T + "（征求意见稿）" + T),
        # a control that does not end with the text of the one before is read
        (p(control("文号", "×政办发〔2026〕12号"), control("文号", "〔2026〕13号")), "×政办发〔2026〕12号〔2026〕13号"),
    ],
)
def test_content_control_copies_read_once(fragment, expected):
    assert body_text(fragment) == expected + "\n"


def field(instruction: str) -> str:
    """The start of a complex field up to its result: begin (a form field for FORMTEXT), code, separate."""
    data = "<w:ffData><w:name w:val='Unnamed'/><w:enabled/><w:textInput/></w:ffData>" if "FORMTEXT" in instruction else ""
    return (f"<w:r><w:fldChar w:fldCharType='begin'>{data}</w:fldChar></w:r>"
            f"<w:r><w:instrText xml:space='preserve'>{instruction}</w:instrText></w:r><w:r><w:fldChar w:fldCharType='separate'/></w:r>")


END = "<w:r><w:fldChar w:fldCharType='end'/></w:r>"
FORM = field(" FORMTEXT ")


@pytest.mark.parametrize(
    "fragments, expected",
    [
        # the 标题 control of a .doc LibreOffice saved, read back: form fields each showing the whole title,
        # their results reaching over paragraph marks, the script runs between them: the title once
        ((p(FORM, r(T)), p(END, r("市"), FORM, r(T)), p(END, r("2026"), FORM, r(T)),
          p(END, r("年优化营商环境重点任务分工方案"), FORM, r(T)), p(END), p(FORM, r(T)), p(END)),
         [T, "", "", "", "", "", ""]),
        # in a text box
        ((p("<w:r><w:pict><v:shape><v:textbox><w:txbxContent>" + p(FORM, r("附件：")) + p(END, r("附件："), FORM, r("附件："))
            + p(END) + "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"),), ["附件：", "", "", ""]),
        # form fields showing different text are all read
        ((p(FORM, r("市财政局"), END, r("、"), FORM, r("市税务局"), END),), ["市财政局、市税务局"]),
        # the same text with other text between: both read
        ((p(FORM, r("市财政局"), END, r("牵头，"), FORM, r("市财政局"), END, r("负责")),), ["市财政局牵头，市财政局负责"]),
        # fields that are not form fields (a cross-reference) are all read
        ((p(field(" REF 标题 \\h "), r(T), END, field(" REF 标题 \\h "), r(T), END),), [T + T]),
        # the same form field in two table cells: each cell keeps its own
        ((tbl(tr("<w:tc>" + p(FORM, r("市财政局"), END) + "</w:tc>", "<w:tc>" + p(FORM, r("市财政局"), END) + "</w:tc>")),),
         ["", "\t市财政局", "\t市财政局", ""]),
    ],
)
def test_form_field_copies_read_once(fragments, expected):
    assert body_text(*fragments).split("\n")[:-1] == expected


# -- content controls around blocks, rows and cells -----------------------------------------

SDT = "<w:sdt><w:sdtPr><w:alias w:val='{}'/></w:sdtPr><w:sdtContent>{}</w:sdtContent></w:sdt>"


@pytest.mark.parametrize(
    "fragment, expected",
    [
        # a block-level control around the title (python-docx's paragraph iteration skips it)
        (SDT.format("标题", p(r("关于做好春耕生产重点工作的通知"))), "关于做好春耕生产重点工作的通知\n"),
        # nested controls and w:customXml around a paragraph
        (SDT.format("正文", "<w:customXml w:element='body'>" + SDT.format("段", p(r("一、总体要求"))) + "</w:customXml>"), "一、总体要求\n"),
        # a repeating-section control around a table row, and a control around one cell
        (tbl(tr(tc("序号"), tc("牵头单位")), SDT.format("行", tr(tc("1"), SDT.format("格", tc("市农业农村局"))))),
         "\n\t序号\n\t牵头单位\n\n\t1\n\t市农业农村局\n\n"),
    ],
)
def test_content_controls_are_read(fragment, expected):
    assert body_text(fragment) == expected


# -- tables ----------------------------------------------------------------------------------

HEAD = tr(tc("序号"), tc("重点任务"), tc("具体措施"), tc("牵头单位"))


def cells(fragment: str) -> list[list[str]]:
    """The table's rows as cell texts, '·' for an empty filler cell."""
    out = []
    for row in table_rows(xml(fragment)):
        out.append(["·" if c is None else "".join(t.text for t in c.iter() if t.tag.endswith("}t")) for c in row])
    return out


@pytest.mark.parametrize(
    "rows, expected",
    [
        # 牵头单位 merged down over two task rows: the same lead in each row, once per row
        ((tr(tc("1"), tc("稳定粮食播种面积"), tc("分解任务"), tc("市农业农村局", merge="restart")),
          tr(tc("2"), tc("推进高标准农田"), tc("新建农田"), tc("", merge="continue"))),
         [["1", "稳定粮食播种面积", "分解任务", "市农业农村局"], ["2", "推进高标准农田", "新建农田", "市农业农村局"]]),
        # 重点任务 spanning 具体措施 too: read once, an empty cell keeps 牵头单位 under its heading
        ((tr(tc("3"), tc("抓好春季农资保供", span=2), tc("市供销社")),),
         [["3", "抓好春季农资保供", "·", "市供销社"]]),
        # a heading row across the whole table stays one cell (not a task row)
        ((tr(tc("一、粮食生产", span=4)),), [["一、粮食生产"]]),
        # a row starting one column late (w:gridBefore) keeps its cells in their columns
        ((tr(tc("无序号任务"), tc("措施"), tc("市水利局"), props="<w:gridBefore w:val='1'/>"),),
         [["·", "无序号任务", "措施", "市水利局"]]),
        # a tracked deleted row is gone
        ((tr(tc("9"), tc("已删除任务"), tc("措施"), tc("市林业局"), props="<w:del w:id='7' w:author='a'/>"),), []),
        # Word 97's horizontal merge (w:hMerge): the continued cell is a filler, not a second 重点任务
        (("<w:tr>" + tc("6") + "<w:tc><w:tcPr><w:hMerge w:val='restart'/></w:tcPr>" + p(r("发展乡村特色产业")) + "</w:tc>"
          "<w:tc><w:tcPr><w:hMerge/></w:tcPr>" + p() + "</w:tc>" + tc("市农业农村局") + "</w:tr>",),
         [["6", "发展乡村特色产业", "·", "市农业农村局"]]),
        # a merged cell continuing over a merge that spans two columns: one lead, one filler
        ((tr(tc("4"), tc("任务甲"), tc("市农业农村局、市财政局", span=2, merge="restart")),
          tr(tc("5"), tc("任务乙"), tc("", span=2, merge="continue"))),
         [["4", "任务甲", "市农业农村局、市财政局", "·"], ["5", "任务乙", "市农业农村局、市财政局", "·"]]),
    ],
)
def test_table_rows_on_the_grid(rows, expected):
    assert cells(tbl(HEAD, *rows))[1:] == expected


GRID = "<w:tblGrid>" + "<w:gridCol w:w='2000'/>" * 4 + "</w:tblGrid>"


@pytest.mark.parametrize("row, expected", [
    # a 1.7 KB DOCX with this span took 107 s and 23 GB (issue #13): the span ends at the grid
    (tr(tc("7"), tc("任务丙", span=100_000_000), tc("市水利局")), ["7", "任务丙", "·", "·", "市水利局"]),
    (tr(tc("任务丁"), tc("市林业局"), props="<w:gridBefore w:val='100000000'/>"), ["·", "·", "·", "任务丁", "市林业局"]),
])  # fmt: skip
def test_table_gridspan_100000000_clamped_to_the_grid(row, expected):
    import time

    started = time.perf_counter()
    assert cells("<w:tbl>" + GRID + HEAD + row + "</w:tbl>")[1] == expected
    assert time.perf_counter() - started < 1


def test_table_gridspan_without_a_grid_ends_at_64_columns():
    row = cells(tbl(tr(tc("8"), tc("任务戊", span=100_000_000), tc("市水利局"))))[0]
    assert len(row) == 1 + 64 and row[:2] == ["8", "任务戊"] and row[-1] == "市水利局"


def test_cell_blank_lines_left_out():
    """A blank line inside a cell would end the row for pipeline.ingest.tables: cells keep only their non-blank lines."""
    cell = "<w:tc>" + p(r("市财政局")) + p() + p(r("市税务局")) + "</w:tc>"
    assert body_text(tbl(tr(tc("牵头单位"), cell))) == "\n\t牵头单位\n\t市财政局\n市税务局\n\n"


# -- whole files -----------------------------------------------------------------------------


def _document_with(*fragments: str):
    document = docx.Document()
    body = document.element.body
    for fragment in fragments:
        body.insert(len(body) - 1, xml(fragment))  # before w:sectPr
    return document


def _add_footnotes(document, text: str) -> None:
    """A footnotes part with one footnote, referenced from the last paragraph."""
    W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    blob = (
        f'<w:footnotes xmlns:w="{W}"><w:footnote w:id="1"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:footnote></w:footnotes>'
    ).encode()
    part = Part(PackURI("/word/footnotes.xml"), "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                blob, document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)
    document.paragraphs[-1]._p.append(xml("<w:r><w:footnoteReference w:id='1'/></w:r>"))


def test_headers_footers_footnotes_and_comments_are_not_content(tmp_path):
    document = _document_with(p(r("关于做好春耕生产重点工作的通知")), p(r("一、稳定粮食生产")))
    section = document.sections[0]
    section.header.paragraphs[0].text = "××市人民政府办公室文件"
    footer = section.footer.paragraphs[0]
    footer._p.append(xml("<w:r><w:t>— </w:t></w:r>"))
    footer._p.append(xml("<w:fldSimple w:instr=' PAGE '><w:r><w:t>1</w:t></w:r></w:fldSimple>"))
    footer._p.append(xml("<w:r><w:t> —</w:t></w:r>"))
    document.add_comment(document.paragraphs[0].runs, text="请核对标题", author="审核人")
    _add_footnotes(document, "此处指2022年数据。")
    path = tmp_path / "plan.docx"
    document.save(path)
    source = read_path(path)
    assert source.text == "关于做好春耕生产重点工作的通知\n一、稳定粮食生产\n"


def test_blocks_are_paragraph_lines_and_cells(tmp_path):
    document = _document_with(
        p(box("××市农业农村局文件"), r("×农发〔2022〕15号")),
        tbl(tr(tc("序号"), tc("牵头单位")), tr(tc("1"), tc("市农业农村局", merge="restart")), tr(tc("2"), tc("", merge="continue"))),
    )
    path = tmp_path / "plan.docx"
    document.save(path)
    source = read_path(path)
    pieces = [source.text[a:b] for a, b, _, _ in source.blocks]
    assert "".join(pieces) == source.text and all(page is None and bbox is None for _, _, page, bbox in source.blocks)
    assert pieces == ["××市农业农村局文件\n", "×农发〔2022〕15号\n", "\n", "\t序号\n", "\t牵头单位\n", "\n",
                      "\t1\n", "\t市农业农村局\n", "\n", "\t2\n", "\t市农业农村局\n", "\n"]


def test_merged_lead_cell_gives_every_task_row_its_lead(tmp_path):
    """End to end: a 牵头单位 merged over three task rows names the lead of all three tasks."""
    head = tr(tc("序号"), tc("重点任务"), tc("牵头单位"), tc("完成时限"))
    rows = [
        tr(tc("1"), tc("稳定粮食播种面积，确保全年粮食播种面积稳定在120万亩以上"), tc("市农业农村局", merge="restart"), tc("6月底前")),
        tr(tc("2"), tc("推进高标准农田建设，新建高标准农田12万亩"), tc("", merge="continue"), tc("9月30日前")),
        tr(tc("3"), tc("抓好春季农资保供，组织开展农资打假专项行动"), tc("", merge="continue"), tc("长期坚持")),
    ]
    document = _document_with(p(r("春耕生产重点工作任务分工表")), tbl(head, *rows))
    path = tmp_path / "chungeng.docx"
    document.save(path)
    result = run([path])
    assert not result.failures
    tables = result.documents[0].tables
    tasks = {t.task_id: t for t in tables["tasks"]}
    assert len(tasks) == 3
    leads = sorted((tasks[d.task_id].seq, d.name) for d in tables["departments"] if d.role == "lead")
    assert leads == [(1, "市农业农村局"), (2, "市农业农村局"), (3, "市农业农村局")]
    assert all(t.text.count("市农业农村局") <= 1 for t in tasks.values())
