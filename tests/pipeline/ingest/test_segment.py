"""Structure: which labels are items, how they nest, where task text starts and ends."""

from __future__ import annotations

import pytest

from pipeline.ingest._patterns import LABEL_LEADS, RE_LINE_LABEL
from pipeline.ingest.labels import cn_value
from pipeline.ingest.normalise import source_to_tracked
from pipeline.ingest.segment import structure_warnings, text_to_segments


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
    # a report's ——这五年… bullets before its 一、: the 一、 goes beside them, never under a bullet, so the
    # childless bullets and 二、 are sections by the top-level exception (neimenggu-2026 of reports2)
    ("——这五年经济实力大幅提升。\n——这五年民生福祉不断增进。\n一、重点工作\n（一）稳增长。\n（二）促改革。\n二、自身建设\n要求。",
     ["这五年经济实力大幅提升", "这五年民生福祉不断增进", "重点工作", "自身建设"], [("一", "稳增长"), ("二", "促改革")]),
    # ... and （一） after them (guangxi-2026 of reports3); 一、二、三产业 inside a bullet lists numbers, no label
    ("一、工作回顾\n——经济增长稳中有进。一、二、三产业增加值分别增长4.2%、5%、5.4%。\n——人民生活持续改善。\n"
     "（一）推动政策落地。\n（二）争创人工智能发展优势。\n二、重点工作\n（一）扩大内需。",
     ["工作回顾", "重点工作"], [("—", "经济增长"), ("—", "人民生活"), ("一", "推动政策"), ("二", "争创人工"), ("一", "扩大内需")]),
    # bullets after an item that was a paragraph of its own and a paragraph more are a list beside it, not
    # its items (shandong-2026 of reports3, jiangsu-2026 of reports2) ...
    ("一、回顾\n（一）经济增长。就业方面，新增就业124万人。\n（二）民生改善。城镇新增就业124.9万人。\n"
     "各位代表！五年来，我们牢记嘱托。\n——经济实力实现新跃升。\n——产业体系实现新跃升。\n二、重点工作\n（一）扩大内需。",
     ["回顾", "重点工作"], [("一", "经济增长"), ("二", "民生改善"), ("—", "经济实力"), ("—", "产业体系"), ("一", "扩大内需")]),
    # ... but a heading line and its lead-in keep theirs (henan-2026 of reports)
    ("一、回顾\n（一）稳就业。\n二、主要目标\n规划纲要草案这里概述几个方面。\n——坚持党的全面领导。\n——坚持扩大内需。",
     ["回顾", "主要目标"], [("一", "稳就业"), ("—", "坚持党的"), ("—", "坚持扩大")]),
    # a dash before a date is the report's subtitle, even with the first bullet right after it (gansu-2026)
    ("2026年甘肃省政府工作报告\n——二〇二六年一月二十七日在甘肃省十四届\n人民代表大会第四次会议上\n各位代表：\n"
     "——这五年经济跃升。\n——这五年民生改善。",
     [], [("—", "这五年经济"), ("—", "这五年民生")]),
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
    # (v2) labels are read after NFKC: 1﹒ (U+FE52) of legal-database exports is 1.
    ("（一）重点\n1﹒加强领导。\n2﹒完善制度。", ["重点"], [("1", "加强领导"), ("2", "完善制度")]),
    # (v2) parenthesised-digit characters ⑴ ⑵ are (1) (2)
    ("⑴加强领导。\n⑵完善制度。", [], [("1", "加强领导"), ("2", "完善制度")]),
    # (v2) ASCII -- at a paragraph start is a dash bullet
    ("一、目标\n--完成检查；\n--覆盖机构。", ["目标"], [("—", "完成检查"), ("—", "覆盖机构")]),
    # (v2) a single em dash at a paragraph start too
    ("一、目标\n—完成检查；\n—覆盖机构。", ["目标"], [("—", "完成检查"), ("—", "覆盖机构")]),
    # (v2) 第X条 is not a label: articles are not tasks; the （一） lists in them restart per article
    ("第一条 为了规范管理，制定本办法。\n第二条 下列所得：\n（一）工资；\n（二）薪金。\n第三条 下列情形：\n（一）出租；\n（二）转让。",
     [], [("一", "工资"), ("二", "薪金"), ("一", "出租"), ("二", "转让")]),
    # (v2) 第X章 neither; the top-level exception spans the whole regulation (govcn-33):
    # （二） of 第二条 has children, so every childless top-level item is a section
    ("第一章 总则\n第一条 下列所得：\n（一）工资；\n第二条 下列所得：\n（一）租金；\n（二）经营所得：\n1.个体户的所得；\n2.承包的所得。",
     ["工资", "租金", "经营所得"], [("1", "个体户的所得"), ("2", "承包的所得")]),
    # items numbered on across chapters are one list (国务院工作规则, govcn-47): 五、 after 第二章 goes on from
    # 四、, and the top-level exception makes every childless article a section
    ("第一章 总则\n一、制定本规则。\n二、坚持依法行政。\n第二章 会议制度\n三、国务院全体会议的任务是：\n（一）讨论重大事项；\n"
     "（二）通报形势。\n四、会议纪要由总理签发。",
     ["制定本规则", "坚持依法行政", "国务院全体会议的任务是", "会议纪要由总理签发"], [("一", "讨论重大事项"), ("二", "通报形势")]),
    # … and items that number afresh in each chapter are still read
    ("第一章 总则\n一、甲。\n二、乙。\n第二章 分则\n一、丙。\n二、丁。", [], [("一", "甲"), ("二", "乙"), ("一", "丙"), ("二", "丁")]),
    # (v2) a 专栏 box and the labels inside it belong to the item before it
    ("一、任务\n（一）建设平台。\n专栏1 重大工程\n1.工程甲。\n2.工程乙。\n（二）加强宣传。",
     ["任务"], [("一", "建设平台"), ("二", "加强宣传")]),
    # (v2) several plans: numbering restarts after the second plan's title, each plan its own list
    ("现将两个规定印发给你们。\n甲项改革规定\n一、关于甲\n（一）甲一。\n（二）甲二。\n乙项发展规定\n为促进发展，特制定以下规定：\n一、关于乙\n（一）乙一。\n（二）乙二。",
     ["关于甲", "关于乙"], [("一", "甲一"), ("二", "甲二"), ("一", "乙一"), ("二", "乙二")]),
    # (v2) the top-level exception applies within each plan: the second plan is a flat list of tasks
    ("甲项工作方案\n一、总体要求\n说明。\n二、主要任务\n（一）任务一。\n乙项工作方案\n一、加强领导。\n二、强化督查。",
     ["总体要求", "主要任务"], [("一", "任务一"), ("一", "加强领导"), ("二", "强化督查")]),
    # bracketed labels enumerate inline after a colon: 12. has items, so it is a section (govcn-04 indicator 12)
    ("一、医疗质量\n1.甲指标。\n2.设备管理\n评价内容包括：（1）配置人员；（2）制定计划。\n3.乙指标。",
     ["医疗质量", "设备管理"], [("1", "甲指标"), ("1", "配置人员"), ("2", "制定计划"), ("3", "乙指标")]),
    # Arabic labels run into a paragraph after a colon when a run follows (：1.…；2.…): 海南 六（五）
    ("一、流程\n（一）受理申请。须准备以下资料：1.身份证明；2.购机发票；3.其他资料。\n（二）机具核验。",
     ["流程", "受理申请"], [("1", "身份证明"), ("2", "购机发票"), ("3", "其他资料"), ("二", "机具核验")]),
    # … a lone 1. after a colon is text (要求：1个月内…, 如下：1.甲 with no 2.)
    ("1.加强领导。\n2.做好宣传，要求：1.及时上报。\n3.强化督查。",
     [], [("1", "加强领导"), ("2", "做好宣传"), ("3", "强化督查")]),
    # a report's glossary after its body gives no items (四川, 广东: 名词解释 1.“两重”：是指…)
    ("一、工作回顾\n二、今年工作\n（一）扩大内需。\n（二）加快创新。\n名词解释\n1.“两重”：是指重大战略。\n2.“两新”：是指设备更新。",
     ["工作回顾", "今年工作"], [("一", "扩大内需"), ("二", "加快创新")]),
    # a list after a colon whose 2 starts the next line enumerates too (govcn-44's 注：1、坐标系统… / 2、L为弧长…)
    ("注：1、坐标系统为深圳独立坐标系统。\n2、L为弧长，R为半径。\n3、红线是指口岸区边界。",
     [], [("1", "坐标系统"), ("2", "L为弧长"), ("3", "红线是指")]),
    # … but 附件：1、汇总表 lists attachments, not items
    ("1.加强领导。\n2.做好宣传。\n附件：1、汇总表 2、推荐表", [], [("1", "加强领导"), ("2", "做好宣传")]),
    # ... on lines of their own too
    ("1.加强领导。\n2.做好宣传。\n附件：1、汇总表\n2、推荐表", [], [("1", "加强领导"), ("2", "做好宣传")]),
    # a list restarting after a lead-in line (注：) is a new list; the lead-in stays with the item before it
    ("一、指标\n1.甲指标\n2.乙指标\n注：\n1.考核采用全部指标。\n2.标记的指标为监测指标。",
     ["指标"], [("1", "甲指标"), ("2", "乙指标"), ("1", "考核采用"), ("2", "标记的指标")]),
    # a restart with no plan title is still a new list at the top level (and a W_STRUCTURE issue)
    ("一、加强领导。\n二、完善制度。\n一、强化督查。", [], [("一", "加强领导"), ("二", "完善制度"), ("一", "强化督查")]),
    # decimal outline labels of a 预案 nest by their numbers (govcn-41: 1 总则 / 1.2 等级划分 / 1.2.1 国家级…);
    # a heading with its paragraph under it and no items is a task (1.1), (1) lists go under the decimal item
    ("1总则\n1.1编制目的及依据\n为了有效监测，制定本预案。\n1.2等级划分\n分为两级。\n1.2.1国家级：两个以上省。\n"
     "1.2.2省级：一个省。\n1.3工作原则\n（1）统一领导。\n（2）科学监测。\n2组织机构\n2.1指挥部\n负责日常工作。",
     ["总则", "等级划分", "工作原则", "组织机构"],
     [("1.1", "编制目的"), ("1.2.1", "国家级"), ("1.2.2", "省级"), ("1", "统一领导"), ("2", "科学监测"), ("2.1", "指挥部")]),
    # a decimal label after 1. or 1、 items; a space or a trailing dot after the numbers (1.1 甲 / 1.2.乙)
    ("1.总体要求\n1.1 甲任务。\n1.2.乙任务。\n2.保障措施\n2.1丙任务。",
     ["总体要求", "保障措施"], [("1.1", "甲任务"), ("1.2", "乙任务"), ("2.1", "丙任务")]),
    # three numbers are never a quantity: 1.1.3所有… is a label although 所 follows numbers in 3所学校 (govcn-41 5.1.3)
    ("1保障\n1.1储备\n1.1.1优化布局。\n1.1.2加强管理。\n1.1.3所有企业保持库存。",
     ["保障", "储备"], [("1.1.1", "优化布局"), ("1.1.2", "加强管理"), ("1.1.3", "所有企业")]),
    # an outline that prints no parent items (1.1 … 1.2 … 2.1): the decimal items are a list of their own
    ("1.1甲任务。\n1.2乙任务。\n2.1丙任务。", [], [("1.1", "甲任务"), ("1.2", "乙任务"), ("2.1", "丙任务")]),
    # ... where a number that does not start its group's list (2.3 after 1.2) is text
    ("1.1甲任务。\n1.2乙任务。\n2.3丙说明。", [], [("1.1", "甲任务"), ("1.2", "乙任务")]),
    # a decimal quantity at a line start is text, not an item: 1.5万人 under item 1, 7.4月 of item 7
    ("1.组织培训\n1.5万人参加。\n2.开展检查。", [], [("1", "组织培训"), ("2", "开展检查")]),
    # a decimal that does not follow its parent's numbering is text (1.3 with no 1.2 before it)
    ("1总则\n1.1甲任务。\n1.3说明文字。\n2保障\n2.1乙任务。", ["总则", "保障"], [("1.1", "甲任务"), ("2.1", "乙任务")]),
    # a table of contents is not a list: its entries repeat the body's headings (govcn-41's 目录)
    ("目录\n1总则\n1.1目的\n2保障\n1总则\n1.1目的\n制定本预案。\n2保障\n2.1经费\n财政部负责。",
     ["总则", "保障"], [("1.1", "目的"), ("2.1", "经费")]),
    # ... with leaders and page numbers in the contents (Word's 目录), and spaced 目 录
    ("目 录\n一、总体要求……1\n二、主要任务……3\n一、总体要求\n（一）甲任务。\n二、主要任务\n（一）乙任务。",
     ["总体要求", "主要任务"], [("一", "甲任务"), ("一", "乙任务")]),
    # ... with its 目录 line lost (a scan of govcn-41: 目 录, set wide, was read as 目): the contents are the
    # entries the body prints again in order
    ("目\n1总则\n1.1目的\n2保障\n1总则\n1.1目的\n制定本预案。\n2保障\n2.1经费\n财政部负责。",
     ["总则", "保障"], [("1.1", "目的"), ("2.1", "经费")]),
]
# fmt: on


