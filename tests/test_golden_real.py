"""Golden tests on real circulars nobody here wrote: corpus/real (gov.cn pages and legal-database exports).

``dev`` (State Council pages and their legal-database exports) and ``provincial``
(city and provincial circulars as published: saved pages, genuine .doc files, a
LibreOffice PDF) are what the rules were developed on; ``holdout`` was annotated
at the same time and only ever scored, never read while writing rules — its
floors guard against regressions, not a target to tune to. ``dev2`` (nine more
State Council pages: a 预案 in decimal outline, replies, 通报, a list of names)
was annotated from the guide alone before the pipeline ran on it, scored once
as a held-out set (tasks 0.885, departments 0.800, quotas 0.667, dates 1.000),
then read to find the decimal outline and the table of contents. ``dev5``
(eight more: decisions, replies, the 国务院工作规则, a 批复) was annotated the same
way, held out for two sessions (tasks 0.806, departments 0.500, quotas 0.800, dates
0.800 at first), then developed on. ``dev3`` (eight replies, 复函 and 批复, annotated the same
way) scored tasks 0.919, departments 0.800, quotas 1.000, dates 0.667 at first and
was then developed on; its two date rows left are the guide's (a range of bare
years is no date; 年内 is no deadline marker) against its gold. ``reports`` (five
2026 provincial work reports, annotated the same way) scored tasks 0.895, quotas
0.919, issuer 1 of 2, issue date 0 of 2 at first on 河北 and 西藏; after the rules for
them, 河南, 吉林 and 北京 scored tasks 1.000, quotas 0.966, dates 0.923 and every field
at first; then all five were developed on. ``reports2`` (four more: 陕西, 内蒙古, 江苏,
天津) scored tasks 0.974, departments 0.974, quotas 0.949, dates 0.923, issue date 3 of 4 at
first, and was then developed on; ``dev4`` (four more replies and a 批复) scored tasks 1.000,
quotas 0.957 and every field at first. ``reports3`` (山东, 辽宁, 山西, 广西) scored 0.984 / 1.000 /
0.958 / 0.706 at first and was developed on; ``reports5`` (青海, 黑龙江, 新疆, 云南), annotated at the
same time, was held out for a session (0.922 / 0.000 / 0.828 / 0.667 at first), then developed
on; ``holdout5`` (上海, 四川, 广东, 浙江; 0.940 / 1.000 / 0.981 / 1.000 at first) and ``holdout6`` (宁夏,
安徽, 海南, 重庆; 1.000 / 0.000 / 0.970 / 0.966 at first) are only ever scored. ``reports4`` (湖北, 湖南, 福建, 甘肃) scored 0.993 / 0.000 / 0.979 / 0.727
at first, after every rule above, and was then developed on. ``files`` (real files of shared/real:
the 2026 No. 1 document as DOCX and its LibreOffice PDF, a Guangzhou regulation
page) scored tasks 0.794, quotas 0.690, title 1 of 3 at first; its regulation's
gold scopes the top-level exception per article, govcn-33's (dev) across the
articles, and gongwen follows govcn-33 (README). Gold:
corpus/gold/real-<set>. The provincial tasks floor is low on purpose: its gold
counts 91 equipment-catalogue lines of an attachment (twice: .doc and PDF) as
tasks, which issue #11 says they are not.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline import evaluate
from pipeline.run.batch import run
from pipeline.ingest.readers.legacy import find_converter
from pipeline.run.storage import write_output

from tests import ROOT

#: Totals per set, a little under the scores measured when the floors were set.
FLOORS = {
    "dev": {"tasks": 0.98, "departments": 0.95, "quotas": 0.98, "dates": 0.98},
    "dev2": {"tasks": 0.98, "departments": 0.90, "quotas": 0.85, "dates": 0.95},
    "dev3": {"tasks": 0.98, "departments": 0.95, "quotas": 0.95, "dates": 0.6},
    "reports": {"tasks": 0.98, "departments": 0.95, "quotas": 0.97, "dates": 0.9},  # 北京 每月: see README
    "files": {"tasks": 0.75, "departments": 0.95, "quotas": 0.65, "dates": 0.95},  # two golds disagree: see README
    "reports2": {"tasks": 0.97, "departments": 0.95, "quotas": 0.96, "dates": 0.9},  # 江苏's —— bullets: see README
    # scored once when annotated (1.000 / – / 0.957 / –): 近5年来, which reports2's gold leaves out, is its one miss
    "dev4": {"tasks": 0.98, "departments": 0.95, "quotas": 0.9, "dates": 0.95},
    "reports3": {"tasks": 0.98, "departments": 0.95, "quotas": 0.97, "dates": 0.8},  # 山西's 2030年达到: see README
    # 0.993 / 0.000 / 0.979 / 0.727 at first; its three department rows (甘肃: 天津、山东对口协作, 6676家企业参与)
    # are all missed, so it has no departments floor
    "reports4": {"tasks": 0.98, "quotas": 0.97, "dates": 0.8},
    # held out at first (0.922 / 0.000 / 0.828 / 0.667), then developed on (云南's label over two lines): its two
    # department rows (援疆省市 落实, a 协调小组 指导) are both missed, so it has no departments floor
    "reports5": {"tasks": 0.98, "quotas": 0.97, "dates": 0.85},
    # only ever scored (0.940 / 1.000 / 0.981 / 1.000 at first): 广东's gold counts the 13 items of its 名词解释
    # as tasks, 四川's leaves its 20 out (as gongwen does: the glossary ends the body); README
    "holdout5": {"tasks": 0.92, "departments": 0.95, "quotas": 0.96, "dates": 0.95},
    # only ever scored (1.000 / 0.000 / 0.970 / 0.966 at first, every field right): one department row in all
    # (安徽's 由企业牵头), missed at first, so no departments floor
    "holdout6": {"tasks": 0.98, "quotas": 0.95, "dates": 0.9},
    "holdout": {"tasks": 0.97, "departments": 0.90, "quotas": 0.95, "dates": 0.85},  # 4 gold dates: one miss is 0.86
    "provincial": {"tasks": 0.60, "departments": 0.95, "quotas": 0.97, "dates": 0.95},
    # held out at first (0.806 / 0.500 / 0.800 / 0.800), then developed on: few rows (5 departments, 2 dates),
    # so one row moves a figure by 0.03-0.3; 每月 (a date the guide's recurring rule gives, not its gold) and
    # 每半年 (a quota to its gold) are left
    "dev5": {"tasks": 0.95, "departments": 0.85, "quotas": 0.9, "dates": 0.75},
}
#: Document fields, per set.
FIELD_FLOORS = {"title": 0.9, "issuer": 0.9, "doc_number": 0.9, "issue_date": 0.9, "year": 0.9}
#: ... but where a set's gold reads a title otherwise (dev5: govcn-52's 转发 of a 请示 whose gold title is the 请示's).
SET_FIELD_FLOORS = {"dev5": {"title": 0.85}}


def _sources(name: str) -> list[Path]:
    gold = sorted((ROOT / "corpus" / "gold" / f"real-{name}").glob("*.json"))
    return [ROOT / "corpus" / "real" / name / json.loads(p.read_text(encoding="utf-8"))["source"] for p in gold]


@pytest.fixture(scope="module", params=sorted(FLOORS))
def scored(request, tmp_path_factory) -> tuple[str, evaluate.Report]:
    name = request.param
    if any(p.suffix in (".doc", ".wps") for p in _sources(name)) and find_converter() is None:
        pytest.skip(f"corpus/real/{name} holds .doc files: LibreOffice (soffice) is not installed here")
    out = tmp_path_factory.mktemp(f"real-{name}")
    result = run(_sources(name))
    assert not result.failures, result.failures
    tables: dict[str, list] = {}
    for doc in result.documents:
        for table, rows in doc.tables.items():
            tables.setdefault(table, []).extend(rows)
    write_output(out, tables, {d.doc_id: (d.clean_text, d.source_text) for d in result.documents}, {})
    gold = evaluate.load_gold(ROOT / "corpus" / "gold" / f"real-{name}")
    return name, evaluate.score(gold, evaluate.load_tables(out))


@pytest.mark.slow
def test_real_sets_have_every_source():
    for name in FLOORS:
        missing = [p.name for p in _sources(name) if not p.exists()]
        assert not missing and len(_sources(name)) >= 3, (name, missing)  # a set is at least three documents


@pytest.mark.slow
def test_real_total_floors(scored):
    name, report = scored
    low = {t: round(report.totals[t].f1, 3) for t, floor in FLOORS[name].items() if report.totals[t].f1 < floor}
    # the held-out set shows totals only: its rows are not read while writing rules
    shown = [d for d in report.diffs if d["table"] in low][:10] if name == "dev" else "(held out: totals only)"
    assert not low, (name, low, shown)


@pytest.mark.slow
def test_real_document_fields(scored):
    name, report = scored
    fields = report.fields_accuracy()
    floors = FIELD_FLOORS | SET_FIELD_FLOORS.get(name, {})
    assert all(fields[f] >= floor for f, floor in floors.items()), (name, fields)
