""":mod:`pipeline.run.storage`: Land a run's rows as Parquet, CSV and DuckDB; the only stage that writes files.

An output folder holds *snapshots*; the files a user opens are stable links
into the current one::

    OUT/tasks.parquet -> .gongwen/current/tasks.parquet
    OUT/.gongwen/current -> snapshots/20261121T101500-4242-1a2b
    OUT/.gongwen/snapshots/20261121T101500-4242-1a2b/{tasks.parquet, tasks.csv, …, text/}

:class:`OutputWriter` spools rows into a new snapshot as they come (memory does
not grow with the corpus) and :meth:`OutputWriter.commit` makes it current by
replacing the one ``current`` link with :func:`os.replace` — a single atomic
rename, so a run killed at any moment leaves the previous output whole, and a
reader never sees half of one run and half of another. Snapshots left by a
killed run are removed by the next commit. (The guarantee is against the
process dying; files are not fsynced, so after a power cut the file system's
own ordering applies.) One run at a time writes to an output folder: a second
one fails at once with :class:`~pipeline.errors.OutputBusy`.
"""

from __future__ import annotations

import fcntl
import json
import os
import secrets
import shutil
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import schemas
from pipeline.errors import SchemaError

if TYPE_CHECKING:  # pyarrow is imported where rows are written: a run with nothing to do never pays for it
    import pyarrow as pa

DUCKDB_NAME = "gongwen.duckdb"
MANIFEST_NAME = "manifest.json"
TEXT_DIR = "text"
SPOOL_DIR = ".spool"  # inside a snapshot: rows as JSON lines until the commit
STATE_DIR = ".gongwen"  # snapshots, the current link and the result cache
REPORT_MARKER = ".gongwen-report"  # in every folder `gongwen report` writes
CURRENT = "current"
SNAPSHOTS = "snapshots"
#: Bytes of spooled JSON lines parsed at a time when the Parquet files are built (~ one row group);
#: a table with a longer line gets a block that holds its longest line (Arrow needs whole lines).
SPOOL_BLOCK_BYTES = 1 << 20
UTF8_BOM = b"\xef\xbb\xbf"


def rows_to_arrow(table: str, rows: Iterable[Any], *, validate: bool = True) -> pa.Table:
    """An arrow table of ``rows`` (row dataclasses or dicts) in the table's contract.

    Raises:
        SchemaError: a row breaks the contract (unless ``validate=False``: rows checked before).
    """
    import pyarrow as pa

    rows = list(rows)
    problems = schemas.validate(table, rows) if validate else []
    if problems:
        raise SchemaError("; ".join(problems[:5]))
    module = schemas.TABLES[table]
    names = module.ARROW_SCHEMA.names
    columns = {name: [_field(r, name) for r in rows] for name in names}
    return _with_typed_dates(table, pa.Table.from_pydict(columns, schema=module.ARROW_SCHEMA))


def table_schema(table: str) -> pa.Schema:
    """The columns a table is written with: its contract, then its typed DATE columns (``TYPED_DATES``)."""
    import pyarrow as pa

    schema = schemas.TABLES[table].ARROW_SCHEMA
    for name in getattr(schemas.TABLES[table], "TYPED_DATES", {}):
        schema = schema.append(pa.field(name, pa.date32()))
    return schema


def _with_typed_dates(table: str, data):
    """``data`` (an Arrow table or record batch) with the table's typed DATE columns appended: each
    ISO text column as a date, null where it is not a calendar date (``XXXX-06-30``, ``2026-02-30``).

    Only Arrow-built values here (``pa.nulls``), no Python ones: converting a Python object
    (``pa.scalar``, ``pa.array``) makes pyarrow import pandas (0.3 s) to check whether it is a Series."""
    import pyarrow as pa
    import pyarrow.compute as pc

    for name, source in getattr(schemas.TABLES[table], "TYPED_DATES", {}).items():
        text = data.column(source)
        day = pc.cast(pc.strptime(text, format="%Y-%m-%d", unit="s", error_is_null=True), pa.date32())
        exact = pc.equal(pc.strftime(day, format="%Y-%m-%d"), text)  # strptime rolls 02-30 over to 03-02
        data = data.append_column(pa.field(name, pa.date32()), pc.if_else(exact, day, pa.nulls(len(day), pa.date32())))
    return data


