"""The PDF reader's two char sources: pdfminer (through pdfplumber) reads what PDFium cannot, and reads the corpus alike.

PDFium is the default; when it cannot open or parse a file, pdfminer reads it
with a ``W_PDF_FALLBACK`` warning (and the other way round when pdfminer is
asked first with ``engine="pdfplumber"``). The damaged files are made here from
:func:`tests.pipeline.ingest.readers.test_pdf_reader.make_pdf`; no binary fixture is committed.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

import pypdfium2
import pytest

import extractors
from pipeline import evaluate
from pipeline.errors import ReadError
from pipeline.chain import circular_to_rows, source_to_circular
from pipeline.run.batch import run
from pipeline.run.results import DocumentResult
from pipeline.ingest.readers import pdf as reader
from pipeline.ingest.readers.pdf import ENGINES, read_pdf
from pipeline.settings import Settings
from pipeline.run.storage import write_output
from tests.pipeline.ingest.readers.test_pdf_reader import line, make_pdf

from tests import ROOT
RENDERED = ROOT / "corpus" / "rendered"
GOLD_DIR = ROOT / "corpus" / "gold"
GOLD = {p.stem for p in GOLD_DIR.glob("*.json")}
SEEDS = {p.stem for p in (ROOT / "corpus" / "seeds").glob("*.txt")}
PDFS = sorted(p for p in RENDERED.rglob("*.pdf") if p.stem in GOLD)
SEED_PDFS = [p for p in PDFS if p.parent == RENDERED and p.stem in SEEDS]
#: How far a table's F1 on pdfminer's reading may lie from its F1 on PDFium's.
F1_TOLERANCE = 0.02
ROW_TABLES = ("tasks", "departments", "quotas", "dates")

HEALTHY = make_pdf(line(72, 700, "关于印发工作要点的通知"), line(72, 700, "附件：重点任务清单"))
HEALTHY_TEXT = "关于印发工作要点的通知\n附件：重点任务清单\n"


def _name(path: Path) -> str:
    return path.relative_to(RENDERED).as_posix()


# PDFium's load errors name its last error code, which another document may have left (…Success).): the
# rows give what the warning starts with, and which parser read the file in the end.
# fmt: off
FALLBACK = [
    # the catalog's page tree points at an object the file lacks: PDFium cannot load the file, pdfminer walks
    # the file's page objects
    (HEALTHY.replace(b"/Pages 2 0 R", b"/Pages 99 0 R"), "pdfium",
     "PDFium could not read the file (PdfiumError: Failed to load document", "pdfminer"),
    # the trailer names a catalog the file lacks
    (HEALTHY.replace(b"/Root 1 0 R", b"/Root 98 0 R"), "pdfium",
     "PDFium could not read the file (PdfiumError: Failed to load document", "pdfminer"),
    # the first kid of the page tree is missing: PDFium loads the file and fails on page 1
    (HEALTHY.replace(b"/Kids [", b"/Kids [99 0 R "), "pdfium",
     "PDFium could not read the file (page 1: PdfiumError: Failed to load page.)", "pdfminer"),
    # pdfminer asked first: a page tree not typed /Pages has no pages for it, PDFium reads it
    (HEALTHY.replace(b"/Type /Pages", b"/Type /Tree"), "pdfplumber", "pdfminer could not read the file (no pages)",
     "PDFium"),
]
# fmt: on


@pytest.mark.parametrize(("data", "engine", "why", "by"), FALLBACK, ids=["pages-missing", "root-missing", "kid-missing", "not-pages"])
def test_damaged_pdf_is_read_by_the_other_engine(data, engine, why, by):
    source = read_pdf("t.pdf", data, engine=engine)
    assert source.text == HEALTHY_TEXT
    [(code, message)] = source.warnings
    assert code == "W_PDF_FALLBACK" and message.startswith(why) and message.endswith(f"; read with {by}")


def test_fallback_warning_reaches_issues(tmp_path):
    """A file only pdfminer reads is a document, and its issues say how it was read."""
    path = tmp_path / "damaged.pdf"
    path.write_bytes(HEALTHY.replace(b"/Pages 2 0 R", b"/Pages 99 0 R"))
    result = run([path])
    assert not result.failures and len(result.documents) == 1
    fallback = [row.message for row in result.documents[0].tables["issues"] if row.code == "W_PDF_FALLBACK"]
    assert len(fallback) == 1 and fallback[0].startswith(FALLBACK[0][2])


def test_pdfium_failing_on_a_page_reads_the_whole_file_with_pdfminer(monkeypatch):
    """PDFium failing on page 2 of a real circular (simulated): pdfminer reads every page, tables and all."""
    path = RENDERED / "004_beabee60d13bb183.pdf"
    data = path.read_bytes()
    expected = read_pdf(str(path), data, engine="pdfplumber").text
    real = reader.P.read_page

    def failing(doc, index):
        if index == 1:
            raise pypdfium2.PdfiumError("Failed to load page.")
        return real(doc, index)

    monkeypatch.setattr(reader.P, "read_page", failing)
    source = read_pdf(str(path), data)
    assert source.text == expected and "\t" in expected
    assert source.warnings == (
        ("W_PDF_FALLBACK", "PDFium could not read the file (page 2: PdfiumError: Failed to load page.); read with pdfminer"),
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_pdf_neither_engine_reads_fails_naming_both(engine):
    """The first third of a circular: neither parser finds a file in it; one line gives both reasons."""
    data = (RENDERED / "002_7a1c7de3253825f7.pdf").read_bytes()
    with pytest.raises(ReadError) as caught:
        read_pdf("t.pdf", data[: len(data) // 3], engine=engine)
    message = str(caught.value)
    assert message.startswith("not a readable PDF (") and "PDFium: PdfiumError: " in message and "pdfminer: PSEOF: " in message
    assert caught.value.code == "E_READ" and "\n" not in message


def test_pdf_unknown_engine_is_refused():
    with pytest.raises(ValueError, match="engine must be one of pdfium, pdfplumber, got 'pdfminer'"):
        read_pdf("t.pdf", HEALTHY, engine="pdfminer")


# -- the rendered corpus read by either engine ------------------------------------------------------


@pytest.fixture(scope="module")
def by_engine(tmp_path_factory):
    """Every rendered PDF with a gold file, read with each engine and run through the pipeline.

    Returns ``{engine: {path: (result, scores)}}``: the document's rows and its
    per-table scores (each folder scored on its own, as equal file names must not meet).
    """
    settings = Settings()
    infos = extractors.load(settings.extractors)
    gold = evaluate.load_gold(GOLD_DIR)
    out: dict[str, dict] = {}
    for engine in ENGINES:
        results = {}
        for path in PDFS:
            data = path.read_bytes()
            source = read_pdf(str(path), data, engine=engine)
            assert source.warnings == (), (engine, path.name, source.warnings)  # each reads the corpus on its own
            circular = source_to_circular(replace(source, digest=hashlib.sha256(data).hexdigest()))
            results[path] = DocumentResult(circular.doc_id, source.path, circular_to_rows(circular, infos),
                                           circular.text, source.text)
        out[engine] = {}
        for folder in sorted({p.parent for p in PDFS}):
            members = [results[p] for p in PDFS if p.parent == folder]
            tables: dict[str, list] = {}
            for doc in members:
                for name, rows in doc.tables.items():
                    tables.setdefault(name, []).extend(rows)
            target = tmp_path_factory.mktemp(f"{engine}-scored")
            write_output(target, tables, {d.doc_id: (d.clean_text, d.source_text) for d in members}, {})
            report = evaluate.score(gold, evaluate.load_tables(target))
            for p in PDFS:
                if p.parent == folder:
                    out[engine][p] = (results[p], report.per_document[p.name])
    return out


@pytest.mark.parametrize("path", PDFS, ids=[_name(p) for p in PDFS])
def test_pdfplumber_engine_scores_like_pdfium(by_engine, path):
    pdfium, pdfminer = by_engine["pdfium"][path][1], by_engine["pdfplumber"][path][1]
    apart = {
        table: (round(pdfium[table].f1, 4), round(pdfminer[table].f1, 4))
        for table in evaluate.TABLES
        if abs(pdfium[table].f1 - pdfminer[table].f1) > F1_TOLERANCE
    }
    assert not apart


@pytest.mark.parametrize("path", SEED_PDFS, ids=[_name(p) for p in SEED_PDFS])
def test_pdfplumber_engine_gives_the_seed_rows(by_engine, path):
    """On the seed renderings the two engines give the same tasks, departments, quotas and dates, row for row."""
    pdfium, pdfminer = by_engine["pdfium"][path][0], by_engine["pdfplumber"][path][0]
    for table in ROW_TABLES:
        assert pdfminer.tables[table] == pdfium.tables[table], table
    assert pdfminer.tables["tasks"]


def test_pdf_page_count_error_of_both_engines_is_e_read(monkeypatch):
    """Issue #13: a PDF PDFium refuses and pdfminer opens but cannot count (a missing MediaBox raised TypeError
    in pdfminer) gave E_INTERNAL; it is E_READ naming both engines' reasons."""
    from pipeline.errors import ReadError
    from pipeline.ingest.readers import _pdf_pdfium, _pdf_plumber, pdf

    def refuse(data):
        raise ValueError("Failed to load document (PDFium: Data format error)")

    def no_count(doc):
        raise TypeError("'NoneType' object is not subscriptable")

    monkeypatch.setattr(_pdf_pdfium, "open_document", refuse)
    monkeypatch.setattr(_pdf_plumber, "page_count", no_count)
    data = (ROOT / "corpus" / "rendered" / "000_f6227b0145fbc2ea.pdf").read_bytes()
    with pytest.raises(ReadError) as caught:
        pdf.read_pdf("broken.pdf", data)
    assert type(caught.value) is ReadError and "TypeError" in str(caught.value)
