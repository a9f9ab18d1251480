""":mod:`pipeline.query`: Read an output folder's DuckDB file safely: analyst views, read-only SQL, the schema."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

#: Connection settings for analysts' SQL: no files outside the database, no extensions,
#: and the configuration cannot be changed back from inside a query.
SAFE_CONFIG = {"enable_external_access": False, "lock_configuration": True}

#: One row per task, with its document, departments by role, first deadline and quotas.
TASK_OVERVIEW_SQL = """
WITH dept AS (
    SELECT task_id, role, name, min(char_start) AS first_at
    FROM departments
    GROUP BY task_id, role, name
),
roles AS (
    SELECT task_id,
           string_agg(name, '、' ORDER BY first_at) FILTER (WHERE role = 'lead') AS lead_departments,
           string_agg(name, '、' ORDER BY first_at) FILTER (WHERE role = 'support') AS support_departments,
           string_agg(name, '、' ORDER BY first_at) FILTER (WHERE role = 'responsible') AS responsible_departments
    FROM dept
    GROUP BY task_id
),
deadlines AS (
    SELECT task_id, min(date_end) AS first_deadline
    FROM dates
    WHERE kind = 'deadline' AND date_end IS NOT NULL
    GROUP BY task_id
),
quota_text AS (
    SELECT task_id, string_agg(text, '；' ORDER BY char_start) AS quotas
    FROM quotas
    GROUP BY task_id
)
SELECT t.doc_id,
       d.title AS document_title,
       d.year,
       t.task_id,
       t.seq,
       t.section,
       t.number,
       t.title,
       r.lead_departments,
       r.support_departments,
       r.responsible_departments,
       dl.first_deadline,
       q.quotas
FROM tasks AS t
LEFT JOIN documents AS d USING (doc_id)
LEFT JOIN roles AS r USING (task_id)
LEFT JOIN deadlines AS dl USING (task_id)
LEFT JOIN quota_text AS q USING (task_id)
ORDER BY d.source_path, t.seq
"""

#: How many distinct tasks each body carries, per role and document year: ``name`` is the body's
#: canonical name (安徽省经济和信息化厅 for 省经信厅 in an Anhui circular), or the printed one.
DEPARTMENT_LOAD_SQL = """
SELECT coalesce(b.canonical, dp.name) AS name,
       dp.role,
       d.year,
       count(DISTINCT dp.task_id) AS tasks,
       dp.body_id,
       b.jurisdiction,
       b.level,
       b.kind