def load_writer_modules() -> None:
    """Import what :meth:`OutputWriter.commit` needs (Arrow's Parquet, JSON, CSV and compute modules, DuckDB).

    A run calls this while its process pool finishes the last documents, so these imports
    (about a third of a one-document run) overlap the workers' work instead of following it.
    """
    import duckdb  # noqa: F401
    import pyarrow.compute  # noqa: F401
    import pyarrow.csv  # noqa: F401
    import pyarrow.json  # noqa: F401
    import pyarrow.parquet  # noqa: F401


def _field(row: Any, name: str) -> Any:
    return row[name] if isinstance(row, dict) else getattr(row, name)


def output_names() -> list[str]:
    """Every name a user sees in OUT: the tables in both formats, the database, the manifest, the texts."""
    names = [f"{name}.{ext}" for name in schemas.TABLES for ext in ("parquet", "csv")]
    return [*names, DUCKDB_NAME, MANIFEST_NAME, TEXT_DIR]


class OutputWriter:
    """Stream one run's rows into a new snapshot of ``out``; :meth:`commit` publishes it atomically.

    Use as a context manager: leaving the block with an exception discards the
    snapshot and leaves ``out`` as it was::

        with OutputWriter(out) as writer:
            writer.add_document("a1b2", {"tasks": rows, …}, clean_text, source_text)
            writer.add_failures([FailureRow("x.pdf", "E_ENCRYPTED", "…")])
            writer.commit(manifest)
    """

    def __init__(self, out: Path, *, lock: bool = True) -> None:
        self.out = Path(out)
        snapshots = self.out / STATE_DIR / SNAPSHOTS
        snapshots.mkdir(parents=True, exist_ok=True)
        self._lock = lock_output(self.out) if lock else None
        name = f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{secrets.token_hex(2)}"
        self.snapshot = snapshots / name
        (self.snapshot / TEXT_DIR).mkdir(parents=True)
        self._spools: dict[str, Any] = {}  # table -> open JSON-lines file of its rows so far
        self._seen: dict[str, set] = {}  # table -> keys written, for tables kept distinct (bodies)
        self._longest: dict[str, int] = {}  # table -> characters of its longest spooled line
        self._committed = False

    def __enter__(self) -> OutputWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if not self._committed:
            self.discard()
        if self._lock is not None:
            self._lock.close()

    def add_document(self, doc_id: str, tables: dict[str, list[Any]], clean_text: str, source_text: str) -> None:
        """Queue one document's rows and write its texts (``text/<doc_id>.txt`` and ``.source.txt``)."""
        (self.snapshot / TEXT_DIR / f"{doc_id}.txt").write_text(clean_text, encoding="utf-8")
        (self.snapshot / TEXT_DIR / f"{doc_id}.source.txt").write_text(source_text, encoding="utf-8")
        for name, rows in tables.items():
            self._add(name, rows)

    def add_failures(self, rows: Iterable[Any]) -> None:
        self._add("failures", rows)

    def add_issues(self, rows: Iterable[Any]) -> None:
        """Issue rows of no document being added now (an input that repeats an earlier one)."""
        self._add("issues", rows)

    def _add(self, name: str, rows: Iterable[Any]) -> None:
        """Check ``rows`` against the table's contract and append them to its spool, one JSON line each.

        Rows are spooled, not held: memory stays flat however long the batch, and
        pyarrow is not even loaded until :meth:`commit` — by then a process pool
        has finished, so the parent's Arrow buffers never add to the workers'.

        Raises:
            SchemaError: a row breaks the contract (nothing of the run is published).
        """
        rows = list(rows)
        if not rows:
            return
        problems = schemas.validate(name, rows)
        if problems:
            raise SchemaError("; ".join(problems[:5]))
        rows = schemas.distinct_rows(name, rows, self._seen.setdefault(name, set()))
        spool = self._spools.get(name)
        if spool is None:
            (self.snapshot / SPOOL_DIR).mkdir(exist_ok=True)
            spool = self._spools[name] = open(self.snapshot / SPOOL_DIR / f"{name}.jsonl", "w", encoding="utf-8")
        lines = [json.dumps(schemas.row_to_dict(row), ensure_ascii=False) + "\n" for row in rows]
        self._longest[name] = max(self._longest.get(name, 0), max(map(len, lines), default=0))
        spool.writelines(lines)

    def _spooled_to_parquet(self, name: str) -> None:
        """The table's spooled rows as Parquet (an empty table too), streamed through Arrow's JSON reader
        in blocks of about ``SPOOL_BLOCK_BYTES``: C++ parsing, and memory bounded by the block, not the table."""
        import pyarrow as pa
        import pyarrow.json  # noqa: F401  (registers pa.json)
        import pyarrow.parquet as pq

        spool = self._spools.pop(name, None)
        target = self.snapshot / f"{name}.parquet"
        schema = schemas.TABLES[name].ARROW_SCHEMA
        with pq.ParquetWriter(target, table_schema(name)) as writer:
            if spool is None:  # not schema.empty_table(): that imports pandas (see _with_typed_dates)
                empty = table_schema(name)
                writer.write_batch(pa.RecordBatch.from_arrays([pa.nulls(0, f.type) for f in empty], schema=empty))
                return
            spool.close()
            # a character is at most 4 bytes of UTF-8: the block holds the longest line whole
            block = max(SPOOL_BLOCK_BYTES, 4 * self._longest.get(name, 0) + 1)
            reader = pa.json.open_json(
                spool.name,
                read_options=pa.json.ReadOptions(block_size=block),
                parse_options=pa.json.ParseOptions(explicit_schema=schema, unexpected_field_behavior="error"),
            )
            for batch in reader:  # the reader's fields are all nullable; the contract's are not
                batch = pa.RecordBatch.from_arrays(batch.select(schema.names).columns, schema=schema)
                writer.write_batch(_with_typed_dates(name, batch))

    def commit(self, manifest: dict[str, Any]) -> None:
        """Finish every file of the snapshot, then make it the current output in one rename.

        Raises:
            SchemaError: a queued row breaks its table's contract (``out`` is unchanged).
            OSError: the snapshot could not be written, e.g. the disk is full (``out`` is unchanged).
        """
        for name in schemas.TABLES:
            self._spooled_to_parquet(name)
            _parquet_to_csv(self.snapshot / f"{name}.parquet", self.snapshot / f"{name}.csv")
        shutil.rmtree(self.snapshot / SPOOL_DIR, ignore_errors=True)
        _parquet_to_duckdb(self.snapshot, self.snapshot / DUCKDB_NAME)
        (self.snapshot / MANIFEST_NAME).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        state = self.out / STATE_DIR
        _replace_link(state / CURRENT, f"{SNAPSHOTS}/{self.snapshot.name}")  # the commit point
        self._committed = True
        tidy(self.out)

    def discard(self) -> None:
        """Drop the unfinished snapshot; ``out`` keeps the previous output."""
        for spool in self._spools.values():
            spool.close()
        self._spools.clear()
        shutil.rmtree(self.snapshot, ignore_errors=True)


