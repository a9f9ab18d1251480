"""End-to-end throughput, scaling, re-run and memory benchmark for ``gongwen run``.

Run from the repository root::

    python benchmarks/throughput.py                 # N=60 documents, 3 rounds
    python benchmarks/throughput.py --docs 500      # the issue's size for the re-run target
    python benchmarks/throughput.py --keep /tmp/gw  # keep corpus and outputs in /tmp/gw
    python benchmarks/throughput.py --pdf           # PDF readers side by side (pages/s), see below
    python benchmarks/throughput.py --all           # --pdf, plus one-document start-up and the memory ratio

Corpus: N circulars copied round-robin (ordered by file name, so PDF, DOCX and
TXT interleave) from ``corpus/rendered/*.pdf|*.docx`` (without ``scan_only.pdf``
and ``cid_garbage.pdf``), ``corpus/seeds/*.txt`` and ``corpus/dev/*.txt``.  Every
copy gets unique bytes, because gongwen's doc_id is the sha256 of the input
bytes and identical inputs are rejected as ``E_DUPLICATE``:

* TXT  -- a line ``（本文件第{i}份）`` is appended;
* PDF  -- a PDF comment ``%{i}`` is appended after ``%%EOF`` (readers ignore it);
* DOCX -- the zip is rewritten with the archive comment ``gongwen benchmark copy {i}``
  (the document XML is untouched).

Every measurement runs in a fresh subprocess under ``/usr/bin/time -f "%e %M"``
(wall seconds, peak RSS in KB), so interpreter start-up and imports count as
they do for a user.  Measurements are interleaved in rounds (``--rounds``,
default 3) and the median of each is reported, so that the noise of a shared
machine hits all of them alike; ratios are of those medians.

``--pdf`` compares PDF readers on the same PDFs (the rendered PDFs, reportlab's
and the LibreOffice 公文 ones of ``gongwen/``, copied up to ``--docs``), each in its own subprocess, interleaved in rounds: pypdfium2's
``get_text_range`` per page, pdfminer's ``extract_text``, pdfplumber's
``extract_text`` per page, gongwen's PDF reader alone (``read_pdf``) -- these
four time their loop over the files, imports aside -- and ``gongwen run
--workers 1`` end to end (wall, start-up included). It prints pages/s and the
ratios the PDF issue asks for, with the machine's load average.

``--all`` prints issue #16's figures in one run: the ``--pdf`` table, then
the start-up of ``gongwen run`` on one small circular into a fresh OUT (wall,
median of ``--rounds``) and the same run again with the input unchanged, then
the peak summed PSS of ``gongwen run --workers 1`` (parent and worker,
sampled from /proc) on ``--mem-docs`` documents of the mixed corpus vs a tenth
of them; the load average at the start and at the end.

Note on RSS: ``%M`` is the largest resident set of *one* process of the tree
(the rusage ``ru_maxrss`` of the waited child and its descendants), not the sum
over a worker pool.  The memory comparison therefore uses ``--workers 1`` runs.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SKIP_PDFS = {"scan_only.pdf", "cid_garbage.pdf"}
TIME = "/usr/bin/time"

BASELINE = r"""
import sys
import pdfplumber
pages = 0
for path in sys.argv[1:]:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            pages += 1
print(pages)
"""


#: One PDF reader's loop over the files named on its command line: prints pages and seconds (imports aside).
PDF_READERS = {
    "PDFium page + text page only": """
import pypdfium2
def read(path):
    doc = pypdfium2.PdfDocument(path)
    n = 0
    for page in doc:
        textpage = page.get_textpage(); textpage.close(); page.close(); n += 1
    doc.close()
    return n
""",
    "pypdfium2 get_text_range": """
import pypdfium2
def read(path):
    doc = pypdfium2.PdfDocument(path)
    n = 0
    for page in doc:
        textpage = page.get_textpage(); textpage.get_text_range(); textpage.close(); page.close(); n += 1
    doc.close()
    return n
""",
    "pdfminer extract_text": """
from pdfminer.high_level import extract_text
from pdfminer.pdfpage import PDFPage
def read(path):
    extract_text(path)
    with open(path, "rb") as f:
        return sum(1 for _ in PDFPage.get_pages(f))
""",
    "pdfplumber extract_text": """
import pdfplumber
def read(path):
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
        return len(pdf.pages)
""",
    "gongwen read_pdf": """
from pipeline.ingest.readers.pdf import read_pdf
import pypdfium2
def read(path):
    data = open(path, "rb").read()
    read_pdf(path, data)
    return len(pypdfium2.PdfDocument(data))
