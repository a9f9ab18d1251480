"""Storage: rows land in every format with their contract, and a failed write leaves the old output."""

from __future__ import annotations

import errno
import os

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline.errors import OutputBusy, SchemaError
from pipeline.run.storage import OutputWriter, read_manifest, spool_lines, table_schema, write_output
from schemas import TABLES, DocumentRow, FailureRow


def _doc(doc_id: str = "abc") -> DocumentRow:
    return DocumentRow(doc_id, "a.txt", "txt", "标题", None, None, None, 2026, "simplified", 10, "utf-8", 0)


def test_storage_round_trip(tmp_path):
    write_output(tmp_path, {"documents": [_doc()], "failures": [FailureRow("b.txt", "E_EMPTY", "file is empty")]},
                 {"abc": ("清洁文本", "源文本")}, {"run": 1})
    assert pd.read_parquet(tmp_path / "documents.parquet")["title"].tolist() == ["标题"]
    assert pd.read_csv(tmp_path / "failures.csv", encoding="utf-8-sig")["code"].tolist() == ["E_EMPTY"]
    con = duckdb.connect(str(tmp_path / "gongwen.duckdb"), read_only=True)
    assert con.execute("SELECT year FROM documents").fetchone() == (2026,)
    assert con.execute("SELECT count(*) FROM tasks").fetchone() == (0,)  # empty tables still exist
    assert (tmp_path / "text" / "abc.txt").read_text(encoding="utf-8") == "清洁文本"
    assert read_manifest(tmp_path) == {"run": 1}


def test_storage_rerun_replaces_and_drops_stale_texts(tmp_path):
    write_output(tmp_path, {"documents": [_doc("old")]}, {"old": ("a", "a")}, {})
    write_output(tmp_path, {"documents": [_doc("new")]}, {"new": ("b", "b")}, {})
    assert sorted(p.name for p in (tmp_path / "text").iterdir()) == ["new.source.txt", "new.txt"]
    assert pd.read_parquet(tmp_path / "documents.parquet")["doc_id"].tolist() == ["new"]


def test_storage_schema_violation_keeps_previous_output(tmp_path):
    write_output(tmp_path, {"documents": [_doc("good")]}, {}, {"v": 1})
    bad = DocumentRow("bad", "a.txt", "txt", None, None, None, None, "2026", "simplified", 1, None, 0)  # year as str
    with pytest.raises(SchemaError, match="year"):
        write_output(tmp_path, {"documents": [bad]}, {}, {"v": 2})
    assert pd.read_parquet(tmp_path / "documents.parquet")["doc_id"].tolist() == ["good"]
    assert read_manifest(tmp_path) == {"v": 1}


def test_storage_parquet_has_the_contract_schema_whatever_the_rows(tmp_path):
    """Types and nullability as the contract says, for a table with rows and for empty ones: DuckDB, which
    writes the files, would mark a column required wherever this batch happens to hold no null (issuer)."""
    full = DocumentRow("abc", "a.txt", "txt", "标题", "市政府", "×政发〔2026〕1号", "2026-02-18", 2026, "simplified",
                       10, "utf-8", 0)
    write_output(tmp_path, {"documents": [full]}, {}, {})
    for name in TABLES:
        assert pq.read_schema(tmp_path / f"{name}.parquet") == table_schema(name), name


def test_storage_csv_quotes_formulas_and_spells_values_as_before(tmp_path):
    """Text a spreadsheet would run gets a ``'`` (Parquet keeps it as it is); whole floats lose ``.0``, as
    Arrow's CSV writer wrote them, so pandas reads the same column types back."""
    from schemas import QuotaRow

    rows = [QuotaRow("t1", "abc", "=HYPERLINK(1)", 3.0, None, "-家", None, "@市场主体", 1, 2),
            QuotaRow("t2", "abc", "98%以上", 0.5, 1e20, "%", "min", "\t制表", 3, 4)]
    write_output(tmp_path, {"quotas": rows}, {}, {})
    lines = (tmp_path / "quotas.csv").read_bytes().decode("utf-8").splitlines()
    assert lines == ['\ufeff"task_id","doc_id","text","value","value_max","unit","qualifier","subject",'
                     '"char_start","char_end"',
                     '"t1","abc","\'=HYPERLINK(1)",3,,"\'-家",,"\'@市场主体",1,2',
                     '"t2","abc","98%以上",0.5,1e+20,"%","min","\'\t制表",3,4']
    assert pq.read_table(tmp_path / "quotas.parquet").column("text").to_pylist() == ["=HYPERLINK(1)", "98%以上"]


