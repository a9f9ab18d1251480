"""Document fields: title, issuer, 发文字号, issue date and year."""

from __future__ import annotations

import pytest

from extractors.documents import find_doc_number, find_issue_date, find_issuer, find_title, parse_date, text_to_fields

# fmt: off
TITLES = [
    ("各直属局：\n现将《2017年认证认可工作要点》印发你们，请遵照执行。", "2017年认证认可工作要点"),  # cover notice: the printed plan's title
    ("关于印发《××市营商环境优化实施方案》的通知\n各区县人民政府：", "××市营商环境优化实施方案"),  # 关于印发《X》的通知 title line
    ("浙江省质量技术监督局文件\n\n浙质评发〔2009〕195号\n\n关于开展帮扶行动的通知\n\n各市局：", "关于开展帮扶行动的通知"),  # letterhead and number skipped
    ("2026年中央一号文件\n党的十八大以来第14个指导“三农”工作的中央一号文件2月3日由新华社受权发布，全文如下",
     "2026年中央一号文件"),  # ends in 文件 but names a document, not a body: no letterhead (zhongyang_yihao_2026.docx)
    ("2007年全国质量技术监督工作要点2007年质检工作的指导思想是:坚持", "2007年全国质量技术监督工作要点"),  # title glued to the body (seed 003)
    ("附件：\n总局开展检测工作整顿活动重点工作安排\n\t序号", "总局开展检测工作整顿活动重点工作安排"),  # attachment marker skipped
    ("××县关于进一步加强安全生产\n工作的实施意见\n一、总体要求", "××县关于进一步加强安全生产工作的实施意见"),  # title wrapped over two lines
    ("××市人民政府关于印发××市2026年数字经济发展工作要点的通知\n各区：", "××市2026年数字经济发展工作要点"),  # 关于印发X的通知 without 《》
    ("2026年重点任务分工表\n序号\t重点任务", "2026年重点任务分工表"),  # a task table's own title
    ("一、总体要求\n1.加强领导。", None),  # no title at all
    # (v2) a page's metadata table gives the title; a cover notice's title still gives the plan it prints
    ("发文机关：国务院\n标题：国务院关于印发个人所得税专项附加扣除暂行办法的通知\n发文字号：国发〔2018〕41号\n正文。",
     "个人所得税专项附加扣除暂行办法"),
    # (v2) metadata cells joined into one line by the line-wrap step: each value ends at the next key
    ("主题分类：财政\\税务发文机关：国务院成文日期：2018年12月18日标题：中华人民共和国个人所得税法实施条例发文字号：国令第707号",
     "中华人民共和国个人所得税法实施条例"),
    # (v2) a table's cells: the key on one line, the value on the next
    ("\t标 题：\n\t国务院关于推进政务新媒体健康有序发展的意见\n\t发文字号：\n\t国办发〔2018〕123号",
     "国务院关于推进政务新媒体健康有序发展的意见"),
    # (v2) a legal-database export: the header lines are not the title; 关于印发《X》的通知 gives X
    ("国务院办公厅关于印发《政府网站集约化试点工作方案》的通知\n【发布部门】国务院办公厅\n【发文字号】国办函〔2018〕71号\n"
     "【法宝引证码】CLI.2.180957\n\n国务院办公厅关于印发《政府网站集约化\n试点工作方案》的通知", "政府网站集约化试点工作方案"),
    # (v2) several plans printed: the X of the notice's own 关于印发X的通知
    ("国务院办公厅关于印发甲改革和乙发展两个规定的通知\n国办发〔2018〕124号\n各部委：\n《甲改革的规定》和《乙发展的规定》已经国务院同意，现印发给你们。",
     "甲改革和乙发展两个规定"),
    # a 转发 notice: the document it forwards, from the cover sentence
    ("国务院办公厅转发民政部关于清理整顿社会团体意见的通知\n各部委：\n民政部《关于清理整顿社会团体的意见》已经国务院同意，现转发给你们。",
     "关于清理整顿社会团体的意见"),
    # … also when a PDF lost the comma hung at the line's end (govcn-50 rendered by LibreOffice)
    ("国务院办公厅转发民政部关于\n\n清理整顿社会团体意见的通知\n各部委：\n民政部《关于清理整顿社会团体的意见》已经国务院同意现转发给你们。",
     "关于清理整顿社会团体的意见"),
    # a title broken before its date range: the range is no date line here (govcn-14 rendered as a 公文)
    ("国务院文件\n\n国函〔2018〕159号\n\n国务院关于河北雄安新区总体规划\n\n（2018—2035年）的批复\n\n河北省人民政府：\n一、原则同意。",
     "国务院关于河北雄安新区总体规划（2018—2035年）的批复"),
    # … also when it says 已经国务院批准 (govcn-52, a 请示 forwarded)
    ("国务院办公厅转发国家教委关于内地西藏班（校）扩大规模有关问题请示的通知\n各省、自治区、直辖市人民政府：\n"
     "国家教委《关于内地西藏班（校）扩大规模有关问题的请示》已经国务院批准，现转发给你们，请认真贯彻执行。",
     "关于内地西藏班（校）扩大规模有关问题的请示"),
    # never a document cited in running text (关于印发X的通知 inside 《》 in a sentence)
    ("国务院办公厅关于抓好赋予科研机构和人员\n更大自主权有关文件贯彻落实工作的通知\n国办发〔2018〕127号\n各部委：\n"
     "按照《国务院关于印发实施〈促进科技成果转化法〉若干规定的通知》要求，",
     "国务院办公厅关于抓好赋予科研机构和人员更大自主权有关文件贯彻落实工作的通知"),
    # a 批复 title broken over two lines, not the 一、原则同意《…》 item below it
    ("国务院关于河北雄安新区\n总体规划（2018—2035年）的批复\n国函〔2018〕159号\n河北省人民政府：\n一、原则同意《河北雄安新区总体规划》。",
     "国务院关于河北雄安新区总体规划（2018—2035年）的批复"),
    # never a labelled item: （十五）… is not a title
    ("（十五）统筹优化乡村国土空间布局规划\n加强规划引领。", None),
    # a letterhead without 文件 over the number, then the title broken over three lines (…的 / 通知)
    ("中共邯郸市委组织部\n\n邯组通字〔2018〕39号\n\n中共邯郸市委组织部\n关于开展纪念建党97周年系列活动的\n通知\n\n各县委组织部：",
     "中共邯郸市委组织部关于开展纪念建党97周年系列活动的通知"),
    # a cover notice whose sentence prints one plan (联合制定《X》，现印发给你们): X as printed in 《》, 关于 kept,
    # not the notice's own 关于印发X的通知 wording (gz.gov.cn 穗卫函〔2023〕1930号, gold real-provincial)
    ("标题：广州市卫生健康委等4部门关于印发推进家庭医生签约服务实施方案的通知\n各区卫生健康局：\n"
     "市卫生健康委、市财政局联合制定《关于推进家庭医生签约服务实施方案》，现印发给你们，请贯彻执行。",
     "关于推进家庭医生签约服务实施方案"),
    # the same sentence without a notice title line
    ("各区卫生健康局：\n我委制定了《家庭医生签约服务实施方案》，现印发给你们。", "家庭医生签约服务实施方案"),
    # … but a document cited with 根据 before 现印发 is not the printed plan
    ("各区：\n根据《中华人民共和国安全生产法》，现印发给你们，请遵照执行。\n一、加强领导。", None),
    # (v2) a legal-database export of a notice printing two plans: title line, 【法宝引证码】 and 原文链接 lines
    # (the line-wrap step keeps them apart), X of 关于印发X的通知 (tests/fixtures/lawdb_cover_two_plans.txt)
    ("安徽省人民政府办公厅关于印发甲行动方案和乙专项行动方案的通知\n【法宝引证码】CLI.12.5551234\n"
     "原文链接：http://www.pkulaw.cn/fulltext_form.aspx?Gid=1234\n皖政办〔2021〕8号\n各市、县人民政府：\n"
     "现将《甲行动方案》《乙专项行动方案》印发给你们，请认真贯彻执行。", "甲行动方案和乙专项行动方案"),
    # 现公布《X》: an order that publishes a regulation
    ("中华人民共和国国务院令\n第707号\n现公布修订后的《中华人民共和国个人所得税法实施条例》，自2019年1月1日起施行。",
     "中华人民共和国个人所得税法实施条例"),
]
DATES = [
    ("2009年8月4日", "2009-08-04"),
    ("二〇一七年二月十五日", "2017-02-15"),          # Chinese numerals, as printed on signatures
    ("二○二六年十二月三十一日", "2026-12-31"),        # ○ (white circle) used for zero
    ("2026年13月1日", None),                          # not a real month
    ("2019年2月30日", None),                          # no such day (read by the dates module, as task dates are)
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


# fmt: off
FIELDS = [
    # (text, (issuer, doc_number, issue_date)) — where real documents print them
    # (v2) gov.cn metadata lines put first by the HTML reader; 发布日期 is not the 成文 date
    ("发文机关：国务院\n成文日期：2018年12月18日\n标题：某条例\n发文字号：国令第707号\n发布日期：2018年12月22日\n"
     "总理　李克强\n2018年12月18日", ("国务院", "国令第707号", "2018-12-18")),
    # (v2) a legal-database export header: 【发布部门】 and 【发文字号】; its 【发布日期】 is not the 成文 date
    ("某意见\n【发布部门】国务院办公厅\n【发文字号】国办发〔2019〕4号\n【发布日期】2019.01.30\n【效力级别】国务院规范性文件\n"
     "正文。\n国务院办公厅\n2019年1月16日", ("国务院办公厅", "国办发〔2019〕4号", "2019-01-16")),
    # a decree printed as its PDF is (no metadata): its head names the issuer and, with the number under it,
    # the 发文字号; the premier who signs is no issuer (govcn-33 and govcn-58 rendered as 公文)
    ("中华人民共和国国务院令\n第707号\n现公布修订后的《中华人民共和国个人所得税法实施条例》。\n总理　李克强\n2018年12月18日",
     ("国务院", "国令第707号", "2018-12-18")),
    # … a ministry's decree, numbered by year, keeps its own name in the number
    ("中华人民共和国商务部令\n2019年第1号\n现公布《某办法》。\n部长　钟山\n2019年3月1日", ("商务部", "商务部令2019年第1号", "2019-03-01")),
    # … a line ending in 令 with no number under it heads no decree
    ("加强禁令\n正文。\n××市人民政府\n2026年3月1日", ("××市人民政府", None, "2026-03-01")),
    # the red header (版头) gives the issuer, the number under it the 发文字号
    ("××市人民政府文件\n×政发〔2026〕3号\n关于印发某方案的通知\n正文。\n××市人民政府\n2026年3月1日",
     ("××市人民政府", "×政发〔2026〕3号", "2026-03-01")),
    # the signature block: the body over the date line
    ("某通知\n正文。\n国务院办公厅\n2004年11月4日", ("国务院办公厅", None, "2004-11-04")),
    # joint issuers signing on two lines over one date
    ("某方案\n正文。\n广州市卫生健康委员会广州市财政局\n广州市医疗保障局\n2023年10月19日",
     ("广州市卫生健康委员会广州市财政局 广州市医疗保障局", None, "2023-10-19")),
    # joint issuers printed on one line with spaces between them
    ("某方案\n正文。\n海南省农业农村厅    海南省财政厅\n2024年7月1日", ("海南省农业农村厅 海南省财政厅", None, "2024-07-01")),
    # … or run together by the converter
    ("某方案\n正文。\n海南省农业农村厅海南省财政厅\n2024年7月1日", ("海南省农业农村厅海南省财政厅", None, "2024-07-01")),
    # … or one per line
    ("某方案\n正文。\n海南省农业农村厅\n海南省财政厅\n2024年7月1日", ("海南省农业农村厅 海南省财政厅", None, "2024-07-01")),
    # joint issuers sign, the page's metadata names one of them (the owner of the 发文字号): that one
    ("发文机关：广州市卫生健康委员会\n成文日期：2023-10-19\n发文字号：穗卫函〔2023〕1930号\n正文。\n"
     "广州市卫生健康委员会广州市财政局\n广州市人力资源和社会保障局广州市医疗保障局\n2023年10月19日",
     ("广州市卫生健康委员会", "穗卫函〔2023〕1930号", "2023-10-19")),
    # … but a metadata body that is only part of the one signatory's name is not a joint issuer of it
    ("发文机关：广州市人民政府\n正文。\n广州市人民政府办公厅\n2021年3月1日", ("广州市人民政府办公厅", None, "2021-03-01")),
    # a page reposted by another office: its metadata names the reposter, the signature the issuer;
    # the metadata date may be ISO
    ("发文机关：某区某街道办事处\n成文日期：2024-07-26\n标题：（转载）某市人民政府办公厅关于印发某办法的通知\n"
     "正文。\n某市人民政府办公厅\n2024年7月26日", ("某市人民政府办公厅", None, "2024-07-26")),
    # the page's metadata and the signature disagree: the circular's own signature wins (govcn-24 of dev3)
    ("发文机关：国务院办公厅\n成文日期：2004年04月17日\n发文字号：国办函〔2004〕36号\n正文。\n国务院办公厅\n"
     "二〇〇四年四月二十七日", ("国务院办公厅", "国办函〔2004〕36号", "2004-04-27")),
    # ... and the metadata gives the date when nothing is signed
    ("发文机关：国务院办公厅\n成文日期：2004年04月17日\n正文。", ("国务院办公厅", None, "2004-04-17")),
    # a work report: the speaker's body is the issuer, the day it was delivered (its subtitle) the date
    ("2026年河北省政府工作报告\n——2026年1月26日在河北省第十四届人民代表大会第四次会议上\n来源：河北日报\n"
     "河北省人民政府省长 王正谱\n各位代表：\n现在，我代表省人民政府向大会报告工作。", ("河北省人民政府", None, "2026-01-26")),
    # ... a speaker named by office alone names no body; the subtitle without its dash, broken over two lines
    ("2026年西藏自治区政府工作报告\n2026年1月31日在西藏自治区第十二届\n人民代表大会第四次会议上\n自治区主席 嘎玛泽登\n"
     "各位代表：", (None, None, "2026-01-31")),
    # ... the speaker on the subtitle's line (shaanxi-2026 of reports2): the date is still the subtitle's
    ("陕西省2026年政府工作报告\n2026年1月27日在陕西省第十四届人民代表大会第四次会议上 陕西省省长 赵刚\n时间：\n"
     "2026-02-02 09:20\n各位代表：", (None, None, "2026-01-27")),
    # ... as the extractor sees it: normalising took the spaces between Chinese characters out
    ("陕西省2026年政府工作报告\n2026年1月27日在陕西省第十四届人民代表大会第四次会议上陕西省省长赵刚\n各位代表：",
     (None, None, "2026-01-27")),
    # ... the subtitle in brackets (贵州 2026); 省长 李炳军 names no body
    ("2026年贵州省政府工作报告\n（2026年1月27日在贵州省第十四届人民代表大会第四次会议上）\n省长李炳军\n各位代表：",
     (None, None, "2026-01-27")),
    # ... and the report's title over a page's time stamp signs nothing (it was the issuer)
    ("2026年四川省人民政府工作报告\n2026年02月10日\n四川省人民政府省长 施小琳\n各位代表：", ("四川省人民政府", None, "2026-02-10")),
    # a letterhead that is not a body (2026年中央一号文件) is not the issuer
    ("2026年中央一号文件\n正文。", (None, None, None)),
]
# fmt: on


@pytest.mark.parametrize("text,fields", FIELDS)
def test_documents_fields_where_printed(text, fields):
    got = text_to_fields(text)
    assert (got.issuer, got.doc_number, got.issue_date) == fields


def test_documents_year_of_a_range_is_its_first_year():
    assert text_to_fields("国务院关于河北雄安新区总体规划（2018—2035年）的批复\n正文。").year == 2018


# fmt: off
JOINT_SIGNATURES = [
    # (raw source text, issuer without white space) — every joint issuer, however the reader lays out the signature
    # a .doc read by LibreOffice: en spaces (U+2002) between the bodies and before the date (海南 农机补贴)
    ("某方案\n正文。\n\u2002\n海南省农业农村厅 \u2002\u2002\u2002\u2002海南省财政厅\n\u2002\u2002\u2002\u20022024年7月1日\n（此件主动公开）",
     "海南省农业农村厅海南省财政厅"),
    # the same bodies over the letterhead and the signature, run together
    ("海南省农业农村厅海南省财政厅\n关于印发某方案的通知\n正文。\n海南省农业农村厅海南省财政厅\n2024年7月1日",
     "海南省农业农村厅海南省财政厅"),
    # one body per line, ideographic spaces before the date (a PDF)
    ("某方案\n正文。\n海南省农业农村厅\n海南省财政厅\n\u3000\u3000\u30002024年7月1日", "海南省农业农村厅海南省财政厅"),
]
# fmt: on


@pytest.mark.parametrize("raw,issuer", JOINT_SIGNATURES)
def test_documents_joint_issuers_through_the_pipeline(raw, issuer):
    from tests.conftest import make_circular

    assert "".join((make_circular(raw).fields.issuer or "").split()) == issuer
