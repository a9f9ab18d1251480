"""Tests for :mod:`extractors.dates` (ANNOTATION.md §5)."""

from __future__ import annotations

import datetime
import doctest

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors import dates
from extractors.dates import DateMatch, DateVocab, default_vocab, find_dates

# fmt: off
SEED_CASES = [
    # (text, year, expected [(match text, kind, start, end)]) — real phrases of the seeds
    ("要求管理体系认证机构在上半年规范性自查的基础上，重点关注最终结果", None,
     [("上半年", "period", "XXXX-01-01", "XXXX-06-30")]),  # 000: bare 上半年 is a span; no year → XXXX
    ("在上半年完成相关年度认可监督工作的基础上，主要针对玩具和食品领域", None,
     [("上半年完成", "deadline", None, "XXXX-06-30")]),  # 000: 完成 right after the span makes a deadline; 年度 is no date
    ("确保年底按计划完成9项食品安全国家标准的制订工作，明年上半年完成另外4项食品安全国家标准的制订工作。", None,
     [("年底", "deadline", None, "XXXX-12-31"),  # 000: bare 年底 as a target
      ("明年上半年完成", "deadline", None, None)]),  # 000: relative year with no base: both null, kind kept
    ("结合9月份全国范围开展以“质量安全共同的责任”为主题的质量月活动", None,
     [("9月份", "period", "XXXX-09-01", "XXXX-09-30")]),  # 000: 月份; 质量月 and the quote are no dates
    ("按照全省认证工作会议的部署，时间从5月下旬至8月底，由在浙江开展认证工作的百家认证机构", 2009,
     [("5月下旬至8月底", "period", "2009-05-21", "2009-08-31")]),  # 001: 旬 to 月底 range is a period
    ("凡在浙江开展工作的认证机构须在8月31日前向省局提交自查报告", 2009,
     [("8月31日前", "deadline", None, "2009-08-31")]),  # 001: a day with 前
    ("第二阶段为质量技术监督部门组织开展认证监督检查阶段。时间从9月初至10月底。", 2009,
     [("9月初至10月底", "period", "2009-09-01", "2009-10-31")]),  # 001: 月初 = 上旬 start
    ("企业名单于10月15日前书面上报市局，各市局于10月31日前将监督检查情况上报省局合格评定监管处。", 2009,
     [("10月15日前", "deadline", None, "2009-10-15"),
      ("10月31日前", "deadline", None, "2009-10-31")]),  # 001: two deadlines in one sentence
    ("第三阶段为总结评选阶段。时间在11月。省局将根据各认证机构的自查情况", 2009,
     [("11月", "period", "2009-11-01", "2009-11-30")]),  # 001: a month alone is a period
    ("推动全国广泛开展质量兴市活动,力争2007年底达到1200个市县,对口帮扶达到25个市县。", 2007,
     [("2007年底", "deadline", None, "2007-12-31")]),  # 003: year + 底 used as a target
    ("力争 2007 年底达到 1200 个市县", 2007,
     [("2007 年底", "deadline", None, "2007-12-31")]),  # 003 raw: PDF spaces inside the phrase
    ("开展检验机构委托检验工作调研\t4月\n", None,
     [("4月", "period", "XXXX-04-01", "XXXX-04-30")]),  # 004: table cell
    ("加大实验室能力验证工作\t全年\n", None,
     [("全年", "period", "XXXX-01-01", "XXXX-12-31")]),  # 004: 全年 alone in a cell
    ("组织检查省级计量检定机构检定工作\t5-7月\n", None,
     [("5-7月", "period", "XXXX-05-01", "XXXX-07-31")]),  # 004: first month bare, 月 shared
    ("“实验室开放”集中展示月\t5月、9月\n", None,
     [("5月", "period", "XXXX-05-01", "XXXX-05-31"),
      ("9月", "period", "XXXX-09-01", "XXXX-09-30")]),  # 004: two dates, two rows; 展示月 is no date
    ("制定《检验检疫实验室管理办法》（试行）\t7月\n完成\n", None,
     [("7月\n完成", "deadline", None, "XXXX-07-31")]),  # 004: marker on the next line of the cell
]

