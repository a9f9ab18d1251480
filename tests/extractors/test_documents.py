"""Document fields: title, issuer, 发文字号, issue date and year."""

from __future__ import annotations

import pytest

from extractors.documents import find_doc_number, find_issue_date, find_issuer, find_title, parse_date, text_to_fields

# fmt: off
TITLES = [
    ("各直属局：\n现将《2017年认证认可工作要点》印发你们，请遵照执行。", "2017年认证认可工作要点"),  # cover notice: the printed plan's title
    ("关于印发《××市营商环境优化实施方案》的通知\n各区县人民政府：", "××市营商环境优化实施方案"),  # 关于印发《X》的通知 title line
    ("浙江省质量技术监督局文件\n\n浙质评发〔2009〕195号\n\n关于开展帮扶行动的通知\n\n各市局：", "关于开展帮扶行动的通知"),  # letterhead and number skipped
    ("2007年全国质量技术监督工作要点2007年质检工作的指导思想是:坚持", "2007年全国质量技术监督工作要点"),  # title glued to the body (seed 003)
    ("附件：\n总局开展检测工作整顿活动重点工作安排\n\t序号", "总局开展检测工作整顿活动重点工作安排"),  # attachment marker skipped
    ("××县关于进一步加强安全生产\n工作的实施意见\n一、总体要求", "××县关于进一步加强安全生产工作的实施意见"),  # title wrapped over two lines
    ("××市人民政府关于印发××市2026年数字经济发展工作要点的通知\n各区：", "××市2026年数字经济发展工作要点"),  # 关于印发X的通知 without 《》
    ("2026年重点任务分工表\n序号\t重点任务", "2026年重点任务分工表"),  # a task table's own title
    ("一、总体要求\n1.加强领导。", None),  # no title at all
]
DATES = [
    ("2009年8月4日", "2009-08-04"),
    ("二〇一七年二月十五日", "2017-02-15"),          # Chinese numerals, as printed on signatures
    ("二○二六年十二月三十一日", "2026-12-31"),        # ○ (white circle) used for zero
    ("2026年13月1日", None),                          # not a real month
    ("会议于3月1日召开", None),                         # no year: not an issue date
]
# fmt: on


@pytest.mark.parametrize("text,title", TITLES)
def test_documents_title(text, title):
    assert find_title(text) == title


@pytest.mark.parametrize("text,iso", DATES)
def test_documents_parse_date(text, iso):
    assert parse_date(text) == iso


def test_documents_issuer_letterhead_beats_imprint():
    text = "浙江省质量技术监督局文件\n浙质评发〔2009〕195号\n正文。\n浙江省质量技术监督局办公室 2009年8月4日印发"
    assert find_issuer(text) == "浙江省质量技术监督局"
    assert find_doc_number(text) == "浙质评发〔2009〕195号"
    assert find_issue_date(text) == "2009-08-04"


def test_documents_signature_date_beats_imprint_date():
    text = "正文。\n××市人民政府\n2026年3月1日\n××市人民政府办公室 2026年3月5日印发"
    assert (find_issuer(text), find_issue_date(text)) == ("××市人民政府", "2026-03-01")


def test_documents_doc_number_in_body_is_not_the_documents_own():
    assert find_doc_number("按照《指导意见》（国认法〔2008〕14号）要求，") is None


@pytest.mark.parametrize(
    "text,year",
    [
        ("2017年认证认可工作要点\n一、总体", 2017),  # from the title
        ("关于开展帮扶行动的通知\n正文。\n省局\n2009年8月4日", 2009),  # from the issue date
        ("关于开展帮扶行动的通知\n正文。", None),  # unknown
    ],
)
def test_documents_year(text, year):
    assert text_to_fields(text).year == year
