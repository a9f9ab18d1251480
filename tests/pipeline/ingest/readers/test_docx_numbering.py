"""DOCX reader: Word's automatic list numbering (numbering.xml) rendered into the text."""

from __future__ import annotations

import io
import re
import zipfile

import docx
import pytest
from docx.oxml import parse_xml

from pipeline.ingest.readers import read_path
from pipeline.ingest.readers._docx_numbering import bullet_text, format_number, join_label

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def lvl(ilvl, fmt, text, *, start=1, suff=None, restart=None, legal=False):
    parts = [f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>']
    if restart is not None:
        parts.append(f'<w:lvlRestart w:val="{restart}"/>')
    if legal:
        parts.append("<w:isLgl/>")
    if suff:
        parts.append(f'<w:suff w:val="{suff}"/>')
    parts.append(f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>')
    return "".join(parts)


#: abstractNum 0: the plan's 一、 / （一） / 1. ; 1: ① ; 2: a dash bullet ; 3: decimal 1. ;
#: 4: 1. / 1.1 ; 5: 一、 / 1. whose level 2 never restarts ; 6: Symbol-font bullet ; 7: 甲乙丙
ABSTRACTS = {
    0: lvl(0, "chineseCounting", "%1、") + lvl(1, "chineseCounting", "（%2）") + lvl(2, "decimal", "%3."),
    1: lvl(0, "decimalEnclosedCircle", "%1", suff="nothing"),
    2: lvl(0, "bullet", "—", suff="nothing"),
    3: lvl(0, "decimal", "%1."),
    4: lvl(0, "decimal", "%1.") + lvl(1, "decimal", "%1.%2"),
    5: lvl(0, "chineseCountingThousand", "%1、") + lvl(1, "decimal", "%2.", restart=0),
    6: lvl(0, "bullet", "\uf0b7"),
    7: lvl(0, "ideographTraditional", "%1、"),
}
#: numId -> (abstractNumId, {ilvl: startOverride})
NUMS = {
    1: (0, {}),
    2: (1, {}),
    3: (2, {}),
    4: (3, {}),
    5: (3, {0: 5}),  # the same list restarted at 5
    6: (4, {}),
    7: (5, {}),
    8: (6, {}),
    9: (7, {}),
    10: (0, {}),  # shares abstractNum 0 with numId 1: continues its counters
}


def numbering_xml() -> str:
    abstracts = "".join(
        f'<w:abstractNum w:abstractNumId="{i}"><w:multiLevelType w:val="multilevel"/>{body}</w:abstractNum>'
        for i, body in ABSTRACTS.items()
    )
    nums = []
    for num_id, (abstract, starts) in NUMS.items():
        overrides = "".join(
            f'<w:lvlOverride w:ilvl="{i}"><w:startOverride w:val="{s}"/></w:lvlOverride>' for i, s in starts.items()
        )
        nums.append(f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract}"/>{overrides}</w:num>')
    return f'<w:numbering xmlns:w="{W}">{abstracts}{"".join(nums)}</w:numbering>'


def new_document():
    document = docx.Document()
    document.part.numbering_part._element = parse_xml(numbering_xml())
    return document


def add(document, text, num_id=None, ilvl=0, *, style=None):
    """A paragraph, auto-numbered with ``num_id``/``ilvl`` when given (its text has no label)."""
    paragraph = document.add_paragraph(text, style=style)
    if num_id is not None:
        num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = ilvl
        num_pr.get_or_add_numId().val = num_id
    return paragraph


def read(document, tmp_path, name="plan.docx"):
    path = tmp_path / name
    document.save(path)
    return read_path(path)


def lines(source) -> list[str]:
    return [line for line in source.text.split("\n") if line]


PLAN = [
    ("关于印发质量提升工作方案的通知", None, 0),
    ("总体要求", 1, 0),
    ("加强组织领导", 1, 1),
    ("完善工作制度。", 1, 2),
    ("健全考核机制。", 1, 2),
    ("强化保障措施", 1, 1),
    ("落实经费保障。", 1, 2),
    ("工作要求", 1, 0),
    ("各单位要高度重视，认真组织实施。", None, 0),
]
PLAN_LINES = [
    "关于印发质量提升工作方案的通知",
    "一、总体要求",
    "（一）加强组织领导",
    "1.完善工作制度。",
    "2.健全考核机制。",
    "（二）强化保障措施",
    "1.落实经费保障。",
    "二、工作要求",
    "各单位要高度重视，认真组织实施。",
]


def plan_document():
    document = new_document()
    for text, num_id, ilvl in PLAN:
        add(document, text, num_id, ilvl)
    return document


def test_three_level_plan_labels_and_restarts(tmp_path):
    source = read(plan_document(), tmp_path)
    assert lines(source) == PLAN_LINES
    # every block is still one paragraph, label included
    assert [source.text[a:b] for a, b, _, _ in source.blocks] == [line + "\n" for line in PLAN_LINES]


def test_shared_abstract_continues_and_start_override_restarts(tmp_path):
    document = new_document()
    add(document, "甲项", 4)
    add(document, "乙项", 4)
    add(document, "中间说明")
    add(document, "丙项", 4)  # the same list, interrupted: continues
    add(document, "重新编号", 5)  # numId 5 = abstract 3 with startOverride 5
    add(document, "再下一项", 5)
    add(document, "原列表", 4)  # numId 4 shares the counters numId 5 moved on
    add(document, "另起一章", 10)  # numId 10 shares abstractNum 0 with numId 1
    assert lines(read(document, tmp_path)) == [
        "1.甲项", "2.乙项", "中间说明", "3.丙项", "5.重新编号", "6.再下一项", "7.原列表", "一、另起一章",
    ]


def test_circled_dash_symbol_and_stem_formats(tmp_path):
    document = new_document()
    for text in ("第一项", "第二项", "第三项"):
        add(document, text, 2)
    for text in ("推进标准化建设；", "加强认证认可；"):
        add(document, text, 3)
    add(document, "要点", 8)
    for text in ("准备阶段", "实施阶段"):
        add(document, text, 9)
    assert lines(read(document, tmp_path)) == [
        "①第一项", "②第二项", "③第三项", "——推进标准化建设；", "——加强认证认可；", "•要点", "甲、准备阶段", "乙、实施阶段",
    ]


def test_multilevel_text_and_lvl_restart_never(tmp_path):
    document = new_document()
    for text, num_id, ilvl in [
        ("范围", 6, 0), ("适用对象", 6, 1), ("适用时间", 6, 1), ("职责", 6, 0), ("牵头单位", 6, 1),
        ("准备", 7, 0), ("摸底", 7, 1), ("实施", 7, 0), ("整改", 7, 1),
    ]:
        add(document, text, num_id, ilvl)
    assert lines(read(document, tmp_path)) == [
        "1.范围", "1.1 适用对象", "1.2 适用时间", "2.职责", "2.1 牵头单位",
        "一、准备", "1.摸底", "二、实施", "2.整改",  # lvlRestart 0: level 2 counts on
    ]


def test_num_id_zero_and_unknown_num_have_no_label(tmp_path):
    document = new_document()
    add(document, "不编号", 0)
    add(document, "未定义的列表", 99)
    add(document, "总体要求", 1)
    assert lines(read(document, tmp_path)) == ["不编号", "未定义的列表", "一、总体要求"]


def test_template_list_styles_carry_numbering(tmp_path):
    """python-docx's own template: "List Number" / "List Bullet" number through their styles; numId 0 turns it off."""
    document = docx.Document()
    add(document, "加强组织领导", style="List Number")
    add(document, "完善工作制度", style="List Number")
    add(document, "要点", style="List Bullet")
    add(document, "关掉样式编号", 0, style="List Number")
    add(document, "健全考核机制", style="List Number")
    assert lines(read(document, tmp_path)) == ["1.加强组织领导", "2.完善工作制度", "•要点", "关掉样式编号", "3.健全考核机制"]


def test_style_numbering_follows_based_on(tmp_path):
    document = new_document()
    styles = document.styles.element
    styles.append(parse_xml(
        f'<w:style xmlns:w="{W}" w:type="paragraph" w:styleId="PlanHeading"><w:name w:val="Plan Heading"/>'
        '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
    ))
    styles.append(parse_xml(
        f'<w:style xmlns:w="{W}" w:type="paragraph" w:styleId="PlanHeading2"><w:name w:val="Plan Heading 2"/>'
        '<w:basedOn w:val="PlanHeading"/><w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>'
    ))
    add(document, "总体要求", style="Plan Heading")
    add(document, "加强领导", style="Plan Heading 2")
    add(document, "工作要求", style="Plan Heading")
    assert lines(read(document, tmp_path)) == ["一、总体要求", "（一）加强领导", "二、工作要求"]


def test_numbered_table_cells(tmp_path):
    document = new_document()
    table = document.add_table(rows=3, cols=2)
    for cell, text in zip(table.rows[0].cells, ["序号", "重点工作"]):
        cell.text = text
    for row, work in zip(table.rows[1:], ["开展调研", "完善标准"]):
        row.cells[0].text = ""
        number = row.cells[0].paragraphs[0]._p.get_or_add_pPr().get_or_add_numPr()
        number.get_or_add_ilvl().val = 0
        number.get_or_add_numId().val = 4
        row.cells[1].text = work
    source = read(document, tmp_path)
    assert "\t序号\n\t重点工作\n\n\t1.\n\t开展调研\n\n\t2.\n\t完善标准\n" in source.text


def test_docx_without_numbering_part_still_reads(tmp_path):
    document = docx.Document()
    document.add_paragraph("一、总体要求")
    document.add_paragraph("1.加强组织领导。")
    buffer = io.BytesIO()
    document.save(buffer)
    stripped = io.BytesIO()
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(stripped, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/numbering.xml":
                continue
            if info.filename in ("word/_rels/document.xml.rels", "[Content_Types].xml"):
                data = re.sub(rb"<(?:Relationship|Override)[^>]*numbering[^>]*/>", b"", data)
            dst.writestr(info, data)
    with zipfile.ZipFile(io.BytesIO(stripped.getvalue())) as check:
        assert "word/numbering.xml" not in check.namelist()
    path = tmp_path / "plain.docx"
    path.write_bytes(stripped.getvalue())
    source = read_path(path)
    assert lines(source) == ["一、总体要求", "1.加强组织领导。"]
    assert source.warnings == ()


def test_odd_numbering_values_do_not_break_reading(tmp_path):
    document = docx.Document()
    document.part.numbering_part._element = parse_xml(
        f'<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="0">'
        '<w:lvl w:ilvl="x"><w:numFmt w:val="decimal"/></w:lvl>'
        '<w:lvl w:ilvl="0"><w:start w:val="zz"/><w:numFmt w:val="fancyFormat"/><w:lvlText w:val="%1)%9"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:numFmt w:val="none"/><w:lvlText w:val="%2"/></w:lvl>'
        '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="404"/></w:num></w:numbering>'
    )
    add(document, "第一", 1)
    add(document, "无标签", 1, 1)
    add(document, "缺少定义", 2)
    add(document, "级别过深", 1, 12)
    assert lines(read(document, tmp_path)) == ["1)第一", "无标签", "缺少定义", "2)级别过深"]  # ilvl 12 read as 0


def test_pipeline_reads_auto_numbered_plan(tmp_path):
    from pipeline.run.batch import run

    path = tmp_path / "plan.docx"
    plan_document().save(path)
    result = run([path])
    assert not result.failures
    (document,) = result.documents
    sections = [row.title for row in document.tables["sections"]]
    tasks = document.tables["tasks"]
    assert sections == ["总体要求", "加强组织领导", "强化保障措施", "工作要求"]
    assert [t.number for t in tasks] == ["1", "2", "1"]
    assert [t.title for t in tasks] == ["完善工作制度", "健全考核机制", "落实经费保障"]
    assert [t.section for t in tasks] == ["总体要求"] * 3


@pytest.mark.parametrize(
    "fmt,values,expected",
    [
        ("decimal", (1, 12), ["1", "12"]),
        ("decimalEnclosedCircle", (1, 10, 20, 21), ["①", "⑩", "⑳", "21"]),
        ("chineseCounting", (1, 10, 11, 20, 99, 100), ["一", "十", "十一", "二十", "九十九", "一〇〇"]),
        ("chineseCountingThousand", (11, 20, 101, 110, 1000), ["十一", "二十", "一百零一", "一百一十", "一千"]),
        ("taiwaneseCounting", (3, 15), ["三", "十五"]),
        ("taiwaneseCountingThousand", (3, 21), ["三", "二十一"]),
        ("japaneseCounting", (1, 10, 11, 100), ["一", "十", "十一", "百"]),
        ("ideographTraditional", (1, 4, 10, 11), ["甲", "丁", "癸", "甲"]),
        ("decimalFullWidth", (1, 12), ["１", "１２"]),
        ("lowerLetter", (1, 26, 27), ["a", "z", "aa"]),
        ("upperLetter", (2,), ["B"]),
        ("lowerRoman", (4, 9), ["iv", "ix"]),
        ("upperRoman", (14,), ["XIV"]),
        ("chineseLegalSimplified", (1, 11), ["壹", "壹拾壹"]),
        ("decimalZero", (3, 12), ["03", "12"]),
        ("none", (3,), [""]),
        ("somethingNew", (3,), ["3"]),
    ],
)
def test_format_number(fmt, values, expected):
    assert [format_number(v, fmt) for v in values] == expected


def test_bullet_text_and_join_label():
    assert bullet_text("—") == bullet_text("——") == bullet_text("–") == "——"
    assert bullet_text("●") == "●"
    assert bullet_text("\uf0b7") == "•"
    assert join_label("一、", "tab", "总体要求") == "一、总体要求"
    assert join_label("（一）", "space", "加强领导") == "（一）加强领导"
    assert join_label("1.", "tab", "完善制度") == "1.完善制度"
    assert join_label("1.1", "tab", "适用对象") == "1.1 适用对象"
    assert join_label("1.1", "nothing", "适用对象") == "1.1适用对象"


def test_num_style_link_level_override_and_level_style(tmp_path):
    """numStyleLink lists share the linked list; a w:lvlOverride/w:lvl redefines a level; w:pStyle picks the level."""
    document = docx.Document()
    document.part.numbering_part._element = parse_xml(
        f'<w:numbering xmlns:w="{W}">'
        f'<w:abstractNum w:abstractNumId="0"><w:styleLink w:val="PlanList"/>{ABSTRACTS[0]}</w:abstractNum>'
        '<w:abstractNum w:abstractNumId="1"><w:numStyleLink w:val="PlanList"/></w:abstractNum>'
        f'<w:abstractNum w:abstractNumId="2">{lvl(0, "decimal", "%1.")}'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:pStyle w:val="SubItem"/>'
        '<w:lvlText w:val="%2)"/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="3"><w:abstractNumId w:val="2"/>'
        f'<w:lvlOverride w:ilvl="0">{lvl(0, "upperRoman", "%1.", start=3)}</w:lvlOverride></w:num>'
        '</w:numbering>'
    )
    document.styles.element.append(parse_xml(
        f'<w:style xmlns:w="{W}" w:type="numbering" w:styleId="PlanList"><w:name w:val="Plan List"/>'
        '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
    ))
    document.styles.element.append(parse_xml(
        f'<w:style xmlns:w="{W}" w:type="paragraph" w:styleId="SubItem"><w:name w:val="Sub Item"/>'
        '<w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style>'
    ))
    add(document, "总体要求", 1)
    add(document, "工作任务", 2)  # numId 2 -> abstract 1 -> PlanList -> numId 1: the same list
    add(document, "加强领导", 2, 1)
    add(document, "第三章", 3)  # level 0 redefined by the override: upper Roman from 3
    add(document, "细则", style="Sub Item")  # style numbering without ilvl: the level whose pStyle is SubItem
    assert lines(read(document, tmp_path)) == ["一、总体要求", "二、工作任务", "（一）加强领导", "III.第三章", "a)细则"]


def test_vertically_merged_numbered_cell_counts_once(tmp_path):
    document = new_document()
    table = document.add_table(rows=3, cols=2)
    merged = table.cell(0, 0).merge(table.cell(1, 0))
    merged.text = "调研"
    for cell in (merged, table.cell(2, 0)):
        number = cell.paragraphs[0]._p.get_or_add_pPr().get_or_add_numPr()
        number.get_or_add_ilvl().val = 0
        number.get_or_add_numId().val = 4
    table.cell(2, 0).paragraphs[0].add_run("整改")
    add(document, "总结", 4)
    text_lines = lines(read(document, tmp_path))
    assert text_lines == ["\t1.调研", "\t", "\t1.调研", "\t", "\t2.整改", "\t", "3.总结"]  # read in both rows


def test_huge_start_value_stays_short():
    assert format_number(2**31, "lowerLetter") == str(2**31)
    assert len(format_number(10**12, "chineseCountingThousand")) < 40


# -- lists as LibreOffice writes them ---------------------------------------------------------

#: Level 0 of 一、, （一） and 1. lists as LibreOffice writes them (no w:nsid, w:lvlJc "start").
CN = lvl(0, "taiwaneseCountingThousand", "%1、", suff="nothing")
PAREN = lvl(0, "taiwaneseCountingThousand", "（%1）", suff="nothing")
DEC = lvl(0, "decimal", "%1.", suff="nothing")
TWO = lvl(0, "chineseCounting", "%1、") + lvl(1, "chineseCounting", "（%2）")


def lo_numbering(abstracts: dict[int, str], nums: dict[int, tuple[int, dict[int, int]]]) -> str:
    """numbering.xml with ``abstracts`` (id -> levels, listed in this order) and ``nums`` (numId -> (abstract, startOverrides))."""
    body = "".join(f'<w:abstractNum w:abstractNumId="{i}">{levels}</w:abstractNum>' for i, levels in abstracts.items())
    for num_id, (abstract, starts) in nums.items():
        overrides = "".join(f'<w:lvlOverride w:ilvl="{i}"><w:startOverride w:val="{s}"/></w:lvlOverride>' for i, s in starts.items())
        body += f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract}"/>{overrides}</w:num>'
    return f'<w:numbering xmlns:w="{W}">{body}</w:numbering>'


def numbered_body(paragraphs) -> str:
    """A w:body of ``(text, numId, ilvl)`` paragraphs, numId None for none."""
    out = []
    for text, num_id, ilvl in paragraphs:
        props = f'<w:pPr><w:pStyle w:val="Normal"/><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr>'
        out.append(f"<w:p>{props if num_id is not None else ''}<w:r><w:t>{text}</w:t></w:r></w:p>")
    return f'<w:body xmlns:w="{W}">{"".join(out)}</w:body>'


def labelled(numbering: str, paragraphs, *, libreoffice: bool = True) -> tuple[list[str], list[str]]:
    """The lines of the paragraphs with their labels, and the numIds rejoined (only in a LibreOffice package)."""
    from pipeline.ingest.readers._docx_body import body_blocks
    from pipeline.ingest.readers._docx_numbering import Numbering

    body = parse_xml(numbered_body(paragraphs))
    list_numbering = Numbering(parse_xml(numbering))
    joined = list_numbering.join_restart_copies(body) if libreoffice else []
    text = "".join(body_blocks(body, list_numbering.next_label, join_label))
    return [line for line in text.split("\n") if line], joined


# fmt: off
LIBREOFFICE_LISTS = [
    # a .doc LibreOffice saved, read back: each restarted list's first paragraph in a copy of the list
    # (abstractNum 5 = 2, 6 = 3), the rest in the original, which counts from 1 again; rejoined
    (lo_numbering({2: CN, 3: PAREN, 5: CN, 6: PAREN}, {2: (2, {}), 3: (3, {}), 5: (5, {}), 6: (6, {})}),
     [("提升政务服务效能", 5, 0), ("深化改革。", 6, 0), ("优化审批。", 3, 0), ("强化要素保障", 2, 0), ("加大支持。", 3, 0)],
     ["一、提升政务服务效能", "（一）深化改革。", "（二）优化审批。", "二、强化要素保障", "（三）加大支持。"], ["5", "6"]),
    # a list restarted at 8: the copy starts at 8, the original counts on from it
    (lo_numbering({4: DEC, 8: lvl(0, "decimal", "%1.", start=8, suff="nothing")}, {4: (4, {}), 8: (8, {})}),
     [("甲", 4, 0), ("乙", 4, 0), ("庚", 8, 0), ("辛", 4, 0)],
     ["1.甲", "2.乙", "8.庚", "9.辛"], ["8"]),
    # a copy restarting the second level: the first level's count is kept
    (lo_numbering({0: TWO, 1: TWO}, {1: (0, {}), 2: (1, {})}),
     [("总体要求", 1, 0), ("加强领导", 2, 1), ("完善制度", 1, 1), ("工作要求", 1, 0), ("落实责任", 1, 1)],
     ["一、总体要求", "（一）加强领导", "（二）完善制度", "二、工作要求", "（一）落实责任"], ["2"]),
    # LibreOffice's own DOCX: the restarting paragraph has a w:num of the same list with a startOverride,
    # the rest the plain w:num: one list, as in Word (nothing to rejoin)
    (lo_numbering({1: CN}, {1: (1, {}), 6: (1, {0: 1})}),
     [("提升政务服务效能", 6, 0), ("强化要素保障", 1, 0), ("保障措施", 1, 0)],
     ["一、提升政务服务效能", "二、强化要素保障", "三、保障措施"], []),
    # the list used once is listed first: not a copy, two lists as in Word
    (lo_numbering({0: DEC, 1: DEC}, {1: (0, {}), 2: (1, {})}),
     [("唯一一项", 1, 0), ("第一项", 2, 0), ("第二项", 2, 0)],
     ["1.唯一一项", "1.第一项", "2.第二项"], []),
    # a copy used by two paragraphs is a list of its own (LibreOffice copies for one paragraph only)
    (lo_numbering({0: DEC, 1: DEC}, {1: (0, {}), 2: (1, {})}),
     [("甲", 1, 0), ("乙", 1, 0), ("丙", 2, 0), ("丁", 2, 0)],
     ["1.甲", "2.乙", "1.丙", "2.丁"], []),
    # a list that differs in more than its start value is another list
    (lo_numbering({0: DEC, 1: lvl(0, "decimal", "%1)", suff="nothing")}, {1: (0, {}), 2: (1, {})}),
     [("甲", 2, 0), ("乙", 1, 0)],
     ["1)甲", "1.乙"], []),
]
# fmt: on


@pytest.mark.parametrize("numbering, paragraphs, expected, joined", LIBREOFFICE_LISTS)
def test_libreoffice_lists(numbering, paragraphs, expected, joined):
    assert labelled(numbering, paragraphs) == (expected, joined)


def test_restart_copies_rejoined_only_when_libreoffice_wrote_it():
    """Word itself keeps two lists apart however alike: without LibreOffice as the writer nothing is rejoined."""
    numbering, paragraphs, _, _ = LIBREOFFICE_LISTS[0]
    assert labelled(numbering, paragraphs, libreoffice=False)[0] == [
        "一、提升政务服务效能", "（一）深化改革。", "（一）优化审批。", "一、强化要素保障", "（二）加大支持。",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "application, expected",
    [
        # docProps/app.xml as LibreOffice writes it: the copy rejoins its list
        ("LibreOffice/7.4.7.2$Linux_X86_64 LibreOffice_project/40$Build-2", ["1.甲", "2.乙", "3.丙"]),
        # as Word (python-docx's template) writes it: two lists, as Word shows them
        ("Microsoft Macintosh Word", ["1.甲", "1.乙", "2.丙"]),
    ],
)
def test_package_writer_decides(tmp_path, application, expected):
    document = docx.Document()
    document.part.numbering_part._element = parse_xml(lo_numbering({0: DEC, 1: DEC}, {1: (0, {}), 2: (1, {})}))
    add(document, "甲", 2)
    add(document, "乙", 1)
    add(document, "丙", 1)
    buffer = io.BytesIO()
    document.save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "docProps/app.xml":
                data = re.sub(rb"<Application>[^<]*</Application>", f"<Application>{application}</Application>".encode(), data)
                assert application.encode() in data
            dst.writestr(info, data)
    path = tmp_path / "plan.docx"
    path.write_bytes(out.getvalue())
    assert lines(read_path(path)) == expected
