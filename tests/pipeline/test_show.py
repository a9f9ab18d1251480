"""`gongwen show`: picking a document, its header, and its task table (pipeline/show.py)."""

from __future__ import annotations

import io

import pytest
from click.testing import CliRunner
from rich.console import Console

from pipeline import api, show
from pipeline.cli import cli

from tests import ROOT
SEED_002 = "corpus/seeds/002_7a1c7de3253825f7.txt"  # 2017年认证认可工作要点, 国家认监委, 38 tasks
DEV_01 = "corpus/dev/dev01_yingshang_2026.txt"  # ××市2026年优化营商环境重点任务分工方案, with every role


@pytest.fixture(scope="module")
def tables(seeds_out):
    return api.load(seeds_out)


def doc_id_of(tables, source_path: str) -> str:
    docs = tables["documents"]
    return docs.loc[docs["source_path"].str.endswith(source_path), "doc_id"].iloc[0]


def rendered(renderables, width: int = 200) -> str:
    console = Console(file=io.StringIO(), width=width, record=True, color_system=None)
    console.print(*renderables)
    return console.export_text()


@pytest.mark.parametrize(
    ("selector", "expected"),
    [
        # a file name prefix, as the README shows
        ("002_7a1c", [SEED_002]),
        # the whole file name
        ("002_7a1c7de3253825f7.txt", [SEED_002]),
        # the source path as it was given to `gongwen run`
        (SEED_002, [SEED_002]),
        # the same file by its absolute path
        (str(ROOT / SEED_002), [SEED_002]),
        # a file name prefix shared by every dev document
        ("dev0", [f"corpus/dev/{p.name}" for p in sorted((ROOT / "corpus" / "dev").iterdir())]),
        # nothing by that name
        ("no-such-circular", []),
    ],
)
def test_select_documents(tables, selector, expected, monkeypatch):
    monkeypatch.chdir(ROOT)  # source paths are relative to where `gongwen run` ran
    found = show.select_documents(tables["documents"], selector)
    assert sorted(p.removeprefix(str(ROOT) + "/") for p in found["source_path"]) == sorted(expected)


def test_select_documents_by_doc_id_and_prefix(tables):
    doc_id = doc_id_of(tables, SEED_002)
    assert show.select_documents(tables["documents"], doc_id)["doc_id"].tolist() == [doc_id]
    assert doc_id in show.select_documents(tables["documents"], doc_id[:6])["doc_id"].tolist()


def test_header_has_title_issuer_number_and_year(tables):
    doc = tables["documents"][tables["documents"]["source_path"].str.endswith(DEV_01)].iloc[0]
    text = rendered([show.header(doc)])
    for value in ("××市2026年优化营商环境重点任务分工方案", "××市人民政府办公室", "×政办发〔2026〕12号", "2026",
                  "2026-02-18", doc.doc_id):
        assert value in text


def test_missing_header_fields_show_a_dash(tables):
    doc = tables["documents"][tables["documents"]["source_path"].str.endswith(SEED_002)].iloc[0]
    lines = {line.split()[0]: line.split()[1:] for line in rendered([show.header(doc)]).splitlines() if line.strip()}
    assert lines["文号"] == ["—"] and lines["年份"] == ["2017"]


def test_task_table_has_a_row_per_task_with_departments_dates_and_quotas(tables):
    doc_id = doc_id_of(tables, DEV_01)
    table = show.task_table(tables, doc_id)
    tasks = tables["tasks"][tables["tasks"]["doc_id"] == doc_id]
    assert table.row_count == len(tasks)
    headers = [c.header for c in table.columns]
    assert headers == ["序号", "任务", "牵头", "配合", "责任", "时间", "指标"]
    cells = {c.header: [getattr(v, "plain", v) for v in c.cells] for c in table.columns}
    assert cells["序号"][:3] == ["1", "2", "3"]
    assert cells["牵头"][0] == "市政务服务管理局" and cells["责任"][0] == "各区县人民政府"
    assert cells["配合"][1].splitlines() == ["市公安局", "市税务局"]
    assert cells["时间"][0] == "2026-06-30（2026年6月底前）"
    assert cells["指标"][0] == "≥100项"


def test_task_table_leaves_out_roles_no_task_has(tables):
    table = show.task_table(tables, doc_id_of(tables, SEED_002))
    assert [c.header for c in table.columns] == ["序号", "任务", "牵头", "配合", "时间", "指标"]
    assert table.row_count == 38


def test_render_one_block_per_document(tables):
    assert len(show.render(tables, "dev0")) == len(list((ROOT / "corpus" / "dev").iterdir()))
    text = rendered(show.render(tables, "002_7a1c"))
    assert "2017年认证认可工作要点" in text and "任务（38）" in text and "注册部" in text


def test_render_no_match(tables):
    with pytest.raises(LookupError, match="no document matches 'nope'"):
        show.render(tables, "nope")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # the default view: header and tasks
        (["002_7a1c"], ["2017年认证认可工作要点", "国家认监委", "任务（38）", "注册部"]),
        # a source path works as DOC too
        ([SEED_002, "--table", "departments"], ["departments of 002_7a1c7de3253825f7.txt", "注册部"]),
    ],
)
def test_cli_show(seeds_out, monkeypatch, args, expected):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli, ["show", str(seeds_out), *args], catch_exceptions=False,
                                env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    for piece in expected:
        assert piece in result.output


def test_cli_show_unknown_document(seeds_out):
    result = CliRunner().invoke(cli, ["show", str(seeds_out), "nope"])
    assert result.exit_code == 1 and "no document matches 'nope'" in result.output


@pytest.mark.issue(13)
def test_cli_show_ambiguous_prefix_lists_the_documents(seeds_out):
    """``show OUT 0`` silently showed one of the documents whose doc_id or file name starts with 0."""
    matching = show.select_documents(api.load(seeds_out)["documents"], "0")
    assert len(matching) > 1
    result = CliRunner().invoke(cli, ["show", str(seeds_out), "0"])
    assert result.exit_code == 2, result.output
    assert f"'0' matches {len(matching)} documents" in result.output
    for doc_id, path in zip(matching["doc_id"], matching["source_path"]):
        assert f"  {doc_id}  {path}" in result.output
    assert "任务（" not in result.output
