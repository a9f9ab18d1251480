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
import functools
import json
import os
import secrets
import shutil
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import schemas
from pipeline.errors import SchemaError

if TYPE_CHECKING:  # pyarrow only to state the contract's schema: every file is written through DuckDB
    import pyarrow as pa

DUCKDB_NAME = "gongwen.duckdb"
MANIFEST_NAME = "manifest.json"
TEXT_DIR = "text"
SPOOL_DIR = ".spool"  # inside a snapshot: rows as JSON lines until the commit
STATE_DIR = ".gongwen"  # snapshots, the current link and the result cache
REPORT_MARKER = ".gongwen-report"  # in every folder `gongwen report` writes
CURRENT = "current"
SNAPSHOTS = "snapshots"
#: Tables finished at once by the commit of a small run, each on a DuckDB cursor of its own (a fixed
#: number, so that the commit's memory does not depend on the machine's cores) ...
COMMIT_THREADS = 2
#: ... a run of at most this many rows in all: a larger one finishes its tables one at a time, so its peak
#: memory is the largest table's alone (two large tables at once added 14 MB at 500 documents, for 0.08 s).
SMALL_COMMIT_ROWS = 5_000
#: The longest spooled JSON line DuckDB reads by default; a table with a longer line raises the limit to hold it.
SPOOL_LINE_BYTES = 16 << 20
#: What DuckDB may hold of a table's rows while it finishes the table, besides its JSON reader's buffer (twice
#: the longest line it reads): rows beyond it are written to the database file, and the commit's peak memory
#: stays flat in the batch size (at 500 documents the tables held 10 MB more than at 50) ...
COMMIT_ROWS_BYTES = 16 << 20
#: ... which holds the Parquet writer's row group too: rows are written in groups of about this much data.
PARQUET_ROW_GROUP_BYTES = 8 << 20
UTF8_BOM = b"\xef\xbb\xbf"
#: The column type DuckDB writes for each Python field type of a row (what ``schemas`` maps to Arrow).
SQL_TYPES = {str: "VARCHAR", int: "BIGINT", float: "DOUBLE", bool: "BOOLEAN"}


def table_schema(table: str) -> pa.Schema:
    """The columns a table is written with: its contract, then its typed DATE columns (``TYPED_DATES``)."""
    import pyarrow as pa

    schema = schemas.TABLES[table].ARROW_SCHEMA
    for name in getattr(schemas.TABLES[table], "TYPED_DATES", {}):
        schema = schema.append(pa.field(name, pa.date32()))
    return schema


def _columns(table: str) -> list[tuple[str, str, bool]]:
    """``(name, DuckDB type, nullable)`` of every column a table is written with: its contract, then
    its typed DATE columns (``TYPED_DATES``), as :func:`table_schema` gives them to Arrow."""
    module = schemas.TABLES[table]
    columns = [(name, SQL_TYPES[kind], nullable) for name, kind, nullable in schemas.field_types(module.ROW)]
    return columns + [(name, "DATE", True) for name in getattr(module, "TYPED_DATES", {})]


