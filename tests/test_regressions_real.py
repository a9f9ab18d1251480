"""Regressions on real circulars as users bring them: a legal-database export of a cover notice printing two
plans (tests/fixtures/lawdb_cover_two_plans.txt, made by hand in the export format; lawdb_colon_header.txt
in the other header style) and a saved gz.gov.cn page
of corpus/real/provincial (a 家庭医生 plan with an indicator table and a task-division table as attachments)."""

from __future__ import annotations


import pytest

from extractors.departments import extract_departments
from extractors.ids import task_id
from pipeline.chain import source_to_circular
from pipeline.ingest.readers import read_path
from tests.conftest import make_circular

from tests import ROOT
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(scope="module")
def lawdb():
    return make_circular((FIXTURES / "lawdb_cover_two_plans.txt").read_text(encoding="utf-8"))


def test_lawdb_cover_two_plans_fields(lawdb):
    """Title line, 【法宝引证码】 and 原文链接 lines stay apart (the line-wrap step joined them, so the title came out
    as 现将《安徽省制造业数字化转型行动方案 and the full-width-indented 发文字号 was lost); two plans printed: the
    title is X of the notice's own 关于印发X的通知 (ANNOTATION.md §1 v2)."""
    f = lawdb.fields
    assert f.title == "安徽省制造业数字化转型行动方案和安徽省中小企业数字化赋能专项行动方案"
    assert (f.issuer, f.doc_number, f.issue_date, f.year) == ("安徽省人民政府办公厅", "皖政办〔2021〕8号", "2021-07-13", 2021)


def test_lawdb_cover_two_plans_tasks(lawdb):
    """1﹒ labels, -- bullets under 2﹒ (so 2﹒ is a section), the 专栏 box in the item before it, numbering
    restarting in the second plan; the cover notice and the childless 一、 / 三、 give no task."""
    assert [t.number for t in lawdb.tasks] == ["1", "—", "—", "3", "1", "2"]
    text = lawdb.text
    second_dash = lawdb.tasks[2]
    assert text[second_dash.char_start : second_dash.char_end].startswith("支持园区建设区域级平台。")
    assert "专栏1" in text[second_dash.char_start : second_dash.char_end]  # the box belongs to the item before it
    first = [(r.name, r.role) for r in extract_departments(lawdb) if r.task_id.endswith("-t001")]
    assert first == [("省经济和信息化厅", "responsible"), ("省财政厅", "responsible"), ("各市人民政府", "responsible")]


def test_lawdb_colon_header_fields():
    """Another export setting writes the header as 发布部门：… lines: 效力位阶：国务院规范性文件 ends in 文件 and was
    read as a letterhead, so the issuer came out as 效力位阶：国务院规范性; the plan's 指导 parenthetical gives its lead."""
    doc = make_circular((FIXTURES / "lawdb_colon_header.txt").read_text(encoding="utf-8"))
    f = doc.fields
    assert (f.title, f.issuer, f.doc_number, f.issue_date) == (
        "“无废城市”建设试点工作方案", "国务院办公厅", "国办发〔2018〕128号", "2018-12-29")
    assert [t.number for t in doc.tasks] == ["一", "二", "一", "二"]
    assert ("工业和信息化部", "lead") in [(r.name, r.role) for r in extract_departments(doc)]


GZ_PLAN = ROOT / "corpus" / "real" / "provincial" / "gz_suiweihan2023_1930_jtys_ssfa.html"


@pytest.fixture(scope="module")
def gz_plan():
    if not GZ_PLAN.exists():
        pytest.skip("corpus/real/provincial is not here")
    return source_to_circular(read_path(GZ_PLAN))


def test_gz_plan_fields(gz_plan):
    """Joint issuers sign; the page's 发文机关 names the first (the owner of 穗卫函): the issuer. The notice prints one
    plan (联合制定《X》，现印发给你们): the title is X as printed, 关于 kept."""
    f = gz_plan.fields
    assert (f.title, f.issuer) == ("关于推进广州市家庭医生签约服务高质量发展实施方案", "广州市卫生健康委员会")
    assert (f.doc_number, f.issue_date, f.year) == ("穗卫函〔2023〕1930号", "2023-10-19", 2023)


def test_gz_plan_tasks(gz_plan):
    """Body: 21 tasks under 二、 and 3 under 三、. 附件1 (indicator table): the 1.… lists inside the rows' cells of
    rows 7, 8, 16, 17, 18 are the tasks (16 of them), every row is a section. 附件2 (任务分工表): 24 rows, the
    sub-rows repeating a merged 序号/工作事项 joined to their numbered row."""
    lists = [t for t in gz_plan.tasks if t.source == "list"]
    table = [t for t in gz_plan.tasks if t.source == "table"]
    assert len(lists) == 24 + 16
    assert [t.number for t in lists[24:29]] == ["1", "2", "1", "2", "3"]
    assert [t.number for t in table] == [str(n) for n in range(1, 25)]
    first = table[0]
    text = gz_plan.text[first.char_start : first.char_end]
    assert text.startswith("有序扩大家庭医生来源。") and "加大公开招聘力度" in text and "淘汰退出等。" in text
    heads = [c.header for c in first.cells if c.field == "other"]
    assert heads.count("牵头单位") == 3  # the cells of all three sub-rows
    rows = {(r.name, r.role) for r in extract_departments(gz_plan) if r.task_id == task_id(gz_plan, first)}
    assert {("市人社局", "support"), ("人事处", "lead"), ("基层处", "lead"), ("基层处", "support")} <= rows
