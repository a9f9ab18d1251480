"""Tests for :mod:`extractors.quotas`."""

from __future__ import annotations


import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.numerals import cn_range, cn_to_number
from extractors.quotas import find_quotas
from tests import ROOT

SEEDS = ROOT / "corpus" / "seeds"

# fmt: off
CASES = [
    # (text, expected [(match text, value, value_max, unit, qualifier)])
    # --- seed gold quotas, with their real context ---
    ("对获CNAS认可的全部121家认证机构要求进行100%的拉网式自查", [("121家", 121, None, "家", None), ("100%", 100, None, "%", None)]),  # CNAS glued before a CJK word is fine
    ("对获CNAS认可的1022家食品、玩具以及相关实验室", [("1022家", 1022, None, "家", None)]),
    ("确保有关实验室100%参加", [("100%", 100, None, "%", None)]),
    ("对22家认证机构和100家实验室进行强化的例行监督", [("22家", 22, None, "家", None), ("100家", 100, None, "家", None)]),
    ("对10家指定认证机构，包括3家玩具产品指定认证机构进行检查", [("10家", 10, None, "家", None), ("3家", 3, None, "家", None)]),
    ("对70多家实验室，包括15家玩具指定实验室进行检查", [("70多家", 70, None, "家", "min"), ("15家", 15, None, "家", None)]),  # 多 after the number: a lower bound
    ("配合认监委对180家获得资质认定的实验室", [("180家", 180, None, "家", None)]),
    ("对6家认证机构和12家分支机构及办事处进行突击检查", [("6家", 6, None, "家", None), ("12家", 12, None, "家", None)]),
    ("强化13项食品安全国家标准制订工作", [("13项", 13, None, "项", None)]),
    ("确保年底按计划完成9项食品安全国家标准的制订工作，明年上半年完成另外4项", [("9项", 9, None, "项", None), ("4项", 4, None, "项", None)]),  # 年底/上半年 are dates
    ("组织百家认证机构依法履行认证主体责任，对其在我省认证的万家企业实施管理", [("百家", 100, None, "家", None), ("万家", 10000, None, "家", None)]),  # bare Chinese magnitude
    ("同时推荐3-5家认证示范企业（推荐表格见附件2）", [("3-5家", 3, 5, "家", None)]),  # 附件2 has no unit
    ("试点创建1-2家副省级认证认可综合服务示范区", [("1-2家", 1, 2, "家", None)]),
    ("力争2007年底达到1200个市县,对口帮扶达到25个市县", [("1200个", 1200, None, "个", None), ("25个", 25, None, "个", None)]),  # 2007年底 is a date
    ("力争 2007 年底达到 1200 个市县", [("1200 个", 1200, None, "个", None)]),  # stray PDF space kept in the match text
    ("建成质量技术监督系统省市县三级产品质量监控系统", [("三级", 3, None, "级", None)]),
    ("实现全国31个省级质量技术监督部门和41个国家级食品质检中心联网", [("31个", 31, None, "个", None), ("41个", 41, None, "个", None)]),
    ("选定10个左右地、市、县作为总局挂牌督办点", [("10个左右", 10, None, "个", "approx")]),
    ("在抓好已下达的13884项国标制修订任务的同时", [("13884项", 13884, None, "项", None)]),
    ("特别是食品安全领域，开展30个左右的能力验证项目", [("30个左右", 30, None, "个", "approx")]),
    ("组织对国家重点管理的9种计量器具型式评价", [("9种", 9, None, "种", None)]),
    ("核查验收国家质检中心30家左右；完成总局“一次规划”的188家达标的重点实验室", [("30家左右", 30, None, "家", "approx"), ("188家", 188, None, "家", None)]),  # “一次规划” is quoted
    ("对质检系统100家资质认定获证实验室、70家国家产品质检中心进行检查", [("100家", 100, None, "家", None), ("70家", 70, None, "家", None)]),
    ("明确建设标准与布局（质量技术监督4级、检验检疫4级）", [("4级", 4, None, "级", None), ("4级", 4, None, "级", None)]),
    # --- qualifiers ---
    ("计划投资约80亿元的项目", [("约80亿元", 80, None, "亿元", "approx")]),  # magnitude stays in the unit
    ("合格率达到98%以上", [("98%以上", 98, None, "%", "min")]),  # 达到 is not part of the match
    ("审批时限压缩至5个工作日内", [("5个工作日内", 5, None, "个工作日", "max")]),  # 内 after a duration; 压缩至 is no listed qualifier
    ("全年增长7.5%左右", [("7.5%左右", 7.5, None, "%", "approx")]),
    ("新建不少于30所学校", [("不少于30所", 30, None, "所", "min")]),
    ("每次抽查不超过3个批次", [("不超过3个", 3, None, "个", "max")]),  # 每次: no numeral before 次
    ("各地配备至少2名专职人员", [("至少2名", 2, None, "名", "min")]),
    ("覆盖逾千家企业", [("逾千家", 1000, None, "家", "min")]),
    ("全省有近5000家食品企业", [("近5000家", 5000, None, "家", "approx")]),
    ("最近3次检查均不合格", [("3次", 3, None, "次", None)]),  # 最近 is "recent", not "about"
    ("全年节约3万元", [("3万元", 3, None, "万元", None)]),  # 节约 is "save", not "about"
    ("持有证书的企业 5000 多家", [("5000 多家", 5000, None, "家", "min")]),
    ("认证机构达 100 余家", [("100 余家", 100, None, "家", "min")]),  # 余 is a lower bound
    ("投入资金3000多万元", [("3000多万元", 3000, None, "万元", "min")]),  # 多 before the magnitude
    ("培训3万多人", [("3万多人", 3, None, "万人", "min")]),  # 多 after the magnitude
    ("选择十几个城市试点", [("十几个", 10, None, "个", "min")]),
    ("扶持十余家龙头企业", [("十余家", 10, None, "家", "min")]),
    ("新增机构控制在30家以内", [("30家以内", 30, None, "家", "max")]),  # 以内 gives max; 控制在 is not in the guide's lists
    ("不合格率降至5%以下", [("5%以下", 5, None, "%", "max")]),
    ("培育10个及以上示范区", [("10个及以上", 10, None, "个", "min")]),
    ("建立省市县三级上下联动机制", [("三级", 3, None, "级", None)]),  # 上下联动 is not "about"
    ("设置5个内设机构", [("5个", 5, None, "个", None)]),  # 内 only means "within" after a duration
    # --- ranges ---
    ("每市选择2－4家企业", [("2－4家", 2, 4, "家", None)]),  # fullwidth hyphen
    ("每县确定3至5家示范点", [("3至5家", 3, 5, "家", None)]),
    ("培育3到5家骨干企业", [("3到5家", 3, 5, "家", None)]),
    ("每年评选三至五家", [("三至五家", 3, 5, "家", None)]),
    ("价格上涨3%-5%", [("3%-5%", 3, 5, "%", None)]),
    ("提高3~5个百分点", [("3~5个百分点", 3, 5, "个百分点", None)]),
    # --- Chinese numerals and magnitudes ---
    ("启动千家企业帮扶", [("千家", 1000, None, "家", None)]),
    ("明确两项工作目标", [("两项", 2, None, "项", None)]),
    ("每年组织两次检查", [("两次", 2, None, "次", None)]),
    ("遴选一百家标杆企业", [("一百家", 100, None, "家", None)]),  # 一 + 百 is a number, not an article
    ("聘请一千名专家", [("一千名", 1000, None, "名", None)]),
    ("补助十万元", [("十万元", 10, None, "万元", None)]),
    ("服务2.5万人", [("2.5万人", 2.5, None, "万人", None)]),
    ("带动3万家企业", [("3万家", 3, None, "万家", None)]),
    ("新增产能500万吨", [("500万吨", 500, None, "万吨", None)]),
    ("完成13,884项标准", [("13,884项", 13884, None, "项", None)]),  # thousands separator
    ("下降1.5个百分点", [("1.5个百分点", 1.5, None, "个百分点", None)]),
    ("产值翻2倍", [("2倍", 2, None, "倍", None)]),
    ("培训300人次", [("300人次", 300, None, "人次", None)]),
    ("路检不少于2000辆次", [("不少于2000辆次", 2000, None, "辆次", "min")]),  # 辆次 is one unit, not 辆 + 次
    ("PM2.5浓度控制在35微克/立方米以内", [("35微克/立方米以内", 35, None, "微克/立方米", "max")]),  # slash unit; PM2.5 is a name
    ("覆盖率提高到百分之三十以上", [("百分之三十以上", 30, None, "%", "min")]),
    ("实现百分百覆盖", [("百分百", 100, None, "%", None)]),
    ("参照总局的6个100%的要求方式", [("6个", 6, None, "个", None), ("100%", 100, None, "%", None)]),  # one match per quantity
    ("新建120平方米实验室", [("120平方米", 120, None, "平方米", None)]),
    ("共分三个阶段", [("三个", 3, None, "个", None)]),
    ("目前100家机构已完成", [("100家", 100, None, "家", None)]),  # 目前 is not the rank 前
]

