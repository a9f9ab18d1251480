""":mod:`pipeline.ingest.tables`: Find task tables (序号 / 重点工作 / 牵头单位 …) in clean text and split them into cells.

Readers render tables as tab-led cells: either one line per row with cells
between tabs, or (Word copy-paste, DOCX reader) one ``\\t``-led line per cell,
rows separated by blank lines, a cell continuing on following lines.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from pipeline.document import Cell
from pipeline.vocab import load_toml


_RE_SPACES = re.compile(r"\s+")
_RE_LAST_BRACKETS = re.compile(r"[（(][^）)]*[）)]$")  # 牵头单位（部门）


@dataclass(frozen=True, slots=True)
class TableRow:
    cells: tuple[Cell, ...]
    start: int
    end: int


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _tab_blocks(text: str) -> list[tuple[int, int]]:
    """Spans of the text made of tab-led lines and their continuation lines."""
    blocks: list[tuple[int, int]] = []
    if "\t" not in text:  # no table (most circulars): no need to read it line by line
        return blocks
    start = end = None
    for m in re.finditer(r"^.*$", text, re.M):
        line = m.group()
        if "\t" in line:
            start = m.start() if start is None else start
            end = m.end()
        elif line.strip() and start is not None and end == m.start() - 1:
            end = m.end()  # a cell continued on the next line
        elif line.strip() and start is not None:
            blocks.append((start, end))
            start = end = None
    if start is not None:
        blocks.append((start, end))
    return blocks


def _rows_of_block(text: str, start: int, end: int) -> list[list[tuple[int, int]]]:
    """Rows of cell spans: tab-led cell lines (rows split by blank lines), else one row per line."""
    lines = list(re.finditer(r"^.*$", text[start:end], re.M))
    cell_led = sum(1 for m in lines if m.group().startswith("\t") and m.group().count("\t") == 1)
    rows: list[list[tuple[int, int]]] = []
    if cell_led >= 0.5 * sum(1 for m in lines if "\t" in m.group()):
        row: list[list[int]] = []
        for m in lines:
            line, pos = m.group(), start + m.start()
            if not line.strip() and not line.startswith("\t"):
                if row:
                    rows.append([_strip_span(text, a, b) for a, b in row])
                row = []
            elif line.startswith("\t"):
                row.append([pos + 1, pos + len(line)])
            elif row:
                row[-1][1] = pos + len(line)
        if row:
            rows.append([_strip_span(text, a, b) for a, b in row])
        return rows
    for m in lines:
        if "\t" not in m.group():
            continue
        pos, cells = start + m.start(), []
        for part in re.finditer(r"[^\t]*", m.group()):
            if part.start() and m.group()[part.start() - 1] != "\t" and part.group() == "":
                continue
            cells.append(_strip_span(text, pos + part.start(), pos + part.end()))
        rows.append(cells)
    return rows


def header_field(header: str) -> str:
    """The field a column heading names: number, title, body, date, or other (departments, people…).

    >>> header_field("序号"), header_field("重要工作"), header_field("时间\\n进度"), header_field("牵头\\n单位")
    ('number', 'title', 'date', 'other')
    """
    key = _RE_SPACES.sub("", header)
    key = _RE_LAST_BRACKETS.sub("", key)
    vocab = load_toml("pipeline", "structure.toml")["table"]
    for field in ("number", "title", "body", "date"):
        if key in vocab[field]:
            return field
    for field in ("title", "body", "date"):
        words = _heading_words(field)
        if key.startswith(words) or key.endswith(words):
            return field
    return "other"


@functools.cache
def _heading_words(field: str) -> tuple[str, ...]:
    """The words of a ``field`` heading a longer heading may start or end with (工作任务 → 任务): more than one character."""
    return tuple(w for w in load_toml("pipeline", "structure.toml")["table"][field] if len(w) > 1)


def _is_task_header(heads: list[str], fields: list[str]) -> bool:
    """A task table names who does it or when (a role or date column), or its text column is task
    wording (重点任务, 工作措施); a catalogue or form (序号 / 项目名称 / 规格 / 数量) is not a task table."""
    roles = load_toml("pipeline", "role_words.toml")["headings"]["task_table"]
    keys = [_RE_SPACES.sub("", h) for h in heads]
    if "date" in fields or any(w in key for key in keys for w in roles):
        return True
    task_words = load_toml("pipeline", "structure.toml")["task_table"]["task_words"]
    return any(w in key for key, f in zip(keys, fields) if f in ("title", "body") for w in task_words)


def other_table_cells(text: str, start: int, end: int, skip: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """``(cell start, cell end, row end)`` of the cells of tables in ``text[start:end]`` that are not task
    tables (rows in ``skip``), each once: a cell repeating the same column of the row above (a merged
    cell the reader wrote on every row) is left out."""
    found: list[tuple[int, int, int]] = []
    for block_start, block_end in _tab_blocks(text):
        if block_end <= start or block_start >= end:
            continue
        above: list[str] = []
        for cells in _rows_of_block(text, block_start, block_end):
            words = [text[a:b] for a, b in cells]
            for i, (a, b) in enumerate(cells):
                if b > a and start <= a < end and not any(x <= a < y for x, y in skip):
                    if not (i < len(above) and above[i] == words[i]):
                        found.append((a, b, cells[-1][1]))
            above = words
    return found


def _continues_row(text: str, typed: tuple[Cell, ...], above: tuple[Cell, ...] | None) -> bool:
    """A sub-row of the numbered row above: its number cell is empty, or repeats the number above (a
    merged 序号 cell the reader wrote on every row it spans)."""
    if above is None:
        return False
    number = next((c for c in typed if c.field == "number"), None)
    number_above = next((c for c in above if c.field == "number"), None)
    if number is None or number_above is None or number_above.char_end == number_above.char_start:
        return False
    value = _RE_SPACES.sub("", text[number.char_start : number.char_end])
    return value == "" or value == _RE_SPACES.sub("", text[number_above.char_start : number_above.char_end])


def _merge_rows(text: str, first: TableRow, sub: tuple[Cell, ...]) -> TableRow:
    """``first`` with the cells of its sub-row ``sub``; cells that only repeat a merged cell of the row
    (the number, the same task name) are left out."""
    seen = {(c.field, _RE_SPACES.sub("", text[c.char_start : c.char_end])) for c in first.cells if c.field in ("number", "title")}
    extra = tuple(
        c for c in sub
        if c.char_end > c.char_start
        and c.field != "number"
        and (c.field, _RE_SPACES.sub("", text[c.char_start : c.char_end])) not in seen
    )
    return TableRow(first.cells + extra, first.start, max(first.end, *(c.char_end for c in extra)) if extra else first.end)


def text_to_table_rows(text: str) -> list[TableRow]:
    """Every data row of every task table in ``text``, with its cells typed by their column heading.

    A row whose number cell is empty or repeats the number above continues the numbered row above
    (rowspan 序号 / 工作事项 cells, left empty or written on every row by the reader): its cells join
    that row, which stays one task.
    """
    found: list[TableRow] = []
    for block_start, block_end in _tab_blocks(text):
        header: list[str] | None = None
        above: tuple[Cell, ...] | None = None  # the cells of the last numbered row
        for cells in _rows_of_block(text, block_start, block_end):
            if header is None:
                heads = [text[a:b] for a, b in cells]
                fields = [header_field(h) for h in heads]
                if "number" in fields and ({"title", "body"} & set(fields)) and _is_task_header(heads, fields):
                    if "title" not in fields:  # the first text column names the task
                        fields[fields.index("body")] = "title"
                    header, header_fields = heads, fields
                continue
            if len(cells) < 2 or all(a == b for a, b in cells):
                continue
            typed = tuple(
                Cell(header[i] if i < len(header) else "", header_fields[i] if i < len(header) else "other", a, b)
                for i, (a, b) in enumerate(cells)
            )
            if found and _continues_row(text, typed, above):
                found[-1] = _merge_rows(text, found[-1], typed)
                continue
            non_empty = [c for c in typed if c.char_end > c.char_start]
            found.append(TableRow(typed, non_empty[0].char_start, non_empty[-1].char_end))
            above = typed
    return found
