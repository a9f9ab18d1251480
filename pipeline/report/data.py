""":mod:`pipeline.report.data`: What the report reads from an output folder, and the counts its charts draw.

:func:`load_report` gathers the tables (:func:`pipeline.api.load`), the
normalised texts and the manifest; the other functions are pure reductions of
DataFrames to plain dicts and lists.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.report.values import missing, text_or

UNKNOWN_ISSUER = "（未识别发文机关）"
UNKNOWN_YEAR = "不详"
#: Bars shown before the rest are summed as "其他".
TOP_N = 12
RE_ISO = re.compile(r"^(\d{4}|XXXX)-(\d{2})-\d{2}$")


@dataclass
class ReportData:
    """The tables of one output folder, its texts by doc_id, and its manifest."""

    tables: dict[str, pd.DataFrame]
    texts: dict[str, str | None]
    manifest: dict = field(default_factory=dict)


def load_report(out: Path) -> ReportData:
    """Tables, texts (``None`` for a missing text file) and manifest of ``out``.

    Raises:
        FileNotFoundError: ``out`` is not an output folder of ``gongwen run``.
    """
    from pipeline import api

    out = Path(out)
    tables = api.load(out)
    texts = {}
    for doc_id in tables["documents"]["doc_id"]:
        path = out / "text" / f"{doc_id}.txt"
        texts[doc_id] = path.read_text(encoding="utf-8") if path.is_file() else None
    manifest_path = out / "manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = {}
    return ReportData(tables, texts, manifest)


def department_name(row) -> str:
    """The canonical name of a department row, else the name as printed.

    >>> department_name({"name": "市市场监管局", "canonical": "市场监督管理局"})
    '市场监督管理局'
    """
    canonical = row.get("canonical") if isinstance(row, dict) else getattr(row, "canonical", None)
    name = row.get("name") if isinstance(row, dict) else row.name
    return name if missing(canonical) else canonical


def top_with_rest(counts: Counter, n: int = TOP_N, rest: str = "其他") -> list[tuple[str, int]]:
    """The ``n`` largest counts (ties by name), the others summed as one ``rest`` bar.

    >>> top_with_rest(Counter({"市财政局": 3, "市公安局": 1, "市税务局": 1}), n=1)
    [('市财政局', 3), ('其他', 2)]
    """
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    head, tail = ranked[:n], ranked[n:]
    return head + ([(rest, sum(c for _, c in tail))] if tail else [])


def lead_task_counts(departments: pd.DataFrame, n: int = TOP_N) -> list[tuple[str, int]]:
    """Distinct tasks per lead department (canonical name when known), largest first.

    >>> rows = pd.DataFrame({"task_id": ["t1", "t2", "t2"], "name": ["市财政局", "市财政局", "市公安局"],
    ...                      "role": ["lead", "lead", "support"], "canonical": [None, None, None]})
    >>> lead_task_counts(rows)
    [('市财政局', 2)]
    """
    leads = departments[departments["role"] == "lead"]
    pairs = {(department_name(r), r.task_id) for r in leads.itertuples(index=False)}
    return top_with_rest(Counter(name for name, _ in pairs), n)


def deadline_months(dates: pd.DataFrame) -> dict[tuple[int | None, int], int]:
    """Deadlines per ``(year, month)`` of their end date; ``None`` for an unknown year (``XXXX``).

    >>> rows = pd.DataFrame({"kind": ["deadline", "deadline", "period"],
    ...                      "date_end": ["2026-06-30", "XXXX-12-31", "2026-06-30"]})
    >>> deadline_months(rows)
    {(2026, 6): 1, (None, 12): 1}
    """
    counts: Counter = Counter()
    for row in dates[dates["kind"] == "deadline"].itertuples(index=False):
        match = RE_ISO.match(text_or(row.date_end))
        if match:
            year = None if match.group(1) == "XXXX" else int(match.group(1))
            counts[(year, int(match.group(2)))] += 1
    return dict(counts)


def unit_counts(quotas: pd.DataFrame, n: int = TOP_N) -> list[tuple[str, int]]:
    """Quotas per unit as printed (``家``, ``%``, ``亿元``), largest first.

    >>> unit_counts(pd.DataFrame({"unit": ["家", "%", "家"]}))
    [('家', 2), ('%', 1)]
    """
    return top_with_rest(Counter(text_or(u, "?") for u in quotas["unit"]), n)


def issuer_year_counts(documents: pd.DataFrame) -> tuple[dict[tuple[str, str], int], list[str], list[str]]:
    """Documents per ``(issuer, year)``, with the issuers (most documents first) and years (in order).

    >>> docs = pd.DataFrame({"issuer": ["国家认监委", None], "year": [2017.0, None]})
    >>> issuer_year_counts(docs)
    ({('国家认监委', '2017'): 1, ('（未识别发文机关）', '不详'): 1}, ['国家认监委', '（未识别发文机关）'], ['2017', '不详'])
    """
    counts: Counter = Counter()
    for row in documents.itertuples(index=False):
        counts[(text_or(row.issuer, UNKNOWN_ISSUER), text_or(row.year, UNKNOWN_YEAR))] += 1
    per_issuer: Counter = Counter()
    for (issuer, _), c in counts.items():
        per_issuer[issuer] += c
    issuers = sorted(per_issuer, key=lambda i: (i == UNKNOWN_ISSUER, -per_issuer[i], i))
    years = sorted({y for _, y in counts}, key=lambda y: (y == UNKNOWN_YEAR, y))
    return dict(counts), issuers, years