FROM departments AS dp
LEFT JOIN documents AS d USING (doc_id)
LEFT JOIN bodies AS b USING (body_id)
GROUP BY ALL
ORDER BY tasks DESC, name, dp.role, d.year
"""

#: The views every output database carries, by name.
VIEWS = {"task_overview": TASK_OVERVIEW_SQL, "department_load": DEPARTMENT_LOAD_SQL}

#: Statement types an analyst may run; everything else is refused before it reaches DuckDB.
ALLOWED_STATEMENTS = frozenset({"SELECT"})

#: Why a statement is refused, by its first keyword (a fallback names the statement type).
REFUSALS = {
    "COPY": "COPY reads or writes files",
    "ATTACH": "ATTACH opens another database",
    "DETACH": "DETACH changes the attached databases",
    "INSTALL": "INSTALL downloads an extension",
    "LOAD": "LOAD loads an extension",
    "EXPORT": "EXPORT writes files",
    "IMPORT": "IMPORT reads files",
    "CREATE": "CREATE changes the database",
    "INSERT": "INSERT changes the database",
    "UPDATE": "UPDATE changes the database",
    "DELETE": "DELETE changes the database",
    "DROP": "DROP changes the database",
    "ALTER": "ALTER changes the database",
    "SET": "SET changes settings",
    "PRAGMA": "PRAGMA runs a command",
    "CALL": "CALL runs a procedure",
}


class QueryRefused(ValueError):
    """A statement that could write, read outside the database or change settings."""


def view_sql(*, temporary: bool = False) -> list[str]:
    """``CREATE VIEW`` statements for :data:`VIEWS`, in order.

    >>> [s.split(" AS")[0] for s in view_sql()]
    ['CREATE OR REPLACE VIEW task_overview', 'CREATE OR REPLACE VIEW department_load']
    """
    kind = "TEMP VIEW" if temporary else "VIEW"
    return [f"CREATE OR REPLACE {kind} {name} AS {sql.strip()}" for name, sql in VIEWS.items()]


def check_sql(sql: str) -> None:
    """Refuse anything but one read-only statement.

    Raises:
        QueryRefused: names the reason, e.g. "COPY reads or writes files".

    >>> check_sql("SELECT count(*) FROM tasks")
    >>> check_sql("COPY tasks TO 'x.csv'")
    Traceback (most recent call last):
    ...
    pipeline.query.QueryRefused: refused: COPY reads or writes files; only SELECT queries are allowed
    """
    import duckdb

    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryRefused(f"cannot parse the query: {str(exc).splitlines()[0]}") from exc
    if not statements:
        raise QueryRefused("the query is empty")
    if len(statements) > 1:
        raise QueryRefused("one statement at a time, please")
    statement = statements[0]
    if statement.type.name in ALLOWED_STATEMENTS:
        return
    words = statement.query.split(None, 1)
    keyword = words[0].upper() if words else statement.type.name
    reason = REFUSALS.get(keyword) or REFUSALS.get(statement.type.name) or f"{keyword} is not a query"
    raise QueryRefused(f"refused: {reason}; only SELECT queries are allowed")


def connect(db_path: Path):
    """A read-only connection to an output database that cannot touch other files.

    Databases written before the views existed get them as temporary views.
    """
    import duckdb

    unlocked = {k: v for k, v in SAFE_CONFIG.items() if k != "lock_configuration"}
    con = duckdb.connect(str(db_path), read_only=True, config=unlocked)
    con.execute("SET enable_progress_bar = false")  # a session setting: rows, not a bar, on the terminal
    con.execute("SET lock_configuration = true")
    present = {row[0] for row in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    for name, statement in zip(VIEWS, view_sql(temporary=True)):
        if name not in present:
            con.execute(statement)
    return con


#: Rows fetched from DuckDB at a time: a result is streamed in batches, never held whole.
FETCH_ROWS = 10_000


@contextlib.contextmanager
def open_query(db_path: Path, sql: str) -> Iterator[tuple[list[str], Iterator[list[tuple[Any, ...]]]]]:
    """Column names and the rows of one checked, read-only ``sql`` statement, in batches of
    :data:`FETCH_ROWS` (DuckDB streams the result: memory holds one batch, however many rows).

    Raises:
        QueryRefused: the statement is not a plain query.
        duckdb.Error: DuckDB refused or failed it (e.g. reading a file), also while rows are fetched.
    """
    check_sql(sql)
    con = connect(db_path)
    try:
        cursor = con.execute(sql)
        yield [d[0] for d in cursor.description or ()], iter(lambda: cursor.fetchmany(FETCH_ROWS), [])
    finally:
        con.close()


def run_sql(db_path: Path, sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Column names and all rows of one checked, read-only ``sql`` statement (see :func:`open_query`)."""
    with open_query(db_path, sql) as (columns, batches):
        return columns, [row for batch in batches for row in batch]


def schema_of(db_path: Path) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """``(name, "table" | "view", [(column, type), …])`` for every table and view, tables first."""
    con = connect(db_path)
    try:
        rows = con.execute(
            """
            SELECT c.table_name, t.table_type, c.column_name, c.data_type
            FROM information_schema.columns AS c
            JOIN information_schema.tables AS t USING (table_catalog, table_schema, table_name)
            ORDER BY t.table_type, c.table_name, c.ordinal_position
            """
        ).fetchall()
    finally:
        con.close()
    order = _table_order()
    found: dict[str, tuple[str, list[tuple[str, str]]]] = {}
    for table, table_type, column, data_type in rows:
        kind = "view" if "VIEW" in table_type.upper() else "table"
        found.setdefault(table, (kind, []))[1].append((column, data_type))
    names = sorted(found, key=lambda n: (found[n][0] != "table", order.get(n, len(order)), n))
    return [(name, found[name][0], found[name][1]) for name in names]


def _table_order() -> dict[str, int]:
    import schemas

    return {name: i for i, name in enumerate([*schemas.TABLES, *VIEWS])}


#: Characters that drive a terminal rather than print (C0 but tab and newline, DEL, C1, bidi overrides).
RE_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(value: Any) -> Any:
    r"""Text with its control characters shown as escapes (``\x1b``), so a cell cannot clear the screen
    or move the cursor; anything but text as it is.

    >>> terminal_safe("a\x1b[2Jb\u202e"), terminal_safe(3)
    ('a\\x1b[2Jb\\u202e', 3)
    """
    if not isinstance(value, str) or not RE_CONTROL.search(value):
        return value
    return RE_CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", value)