""",
}
PDF_LOOP = """
import sys, time
started, cpu = time.perf_counter(), time.process_time()
pages = sum(read(p) for p in sys.argv[1:])
print(pages, time.perf_counter() - started, time.process_time() - cpu)
"""


def pdf_readers(work: Path, n_docs: int, rounds: int) -> dict[str, dict[str, float]]:
    """Pages/s of each PDF reader and of ``gongwen run --workers 1`` on the same PDFs, and the issue's ratios;
    returns the rates by kind (``wall``, ``CPU``, ``best``) and reader."""
    os.environ["PYTHONPATH"] = os.pathsep.join([str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])])
    rendered = REPO / "corpus" / "rendered"
    sources = sorted(p for p in [*rendered.glob("*.pdf"), *rendered.glob("gongwen/*.pdf")] if p.name not in SKIP_PDFS)
    folder = work / "pdfs"
    folder.mkdir(parents=True)
    pdfs = []
    for i, src in zip(range(n_docs), itertools.cycle(sources)):
        pdfs.append(folder / f"{i:04d}_{src.name}")
        copy_unique(src, pdfs[-1], i)
    names = [*PDF_READERS, "gongwen run -w1 (end to end)"]
    walls: dict[str, list[float]] = {name: [] for name in names}
    cpus: dict[str, list[float]] = {name: [] for name in names}
    pages = 0
    env = installed_env(work)
    subprocess.run([*gongwen_argv(), "run", str(pdfs[0]), "-o", str(work / "pdf_warm"), "-q"], cwd=REPO, env=env,
                   check=True, capture_output=True)  # (fills the bytecode cache)
    for _ in range(rounds):
        for name, code in PDF_READERS.items():
            done = subprocess.run(
                [sys.executable, "-c", code + PDF_LOOP, *map(str, pdfs)], cwd=REPO, capture_output=True, text=True
            )
            if done.returncode:
                raise SystemExit(f"{name} failed: {done.stderr[-500:]}")
            n, wall, cpu = done.stdout.split()
            pages = int(n)
            walls[name].append(float(wall))
            cpus[name].append(float(cpu))
        out, stats = work / "out_pdf", work / "time.txt"
        argv = [*gongwen_argv(), "run", *map(str, pdfs), "-o", str(out), "--workers", "1", "--force", "-q"]
        subprocess.run([TIME, "-f", "%e %U %S", "-o", str(stats), *argv], cwd=REPO, env=env,
                       check=True, capture_output=True)
        wall, user, system = map(float, stats.read_text().split()[-3:])
        walls[names[-1]].append(wall)
        cpus[names[-1]].append(user + system)
    load = os.getloadavg()
    print(f"{len(pdfs)} PDFs, {pages} pages, {rounds} rounds (medians); {os.cpu_count()} CPUs; "
          f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print("pages/s by wall time, by CPU time (the fairer figure on a busy machine), both medians, and by the")
    print("least CPU time of the rounds (the run the other load disturbed least)")
    by = {"wall": walls, "CPU": cpus}
    rate = {kind: {name: pages / statistics.median(t) for name, t in times.items()} for kind, times in by.items()}
    rate["best"] = {name: pages / min(t) for name, t in cpus.items()}
    print(f"{'reader':34} {'wall':>9} {'CPU':>9} {'best':>9}")
    for name in names:
        print(f"{name:34} {rate['wall'][name]:9.1f} {rate['CPU'][name]:9.1f} {rate['best'][name]:9.1f}")
    for kind in rate:
        pdfium, plumber = rate[kind]["pypdfium2 get_text_range"], rate[kind]["pdfplumber extract_text"]
        for name in ("gongwen read_pdf", names[-1]):
            print(f"{kind:4} {name:30} {rate[kind][name] / pdfium:6.2f} x get_text_range (target >= 0.5)"
                  f"  {rate[kind][name] / plumber:6.2f} x pdfplumber (target >= 5)")
    for kind, rates in rate.items():
        print(f"{kind:4} ceiling: end to end with a reader that costs only PDFium's page loads "
              f"{_ceiling(rates):6.2f} x get_text_range")
    return rate


def _ceiling(rate: dict[str, float]) -> float:
    """What ``gongwen run`` end to end would be against ``get_text_range`` if its reader's own work cost nothing:
    its time per page, less ``read_pdf``'s, plus PDFium's page and text page loads (which every reader pays)."""
    per_page = 1 / rate["gongwen run -w1 (end to end)"] - 1 / rate["gongwen read_pdf"] + 1 / rate["PDFium page + text page only"]
    return 1 / per_page / rate["pypdfium2 get_text_range"]


def installed_env(work: Path) -> dict[str, str]:
    """The environment of a gongwen run as installed: bytecode cached, in a cache of ``work``'s (an environment
    with PYTHONDONTWRITEBYTECODE compiles every module of gongwen again in every process, about 0.3 s)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    return env