# fmt: off
HEADLESS_CONTENTS = [
    # (text, what is read as contents)
    # the entries again in order after them: contents (a scan of govcn-41 read 目 录 as 目)
    ("目\n1总则\n1.1目的\n2保障\n1总则\n1.1目的\n制定本预案。\n2保障", ["1总则\n1.1目的\n2保障\n"]),
    # ... but not when the third never comes back
    ("目\n1总则\n1.1目的\n2保障\n1总则\n1.1目的\n制定本预案。", []),
    # headings listed, then detailed in another order: no contents
    ("一、总体要求\n二、主要任务\n三、保障措施\n二、主要任务\n（一）甲任务。\n一、总体要求\n（一）乙任务。", []),
    # two entries are too few to tell contents from a heading and its first item
    ("1总则\n1.1目的\n1总则\n1.1目的\n制定本预案。", []),
    # sentences are no entries, however they repeat
    ("加强领导。\n明确分工。\n强化督查。\n加强领导。\n明确分工。\n强化督查。", []),
]
# fmt: on


@pytest.mark.parametrize("text,contents", HEADLESS_CONTENTS)
def test_contents_without_their_head(text, contents):
    from pipeline.ingest.segment import _contents_spans

    assert [text[a:b] for a, b in _contents_spans(text)] == contents


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
    # 附： before an appended table is an attachment line too (govcn-52's 扩大招生计划表)
    ("（一）加强领导。\n（二）明确分工。\n以上意见如无不妥，请批转执行。\n附：扩大招生计划表\n国家教委", "请批转执行。"),
    # the signature block and date after the last task are not part of it
    ("一、要求\n1.加强领导。\n2.做好宣传工作。\n\n××市人民政府办公室\n2026年3月1日", "做好宣传工作。"),
    # the imprint line (issuer, date, 印发) is not part of the last task either
    ("1.加强领导。\n2.做好宣传工作。\n××市人民政府办公室 2026年3月5日印发", "做好宣传工作。"),
    # 抄送 line ends the body
    ("1.加强领导。\n2.做好宣传工作。\n抄送：省政府办公厅。", "做好宣传工作。"),
    # a paragraph without a label after a task belongs to the task
    ("1.加强领导。\n\n各地要落实。\n2.做好宣传。\n\n要总结经验。", "要总结经验。"),
    # (v2) an item's text ends where a 第X条 begins
    ("第十条 下列信息：\n（一）户籍信息；\n（二）婚姻信息。\n第十一条 本办法自公布之日起施行。", "婚姻信息。"),
    # a news page's related stories are not part of a report's last item
    ("（一）扩大内需。\n（二）加快创新。\n各位代表！让我们团结奋斗！\n相关报道：\n图解报告", "让我们团结奋斗！"),
    # ... nor a provincial site's QR-code line under the article (shaanxi-2026 of reports2)
    ("（一）扩大内需。\n（二）加快创新。\n各位代表！让我们团结奋斗！\n扫一扫在手机打开当前页", "让我们团结奋斗！"),
    # a glossary headed after the report's name ends it (江西 2026: 《政府工作报告》有关内容名词注释)
    ("（一）扩大内需。\n（二）加快创新。\n让我们团结奋斗！\n《政府工作报告》有关内容名词注释\n1.“三通一码”：赣服通、赣政通。", "让我们团结奋斗！"),
    # a news site's source line and its special-page link end the report too (青海, 云南 2026)
    ("（一）扩大内需。\n（二）加快创新。\n让我们团结奋斗！\n（来源：青海日报）\n编辑：何继红", "让我们团结奋斗！"),
    ("（一）扩大内需。\n（二）加快创新。\n让我们团结奋斗！\n》》点击图片进入专题《《收藏\n|\n分享到:", "让我们团结奋斗！"),
    # (v2) a legal-database export's 原文链接 line is not part of the last task
    ("1.加强领导。\n2.做好宣传。\n\n原文链接：http://www.pkulaw.cn/fulltext_form.aspx?Gid=1", "做好宣传。"),
]
# fmt: on


