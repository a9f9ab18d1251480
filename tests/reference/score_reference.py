#!/usr/bin/env python3
# Vendored copy of shared/eval/score.py (the judges' scorer), used only by tests/pipeline/test_evaluate.py
# to prove that `gongwen check` gives the same numbers. Do not edit.
"""Score extracted tables against gold annotations (see ../spec/ANNOTATION.md).

    python score.py --gold ../gold --out outputs/          # table per document + total
    python score.py --gold ../gold --out outputs/ --json   # one JSON object

--out is a folder holding the tables documents, tasks, departments, quotas, dates
as <name>.parquet or <name>.csv. A gold file <stem>.json is compared with the
document whose source_path has the same stem (any extension).
Needs pandas and opencc (pyarrow for parquet).
"""
from __future__ import annotations

import argparse
import json
import math
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pandas as pd

try:
    import opencc

    _T2S = opencc.OpenCC("t2s")
    to_simplified = _T2S.convert
except ImportError:  # pragma: no cover - scoring traditional text needs opencc
    sys.exit("score.py needs the 'opencc' package (pip install opencc)")

TABLES = {
    "documents": ["source_path", "title", "issuer", "doc_number", "issue_date", "year"],
    "tasks": ["task_id", "doc_id", "text"],
    "departments": ["task_id", "name", "role"],
    "quotas": ["task_id", "value", "unit"],
    "dates": ["task_id", "text", "kind", "date_start", "date_end"],
}
PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)
LABEL = re.compile(
    r"^(第[一二三四五六七八九十]+(阶段|部分|条)|[（(][0-9一二三四五六七八九十]+[)）]|"
    r"[0-9]{1,3}[、.．]?|[一二三四五六七八九十]{1,3}[、.．]|——|—)"
)


