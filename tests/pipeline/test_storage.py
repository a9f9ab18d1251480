"""Storage: rows land in every format with their contract, and a failed write leaves the old output."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from pipeline.errors import SchemaError
from pipeline.storage import read_manifest, rows_to_arrow, write_output
from schemas import DocumentRow, FailureRow


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
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".staging")]


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


def test_storage_rows_to_arrow_uses_contract_types():
    table = rows_to_arrow("documents", [_doc()])
    assert str(table.schema.field("year").type) == "int64"