# --- snapshots: the output changes in one step ------------------------------------------------

def test_storage_files_are_stable_links_into_the_current_snapshot(tmp_path):
    write_output(tmp_path, {"documents": [_doc("one")]}, {"one": ("a", "a")}, {"v": 1})
    first = os.readlink(tmp_path / ".gongwen" / "current")
    write_output(tmp_path, {"documents": [_doc("two")]}, {"two": ("b", "b")}, {"v": 2})
    second = os.readlink(tmp_path / ".gongwen" / "current")
    assert first != second
    assert os.readlink(tmp_path / "tasks.parquet") == ".gongwen/current/tasks.parquet"
    # the earlier snapshot is gone once the new one is current
    assert [p.name for p in (tmp_path / ".gongwen" / "snapshots").iterdir()] == [second.split("/")[-1]]


def test_storage_replaces_the_files_of_an_older_layout(tmp_path):
    (tmp_path / "tasks.parquet").write_bytes(b"old")  # a plain file, as gongwen 0.1 wrote
    (tmp_path / "text").mkdir()
    (tmp_path / "text" / "stale.txt").write_text("x")
    write_output(tmp_path, {"documents": [_doc()]}, {"abc": ("a", "a")}, {})
    assert (tmp_path / "tasks.parquet").is_symlink() and (tmp_path / "text").is_symlink()
    assert sorted(p.name for p in (tmp_path / "text").iterdir()) == ["abc.source.txt", "abc.txt"]


@pytest.mark.parametrize("stage", [
    "pipeline.run.storage._table_to_parquet",  # the disk fills while the Parquet files are written
    "pipeline.run.storage._table_to_csv",      # ... while the CSV copies are written
    "pipeline.run.storage._replace_link",       # ... at the very commit (the rename itself fails)
])
def test_storage_disk_full_keeps_previous_output(tmp_path, monkeypatch, stage):
    write_output(tmp_path, {"documents": [_doc("good")]}, {"good": ("a", "a")}, {"v": 1})

    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(stage, no_space)
    with pytest.raises(OSError, match="No space"):
        write_output(tmp_path, {"documents": [_doc("new")]}, {"new": ("b", "b")}, {"v": 2})
    assert pd.read_parquet(tmp_path / "documents.parquet")["doc_id"].tolist() == ["good"]
    assert read_manifest(tmp_path) == {"v": 1}
    assert len(list((tmp_path / ".gongwen" / "snapshots").iterdir())) == 1  # the failed snapshot is removed


def test_storage_streams_rows_in_order_and_reads_long_lines(tmp_path):
    """Rows are spooled as they come and read back in order; a line longer than the JSON reader's
    default limit (DuckDB reads lines of up to about 32 MB by default; here a 标题 of 12 million characters,
    36 MB of UTF-8) is read whole."""
    long_title = "标题" * 6_000_000
    docs = [_doc(f"d{i}") for i in range(7)]
    docs.append(DocumentRow("long", "a.txt", "txt", long_title, None, None, None, 2026, "simplified", 10, "utf-8", 0))
    with OutputWriter(tmp_path) as writer:
        for doc in docs:
            writer.add_document(doc.doc_id, {"documents": spool_lines("documents", [doc])}, "t", "s")
        writer.commit({})
    assert pq.read_table(tmp_path / "documents.parquet").column("doc_id").to_pylist() == [d.doc_id for d in docs]
    csv = pd.read_csv(tmp_path / "documents.csv", encoding="utf-8-sig")
    assert csv["doc_id"].tolist() == [d.doc_id for d in docs] and csv["title"].iloc[-1] == long_title
    assert not (tmp_path / ".gongwen" / "current" / ".spool").exists()  # the spool is not published