#: First characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection): such text is
#: written as text — in the workbook as a string cell with Excel's quote prefix, in CSV after a ``'``.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """Text a spreadsheet would run as a formula with a ``'`` before it (OWASP); anything else as it is.

    >>> print(spreadsheet_safe("=1+1"), spreadsheet_safe("@SUM(A1)"), spreadsheet_safe("市财政局"), spreadsheet_safe(-3))
    '=1+1 '@SUM(A1) 市财政局 -3
    """
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS) else value


#: Widest cell of ``--format table``, in screen columns (CJK characters count twice).
DEFAULT_CELL_WIDTH = 40


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _clip(text: str, width: int) -> str:
    if _width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        if used + _width(ch) > width - 1:
            break
        out.append(ch)
        used += _width(ch)
    return "".join(out) + "…"


def _table_lines(columns: list[str], batches: Iterable[list[tuple]], cell_width: int) -> Iterator[str]:
    """An aligned text table, batch by batch: the first batch sets the column widths (at most
    ``cell_width``), later cells are clipped to them."""
    widths = None

    def line(values):
        return "  ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths)).rstrip() + "\n"

    for batch in batches:
        cells = [[_clip(terminal_safe("" if v is None else str(v).replace("\n", " ")), cell_width) for v in row]
                 for row in batch]
        if widths is None:
            widths = [max([_width(c), *(_width(r[i]) for r in cells)]) for i, c in enumerate(columns)]
            yield line(columns) + line(["-" * w for w in widths])
        yield "".join(line([_clip(c, w) for c, w in zip(r, widths)]) for r in cells)
    if widths is None:  # no rows
        widths = [_width(c) for c in columns]
        yield line(columns) + line(["-" * w for w in widths])


def _csv_value(value: Any) -> Any:
    return spreadsheet_safe(terminal_safe(value)) if value.__class__ is str else value


def write_rows(columns: list[str], batches: Iterable[list[tuple]], fmt: str, write: Callable[[str], Any], *,
               cell_width: int = DEFAULT_CELL_WIDTH) -> None:
    """Rows as an aligned text table, CSV or a JSON list of objects, handed to ``write`` batch by batch;
    control characters escaped (:func:`terminal_safe`) and, in CSV, formulas neutralised
    (:func:`spreadsheet_safe`)."""
    if fmt == "json":
        write("[")
        for i, batch in enumerate(batches):
            text = json.dumps([dict(zip(columns, row)) for row in batch], ensure_ascii=False, default=str)[1:-1]
            write((", " if i else "") + RE_CONTROL.sub(lambda m: f"\\u{ord(m[0]):04x}", text))  # JSON escapes C0 itself
        write("]\n")
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        for batch in batches:
            if any(v.__class__ is str for row in batch for v in row):
                batch = [[_csv_value(v) for v in row] for row in batch]
            writer.writerows(batch)
            write(buffer.getvalue())
            buffer.seek(0)
            buffer.truncate()
        write(buffer.getvalue())
    else:
        for text in _table_lines(columns, batches, cell_width):
            write(text)


def format_rows(columns: list[str], rows: list[tuple], fmt: str = "table") -> str:
    """:func:`write_rows` into one string.

    >>> print(format_rows(["部门", "tasks"], [("市财政局", 3)], "table"), end="")
    部门      tasks
    --------  -----
    市财政局  3
    >>> print(format_rows(["name", "tasks"], [("市财政局", 3)], "json"), end="")
    [{"name": "市财政局", "tasks": 3}]
    """
    parts: list[str] = []
    write_rows(columns, [rows] if rows else [], fmt, parts.append)
    return "".join(parts)


def format_schema(schema: list[tuple[str, str, list[tuple[str, str]]]], fmt: str = "table") -> str:
    """What :func:`schema_of` found, as text (one block per table or view), CSV or JSON."""
    flat = [(name, kind, column, data_type) for name, kind, cols in schema for column, data_type in cols]
    if fmt in ("csv", "json"):
        return format_rows(["name", "kind", "column", "type"], flat, fmt)
    blocks = []
    for name, kind, cols in schema:
        width = max(len(c) for c, _ in cols)
        blocks.append(f"{name} ({kind})\n" + "".join(f"  {c:{width}}  {t}\n" for c, t in cols))
    return "\n".join(blocks)