RULE_CASES = [
    ("二〇二三年十二月三十一日前完成", None,
     [("二〇二三年十二月三十一日前", "deadline", None, "2023-12-31")]),  # Chinese-numeral year overrides base; first marker only
    ("2026年9月底前完成验收", 2024,
     [("2026年9月底前", "deadline", None, "2026-09-30")]),  # explicit year beats base year
    ("十二月底前报送总结", 2021, [("十二月底前", "deadline", None, "2021-12-31")]),  # Chinese month
    ("三月上旬召开动员会", 2021, [("三月上旬", "period", "2021-03-01", "2021-03-10")]),  # 上旬 1–10
    ("6月中旬开展督查", 2021, [("6月中旬", "period", "2021-06-11", "2021-06-20")]),  # 中旬 11–20
    ("2月下旬开展督查", 2024, [("2月下旬", "period", "2024-02-21", "2024-02-29")]),  # 下旬 to a leap February's end
    ("2月底前上报", 2023, [("2月底前", "deadline", None, "2023-02-28")]),  # 底前 not ambiguous; non-leap
    ("4月中旬至6月底完成整改", 2022,
     [("4月中旬至6月底完成", "deadline", None, "2022-06-30")]),  # a range closed by 完成 is a deadline
    ("4月中旬至6月底，开展专项检查", 2022,
     [("4月中旬至6月底", "period", "2022-04-11", "2022-06-30")]),  # range without marker: period
    ("2024年3月—5月开展自查", None,
     [("2024年3月—5月", "period", "2024-03-01", "2024-05-31")]),  # year carries to the second part
    ("2025年12月至2026年3月集中整治", None,
     [("2025年12月至2026年3月", "period", "2025-12-01", "2026-03-31")]),  # range crosses years
    ("12月至次年3月开展冬季行动", 2025,
     [("12月至次年3月", "period", "2025-12-01", "2026-03-31")]),  # 次年 is base + 1
    ("11月至3月为供暖季", 2025,
     [("11月至3月", "period", "2025-11-01", "2026-03-31")]),  # second month earlier: next year
    ("10月1日至15日集中宣传", 2020,
     [("10月1日至15日", "period", "2020-10-01", "2020-10-15")]),  # month-less tail keeps the month
    ("5月20-25日举办培训", 2020,
     [("5月20-25日", "period", "2020-05-20", "2020-05-25")]),  # day range inside one month
    ("3月1日起至5月31日止开展清理", 2020,
     [("3月1日起至5月31日止", "period", "2020-03-01", "2020-05-31")]),  # 起…止 frame a range
    ("五至七月开展抽查", 2020, [("五至七月", "period", "2020-05-01", "2020-07-31")]),  # Chinese range
    ("1-6月份累计完成", 2020, [("1-6月份", "period", "2020-01-01", "2020-06-30")]),  # range + 份
    ("10月15日前报送", 2009, [("10月15日前", "deadline", None, "2009-10-15")]),  # a day deadline
    ("5月20日召开推进会", 2020, [("5月20日", "period", "2020-05-20", "2020-05-20")]),  # bare day: start = end
    ("5月20号召开推进会", 2020, [("5月20号", "period", "2020-05-20", "2020-05-20")]),  # 号 for 日
    ("10月前完成", 2020, [("10月前", "deadline", None, "2020-10-31")]),  # month + 前 (flagged ambiguous below)
    ("10月以前报送", 2020, [("10月以前", "deadline", None, "2020-10-31")]),  # 以前 like 前
    ("6月之前报送", 2020, [("6月之前", "deadline", None, "2020-06-30")]),  # 之前 like 前
    ("7月完成", None, [("7月完成", "deadline", None, "XXXX-07-31")]),  # month + 完成
    ("到6月底为止", 2020, [("6月底为止", "deadline", None, "2020-06-30")]),  # 为止
    ("截至2017年3月底，全省共有", None, [("截至2017年3月底", "deadline", None, "2017-03-31")]),  # 截至 precedes
    ("截止到9月30日的数据", 2018, [("截止到9月30日", "deadline", None, "2018-09-30")]),  # 截止到 precedes
    ("年内完成立法调研", 2019, [("年内完成", "deadline", None, "2019-12-31")]),  # 年内 is a deadline; the 完成 after it joins the text
    ("年底前全部完成", 2019, [("年底前", "deadline", None, "2019-12-31")]),  # 年底前
    ("今年年底前实现全覆盖", 2019, [("今年年底前", "deadline", None, "2019-12-31")]),  # 今年 = base
    ("2017年内出台实施意见", 2016, [("2017年内", "deadline", None, "2017-12-31")]),  # year + 内
    ("2020年前基本建成", 2016, [("2020年前", "deadline", None, "2020-12-31")]),  # a bare year with 前 is a date
    ("明年上半年完成另外4项", 2008, [("明年上半年完成", "deadline", None, "2009-06-30")]),  # 明年 = base + 1
    ("去年底以来", 2018, [("去年底", "deadline", None, "2017-12-31")]),  # 去年 = base − 1
    ("上年底前未完成的", None, [("上年底前", "deadline", None, None)]),  # relative with no base: null
    ("下半年开展复查", 2020, [("下半年", "period", "2020-07-01", "2020-12-31")]),  # 下半年 span
    ("2021年上半年开展试点", None, [("2021年上半年", "period", "2021-01-01", "2021-06-30")]),  # year + 上半年
    ("第二季度开展抽查", 2020, [("第二季度", "period", "2020-04-01", "2020-06-30")]),  # quarter span
    ("三季度开展抽查", 2020, [("三季度", "period", "2020-07-01", "2020-09-30")]),  # quarter without 第
    ("一季度末完成", 2020, [("一季度末完成", "deadline", None, "2020-03-31")]),  # quarter end
    ("第一季度末前上报", 2020, [("第一季度末前", "deadline", None, "2020-03-31")]),  # quarter end + 前
    ("二季度末", None, [("二季度末", "deadline", None, "XXXX-06-30")]),  # quarter end alone is a target
    ("前三季度累计", 2020, [("前三季度", "period", "2020-01-01", "2020-09-30")]),  # 前N季度 from January
    ("2022年第四季度", None, [("2022年第四季度", "period", "2022-10-01", "2022-12-31")]),  # year + quarter
    ("全年开展", 2017, [("全年", "period", "2017-01-01", "2017-12-31")]),  # 全年 with a year
    ("6月中完成", 2020, [("6月中完成", "deadline", None, "2020-06-20")]),  # 月中 = 中旬 before a marker
    ("5月中下旬开展", 2020, [("5月中下旬", "period", "2020-05-11", "2020-05-31")]),  # 中下旬 11–end
    ("2024年5、6月底前完成", None,
     [("2024年5", "deadline", None, "2024-05-31"),
      ("6月底前", "deadline", None, "2024-06-30")]),  # listed months share the year and the marker
    ("2018-06-30前完成", None, [("2018-06-30前", "deadline", None, "2018-06-30")]),  # ISO-like date
    ("2月29日前", None, [("2月29日前", "deadline", None, "XXXX-02-29")]),  # may exist when the year is unknown
    ("第三、四季度开展“回头看”", 2020,
     [("第三", "period", "2020-07-01", "2020-09-30"),
      ("四季度", "period", "2020-10-01", "2020-12-31")]),  # listed quarters, two rows
    ("12月31日24时前提交", 2020, [("12月31日24时前", "deadline", None, "2020-12-31")]),  # an hour before 前
    ("8月内完成自查", 2020, [("8月内", "deadline", None, "2020-08-31")]),  # 内 after a month
    ("9月至年底", 2020, [("9月至年底", "period", "2020-09-01", "2020-12-31")]),  # range ending in bare 年底
    ("自2021年1月1日起施行", None, [("自2021年1月1日起", "period", "2021-01-01", None)]),  # v2: 自…起 is an open period
    ("5月下旬至8月底", None, [("5月下旬至8月底", "period", "XXXX-05-21", "XXXX-08-31")]),  # no year: XXXX
]