def norm(text) -> str:
    """Simplified, NFKC, no whitespace."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    text = unicodedata.normalize("NFKC", to_simplified(str(text)))
    return re.sub(r"\s+", "", text)


def key(text) -> str:
    """norm() without punctuation: what matching compares."""
    return PUNCT.sub("", norm(text))


def load_tables(out: Path) -> dict[str, pd.DataFrame]:
    tables = {}
    for name, needed in TABLES.items():
        for ext, reader in ((".parquet", pd.read_parquet), (".csv", pd.read_csv)):
            path = out / f"{name}{ext}"
            if path.exists():
                df = reader(path)
                break
        else:
            sys.exit(f"missing table {name}: expected {out}/{name}.parquet or .csv")
        missing = [c for c in needed if c not in df.columns]
        if missing:
            sys.exit(f"table {name} lacks columns {missing}")
        tables[name] = df
    return tables


class PRF:
    def __init__(self) -> None:
        self.tp = self.fp = self.fn = 0

    def add(self, gold: Counter, system: Counter) -> None:
        hit = sum((gold & system).values())
        self.tp += hit
        self.fn += sum(gold.values()) - hit
        self.fp += sum(system.values()) - hit

    def scores(self) -> dict:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


def match_tasks(gold_tasks: list[dict], sys_tasks: pd.DataFrame) -> list[tuple[int, object]]:
    """Greedy in-order matching: gold index -> system task_id (or None)."""
    texts = [(row.task_id, key(row.text), key(LABEL.sub("", norm(row.text))))
             for row in sys_tasks.itertuples()]
    used: set = set()
    pairs = []
    for i, g in enumerate(gold_tasks):
        head, tail = key(g["head"]), key(g.get("tail"))
        found = None
        for tid, full, unlabeled in texts:
            if tid in used:
                continue
            for cand in (full, unlabeled):
                if head and cand.startswith(head) and (not tail or cand.endswith(tail)):
                    found = tid
                    break
            if found is not None:
                break
        if found is not None:
            used.add(found)
        pairs.append((i, found))
    return pairs


def stem_of(path) -> str:
    """'H2.gb18030.txt' and 'dir/H2.pdf' both give 'H2'."""
    return Path(str(path)).name.split(".")[0]


def num(v) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    try:
        f = float(v)
    except (TypeError, ValueError):
        return str(v)
    return f"{f:.4g}"


def iso(v) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NaT:
        return ""
    return str(v)[:10]


def score(gold_dir: Path, out: Path) -> dict:
    t = load_tables(out)
    docs = t["documents"].copy()
    docs["stem"] = docs["source_path"].map(stem_of)
    id_col = "doc_id" if "doc_id" in docs.columns else None
    totals = {k: PRF() for k in ("tasks", "departments", "quotas", "dates")}
    qual_ok = qual_n = kind_ok = kind_n = start_ok = start_n = 0
    field_ok = Counter()
    field_n = Counter()
    per_doc = {}
    jobs = []  # (label, gold, system document row or None)
    for gold_file in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        stem = stem_of(gold["source"])
        rows = docs[docs["stem"] == stem]
        if rows.empty:
            jobs.append((stem + " (no output)", gold, None))
        for _, r in rows.iterrows():
            jobs.append((Path(str(r["source_path"])).name, gold, r.to_dict()))
    for label, gold, doc in jobs:
        doc_totals = {k: PRF() for k in totals}
        if doc is None:
            sys_tasks = t["tasks"].iloc[0:0]
            doc = {}
        else:
            doc_id = doc[id_col] if id_col else None
            sys_tasks = t["tasks"][t["tasks"]["doc_id"] == doc_id] if id_col else t["tasks"].iloc[0:0]
            if "seq" in sys_tasks.columns:
                sys_tasks = sys_tasks.sort_values("seq")
        for field, want in gold["document"].items():
            got = doc.get(field)
            same = (num(got) == num(want)) if field == "year" else (
                iso(got) == iso(want) if field == "issue_date" else key(got) == key(want))
            field_n[field] += 1
            field_ok[field] += bool(same)
        pairs = match_tasks(gold["tasks"], sys_tasks)
        matched = {gi: tid for gi, tid in pairs if tid is not None}
        tid_of = {gi: tid for gi, tid in pairs}
        sys_ids = list(sys_tasks["task_id"])
        for prf in (totals["tasks"], doc_totals["tasks"]):
            prf.tp += len(matched)
            prf.fn += len(gold["tasks"]) - len(matched)
            prf.fp += len(sys_ids) - len(matched)

        def rows(table: str, tid) -> pd.DataFrame:
            df = t[table]
            return df[df["task_id"] == tid] if tid is not None else df.iloc[0:0]

        gold_ids = set(matched.values())
        # rows under system tasks that match no gold task are false alarms
        for tid in sys_ids:
            if tid in gold_ids:
                continue
            for name, table in (("departments", "departments"), ("quotas", "quotas"), ("dates", "dates")):
                n = len(rows(table, tid))
                totals[name].fp += n
                doc_totals[name].fp += n
        for gi, g in enumerate(gold["tasks"]):
            tid = tid_of[gi]
            dep_sys = rows("departments", tid)
            gd = Counter((key(d["name"]), d["role"]) for d in g.get("departments", []))
            sd = Counter((key(r.name), str(r.role)) for r in dep_sys.itertuples())
            q_sys = rows("quotas", tid)
            gq = Counter((num(q["value"]), key(q["unit"])) for q in g.get("quotas", []))
            sq = Counter((num(r.value), key(r.unit)) for r in q_sys.itertuples())
            d_sys = rows("dates", tid)
            gdt = Counter(iso(d["end"]) or "text:" + key(d["text"]) for d in g.get("dates", []))
            sdt_list = []
            for r in d_sys.itertuples():
                end = iso(r.date_end)
                sdt_list.append(end if end else "text:" + key(r.text))
            # a gold date without end matches a system date whose text overlaps
            for gk in list(gdt):
                if gk.startswith("text:"):
                    for j, sk in enumerate(sdt_list):
                        stext = key(d_sys.iloc[j].text)
                        if stext and (stext in gk[5:] or gk[5:] in stext):
                            sdt_list[j] = gk
                            break
            sdt = Counter(sdt_list)
            for prfs in ((totals, doc_totals)):
                prfs["departments"].add(gd, sd)
                prfs["quotas"].add(gq, sq)
                prfs["dates"].add(gdt, sdt)
            if tid is None:
                continue
            for q in g.get("quotas", []):
                hit = q_sys[(q_sys["value"].map(num) == num(q["value"])) & (q_sys["unit"].map(key) == key(q["unit"]))]
                if not hit.empty and "qualifier" in hit.columns:
                    qual_n += 1
                    got = hit.iloc[0]["qualifier"]
                    got = None if got is None or (isinstance(got, float) and math.isnan(got)) else got
                    qual_ok += (got or None) == (q.get("qualifier") or None)
            used_dates: set = set()
            for d in sorted(g.get("dates", []), key=lambda d: d.get("start") is None):
                if not d.get("end"):
                    continue
                hits = [j for j in range(len(d_sys))
                        if j not in used_dates and iso(d_sys.iloc[j]["date_end"]) == iso(d["end"])]
                if not hits:
                    continue
                best = max(hits, key=lambda j: (str(d_sys.iloc[j]["kind"]) == d["kind"])
                           + (iso(d_sys.iloc[j]["date_start"]) == iso(d.get("start"))))
                used_dates.add(best)
                kind_n += 1
                kind_ok += str(d_sys.iloc[best]["kind"]) == d["kind"]
                start_n += 1
                start_ok += iso(d_sys.iloc[best]["date_start"]) == iso(d.get("start"))
        per_doc[label] = {k: v.scores() for k, v in doc_totals.items()}
    result = {k: v.scores() for k, v in totals.items()}
    result["quota_qualifier_acc"] = round(qual_ok / qual_n, 4) if qual_n else None
    result["date_kind_acc"] = round(kind_ok / kind_n, 4) if kind_n else None
    result["date_start_acc"] = round(start_ok / start_n, 4) if start_n else None
    result["document_fields_acc"] = {f: round(field_ok[f] / field_n[f], 4) for f in field_n}
    result["per_document"] = per_doc
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    result = score(args.gold, args.out)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return
    print(f"{'document':28} {'tasks':>7} {'depts':>7} {'quotas':>7} {'dates':>7}   (F1)")
    for stem, s in result["per_document"].items():
        print(f"{stem:28} " + " ".join(f"{s[k]['f1']:7.3f}" for k in ("tasks", "departments", "quotas", "dates")))
    print(f"{'TOTAL':28} " + " ".join(f"{result[k]['f1']:7.3f}" for k in ("tasks", "departments", "quotas", "dates")))
    for k in ("tasks", "departments", "quotas", "dates"):
        s = result[k]
        print(f"  {k:12} P={s['p']:.3f} R={s['r']:.3f} F1={s['f1']:.3f}  (tp {s['tp']}, fp {s['fp']}, fn {s['fn']})")
    print(f"  quota qualifier acc={result['quota_qualifier_acc']}  date kind acc={result['date_kind_acc']}"
          f"  date start acc={result['date_start_acc']}")
    print(f"  document fields: {result['document_fields_acc']}")


if __name__ == "__main__":
    main()
