""":mod:`pipeline.calendar`: Task deadlines as an iCalendar file (RFC 5545, through the ``icalendar`` library).

One all-day event per dated task, on its first deadline: summary = the task's
title (``加快地方标准制修订``), description = its departments by role, the
sentence that states the deadline, and any later deadlines. UIDs are built from
the task_id (content hash of the circular + the task's place in it), so
importing a newer export updates the events instead of duplicating them.
Deadlines whose year is unknown (``XXXX-06-30``) have no day and are left out.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

#: The roles in the order a description lists them, with their Chinese labels.
ROLE_LABELS = {"lead": "牵头", "support": "配合", "responsible": "责任"}
RE_SENTENCE_END = re.compile(r"[。；;！？!?\n]")
UID_DOMAIN = "gongwen"

#: One row per dated task: its first deadline, the date phrase, the document and the later deadlines.
DEADLINES_SQL = """
WITH d AS (
    SELECT task_id, date_end, text, char_start,
           row_number() OVER (PARTITION BY task_id ORDER BY date_end, char_start) AS n
    FROM dates
    WHERE kind = 'deadline' AND date_end IS NOT NULL AND date_end NOT LIKE 'X%'
)
SELECT t.task_id, t.doc_id, t.title, t.text AS task_text, t.char_start AS task_start,
       d.date_end, d.text AS date_text, d.char_start AS date_start,
       doc.title AS document_title,
       (SELECT string_agg(d2.date_end, '、' ORDER BY d2.date_end) FROM d AS d2 WHERE d2.task_id = t.task_id AND d2.n > 1)
           AS later
FROM d
JOIN tasks AS t USING (task_id)
LEFT JOIN documents AS doc ON doc.doc_id = t.doc_id
WHERE d.n = 1
ORDER BY d.date_end, t.task_id
"""

DEPARTMENTS_SQL = """
SELECT dp.task_id, dp.role, coalesce(b.canonical, dp.name) AS name, min(dp.char_start) AS first_at
FROM departments AS dp
LEFT JOIN bodies AS b USING (body_id)
GROUP BY ALL
ORDER BY dp.task_id, first_at
"""


def sentence_at(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` around ``text[start:end]`` (to the nearest 。；? or line end on each side).

    >>> sentence_at("加强监管。2024年底前完成80%；其余明年完成。", 5, 12)
    '2024年底前完成80%；'
    """
    left = max((m.end() for m in RE_SENTENCE_END.finditer(text, 0, start)), default=0)
    m = RE_SENTENCE_END.search(text, end)
    right = m.end() if m else len(text)
    return text[left:right].strip()


def description(departments: list[tuple[str, str]], sentence: str, document_title: str | None,
                later: str | None) -> str:
    """The event's description: departments by role, the deadline's sentence, the document, later deadlines.

    >>> print(description([("lead", "××市教育局"), ("support", "××市财政局")], "2024年底前完成。", "实施方案", None))
    牵头：××市教育局
    配合：××市财政局
    原文：2024年底前完成。
    文件：实施方案
    """
    lines = []
    for role, label in ROLE_LABELS.items():
        names = [name for r, name in departments if r == role]
        if names:
            lines.append(f"{label}：{'、'.join(dict.fromkeys(names))}")
    lines.append(f"原文：{sentence}")
    if document_title:
        lines.append(f"文件：{document_title}")
    if later:
        lines.append(f"其后时限：{later}")
    return "\n".join(lines)


def db_to_calendar(db_path: Path, *, name: str = "gongwen") -> Any:
    """An ``icalendar.Calendar`` of the dated tasks in an output folder's DuckDB file."""
    import duckdb
    from icalendar import Calendar, Event

    con = duckdb.connect(str(db_path), read_only=True)
    try:
        tasks = con.execute(DEADLINES_SQL).fetchall()
        columns = [c[0] for c in con.description]
        departments: dict[str, list[tuple[str, str]]] = {}
        for task_id, role, body, _ in con.execute(DEPARTMENTS_SQL).fetchall():
            departments.setdefault(task_id, []).append((role, body))
    finally:
        con.close()
    calendar = Calendar()
    calendar.add("prodid", "-//gongwen//task deadlines//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    stamp = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    for values in tasks:
        row = dict(zip(columns, values))
        day = dt.date.fromisoformat(row["date_end"])
        offset = row["date_start"] - row["task_start"]
        sentence = sentence_at(row["task_text"], offset, offset + len(row["date_text"]))
        event = Event()
        event.add("uid", f"{row['task_id']}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
        event.add("summary", row["title"])
        event.add("description", description(departments.get(row["task_id"], []), sentence,
                                             row["document_title"], row["later"]))
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar


def write_ics(db_path: Path, path: Path, *, name: str = "gongwen") -> int:
    """Write the calendar of :func:`db_to_calendar` to ``path``; the number of events."""
    calendar = db_to_calendar(db_path, name=name)
    Path(path).write_bytes(calendar.to_ical())
    return len(calendar.walk("VEVENT"))
