"""The Python API: the same tables in memory as on disk, as DataFrames."""

from __future__ import annotations


import shutil

import pandas as pd
import pytest
from click.testing import CliRunner

from pipeline import api
from pipeline.cli import cli
from pipeline.errors import SettingsError
from pipeline.query import QueryRefused
from pipeline.run.storage import table_schema
from schemas import TABLES

from tests import ROOT
SEEDS = ROOT / "corpus" / "seeds"


@pytest.fixture(scope="module")
def seeds_only_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("api-out")
    result = CliRunner().invoke(cli, ["run", str(SEEDS), "-o", str(out), "-q"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def in_memory():
    return api.run([SEEDS])


def test_api_run_returns_every_table_with_its_columns(in_memory):
    assert list(in_memory) == list(TABLES)
    for name, frame in in_memory.items():
        assert isinstance(frame, pd.DataFrame)
        assert tuple(frame.columns) == tuple(table_schema(name).names), name  # the contract, then typed dates
    assert len(in_memory["documents"]) == len(list(SEEDS.glob("*.txt")))
    assert in_memory["failures"].empty


def test_api_run_matches_what_the_cli_wrote(in_memory, seeds_only_out):
    loaded = api.load(seeds_only_out)
    assert list(loaded) == list(TABLES)
    for name in TABLES:
        pd.testing.assert_frame_equal(in_memory[name], loaded[name], obj=name)


@pytest.mark.parametrize("paths", [str(SEEDS / "000_f6227b0145fbc2ea.txt"), [SEEDS / "000_f6227b0145fbc2ea.txt"]],
                         ids=["str", "list"])
def test_api_run_accepts_one_path_or_a_list(paths):
    assert len(api.run(paths)["documents"]) == 1


def test_api_run_settings():
    tables = api.run(SEEDS / "000_f6227b0145fbc2ea.txt", extractors="documents,tasks")
    assert not tables["tasks"].empty
    assert tables["departments"].empty and list(tables["departments"].columns) == table_schema("departments").names
    with pytest.raises(SettingsError, match='"colour" is not a valid setting'):
        api.run(SEEDS, colour="red")


def test_api_run_bad_input_is_a_failure_row(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    tables = api.run(tmp_path)
    assert tables["failures"]["code"].tolist() == ["E_EMPTY"]
    assert tables["documents"].empty


def test_api_load_refuses_a_folder_without_tables(tmp_path):
    with pytest.raises(FileNotFoundError, match="documents.parquet"):
        api.load(tmp_path)


def test_api_query(seeds_only_out, in_memory):
    frame = api.query(seeds_only_out, "SELECT task_id, lead_departments FROM task_overview")
    assert list(frame.columns) == ["task_id", "lead_departments"]
    assert sorted(frame["task_id"]) == sorted(in_memory["tasks"]["task_id"])
    with pytest.raises(QueryRefused, match="COPY"):
        api.query(seeds_only_out, "COPY tasks TO 'x.csv'")


def test_every_table_primary_key_is_unique(seeds_out):
    """Each schema's PRIMARY_KEY names one row of ``gongwen run corpus/seeds corpus/dev`` (and of
    the whole corpus, measured when they were checked); ``bodies`` relies on it to write a body once."""
    tables = api.load(seeds_out)
    for name, module in TABLES.items():
        keys = tables[name][list(module.PRIMARY_KEY)]
        assert not keys.duplicated().any(), f"{name}: {keys[keys.duplicated(keep=False)].head().to_dict('records')}"


def test_issue_primary_key_holds_for_three_copies_of_one_file(tmp_path):
    """Two copies of one file give two W_DUPLICATE issues of the same document, both without a
    position: the copy named in the message tells them apart."""
    for name in ("a.txt", "b.txt", "c.txt"):
        shutil.copy(SEEDS / "000_f6227b0145fbc2ea.txt", tmp_path / name)
    issues = api.run(tmp_path)["issues"]
    duplicates = issues[issues["code"] == "W_DUPLICATE"]
    assert len(duplicates) == 2
    assert not issues[list(TABLES["issues"].PRIMARY_KEY)].duplicated().any()