def test_storage_commit_holds_more_rows_than_its_memory_limit(tmp_path):
    """A large run finishes its tables one at a time under a memory limit of the JSON reader's buffer and
    ``COMMIT_ROWS_BYTES`` of rows: 8,000 issues of 1,500 characters (36 MB of UTF-8, more than the limit)
    are written to the database file and to Parquet in groups, not refused for memory, and keep their order."""
    from schemas import IssueRow

    from pipeline.run.storage import COMMIT_ROWS_BYTES, SMALL_COMMIT_ROWS

    rows = [IssueRow(f"d{i}", "W_NO_TASKS", f"{i:05d}" + "无任务" * 500, None, None) for i in range(8_000)]
    assert len(rows) > SMALL_COMMIT_ROWS and len(rows) * 1_500 * 3 > COMMIT_ROWS_BYTES
    with OutputWriter(tmp_path) as writer:
        writer.add_issues(rows)
        writer.commit({})
    with duckdb.connect(str(tmp_path / "gongwen.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*), min(message) = first(message) FROM issues").fetchone() == (8_000, True)
    parquet = pq.ParquetFile(tmp_path / "issues.parquet")
    assert parquet.read().column("doc_id").to_pylist() == [row.doc_id for row in rows]
    assert parquet.metadata.num_row_groups > 1  # the writer held one group of rows at a time, not the table


def test_storage_spool_round_trips_every_type(tmp_path):
    """Text with quotes and newlines, nulls, booleans, floats given as ints: the same values come back."""
    from schemas import QuotaRow

    row = QuotaRow(*[_sample(f) for f in QuotaRow.__dataclass_fields__.values()])
    write_output(tmp_path, {"quotas": [row]}, {}, {})
    back = pq.read_table(tmp_path / "quotas.parquet").to_pylist()[0]
    assert back == {name: getattr(row, name) for name in QuotaRow.__dataclass_fields__}


def _sample(field):
    """A tricky value for a field of the given annotation."""
    kind = str(field.type)
    if "None" in kind:
        return None
    return {"str": '引号"与\n换行\\', "int": 7, "float": 3, "bool": True}[kind]


def test_storage_second_writer_is_refused_while_one_runs(tmp_path):
    with OutputWriter(tmp_path) as writer:
        with pytest.raises(OutputBusy, match="another gongwen run"):
            OutputWriter(tmp_path)
        writer.commit({})
    OutputWriter(tmp_path).discard()  # free again once the first has finished


@pytest.mark.issue(13)
def test_dates_have_typed_date_columns_beside_the_text(tmp_path):
    """date_start/date_end are strings (``XXXX-06-30``), so DuckDB and pandas could not compute with them:
    start_date/end_date are DATE columns, null where the year is unknown; the text columns stay."""
    import datetime as dt

    from schemas import DateRow

    rows = [DateRow("t1", "abc", "2026年6月底前", "deadline", None, "2026-06-30", False, 0, 9),
            DateRow("t1", "abc", "全年", "period", "2026-01-01", "2026-12-31", False, 10, 12),
            DateRow("t2", "abc", "6月底前", "deadline", None, "XXXX-06-30", False, 20, 25)]
    write_output(tmp_path, {"documents": [_doc()], "dates": rows}, {}, {})
    frame = pd.read_parquet(tmp_path / "dates.parquet")
    assert frame["date_end"].tolist() == ["2026-06-30", "2026-12-31", "XXXX-06-30"]  # what the scorer reads
    assert frame["end_date"].tolist()[:2] == [dt.date(2026, 6, 30), dt.date(2026, 12, 31)]
    assert pd.isna(frame["end_date"][2]) and pd.isna(frame["start_date"][0])
    assert (pd.to_datetime(frame["end_date"]) - pd.Timestamp("2026-01-01")).dt.days.tolist()[:2] == [180, 364]
    con = duckdb.connect(str(tmp_path / "gongwen.duckdb"), read_only=True)
    assert con.execute("SELECT typeof(end_date) FROM dates LIMIT 1").fetchone() == ("DATE",)
    assert con.execute("SELECT max(end_date - start_date) FROM dates").fetchone() == (364,)
    assert con.execute("SELECT count(*) FROM dates WHERE end_date IS NULL").fetchone() == (1,)