RECURRING_CASES = [
    ("每月10日前报送统计报表", 2020, [("每月10日前", "recurring", None, None)]),  # day with no month: only as recurring
    ("每季度末报送进展情况", 2020, [("每季度末", "recurring", None, None)]),  # recurring quarter end
    ("每周五前报送进展", 2024, [("每周", "recurring", None, None)]),  # weekly: no calendar point, text kept
    ("每年年底前报送年度总结", 2020, [("年底前", "deadline", None, "2020-12-31")]),  # 每年 names no span: 年底前 resolves as usual
    ("每半年开展一次评估", 2020, []),  # every half year: no calendar span (and not 上/下半年)
    ("每年3月开展宣传", 2020, [("3月", "period", "2020-03-01", "2020-03-31")]),  # the month after 每年 is an ordinary date
    ("2020年起，每年1月底前完成上述工作", 2019,
     [("1月底前", "deadline", None, "2019-01-31")]),  # real gov.cn: 2020年起 is a bare year; the month resolves against the base year
    ("应当于每年1月31日前公开", 2018, [("1月31日前", "deadline", None, "2018-01-31")]),  # real gov.cn: a day deadline inside 每年
    ("按照每月1000元的标准定额扣除", 2019, []),  # 每月 before an amount is a rate, not a date
    ("每月2次开展巡查", 2019, []),  # a frequency: rate
    ("每月通报各街道扬尘管控情况", 2021, [("每月", "recurring", None, None)]),  # 每月 before a verb stays recurring
    ("每周一召开调度会", 2021, [("每周", "recurring", None, None)]),  # 周一 is a weekday, not an amount
    # A qualifier or a standard before an amount in the clause: a rate too (gz.gov.cn gold has no date)
    ("家庭医生应每季度至少主动联系1次签约居民", 2023, []),  # at least once a quarter: the quota 1次 carries it
    ("供养服务机构每月按照不低于基本生活供养金20%的标准发放零用钱", 2021, []),  # a monthly standard
    ("每月不少于2次", 2021, []),
    ("每季度至少开展一次督导", 2021, [("每季度", "recurring", None, None)]),  # 一次 is no quota: the schedule stays
    ("每季度开展一次联合执法检查", 2021, [("每季度", "recurring", None, None)]),  # corpus/dev gold
    ("每季度抽查企业标准不少于500份", 2025, [("每季度", "recurring", None, None)]),  # a verb first: a schedule (corpus/dev gold)
    ("每月按时报送，确保完成3项", 2021, [("每月", "recurring", None, None)]),  # the amount is in another clause
]