NEGATIVE = [
    "培育一批“三同”知名品牌",              # 一批 is an article; “三同” is a name
    "各市局要指定一名局领导",               # 一名
    "抽查一类产品,整顿一批企业,提高一个行业整体质量",  # 一类/一批/一个
    "第3批试点单位",                        # ordinal
    "第一阶段为认证机构自查帮扶阶段",        # ordinal
    "每万人口发明专利拥有量",                # rate
    "进入全国前10名",                       # rank
    "数十家企业参加",                       # vague
    "通过ISO9001认证",                      # glued to Latin letters
    "符合GB/T 19001标准",                   # standard number
    "PM2.5浓度下降",                        # pollutant name
    "推进4G和5G网络建设",                    # technology names
    "3C获证企业的关键因素",                  # CCC mark
    "依托12365消费者申诉举报平台",           # hotline
    "联系电话（传真）：0571-85129235",       # phone number
    "邮编：310013",                          # postcode
    "浙质评发〔2009〕195号",                 # document number
    "地址：杭州市天目山路222号",             # address
    "贯彻落实“十三五”市场监管规划",          # plan name
    "深入贯彻党的十八届六中全会精神",         # 届 is an ordinal
    "加强对三员的专业培训",                  # 员 is not a measure word
    "深入开展“两学一做”学习教育",            # slogan
    "结合钢铁、汽车等十大重点产业振兴规划",    # 大 is not a unit
    "肉制品等前 10 大食品行业",               # rank, 大
    "做好2017年度行动计划",                   # year
    "须在8月31日前报送",                      # date
    "时间从5月下旬至8月底",                   # date range
    "三期工程建设",                           # 期 is a phase
    "贯彻“三个代表”重要思想和三个代表",        # slogan, quoted or not
    "落实中央八项规定精神",                   # named rule
    "走进千家万户",                           # idiom
    "吉林省长春市九台区全力打造全国秸秆综合利用示范区",  # a place named with a numeral and a measure word (govcn-56)
    "1组织开展全面检查",                       # label glued to 组织
    "5项目建设进展",                          # 项目 is a word
    "二级单位要落实",                          # 二级 is a rank adjective
    "组织“百家认证机构自律、万家认证企业帮扶”行动",  # quoted title
    "制定《2017年3项重点工作计划》",            # book title
]

