"""Phrase-level date benchmark: gongwen ``find_dates`` vs jionlp's time parser.

Run from the repository root::

    python benchmarks/dates_vs_jionlp.py

jionlp is a dev-only comparison tool (``pip install jionlp``); it is *not* a
project dependency.  Without it the script prints gongwen's scores and a
"jionlp not installed" note, and exits 0.

Rows come from the phrase tables in ``tests/extractors/test_dates.py``:

* positive rows: every row of SEED_CASES, RULE_CASES, RECURRING_CASES and
  NEGATIVE_CASES with exactly one expected date;
* negative rows: every row of NEGATIVE_CASES with no expected date.

Systems
-------
* ``gongwen``  -- ``find_dates(text, year=year)`` on the full row text.
* ``jio-ext``  -- ``jionlp.ner.extract_time(text, time_base=...)`` on the full
  row text (end to end, like gongwen).
* ``jio-gold`` -- ``jionlp.parse_time(gold_phrase, time_base=...)`` on the gold
  phrase only (jionlp is handed the gold segmentation; positive rows only).

For the end-to-end systems the prediction for a positive row is the match
(gongwen) / entity (jionlp) whose character span overlaps the gold span most;
none overlapping counts as a miss on every metric.

time_base: ``datetime(year, 1, 1)`` for rows with a document year.  Rows with
``year=None`` use the fixed leap-year base ``datetime(2000, 1, 1)`` and, where
the gold year is ``XXXX``, dates are compared on month-day only (the same
comparator is applied to gongwen, which writes ``XXXX``).  Explicit years in
the text (``2024年3月``) are still compared in full.

Metrics
-------
* ``end``   -- ISO end date (gongwen ``date_end``; jionlp ``time[1]`` of a
  time_point/time_span, date part).  Over positive rows whose gold end is not
  null (recurring rows and relative years without a base have a null gold end
  and are left out).
* ``start`` -- ISO start date, over gold ``period`` rows only (a deadline has
  no start in the gold; jionlp puts ``time_base`` or ``-inf`` there).
* ``recurring`` -- jionlp has no deadline/period distinction (a deadline
  ``8月31日前`` is a time_span from time_base to 08-31, and ``上半年`` also
  starts at time_base), but its ``time_period`` (periodic time, 每月/每年...)
  is the equivalent of gold ``recurring``.  So kind is scored as a binary
  recurring / one-off label over all positive rows: time_period -> recurring,
  time_point / time_span -> one-off.
* ``kind3`` -- gongwen's full deadline/period/recurring kind (no jionlp
  equivalent, shown as n/a).
* ``FP``    -- negative rows where the system returned any calendar
  expression (gongwen: any match; jionlp: any time_point / time_span /
  time_period entity -- ``time_delta`` entities are durations, which is what
  the gold says those phrases are, so they do not count).  Lower is better.

Caveats
-------
* The rows are gongwen's own unit-test tables, written to the ANNOTATION.md §5
  convention; gongwen passes all of them by construction.  The numbers say how
  far jionlp is from *this* convention, not which parser is better in general.
* jionlp 1.5.30 and 1.5.31 fail on a bare month (``11月``, ``9月份``, ``十一月``:
  "The given time string `11月` is illegal"); 1.5.28 parses them.  The jionlp
  version in use is printed; to score another one without touching the
  environment: ``pip install --no-deps --target /tmp/jio jionlp==1.5.28`` and
  ``PYTHONPATH=/tmp/jio python benchmarks/dates_vs_jionlp.py``.
* jionlp runs fully offline (its dictionaries ship in the wheel); it only
  prints an import banner and logs tracebacks for unparsable candidates, both
  silenced here.
"""

from __future__ import annotations

import contextlib
import datetime
import importlib.util
import io
import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from extractors.dates import find_dates  # noqa: E402

NULL_YEAR_BASE = 2000  # leap year, so XXXX-02-29 can be parsed
MAX_DISAGREEMENTS = 30