@pytest.mark.parametrize("raw,tail", ENDINGS)
def test_segment_task_end(raw, tail):
    text, _, tasks = segments(raw)
    last = tasks[-1]
    assert text[last.char_start : last.char_end].endswith(tail)


def test_segment_closing_paragraph_ends_at_the_next_plans_title():
    """(v2) the first plan's closing paragraph belongs to its last item, which ends where the second plan's
    title (and its preamble) begins (govcn-18)."""
    raw = ("甲项改革规定\n一、关于甲\n（一）甲一。\n（二）甲二。\n上述政策执行期限为2019年至2023年。\n"
           "乙项发展规定\n为促进发展，特制定以下规定：\n一、关于乙\n（一）乙一。")
    text, _, tasks = segments(raw)
    assert text[tasks[1].char_start : tasks[1].char_end] == "甲二。\n上述政策执行期限为2019年至2023年。"


def test_segment_signature_block_ends_items_before_the_next_plan():
    """(v2) a cover notice's items end at its signature block, not in the plan printed after it."""
    raw = "各部门：\n（一）认真学习。\n（二）抓好落实。\n国务院办公厅\n2018年12月18日\n（此件公开发布）\n甲项工作方案\n（一）加强领导。"
    text, _, tasks = segments(raw)
    assert [text[t.char_start : t.char_end] for t in tasks] == ["认真学习。", "抓好落实。", "加强领导。"]


