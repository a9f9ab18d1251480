"""Real document formats: the corpus rendered as PDF and DOCX must score as well as its TXT.

corpus/rendered/ is made by ``scripts/render_corpus.py`` (reportlab, a script-only
dependency; the files are committed). Every rendering with a gold file is run
through the whole pipeline next to its TXT; each table's F1 on the rendering
may fall at most ``F1_TOLERANCE`` below the TXT's.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from pipeline import evaluate
from pipeline.orchestrate import run
from pipeline.storage import write_output

ROOT = Path(__file__).resolve().parents[2]
RENDERED = ROOT / "corpus" / "rendered"
GOLD_DIR = ROOT / "corpus" / "gold"
GOLD = {p.stem for p in GOLD_DIR.glob("*.json")}
F1_TOLERANCE = 0.02

#: Renderings known not to reach their TXT's F1: (stem, format) -> reason. Empty: all reach it.
XFAIL: dict[tuple[str, str], str] = {}

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"


def _txt_of(stem: str) -> Path:
    found = [p for folder in ("seeds", "dev") if (p := ROOT / "corpus" / folder / f"{stem}.txt").exists()]
    assert found, f"no TXT circular for rendered {stem}"
    return found[0]


RENDERINGS = sorted(p for p in RENDERED.glob("*") if p.suffix in (".pdf", ".docx") and p.stem in GOLD)
PDFS = [p for p in RENDERINGS if p.suffix == ".pdf"]


def _case(path: Path):
    reason = XFAIL.get((path.stem, path.suffix[1:]))
    marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
    return pytest.param(path, id=path.name, marks=marks)


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory):
    """One pipeline run over every rendering and the TXT circulars they came from, scored against gold."""
    txts = sorted({_txt_of(p.stem) for p in RENDERINGS})
    result = run([*txts, *RENDERINGS])
    assert not result.failures, result.failures
    tables: dict[str, list] = {}
    for doc in result.documents:
        for name, rows in doc.tables.items():
            tables.setdefault(name, []).extend(rows)
    out = tmp_path_factory.mktemp("rendered")
    write_output(out, tables, {d.doc_id: (d.clean_text, d.source_text) for d in result.documents}, {})
    report = evaluate.score(evaluate.load_gold(GOLD_DIR), evaluate.load_tables(out))
    clean = {Path(d.source_path).name: d.clean_text for d in result.documents}
    source = {Path(d.source_path).name: d.source_text for d in result.documents}
    return report, clean, source


def test_rendered_corpus_present():
    assert len(PDFS) >= 10 and any(p.suffix == ".docx" for p in RENDERINGS)
    assert (RENDERED / "scan_only.pdf").exists()


@pytest.mark.parametrize("path", [_case(p) for p in RENDERINGS])
def test_rendered_f1_matches_txt(corpus_run, path):
    report, _, _ = corpus_run
    txt = report.per_document[_txt_of(path.stem).name]
    got = report.per_document[path.name]
    worse = {
        table: (round(txt[table].f1, 4), round(got[table].f1, 4))
        for table in evaluate.TABLES
        if got[table].f1 < txt[table].f1 - F1_TOLERANCE
    }
    diffs = [d for d in report.diffs if d["document"] == path.name][:10]
    assert not worse, (worse, diffs)


@pytest.mark.parametrize("path", PDFS, ids=[p.name for p in PDFS])
def test_rendered_pdf_text_is_clean(corpus_run, path):
    """No space between two Chinese characters (read or normalised), no page numbers, no running headers.

    Every line of the normalised PDF text outside tables is a line of the
    normalised TXT, as often as there: a running header or footer left in
    would be a line the TXT lacks (or has once, as the letterhead).
    """
    _, clean, source = corpus_run
    text, txt = clean[path.name], clean[_txt_of(path.stem).name]
    for what in (source[path.name], text):
        gap = re.search(rf".{{0,10}}[{CJK}][ \u3000]+[{CJK}].{{0,10}}", what)
        assert gap is None, gap.group()
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    assert not [line for line in lines if re.fullmatch(r"[-—–]\s*\d+\s*[-—–]|第\d+页.*", line)]

    def prose(text: str) -> Counter:  # lines outside tables, white space aside (a wrap may eat a space)
        return Counter(re.sub(r"\s+", "", line) for line in text.split("\n") if line.strip() and "\t" not in line)

    tables = "".join(re.sub(r"\s+", "", line) for line in text.split("\n") if "\t" in line)
    extra = [line for line in (prose(text) - prose(txt)) if line not in tables]  # a cell's continuation line
    assert not extra


@pytest.mark.parametrize("path", PDFS, ids=[p.name for p in PDFS])
def test_rendered_pdf_blocks_are_lines_with_pages(path):
    from pipeline.readers import read_path

    source = read_path(path)
    assert source.format == "pdf" and source.warnings == ()
    assert source.blocks and all(page is not None and box is not None for _, _, page, box in source.blocks)
    for start, end, _, (x0, top, x1, bottom) in source.blocks:
        assert 0 <= start <= end <= len(source.text)
        assert 0 <= x0 <= x1 and 0 <= top <= bottom
    pages = {page for _, _, page, _ in source.blocks}  # (a table row broken over pages interleaves two)
    assert pages == set(range(1, max(pages) + 1))


def test_rendered_scan_only_is_one_needs_ocr_failure():
    result = run([RENDERED / "scan_only.pdf"])
    assert not result.documents
    assert [f.code for f in result.failures] == ["E_NEEDS_OCR"]


def test_rendered_cid_page_is_skipped_with_warning():
    from pipeline.readers import read_path

    source = read_path(RENDERED / "cid_garbage.pdf")
    assert source.warnings == (("W_PAGE_NEEDS_OCR", "pages without usable text: [2]"),)
    assert "(cid:" not in source.text and source.text.startswith("Annex 3: list of contacts\n")
    assert {page for _, _, page, _ in source.blocks} == {1}


def test_pdf_line_spacing_rule():
    """A wide gap is a space between Latin/digits (ISO 9001), never between Chinese characters."""
    from pipeline.readers._pdf_layout import _line_text

    def chars(spec):
        out, x = [], 0.0
        for text, gap in spec:
            x += gap
            w = 6.0 if text.isascii() else 12.0
            out.append({"text": text, "x0": x, "x1": x + w, "top": 0.0, "bottom": 12.0, "size": 12.0})
            x += w
        return out

    assert _line_text(chars([("I", 0), ("S", 0), ("O", 0), ("9", 4), ("0", 0), ("0", 0), ("1", 0)])) == "ISO 9001"
    assert _line_text(chars([("质", 0), ("检", 6), ("工", 6), ("作", 6)])) == "质检工作"  # letter-spaced
    assert _line_text(chars([("2", 0), ("0", 0), ("质", 6), ("检", 0)])) == "20质检"  # CJK on one side: no space