def load_tables():
    path = ROOT / "tests" / "extractors" / "test_dates.py"
    spec = importlib.util.spec_from_file_location("_bench_test_dates", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return {
        "SEED": mod.SEED_CASES,
        "RULE": mod.RULE_CASES,
        "RECURRING": mod.RECURRING_CASES,
        "NEGATIVE": mod.NEGATIVE_CASES,
    }


def load_jionlp():
    """Import jionlp quietly (its import prints a banner); None if missing."""
    buf = io.StringIO()
    try:
        with contextlib.redirect_stdout(buf), contextlib.redirect_stderr(buf):
            import jionlp  # noqa: PLC0415
    except ImportError:
        return None
    return jionlp


# ---------------------------------------------------------------- helpers


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def best_overlap(items, span):
    """items: [(start, end, payload)]; the payload overlapping span most."""
    best, best_ov = None, 0
    for s, e, payload in items:
        ov = overlap((s, e), span)
        if ov > best_ov:
            best, best_ov = payload, ov
    return best


def same_date(pred: str | None, gold: str | None) -> bool:
    """ISO compare; a gold ``XXXX`` year compares month-day only."""
    if gold is None or pred is None:
        return False
    if gold.startswith("XXXX"):
        return pred[4:] == gold[4:]
    return pred == gold


def base_for(year: int | None) -> datetime.datetime:
    return datetime.datetime(year if year is not None else NULL_YEAR_BASE, 1, 1)


def _iso(stamp) -> str | None:
    if not isinstance(stamp, str) or "inf" in stamp:
        return None
    return stamp[:10]


def jio_prediction(detail: dict | None) -> dict | None:
    """Normalise a jionlp parse result to {start, end, recurring, type}."""
    if not detail:
        return None
    typ = detail.get("type")
    if typ == "time_period":
        return {"start": None, "end": None, "recurring": True, "type": typ}
    if typ in ("time_point", "time_span"):
        time = detail.get("time") or [None, None]
        return {"start": _iso(time[0]), "end": _iso(time[1]), "recurring": False, "type": typ}
    return None  # time_delta etc.: not a calendar expression


CALENDAR_TYPES = ("time_point", "time_span", "time_period")


@contextlib.contextmanager
def quiet():
    """jionlp logs a traceback (logging.error) for every candidate it cannot parse."""
    logging.disable(logging.CRITICAL)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            yield
    finally:
        logging.disable(logging.NOTSET)


def jio_extract(jio, text: str, year: int | None) -> list:
    try:
        with quiet():
            ents = jio.ner.extract_time(text, time_base=base_for(year))
    except Exception:  # defensive: count a crash as "nothing found"
        return []
    return [e for e in ents if e.get("type") in CALENDAR_TYPES]


def jio_parse(jio, phrase: str, year: int | None) -> dict | None:
    try:
        with quiet():
            return jio.parse_time(phrase, time_base=base_for(year))
    except Exception:  # jionlp raises ValueError on strings it cannot parse
        return None


# ---------------------------------------------------------------- scoring


class Score:
    def __init__(self):
        self.hit: dict[str, int] = {}
        self.n: dict[str, int] = {}

    def add(self, metric: str, ok: bool) -> None:
        self.n[metric] = self.n.get(metric, 0) + 1
        self.hit[metric] = self.hit.get(metric, 0) + int(ok)

    def cell(self, metric: str) -> str:
        n = self.n.get(metric, 0)
        if not n:
            return "n/a"
        h = self.hit[metric]
        return f"{h}/{n} {100 * h / n:5.1f}%"


def main() -> int:
    tables = load_tables()
    jio = load_jionlp()
    systems = ["gongwen"] + (["jio-ext", "jio-gold"] if jio else [])
    scores = {s: Score() for s in systems}
    disagreements = []
    n_pos = n_neg = 0

    for table, cases in tables.items():
        for text, year, expected in cases:
            if table == "NEGATIVE" and not expected:
                n_neg += 1
                g_found = [d.text for d in find_dates(text, year=year)]
                scores["gongwen"].add("FP", bool(g_found))
                if jio:
                    j_found = [e["text"] for e in jio_extract(jio, text, year)]
                    scores["jio-ext"].add("FP", bool(j_found))
                    if bool(g_found) != bool(j_found):
                        disagreements.append(
                            (text, year, "FP", "none", ",".join(g_found) or "-",
                             ",".join(j_found) or "-"))
                continue
            if len(expected) != 1:
                continue
            n_pos += 1
            phrase, kind, g_start, g_end = expected[0]
            pos = text.find(phrase)
            span = (pos, pos + len(phrase))

            preds: dict[str, dict | None] = {}
            m = best_overlap([(d.start, d.end, d) for d in find_dates(text, year=year)], span)
            preds["gongwen"] = (
                None if m is None else
                {"start": m.date_start, "end": m.date_end,
                 "recurring": m.kind == "recurring", "kind": m.kind})
            if jio:
                ents = jio_extract(jio, text, year)
                e = best_overlap([(x["offset"][0], x["offset"][1], x) for x in ents], span)
                preds["jio-ext"] = jio_prediction(e and e.get("detail"))
                preds["jio-gold"] = jio_prediction(jio_parse(jio, phrase, year))

            for sys_name, p in preds.items():
                sc = scores[sys_name]
                if g_end is not None:
                    sc.add("end", p is not None and same_date(p["end"], g_end))
                if kind == "period":
                    sc.add("start", p is not None and same_date(p["start"], g_start))
                sc.add("recurring", p is not None and p["recurring"] == (kind == "recurring"))
                if sys_name == "gongwen":
                    sc.add("kind3", p is not None and p["kind"] == kind)

            if jio:
                def show(p):
                    if p is None:
                        return "miss"
                    if p["recurring"]:
                        return "recurring"
                    return f"{p['start'] or '-'}..{p['end'] or '-'}"

                g, j = preds["gongwen"], preds["jio-ext"]

                def key(p):
                    if p is None:
                        return None
                    ok_end = g_end is not None and same_date(p["end"], g_end)
                    ok_start = kind == "period" and same_date(p["start"], g_start)
                    return (ok_end, ok_start, p["recurring"])

                if key(g) != key(j):
                    gold = "recurring" if kind == "recurring" else f"{g_start or '-'}..{g_end or '-'}"
                    disagreements.append((text, year, phrase, gold, show(g), show(j)))

    metrics = ["end", "start", "recurring", "kind3", "FP"]
    labels = {
        "end": "end date acc (one-date rows, gold end set)",
        "start": "start date acc (gold period rows)",
        "recurring": "kind acc: recurring vs one-off",
        "kind3": "kind acc: deadline/period/recurring",
        "FP": "false positives on negative rows (lower=better)",
    }
    print(f"Phrase-level date benchmark: {n_pos} one-date rows, {n_neg} negative rows "
          f"(tests/extractors/test_dates.py)")
    if jio:
        print(f"jionlp {getattr(jio, '__version__', '?')} ({Path(jio.__file__).parent})")
    else:
        print("jionlp not installed -- skipping jionlp columns (dev-only: pip install jionlp)")
    header = f"{'metric':<50}{'rows':>5}" + "".join(f"{s:>16}" for s in systems)
    print()
    print(header)
    print("-" * len(header))
    for metric in metrics:
        n = scores["gongwen"].n.get(metric, 0)
        row = f"{labels[metric]:<50}{n:>5}"
        row += "".join(f"{scores[s].cell(metric):>16}" for s in systems)
        print(row)
    print()
    print("gongwen = find_dates(text, year); XXXX gold dates compare month-day only.")
    if jio:
        print("jio-ext = jionlp.ner.extract_time(text, time_base); jio-gold = jionlp.parse_time(gold")
        print("phrase, time_base). time_base = Jan 1 of the row year, or Jan 1 "
              f"{NULL_YEAR_BASE} when year is None.")

    if jio:
        print()
        print(f"Disagreements gongwen vs jio-ext ({len(disagreements)}; first {MAX_DISAGREEMENTS}):")
        print("  text | year | gold phrase | gold | gongwen | jionlp")
        for text, year, phrase, gold, g, j in disagreements[:MAX_DISAGREEMENTS]:
            t = text.replace("\n", "\\n").replace("\t", "\\t")
            p = phrase.replace("\n", "\\n").replace("\t", "\\t")
            if len(t) > 28:
                t = t[:27] + "…"
            print(f"  {t} | {year} | {p} | {gold} | {g} | {j}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