def test_segment_items_past_999_are_items():
    """Issue #13: labels had at most three digits, so items 1000… merged into item 999 (a multi-MB row)."""
    raw = "\n".join(f"{n}.任务{n}。" for n in range(1, 1201))
    text, _, tasks = segments(raw)
    assert len(tasks) == 1200
    assert (tasks[999].number, text[tasks[998].char_start : tasks[998].char_end]) == ("1000", "任务999。")


# fmt: off
WARNINGS = [
    # (raw, W_STRUCTURE messages) — where the numbering is irregular, say what was guessed
    ("1.加强领导。\n2.完善制度。\n4.强化督查。", ["label '4.' does not continue the numbering (after 2): read as text"]),
    ("一、加强领导。\n二、完善制度。\n一、强化督查。",
     ["numbering restarts at '一、' with no plan title before it: read as a new list"]),
    ("（三）强化督查。", ["label '（三）' does not continue the numbering (with no item before it): read as text"]),
    # a list of attachments continued on the next line is not a numbering slip
    ("1.加强领导。\n附件：1.汇总表\n2.推荐表", []),
    # regular documents give none: a new plan with its title, articles, a decimal at a line start
    ("甲项改革规定\n一、关于甲\n（一）甲一。\n二、关于丙\n（二）丙一。\n乙项发展规定\n一、关于乙\n（一）乙一。", []),
    ("第一条 下列：\n（一）甲；\n第二条 下列：\n（一）乙。", []),
    ("1.加强领导。\n2.完善制度。\n1.5万人参加培训。", []),
]
# fmt: on