def _parquet_to_csv(parquet: Path, csv: Path) -> None:
    """The table as UTF-8 CSV with a BOM (so Excel opens Chinese text correctly), one row group at a time;
    text a spreadsheet would run as a formula gets a ``'`` before it (Parquet and DuckDB keep it as it is)."""
    import pyarrow as pa
    import pyarrow.csv  # noqa: F401  (registers pa.csv)
    import pyarrow.parquet as pq

    source = pq.ParquetFile(parquet)
    with open(csv, "wb") as sink:
        sink.write(UTF8_BOM)
        with pa.csv.CSVWriter(sink, source.schema_arrow) as writer:
            for i in range(source.num_row_groups):
                writer.write_table(_spreadsheet_safe(source.read_row_group(i)))


def _spreadsheet_safe(table: pa.Table) -> pa.Table:
    """:func:`pipeline.query.spreadsheet_safe` on every text column, in Arrow: one anchored regex
    replacement (no Python string is turned into an Arrow scalar, which would import pandas)."""
    import re

    import pyarrow as pa
    import pyarrow.compute as pc

    from pipeline.query import FORMULA_TRIGGERS

    pattern = "^([" + re.escape("".join(FORMULA_TRIGGERS)) + "])"
    for i, field in enumerate(table.schema):
        if pa.types.is_string(field.type):
            quoted = pc.replace_substring_regex(table.column(i), pattern=pattern, replacement="'\\1", max_replacements=1)
            table = table.set_column(i, field, quoted)
    return table


