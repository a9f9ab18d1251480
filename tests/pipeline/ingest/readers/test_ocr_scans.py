"""Scans read by OCR, scored against the gold annotations (needs ``gongwen[ocr]``; skipped without it).

``tests/data/scans/`` holds image-only PDFs made from renderings of the corpus
(:mod:`tests.pipeline.ingest.readers._scans`: 200 dpi grayscale, grain and specks, turned up
to ±1°, JPEG pages). They run through the whole pipeline in a process pool
(so OCR runs in the workers, under their memory cap and time limit) and are
scored per table against ``corpus/gold``. The floors are issue #12's targets
for scans: tasks 0.85, departments 0.80, quotas and dates 0.75.

PP-OCRv4's recogniser knows the simplified characters and few traditional
ones: a circular in traditional characters (``dev07…``) loses most of them,
so it is scored on its own and expected to fall short (:data:`TRADITIONAL`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("rapidocr_onnxruntime", reason="OCR extra not installed: pip install 'gongwen[ocr]'")

from pipeline import evaluate  # noqa: E402
from pipeline.run.batch import run  # noqa: E402
from pipeline.settings import Settings  # noqa: E402
from pipeline.run.storage import write_output  # noqa: E402
from tests.pipeline.ingest.readers._scans import SCANS, SOURCES  # noqa: E402

from tests import ROOT
GOLD_DIR = ROOT / "corpus" / "gold"
#: Issue #12: what scans of circulars must score, per table.
FLOORS = {"tasks": 0.85, "departments": 0.80, "quotas": 0.75, "dates": 0.75}
#: Scans in traditional characters, beyond the recogniser's dictionary.
TRADITIONAL = {"dev07_jiangzhou_jiancha_trad_2024"}
SCANNED = [SCANS / name for name in SOURCES]


def _score(documents, stems: set[str], out: Path) -> evaluate.Report:
    tables: dict[str, list] = {}
    for doc in documents:
        for name, rows in doc.tables.items():
            tables.setdefault(name, []).extend(rows)
    write_output(out, tables, {d.doc_id: (d.clean_text, d.source_text) for d in documents}, {})
    gold = [g for g in evaluate.load_gold(GOLD_DIR) if evaluate.stem_of(g["source"]) in stems]
    return evaluate.score(gold, evaluate.load_tables(out))


@pytest.fixture(scope="module")
def scans_run(tmp_path_factory):
    """One run over every scan in a pool of two workers; reports for the simplified and the traditional ones."""
    assert all(path.exists() for path in SCANNED), "run python -m tests.pipeline.ingest.readers._scans"
    result = run(SCANNED, settings=Settings(workers=2, engine="processes"))
    docs = {Path(d.source_path).stem: d for d in result.documents}
    simplified = [d for stem, d in docs.items() if stem not in TRADITIONAL]
    reports = {
        "simplified": _score(simplified, {p.stem for p in SCANNED} - TRADITIONAL, tmp_path_factory.mktemp("scans")),
        "traditional": _score([docs[s] for s in TRADITIONAL if s in docs], TRADITIONAL, tmp_path_factory.mktemp("trad")),
    }
    return result, reports


def test_every_scan_is_read(scans_run):
    result, _ = scans_run
    assert not result.failures, result.failures
    assert len(result.documents) == len(SCANNED)


@pytest.mark.parametrize("table", sorted(FLOORS))
def test_scans_score_above_the_floor(scans_run, table):
    _, reports = scans_run
    report = reports["simplified"]
    got = report.totals[table]
    per_doc = {doc: round(scores[table].f1, 3) for doc, scores in report.per_document.items()}
    misses = [d for d in report.diffs if d["table"] == table][:10]
    assert got.f1 >= FLOORS[table], (round(got.f1, 3), per_doc, misses)


@pytest.mark.xfail(reason="PP-OCRv4's dictionary lacks most traditional characters (檢, 範, 險 … are dropped)", strict=False)
def test_traditional_scan_scores_above_the_floor(scans_run):
    _, reports = scans_run
    report = reports["traditional"]
    assert all(report.totals[table].f1 >= floor for table, floor in FLOORS.items())


def test_scan_rows_have_pages_and_boxes(scans_run):
    result, _ = scans_run
    for doc in result.documents:
        tasks = doc.tables["tasks"]
        assert tasks, doc.source_path
        assert all(t.page_start is not None and t.page_end is not None for t in tasks)
        if Path(doc.source_path).stem in TRADITIONAL:
            continue
        assert {t.page_end for t in tasks} - {None} <= set(range(1, 4))


def test_ocr_reads_offline():
    """The engine loads its models from the wheel: a page is read in a process with no network at all."""
    unshare = shutil.which("unshare")
    if unshare is None or os.geteuid() != 0:
        pytest.skip("needs root and unshare(1) to take the network away")
    code = (
        "from pathlib import Path; from pipeline.ingest.readers import read_path; "
        f"s = read_path(Path({str(SCANS / 'dev03_anquan_pdfstyle_2024.pdf')!r})); print(s.text.splitlines()[0])"
    )
    probe = subprocess.run([unshare, "-n", "true"], capture_output=True)
    if probe.returncode:
        pytest.skip(f"unshare -n is not allowed here: {probe.stderr.decode().strip()}")
    out = subprocess.run([unshare, "-n", sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert out.returncode == 0, out.stderr
    assert "安全生产工作实施方案" in out.stdout


#: The first three pages of a real circular (govcn-41, dev2: the State Council's 国家粮食应急预案) set as a 公文 by
#: ``scripts/render_gongwen.py --pages corpus/real/dev2`` and scanned by :func:`~tests.pipeline.ingest.readers._scans.scan_pdf`
#: (seed ``zlib.crc32(b"govcn-41.pdf")``): its 版头, its 目录, whose 目 录 the recogniser reads 目, and the first items.
REAL_SCAN = SCANS / "real" / "govcn-41_p1-3.pdf"


@pytest.fixture(scope="module")
def real_scan():
    result = run([REAL_SCAN])
    assert not result.failures, result.failures
    return result.documents[0]


def test_real_scan_document_fields(real_scan):
    """国办函〔2005]57号 and 二00五年六月十一日 as first read lost the document number and the issue date."""
    (document,) = real_scan.tables["documents"]
    assert (document.doc_number, document.issue_date, document.issuer) == ("国办函〔2005〕57号", "2005-06-11", "国务院办公厅")


def test_real_scan_contents_are_no_items(real_scan):
    """Its contents without their 目录 line are no items (read as items, its entries were 17 tasks of bare
    headings): the tasks are the body's three on page 3, the first with its text."""
    tasks = real_scan.tables["tasks"]
    assert [t.number for t in tasks] == ["1.1", "1.2.1", "1.2.2"]
    assert tasks[0].text.startswith("编制目的及依据\n为了有效监测"), tasks[0].text[:40]