# (v2) Target years, open periods, ranges whose end takes the start's year, listed days.
V2_CASES = [
    ("到2020年，系统构建废弃物循环利用体系", 2018, [("到2020年", "deadline", None, "2020-12-31")]),  # target year
    ("到2020年，…；到2025年，…", 2018,
     [("到2020年", "deadline", None, "2020-12-31"), ("到2025年", "deadline", None, "2025-12-31")]),  # each its own row
    ("至2025年，全面建成", 2018, [("至2025年", "deadline", None, "2025-12-31")]),  # 至 like 到
    ("力争到2023年底基本完成", 2018, [("2023年底", "deadline", None, "2023-12-31")]),  # 年底 is already a target
    ("到二〇三五年，基本实现", 2018, [("到二〇三五年", "deadline", None, "2035-12-31")]),  # Chinese-numeral year
    ("到明年，覆盖全省", 2018, [("到明年", "deadline", None, "2019-12-31")]),  # 明年 = base + 1
    ("到明年，覆盖全省", None, [("到明年", "deadline", None, None)]),  # relative year with no base: null end
    ("2019年至2020年开展试点", 2018, []),  # a range of bare years: 至 here is no target marker
    ("力争使产值提高到2020年的两倍", 2018, []),  # 提高到: a comparison, not a target
    ("截至2017年，全省共有", None, [("截至2017年", "deadline", None, "2017-12-31")]),  # 截至 stays a deadline word
    ("以2022年北京冬奥会为契机", 2018, []),  # real gov.cn: a bare year naming an event
    ("自2019年1月1日起可继续免征五年企业所得税", 2018,
     [("自2019年1月1日起", "period", "2019-01-01", None)]),  # real gov.cn: open period, null end
    ("从2019年1月1日起执行", 2018, [("从2019年1月1日起", "period", "2019-01-01", None)]),  # 从 like 自
    ("自2003年7月起，村民经常感觉到地面振动", 2004,
     [("自2003年7月起", "period", "2003-07-01", None)]),  # a month start
    ("2020年3月开始实施", 2019, [("2020年3月开始", "period", "2020-03-01", None)]),  # 开始 like 起
    ("从2019年起，教师原则上公开招聘", 2019, []),  # real gov.cn: a bare year with 起 is no date
    ("自即日起施行", 2020, []),  # no calendar date
    ("3月1日起草方案", 2020, [("3月1日", "period", "2020-03-01", "2020-03-01")]),  # 起草 is a verb, not 起
    ("2019年1月1日至12月31日", 2018,
     [("2019年1月1日至12月31日", "period", "2019-01-01", "2019-12-31")]),  # the end takes the start's year
    ("1997年4―6月", 1997, [("1997年4―6月", "period", "1997-04-01", "1997-06-30")]),  # U+2015 dash as range marker
    ("1997年10月――1998年2月", 1997,
     [("1997年10月――1998年2月", "period", "1997-10-01", "1998-02-28")]),  # doubled U+2015
    ("尤以2003年12月18日晚8时40分和19日晚8时35分两次较大", 2004,
     [("2003年12月18日", "period", "2003-12-18", "2003-12-18"),
      ("19日", "period", "2003-12-19", "2003-12-19")]),  # a listed day takes the month and year before it
    ("2003年12月18日、19日所发生的地震", 2004,
     [("2003年12月18日", "period", "2003-12-18", "2003-12-18"),
      ("19日", "period", "2003-12-19", "2003-12-19")]),  # 、 between days
    ("10月30日和31日前报送", 2020,
     [("10月30日", "period", "2020-10-30", "2020-10-30"),
      ("31日前", "deadline", None, "2020-10-31")]),  # the marker after the listed day is its own
    ("12月31日和32日", 2020, [("12月31日", "period", "2020-12-31", "2020-12-31")]),  # no such listed day
    ("确保工作平稳有序开展。\n国务院办公厅\n2018年12月4日\n", 2018, []),  # a full date alone on its line: the signature
    ("确保工作平稳有序开展。\n国务院办公厅\n二〇一八年十二月四日", 2018, []),  # the same in words, at the end of the text
    ("修订管理办法\t2019年6月30日\n", 2018,
     [("2019年6月30日", "period", "2019-06-30", "2019-06-30")]),  # a tab-led table cell is a task's date
    ("2019年6月30日前\n", 2018, [("2019年6月30日前", "deadline", None, "2019-06-30")]),  # a marker: no signature
    ("执行期限为：\n2019年1月1日至2023年12月31日\n", 2018,
     [("2019年1月1日至2023年12月31日", "period", "2019-01-01", "2023-12-31")]),  # a range on its own line stays
]

