"""Start-up of ``gongwen run``: CPU and wall of a one-document run, of an unchanged re-run, and of the commit.

Run from the repository root::

    python benchmarks/startup.py                      # 5 rounds, corpus/seeds/002_7a1c7de3253825f7.txt
    python benchmarks/startup.py --rounds 9 --commit corpus/   # and the commit of corpus/'s documents

Issue #16 asks for a one-document run (cold: a fresh OUT) in at most 0.4 s of wall and an unchanged
re-run in at most 0.2 s. On a shared machine wall time follows the load, so each figure comes with
its CPU time (the run and its pool workers, from ``getrusage``), split into the parent and the
workers, and the load average; medians of ``--rounds``.

Every run is a fresh interpreter with bytecode caching on (in a temporary ``PYTHONPYCACHEPREFIX``,
after one warm-up run), as for an installed gongwen: with ``PYTHONDONTWRITEBYTECODE=1`` every run
would compile gongwen's sources again (about 0.3 s).

``--commit DIR`` runs ``gongwen run DIR`` once, then times :meth:`OutputWriter.commit` alone (its
imports included) on those documents' rows, read back from the result cache.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "corpus" / "seeds" / "002_7a1c7de3253825f7.txt"

#: Runs the CLI and prints, at exit, the CPU seconds of this process and of its (pool) children, and its wall.
RUN = """
import atexit, json, resource, sys, time
started = time.perf_counter()
def report():
    own, pool = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"parent": own.ru_utime + own.ru_stime, "workers": pool.ru_utime + pool.ru_stime,
                      "wall": time.perf_counter() - started}), file=sys.stderr)
atexit.register(report)
from pipeline.cli import cli
cli(sys.argv[1:])
"""

#: Adds the rows a run cached to a new OutputWriter, then prints the CPU and wall of its commit.
COMMIT = """
import gzip, json, resource, sys, tempfile, time
from pathlib import Path
from pipeline.run.storage import OutputWriter
documents = [json.loads(gzip.decompress(p.read_bytes())) for p in sorted(Path(sys.argv[1]).glob("*/*.json.gz"))]
with OutputWriter(Path(tempfile.mkdtemp(dir=sys.argv[2]))) as writer:
    for d in documents:
        writer.add_document(d["doc_id"], d["lines"], d["clean_text"], d["source_text"])
    before, started = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    writer.commit({})
    wall, after = time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF)
cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
print(json.dumps({"documents": len(documents), "parent": cpu, "workers": 0.0, "wall": wall,
                  "peak_rss_mb": after.ru_maxrss / 1024}))
"""


def run(env: dict[str, str], target: Path, out: Path) -> dict[str, float]:
    done = subprocess.run([sys.executable, "-c", RUN, "run", str(target), "-o", str(out), "-q"], env=env,
                          cwd=ROOT, capture_output=True, text=True)
    if done.returncode not in (0, 1):  # 1: some input failed (corpus/'s scan without OCR), the rest were written
        sys.exit(f"gongwen run failed ({done.returncode}): {done.stderr[-2000:]}")
    return json.loads(done.stderr.strip().splitlines()[-1])


def line(name: str, samples: list[dict[str, float]], target: float | None = None) -> str:
    wall = statistics.median(s["wall"] for s in samples)
    cpu = statistics.median(s["parent"] + s["workers"] for s in samples)
    parent = statistics.median(s["parent"] for s in samples)
    verdict = "" if target is None else f"  (target ≤ {target} s wall: {'met' if wall <= target else 'not met'})"
    return (f"{name:28} wall {wall:.3f} s   CPU {cpu:.3f} s (parent {parent:.3f}, workers {cpu - parent:.3f})"
            f"{verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--input", type=Path, default=SMALL, help="the one document (default: a seed circular)")
    parser.add_argument("--commit", type=Path, help="also time the commit of this folder's documents")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gongwen-startup-") as work:
        work = Path(work)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
        run(env, args.input, work / "warm-up")  # writes the bytecode caches
        load = os.getloadavg()[0]
        cold, rerun = [], []
        for i in range(args.rounds):  # interleaved, so the machine's noise hits both alike
            cold.append(run(env, args.input, work / f"cold-{i}"))
            rerun.append(run(env, args.input, work / "warm-up"))
        print(f"load average {load:.2f} → {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; "
              f"medians of {args.rounds} rounds; {args.input.name}")
        print(line("one document, fresh OUT", cold, 0.4))
        print(line("unchanged re-run", rerun, 0.2))
        if args.commit:
            out = work / "commit"
            run(env, args.commit, out)
            samples = []
            for _ in range(args.rounds):
                done = subprocess.run([sys.executable, "-c", COMMIT, str(out / ".gongwen" / "cache"), str(work)],
                                      env=env, cwd=ROOT, capture_output=True, text=True, check=True)
                samples.append(json.loads(done.stdout))
            peak = statistics.median(s["peak_rss_mb"] for s in samples)
            print(line(f"commit of {samples[0]['documents']} documents", samples) + f"   peak RSS {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
