""":mod:`pipeline.export`: Turn an output folder's database into an Excel workbook for analysts."""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import schemas
from pipeline.query import FORMULA_TRIGGERS, connect
from pipeline.vocab import load_toml

#: The first sheet, holding the ``task_overview`` view; the tables follow, one sheet each.
OVERVIEW_SHEET = "overview"
#: Columns that hold ISO dates (``XXXX`` for an unknown year) or DATE values; real dates become Excel dates.
DATE_COLUMNS = frozenset({"issue_date", "date_start", "date_end", "start_date", "end_date", "first_deadline"})
DATE_FORMAT = "yyyy-mm-dd"
DEFAULT_MIN_WIDTH = 6
DEFAULT_MAX_WIDTH = 60
#: Rows looked at when sizing a column.
DEFAULT_WIDTH_SAMPLE = 500
HEADER_LANGUAGES = ("en", "zh")

RE_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
# Control characters that the xlsx format cannot hold (openpyxl's ILLEGAL_CHARACTERS_RE).
RE_ILLEGAL_XML = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def headers_zh() -> dict[str, dict[str, str]]:
    """``pipeline/data/headers_zh.toml``, parsed: ``{"columns": {...}, "<sheet>": {...}}``."""
    return load_toml("pipeline", "headers_zh.toml")


def header_for(sheet: str, column: str, *, language: str = "en") -> str:
    """The header of ``column`` on ``sheet``: the column name, or its Chinese name.

    >>> header_for("overview", "lead_departments", language="zh")
    '牵头部门'
    >>> header_for("tasks", "title", language="zh"), header_for("documents", "title", language="zh")
    ('任务', '文件标题')
    """
    if language == "en":
        return column
    mapping = headers_zh()
    return mapping.get(sheet, {}).get(column) or mapping["columns"].get(column, column)


def iso_to_date(value: Any) -> Any:
    """A :class:`datetime.date` for a real ISO date; anything else (``XXXX-12-31``) unchanged.

    >>> iso_to_date("2026-06-30"), iso_to_date("XXXX-06-30"), iso_to_date("2026-02-30")
    (datetime.date(2026, 6, 30), 'XXXX-06-30', '2026-02-30')
    """
    if not isinstance(value, str):
        return value
    match = RE_ISO_DATE.match(value)
    if not match:
        return value
    try:
        return dt.date(*map(int, match.groups()))
    except ValueError:
        return value


def display_width(value: Any) -> int:
    """Columns a value takes on screen; wide (CJK) characters count twice.

    >>> display_width("牵头部门"), display_width("lead")
    (8, 4)
    """
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def sheets_of(db_path: Path) -> dict[str, tuple[list[str], list[tuple]]]:
    """Columns and rows of the overview and of every table, by sheet name, in workbook order."""
    con = connect(db_path)
    try:
        sheets = {}
        for sheet, source in [(OVERVIEW_SHEET, "task_overview"), *((t, t) for t in schemas.TABLES)]:
            cursor = con.execute(f'SELECT * FROM "{source}"')
            sheets[sheet] = ([d[0] for d in cursor.description], cursor.fetchall())
        return sheets
    finally:
        con.close()


def _cell(column: str, value: Any) -> Any:
    if value is None:
        return None
    if column in DATE_COLUMNS:
        return iso_to_date(value)
    if isinstance(value, str):
        return RE_ILLEGAL_XML.sub("", value)
    return value


def db_to_xlsx(db_path: Path, xlsx_path: Path, *, headers: str = "en") -> dict[str, int]:
    """Write the overview and every table of ``db_path`` to ``xlsx_path``; rows per sheet.

    The header row is frozen and filterable, columns are sized to their content,
    and real dates are Excel dates. The file is replaced atomically.

    Raises:
        ValueError: ``headers`` is not one of :data:`HEADER_LANGUAGES`.
        ImportError: openpyxl is not installed.
    """
    if headers not in HEADER_LANGUAGES:
        raise ValueError(f"headers must be one of {', '.join(HEADER_LANGUAGES)}, got {headers!r}")
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    counts = {}
    bold = Font(bold=True)
    for sheet, (columns, rows) in sheets_of(db_path).items():
        ws = workbook.create_sheet(sheet)
        ws.append([header_for(sheet, c, language=headers) for c in columns])
        for cell in ws[1]:
            cell.font = bold
        for row in rows:
            ws.append([_cell(c, v) for c, v in zip(columns, row)])
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_TRIGGERS):
                    cell.data_type, cell.quotePrefix = "s", True  # text, not a formula, even after an edit
        for i, column in enumerate(columns, start=1):
            letter = get_column_letter(i)
            if column in DATE_COLUMNS:
                for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                    if isinstance(cell.value, dt.date):
                        cell.number_format = DATE_FORMAT
            sample = [ws.cell(1, i).value, *(r[i - 1] for r in rows[:DEFAULT_WIDTH_SAMPLE])]
            width = max(display_width(v) for v in sample) + 2
            ws.column_dimensions[letter].width = max(DEFAULT_MIN_WIDTH, min(DEFAULT_MAX_WIDTH, width))
        ws.freeze_panes = "A2"
        if columns:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(1, len(rows) + 1)}"
        counts[sheet] = len(rows)
    xlsx_path.parent.mkdir(parents=True, exist_ok=True)
    fd, staged = tempfile.mkstemp(prefix=".export-", suffix=".xlsx", dir=xlsx_path.parent)
    os.close(fd)
    try:
        workbook.save(staged)
        os.replace(staged, xlsx_path)
    finally:
        if os.path.exists(staged):
            os.unlink(staged)
    return counts
