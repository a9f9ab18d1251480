"""Analyst SQL: the views storage writes, and `gongwen query` that reads but never writes or escapes."""

from __future__ import annotations

import csv
import io
import json
import shutil

import duckdb
import pandas as pd
import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.query import (
    SAFE_CONFIG,
    VIEWS,
    QueryRefused,
    check_sql,
    connect,
    run_sql,
    schema_of,
)
from schemas import TABLES



def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])




@pytest.fixture(scope="module")
def overview(seeds_out):
    columns, rows = run_sql(seeds_out / "gongwen.duckdb", "SELECT * FROM task_overview")
    return pd.DataFrame.from_records(rows, columns=columns)


def test_query_views_are_stored_in_the_database(seeds_out):
    con = duckdb.connect(str(seeds_out / "gongwen.duckdb"), read_only=True)
    views = {row[0] for row in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    assert views == set(VIEWS)


def test_query_task_overview_one_row_per_task(seeds_out, overview):
    tasks = pd.read_parquet(seeds_out / "tasks.parquet")
    assert len(overview) == len(tasks)
    assert overview["task_id"].is_unique
    assert list(overview.columns) == [
        "doc_id", "document_title", "year", "task_id", "seq", "section", "number", "title",
        "lead_departments", "support_departments", "responsible_departments", "first_deadline", "quotas",
    ]
    documents = pd.read_parquet(seeds_out / "documents.parquet").set_index("doc_id")
    for row in overview.itertuples():
        assert row.document_title == documents.loc[row.doc_id, "title"]


@pytest.mark.parametrize("role", ["lead", "support", "responsible"])
def test_query_task_overview_departments_by_role(seeds_out, overview, role):
    departments = pd.read_parquet(seeds_out / "departments.parquet")
    mine = departments[departments["role"] == role].sort_values("char_start")
    expected = mine.groupby("task_id")["name"].agg(lambda names: "、".join(dict.fromkeys(names)))
    got = overview.set_index("task_id")[f"{role}_departments"].dropna()
    assert got.to_dict() == expected.to_dict()


def test_query_task_overview_first_deadline_and_quotas(seeds_out, overview):
    dates = pd.read_parquet(seeds_out / "dates.parquet")
    deadlines = dates[(dates["kind"] == "deadline") & dates["date_end"].notna()].groupby("task_id")["date_end"].min()
    assert overview.set_index("task_id")["first_deadline"].dropna().to_dict() == deadlines.to_dict()
    quotas = pd.read_parquet(seeds_out / "quotas.parquet").sort_values("char_start")
    expected = quotas.groupby("task_id")["text"].agg("；".join)
    assert overview.set_index("task_id")["quotas"].dropna().to_dict() == expected.to_dict()


# fmt: off
KNOWN_TASKS = [
    # 002: a task-table circular; lead and support from separate columns
    ("fc120e60b6bf1517", "2", "认证部", "认可部、实验室部、国际部、科标部"),
    ("fc120e60b6bf1517", "4", "认可部", "科标部"),
]
# fmt: on


@pytest.mark.parametrize("doc_id, number, lead, support", KNOWN_TASKS)
def test_query_task_overview_known_rows(overview, doc_id, number, lead, support):
    row = overview[(overview["doc_id"] == doc_id) & (overview["number"] == number)].iloc[0]
    assert (row["lead_departments"], row["support_departments"]) == (lead, support)


def test_query_department_load_counts_distinct_tasks(seeds_out):
    departments = pd.read_parquet(seeds_out / "departments.parquet")
    documents = pd.read_parquet(seeds_out / "documents.parquet")[["doc_id", "year"]]
    merged = departments.merge(documents, on="doc_id", how="left")
    expected = merged.groupby(["body_id", "role", "year"], dropna=False)["task_id"].nunique()
    columns, rows = run_sql(seeds_out / "gongwen.duckdb", "SELECT * FROM department_load")
    assert columns == ["name", "role", "year", "tasks", "body_id", "jurisdiction", "level", "kind"]
    assert len(rows) == len(expected)
    assert sum(r[3] for r in rows) == expected.sum()
    assert rows[0][3] == max(r[3] for r in rows)  # busiest first


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_query_cli_formats(seeds_out, fmt):
    sql = "SELECT name, tasks FROM department_load WHERE role = 'lead' ORDER BY tasks DESC, name LIMIT 3"
    result = invoke("query", seeds_out, sql, "--format", fmt)
    assert result.exit_code == 0, result.output
    _, rows = run_sql(seeds_out / "gongwen.duckdb", sql)
    if fmt == "json":
        assert json.loads(result.output) == [{"name": n, "tasks": t} for n, t in rows]
    elif fmt == "csv":
        assert list(csv.reader(io.StringIO(result.output))) == [["name", "tasks"], *([n, str(t)] for n, t in rows)]
    else:
        lines = result.output.splitlines()
        assert lines[0].split() == ["name", "tasks"] and set(lines[1]) <= {"-", " "}
        assert [line.split() for line in lines[2:]] == [[n, str(t)] for n, t in rows]


def test_query_cli_schema_lists_tables_and_views(seeds_out):
    result = invoke("query", seeds_out, "--schema")
    assert result.exit_code == 0, result.output
    for name in [*TABLES, *VIEWS]:
        assert f"\n{name} (" in "\n" + result.output
    assert "task_overview (view)" in result.output and "lead_departments" in result.output
    names = [name for name, _, _ in schema_of(seeds_out / "gongwen.duckdb")]
    assert names == [*TABLES, *VIEWS]
    as_json = json.loads(invoke("query", seeds_out, "--schema", "--format", "json").output)
    assert {"name": "department_load", "kind": "view", "column": "tasks", "type": "BIGINT"} in as_json


# fmt: off
REFUSED = [
    ("COPY tasks TO '{tmp}/tasks.csv'", "COPY"),
    ("COPY tasks FROM '{tmp}/tasks.csv'", "COPY"),
    ("ATTACH '{tmp}/other.duckdb' AS other", "ATTACH"),
    ("INSTALL httpfs", "INSTALL"),
    ("LOAD httpfs", "LOAD"),
    ("EXPORT DATABASE '{tmp}/dump'", "EXPORT"),
    ("CREATE TABLE t AS SELECT 1", "CREATE"),
    ("CREATE TEMP VIEW v AS SELECT 1", "CREATE"),    # temp objects would work read-only; still refused
    ("INSERT INTO tasks SELECT * FROM tasks", "INSERT"),
    ("UPDATE tasks SET title = ''", "UPDATE"),
    ("DELETE FROM tasks", "DELETE"),
    ("DROP TABLE tasks", "DROP"),
    ("ALTER TABLE tasks ADD COLUMN x INT", "ALTER"),
    ("SET enable_external_access = true", "SET"),
    ("  copy tasks to '{tmp}/lower.csv'", "COPY"),      # case and leading space do not matter
    ("SELECT 1; COPY tasks TO '{tmp}/second.csv'", "one statement"),  # a second statement is not hidden
]
# fmt: on


@pytest.mark.parametrize("sql, reason", REFUSED, ids=[r[0].split()[0].upper() + str(i) for i, r in enumerate(REFUSED)])
def test_query_cli_refuses_statements(seeds_out, tmp_path, sql, reason):
    sql = sql.format(tmp=tmp_path)
    result = invoke("query", seeds_out, sql)
    assert result.exit_code == 1
    message = result.output.strip()
    assert message.startswith("Error: ") and "\n" not in message
    assert reason in message
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []  # nothing was written
    with pytest.raises(QueryRefused):
        check_sql(sql)


# fmt: off
FILE_READS = [
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM read_text('/etc/passwd')",
    "SELECT * FROM '/etc/passwd'",                    # replacement scan of a path
    "SELECT * FROM read_parquet('{out}/tasks.parquet')",  # even the output folder's own files
]
# fmt: on


@pytest.mark.parametrize("sql", FILE_READS)
def test_query_cli_cannot_read_files(seeds_out, sql):
    result = invoke("query", seeds_out, sql.format(out=seeds_out))
    assert result.exit_code == 1
    assert "root:" not in result.output
    assert result.output.startswith("Error: ") and "Traceback" not in result.output


def test_query_connection_configuration_is_locked(seeds_out):
    con = connect(seeds_out / "gongwen.duckdb")
    with pytest.raises(duckdb.Error, match="locked"):
        con.execute("SET enable_external_access = true")
    assert con.execute("SELECT current_setting('enable_external_access')").fetchone() == (False,)
    assert SAFE_CONFIG["lock_configuration"] is True


def test_query_old_database_gets_temporary_views(seeds_out, tmp_path):
    old = tmp_path / "gongwen.duckdb"
    shutil.copy(seeds_out / "gongwen.duckdb", old)
    con = duckdb.connect(str(old))
    for name in VIEWS:
        con.execute(f"DROP VIEW {name}")
    con.close()
    _, rows = run_sql(old, "SELECT count(*) FROM task_overview")
    assert rows[0][0] == len(pd.read_parquet(seeds_out / "tasks.parquet"))


def test_query_cli_usage_errors(seeds_out, tmp_path):
    assert invoke("query", seeds_out).exit_code == 2  # neither SQL nor --schema
    assert invoke("query", seeds_out, "SELECT 1", "--schema").exit_code == 2
    missing = invoke("query", tmp_path, "SELECT 1")
    assert missing.exit_code == 1 and "no gongwen.duckdb" in missing.output
    bad = invoke("query", seeds_out, "SELECT * FROM nowhere")
    assert bad.exit_code == 1 and "nowhere" in bad.output and "Traceback" not in bad.output


def test_query_views_exist_when_tables_are_empty(tmp_path):
    from pipeline.run.storage import write_output

    write_output(tmp_path, {}, {}, {})
    for name in VIEWS:
        columns, rows = run_sql(tmp_path / "gongwen.duckdb", f"SELECT * FROM {name}")
        assert columns and rows == []


@pytest.mark.issue(13)
def test_query_error_keeps_duckdbs_hint(seeds_out):
    """Only the first line of DuckDB's message was shown, so its "Did you mean" hint was lost."""
    result = invoke("query", seeds_out, "SELECT * FROM task")
    assert result.exit_code == 1
    assert "Table with name task does not exist" in result.output and 'Did you mean "tasks' in result.output


@pytest.mark.issue(13)
def test_query_streams_rows_instead_of_holding_them(seeds_out):
    """``range(10000000)`` took 3.3 GB: every row was fetched into one list, then one string. Rows are
    fetched and written in batches; the child's peak memory stays far below what ten million rows take."""
    import subprocess
    import sys

    measure = (  # the child's rows go to /dev/null; its peak resident memory comes back
        "import resource, subprocess, sys\n"
        "done = subprocess.run([sys.executable, '-m', 'pipeline', 'query', *sys.argv[1:], '--format', 'csv'],"
        " stdout=subprocess.DEVNULL)\n"
        "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)\n"
    )
    out = subprocess.run([sys.executable, "-c", measure, str(seeds_out), "SELECT * FROM range(10000000)"],
                         capture_output=True, text=True, check=True)
    status, peak_mb = map(int, out.stdout.split())
    assert status == 0, out.stderr
    assert peak_mb < 400, f"query held the rows: {peak_mb} MB"  # fetchall: about 1 GB of tuples, then the text
    head = invoke("query", seeds_out, "SELECT * FROM range(25000) ORDER BY range", "--format", "csv")
    assert head.output.splitlines() == ["range", *map(str, range(25000))]  # batches join seamlessly
