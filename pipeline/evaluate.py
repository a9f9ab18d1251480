""":mod:`pipeline.evaluate`: Score output tables against gold annotations (ANNOTATION.md §6), with diffs.

The matching rules are those of the judges' reference scorer (``shared/eval/score.py``, not in this
repository; ``tests/reference/score_reference.py`` is the copy here):
gold tasks match system tasks greedily in order by head and tail; rows of
matched tasks compare as multisets of keys; document fields by exact match.
A test checks both give the same numbers.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.ingest.normalise import script

RE_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)
RE_LABEL = re.compile(
    r"^(第[一二三四五六七八九十]+(阶段|部分|条)|[（(][0-9一二三四五六七八九十]+[)）]|"
    r"[0-9]{1,3}[、.．]?|[一二三四五六七八九十]{1,3}[、.．]|——|—)"
)


def norm(text) -> str:
    """Simplified, NFKC, no whitespace."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", script(str(text))))


def key(text) -> str:
    """:func:`norm` without punctuation: what matching compares."""
    return RE_PUNCT.sub("", norm(text))


def num(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    try:
        return f"{float(value):.4g}"
    except (TypeError, ValueError):
        return str(value)


def iso(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return ""
    return str(value)[:10]


def stem_of(path) -> str:
    """``H2.gb18030.txt`` and ``dir/H2.pdf`` both give ``H2``."""
    return Path(str(path)).name.split(".")[0]


def _department_keys(gold: dict, rows: pd.DataFrame) -> tuple[Counter, Counter]:
    """Departments compare as (name, role): ``(市财政局, lead)``."""
    return (Counter((key(d["name"]), d["role"]) for d in gold.get("departments", [])),
            Counter((key(r.name), str(r.role)) for r in rows.itertuples()))


def _quota_keys(gold: dict, rows: pd.DataFrame) -> tuple[Counter, Counter]:
    """Quotas compare as (value, unit): ``(121, 家)``."""
    return (Counter((num(q["value"]), key(q["unit"])) for q in gold.get("quotas", [])),
            Counter((num(r.value), key(r.unit)) for r in rows.itertuples()))


def _date_keys(gold: dict, d_sys: pd.DataFrame) -> tuple[Counter, Counter]:
    """Dates compare by end date (``2026-06-30``); a gold date without one matches a system date whose
    text overlaps its own."""
    gdt = Counter(iso(d["end"]) or "text:" + key(d["text"]) for d in gold.get("dates", []))
    sdt_list = [iso(r.date_end) or "text:" + key(r.text) for r in d_sys.itertuples()]
    for gk in list(gdt):
        if gk.startswith("text:"):
            for j in range(len(sdt_list)):
                stext = key(d_sys.iloc[j].text)
                if stext and (stext in gk[5:] or gk[5:] in stext):
                    sdt_list[j] = gk
                    break
    return gdt, Counter(sdt_list)


@dataclass(frozen=True)
class ScoredRows:
    """A table whose rows gold lists under each task (ANNOTATION.md §6)."""

    #: Fields of a gold row that scoring reads, with their types (``type(None)``: may be null).
    gold_fields: dict[str, tuple[type, ...]]
    #: Gold and system keys of one task's rows, compared as multisets.
    keys: Callable[[dict, pd.DataFrame], tuple[Counter, Counter]]


#: The tables scored under each matched task, in the order scores and diffs list them; adding one here
#: (with its keys) is all ``gongwen check``, its JUnit report and its floors need.
SCORED_ROWS = {
    "departments": ScoredRows({"name": (str,), "role": (str,)}, _department_keys),
    "quotas": ScoredRows({"value": (int, float), "unit": (str,)}, _quota_keys),
    "dates": ScoredRows({"text": (str,), "kind": (str,), "end": (str, type(None))}, _date_keys),
}
#: Every scored table: tasks (matched by head and tail), then :data:`SCORED_ROWS`.
TABLES = ("tasks", *SCORED_ROWS)


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: Counter, system: Counter) -> None:
        hit = sum((gold & system).values())
        self.tp += hit
        self.fn += sum(gold.values()) - hit
        self.fp += sum(system.values()) - hit

    @property
    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0


@dataclass
class Report:
    totals: dict[str, PRF] = field(default_factory=lambda: {k: PRF() for k in TABLES})
    per_document: dict[str, dict[str, PRF]] = field(default_factory=dict)
    field_ok: Counter = field(default_factory=Counter)
    field_n: Counter = field(default_factory=Counter)
    accuracy: dict[str, list[int]] = field(default_factory=lambda: {k: [0, 0] for k in ("qualifier", "kind", "start")})
    diffs: list[dict] = field(default_factory=list)  # {document, table, what: missed|extra, task, item}

    def fields_accuracy(self) -> dict[str, float]:
        return {f: round(self.field_ok[f] / self.field_n[f], 4) for f in self.field_n}

    def as_dict(self) -> dict:
        def prf(s: PRF) -> dict:
            return {"p": round(s.p, 4), "r": round(s.r, 4), "f1": round(s.f1, 4), "tp": s.tp, "fp": s.fp, "fn": s.fn}

        acc = {k: round(ok / n, 4) if n else None for k, (ok, n) in self.accuracy.items()}
        return {
            **{k: prf(v) for k, v in self.totals.items()},
            "quota_qualifier_acc": acc["qualifier"],
            "date_kind_acc": acc["kind"],
            "date_start_acc": acc["start"],
            "document_fields_acc": self.fields_accuracy(),
            "per_document": {d: {k: prf(v) for k, v in t.items()} for d, t in self.per_document.items()},
        }


def load_tables(out: Path) -> dict[str, pd.DataFrame]:
    """The scored tables of an output folder (Parquet preferred, else CSV)."""
    tables = {}
    for name in ("documents", *TABLES):
        for ext, reader in ((".parquet", pd.read_parquet), (".csv", pd.read_csv)):
            path = out / f"{name}{ext}"
            if path.exists():
                tables[name] = reader(path)
                break
        else:
            raise FileNotFoundError(f"missing table {name}: expected {out}/{name}.parquet or .csv")
    return tables


class GoldError(ValueError):
    """A gold file that is not JSON or not shaped as ANNOTATION.md §6 says; the message names the file."""


_TYPE_NAMES = {str: "a string", int: "a number", float: "a number", type(None): "null"}


def load_gold(gold_dir: Path) -> list[dict]:
    """Every ``*.json`` gold file of ``gold_dir``, checked.

    Raises:
        GoldError: names the file and what is wrong (not JSON, nested too deeply, a missing key, a wrong type).
    """
    golds = []
    for path in sorted(gold_dir.glob("*.json")):
        try:
            gold = json.loads(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            raise GoldError(f"{path}: not UTF-8 text") from None
        except json.JSONDecodeError as exc:
            raise GoldError(f"{path}: not JSON ({exc})") from None
        except RecursionError:
            raise GoldError(f"{path}: nested too deeply to be a gold file") from None
        problem = gold_problem(gold)
        if problem:
            raise GoldError(f"{path}: {problem}")
        golds.append(gold)
    return golds


def gold_problem(gold: object) -> str | None:
    """What makes ``gold`` unusable for scoring, or None.

    >>> gold_problem({"source": "a.txt", "document": {}, "tasks": [{"head": "加强", "dates": [{"text": "年底"}]}]})
    'tasks[0].dates[0].kind: missing'
    """
    if not isinstance(gold, dict):
        return f"must be a JSON object, not {type(gold).__name__}"
    for key, kind in (("source", str), ("document", dict), ("tasks", list)):
        if key not in gold:
            return f"{key}: missing"
        if not isinstance(gold[key], kind):
            return f"{key}: must be {kind.__name__}, not {type(gold[key]).__name__}"
    for i, task in enumerate(gold["tasks"]):
        where = f"tasks[{i}]"
        if not isinstance(task, dict):
            return f"{where}: must be an object, not {type(task).__name__}"
        if not isinstance(task.get("head"), str):
            return f"{where}.head: {'missing' if 'head' not in task else 'must be a string'}"
        if not isinstance(task.get("tail", ""), (str, type(None))):
            return f"{where}.tail: must be a string or null"
        for table, scored in SCORED_ROWS.items():
            rows = task.get(table, [])
            if not isinstance(rows, list):
                return f"{where}.{table}: must be a list, not {type(rows).__name__}"
            for j, row in enumerate(rows):
                if not isinstance(row, dict):
                    return f"{where}.{table}[{j}]: must be an object, not {type(row).__name__}"
                for name, kinds in scored.gold_fields.items():
                    if name not in row:
                        return f"{where}.{table}[{j}].{name}: missing"
                    if not isinstance(row[name], kinds) or isinstance(row[name], bool):
                        wanted = " or ".join(dict.fromkeys(_TYPE_NAMES[k] for k in kinds))
                        return f"{where}.{table}[{j}].{name}: must be {wanted}"
    return None


def match_tasks(gold_tasks: list[dict], sys_tasks: pd.DataFrame) -> list[object | None]:
    """Greedy in-order matching: for each gold task, the matching system task_id or None."""
    texts = [(row.task_id, key(row.text), key(RE_LABEL.sub("", norm(row.text)))) for row in sys_tasks.itertuples()]
    used: set = set()
    found_ids: list[object | None] = []
    for g in gold_tasks:
        head, tail = key(g["head"]), key(g.get("tail"))
        found = next(
            (
                tid
                for tid, full, unlabeled in texts
                if tid not in used
                and any(head and c.startswith(head) and (not tail or c.endswith(tail)) for c in (full, unlabeled))
            ),
            None,
        )
        if found is not None:
            used.add(found)
        found_ids.append(found)
    return found_ids


def _rows(tables: dict[str, pd.DataFrame], table: str, tid) -> pd.DataFrame:
    df = tables[table]
    return df[df["task_id"] == tid] if tid is not None else df.iloc[0:0]


def _accuracies(report: Report, gold: dict, q_sys: pd.DataFrame, d_sys: pd.DataFrame) -> None:
    for q in gold.get("quotas", []):
        hit = q_sys[(q_sys["value"].map(num) == num(q["value"])) & (q_sys["unit"].map(key) == key(q["unit"]))]
        if not hit.empty:
            got = hit.iloc[0]["qualifier"]
            got = None if got is None or (isinstance(got, float) and math.isnan(got)) else got
            report.accuracy["qualifier"][0] += (got or None) == (q.get("qualifier") or None)
            report.accuracy["qualifier"][1] += 1
    used: set[int] = set()
    for d in sorted(gold.get("dates", []), key=lambda d: d.get("start") is None):
        if not d.get("end"):
            continue
        hits = [j for j in range(len(d_sys)) if j not in used and iso(d_sys.iloc[j]["date_end"]) == iso(d["end"])]
        if not hits:
            continue
        best = max(hits, key=lambda j: (str(d_sys.iloc[j]["kind"]) == d["kind"])
                   + (iso(d_sys.iloc[j]["date_start"]) == iso(d.get("start"))))
        used.add(best)
        report.accuracy["kind"][0] += str(d_sys.iloc[best]["kind"]) == d["kind"]
        report.accuracy["kind"][1] += 1
        report.accuracy["start"][0] += iso(d_sys.iloc[best]["date_start"]) == iso(d.get("start"))
        report.accuracy["start"][1] += 1


def _diff(report: Report, document: str, table: str, task: str, gold: Counter, system: Counter) -> None:
    for item in sorted((gold - system).elements(), key=str):
        report.diffs.append({"document": document, "table": table, "what": "missed", "task": task, "item": item})
    for item in sorted((system - gold).elements(), key=str):
        report.diffs.append({"document": document, "table": table, "what": "extra", "task": task, "item": item})


def _score_document(report: Report, tables: dict[str, pd.DataFrame], label: str, gold: dict, doc: dict | None) -> None:
    doc_totals = {k: PRF() for k in TABLES}
    report.per_document[label] = doc_totals
    sys_tasks = tables["tasks"].iloc[0:0]
    if doc is not None:
        sys_tasks = tables["tasks"][tables["tasks"]["doc_id"] == doc["doc_id"]]
        if "seq" in sys_tasks.columns:
            sys_tasks = sys_tasks.sort_values("seq")
    doc = doc or {}
    for name, want in gold["document"].items():
        got = doc.get(name)
        same = num(got) == num(want) if name == "year" else (
            iso(got) == iso(want) if name == "issue_date" else key(got) == key(want))
        report.field_n[name] += 1
        report.field_ok[name] += bool(same)
        if not same:
            report.diffs.append({"document": label, "table": "documents", "what": "wrong", "task": name,
                                 "item": f"got {got!r}, want {want!r}"})
    found = match_tasks(gold["tasks"], sys_tasks)
    matched = [tid for tid in found if tid is not None]
    for prf in (report.totals["tasks"], doc_totals["tasks"]):
        prf.tp += len(matched)
        prf.fn += len(gold["tasks"]) - len(matched)
        prf.fp += len(sys_tasks) - len(matched)
    for g, tid in zip(gold["tasks"], found):
        if tid is None:
            report.diffs.append({"document": label, "table": "tasks", "what": "missed", "task": g["head"], "item": g["head"]})
    for row in sys_tasks.itertuples():
        if row.task_id in matched:
            continue
        report.diffs.append({"document": label, "table": "tasks", "what": "extra", "task": row.task_id, "item": str(row.text)[:30]})
        for name in SCORED_ROWS:
            extra = _rows(tables, name, row.task_id)
            report.totals[name].fp += len(extra)
            doc_totals[name].fp += len(extra)
    for g, tid in zip(gold["tasks"], found):
        task_rows = {name: _rows(tables, name, tid) for name in SCORED_ROWS}
        for name, scored in SCORED_ROWS.items():
            gold_keys, sys_keys = scored.keys(g, task_rows[name])
            report.totals[name].add(gold_keys, sys_keys)
            doc_totals[name].add(gold_keys, sys_keys)
            _diff(report, label, name, g["head"], gold_keys, sys_keys)
        if tid is not None:
            _accuracies(report, g, task_rows["quotas"], task_rows["dates"])


def score(gold_docs: list[dict], tables: dict[str, pd.DataFrame]) -> Report:
    """Score output ``tables`` against ``gold_docs``; a gold file matches outputs with the same file stem."""
    report = Report()
    docs = tables["documents"].copy()
    docs["stem"] = docs["source_path"].map(stem_of)
    for gold in gold_docs:
        rows = docs[docs["stem"] == stem_of(gold["source"])]
        if rows.empty:
            _score_document(report, tables, stem_of(gold["source"]) + " (no output)", gold, None)
        for _, row in rows.iterrows():
            _score_document(report, tables, Path(str(row["source_path"])).name, gold, row.to_dict())
    return report


def parse_floors(text: str) -> dict[str, float]:
    """``"tasks=0.95,dates=0.9"`` → ``{"tasks": 0.95, "dates": 0.9}``."""
    floors = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, _, value = part.partition("=")
        if name not in (*TABLES, "fields"):
            raise ValueError(f"unknown table '{name}' in floors (expected {', '.join(TABLES)}, fields)")
        floors[name] = float(value)
    return floors


def below_floors(report: Report, floors: dict[str, float]) -> list[str]:
    """One message per table whose F1 (or, for ``fields``, worst field accuracy) is under its floor."""
    problems = []
    for name, floor in floors.items():
        if name == "fields":
            worst = min(report.fields_accuracy().values(), default=1.0)
            if worst < floor:
                problems.append(f"document fields accuracy {worst:.3f} < {floor}")
        elif report.totals[name].f1 < floor:
            problems.append(f"{name} F1 {report.totals[name].f1:.3f} < {floor}")
    return problems