def _sql_name(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _typed_date_sql(source: str) -> str:
    """A DATE from an ISO text column, null where the text is not exactly a calendar date
    (``XXXX-06-30``, ``2026-02-30``, ``2026-6-30``): parsed, then printed back and compared."""
    day = f"TRY_STRPTIME({_sql_name(source)}, '%Y-%m-%d')"
    return f"CASE WHEN strftime({day}, '%Y-%m-%d') = {_sql_name(source)} THEN CAST({day} AS DATE) END"


def spool_lines(table: str, rows: Iterable[Any]) -> list[str]:
    """``rows`` (row dataclasses or dicts) of ``table`` as the spool's JSON lines, each checked against the contract.

    Made once per document, where the document is made (a pool worker): the result
    cache stores these lines and the writer appends them as they are.

    >>> from schemas import IssueRow
    >>> spool_lines("issues", [IssueRow("ab12", "W_NO_TASKS", "无任务", None, None)])
    ['{"doc_id": "ab12", "code": "W_NO_TASKS", "message": "无任务", "char_start": null, "char_end": null}\\n']

    Raises:
        SchemaError: a row breaks the contract.
    """
    rows = list(rows)
    problems = schemas.validate(table, rows)
    if problems:
        raise SchemaError("; ".join(problems[:5]))
    return [row_line(schemas.row_to_dict(row)) for row in rows]


def row_line(record: dict[str, Any]) -> str:
    """One row of the spool: its JSON object on one line."""
    return json.dumps(record, ensure_ascii=False) + "\n"


def output_names() -> list[str]:
    """Every name a user sees in OUT: the tables in both formats, the database, the manifest, the texts."""
    names = [f"{name}.{ext}" for name in schemas.TABLES for ext in ("parquet", "csv")]
    return [*names, DUCKDB_NAME, MANIFEST_NAME, TEXT_DIR]


class OutputWriter:
    """Stream one run's rows into a new snapshot of ``out``; :meth:`commit` publishes it atomically.

    Use as a context manager: leaving the block with an exception discards the
    snapshot and leaves ``out`` as it was::

        with OutputWriter(out) as writer:
            writer.add_document("a1b2", {"tasks": spool_lines("tasks", rows), …}, clean_text, source_text)
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
        self._count: dict[str, int] = {}  # table -> rows spooled
        self._database = None  # the snapshot's DuckDB connection, from :meth:`prepare` to the commit
        self._committed = False

    def __enter__(self) -> OutputWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if not self._committed:
            self.discard()
        if self._lock is not None:
            self._lock.close()

    def add_document(self, doc_id: str, lines: dict[str, list[str]], clean_text: str, source_text: str) -> None:
        """Queue one document's rows, as :func:`spool_lines` made them, and write its texts
        (``text/<doc_id>.txt`` and ``.source.txt``)."""
        (self.snapshot / TEXT_DIR / f"{doc_id}.txt").write_text(clean_text, encoding="utf-8")
        (self.snapshot / TEXT_DIR / f"{doc_id}.source.txt").write_text(source_text, encoding="utf-8")
        for name, table_lines in lines.items():
            self._write(name, table_lines)

    def add_failures(self, rows: Iterable[Any]) -> None:
        self._write("failures", spool_lines("failures", rows))

    def add_issues(self, rows: Iterable[Any]) -> None:
        """Issue rows of no document being added now (an input that repeats an earlier one)."""
        self._write("issues", spool_lines("issues", rows))

    def _write(self, name: str, lines: list[str]) -> None:
        """Append ``lines`` (rows checked and serialised by :func:`spool_lines`) to the table's spool.

        Rows are spooled, not held: memory stays flat however long the batch, and
        DuckDB reads them only at :meth:`commit` — by then a process pool has
        finished its documents and is stopping, so the parent's buffers do not
        add to the workers'. A ``DISTINCT``
        table (``bodies``) keeps the first row of each primary key.
        """
        if not lines:
            return
        if getattr(schemas.TABLES[name], "DISTINCT", False):
            lines = schemas.distinct_rows(name, [json.loads(line) for line in lines], self._seen.setdefault(name, set()))
            lines = [row_line(row) for row in lines]
        spool = self._spools.get(name)
        if spool is None:
            (self.snapshot / SPOOL_DIR).mkdir(exist_ok=True)
            spool = self._spools[name] = open(self.snapshot / SPOOL_DIR / f"{name}.jsonl", "w", encoding="utf-8")
        self._longest[name] = max(self._longest.get(name, 0), max(map(len, lines), default=0))
        self._count[name] = self._count.get(name, 0) + len(lines)
        spool.writelines(lines)

    def prepare(self) -> None:
        """Open the snapshot's database and create its tables and views, empty: all the commit needs but
        the rows. A short run calls this while its pool works, so DuckDB's import and start (about 0.05 s)
        overlap the workers' work; :meth:`commit` calls it otherwise (a second call does nothing)."""
        if self._database is not None:
            return
        import duckdb

        from pipeline.query import view_sql

        # one connection, to the snapshot's database, writes every file; one thread, rows written to the file
        # as each table is committed (a checkpoint past 1 MB of log) and a small buffer pool, which the commit
        # sets, spilling into the spool folder: a run's peak memory should not depend on how many cores the
        # machine has or how large the batch was
        (self.snapshot / SPOOL_DIR).mkdir(exist_ok=True)
        con = duckdb.connect(str(self.snapshot / DUCKDB_NAME), config={
            "threads": 1, "checkpoint_threshold": "1MB", "temp_directory": str(self.snapshot / SPOOL_DIR)})
        try:
            for name in schemas.TABLES:
                columns = ", ".join(f"{_sql_name(c)} {kind}" for c, kind, _ in _columns(name))
                con.execute(f"CREATE TABLE {_sql_name(name)} ({columns})")
            for statement in view_sql():
                con.execute(statement)
        except BaseException:
            con.close()
            raise
        self._database = con

    def _load_spool(self, con, name: str) -> None:
        """The table's spooled rows into its database table, read by DuckDB's JSON reader with the
        contract's column types, and its typed DATE columns made from their ISO text."""
        spool = self._spools.pop(name, None)
        if spool is not None:
            spool.close()
        if not self._count.get(name):
            return
        columns = _columns(name)
        typed = getattr(schemas.TABLES[name], "TYPED_DATES", {})
        read = {c: kind for c, kind, _ in columns if c not in typed}
        values = [_sql_name(c) for c in read] + [_typed_date_sql(source) for source in typed.values()]
        types = "{" + ", ".join(f"{_sql_text(c)}: {_sql_text(kind)}" for c, kind in read.items()) + "}"
        con.execute(f"INSERT INTO {_sql_name(name)} SELECT {', '.join(values)} FROM read_json("
                    f"{_sql_text(str(spool.name))}, format='newline_delimited', columns={types}, "
                    f"maximum_object_size={self._object_bytes(name)})")

    def _object_bytes(self, name: str) -> int:
        """The longest JSON line DuckDB's reader must hold of the table's spool: a character is at most 4 bytes
        of UTF-8."""
        return max(SPOOL_LINE_BYTES, 4 * self._longest.get(name, 0) + 1)

    def commit(self, manifest: dict[str, Any]) -> None:
        """Finish every file of the snapshot, then make it the current output in one rename.

        Raises:
            SchemaError: a queued row breaks its table's contract (``out`` is unchanged).
            OSError: the snapshot could not be written, e.g. the disk is full (``out`` is unchanged).
        """
        import duckdb

        self.prepare()
        con, self._database = self._database, None
        # the largest tables first, so the two threads end together
        names = sorted(schemas.TABLES, key=lambda name: -self._count.get(name, 0))
        at_once = COMMIT_THREADS if sum(self._count.values()) <= SMALL_COMMIT_ROWS else 1
        buffer = 2 * max(map(self._object_bytes, names))
        try:
            con.execute(f"SET memory_limit = '{at_once * (buffer + COMMIT_ROWS_BYTES)}B'")
            with ThreadPoolExecutor(at_once, thread_name_prefix="gongwen-commit") as threads:
                for _ in threads.map(functools.partial(self._finish_table, con), names):
                    pass
            con.execute("CHECKPOINT")
        except duckdb.IOException as exc:  # the disk is full: an OSError, as Arrow raised it and the CLI reports it
            raise OSError(str(exc)) from exc
        finally:
            con.close()
        shutil.rmtree(self.snapshot / SPOOL_DIR, ignore_errors=True)
        (self.snapshot / MANIFEST_NAME).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        state = self.out / STATE_DIR
        _replace_link(state / CURRENT, f"{SNAPSHOTS}/{self.snapshot.name}")  # the commit point
        self._committed = True
        tidy(self.out)

    def _finish_table(self, con, name: str) -> None:
        """One table's spooled rows into its database table, and that table as Parquet and CSV: on a
        cursor of its own, so that another thread finishes another table meanwhile (DuckDB works
        without the GIL)."""
        with con.cursor() as cursor:
            self._load_spool(cursor, name)
            _table_to_parquet(cursor, name, self.snapshot / f"{name}.parquet")
            _table_to_csv(cursor, name, self.snapshot / f"{name}.csv")

    def discard(self) -> None:
        """Drop the unfinished snapshot; ``out`` keeps the previous output."""
        if self._database is not None:
            self._database.close()
            self._database = None
        for spool in self._spools.values():
            spool.close()
        self._spools.clear()
        shutil.rmtree(self.snapshot, ignore_errors=True)


def _table_to_parquet(con, table: str, parquet: Path) -> None:
    """The database table as Parquet with the contract's nullability: DuckDB writes a column as required
    when it holds no null (the contract's non-null ones never do), so a nullable one is kept optional by a
    pass-through CASE, whose NULL branch it cannot rule out."""
    kept = ", ".join(f"CASE WHEN {_sql_name(c)} IS NULL THEN NULL ELSE {_sql_name(c)} END AS {_sql_name(c)}"
                     if nullable else _sql_name(c) for c, _, nullable in _columns(table))
    con.execute(f"COPY (SELECT {kept} FROM {_sql_name(table)}) TO {_sql_text(str(parquet))} "
                f"(FORMAT parquet, ROW_GROUP_SIZE_BYTES {PARQUET_ROW_GROUP_BYTES})")


def _table_to_csv(con, table: str, csv: Path) -> None:
    """The database table as UTF-8 CSV with a BOM (so Excel opens Chinese text correctly), spelled as Arrow's
    CSV writer spelled it: the header and every text quoted, nulls empty, whole floats without ``.0`` (``100``,
    so pandas still reads such a column as integers). Text a spreadsheet would run as a formula gets a
    ``'`` before it (``'=1+1``; Parquet and DuckDB keep it as it is).

    DuckDB writes the rows (none for an empty table) into a file of their own; the BOM and the header go
    before them here."""
    columns = [(name, kind) for name, kind, _ in _columns(table)]
    texts = ", ".join(_sql_name(name) for name, kind in columns if kind == "VARCHAR")
    cells = ", ".join(f"{_csv_cell(name, kind)} AS {_sql_name(name)}" for name, kind in columns)
    rows = csv.with_name(f".{csv.name}.rows")
    try:
        con.execute(f"COPY (SELECT {cells} FROM {_sql_name(table)}) TO {_sql_text(str(rows))} "
                    f"(FORMAT csv, HEADER false, FORCE_QUOTE ({texts}))")
        with open(csv, "wb") as sink, open(rows, "rb") as written:
            sink.write(UTF8_BOM + (",".join(f'"{name}"' for name, _ in columns) + "\n").encode("utf-8"))
            shutil.copyfileobj(written, sink, 1 << 20)
    finally:
        rows.unlink(missing_ok=True)


def _csv_cell(name: str, kind: str) -> str:
    """The SQL of a column's CSV cells: :func:`pipeline.query.spreadsheet_safe` on text, Arrow's spelling of floats."""
    from pipeline.query import FORMULA_TRIGGERS

    column = _sql_name(name)
    if kind == "VARCHAR":
        formula = "^[" + "".join("\\" + ch if ch in "\\]^-" else ch for ch in FORMULA_TRIGGERS) + "]"
        return f"CASE WHEN regexp_matches({column}, {_sql_text(formula)}) THEN '''' || {column} ELSE {column} END"
    if kind == "DOUBLE":
        whole = f"isfinite({column}) AND {column} = trunc({column}) AND abs({column}) < 1e15"
        return f"CASE WHEN {whole} THEN CAST(CAST({column} AS BIGINT) AS VARCHAR) ELSE CAST({column} AS VARCHAR) END"
    return column


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
            writer._write(name, spool_lines(name, rows))
        writer.commit(manifest)


def has_output(out: Path) -> bool:
    """Whether ``out`` holds a committed output (its ``current`` link)."""
    return (Path(out) / STATE_DIR / CURRENT).is_symlink()


def read_manifest(out: Path) -> dict[str, Any]:
    return json.loads((Path(out) / MANIFEST_NAME).read_text(encoding="utf-8"))