def _parquet_to_duckdb(snapshot: Path, path: Path) -> None:
    """A DuckDB file with every table (read from the snapshot's Parquet, streaming) and the views."""
    import duckdb

    from pipeline.query import view_sql

    # one thread and a small buffer pool: the tables are small, and a run's peak memory should not
    # depend on how many cores the machine has or how large the batch was
    con = duckdb.connect(str(path), config={"threads": 1, "memory_limit": "256MB"})
    try:
        for name in schemas.TABLES:
            source = str(snapshot / f"{name}.parquet").replace("'", "''")
            con.execute(f"CREATE TABLE \"{name}\" AS SELECT * FROM read_parquet('{source}')")
        for statement in view_sql():
            con.execute(statement)
        con.execute("CHECKPOINT")
    finally:
        con.close()


def _replace_link(link: Path, target: str) -> None:
    """Point ``link`` at ``target`` atomically: a new link under a temporary name renamed over it."""
    temporary = link.with_name(f".{link.name}.{secrets.token_hex(4)}")
    os.symlink(target, temporary)
    try:
        os.replace(temporary, link)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise


def _ensure_link(path: Path, target: str) -> None:
    """Make ``OUT/<name>`` the stable link into the current snapshot (replacing a file of an older layout)."""
    if path.is_symlink() and os.readlink(path) == target:
        return
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    _replace_link(path, target)


def lock_output(out: Path):
    """An exclusive lock on ``out`` held while the returned file stays open.

    Raises:
        OutputBusy: another run holds it.
    """
    from pipeline.errors import OutputBusy

    (Path(out) / STATE_DIR).mkdir(parents=True, exist_ok=True)
    handle = open(Path(out) / STATE_DIR / "lock", "a+b")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise OutputBusy(f"another gongwen run is writing to {out}") from None
    return handle


def tidy(out: Path) -> None:
    """Finish what a commit does after its atomic step (also repairs a run killed just then):
    the stable links in ``out`` and the removal of every snapshot but the current one."""
    for name in output_names():
        _ensure_link(Path(out) / name, f"{STATE_DIR}/{CURRENT}/{name}")
    remove_stale_snapshots(out)


def remove_stale_snapshots(out: Path) -> None:
    """Delete every snapshot but the current one (those of earlier runs and of runs that were killed)."""
    state = Path(out) / STATE_DIR
    try:
        current = os.readlink(state / CURRENT).split("/")[-1]
    except OSError:
        return
    for snapshot in (state / SNAPSHOTS).iterdir():
        if snapshot.name != current:
            shutil.rmtree(snapshot, ignore_errors=True)
    for leftover in state.glob(f".{CURRENT}.*"):
        leftover.unlink(missing_ok=True)


def write_output(
    out: Path,
    tables: dict[str, list[Any]],
    texts: dict[str, tuple[str, str]],
    manifest: dict[str, Any],
) -> None:
    """Write whole tables (rows held in memory) and texts into ``out`` as one snapshot.

    ``texts`` maps doc_id to ``(clean text, source text)``. For a stream of
    documents use :class:`OutputWriter` directly.
    """
    with OutputWriter(out) as writer:
        for doc_id, (clean, source) in texts.items():
            writer.add_document(doc_id, {}, clean, source)
        for name, rows in tables.items():
            writer._add(name, rows)
        writer.commit(manifest)


def has_output(out: Path) -> bool:
    """Whether ``out`` holds a committed output (its ``current`` link)."""
    return (Path(out) / STATE_DIR / CURRENT).is_symlink()


def read_manifest(out: Path) -> dict[str, Any]:
    return json.loads((Path(out) / MANIFEST_NAME).read_text(encoding="utf-8"))