@pytest.mark.parametrize("raw,messages", WARNINGS)
def test_segment_structure_warnings(raw, messages):
    text = source_to_tracked(raw).text
    assert [m for _, _, m in structure_warnings(text)] == messages


# fmt: off
TITLES = [
    # (raw, task title) — the first sentence; one over 60 characters is cut at a clause boundary (issue #13)
    ("1.加强领导。完善制度。", "加强领导"),
    ("1.围绕深化供给侧结构性改革和推动高质量发展的总体要求，统筹推进认证认可检验检测体系建设和质量基础设施互联互通工作，全面提升服务能力。",
     "围绕深化供给侧结构性改革和推动高质量发展的总体要求，统筹推进认证认可检验检测体系建设和质量基础设施互联互通工作"),
    # no clause boundary at all: cut at the limit
    ("1." + "甲" * 80 + "。", "甲" * 60),
]
# fmt: on


@pytest.mark.parametrize("raw,title", TITLES)
def test_segment_task_title(raw, title):
    _, _, tasks = segments(raw)
    assert tasks[0].title == title


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


# fmt: off
TABLE_HEADERS = [
    # (header cells, is a task table) — (v2) catalogues and forms of attachments are not task tables
    (["序号", "项目名称", "规格型号", "数量"], False),        # an equipment catalogue: no role, date or task wording
    (["序号", "名称", "内容", "备注"], False),               # a form
    (["序号", "重点任务", "备注"], True),                    # task wording in the text column
    (["序号", "项目", "牵头单位", "配合单位"], True),         # role columns make any text column tasks
    (["序号", "内容", "完成时限"], True),                    # a date column
    (["序号", "工作措施"], True),                            # body column with task wording
]
# fmt: on


