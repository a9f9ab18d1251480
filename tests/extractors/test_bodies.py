"""Departments as entities: resolution rules, stable ids, the bodies table, and the hand-checked accuracy."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from extractors.bodies import CENTRAL, Place, _splits, extract_bodies, jieba_splits, jurisdiction_of, resolve
from pipeline.query import run_sql

HANDCHECKED = Path(__file__).resolve().parent.parent / "data" / "bodies_handchecked.csv"
ANHUI, BAOTOU = Place("安徽省", "provincial"), Place("包头市", "prefecture")
YUNXI = Place("云溪区", "county")

# fmt: off
CASES = [
    # name, jurisdiction, year → canonical, jurisdiction, level, kind
    ("省经信厅", ANHUI, 2024, "安徽省经济和信息化厅", "安徽省", "provincial", "department"),
    ("市卫健委", BAOTOU, 2024, "包头市卫生健康委员会", "包头市", "prefecture", "commission"),
    ("卫健委", ANHUI, 2024, "安徽省卫生健康委员会", "安徽省", "provincial", "commission"),
    ("卫健委", CENTRAL, 2024, "国家卫生健康委员会", "国务院", "central", "commission"),
    ("国家卫健委", ANHUI, 2024, "国家卫生健康委员会", "国务院", "central", "commission"),
    ("卫计委", CENTRAL, 2016, "国家卫生和计划生育委员会", "国务院", "central", "commission"),
    ("国家发展改革委", ANHUI, 2019, "国家发展和改革委员会", "国务院", "central", "commission"),
    ("发展改革委", CENTRAL, 2019, "国家发展和改革委员会", "国务院", "central", "commission"),
    ("发改委", CENTRAL, 2024, "国家发展和改革委员会", "国务院", "central", "commission"),
    ("人力资源社会保障部", CENTRAL, 2020, "人力资源和社会保障部", "国务院", "central", "ministry"),
    ("人社部", BAOTOU, 2020, "人力资源和社会保障部", "国务院", "central", "ministry"),
    ("教育部", ANHUI, 2020, "教育部", "国务院", "central", "ministry"),
    ("银保监会", CENTRAL, 2020, "中国银行保险监督管理委员会", "国务院", "central", "commission"),
    ("金融监管总局", CENTRAL, 2024, "国家金融监督管理总局", "国务院", "central", "bureau"),
    ("中央组织部", CENTRAL, 2024, "中共中央组织部", "中央", "central", "party organ"),
    ("省委宣传部", ANHUI, 2024, "中共安徽省委宣传部", "安徽省", "provincial", "party organ"),
    ("包头市委组织部", None, 2024, "中共包头市委组织部", "包头市", "prefecture", "party organ"),
    ("市市场监管局", BAOTOU, 2024, "包头市市场监督管理局", "包头市", "prefecture", "bureau"),
    ("包头市卫健委", Place("内蒙古自治区", "provincial"), 2024, "包头市卫生健康委员会", "包头市", "prefecture", "commission"),
    ("住建厅", Place("内蒙古自治区", "provincial"), 2026, "内蒙古自治区住房和城乡建设厅", "内蒙古自治区", "provincial", "department"),
    ("省财政厅", Place("××省", "provincial"), 2023, "××省财政厅", "××省", "provincial", "department"),
    ("区经信局", YUNXI, 2021, "云溪区经济和信息化局", "云溪区", "county", "bureau"),
    ("区公安分局", YUNXI, 2021, "云溪区公安分局", "云溪区", "county", "bureau"),
    ("省发展改革委", YUNXI, 2021, "省发展和改革委员会", None, "provincial", "commission"),  # its province is not named
    ("浙江工业大学", Place("浙江省", "provincial"), 2026, "浙江工业大学", "浙江省", "provincial", "university"),
    ("魏桥集团", Place("山东省", "provincial"), 2026, "魏桥集团", "山东省", "provincial", "enterprise"),
    ("各区县人民政府", BAOTOU, 2024, "各区县人民政府", "包头市", "prefecture", "group"),
    ("市农业综合行政执法支队", BAOTOU, 2022, "包头市农业综合行政执法支队", "包头市", "prefecture", "bureau"),
    ("监督司", CENTRAL, 2017, "产品质量监督司", "国务院", "central", "internal unit"),
]
# fmt: on


@pytest.mark.parametrize("name, place, year, canonical, jurisdiction, level, kind", CASES)
def test_bodies_resolve(name, place, year, canonical, jurisdiction, level, kind):
    body = resolve(name, place, year)
    assert (body.canonical, body.jurisdiction, body.level, body.kind) == (canonical, jurisdiction, level, kind)


def test_bodies_local_never_the_national_body():
    for place in (ANHUI, BAOTOU, YUNXI):
        for name in ("卫健委", "发改委", "医保局", "市场监管局"):
            assert resolve(name, place, 2024).jurisdiction == place.name, (name, place)


def test_bodies_ids_are_stable_and_distinct():
    a = resolve("省经信厅", ANHUI, 2024)
    assert a.body_id == resolve("安徽省经济和信息化厅", ANHUI, 2024).body_id  # same body, another spelling
    assert a.body_id == resolve("经信厅", ANHUI, 2019).body_id
    assert a.body_id != resolve("省经信厅", Place("江苏省", "provincial"), 2024).body_id
    unknown = resolve("区治水办", YUNXI, 2021)
    assert not unknown.known and unknown.body_id == resolve("区治水办", YUNXI, 2025).body_id
    assert unknown.body_id == "b" + __import__("hashlib").blake2b("云溪区|云溪区治水办".encode(), digest_size=6).hexdigest()


def test_bodies_renamed_bodies_are_their_own_entities():
    old, new = resolve("卫计委", CENTRAL, 2016), resolve("卫健委", CENTRAL, 2019)
    assert old.body_id != new.body_id and (old.since, old.until, new.since) == (2013, 2018, 2018)
    assert resolve("环保部", CENTRAL, 2016).canonical == "环境保护部"
    assert resolve("生态环境部", CENTRAL, 2019).canonical == "生态环境部"


# fmt: off
JURISDICTIONS = [
    (("国家认监委", None, ""), "国务院", "central"),
    (("浙江省质量技术监督局", None, ""), "浙江省", "provincial"),
    (("江州市应急管理局", None, ""), "江州市", "prefecture"),
    (("云溪区人民政府办公室", None, ""), "云溪区", "county"),
    (("××县安全生产委员会办公室", None, ""), "××县", "county"),
    ((None, "2026年内蒙古自治区政府工作报告", ""), "内蒙古自治区", "provincial"),
    ((None, "2026年北京市政府工作报告", ""), "北京市", "provincial"),
    ((None, "吉林市2024年工作要点", ""), "吉林市", "prefecture"),
    ((None, "总局在质检系统开展检测工作整顿活动重点工作安排", ""), "国务院", "central"),
    ((None, "2026年政府工作报告", "云南省第十四届人民代表大会"), "云南省", "provincial"),
]
# fmt: on


@pytest.mark.parametrize("args, name, level", JURISDICTIONS)
def test_bodies_jurisdiction_of(args, name, level):
    place = jurisdiction_of(*args)
    assert (place.name, place.level) == (name, level)


def _verdicts(splits) -> Counter:
    counts: Counter = Counter()
    resolve.cache_clear()
    with open(HANDCHECKED, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["category"] == "not a body":
                counts["not a body"] += int(row["rows"])
                continue
            place = Place(row["doc_jurisdiction"], row["doc_level"]) if row["doc_jurisdiction"] else None
            body = resolve(row["name"], place, int(row["year"]) if row["year"] else None, splits=splits)
            if (body.canonical, body.jurisdiction or "") == (row["canonical"], row["jurisdiction"]):
                counts["right"] += int(row["rows"])
            elif not body.known or body.jurisdiction is None:
                counts["unresolved"] += int(row["rows"])
            else:
                counts["wrong"] += int(row["rows"])
    resolve.cache_clear()
    return counts


def test_bodies_handchecked_accuracy():
    """383 department rows of corpus/dev, corpus/seeds and the 2026 provincial work reports, hand-checked."""
    counts = _verdicts(_splits)
    assert sum(counts.values()) >= 300
    assert counts == {"right": 366, "unresolved": 10, "not a body": 7}


def test_bodies_jieba_splits_change_nothing():
    """Splitting names at jieba's words (a user dictionary of the data files) resolves the same rows."""
    pytest.importorskip("jieba")
    assert _verdicts(jieba_splits) == _verdicts(_splits)


