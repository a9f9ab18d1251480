""":mod:`pipeline.show`: One document in the terminal, for ``gongwen show``: a header and a table of its tasks.

:func:`render` takes the DataFrames of :func:`pipeline.api.load` and a selector
(a doc_id or its prefix, a source path, or a file name prefix) and returns rich
renderables; nothing is printed here.

Example::

    from rich.console import Console
    from pipeline import api, show

    Console().print(*show.render(api.load("outputs/"), "002_7a1c"))
"""

from __future__ import annotations

from pathlib import Path, PurePath

import pandas as pd
from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from pipeline.query import terminal_safe
from pipeline.report.values import KIND_ZH, ROLE_ZH, date_label, quota_label, text_or

#: Colours of department roles, dates and quotas (as in the HTML report).
STYLES = {"lead": "bold red", "support": "blue", "responsible": "magenta", "date": "yellow", "quota": "green"}


def select_documents(documents: pd.DataFrame, selector: str) -> pd.DataFrame:
    """The documents a selector names, most exact rule first.

    An exact doc_id, else an exact source path (as given or resolved), else
    doc_ids and file names starting with the selector.

    >>> docs = pd.DataFrame({"doc_id": ["fc120e60b6bf1517", "fc9a00000000aaaa"],
    ...                      "source_path": ["corpus/seeds/002_7a1c.txt", "notes/2017年工作要点.txt"]})
    >>> select_documents(docs, "fc120e60b6bf1517")["doc_id"].tolist()
    ['fc120e60b6bf1517']
    >>> select_documents(docs, "2017年")["source_path"].tolist()
    ['notes/2017年工作要点.txt']
    >>> len(select_documents(docs, "fc")), len(select_documents(docs, "xyz"))
    (2, 0)
    """
    selector = str(selector)
    exact = documents[documents["doc_id"] == selector]
    if len(exact):
        return exact
    resolved = _resolve(selector)
    by_path = documents[documents["source_path"].map(lambda p: p == selector or _resolve(p) == resolved)]
    if len(by_path):
        return by_path
    names = documents["source_path"].map(lambda p: PurePath(p).name.startswith(selector))
    return documents[documents["doc_id"].str.startswith(selector) | names]


def terminal_safe_tables(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The tables with control characters in their text escaped (``\\x1b``): a task text or a file name
    cannot clear the screen or move the cursor (:func:`pipeline.query.terminal_safe`)."""
    safe = {}
    for name, frame in tables.items():
        text = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])]
        safe[name] = frame.assign(**{c: frame[c].map(terminal_safe) for c in text}) if len(frame) else frame
    return safe


def _resolve(path: str) -> Path | None:
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError, ValueError):
        return None


def header(doc) -> Table:
    """Title, issuer, document number, year, issue date and source of one document row."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column()
    grid.add_row("标题", Text(text_or(doc.title, "（无标题）"), style="bold"))
    for label, value in (("发文机关", doc.issuer), ("文号", doc.doc_number), ("年份", doc.year),
                         ("成文日期", doc.issue_date), ("来源", doc.source_path), ("doc_id", doc.doc_id)):
        grid.add_row(label, Text(text_or(value, "—")))
    return grid


def _joined(items: list[tuple[str, str]]) -> Text:
    """Labels in their styles, one per line (one ``(label, kind)`` each), so no name breaks in the middle.

    >>> _joined([("市财政局", "lead"), ("市公安局", "lead")]).plain.splitlines()
    ['市财政局', '市公安局']
    """
    text = Text()
    for i, (label, kind) in enumerate(items):
        if i:
            text.append("\n")
        text.append(label, style=STYLES.get(kind, ""))
    return text


def deadline_text(row) -> str:
    """A date row as ISO dates, its wording after it: ``2026-06-30（2026年6月底前）``.

    >>> deadline_text({"kind": "deadline", "date_start": None, "date_end": "2026-06-30", "text": "2026年6月底前"})
    '2026-06-30（2026年6月底前）'
    >>> deadline_text({"kind": "recurring", "date_start": None, "date_end": None, "text": "每季度末前"})
    '定期（每季度末前）'
    """
    get = row.get if isinstance(row, dict) else lambda name: getattr(row, name)
    shown = text_or(get("date_end"), "?") if get("kind") == "deadline" else date_label(row)
    if shown == "?":
        shown = KIND_ZH.get(get("kind"), get("kind"))
    return f"{shown}（{get('text')}）"


def task_table(tables: dict[str, pd.DataFrame], doc_id: str) -> Table:
    """The tasks of one document: number, title, departments by role, dates and quotas."""
    tasks = tables["tasks"][tables["tasks"]["doc_id"] == doc_id].sort_values("seq")
    deps = tables["departments"][tables["departments"]["doc_id"] == doc_id].sort_values("char_start", kind="stable")
    dates = tables["dates"][tables["dates"]["doc_id"] == doc_id].sort_values("char_start", kind="stable")
    quotas = tables["quotas"][tables["quotas"]["doc_id"] == doc_id].sort_values("char_start", kind="stable")
    roles = [r for r in ROLE_ZH if (deps["role"] == r).any()] or ["lead", "support"]
    table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False, title=f"任务（{len(tasks)}）",
                  title_justify="left")
    table.add_column("序号", no_wrap=True, justify="right")
    table.add_column("任务", overflow="fold", ratio=5, min_width=16)
    for role in roles:
        table.add_column(ROLE_ZH[role], overflow="fold", ratio=2, min_width=8)
    table.add_column("时间", overflow="fold", ratio=3, min_width=12)
    table.add_column("指标", overflow="fold", ratio=2, min_width=8)
    by_task = {name: dict(tuple(frame.groupby("task_id"))) for name, frame in
               (("departments", deps), ("dates", dates), ("quotas", quotas))}
    empty = pd.DataFrame(columns=["role", "name", "kind"])
    for task in tasks.itertuples(index=False):
        task_deps = by_task["departments"].get(task.task_id, empty)
        cells: list[RenderableType] = [text_or(task.number, "?"), Text(text_or(task.title))]
        for role in roles:
            names = list(dict.fromkeys(task_deps[task_deps["role"] == role]["name"]))
            cells.append(_joined([(n, role) for n in names]))
        task_dates = by_task["dates"].get(task.task_id)
        cells.append(Text("\n").join(Text(deadline_text(d), style=STYLES["date"])
                                     for d in ([] if task_dates is None else task_dates.itertuples(index=False))))
        task_quotas = by_task["quotas"].get(task.task_id)
        cells.append(_joined([(quota_label(q), "quota")
                              for q in ([] if task_quotas is None else task_quotas.itertuples(index=False))]))
        table.add_row(*cells)
    return table


def render(tables: dict[str, pd.DataFrame], selector: str) -> list[RenderableType]:
    """A header and a task table per document the selector names.

    Raises:
        LookupError: no document matches.
    """
    hit = select_documents(tables["documents"], selector)
    if hit.empty:
        raise LookupError(f"no document matches '{selector}'")
    return [Group(header(doc), "", task_table(tables, doc.doc_id), "") for doc in hit.itertuples(index=False)]