# (v2) Durations, the new qualifiers, grades, 半, 每 and bare magnitudes — most from the real gov.cn gold.
V2_CASES = [
    ("用3个月时间集中整治", [("3个月", 3, None, "个月", None)]),  # a duration in months is a quota now
    ("审批时限为3个工作日", [("3个工作日", 3, None, "个工作日", None)]),
    ("在24小时内办结", [("24小时内", 24, None, "小时", "max")]),
    ("利用2-3年时间基本完成", [("2-3年", 2, 3, "年", None)]),  # a range of years as a duration
    ("期限不超过3年", [("不超过3年", 3, None, "年", "max")]),
    ("五年内免征企业所得税", [("五年内", 5, None, "年", "max")]),  # 内 after a duration: max
    ("对距退休年龄五年以内的人员", [("五年以内", 5, None, "年", "max")]),
    ("可继续免征五年企业所得税", [("五年", 5, None, "年", None)]),
    ("原则上每5年修订1次专业目录", [("5年", 5, None, "年", None), ("1次", 1, None, "次", None)]),  # 每 no longer blocks
    ("从具有3年以上企业工作经历的人员中招聘", [("3年以上", 3, None, "年", "min")]),
    ("教师每年至少1个月在企业实训", [("至少1个月", 1, None, "个月", "min")]),  # Arabic 1 is not the excluded 一
    ("进修半年及以上并返回原医院", [("半年及以上", 0.5, None, "年", "min")]),  # 半 is 0.5 before a duration
    ("在1日（24小时）内入、出院", [("1日", 1, None, "日", "max"), ("24小时", 24, None, "小时", "max")]),  # 内 after the parenthetical qualifies both
    ("用两周时间完成", []),  # 周 only after Arabic numerals (四周 is "all around")
    ("用2周时间完成", [("2周", 2, None, "周", None)]),
    ("年龄不超过70周岁", [("不超过70周岁", 70, None, "周岁", "max")]),
    ("任期不超过两届", [("不超过两届", 2, None, "届", "max")]),  # 届 counts with a qualifier
    ("三级以上企业", [("三级以上", 3, None, "级", "min")]),  # a grade with a qualifier counts (real gold)
    ("建立国家、省、市、县四级联动体系", [("四级", 4, None, "级", None)]),  # levels listed before: a count
    ("市县两级财政", [("两级", 2, None, "级", None)]),
    ("建立三级联动机制", [("三级", 3, None, "级", None)]),  # a structure word after 级: levels, a count
    ("完善县乡村三级医疗卫生服务网络", [("三级", 3, None, "级", None)]),  # 县乡村: levels listed before
    ("实现第一个百年奋斗目标", []),  # bare 百 + 年 is an idiom, not 100 years
    ("建党一百年", [("一百年", 100, None, "年", None)]),  # with a digit word it is a number of years
    ("厚度低于0.01毫米的地膜", [("0.01毫米", 0.01, None, "毫米", None)]),  # 低于 is no listed qualifier
    ("出现1-5毫米的裂缝", [("1-5毫米", 1, 5, "毫米", None)]),
    ("突破1000亿元", [("突破1000亿元", 1000, None, "亿元", "min")]),  # v2: 突破 → min
    ("单笔最高3万元", [("最高3万元", 3, None, "万元", "max")]),  # v2: 最高 → max
    ("每户最多补助2次", [("2次", 2, None, "次", None)]),  # 最多 qualifies only right before the number
    ("扣除额度不能超过每月1000元", [("不能超过每月1000元", 1000, None, "元", "max")]),  # 不能超过 = 不超过; a rate word may stand between
    ("分别达到65%和55%", [("65%", 65, None, "%", None), ("55%", 55, None, "%", None)]),
    ("抽查比例不少于本单位执法人员总数的5%", [("5%", 5, None, "%", "min")]),  # the qualifier governs the whole share (real gold)
    ("不超过上年度的10%", [("10%", 10, None, "%", "max")]),
    ("超过规定时限的，5%", [("5%", 5, None, "%", None)]),  # a comma ends the share: no qualifier
    ("远景开发强度控制在30%", [("30%", 30, None, "%", None)]),  # 控制在 is not a listed qualifier (real gold)
    ("每百张病床药师人数", [("百张", 100, None, "张", None)]),  # 每 + bare 百 (real gold)
    ("每百名卫生技术人员科研项目经费", [("百名", 100, None, "名", None)]),
    ("万元收入能耗支出", [("万元", 10000, None, "元", None)]),  # bare 万 is 10000, like 万家
    ("万元GDP能耗下降", [("万元", 10000, None, "元", None)]),  # the same: the guide has no rate exception
    ("医院满意度由两部分组成", [("两部分", 2, None, "部分", None)]),
    ("每套两只号牌", [("两只", 2, None, "只", None)]),
    ("字符共8位", [("8位", 8, None, "位", None)]),
    ("补助两千五百元", [("两千五百元", 2500, None, "元", None)]),
    ("建设两千五个站点", [("两千五个", 2500, None, "个", None)]),  # colloquial: 两千五 = 2500
    ("扣除标准为每月1500元", [("1500元", 1500, None, "元", None)]),
]

