"""Each normaliser is a text_in → text_out table (textacy style), plus offset and idempotence properties."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from pipeline.ingest import normalise
from pipeline.ingest.offsets import Tracked, apply_edits

METADATA_LINES = (
    "索引号：11440100MB2C90856P/2023-00331\n发文机关：广州市卫生健康委员会、广州市财政局\n成文日期：2023-10-19\n"
    "标题：广州市卫生健康委等4部门关于印发推进广州市家庭医生签约服务高质量发展实施方案的通知\n"
    "发文字号：穗卫函〔2023〕1930号\n发布日期：2023-11-07\n各区卫生健康局：\n为贯彻落实有关部署，制定本方案。\n现印发给你们。"
)
EXPORT_HEADER = (
    "安徽省人民政府办公厅关于印发安徽省制造业数字化转型行动方案和安徽省中小企业数字化赋能专项行动方案的通知\n"
    "【法宝引证码】CLI.12.5551234\n原文链接：http://www.pkulaw.cn/fulltext_form.aspx?Gid=1234\n皖政办〔2021〕8号\n"
    "各市、县人民政府：\n现将方案印发给你们。\n安徽省人民政府办公厅\n2021年7月13日"
)

# fmt: off
CJK_SPACING = [
    ("质 检 工 作", "质检工作"),                     # PDF letter-spacing between every character
    ("2007 年", "2007年"),                          # digit then CJK: the gap is an artifact
    ("达到 1200 个市县", "达到1200个市县"),          # number inside Chinese text
    ("ISO 9001", "ISO 9001"),                       # Latin words keep their space
    ("CNAS 将开展", "CNAS将开展"),                   # Latin then CJK: no space in Chinese typesetting
    ("国际标准 , 提高", "国际标准,提高"),            # ASCII comma padded inside Chinese
    ("10. 加强食品", "10.加强食品"),                 # label dot followed by a space
    ("质量安全  共同的责任", "质量安全共同的责任"),    # double space between CJK
    ("一\u3000二", "一\u3000二"),                    # ideographic space: fullwidth() turns it into a space first
    ("E-mail: a@b.cn", "E-mail: a@b.cn"),           # pure ASCII untouched
    ("\t监督司", "\t监督司"),                        # a tab (table cell) is not a gap
]

FULLWIDTH = [
    ("２００７年", "2007年"),                        # full-width digits
    ("ＩＳＯ９００１", "ISO9001"),                    # full-width letters
    ("完成９８％", "完成98%"),                       # full-width percent
    ("１．加强", "1.加强"),                          # full-width dot of a label
    ("牵头单位：市发改委，", "牵头单位：市发改委，"),  # Chinese punctuation stays full-width
    ("（一）", "（一）"),                            # Chinese brackets stay
    ("甲\u3000乙", "甲 乙"),                         # ideographic space becomes a space
    ("甲\u2002乙", "甲 乙"),                         # en space (a WPS signature: 海南省农业农村厅\u2002海南省财政厅)
    ("\u2003\u2003甲", "  甲"),                      # em spaces indenting a paragraph
    ("甲\u202f乙\u2009丙", "甲 乙 丙"),               # narrow no-break and thin spaces
]

LABEL_FORMS = [
    ("1﹒加强领导", "1.加强领导"),                  # U+FE52 small full stop: legal-database exports (govcn-04-lawdb)
    ("10﹒完善制度", "10.完善制度"),                # two-digit label in the same export
    ("﹙一﹚加强领导", "(一)加强领导"),              # small parentheses
    ("一﹑总体要求", "一、总体要求"),                # small enumeration comma
    ("⑴完成设计", "(1)完成设计"),                  # parenthesised digit, one character
    ("⒓完成验收", "12.完成验收"),                  # digit full stop, one character
    ("㈣强化督查", "(四)强化督查"),                  # parenthesised ideograph
    ("①加强领导", "①加强领导"),                    # circled numbers keep their own label style
    ("1.5万人", "1.5万人"),                        # nothing to change
]

LINE_NUMBERS = [
    ("1、2007 年质检\n2、同 时 抓亮点\n3、目标和措施", "2007 年质检\n同 时 抓亮点\n目标和措施"),  # seed 003: every line numbered 1,2,3…
    ("一、总体要求\n1、加强领导。\n正文一段。\n2、完善制度。", "一、总体要求\n1、加强领导。\n正文一段。\n2、完善制度。"),  # a real list among paragraphs stays
    ("1、甲\n3、乙\n7、丙", "1、甲\n3、乙\n7、丙"),    # numbers out of sequence: not injected line numbers
]

PAGE_NUMBERS = [
    ("上报市局。\n— 3 —\n各市局", "上报市局。\n各市局"),        # em-dash page footer
    ("上报市局。\n- 12 -\n各市局", "上报市局。\n各市局"),        # hyphen page footer
    ("上报市局。\n第3页 共8页\n各市局", "上报市局。\n各市局"),   # 第N页 共M页
    ("上报市局。\n3/8\n各市局", "上报市局。\n各市局"),           # N/M
    ("完成3项任务。\n——加强领导", "完成3项任务。\n——加强领导"),  # a dash bullet is content
]

LINEBREAKS = [
    # a label printed over two lines, its bracket alone on the first (云南's 2026 work report): one label
    ("（二）产业发展提质增效。\n正文。\n（\n三）改革开放持续深化。\n正文。", "（二）产业发展提质增效。\n正文。\n（三）改革开放持续深化。\n正文。"),
    ("关于印发《\n实施方案》的通知", "关于印发《实施方案》的通知"),  # any line ending in an opening bracket goes on
    # nothing is wrapped into a line that is one bracketed group: 贵州's subtitle under a photo caption
    ("2026年贵州省政府工作报告\n政府工作报告。 贵州日报天眼新闻记者 李森 摄\n政府工作报告\n"
     "（2026年1月27日在贵州省第十四届人民代表大会第四次会议上）\n省长 李炳军",
     "2026年贵州省政府工作报告\n政府工作报告。 贵州日报天眼新闻记者 李森 摄政府工作报告\n"
     "（2026年1月27日在贵州省第十四届人民代表大会第四次会议上）\n省长 李炳军"),
    # a title is not wrapped into the 主送机关 line after it (dev01's …分工方案》的通知 / 各区县人民政府，…：)
    # (body lines as wide as the title, so that by its width the title could be a wrapped line)
    ("××市人民政府办公室关于印发《××市优化营商环境重点任务分工方案》的通知\n\n各区县人民政府，市级各有关部门：\n"
     + "现将方案印发给你们，请结合实际认真贯彻落实，确保各项任务按期完成见效。\n" * 6,
     "××市人民政府办公室关于印发《××市优化营商环境重点任务分工方案》的通知\n\n各区县人民政府，市级各有关部门：\n"
     + "现将方案印发给你们，请结合实际认真贯彻落实，确保各项任务按期完成见效。\n" * 6),
    # … but a sentence wrapped before a line ending in a colon still joins (it has punctuation)
    ("各地要高度重视。为切实做好各项工作，各部门要认真落实以\n下各项要求，确保按期完成：\n一、总体要求",
     "各地要高度重视。为切实做好各项工作，各部门要认真落实以下各项要求，确保按期完成：\n一、总体要求"),
    # a sentence broken by a page break (blank line) inside a long paragraph joins up
    ("第二阶段。各县局应将\n\n检查情况上报市局。\n二、工作要求\n1.加强组织领导",
     "第二阶段。各县局应将检查情况上报市局。\n二、工作要求\n1.加强组织领导"),
    # a heading followed by its first item stays on its own line
    ("一、目的和意义\n\n认证认可制度是基本制度。", "一、目的和意义\n\n认证认可制度是基本制度。"),
    # a title followed by the addressee line is not a wrap (short, no sentence punctuation)
    ("关于开展认证帮扶行动的通知\n\n各市质量技术监督局：", "关于开展认证帮扶行动的通知\n\n各市质量技术监督局："),
    # a line ending in a full stop is complete
    ("加强领导。\n完善制度。", "加强领导。\n完善制度。"),
    # the next line starting a label is never joined
    ("任务包括，监督，检查\n2.完善制度", "任务包括，监督，检查\n2.完善制度"),
    # table cells (tab-led lines) keep their line structure
    ("\t科技司\n执法司\n\t全年", "\t科技司\n执法司\n\t全年"),
    # an attachment marker ends the body: no join into it
    ("请及时与省局联系，电话，传真\n附件：1、汇总表", "请及时与省局联系，电话，传真\n附件：1、汇总表"),
    # a page's metadata lines (the HTML reader's 发文机关：… lines) stay one per line, even a long 标题：… line
    (METADATA_LINES, METADATA_LINES),
    # a legal-database export's title, 【法宝引证码】 and 原文链接 lines, and the 发文字号 line after them, stay apart
    (EXPORT_HEADER, EXPORT_HEADER),
    # a list of bodies after a key wrapped over two lines (a PDF) still joins
    ("测算比例的说明文字。\n" * 8 + "责任单位：省经济和信息化厅、省财政厅、省发展改革委、省科技厅、\n省教育厅",
     "测算比例的说明文字。\n" * 8 + "责任单位：省经济和信息化厅、省财政厅、省发展改革委、省科技厅、省教育厅"),
    # a key：value line whose value is running text still wraps
    ("主要任务：加强组织领导，完善工作机制，\n落实工作责任。", "主要任务：加强组织领导，完善工作机制，落实工作责任。"),
]
# fmt: on


@pytest.mark.parametrize("text_in,text_out", CJK_SPACING)
def test_normalise_cjk_spacing(text_in, text_out):
    assert normalise.cjk_spacing(text_in) == text_out


@pytest.mark.parametrize("text_in,text_out", FULLWIDTH)
def test_normalise_fullwidth(text_in, text_out):
    assert normalise.fullwidth(text_in) == text_out


@pytest.mark.parametrize("text_in,text_out", LABEL_FORMS)
def test_normalise_label_forms(text_in, text_out):
    assert normalise.label_forms(text_in) == text_out


def test_normalise_label_forms_map_back_to_their_character():
    tracked = normalise.source_to_tracked("一、要求\n⑴加强领导。\n⑵完善制度。")
    assert tracked.text == "一、要求\n(1)加强领导。\n(2)完善制度。"
    assert {tracked.origin[i] for i in range(5, 8)} == {5}  # "(1)" all come from "⑴"


@pytest.mark.parametrize("text_in,text_out", LINE_NUMBERS)
def test_normalise_line_numbers(text_in, text_out):
    assert normalise.line_numbers(text_in) == text_out


@pytest.mark.parametrize("text_in,text_out", PAGE_NUMBERS)
def test_normalise_page_numbers(text_in, text_out):
    assert normalise.page_numbers(text_in) == text_out


@pytest.mark.parametrize("text_in,text_out", LINEBREAKS)
def test_normalise_linebreaks(text_in, text_out):
    assert normalise.linebreaks(text_in) == text_out


# fmt: off
SCRIPTS = [
    ("國家認監委印發工作要點", "traditional"),   # seed 002's script
    ("国家认监委印发工作要点", "simplified"),
    ("国家认监委與質檢總局联合印发", "mixed"),   # both scripts in one text
    ("ISO 9001", "simplified"),                  # no CJK at all: nothing to convert
    ("國務院關於印發工作要點的通知，请认真贯彻", "mixed"),  # 请认贯彻 simplified only: 4 against 6
    ("发展和改革委員會", "mixed"),               # 发展改革 are both scripts' (not counted); 发 simplified only
]
# fmt: on


@pytest.mark.parametrize("text,expected", SCRIPTS)
def test_normalise_detect_script(text, expected):
    assert normalise.detect_script(text) == expected


def test_simplified_only_file_is_what_opencc_gives():
    """pipeline/data/simplified_only.txt stands in for OpenCC's s2t in detect_script: it must be current."""
    path = Path(__file__).resolve().parents[3] / "scripts" / "make_simplified_only.py"
    spec = importlib.util.spec_from_file_location("make_simplified_only", path)
    make = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make)
    assert normalise.simplified_only() == frozenset(make.simplified_only()), \
        "OpenCC's dictionaries changed: run python scripts/make_simplified_only.py"