@pytest.mark.parametrize("heads,is_task_table", TABLE_HEADERS)
def test_segment_task_table_or_catalogue(heads, is_task_table):
    rows = [heads, ["1", "甲", "乙", "丙"][: len(heads)], ["2", "丁", "戊", "己"][: len(heads)]]
    raw = "附件\n" + "\n".join("\t".join(r) for r in rows) + "\n"
    _, _, tasks = segments(raw)
    assert (len(tasks) == 2 and all(t.source == "table" for t in tasks)) == is_task_table


def test_segment_labels_in_cells_of_a_table_that_is_not_a_task_table():
    """An indicator table (govcn-04's attachment) whose cells are labelled: the labels are items, a merged
    cell the reader repeats on every row counts once, and an item in a cell ends with its row."""
    raw = (
        "附件\n\t一级指标\n\t二级指标\n\t三级指标\n\t指标说明\n\n"
        "\t一、医疗质量\n\t（一）功能定位\n\t1.门诊人次数与出院人次数比\n\t计算方法：门诊人次数/出院人次数。\n\n"
        "\t一、医疗质量\n\t（一）功能定位\n\t2.设备维修保养\n\t评价内容包括：（1）配置维修人员；（2）制定维护计划。\n\n"
        "\t一、医疗质量\n\t（二）质量安全\n\t3.手术并发症发生率\n\t计算方法：例数/人数。\n"
    )
    text, sections, tasks = segments(raw)
    assert [s.title for s in sections] == ["医疗质量", "功能定位", "设备维修保养", "质量安全"]
    assert [(t.number, text[t.char_start : t.char_end].split("\n")[0]) for t in tasks] == [
        ("1", "门诊人次数与出院人次数比"), ("1", "配置维修人员；"), ("2", "制定维护计划。"), ("3", "手术并发症发生率"),
    ]
    assert text[tasks[0].char_start : tasks[0].char_end].endswith("出院人次数。")