NEGATIVE_CASES = [
    ("做好规划2017年度行动计划的制定与发布", 2017, []),  # 002: 年度 is a bare year
    ("做好2007年新增机动车安检机构规划设置方案", 2007, []),  # 003: bare year
    ("科学制定2007年中国名牌产品评价目录", 2007, []),  # 003: 年中 must not fire before 国
    ("按照这一指导思想,2007年质量技术监督工作须把握以下要点", 2007, []),  # bare year
    ("结合全国范围开展的质量月活动", 2020, []),  # 质量月 has no numeral
    ("持续推进，长期坚持", 2020, []),  # vague time words
    ("用三个月时间集中整治", 2020, []),  # duration, 个 between numeral and 月
    ("整改期限为6个月内", 2020, []),  # duration
    ("30个工作日内办结", 2020, []),  # duration
    ("收到通知后3日内上报", 2020, []),  # a day count with no month is a duration
    ("编制“十三五”规划，落实十三五目标", 2020, []),  # plan names
    ("年满60周岁的人员", 2020, []),  # ages
    ("联系电话：0571-87654321", 2020, []),  # phone number with a dash
    ("“5.12”汶川地震纪念，增长5.12%", 2020, []),  # decimals are not dates
    ("依据《2017年3月质量工作规划》执行", 2017, []),  # inside 《》
    ("开展“3月15日消费者权益日”宣传", 2017, []),  # inside “”
    ("浙质评发〔2009〕195号", 2009, []),  # document number
    ("3年内基本建立，五年内全面建成", 2020, []),  # N年内 is a duration
    ("统一月度报表格式", 2020, []),  # 一月 inside 统一月度
    ("今年初步建立工作机制", 2020, []),  # 初步 is not 年初
    ("5月中国质量大会召开前", None, [("5月", "period", "XXXX-05-01", "XXXX-05-31")]),  # 月中国 is not 月中
    ("9月前往北京参会", 2020, [("9月", "period", "2020-09-01", "2020-09-30")]),  # 前往 is not 前
    ("5月20日前后完成", 2020, [("5月20日", "period", "2020-05-20", "2020-05-20")]),  # 前后 means around
    ("自即日起施行", 2020, []),  # open start, no calendar date (not handled)
    ("比上年同期增长10%", 2020, []),  # 上年 alone carries no calendar span
    ("13月和32日不存在", 2020, []),  # impossible month/day
    ("2023年2月29日前", None, []),  # no such day
    ("质量提升行动2016-2020年", 2016, []),  # a range of bare years
    ("四季常青", 2020, []),  # 季 without 度
    ("1、3月底前完成", 2020, [("3月底前", "deadline", None, "2020-03-31")]),  # 1、 at the start is a label
    ("二、3月份开展", 2020, [("3月份", "period", "2020-03-01", "2020-03-31")]),  # 二、 mixes scripts: a label
    ("在内蒙古8月内蒙古", 2020, [("8月", "period", "2020-08-01", "2020-08-31")]),  # 内蒙古 is no 内 marker
    ("年底-6号", 2020, [("年底", "deadline", None, "2020-12-31")]),  # backwards range is dropped to its first end
    ("5月20日至3日", 2020, [("5月20日", "period", "2020-05-20", "2020-05-20")]),  # backwards day range
]
# fmt: on