def test_normalise_script_converts_traditional():
    assert normalise.script("牽頭部門：注冊部") == "牵头部门：注册部"


def test_normalise_pipeline_offsets_map_back_on_seed(corpus_dir):
    """Every clean character comes from a source character that converts to it (or is a joined space)."""
    source = (corpus_dir / "seeds" / "003_54c8743819056970.txt").read_text(encoding="utf-8")
    tracked = normalise.source_to_tracked(source)
    assert len(tracked.origin) == len(tracked.text) + 1
    for i, ch in enumerate(tracked.text):
        assert normalise.script(normalise.fullwidth(source[tracked.origin[i]])) == ch


CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x4E40)
TEXTS = st.text(alphabet=st.one_of(CJK, st.sampled_from(list(" \n\t12.、。，ABab（）—﹒⑴㈠-"))), max_size=120)


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_normalise_offsets_always_map_back(text):
    tracked = normalise.source_to_tracked(text)
    assert len(tracked.origin) == len(tracked.text) + 1
    assert all(0 <= o <= len(text) for o in tracked.origin)
    assert list(tracked.origin[:-1]) == sorted(tracked.origin[:-1])  # order is kept


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_normalise_twice_changes_nothing(text):
    once = normalise.source_to_tracked(text).text
    assert normalise.source_to_tracked(once).text == once


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_normalise_no_space_between_cjk(text):
    import re

    clean = normalise.source_to_tracked(text).text
    assert not re.search(r"[\u4e00-\u9fff] +[\u4e00-\u9fff]", clean)


def test_offsets_apply_edits_rejects_overlap():
    with pytest.raises(ValueError):
        apply_edits(Tracked.from_source("abcdef"), [(2, 4, ""), (3, 5, "")])
