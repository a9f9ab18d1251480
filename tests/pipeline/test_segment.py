"""Structure: which labels are items, how they nest, where task text starts and ends."""

from __future__ import annotations

import pytest

from pipeline.labels import cn_value
from pipeline.normalise import source_to_tracked
from pipeline.segment import text_to_segments


def segments(raw: str):
    text = source_to_tracked(raw).text
    sections, tasks = text_to_segments(text)
    return text, sections, tasks


# fmt: off
STRUCTURES = [
    # (raw text, section titles, task (number, first chars) pairs)
    # two levels, numbering restarts under each section
    ("一、工作任务\n1.加强领导。\n2.完善制度。\n二、工作要求\n1.强化督查。",
     ["工作任务", "工作要求"], [("1", "加强领导"), ("2", "完善制度"), ("1", "强化督查")]),
    # flat list with no sections: every item is a task
    ("1.加强领导。\n2.完善制度。\n3.强化督查。", [], [("1", "加强领导"), ("2", "完善制度"), ("3", "强化督查")]),
    # a childless top-level item is a section when a sibling has items (seed 000 / 001 rule)
    ("一、目的和意义\n说明。\n二、主要任务\n1.加强领导。", ["目的和意义", "主要任务"], [("1", "加强领导")]),
    # four levels: 1. with (1) children is a section, 1. without is a task
    ("一、总体\n（一）重点\n1.建设平台\n（1）完成设计。\n（2）完成验收。\n2.加强宣传。",
     ["总体", "重点", "建设平台"], [("1", "完成设计"), ("2", "完成验收"), ("2", "加强宣传")]),
    # numbering continues across sections (seed 002: 12. under 二、)
    ("一、甲\n1.子一。\n2.子二。\n二、乙\n3.子三。", ["甲", "乙"], [("1", "子一"), ("2", "子二"), ("3", "子三")]),
    # a number out of sequence is text, not an item (2 after 5)
    ("1.任务一。\n2.任务二。\n3.任务三。\n2.说明文字。", [], [("1", "任务一"), ("2", "任务二"), ("3", "任务三")]),
    # dash bullets are items; the 一、 above them becomes their section
    ("一、目标\n——完成100%检查；\n——覆盖全部机构。", ["目标"], [("—", "完成100%"), ("—", "覆盖全部")]),
    # a lone dash line is a subtitle, not a bullet (政府工作报告: ——在…会议上)
    ("2026年政府工作报告\n——2026年1月25日在市人民代表大会上\n一、工作回顾\n二、重点工作\n（一）稳增长。\n（二）促改革。",
     ["工作回顾", "重点工作"], [("一", "稳增长"), ("二", "促改革")]),
    # 第一阶段 labels; the text after the label is the task text
    ("实施步骤\n第一阶段为自查阶段。时间在5月。\n第二阶段为检查阶段。", [], [("第一阶段", "为自查阶段"), ("第二阶段", "为检查阶段")]),
    # labels inside one long line after sentence ends, bare numbers glued to a heading (seed 003)
    ("要点如下。一、扎实推进质量工作,提高水平1扶持名牌企业。2继续深化工作。二、加强监管3完善制度。10. 加强检查。",
     ["扎实推进质量工作,提高水平", "加强监管"],
     [("1", "扶持名牌"), ("2", "继续深化"), ("3", "完善制度")]),
    # a year or a quantity at a sentence start is not a label
    ("1.加强领导。2007年完成。\n2.完善制度。3家单位参加。", [], [("1", "加强领导"), ("2", "完善制度")]),
    # a label glued to a date continues the numbering (7.4月… is item 7), a decimal at a line start is text
    ("1.加强领导。\n2.4月中旬至6月底开展行动。\n1.5万人参加培训。", [], [("1", "加强领导"), ("2", "4月中旬")]),
    # half-width and full-width parentheses are the same label style
    ("（一）加强领导。\n(二)完善制度。", [], [("一", "加强领导"), ("二", "完善制度")]),
    # circled numbers count in sequence; the number is kept as printed
    ("①加强领导。\n②完善制度。", [], [("①", "加强领导"), ("②", "完善制度")]),
]
# fmt: on


@pytest.mark.parametrize("raw,section_titles,task_heads", STRUCTURES)
def test_segment_structure(raw, section_titles, task_heads):
    text, sections, tasks = segments(raw)
    assert [s.title for s in sections] == section_titles
    got = [(t.number, text[t.char_start : t.char_start + len(head)]) for t, (_, head) in zip(tasks, task_heads)]
    assert len(tasks) == len(task_heads)
    assert got == task_heads


# fmt: off
ENDINGS = [
    # (raw, expected end of the last task's text)
    # an attachment list after the last task is not part of it (seed 001)
    ("一、要求\n1.加强领导。\n2.请及时联系。邮编：310013。\n\n附件：1、汇总表\n\n2、推荐表", "邮编：310013。"),
    # the signature block and date after the last task are not part of it
    ("一、要求\n1.加强领导。\n2.做好宣传工作。\n\n××市人民政府办公室\n2026年3月1日", "做好宣传工作。"),
    # 抄送 line ends the body
    ("1.加强领导。\n2.做好宣传工作。\n抄送：省政府办公厅。", "做好宣传工作。"),
    # a paragraph without a label after a task belongs to the task
    ("1.加强领导。\n\n各地要落实。\n2.做好宣传。\n\n要总结经验。", "要总结经验。"),
]
# fmt: on


@pytest.mark.parametrize("raw,tail", ENDINGS)
def test_segment_task_end(raw, tail):
    text, _, tasks = segments(raw)
    last = tasks[-1]
    assert text[last.char_start : last.char_end].endswith(tail)


def test_segment_table_rows_are_tasks():
    raw = (
        "重点工作安排\n\t序号\n\t重点工作\n\t牵头\n单位\n\t时间\n进度\n\n"
        "\t1\n\t开展调研\n\t监督司\n\t4月\n\n"
        "\t2\n\t加大能力验证\n\t认监委\n\t全年\n"
    )
    text, _, tasks = segments(raw)
    assert [(t.number, t.title, t.source) for t in tasks] == [("1", "开展调研", "table"), ("2", "加大能力验证", "table")]
    assert [c.field for c in tasks[0].cells] == ["number", "title", "other", "date"]
    assert text[tasks[1].cells[-1].char_start : tasks[1].cells[-1].char_end] == "全年"


def test_segment_form_without_number_column_is_not_a_task_table():
    raw = "认证示范企业推荐表\n推荐企业\t\t所在地区\t\n企业地址\t\t邮政编码\t\n"
    _, _, tasks = segments(raw)
    assert tasks == ()


# fmt: off
CN_VALUES = [("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23), ("两", 2), ("12", 12), ("百", None)]
# fmt: on


@pytest.mark.parametrize("text,value", CN_VALUES)
def test_labels_cn_value(text, value):
    assert cn_value(text) == value


def test_segment_spans_index_the_clean_text(corpus_dir):
    for path in sorted((corpus_dir / "seeds").glob("*.txt")):
        text, sections, tasks = segments(path.read_text(encoding="utf-8"))
        assert tasks, path.name
        for seg in (*sections, *tasks):
            assert 0 <= seg.label_start <= seg.char_start <= seg.char_end <= len(text)
            assert text[seg.char_start : seg.char_end] == text[seg.char_start : seg.char_end].strip()
