""":mod:`pipeline.report.values`: How a row reads on the page: hover texts, short labels, anchors and file names.

All pure: each function takes one row (a mapping or a namedtuple-like object)
or plain values and returns a string.
"""

from __future__ import annotations

import hashlib
import math
import numbers
import re
from typing import Any

import pandas as pd

#: Role words as a reader of a circular knows them.
ROLE_ZH = {"lead": "牵头", "support": "配合", "responsible": "责任"}
#: Date kinds.
KIND_ZH = {"deadline": "截止", "period": "期间", "recurring": "定期"}
#: Quota qualifiers, as a sign before the value.
QUALIFIER_SIGN = {"approx": "约", "min": "≥", "max": "≤"}

RE_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,100}")


def missing(value: Any) -> bool:
    """True for None, NaN and pandas' NA.

    >>> missing(None), missing(float("nan")), missing("国家认监委")
    (True, True, False)
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, numbers.Real) and math.isnan(value)


def text_or(value: Any, default: str = "") -> str:
    """``value`` as text, or ``default`` when it is missing; whole floats lose their ``.0``.

    >>> text_or(2017.0), text_or(None, "—"), text_or("浙质评发〔2009〕195号")
    ('2017', '—', '浙质评发〔2009〕195号')
    """
    if missing(value):
        return default
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def number(value: float) -> str:
    """A quota value without a useless ``.0``, thousands kept plain.

    >>> number(121.0), number(0.3), number(10000.0), number(1.25)
    ('121', '0.3', '10000', '1.25')
    """
    if missing(value) or math.isinf(value):
        return "?"
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def department_tip(row: Any) -> str:
    """Role and canonical name (the printed name too when it differs).

    >>> department_tip({"name": "市市场监管局", "role": "lead", "canonical": "市场监督管理局"})
    '牵头 lead · 市场监督管理局（原文：市市场监管局）'
    >>> department_tip({"name": "市公安局", "role": "support", "canonical": None})
    '配合 support · 市公安局'
    """
    name, role, canonical = _get(row, "name"), _get(row, "role"), _get(row, "canonical")
    shown = text_or(canonical) or text_or(name)
    tip = f"{ROLE_ZH.get(role, role)} {role} · {shown}"
    if not missing(canonical) and canonical != name:
        tip += f"（原文：{name}）"
    return tip


def quota_label(row: Any) -> str:
    """Value, range, qualifier and unit, compact: ``≥100项``, ``3–5家``, ``约0.3个百分点``.

    >>> quota_label({"value": 100.0, "value_max": None, "unit": "项", "qualifier": "min"})
    '≥100项'
    >>> quota_label({"value": 3.0, "value_max": 5.0, "unit": "家", "qualifier": None})
    '3–5家'
    """
    value, value_max = _get(row, "value"), _get(row, "value_max")
    shown = number(value) if missing(value_max) else f"{number(value)}–{number(value_max)}"
    sign = QUALIFIER_SIGN.get(_get(row, "qualifier"), "")
    return f"{sign}{shown}{text_or(_get(row, 'unit'))}"


def quota_tip(row: Any) -> str:
    """:func:`quota_label` with the qualifier spelt out and the subject, when known.

    >>> quota_tip({"value": 50.0, "value_max": None, "unit": "亿元", "qualifier": "min", "subject": "普惠小微贷款"})
    '≥50亿元 · min · 普惠小微贷款'
    >>> quota_tip({"value": 121.0, "value_max": None, "unit": "家", "qualifier": None, "subject": None})
    '121家'
    """
    parts = [quota_label(row), text_or(_get(row, "qualifier")), text_or(_get(row, "subject"))]
    return " · ".join(p for p in parts if p)


def date_label(row: Any) -> str:
    """ISO start–end of a date row (``…`` for an open start; ``?`` when unresolved).

    >>> date_label({"date_start": None, "date_end": "2026-06-30"})
    '… – 2026-06-30'
    >>> date_label({"date_start": "2009-08-01", "date_end": "2009-08-31"})
    '2009-08-01 – 2009-08-31'
    """
    start, end = text_or(_get(row, "date_start")), text_or(_get(row, "date_end"))
    if not start and not end:
        return "?"
    if start == end:
        return start
    return f"{start or '…'} – {end or '…'}"


def date_tip(row: Any) -> str:
    """Kind and ISO range of a date row, e.g. for ``2026年6月底前``.

    >>> date_tip({"kind": "deadline", "date_start": None, "date_end": "2026-06-30", "ambiguous": False})
    '截止 deadline · … – 2026-06-30'
    >>> date_tip({"kind": "deadline", "date_start": None, "date_end": None, "ambiguous": False})
    '截止 deadline · ?（未能确定日期）'
    """
    kind = _get(row, "kind")
    tip = f"{KIND_ZH.get(kind, kind)} {kind} · {date_label(row)}"
    if date_label(row) == "?":
        tip += "（未能确定日期）"
    if _get(row, "ambiguous") is True:
        tip += "（有歧义）"
    return tip


def task_tip(row: Any) -> str:
    """Number and title of a task.

    >>> task_tip({"number": "1", "title": "推进高频事项集成办理"})
    '任务 1 · 推进高频事项集成办理'
    """
    return f"任务 {text_or(_get(row, 'number'))} · {text_or(_get(row, 'title'))}"


def safe_id(value: str) -> str:
    """``value`` when it is a safe file name and HTML id; else a stable hash of it.

    >>> safe_id("0f3b1b26065862a5-t001")
    '0f3b1b26065862a5-t001'
    >>> safe_id("../报告") == safe_id("../报告") != "../报告"
    True
    """
    text = str(value)
    if RE_SAFE_ID.fullmatch(text):
        return text
    return "h" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def task_anchor(task_id: str) -> str:
    """The id of a task's highlight.

    >>> task_anchor("8b6b0068f0324a59-t001")
    'task-8b6b0068f0324a59-t001'
    """
    return f"task-{safe_id(task_id)}"


def doc_page(doc_id: str) -> str:
    """The page of a document, relative to the site root.

    >>> doc_page("8b6b0068f0324a59")
    'doc/8b6b0068f0324a59.html'
    """
    return f"doc/{safe_id(doc_id)}.html"


def _get(row: Any, name: str) -> Any:
    if isinstance(row, dict):
        return row.get(name)
    return getattr(row, name, None)