def start_up(work: Path, rounds: int) -> tuple[float, float]:
    """Wall seconds (medians) of ``gongwen run`` on one small circular into a fresh OUT (cold: a new process,
    every import), and of the same run again into that OUT (the input unchanged, nothing processed)."""
    one = work / "one" / "notice.txt"
    one.parent.mkdir(parents=True)
    shutil.copyfile(REPO / "corpus" / "seeds" / "000_f6227b0145fbc2ea.txt", one)
    env = installed_env(work)  # (its cache filled by a warm-up run)
    subprocess.run([*gongwen_argv(), "run", str(one), "-o", str(work / "one_warm"), "-q"], cwd=REPO, env=env,
                   check=True, capture_output=True)
    cold, again = [], []
    for k in range(rounds):
        out = work / f"one_out{k}"
        argv = [*gongwen_argv(), "run", str(one), "-o", str(out), "-q"]
        for times in (cold, again):
            started = time.perf_counter()
            subprocess.run(argv, cwd=REPO, env=env, check=True, capture_output=True)
            times.append(time.perf_counter() - started)
    return statistics.median(cold), statistics.median(again)


def tree_peak_mb(argv: list[str]) -> float:
    """Peak of the summed PSS (MB) of ``argv``'s process and its descendants, sampled every 0.05 s."""
    proc = subprocess.Popen(argv, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, sum(_pss_kb(pid) for pid in _tree(proc.pid)))
        time.sleep(0.05)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(argv[:4])} ...")
    return peak / 1024