V2_NEGATIVE = [
    "推动三级公立医院高质量发展",      # a grade (三级医院), not three of something
    "出院患者四级手术比例",            # a grade of surgery
    "二级医院和基层医疗机构",          # a grade
    "到2020年，系统构建废弃物循环利用体系",  # a year, not a duration
    "《河北雄安新区总体规划（2018—2035年）》及2018—2035年",  # years, quoted or not
    "二〇二〇年十二月三十一日",         # a date in words
    "2019年1月1日起施行",              # a day of the month is not a duration
    "尤以12月18日晚8时40分和19日晚8时35分",  # times of day (两次 after it is a quota)
    "上半年完成，下半年推广",          # 半 after 上/下 is a date
    "深入贯彻党的十八届六中全会精神",    # 届 without a qualifier is an ordinal
    "收到通知后10日",                 # 日 without a qualifier: not read as a duration
    "一年内完成",                     # 一 + measure word is excluded, durations too
    "纳入年度考核，3年度",              # 年度 is no duration
    "小学三年级",                     # a school grade
    "80年代以来",                     # a decade
    "只有3只能",                      # 只有/只能 are words
]

# Measure words and ordinals of real city and provincial circulars (gz.gov.cn, handan .doc,
# 2026 provincial work reports).
PROVINCIAL_CASES = [
    ("建设约100间规范化家庭医生工作室", [("约100间", 100, None, "间", "approx")]),  # 间 counts rooms and studios
    ("新建两间标准化诊室", [("两间", 2, None, "间", None)]),
    ("电子版1000字左右", [("1000字左右", 1000, None, "字", "approx")]),  # 字 measures a text's length
    ("简介不超过500字", [("不超过500字", 500, None, "字", "max")]),
    ("100马力以上拖拉机", [("100马力以上", 100, None, "马力", "min")]),  # horsepower
    ("分别高于全国12.7个、12个百分点", [("12.7个", 12.7, None, "个百分点", None), ("12个百分点", 12, None, "个百分点", None)]),  # the list shares its last unit
    ("分别达到4.7个、27.3张", [("4.7个", 4.7, None, "个", None), ("27.3张", 27.3, None, "张", None)]),  # different units stay apart
    ("广州市、区两级财政", [("两级", 2, None, "级", None)]),  # 市、区: two levels, after a city's name
    ("构建省市县乡村五级网络", [("五级", 5, None, "级", None)]),
    ("第三次、四次会议之后新增5次", [("5次", 5, None, "次", None)]),  # only the ordinals are left out
    ("每届任期5年", [("5年", 5, None, "年", None)]),  # 届 before a duration is no ordinal
    ("每届召开3次会议", [("3次", 3, None, "次", None)]),  # 每届 is no ordinal 届: the meetings are counted
    # two digits side by side are an approximate range, not a positional number (三四 is not 34)
    ("建设三四个基地", [("三四个", 3, 4, "个", None)]),
    ("培育一两个龙头企业", [("一两个", 1, 2, "个", None)]),  # 一两 is no excluded 一
    ("引进七八十家企业", [("七八十家", 70, 80, "家", None)]),  # the unit after the pair applies to both
    ("二十三四个站点", [("二十三四个", 23, 24, "个", None)]),
    ("用三五年时间", [("三五年", 3, 5, "年", None)]),  # 三五: the one pair of digits not neighbours
    ("建设一千零五家", [("一千零五家", 1005, None, "家", None)]),  # 零 after a unit is a placeholder, no pair
    # the 2026 work reports (reports set): grain in 斤, livestock in 头, a concentration per kilogram
    ("粮食综合生产能力达到1400亿斤", [("1400亿斤", 1400, None, "亿斤", None)]),
    ("实施百亿斤粮食产能提升工程", [("百亿斤", 100, None, "亿斤", None)]),
    ("肉牛屠宰加工量突破100万头", [("突破100万头", 100, None, "万头", "min")]),
    ("有机质达到27克/千克", [("27克/千克", 27, None, "克/千克", None)]),
    # the 2026 work reports (reports2 set): units they count in, and the rules they broke
    ("新增产能3095万吨/年", [("3095万吨/年", 3095, None, "万吨/年", None)]),  # a capacity per year keeps its /年
    ("建设750千伏输变电工程", [("750千伏", 750, None, "千伏", None)]),  # a line's voltage (both reports' gold)
    ("新型储能装机12吉瓦时", [("12吉瓦时", 12, None, "吉瓦时", None)]),
    ("港口集装箱吞吐量超2400万标准箱", [("2400万标准箱", 2400, None, "万标准箱", None)]),  # 超 alone: no qualifier
    ("外送电量超3000亿度", [("3000亿度", 3000, None, "亿度", None)]),  # 度: kilowatt-hours, Arabic numbers only
    ("天然气产量10亿方以上", [("10亿方以上", 10, None, "亿方", "min")]),  # 方: cubic metres
    ("制定政府规章2部", [("2部", 2, None, "部", None)]),  # 部 counts rules, works, machines
    ("加装住宅电梯500部以上", [("500部以上", 500, None, "部", "min")]),
    ("中欧班列开行6037列", [("6037列", 6037, None, "列", None)]),  # trains
    ("居民收入比2010年翻两番", [("两番", 2, None, "番", None)]),
    ("落实苏南五市两年行动方案", [("五市", 5, None, "市", None), ("两年", 2, None, "年", None)]),  # cities counted
    ("优良天数281天", [("281天", 281, None, "天", None)]),  # 数 blocks only a Chinese numeral (数十家)
    ("实施学前1年免保教费政策", [("1年", 1, None, "年", None)]),  # 学前 is pre-school, not 前10名
    ("公共文化服务基础设施实现五级全覆盖", [("五级", 5, None, "级", None)]),  # levels covered, not a grade
    # ... and of reports3
    ("发射卫星137颗", [("137颗", 137, None, "颗", None)]),
    ("结对帮扶67对", [("67对", 67, None, "对", None)]),  # pairs (对接, 对口 … are words)
    ("跨境电商订单1000单以上", [("1000单以上", 1000, None, "单", "min")]),
    ("推广550大卡以上动力煤", [("550大卡以上", 550, None, "大卡", "min")]),
    ("停车效率提升四成", [("四成", 4, None, "成", None)]),  # tenths (成果, 成效 … are words)
    ("连续五年。", [("五年", 5, None, "年", None)]),  # years of work, though they end the clause
    # ... and of reports4
    ("新型储能9兆瓦时", [("9兆瓦时", 9, None, "兆瓦时", None)]),  # not 9 兆瓦 and a 时
    ("智能算力突破15万P", [("突破15万P", 15, None, "万P", "min")]),  # petaflops
    ("新增4县", [("4县", 4, None, "县", None)]),  # counties, Arabic numbers only
    ("东北区域包括内蒙古、辽宁、吉林、黑龙江等4省（自治区）", [("4省", 4, None, "省", None)]),  # provinces, the same (a scan of 农业农村部)
    ("实施10大类项目", [("10大类", 10, None, "大类", None)]),
    ("培育千家以上企业", [("千家以上", 1000, None, "家", "min")]),  # firms counted, not a class
    ("实施亿元以上项目2000个", [("2000个", 2000, None, "个", None)]),  # 亿元以上: a class of project
]

