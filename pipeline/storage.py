""":mod:`pipeline.storage`: Land a run's rows as Parquet, CSV and DuckDB; the only stage that writes files."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv  # noqa: F401  (registers pyarrow.csv)
import pyarrow.parquet as pq

import schemas
from pipeline.errors import SchemaError

DUCKDB_NAME = "gongwen.duckdb"
MANIFEST_NAME = "manifest.json"
TEXT_DIR = "text"


def rows_to_arrow(table: str, rows: Iterable[Any]) -> pa.Table:
    """An arrow table of ``rows`` in the table's contract.

    Raises:
        SchemaError: a row breaks the contract.
    """
    rows = list(rows)
    problems = schemas.validate(table, rows)
    if problems:
        raise SchemaError("; ".join(problems[:5]))
    module = schemas.TABLES[table]
    records = [dataclasses.asdict(r) if dataclasses.is_dataclass(r) else dict(r) for r in rows]
    return pa.Table.from_pylist(records, schema=module.ARROW_SCHEMA)


def _write_csv(table: pa.Table, path: Path) -> None:
    """UTF-8 with a BOM, so Excel opens Chinese text correctly."""
    frame = table.to_pandas()
    frame.to_csv(path, index=False, encoding="utf-8-sig")


def _write_duckdb(tables: dict[str, pa.Table], path: Path) -> None:
    import duckdb

    from pipeline.query import view_sql

    con = duckdb.connect(str(path))
    try:
        for name, arrow in tables.items():
            con.register("staged", arrow)
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM staged')
            con.unregister("staged")
        for statement in view_sql():
            con.execute(statement)
    finally:
        con.close()


def write_output(
    out: Path,
    tables: dict[str, list[Any]],
    texts: dict[str, tuple[str, str]],
    manifest: dict[str, Any],
) -> None:
    """Write every table (Parquet, CSV, DuckDB), the texts and the manifest into ``out``.

    Everything is first written to a staging folder inside ``out``; files then
    replace their old versions one by one with :func:`os.replace`, so a crash
    never leaves a half-written file, and ``manifest.json`` is replaced last.
    ``texts`` maps doc_id to ``(clean text, source text)``.
    """
    out.mkdir(parents=True, exist_ok=True)
    arrow = {name: rows_to_arrow(name, tables.get(name, [])) for name in schemas.TABLES}
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out))
    try:
        (staging / TEXT_DIR).mkdir()
        for doc_id, (clean, source) in texts.items():
            (staging / TEXT_DIR / f"{doc_id}.txt").write_text(clean, encoding="utf-8")
            (staging / TEXT_DIR / f"{doc_id}.source.txt").write_text(source, encoding="utf-8")
        for name, table in arrow.items():
            pq.write_table(table, staging / f"{name}.parquet")
            _write_csv(table, staging / f"{name}.csv")
        _write_duckdb(arrow, staging / DUCKDB_NAME)
        (staging / MANIFEST_NAME).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")

        (out / TEXT_DIR).mkdir(exist_ok=True)
        keep = set()
        for path in (staging / TEXT_DIR).iterdir():
            os.replace(path, out / TEXT_DIR / path.name)
            keep.add(path.name)
        for stale in (out / TEXT_DIR).iterdir():
            if stale.name not in keep:
                stale.unlink()
        for path in sorted(staging.iterdir(), key=lambda p: p.name == MANIFEST_NAME):
            if path.is_file():
                os.replace(path, out / path.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


#: Tables whose rows belong to one document and can be carried over by an incremental run.
DOCUMENT_TABLES = ("documents", "sections", "tasks", "departments", "quotas", "dates", "issues")


@dataclass
class PreviousRun:
    """What an earlier run left in an output folder, for reusing unchanged documents."""

    out: Path
    fingerprint: str | None
    inputs: dict[str, tuple[str, str]]  # path -> (sha256, doc_id) of processed inputs
    rows: dict[str, dict[str, list[dict]]]  # doc_id -> table -> rows
    n_failed: int = 0  # inputs that failed in that run

    def reusable(self, path: str, digest: str, fingerprint: str) -> tuple[str, dict[str, list[dict]], str, str] | None:
        """``(doc_id, rows per table, clean text, source text)`` when ``path`` is unchanged since that run."""
        known = self.inputs.get(path)
        if fingerprint != self.fingerprint or known is None or known[0] != digest or known[1] not in self.rows:
            return None
        doc_id = known[1]
        try:
            clean = (self.out / TEXT_DIR / f"{doc_id}.txt").read_text(encoding="utf-8")
            source = (self.out / TEXT_DIR / f"{doc_id}.source.txt").read_text(encoding="utf-8")
        except OSError:
            return None
        tables = {name: self.rows[doc_id].get(name, []) for name in DOCUMENT_TABLES}
        return doc_id, tables, clean, source


def read_previous(out: Path) -> PreviousRun | None:
    """The previous run in ``out``, or None when there is none or it cannot be read whole."""
    try:
        manifest = read_manifest(out)
        rows: dict[str, dict[str, list[dict]]] = {}
        for name in DOCUMENT_TABLES:
            for row in pq.read_table(out / f"{name}.parquet").to_pylist():
                rows.setdefault(row["doc_id"], {}).setdefault(name, []).append(row)
    except (OSError, ValueError, KeyError, pa.ArrowException):
        return None
    inputs = {
        entry["path"]: (entry["sha256"], entry["doc_id"])
        for entry in manifest.get("inputs", [])
        if entry.get("status") in ("processed", "unchanged") and "sha256" in entry
    }
    n_failed = sum(1 for entry in manifest.get("inputs", []) if entry.get("status") == "failed")
    return PreviousRun(out, manifest.get("fingerprint"), inputs, rows, n_failed)


def read_manifest(out: Path) -> dict[str, Any]:
    return json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