def test_segment_a_list_inside_a_cell_nests_under_its_rows_item():
    """A cell's own 1. 2. list (查看：1.… 2.…) of an indicator table's row opens a level under the row's item
    (gz.gov.cn 附件1, gold real-provincial): its items are the tasks, the row is their section, the childless
    rows are sections by the top-level exception, and the next row continues the table's numbering."""
    raw = (
        "附件\n\t序号及指标\n\t说明\n\n"
        "\t1.转诊制度\n\t考察转诊。查看：\n1.是否建立制度。\n2.查看挂号平台。\n\t查看医院。\n\n"
        "\t2.服务种类\n\t大于3类。\n"
    )
    text, sections, tasks = segments(raw)
    assert [s.title for s in sections] == ["转诊制度", "服务种类"]
    assert [(t.number, text[t.char_start : t.char_end]) for t in tasks] == [
        ("1", "是否建立制度。"), ("2", "查看挂号平台。\n\t查看医院。"),  # the item ends with its row
    ]
    assert structure_warnings(text) == ()


def test_segment_a_cell_list_ends_with_its_row():
    """A one-item cell list under row 1 (1.) must not take row 2's 2. as its second item."""
    raw = (
        "附件\n\t序号及指标\n\t说明\n\n"
        "\t1.转诊制度\n\t查看：\n1.是否建立制度。\n\n"
        "\t2.服务种类\n\t查看：\n1.甲模式；\n2.乙模式。\n\n"
        "\t3.知晓率\n\t较上一年增加。\n"
    )
    text, sections, tasks = segments(raw)
    assert [s.title for s in sections] == ["转诊制度", "服务种类", "知晓率"]
    assert [(t.number, t.title) for t in tasks] == [("1", "是否建立制度"), ("1", "甲模式"), ("2", "乙模式")]


# fmt: off
CATALOGUES = [
    # (raw attachment after a body with two tasks, tasks of the attachment) — issue #11: an attachment's
    # catalogue of names is not a list of tasks, whether printed as paragraphs or as labelled table cells
    # a decimal catalogue (海南 农机补贴 附件: 1.耕整地机械 / 1.1耕地机械 / 1.1.1犁)
    ("附件\n机具种类范围\n1.耕整地机械\n1.1耕地机械\n1.1.1犁\n1.1.2旋耕机\n2.种植施肥机械\n2.1.1插秧机\n"
     "3.田间管理机械\n3.1.1耙（限圆盘耙、驱动耙）\n4.灌溉机械\n5.收获机械\n", []),
    # labelled cells of a catalogue table (序号 / 品目 / 单位): no task either
    ("附件\n\t序号\n\t品目\n\t单位\n\n" + "".join(f"\t{i}\n\t（{n}）{w}\n\t台\n\n" for i, (n, w) in enumerate(
        zip("一二三四五", ["犁", "旋耕机", "深松机", "插秧机", "喷雾机"]), start=1)), []),
    # fewer than five names: too few to call a catalogue, read as items
    ("附件\n名单\n1.甲单位\n2.乙单位\n3.丙单位\n", ["甲单位", "乙单位", "丙单位"]),
    # an attachment whose items are sentences is a list of tasks (govcn-04's 注： list)
    ("附件\n注：\n1.考核采用全部指标。\n2.标记的指标为监测指标。\n3.指标说明见附表。\n4.数据来源见说明。\n5.年度为自然年。\n",
     ["考核采用全部指标", "标记的指标为监测指标", "指标说明见附表", "数据来源见说明", "年度为自然年"]),
    # a filled indicator table (cells with sentences) keeps its labelled cells as items (govcn-04)
    ("附件\n\t指标\n\t说明\n\n" + "".join(f"\t{i}.指标{i}\n\t计算方法：甲数/乙数×100%。\n\n" for i in range(1, 6)),
     [f"指标{i}" for i in range(1, 6)]),
]
# fmt: on