def test_bodies_table_is_written(seeds_out):
    bodies = pd.read_parquet(seeds_out / "bodies.parquet")
    departments = pd.read_parquet(seeds_out / "departments.parquet")
    assert bodies["body_id"].is_unique and set(departments["body_id"]) == set(bodies["body_id"])
    assert (seeds_out / "bodies.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    _, rows = run_sql(seeds_out / "gongwen.duckdb", "SELECT jurisdiction, canonical FROM bodies WHERE canonical LIKE '%教育厅'")
    assert ("××省", "××省教育厅") in rows


def test_bodies_department_load_by_body_and_jurisdiction(seeds_out):
    sql = ("SELECT name, jurisdiction, sum(tasks) FROM department_load WHERE role = 'lead' "
           "GROUP BY ALL ORDER BY 3 DESC, name LIMIT 1")
    _, rows = run_sql(seeds_out / "gongwen.duckdb", sql)
    assert rows[0][:2] == ("科技司", "国务院")  # 质检总局科技司, in a circular of the 总局


def test_department_rows_name_the_canonical_of_their_body():
    """One resolution for both tables: 团中央 and 建设部 came out with one canonical name in `departments`
    (department_aliases.csv) and another in `bodies` (bodies_central.csv), so a join gave two answers."""
    from extractors.departments import extract_departments
    from tests.conftest import make_circular

    doc = make_circular("国务院办公厅文件\n1.加强青年工作。（团中央、建设部、国家发展改革委负责）")
    bodies = {b.body_id: b.canonical for b in extract_bodies(doc)}
    rows = list(extract_departments(doc))
    assert len(rows) == 3
    assert all(r.canonical == bodies[r.body_id] for r in rows), [(r.name, r.canonical, bodies[r.body_id]) for r in rows]
