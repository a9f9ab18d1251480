"""OCR speed (pages/s per worker) and proof that text-PDF runs are not slowed by the OCR extra.

Run from the repository root with ``gongwen[ocr]`` installed::

    python benchmarks/ocr.py               # 3 rounds
    python benchmarks/ocr.py --rounds 5
    python benchmarks/ocr.py --only text   # or --only ocr

1. **OCR pages/s per worker.** Every scan of ``tests/data/scans/`` is read by
   ``read_pdf`` in a fresh subprocess with one OCR thread
   (``GONGWEN_OCR_THREADS=1``, what a pool worker uses: a run of N workers
   reads about N times this), then with every core (what ``--engine serial``
   uses for a single file). The engine's start (loading the models, once per
   process) is timed apart from the pages; CPU seconds per page are printed
   too, since wall time on a shared machine drifts with its load.
2. **Text PDFs with and without the extra.** The rendered text PDFs
   (``corpus/rendered/*.pdf`` without ``scan_only.pdf`` and
   ``cid_garbage.pdf``) are read by ``read_pdf`` and run end to end
   (``pipeline.run.batch.run`` in this process, ``engine="serial"``), in
   subprocesses that either can import the extra or cannot
   (``sys.modules["rapidocr_onnxruntime"] = None``: not importable, and
   ``find_spec`` finds nothing). The two kinds alternate in rounds and the
   medians are compared; each subprocess also reports which of the OCR
   module, the engine, onnxruntime and OpenCV it imported: never the last
   three; the module itself (no heavy import) only when a page has so little
   text that it may be a scan with a watermark, to look for a page image.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCANS = REPO / "tests" / "data" / "scans"
SKIP = {"scan_only.pdf", "cid_garbage.pdf"}
OCR_MODULES = ("pipeline.ingest.readers.ocr", "rapidocr_onnxruntime", "onnxruntime", "cv2")

_OCR_PAGES = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    from pipeline.ingest.readers import ocr as O
    from pipeline.ingest.readers.pdf import read_pdf
    t0 = time.perf_counter(); c0 = time.process_time()
    O._get_engine()
    load = time.perf_counter() - t0
    pages = 0; t1 = time.perf_counter(); c1 = time.process_time()
    for path in sys.argv[1:]:
        source = read_pdf(path, Path(path).read_bytes())
        pages += max(p for _, _, p, _ in source.blocks)
    print(json.dumps({"pages": pages, "load": load, "wall": time.perf_counter() - t1, "cpu": time.process_time() - c1}))
    """
)

_TEXT_PDFS = textwrap.dedent(
    """
    import json, sys, time
    if sys.argv[1] == "without":
        sys.modules["rapidocr_onnxruntime"] = None  # the extra is not installed
    from pathlib import Path
    from pipeline.run.batch import run
    from pipeline.ingest.readers.pdf import read_pdf
    from pipeline.settings import Settings
    paths = [Path(p) for p in sys.argv[2:]]
    data = [p.read_bytes() for p in paths]
    t0 = time.perf_counter()
    for path, raw in zip(paths, data):
        read_pdf(str(path), raw)
    read = time.perf_counter() - t0
    t1 = time.perf_counter()
    result = run(paths, settings=Settings(engine="serial"))
    assert not result.failures, result.failures
    end_to_end = time.perf_counter() - t1
    loaded = [m for m in %r if sys.modules.get(m) is not None]
    print(json.dumps({"read": read, "run": end_to_end, "loaded": loaded}))
    """
    % (OCR_MODULES,)
)


def _python(code: str, *args: str, env: dict | None = None) -> dict:
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=REPO,
                         env={**os.environ, **(env or {})})
    if out.returncode:
        raise SystemExit(f"benchmark subprocess failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def ocr_speed(rounds: int) -> dict:
    scans = [str(p) for p in sorted(SCANS.rglob("*.pdf"))]
    results = {}
    for label, threads in (("one thread (a pool worker)", "1"), (f"{os.cpu_count()} threads (serial)", str(os.cpu_count()))):
        runs = [_python(_OCR_PAGES, *scans, env={"GONGWEN_OCR_THREADS": threads}) for _ in range(rounds)]
        pages = runs[0]["pages"]
        wall = statistics.median(r["wall"] for r in runs)
        cpu = statistics.median(r["cpu"] for r in runs)
        results[label] = {"pages": pages, "pages_per_s": pages / wall, "s_per_page": wall / pages,
                          "cpu_s_per_page": cpu / pages, "engine_load_s": statistics.median(r["load"] for r in runs)}
    return results


def text_pdfs(rounds: int) -> dict:
    pdfs = [str(p) for p in sorted((REPO / "corpus" / "rendered").glob("*.pdf")) if p.name not in SKIP]
    runs: dict[str, list[dict]] = {"with": [], "without": []}
    for _ in range(rounds):
        for kind in ("with", "without"):
            runs[kind].append(_python(_TEXT_PDFS, kind, *pdfs))
    out = {}
    for kind, results in runs.items():
        out[kind] = {
            "files": len(pdfs),
            "read_s": statistics.median(r["read"] for r in results),
            "run_s": statistics.median(r["run"] for r in results),
            "ocr_modules_loaded": sorted({m for r in results for m in r["loaded"]}),
        }
    out["read_ratio"] = out["with"]["read_s"] / out["without"]["read_s"]
    out["run_ratio"] = out["with"]["run_s"] / out["without"]["run_s"]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", choices=("ocr", "text"), help="run one of the two measurements")
    args = parser.parse_args()
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        print("the OCR extra is not installed: pip install 'gongwen[ocr]'", file=sys.stderr)
        return 2
    print(f"load average: {os.getloadavg()}, cores: {os.cpu_count()}")
    for label, r in (ocr_speed(args.rounds) if args.only != "text" else {}).items():
        print(f"OCR, {label}: {r['pages']} pages, {r['pages_per_s']:.3f} pages/s ({r['s_per_page']:.1f} s/page wall, "
              f"{r['cpu_s_per_page']:.1f} s CPU/page), engine start {r['engine_load_s']:.1f} s")
    if args.only == "ocr":
        return 0
    text = text_pdfs(args.rounds)
    for kind in ("with", "without"):
        r = text[kind]
        print(f"text PDFs, extra {kind + ' importable':>18}: {r['files']} files, read_pdf {r['read_s']:.2f} s, "
              f"run (serial) {r['run_s']:.2f} s, OCR modules loaded: {r['ocr_modules_loaded'] or 'none'}")
    print(f"with / without: read {text['read_ratio']:.3f}, run {text['run_ratio']:.3f}")
    print(f"load average: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