@pytest.mark.parametrize("attachment,task_titles", CATALOGUES)
def test_segment_attachment_catalogue_gives_no_tasks(attachment, task_titles):
    _, _, tasks = segments("一、任务\n1.加强领导。\n2.做好宣传。\n" + attachment)
    assert [t.title for t in tasks] == ["加强领导", "做好宣传", *task_titles]


# fmt: off
CONTINUED_ROWS = [
    # (task-table rows after the header, (number, department cells) per task) — a row continuing the numbered
    # row above is part of it (gz.gov.cn 附件2 任务分工表, rowspan 序号/工作事项 cells)
    # the reader repeats the merged cells on every row they span
    ("\t1\n\t扩大来源。\n\t力争每万人4名。\n\t各区政府\n\t市卫生健康委\n\n"
     "\t1\n\t扩大来源。\n\t加大招聘力度。\n\t各区政府\n\t市人社局\n\n"
     "\t2\n\t优化团队。\n\t组建团队。\n\t各区政府\n\t/\n",
     [("1", ["各区政府", "市卫生健康委", "各区政府", "市人社局"]), ("2", ["各区政府", "/"])]),
    # ... or leaves them empty
    ("\t1\n\t扩大来源。\n\t力争每万人4名。\n\t各区政府\n\t市卫生健康委\n\n"
     "\t\n\t\n\t加大招聘力度。\n\t各区政府\n\t市人社局\n\n"
     "\t2\n\t优化团队。\n\t组建团队。\n\t各区政府\n\t/\n",
     [("1", ["各区政府", "市卫生健康委", "各区政府", "市人社局"]), ("2", ["各区政府", "/"])]),
    # one line per row: the same
    ("1\t扩大来源。\t力争每万人4名。\t各区政府\t市卫生健康委\n"
     "\t\t加大招聘力度。\t各区政府\t市人社局\n"
     "2\t优化团队。\t组建团队。\t各区政府\t/\n",
     [("1", ["各区政府", "市卫生健康委", "各区政府", "市人社局"]), ("2", ["各区政府", "/"])]),
]
# fmt: on


@pytest.mark.parametrize("rows,expected", CONTINUED_ROWS)
def test_segment_task_table_row_continued_below(rows, expected):
    header = ("\t序号\n\t工作事项\n\t主要内容\n\t牵头单位\n\t配合单位\n\n" if rows.startswith("\t")
              else "序号\t工作事项\t主要内容\t牵头单位\t配合单位\n")
    text, _, tasks = segments("附件\n任务分工表\n" + header + rows)
    got = [(t.number, [text[c.char_start : c.char_end] for c in t.cells if c.field == "other"]) for t in tasks]
    assert got == expected
    assert text[tasks[0].char_start : tasks[0].char_end].startswith("扩大来源。")
    assert "加大招聘力度。" in text[tasks[0].char_start : tasks[0].char_end]


def test_segment_form_without_number_column_is_not_a_task_table():
    raw = "认证示范企业推荐表\n推荐企业\t\t所在地区\t\n企业地址\t\t邮政编码\t\n"
    _, _, tasks = segments(raw)
    assert tasks == ()


# fmt: off
CN_VALUES = [
    ("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23), ("两", 2), ("12", 12), ("百", None),
    ("一百", 100), ("一百零一", 101), ("一百二十", 120),  # a list past 99 items (一百、 was lost: labels had their own parser)
    ("一二", None), ("二〇", None),  # a run of digits is no label number
]
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


def test_label_leads_hold_the_first_character_of_every_label():
    """candidate_at skips a character that is neither in LABEL_LEADS nor a digit: no label may start with one."""
    tails = ["一阶段", "三部分", "1)", "1）", "一)", "十二）", "一、", "二.", "1.", "1、", "12)", "—加强", "-加强", "—", "―", "-"]
    for code in range(0x10000):
        lead = chr(code)
        if lead not in LABEL_LEADS and not lead.isdecimal():
            assert not any(RE_LINE_LABEL.match(lead + tail) for tail in tails), lead
    assert all(RE_LINE_LABEL.match(lead + tail) for lead, tail in [("第", "一阶段"), ("（", "一）"), ("①", ""), ("—", "—"), ("-", "-")])
