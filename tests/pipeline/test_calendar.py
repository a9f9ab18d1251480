"""gongwen export --ics: one all-day event per dated task, parsed back by icalendar, stable UIDs."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.query import run_sql
from tests.pipeline.test_cli import invoke

icalendar = pytest.importorskip("icalendar")


def _events(path):
    return icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")


def test_ics_one_event_per_dated_task(seeds_out, tmp_path):
    path = tmp_path / "deadlines.ics"
    result = invoke("export", seeds_out, "--ics", path)
    assert result.exit_code == 0, result.output
    events = _events(path)
    sql = ("SELECT task_id, min(date_end) FROM dates WHERE kind = 'deadline' AND date_end IS NOT NULL "
           "AND date_end NOT LIKE 'X%' GROUP BY task_id")
    _, rows = run_sql(seeds_out / "gongwen.duckdb", sql)
    assert len(events) == len(rows) > 0
    by_uid = {str(e["uid"]): e for e in events}
    for task_id, first in rows:
        event = by_uid[f"{task_id}@gongwen"]
        day = event.decoded("dtstart")
        assert isinstance(day, dt.date) and not isinstance(day, dt.datetime)  # all-day
        assert day.isoformat() == first and event.decoded("dtend") == day + dt.timedelta(days=1)
    _, titles = run_sql(seeds_out / "gongwen.duckdb", "SELECT task_id, title FROM tasks")
    titles = dict(titles)
    assert all(str(e["summary"]) == titles[str(e["uid"]).split("@")[0]] for e in events)
    assert any("牵头：" in str(e["description"]) and "原文：" in str(e["description"]) for e in events)


def test_ics_uids_are_stable_across_exports(seeds_out, tmp_path):
    a, b = tmp_path / "a.ics", tmp_path / "b.ics"
    for path in (a, b):
        assert invoke("export", seeds_out, "--ics", path).exit_code == 0
    assert [str(e["uid"]) for e in _events(a)] == [str(e["uid"]) for e in _events(b)]