PROVINCIAL_NEGATIVE = [
    "通过建设广州市三级名中医工作室",                          # 州市 is the end of a city's name: 三级 is a grade
    "推动杭州市三级医院建设",                                  # the same: a grade of hospital
    "全面落实省委九届五次、六次、七次全会和市委九届二次、三次全会精神",  # 届…次: plenary sessions, ordinals
    "十三届一次会议",                                          # the same
    "第三次、四次会议",                                        # numbers listed after an ordinal are ordinals
    "推进防城港30万吨级、北海20万吨级航道",                      # 万吨级: a size class of ships
    "锻造更多千亿元级、万亿元级新兴产业集群",                    # 千亿元级: a size class
    "推动亿元级工业项目建设",                                   # a bare magnitude with 级: a class too
    "建设千万千瓦级清洁能源基地",                                # 千万千瓦级
    "走过十字路口",                                            # 十字 is a cross, not ten characters
    "坚持“十六字方针”和16字方针",                              # a named slogan, quoted or not
    "省十四届人大三次会议",                                    # 届 … 次 with the body between: an ordinal
    "十四届全国人大二次会议确定的目标",                         # the same
    "加快推动一二三次产业融合发展",                              # three digits side by side: a list, no count
    "优化三次产业结构",                                        # 三次产业: the three sectors
    "保持两位数增长",                                          # 两位数: double-digit growth
    "五年来成绩的取得",                                        # 五年来: over the past five years
    "3年以来，全省",                                          # the same with 以来
    "坚持抓两头、带中间",                                      # 两头: both ends (头 counts only after Arabic numbers)
    "治理违规电动三四轮车",                                    # three- and four-wheeled vehicles
    "配备千斤顶",                                             # a jack
    "每万人高价值发明专利拥有量",                               # 每 + people: the base of a rate (reports2)
    "每10万人刑事案件数",                                       # the same with Arabic numbers
    "每千人口托位数",                                          # the same with 人口
    "三部门联合印发",                                          # 部门: bodies, not works counted in 部
    "培育两市场主体",                                          # 市场 starts a word
    "举办三人篮球联赛",                                        # the name of a sport
    "制定第十五个五年规划",                                     # 五年规划 names a plan, no duration
    "培育数十家企业",                                          # 数 before a Chinese numeral: vague
    "这是极不寻常、极不平凡的五年。",                             # years named as a period (the 十四五 years)
    "是加快建设现代化强省的关键五年，",                           # the same, an adjective between
    "开展1对1帮扶",                                           # one-to-one, no pairs counted
    "科技成果转化取得成效",                                     # 成果, 成效 are words
    "5G基站万人拥有量",                                        # per 10,000 people, without 每
    "过去的五年极不平凡",                                       # the past years: a period, not work
    "五年间，全省",                                            # during the five years: the same
    "各位代表！这五年，我们有效应对外部环境变化",                 # these five years: the same (山东)
    "打造千亿县",                                             # a class of county (县 counts after Arabic numbers)
    "振兴东北三省",                                            # a name: 省 counts after Arabic numbers only
    "覆盖3省级平台",                                           # 省级 is a level word
    "建成百万吨以上矿山",                                       # a bare magnitude and 以上 before a noun: a class
]
# fmt: on


