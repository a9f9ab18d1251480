"""Excel export: an overview sheet and one sheet per table, frozen headers, real dates, Chinese headers."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.export import (
    DATE_COLUMNS,
    DEFAULT_MAX_WIDTH,
    DEFAULT_MIN_WIDTH,
    OVERVIEW_SHEET,
    header_for,
    headers_zh,
    iso_to_date,
    sheets_of,
)
from pipeline.run.storage import table_schema
from schemas import TABLES



def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])




@pytest.fixture(scope="module")
def openpyxl():
    return pytest.importorskip("openpyxl")  # not yet a declared dependency


@pytest.fixture(scope="module")
def workbook(seeds_out, tmp_path_factory, openpyxl):
    path = tmp_path_factory.mktemp("xlsx") / "seeds.xlsx"
    result = invoke("export", seeds_out, "--xlsx", path)
    assert result.exit_code == 0, result.output
    assert f"{1 + len(TABLES)} sheets" in result.output
    return openpyxl.load_workbook(path)


@pytest.fixture(scope="module")
def workbook_zh(seeds_out, tmp_path_factory, openpyxl):
    path = tmp_path_factory.mktemp("xlsx") / "任务分工.xlsx"
    result = invoke("export", seeds_out, "--xlsx", path, "--headers", "zh")
    assert result.exit_code == 0, result.output
    return openpyxl.load_workbook(path)


def test_export_one_sheet_per_table_after_overview(workbook):
    assert workbook.sheetnames == [OVERVIEW_SHEET, *TABLES]


def test_export_rows_and_headers_match_the_tables(workbook, seeds_out):
    for name in TABLES:
        frame = pd.read_parquet(seeds_out / f"{name}.parquet")
        ws = workbook[name]
        assert [c.value for c in ws[1]] == list(frame.columns), name
        assert ws.max_row == len(frame) + 1, name
    tasks = pd.read_parquet(seeds_out / "tasks.parquet")
    overview = workbook[OVERVIEW_SHEET]
    assert overview.max_row == len(tasks) + 1
    titles = [row[7] for row in overview.iter_rows(min_row=2, values_only=True)]
    assert sorted(titles) == sorted(tasks["title"])


def test_export_header_frozen_filtered_and_columns_sized(workbook, openpyxl):
    for ws in workbook.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), ws.title
        assert all(c.font.bold for c in ws[1])
        widths = [d.width for d in ws.column_dimensions.values()]
        assert len(widths) == ws.max_column
        assert all(DEFAULT_MIN_WIDTH <= w <= DEFAULT_MAX_WIDTH for w in widths), ws.title
    overview = workbook[OVERVIEW_SHEET]
    header = [c.value for c in overview[1]]
    # the task title is wider than the year
    width = {h: overview.column_dimensions[openpyxl.utils.get_column_letter(i)].width for i, h in enumerate(header, 1)}
    assert width["title"] > width["year"]


def test_export_real_dates_become_excel_dates_and_xxxx_stays_text(workbook, seeds_out):
    dates = pd.read_parquet(seeds_out / "dates.parquet")
    ws = workbook["dates"]
    header = [c.value for c in ws[1]]
    end = header.index("date_end") + 1
    cells = [ws.cell(i + 2, end) for i in range(len(dates))]
    kinds = {"date": 0, "text": 0}
    for cell, value in zip(cells, dates["date_end"]):
        if value is None or pd.isna(value):
            assert cell.value is None
        elif value.startswith("XXXX"):
            assert cell.value == value and cell.data_type == "s"
            kinds["text"] += 1
        else:
            assert isinstance(cell.value, dt.datetime) and cell.value.date().isoformat() == value
            assert cell.number_format == "yyyy-mm-dd"
            kinds["date"] += 1
    assert kinds["date"] and kinds["text"]  # the seeds have both
    issue_dates = [c.value for c in ws.parent["documents"]["G"][1:] if c.value is not None]
    assert issue_dates and all(isinstance(v, dt.datetime) for v in issue_dates)


def test_export_zh_headers(workbook_zh):
    overview = [c.value for c in workbook_zh[OVERVIEW_SHEET][1]]
    assert {"任务", "牵头部门", "配合部门", "责任部门", "完成时限", "指标"} <= set(overview)
    assert [c.value for c in workbook_zh["documents"][1]][:4] == ["文件编号", "来源文件", "文件格式", "文件标题"]
    assert workbook_zh.sheetnames == [OVERVIEW_SHEET, *TABLES]


def test_export_zh_headers_cover_every_column_once_per_sheet(seeds_out):
    for sheet, (columns, _) in sheets_of(seeds_out / "gongwen.duckdb").items():
        headers = [header_for(sheet, c, language="zh") for c in columns]
        untranslated = [c for c, h in zip(columns, headers) if h == c]
        assert not untranslated, (sheet, untranslated)
        assert len(set(headers)) == len(headers), (sheet, headers)  # no two columns share a header


def test_export_zh_headers_file_has_no_stale_names(seeds_out):
    sheets = {sheet: set(columns) for sheet, (columns, _) in sheets_of(seeds_out / "gongwen.duckdb").items()}
    mapping = headers_zh()
    assert set(mapping) - {"columns"} <= set(sheets)
    for sheet, names in mapping.items():
        known = set().union(*sheets.values()) if sheet == "columns" else sheets[sheet]
        assert set(names) <= known, (sheet, set(names) - known)


# fmt: off
ISO_CASES = [
    ("2026-06-30", dt.date(2026, 6, 30)),
    ("XXXX-12-31", "XXXX-12-31"),   # unknown year stays text
    ("2026-02-30", "2026-02-30"),   # not a real day: left alone rather than guessed
    ("2026年6月", "2026年6月"),
    (None, None),
]
# fmt: on


@pytest.mark.parametrize("value, expected", ISO_CASES)
def test_export_iso_to_date(value, expected):
    assert iso_to_date(value) == expected


def test_export_date_columns_exist():
    columns = {c for name in TABLES for c in table_schema(name).names} | {"first_deadline"}
    assert DATE_COLUMNS <= columns


def test_export_cli_errors(seeds_out, tmp_path):
    missing = invoke("export", tmp_path, "--xlsx", tmp_path / "x.xlsx")
    assert missing.exit_code == 1 and "no gongwen.duckdb" in missing.output
    assert invoke("export", seeds_out, "--xlsx", tmp_path / "x.xlsx", "--headers", "fr").exit_code == 2
    assert invoke("export", seeds_out).exit_code == 2  # --xlsx is required
    assert not (tmp_path / "x.xlsx").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".export-")]