ALL_CASES = SEED_CASES + RULE_CASES + RECURRING_CASES + V2_CASES + NEGATIVE_CASES


def _rows(text: str, year: int | None) -> list[tuple]:
    return [(d.text, d.kind, d.date_start, d.date_end) for d in find_dates(text, year=year)]


@pytest.mark.parametrize("text,year,expected", SEED_CASES)
def test_dates_seed_phrases(text, year, expected):
    assert _rows(text, year) == expected


@pytest.mark.parametrize("text,year,expected", RULE_CASES)
def test_dates_rules(text, year, expected):
    assert _rows(text, year) == expected


@pytest.mark.parametrize("text,year,expected", RECURRING_CASES)
def test_dates_recurring(text, year, expected):
    assert _rows(text, year) == expected


@pytest.mark.parametrize("text,year,expected", V2_CASES)
def test_dates_v2(text, year, expected):
    assert _rows(text, year) == expected


@pytest.mark.parametrize("text,year,expected", NEGATIVE_CASES)
def test_dates_negatives(text, year, expected):
    assert _rows(text, year) == expected


# fmt: off
AMBIGUOUS_CASES = [
    ("10月前完成", True),  # 前 after a month: before October or by its end?
    ("10月底前完成", False),  # 底前 names the day
    ("10月15日前", False),  # a day with 前 is exact
    ("7月完成", False),  # 完成 includes the month
    ("年底前", False),  # end point with 前
    ("年初制定计划", True),  # 年初 is read as January, a guess
]
# fmt: on


@pytest.mark.parametrize("text,ambiguous", AMBIGUOUS_CASES)
def test_dates_ambiguous_flag(text, ambiguous):
    (match,) = find_dates(text, year=2020)
    assert match.ambiguous is ambiguous


@pytest.mark.parametrize("text,year,expected", ALL_CASES[:10])
def test_dates_offsets_match_text(text, year, expected):
    for d in find_dates(text, year=year):
        assert text[d.start : d.end] == d.text


def test_dates_default_vocab_is_cached_and_hashable():
    vocab = default_vocab()
    assert vocab is default_vocab()
    assert isinstance(vocab, DateVocab)
    hash(vocab)  # the compiled patterns are cached per vocabulary
    assert find_dates("8月底", year=2020, vocab=vocab) == find_dates("8月底", year=2020)


def test_dates_match_is_frozen():
    (match,) = find_dates("8月31日前", year=2009)
    assert isinstance(match, DateMatch)
    with pytest.raises(AttributeError):
        match.kind = "period"  # type: ignore[misc]


def test_dates_doctests():
    assert doctest.testmod(dates).failed == 0


_ALPHABET = st.sampled_from(
    list("0123456789年月日号旬初中底末前后内至到-—～、，。 \n上下半全季度第一二三四五六七八九十〇每今明去次截止完成为起往步期“”《》")
)


def _real(iso: str) -> datetime.date:
    return datetime.date.fromisoformat(iso.replace("XXXX", "2000"))


@settings(max_examples=400, deadline=None)
@given(text=st.text(_ALPHABET, max_size=40) | st.text(max_size=40), year=st.none() | st.integers(1990, 2050))
def test_dates_properties(text, year):
    for d in find_dates(text, year=year):
        assert text[d.start : d.end] == d.text
        assert d.kind in ("deadline", "period", "recurring")
        for iso in (d.date_start, d.date_end):
            if iso is not None:
                _real(iso)
        if d.kind != "period":
            assert d.date_start is None
        if d.date_start and d.date_end and not d.date_start.startswith("XXXX"):
            assert d.date_start <= d.date_end
        elif d.date_start and d.date_end and d.date_end.startswith("XXXX"):
            # an unknown year may wrap (12月至3月); otherwise order holds
            assert d.date_start <= d.date_end or d.date_start[5:7] > d.date_end[5:7]