# Chinese numerals (pipeline/numerals.py), as quotas and dates read them.
NUMERALS = [
    ("两", 2), ("两百", 200), ("百", 100), ("万", 10000), ("十三", 13), ("二十", 20),
    ("一百零五", 105),      # 零 is a placeholder
    ("一千零十", 1010),     # 零 before 十: 十 still counts one ten
    ("三千五百", 3500),
    ("两千五", 2500),       # a last digit after 千 is hundreds (colloquial)
    ("一万五", 15000),      # ... after 万, thousands
    ("三万五千五", 35500),
    ("三百万", 3000000), ("十亿", 1000000000),
    ("二〇二〇", 2020),     # positional digits (years)
    ("第一", None),         # not a numeral
]


# Two digits side by side (pipeline/numerals.cn_range): an approximate range, or None.
NUMERAL_RANGES = [
    ("三四", (3, 4)), ("一两", (1, 2)), ("两三千", (2000, 3000)), ("七八十", (70, 80)),
    ("十七八", (17, 18)),   # the pair at the end: the tens are shared
    ("三五", (3, 5)),       # listed in numerals.toml: not neighbours
    ("一二三", None),       # a list of three
    ("二〇二〇", None),     # positional digits (a year)
    ("一九", None),         # not neighbours, not listed
    ("三十", None),         # no pair
]