def _tree(root: int) -> list[int]:
    """``root`` and the processes under it (from /proc)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += children.get(pid, [])
    return out


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def memory(work: Path, n_docs: int) -> tuple[float, float]:
    """Peak summed PSS (MB) of ``gongwen run --workers 1`` on ``n_docs`` documents of the mixed corpus and on
    the first tenth of them."""
    docs = make_corpus(work / "mem", n_docs)
    peaks = []
    for k, batch in enumerate((docs, docs[: n_docs // 10])):
        argv = [*gongwen_argv(), "run", *map(str, batch), "-o", str(work / f"mem_out{k}"), "--workers", "1", "--force", "-q"]
        peaks.append(tree_peak_mb(argv))
    return peaks[0], peaks[1]


def everything(work: Path, n_docs: int, rounds: int, mem_docs: int) -> int:
    """The issue's figures in one run: PDF readers side by side, one-document start-up and re-run, and memory."""
    load = os.getloadavg()
    print(f"load average at the start {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {os.cpu_count()} CPUs", flush=True)
    rate = pdf_readers(work, n_docs, rounds)
    print()
    cold, again = start_up(work, rounds)
    print(f"one small circular, fresh OUT (cold start)  {cold:6.2f} s wall  (target <= 0.4)")
    print(f"the same run again, input unchanged        {again:6.2f} s wall  (target <= 0.2)")
    big, small = memory(work, mem_docs)
    print(f"peak summed PSS, -w1, {mem_docs} vs {mem_docs // 10} documents  {big:.0f} MB / {small:.0f} MB = "
          f"{big / small:.2f}  (target <= 1.1)")
    load = os.getloadavg()
    print()
    print("summary, pages/s by CPU time (median of the rounds | least of the rounds):")
    for name in rate["CPU"]:
        line = []
        for kind in ("CPU", "best"):
            value, pdfium, plumber = (rate[kind][k] for k in (name, "pypdfium2 get_text_range", "pdfplumber extract_text"))
            line.append(f"{value:7.1f} = {value / pdfium:4.2f} x get_text_range, {value / plumber:5.2f} x pdfplumber")
        print(f"  {name:30} {' | '.join(line)}")
    print(f"load average at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; "
          f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    return 0


# --------------------------------------------------------------------------- corpus


def source_files() -> list[Path]:
    rendered = REPO / "corpus" / "rendered"
    files = [p for p in rendered.glob("*.pdf") if p.name not in SKIP_PDFS]
    files += list(rendered.glob("*.docx"))
    files += list((REPO / "corpus" / "seeds").glob("*.txt"))
    files += list((REPO / "corpus" / "dev").glob("*.txt"))
    return sorted(files, key=lambda p: (p.stem, p.suffix))


def copy_unique(src: Path, dst: Path, i: int) -> None:
    suffix = src.suffix.lower()
    if suffix == ".txt":
        text = src.read_text(encoding="utf-8")
        dst.write_text(text + f"\n（本文件第{i}份）\n", encoding="utf-8")
    elif suffix == ".pdf":
        dst.write_bytes(src.read_bytes() + b"\n%" + str(i).encode() + b"\n")
    elif suffix == ".docx":
        with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
            for info in zin.infolist():
                zout.writestr(info, zin.read(info.filename))
            zout.comment = f"gongwen benchmark copy {i}".encode()
    else:  # pragma: no cover - source_files() yields only the three kinds
        raise ValueError(src)


def make_corpus(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i, src in zip(range(n), itertools.cycle(source_files())):
        dst = folder / f"{i:04d}_{src.stem}{src.suffix}"
        copy_unique(src, dst, i)
        out.append(dst)
    return out


def count_pages(pdfs: list[Path]) -> int:
    import pdfplumber

    total = 0
    for p in pdfs:
        with pdfplumber.open(p) as pdf:
            total += len(pdf.pages)
    return total


# --------------------------------------------------------------------------- running


@dataclass
class Sample:
    wall: float
    rss_mb: float
    rc: int


@dataclass
class Measure:
    name: str
    argv: list[str]
    out: Path | None = None  # gongwen output folder (for the manifest check)
    samples: list[Sample] = field(default_factory=list)
    manifest: dict | None = None

    @property
    def wall(self) -> float:
        return statistics.median(s.wall for s in self.samples)

    @property
    def rss(self) -> float:
        return statistics.median(s.rss_mb for s in self.samples)


def gongwen_argv() -> list[str]:
    """The ``gongwen`` console script of this interpreter (not a pyenv/venv shim), as a user runs it."""
    exe = Path(sys.executable).parent / "gongwen"
    if exe.is_file():
        return [str(exe)]
    if found := shutil.which("gongwen"):
        return [found]
    return [sys.executable, "-c", "from pipeline.cli import cli; cli()"]


def timed(argv: list[str], stats_file: Path) -> Sample:
    cmd = [TIME, "-f", "%e %M", "-o", str(stats_file), *argv]
    proc = subprocess.run(
        cmd,
        check=False,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    wall_s, rss_kb = stats_file.read_text().split()[-2:]
    if proc.returncode not in (
        0,
        1,
    ):  # 1 = some inputs failed, reported via the manifest
        sys.stderr.write(proc.stderr)
        raise SystemExit(
            f"command failed ({proc.returncode}): {' '.join(argv[:4])} ..."
        )
    return Sample(float(wall_s), int(rss_kb) / 1024, proc.returncode)


def manifest_counts(out: Path) -> dict:
    data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    counts: dict[str, int] = {}
    for item in data["inputs"]:
        counts[item["status"]] = counts.get(item["status"], 0) + 1
    return counts


# --------------------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--docs", type=int, default=60, help="corpus size N (default 60)"
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="interleaved repetitions; medians are reported",
    )
    parser.add_argument(
        "--keep", type=Path, help="build corpus and outputs here and keep them"
    )
    parser.add_argument("--pdf", action="store_true", help="compare PDF readers on the rendered PDFs (pages/s)")
    parser.add_argument(
        "--all", action="store_true", help="issue #16's figures in one run: --pdf, one-document start-up, memory"
    )
    parser.add_argument(
        "--mem-docs", type=int, default=500, help="with --all: documents for the memory ratio (vs a tenth; default 500)"
    )
    args = parser.parse_args()
    if args.pdf or args.all:
        with tempfile.TemporaryDirectory(prefix="gongwen-pdf-bench-") as work:
            if args.all:
                return everything(Path(work), args.docs, args.rounds, args.mem_docs)
            pdf_readers(Path(work), args.docs, args.rounds)
            return 0
    if args.docs < 10:
        parser.error("--docs must be at least 10 (N/10 is measured too)")
    if not Path(TIME).exists():
        parser.error(f"{TIME} (GNU time) is needed")

    work = (
        args.keep.resolve()
        if args.keep
        else Path(tempfile.mkdtemp(prefix="gongwen-bench-"))
    )
    if args.keep and work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    try:
        docs = make_corpus(work / "corpus", args.docs)
        small = docs[: args.docs // 10]
        pdfs = [p for p in docs if p.suffix == ".pdf"]
        pages = count_pages(pdfs)
        kinds = {k: sum(p.suffix == k for p in docs) for k in (".pdf", ".docx", ".txt")}
        gw = gongwen_argv()
        sp = [str(p) for p in docs]
        out1, out2, out3 = work / "out_pdf", work / "out_all", work / "out_small"
        baseline = Measure(
            "baseline pdfplumber", [sys.executable, "-c", BASELINE, *map(str, pdfs)]
        )
        gw_pdf = Measure(
            "gongwen PDFs -w1",
            [
                *gw,
                "run",
                *map(str, pdfs),
                "-o",
                str(out1),
                "--workers",
                "1",
                "--force",
                "-q",
            ],
            out1,
        )
        all1 = Measure(
            "gongwen all -w1",
            [*gw, "run", *sp, "-o", str(out2), "--workers", "1", "--force", "-q"],
            out2,
        )
        all2 = Measure(
            "gongwen all -w2",
            [*gw, "run", *sp, "-o", str(out2), "--workers", "2", "--force", "-q"],
            out2,
        )
        rerun = Measure(
            "re-run unchanged -w2",
            [*gw, "run", *sp, "-o", str(out2), "--workers", "2", "-q"],
            out2,
        )
        tenth = Measure(
            "gongwen all N/10 -w1",
            [
                *gw,
                "run",
                *map(str, small),
                "-o",
                str(out3),
                "--workers",
                "1",
                "--force",
                "-q",
            ],
            out3,
        )
        order = [
            baseline,
            gw_pdf,
            all1,
            all2,
            rerun,
            tenth,
        ]  # rerun must directly follow all2 (same OUT)
        print(
            f"corpus: {len(docs)} docs ({kinds['.pdf']} PDF / {kinds['.docx']} DOCX / {kinds['.txt']} TXT), "
            f"{pages} PDF pages; N/10 = {len(small)} docs; {args.rounds} rounds; {os.cpu_count()} CPUs; "
            f"work dir {work}",
            flush=True,
        )
        for r in range(args.rounds):
            for m in order:
                m.samples.append(timed(m.argv, work / "time.txt"))
                if m.out is not None:
                    m.manifest = manifest_counts(m.out)
            print(
                f"  round {r + 1}/{args.rounds} done ({time.perf_counter() - started:.0f}s)",
                flush=True,
            )
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    n, n_small = len(docs), len(small)

    def verdict(value: float, target: float) -> str:
        return "PASS" if value >= target else "FAIL"

    rows = [
        # name, wall, rate, rss, ratio text, target text, verdict
        (baseline, f"{pages / baseline.wall:7.1f} pg/s", "reference", "", ""),
        (
            gw_pdf,
            f"{pages / gw_pdf.wall:7.1f} pg/s",
            f"{baseline.wall / gw_pdf.wall:.2f} x baseline",
            ">= 0.8",
            verdict(baseline.wall / gw_pdf.wall, 0.8),
        ),
        (all1, f"{n / all1.wall:7.1f} doc/s", "reference", "", ""),
        (
            all2,
            f"{n / all2.wall:7.1f} doc/s",
            f"{all1.wall / all2.wall:.2f} x -w1",
            ">= 1.6",
            verdict(all1.wall / all2.wall, 1.6),
        ),
        (
            rerun,
            f"{n / rerun.wall:7.1f} doc/s",
            f"{all2.wall / rerun.wall:.1f} x faster",
            ">= 20 @500",
            verdict(all2.wall / rerun.wall, 20),
        ),
        (
            tenth,
            f"{n_small / tenth.wall:7.1f} doc/s",
            f"RSS(N)/RSS(N/10) = {all1.rss / tenth.rss:.2f}",
            "n/a",
            "info",
        ),
    ]
    print()
    print(
        f"{'measurement':24} {'wall s':>7} {'rate':>13} {'RSS MB':>7}  {'ratio vs reference':30} {'target':>10}  result"
    )
    print("-" * 104)
    for m, rate, ratio, target, res in rows:
        print(
            f"{m.name:24} {m.wall:7.2f} {rate:>13} {m.rss:7.0f}  {ratio:30} {target:>10}  {res}"
        )
    print()
    print(
        f"walls are medians of {args.rounds} interleaved rounds (spread: "
        + ", ".join(
            f"{m.name.split()[0] if m is baseline else m.name} {min(s.wall for s in m.samples):.2f}-{max(s.wall for s in m.samples):.2f}"
            for m in order
        )
        + ")"
    )
    for m in order[1:]:
        rcs = sorted({s.rc for s in m.samples})
        print(f"  {m.name:24} manifest {m.manifest}  exit {rcs}")
    print(
        "RSS is the largest single process (ru_maxrss); the -w2 rows exclude the other worker/parent."
    )
    print(
        f"date {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; total {time.perf_counter() - started:.0f}s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
