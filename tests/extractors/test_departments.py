"""Tests for :mod:`extractors.departments` (ANNOTATION.md §3)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.departments import (
    canonical_name,
    cell_departments,
    column_role,
    find_departments,
    userdict_lines,
)
from pipeline.vocab import data_text, load_csv, load_toml

L, S, R = "lead", "support", "responsible"

# fmt: off
CASES = [
    # (text, expected [(name, role)])
    # real-report negatives: a verb-led list is the object of the verb, not bodies with roles
    ("支持科技领军企业、链主企业和行业骨干企业牵头组建创新联合体", []),  # 支持 opens an object phrase
    ("落实好援藏援疆、东西部协作、对口合作任务。", []),  # 东西部协作 is a noun compound in a series
    ("深化粤桂东西部协作，扩大社会参与。", []),  # 深化/扩大 + noun + verb-as-noun
    ("（牵头部门：注册部，协作部门：法律部、认可部、研究所）", [("注册部", L), ("法律部", S), ("认可部", S), ("研究所", S)]),  # label form, two roles in one parenthetical
    ("（牵头部门:认证部,协作部门:认可部、实验室部、国际部、科标部）", [("认证部", L), ("认可部", S), ("实验室部", S), ("国际部", S), ("科标部", S)]),  # half-width colons and commas
    ("（牵头部门：法律部、认可部、认证部、注册部、实验室部，协作部门：科标部、研究所）", [("法律部", L), ("认可部", L), ("认证部", L), ("注册部", L), ("实验室部", L), ("科标部", S), ("研究所", S)]),  # several leads
    ("（牵头部门：信息办，协作部门：各部室、下属单位）", [("信息办", L), ("各部室", S), ("下属单位", S)]),  # generic bodies are kept
    ("（牵头部门：机关党委，协作部门：各部室、下属单位）", [("机关党委", L), ("各部室", S), ("下属单位", S)]),  # 党委 is a body suffix
    ("（牵头部门：办公室、认可部、认证认可协会，协作部门：国际部、科标部、法律部）", [("办公室", L), ("认可部", L), ("认证认可协会", L), ("国际部", S), ("科标部", S), ("法律部", S)]),  # 协会 inside a lead list
    ("19.会同相关部门积极开展第三方职业资格评价服务。（牵头部门：办公室，协作部门：法律部）", [("办公室", L), ("法律部", S)]),  # 会同相关部门 is not a role
    ("6.联合国家标准委在重点产品领域率先实现突破。（牵头部门：认证部，协作部门：注册部、科标部）", [("认证部", L), ("注册部", S), ("科标部", S)]),  # 联合X is not a role
    ("（牵头单位：市发改委；责任单位：各区县政府）", [("市发改委", L), ("各区县政府", R)]),  # semicolon between two labels
    ("牵头单位：市发改委\n责任单位：市财政局、市商务局", [("市发改委", L), ("市财政局", R), ("市商务局", R)]),  # labels on their own lines; 责任单位 under 牵头单位 stays responsible
    ("参与部门：市教育局、市卫生健康委", [("市教育局", S), ("市卫生健康委", S)]),  # 参与部门 label
    ("配合单位：市公安局、市交通运输局", [("市公安局", S), ("市交通运输局", S)]),  # 配合单位 label
    ("协办单位：市总工会", [("市总工会", S)]),  # 协办单位 label
    ("主办单位：市人民政府", [("市人民政府", L)]),  # 主办 is lead
    ("承办单位：市商务局", [("市商务局", R)]),  # 承办 is responsible
    ("牵头考核单位：市委组织部", [("市委组织部", L)]),  # 组织部 is a name, not the joiner 组织
    ("责任科室：综合科、法规科", [("综合科", R), ("法规科", R)]),  # 科 suffix
    ("责任部门：办公室", [("办公室", R)]),  # 责任部门 label
    ("（责任单位：市场监管局，完成时限：2017年底）", [("市场监管局", R)]),  # another label ends the list
    ("责任单位：市发改委（牵头）、市财政局", [("市发改委", L), ("市财政局", R)]),  # an attached （牵头） marks the lead of a 责任单位 list
    ("（市发改委牵头，市财政局、市商务局配合）", [("市发改委", L), ("市财政局", S), ("市商务局", S)]),  # clause form
    ("（市教育局牵头，市科技局参与）", [("市教育局", L), ("市科技局", S)]),  # 参与 clause
    ("（市民政局牵头，市残联协助）", [("市民政局", L), ("市残联", S)]),  # 协助 clause
    ("由市教育局负责。", [("市教育局", R)]),  # 由X负责
    ("由市教育局负责组织实施。", [("市教育局", R)]),  # 由 makes 负责 a marker even before a verb
    ("由市发改委牵头，市财政局配合。", [("市发改委", L), ("市财政局", S)]),  # 由X牵头 then support
    ("采取由大区国家计量测试中心牵头，大区之间交叉检查的方式进行", [("大区国家计量测试中心", L)]),  # seed 004 主要内容 cell
    ("（市卫生健康委负责）", [("市卫生健康委", R)]),  # X负责 at a clause end
    ("（市发改委、市财政局按职责分工负责）", [("市发改委", R), ("市财政局", R)]),  # 按职责分工负责
    ("（市发改委牵头，各有关部门按职责分工负责）", [("市发改委", L), ("各有关部门", R)]),  # responsible rows next to a lead
    ("市发改委、市财政局分别牵头", [("市发改委", L), ("市财政局", L)]),  # 分别牵头 gives a lead row each
    ("（市发改委牵头，市、县质量技术监督部门配合）", [("市发改委", L), ("市、县质量技术监督部门", S)]),  # shared head stays whole
    ("（省政府牵头，省、市、县三级政府负责）", [("省政府", L), ("省、市、县三级政府", R)]),  # three admin heads share 政府
    ("（市发展\n改革委牵头）", [("市发展改革委", L)]),  # a name wrapped inside a parenthetical is joined
    ("协作部门：各省计量院（所）、下属单位", [("各省计量院（所）", S), ("下属单位", S)]),  # brackets inside a name
    ("（各省计量院（所）配合）", [("各省计量院（所）", S)]),  # bracketed name before a verb
    ("（国家发展和改革委员会牵头）", [("国家发展和改革委员会", L)]),  # 和 inside a name is no separator
    ("（市场监管局和公安局配合）", [("市场监管局", S), ("公安局", S)]),  # 和 after a complete name splits
    ("（市教育局及各区县政府负责）", [("市教育局", R), ("各区县政府", R)]),  # 及 splits
    ("（市财政局与市审计局配合）", [("市财政局", S), ("市审计局", S)]),  # 与 splits
    ("市发改委会同市财政局负责。", [("市发改委", R)]),  # the body joined by 会同 gets no row
    ("由市发改委会同市财政局牵头", [("市发改委", L)]),  # 由 … 会同 …
    ("（市住房和城乡建设局牵头，市自然资源和规划局配合）", [("市住房和城乡建设局", L), ("市自然资源和规划局", S)]),  # long names with 和
    ("（市发改委、市财政局等部门配合）", [("市发改委", S), ("市财政局", S)]),  # 等部门 stripped
    ("（市发改委牵头，市财政局配合；市发改委负责）", [("市发改委", L), ("市财政局", S), ("市发改委", R)]),  # one name, two roles
    ("（市发改委牵头，市发改委牵头）", [("市发改委", L)]),  # the same (name, role) once
    ("（市委宣传部牵头）", [("市委宣传部", L)]),  # party body
    ("（市人社局、市教育局负责落实）", [("市人社局", R), ("市教育局", R)]),  # 负责落实 chain
    ("（各区县政府落实）", [("各区县政府", R)]),  # 落实 is responsible
    ("由中国质检协会承办", [("中国质检协会", R)]),  # 承办 after 由
    ("牵头：市发改委；配合：市财政局", [("市发改委", L), ("市财政局", S)]),  # bare 牵头/配合 labels
    ("参与部门（单位）：中国计量科学研究院", [("中国计量科学研究院", S)]),  # bracketed label variant
    ("（牵头部门：认可部，\n协作部门：科标部）", [("认可部", L), ("科标部", S)]),  # line break inside a parenthetical
    ("市财政局牵头制定资金管理办法", [("市财政局", L)]),  # 牵头 marks a role whatever follows
    # (v2) conventions of real circulars
    ("（生态环境部、国家发展改革委、工业和信息化部指导）", [("生态环境部", L), ("国家发展改革委", L), ("工业和信息化部", L)]),  # 指导 marks the lead
    ("（生态环境部指导，试点城市政府负责落实。以下均需试点城市政府落实，不再列出）", [("生态环境部", L), ("试点城市政府", R)]),  # a clause that is no list is passed over
    ("（扶贫办、中央统战部、全国总工会等和各省级人民政府负责）", [("扶贫办", R), ("中央统战部", R), ("全国总工会", R), ("各省级人民政府", R)]),  # 等和 closes the first group
    ("（国家发展改革委、财政部，各省级人民政府按职责分工负责）", [("国家发展改革委", R), ("财政部", R), ("各省级人民政府", R)]),  # a second group after a comma
    ("（交通运输部、公安部、商务部、文化和旅游部、国家卫生健康委、应急管理部、海关总署、市场监管总局、国家统计局、国家铁路局、中国民航局、国家邮政局负责）", [(n, R) for n in "交通运输部 公安部 商务部 文化和旅游部 国家卫生健康委 应急管理部 海关总署 市场监管总局 国家统计局 国家铁路局 中国民航局 国家邮政局".split()]),  # a long list: no name cut (交通运输部 was 输部)
    ("司法部负责制定统一的行政执法文书基本格式标准", [("司法部", R)]),  # subject + 负责 + object
    ("财税部门应认真落实适用于转制企业的现行财税优惠政策", [("财税部门", R)]),  # modal and adverb between
    ("民政、公安、国家安全、人民银行等有关部门要紧密配合，依法查处", [("民政", S), ("公安", S), ("国家安全", S), ("人民银行", S), ("有关部门", S)]),  # names before 等 need no suffix; the generic after 等 is kept
    ("并指定专门机构具体负责集约化平台的建设运维工作", [("专门机构", R)]),  # the object of 指定 does the work
    ("（技工院校内由人力资源社会保障行政部门负责）", [("人力资源社会保障行政部门", R)]),  # 由 inside a parenthetical
    ("（农业农村部、工业和信息化部牵头负责）", [("农业农村部", L), ("工业和信息化部", L)]),  # the first verb of 牵头负责 gives the role
    ("国务院教育行政部门依照职业标准牵头组织开发教学等相关标准", [("国务院教育行政部门", L)]),  # a prepositional phrase between subject and verb
    ("试点城市负责编制实施方案", [("试点城市", R)]),  # 城市 ends a body name
    ("区民政部门应当按照本市采购要求落实照料护理服务工作", [("区民政部门", R)]),  # modal before the adverbial phrase
    ("国家发展改革委及国家粮食局、商务部按照各自职能分工，负责组织协调应急粮食的进口工作",
     [("国家发展改革委", R), ("国家粮食局", R), ("商务部", R)]),  # an adverbial of the division of work may end in a comma (govcn-41)
    ("各地要对照任务清单，负责落实", []),  # ... no other phrase may: 对照 is a verb, 各地要对照 a subject with another verb
    ("国务院教育行政部门、人力资源社会保障行政部门和其他有关部门在职责范围内，分别负责有关的职业教育工作",
     [("国务院教育行政部门", R), ("人力资源社会保障行政部门", R), ("其他有关部门", R)]),  # 在职责范围内, with or without a comma (govcn-03)
    ("业务主管部门、挂靠单位与登记管理机关双重负责", [("业务主管部门", R), ("挂靠单位", R), ("登记管理机关", R)]),  # 机关 ends a body name
    ("机关和企事业单位招用人员不得歧视职业院校毕业生", []),  # ... which still needs its role word
    ("国办正在牵头组织建设中央政府门户网站", [("国办", L)]),  # 正在 stands between like 要 and 积极 (govcn-30 of dev3)
    ("各盟市严格落实财政科技投入稳定增长机制", [("各盟市", R)]),  # 严格 stands between; 各盟市 is 内蒙古's prefectures (reports2)
    ("各设区市负责组织实施", [("各设区市", R)]),  # the prefectures by another name
    ("引导医师到基层医疗卫生机构参与家庭医生签约服务", []),  # a run opening with 到 is a place
    ("政府负责落实", [("政府", R)]),  # 政府 alone is a body
    ("各级各领域基层党组织要认真落实相关要求", [("各级各领域基层党组织", R)]),  # 组织 inside 党组织 is no joiner
    ("建立市场监管部门牵头的联席会议制度", [("市场监管部门", L)]),  # the subject of a relative clause
    ("建立省级政府办公厅牵头、省级有关部门参与的工作机制", [("省级政府办公厅", L), ("省级有关部门", S)]),  # two coordinated relative clauses
    # (v2) negatives
    ("建立健全牵头部门负责的考核机制", []),  # no body before the verb once 建立健全 is read
    ("鼓励企业积极参与职业教育", []),  # object of 鼓励
    ("积极吸引企业参与实训基地建设", []),  # object of 吸引
    ("在政府指导下开展工作", []),  # 指导 used as a noun
    ("加强对总体规划实施的指导、监督和检查", []),  # 指导 as a noun
    ("生态环境部会同有关部门对试点工作进行指导和成效评估", []),  # the run after 会同 is a clause, so 指导 has no subject
    ("各地区、各部门要加强对科研单位的业务指导和督查", []),  # a subject run must be bodies only: …的业务 is not
    ("对本地区、本部门所属科研单位落实自主权情况进行全面自查", []),  # a run opening with 对 is an adverbial
    ("鼓励企业利用资本、技术、知识、设施、设备等要素参与校企合作", []),  # 等要素 is no list of bodies
    ("形成全社会共同参与的良好氛围", []),  # 形成 opens an object phrase
    ("完成好东西部协作和支援合作各项任务", []),  # 2026 work report: 东西部协作 is a noun compound
    ("东西部协作考核连续六年获“好”的等次", []),  # …as a clause subject too
    # a relative clause whose opening verb stands after an adverbial (govcn-50: 对社会团体实行…双重负责的管理体制)
    ("对社会团体实行业务主管部门、挂靠单位与登记管理机关双重负责的管理体制。",
     [("业务主管部门", R), ("挂靠单位", R), ("登记管理机关", R)]),
    ("全面实行河长负责的制度", []),  # 河长 is a person's post, no body
    # a copula names the body's role label (govcn-55's 部际联席会议制度)
    ("联席会议由教育部、发展改革委、财政部等9个部门和单位组成，教育部为牵头单位。", [("教育部", L)]),
    ("市财政局作为责任单位，负责资金保障", [("市财政局", R)]),  # 作为 + label
    ("排在第一位的部门为牵头部门", []),  # a precedence rule's subject is no body
    ("列第一位者为牵头单位，下同", []),
    ("明确市发改委为牵头单位的工作", []),  # the label does not end its clause: no row (明确 is a pivot)
    # an adverbial about a rule, ended by a comma, between the body and its verb (govcn-52)
    ("西藏自治区人民政府要按照国办发〔1993〕71号文件的规定，负责提供学生的各项学习和生活费用", [("西藏自治区人民政府", R)]),
    ("各地要按照有关要求，负责落实", [("各地", R)]),
    ("要按照规定，负责提供经费", []),  # no body before the adverbial
    # negatives
    ("各市局要认真做好自查工作。", []),  # a subject that merely starts a sentence
    ("各区县政府要结合实际制定方案。", []),  # subject, no marker
    ("市、县质量技术监督部门要结合本地实际", []),  # subject, no marker
    ("配合CNCA认证部，组织对玩具产品CCC指定认证机构进行同行评议", []),  # object of 配合 is helped, not helping
    ("配合认监委对180家获得资质认定的实验室进行专项监督检查。", []),  # object of 配合
    ("在国家认监委的领导下开展工作", []),  # leadership is no role
    ("会同相关部门研究制定行业标准", []),  # 会同 object
    ("联合国家标准委在重点产品领域率先实现突破", []),  # 联合 object
    ("组织各县局开展对获证企业的执法检查工作", []),  # 组织 object
    ("省级质检部门负责组织所属质检部门的自查", [("省级质检部门", R)]),  # (v2) subject + role verb, seed 004's gold since v2
    ("确保“有人牵头、有人协调、有人实施”", []),  # quoted, and 有人 is no body
    ("按照“谁发证、谁负责”的原则", []),  # 负责 inside a quotation
    ("加强协调配合。", []),  # 配合 with no body before it
    ("积极参与国家自贸区建设谈判", []),  # 参与 followed by an object, no body
    ("相关认证机构应服从和配合各级质量技术监督部门的认证执法监管工作", []),  # 配合 object
    ("开展对国家产品质检中心负责人的培训工作", []),  # 负责人 is a person
    ("社会各界广泛参与的认证执法监管体系", []),  # 参与的 is no marker
    ("责任人：张三；联系人：李四", []),  # people labels
    ("", []),  # empty text
]

CELL_CASES = [
    # (cell text, column role, expected [(name, role)])
    ("科技司\n执法司", L, [("科技司", L), ("执法司", L)]),  # newline separates two complete names
    ("\t监督司", L, [("监督司", L)]),  # leading tab from the table export
    ("认监委、计量司、动植司、检验司、食品局、特设局、食品司、执法司、科技司、法规司", S, [(n, S) for n in "认监委 计量司 动植司 检验司 食品局 特设局 食品司 执法司 科技司 法规司".split()]),  # long list
    ("认可中心、认证认可研究所、检科院", S, [("认可中心", S), ("认证认可研究所", S), ("检科院", S)]),  # seed 004 task 2
    ("各大区国家计量测试中心、各省计量院（所）", S, [("各大区国家计量测试中心", S), ("各省计量院（所）", S)]),  # bracket kept
    ("中国计量科学研究院、全国计量专业技术委员会", S, [("中国计量科学研究院", S), ("全国计量专业技术委员会", S)]),  # long names
    ("人事司、认可中心、认证认可研究所、有关技术机构", S, [("人事司", S), ("认可中心", S), ("认证认可研究所", S), ("有关技术机构", S)]),  # generic body
    ("通关司、科技司、监督司及相关司局", S, [("通关司", S), ("科技司", S), ("监督司", S), ("相关司局", S)]),  # 及 splits
    ("中国质检协会承办竞赛组织工作。认监委、标准委、总局相关司局、各直属检验检疫局、省级质量技术监督局、有关行业协会协助", S, [("中国质检协会", S), ("认监委", S), ("标准委", S), ("总局相关司局", S), ("各直属检验检疫局", S), ("省级质量技术监督局", S), ("有关行业协会", S)]),  # column role wins over 承办/协助
    ("监督司、检验司、计量司、特设局、食品司、食品局、动植司、卫生司、有关地方局", S, [(n, S) for n in "监督司 检验司 计量司 特设局 食品司 食品局 动植司 卫生司 有关地方局".split()]),  # seed 004 task 13
    (" ", S, []),  # whitespace cell
    ("无", S, []),  # placeholder cell
    ("市发改委（牵头）、市财政局", R, [("市发改委", L), ("市财政局", R)]),  # （牵头） inside a 责任单位 cell
    ("市发改委牵头，市财政局配合", R, [("市发改委", L), ("市财政局", S)]),  # verbs refine a 责任单位 cell
    ("市发改委牵头，市财政局配合", S, [("市发改委", S), ("市财政局", S)]),  # but never a 参与部门 cell
    ("市发展\n改革委", L, [("市发展改革委", L)]),  # wrapped name joined
    ("认监委、监督司", S, [("认监委", S), ("监督司", S)]),  # seed 004 task 18
]

COLUMN_CASES = [
    ("牵头单位", L),  # plain heading
    ("牵头\n单位", L),  # heading broken over two lines
    ("参与部门\n（单位）", S),  # bracketed variant
    ("责任单位", R),
    ("配合单位", S),
    ("协办单位", S),
    ("主办单位", L),
    ("牵头部门", L),
    ("责任领导", "people"),  # persons, not bodies
    ("分管领导", "people"),
    ("责任人", "people"),
    ("牵头领导", "people"),  # 牵头 + 领导 is a person
    ("指导部门", L),  # (v2) 指导 marks the lead, in a column heading too
    ("市卫健委内牵头处室", L),  # a body's own divisions: the heading ends in the label
    ("市卫健委内配合处室", S),
    ("序号", None),
    ("主要内容和措施", None),
    ("时间\n进度", None),
]
# fmt: on


def _pairs(matches):
    return [(m.name, m.role) for m in matches]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_departments_find(text, expected):
    assert sorted(_pairs(find_departments(text))) == sorted(expected)


@pytest.mark.parametrize(("text", "role", "expected"), CELL_CASES)
def test_departments_cell(text, role, expected):
    assert sorted(_pairs(cell_departments(text, role))) == sorted(expected)


@pytest.mark.parametrize(("header", "expected"), COLUMN_CASES)
def test_departments_column_role(header, expected):
    assert column_role(header) == expected


@pytest.mark.parametrize(("name", "expected"), [
    ("发改委", "国家发展和改革委员会"),
    ("认监委", "国家认证认可监督管理委员会"),
    (" 国家认监委 ", "国家认证认可监督管理委员会"),  # whitespace ignored
    ("市发改委", "市发展和改革委员会"),
    ("注册部", None),
])
def test_departments_canonical_name(name, expected):
    assert canonical_name(name) == expected


def test_departments_canonical_on_matches():
    (m,) = find_departments("（市发改委牵头）")
    assert m.canonical == "市发展和改革委员会"


def test_departments_aliases_unique():
    aliases = [row["alias"] for row in load_csv("extractors", "department_aliases.csv")]
    assert len(aliases) == len(set(aliases))


def test_departments_aliases_levels_and_canonicals():
    rows = load_csv("extractors", "department_aliases.csv")
    aliases = {row["alias"] for row in rows}
    for row in rows:
        assert row["level"] in {"central", "provincial", "municipal", "county", "internal"}, row
        assert row["canonical"] in aliases, row  # every canonical is an alias row of itself


# (v2) A stated precedence rule ranks every list it governs: first body lead, the others support.
PRECEDENCE_CASES = [
    # (text, precedence_from, expected)
    ("（工业和信息化部、发展改革委、科技部、农业农村部等负责。列第一位者为牵头单位，下同）", 0,
     [("工业和信息化部", L), ("发展改革委", S), ("科技部", S), ("农业农村部", S)]),  # the clause that states the rule
    ("（农业农村部、财政部，各省级人民政府按职责分工负责）", 0,
     [("农业农村部", L), ("财政部", S), ("各省级人民政府", S)]),  # overrides 按职责分工负责; one list across the comma
    ("由农业农村部、工业和信息化部牵头的协调机制", 0, [("农业农村部", L), ("工业和信息化部", S)]),  # in-text lists too
    ("（各省级人民政府负责）", 0, [("各省级人民政府", L)]),  # a one-body list: its body leads
    ("（国家发展改革委、财政部负责）", None, [("国家发展改革委", R), ("财政部", R)]),  # no rule stated: the marker word
    ("（国家发展改革委、财政部负责）（排在第一位的部门为牵头部门）", 30, [("国家发展改革委", R), ("财政部", R)]),  # a list before the rule keeps its marker
]


@pytest.mark.parametrize(("text", "since", "expected"), PRECEDENCE_CASES)
def test_departments_precedence(text, since, expected):
    assert sorted(_pairs(find_departments(text, precedence_from=since))) == sorted(expected)


def test_departments_precedence_offset_found_in_both_wordings():
    from extractors.departments import precedence_offset

    assert precedence_offset("排在第一位的部门为牵头部门，下同") == 0
    assert precedence_offset("（下同。列第一位者为牵头单位）") == 4
    assert precedence_offset("各部门按职责分工负责") is None


def test_departments_userdict_matches_aliases():
    assert data_text("extractors", "jieba_userdict.txt").splitlines() == userdict_lines()


def test_departments_regexes_compile():
    for pattern in load_toml("pipeline", "role_words.toml")["regex"].values():
        re.compile(pattern)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("市县发改委局部牵头配合负责由会同、，。（）：\n单位协作参与和及各省所")), max_size=60))
def test_departments_offsets_property(text):
    for m in find_departments(text) + cell_departments(text, "support"):
        assert text[m.start:m.end] == m.text
        assert m.role in {"lead", "support", "responsible"}