@pytest.mark.parametrize(("text", "expected"), NUMERAL_RANGES)
def test_cn_range(text, expected):
    assert cn_range(text) == expected


@pytest.mark.parametrize(("text", "value"), NUMERALS)
def test_cn_numerals(text, value):
    assert cn_to_number(text) == value


# the seeds' phrases, the v2 guide's (durations, 突破/最高, target years …) and the provincial work reports'
@pytest.mark.parametrize(("text", "expected"), CASES + V2_CASES + PROVINCIAL_CASES)
def test_quotas_cases(text, expected):
    got = [(q.text, q.value, q.value_max, q.unit, q.qualifier) for q in find_quotas(text)]
    assert got == [(t, float(v), None if m is None else float(m), u, q) for t, v, m, u, q in expected]


@pytest.mark.parametrize("text", NEGATIVE + V2_NEGATIVE + PROVINCIAL_NEGATIVE)
def test_quotas_not_quotas(text):
    assert find_quotas(text) == []


@pytest.mark.parametrize(("text", "subject"), [("对获CNAS认可的全部121家认证机构要求进行", "认证机构")])
def test_quotas_subject(text, subject):
    assert find_quotas(text)[0].subject == subject


@given(st.text(alphabet=st.sampled_from(list("0123456789一二两三十百千万亿家项个%多余约近左右以上内-至第每“”《》.,A 年月期批届")), max_size=40) | st.text(max_size=40))
@settings(max_examples=300, deadline=None)
def test_quotas_invariants(text):
    for q in find_quotas(text):
        assert text[q.start : q.end] == q.text
        assert q.value_max is None or q.value_max >= q.value
        assert q.qualifier in (None, "approx", "min", "max")


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.stem)
def test_quotas_whole_seed_does_not_raise(path):
    text = path.read_text(encoding="utf-8")
    for q in find_quotas(text):
        assert text[q.start : q.end] == q.text
