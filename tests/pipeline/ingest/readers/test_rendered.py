"""Real document formats: the corpus rendered as PDF, DOCX, GB18030 text and web pages must score as well as its TXT.

corpus/rendered/ is made by ``scripts/render_corpus.py`` (reportlab, a script-only
dependency; the files are committed). Every rendering with a gold file is run
through the whole pipeline next to its TXT; each table's F1 on the rendering
may fall at most ``F1_TOLERANCE`` below the TXT's. A rendering is named after its
gold file (``<stem>.<ext>``); a second rendering of a seed in the same format
lives in a subfolder (``ttf/``: a TrueType CJK font, ``twocol/``: a two-column
gazette page, ``word/``: Word's own features, ``legacy/``: the ``word/`` files
saved as Word 97 ``.doc`` by LibreOffice), and each folder is scored on its
own so that equal file names never meet in one report. The ``.doc`` files are
read through LibreOffice: where ``soffice`` is not installed they are left out
of the run and their tests are skipped.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from pipeline import evaluate
from pipeline.run.batch import run
from pipeline.ingest.readers.legacy import PACKAGE, find_converter
from pipeline.run.storage import write_output

from tests import ROOT
RENDERED = ROOT / "corpus" / "rendered"
GOLD_DIR = ROOT / "corpus" / "gold"
GOLD = {p.stem for p in GOLD_DIR.glob("*.json")}
F1_TOLERANCE = 0.02
SUFFIXES = (".pdf", ".docx", ".txt", ".html", ".doc")
#: Whether LibreOffice is here to convert the legacy/ renderings (.doc) to DOCX.
HAVE_SOFFICE = find_converter() is not None
NO_SOFFICE = f"LibreOffice (soffice) is not installed: .doc renderings are not read (apt-get install {PACKAGE})"

#: Renderings known not to reach their TXT's F1: path under corpus/rendered -> reason. ``strict=False``:
#: the readers are being fixed by others, and a rendering that starts to pass is reported, not failed.
XFAIL: dict[str, str] = {}
#: PDFs whose text is not yet clean (test_rendered_pdf_text_is_clean): path -> reason, ``strict=False`` too.
XFAIL_CLEAN: dict[str, str] = {}

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"


def _txt_of(stem: str) -> Path:
    found = [p for folder in ("seeds", "dev") if (p := ROOT / "corpus" / folder / f"{stem}.txt").exists()]
    assert found, f"no TXT circular for rendered {stem}"
    return found[0]


def _name(path: Path) -> str:
    """The rendering's path under corpus/rendered: ``ttf/004_beabee60d13bb183.pdf``."""
    return path.relative_to(RENDERED).as_posix()


RENDERINGS = sorted(p for p in RENDERED.rglob("*") if p.suffix in SUFFIXES and p.stem in GOLD)
PDFS = [p for p in RENDERINGS if p.suffix == ".pdf"]
DOCXS = [p for p in RENDERINGS if p.suffix == ".docx"]
WORD = [p for p in DOCXS if p.parent.name == "word"]
TXTS = [p for p in RENDERINGS if p.suffix == ".txt"]
HTMLS = [p for p in RENDERINGS if p.suffix == ".html"]
LEGACY = [p for p in RENDERINGS if p.suffix == ".doc"]
#: The renderings the corpus run reads: the .doc ones only where LibreOffice can convert them.
READABLE = [p for p in RENDERINGS if p.suffix != ".doc" or HAVE_SOFFICE]


def _case(path: Path, xfail: dict[str, str] = XFAIL):
    reason = xfail.get(_name(path))
    marks = [pytest.mark.xfail(reason=reason, strict=False)] if reason else []
    if path.suffix == ".doc" and not HAVE_SOFFICE:
        marks.append(pytest.mark.skip(reason=NO_SOFFICE))
    return pytest.param(path, id=_name(path), marks=marks)


def _group(path: Path) -> str:
    """Scoring group: the rendering's folder, or ``txt`` for the circulars the renderings came from."""
    return "txt" if not path.is_relative_to(RENDERED) else path.parent.relative_to(RENDERED).as_posix()


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory):
    """One pipeline run over every rendering and the TXT circulars they came from, scored per folder.

    Returns ``(reports, clean, source)``: ``reports[group].per_document[file name]``,
    and the clean and source texts by resolved path.
    """
    txts = sorted({_txt_of(p.stem) for p in READABLE})
    result = run([*txts, *READABLE])
    assert not result.failures, result.failures
    docs = {Path(d.source_path).resolve(): d for d in result.documents}
    groups: dict[str, list] = {}
    for path in [*txts, *READABLE]:
        groups.setdefault(_group(path.resolve()), []).append(docs[path.resolve()])
    gold = evaluate.load_gold(GOLD_DIR)
    reports = {}
    for group, members in groups.items():
        tables: dict[str, list] = {}
        for doc in members:
            for name, rows in doc.tables.items():
                tables.setdefault(name, []).extend(rows)
        out = tmp_path_factory.mktemp("rendered")
        write_output(out, tables, {d.doc_id: (d.clean_text, d.source_text) for d in members}, {})
        reports[group] = evaluate.score(gold, evaluate.load_tables(out))
    clean = {path: d.clean_text for path, d in docs.items()}
    source = {path: d.source_text for path, d in docs.items()}
    return reports, clean, source


def _scores(reports, path: Path):
    return reports[_group(path.resolve())].per_document[path.name]


def test_rendered_corpus_present():
    assert len([p for p in PDFS if p.parent == RENDERED]) >= 10 and any(p.parent == RENDERED for p in DOCXS)
    assert (RENDERED / "scan_only.pdf").exists()
    assert len([p for p in PDFS if p.parent.name == "ttf"]) >= 2  # TrueType CJK font (fonts-wqy-microhei)
    assert [p for p in PDFS if p.parent.name == "twocol"]  # two-column gazette page
    assert len(WORD) >= 2 and len(TXTS) >= 2 and len(HTMLS) >= 2
    assert len(LEGACY) >= 2 and all(p.parent.name == "legacy" for p in LEGACY)
    assert all((RENDERED / "word" / f"{p.stem}.docx").exists() for p in LEGACY)  # saved from a word/ rendering


@pytest.mark.parametrize("path", [_case(p) for p in RENDERINGS])
def test_rendered_f1_matches_txt(corpus_run, path):
    reports, _, _ = corpus_run
    txt = _scores(reports, _txt_of(path.stem))
    got = _scores(reports, path)
    worse = {
        table: (round(txt[table].f1, 4), round(got[table].f1, 4))
        for table in evaluate.TABLES
        if got[table].f1 < txt[table].f1 - F1_TOLERANCE
    }
    diffs = [d for d in reports[_group(path.resolve())].diffs if d["document"] == path.name][:10]
    assert not worse, (worse, diffs)


def _prose(text: str) -> Counter:
    """Lines outside tables, white space aside (a wrap may eat a space)."""
    return Counter(re.sub(r"\s+", "", line) for line in text.split("\n") if line.strip() and "\t" not in line)


@pytest.mark.parametrize("path", [_case(p, XFAIL_CLEAN) for p in PDFS])
def test_rendered_pdf_text_is_clean(corpus_run, path):
    """No space between two Chinese characters (read or normalised) but where the TXT sets two fields apart
    (``来源：区政府办公室　　浏览次数``), no page numbers, no running headers.

    Every line of the normalised PDF text outside tables is a line of the
    normalised TXT, as often as there: a running header or footer left in
    would be a line the TXT lacks (or has once, as the letterhead).
    """
    _, clean, source = corpus_run
    key = path.resolve()
    text, txt = clean[key], clean[_txt_of(path.stem).resolve()]
    for what, where in ((source[key], source[_txt_of(path.stem).resolve()]), (text, txt)):
        for gap in re.finditer(rf"(.{{0,10}}[{CJK}])[ \u3000]+([{CJK}].{{0,10}})", what):
            before, after = gap.group(1)[-4:], gap.group(2)[:4]
            assert re.search(re.escape(before) + r"\s+" + re.escape(after), where), gap.group()
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    assert not [line for line in lines if re.fullmatch(r"[-—–]\s*\d+\s*[-—–]|第\d+页.*", line)]
    tables = "".join(re.sub(r"\s+", "", line) for line in text.split("\n") if "\t" in line)
    extra = [line for line in (_prose(text) - _prose(txt)) if line not in tables]  # a cell's continuation line
    assert not extra


@pytest.mark.parametrize("path", PDFS, ids=[_name(p) for p in PDFS])
def test_rendered_pdf_blocks_are_lines_with_pages(path):
    from pipeline.ingest.readers import read_path

    source = read_path(path)
    assert source.format == "pdf" and source.warnings == ()
    assert source.blocks and all(page is not None and box is not None for _, _, page, box in source.blocks)
    for start, end, _, (x0, top, x1, bottom) in source.blocks:
        assert 0 <= start <= end <= len(source.text)
        assert 0 <= x0 <= x1 and 0 <= top <= bottom
    pages = {page for _, _, page, _ in source.blocks}  # (a table row broken over pages interleaves two)
    assert pages == set(range(1, max(pages) + 1))


TITLED_PDFS = [p for p in PDFS if p.parent.name != "twocol"]


@pytest.mark.parametrize("path", TITLED_PDFS, ids=[_name(p) for p in TITLED_PDFS])
def test_rendered_fake_bold_title_read_once(path):
    """The title is drawn twice 0.3 pt apart (fake bold): the file holds doubled glyphs, the text holds it once."""
    import json

    from pipeline.ingest.readers import read_path

    pdfplumber = pytest.importorskip("pdfplumber")

    title = json.loads((GOLD_DIR / f"{path.stem}.json").read_text(encoding="utf-8"))["document"]["title"]
    raw = _txt_of(path.stem).read_text(encoding="utf-8-sig")
    key = re.sub(r"\s", "", title or "-")
    if key not in [re.sub(r"\s", "", line) for line in raw.split("\n")]:
        pytest.skip("the title is not a line of its own: drawn as body text")
    with pdfplumber.open(path) as pdf:
        doubled = sum(len(page.chars) - len(page.dedupe_chars().chars) for page in pdf.pages)
    assert doubled >= len(key)
    text = re.sub(r"\s", "", read_path(path).text)
    assert text.count(key) == re.sub(r"\s", "", raw).count(key)


def test_two_column_pdf_reads_column_by_column(corpus_run):
    """On a gazette page the left column is read to its end before the right one: the TXT's lines in order."""
    _, clean, _ = corpus_run
    for path in [p for p in PDFS if p.parent.name == "twocol"]:
        got = [re.sub(r"\s+", "", line) for line in clean[path.resolve()].split("\n") if line.strip()]
        want = [re.sub(r"\s+", "", line) for line in clean[_txt_of(path.stem).resolve()].split("\n") if line.strip()]
        assert got == want, path.name


# -- DOCX ------------------------------------------------------------------------------------

#: Text in the word/ renderings that Word does not show as content (scripts/render_corpus.py).
NEVER_READ = (
    "此句已删除",  # a tracked deletion (w:del / w:delText)
    "建立工作台账，每月10日前报送工作进展",  # a paragraph deleted with its mark
    "单击或点击此处输入文字",  # the placeholder of an empty content control
)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


@pytest.mark.parametrize("path", [_case(p, {}) for p in [*DOCXS, *LEGACY]])
def test_rendered_docx_text_is_the_txt(corpus_run, path):
    """The clean DOCX text has the TXT's lines, in order, once each: text box once, merged cells once per row,
    auto-numbered labels as typed ones, tracked deletions, placeholders, headers and footers out.

    The same for the .doc LibreOffice saved from a word/ rendering, read through LibreOffice again: the
    lists it splits at a restart, the content controls it copies and the placeholders it keeps as text
    (tests/pipeline/ingest/readers/test_docx_body.py and test_docx_numbering.py show each construct)."""
    _, clean, _ = corpus_run
    text = clean[path.resolve()]
    assert _lines(text) == _lines(clean[_txt_of(path.stem).resolve()])
    assert not [phrase for phrase in NEVER_READ if phrase in text]


def _parts(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as package:
        return {n: package.read(n).decode("utf-8") for n in package.namelist() if n.endswith(".xml")}


@pytest.mark.parametrize("path", WORD, ids=[_name(p) for p in WORD])
def test_rendered_word_docx_uses_word_features(path):
    """Each word/ rendering really holds what the reader must cope with (else the test above proves nothing)."""
    parts = _parts(path)
    body = parts["word/document.xml"]
    headers = [text for name, text in parts.items() if re.fullmatch(r"word/(header|footer)\d*\.xml", name)]
    assert body.count("<w:txbxContent>") == 2 and "<mc:Fallback>" in body  # one text box, written twice
    assert "<w:ins " in body and "<w:delText" in body  # a reviewed edit
    assert "<w:sdtContent>" in body and "<w:showingPlcHdr/>" in body  # content controls, one empty
    assert any(re.search(rf"<w:t>[^<]*[{CJK}]", h) for h in headers) and any(" PAGE " in h for h in headers)


@pytest.fixture(scope="module")
def libreoffice_docx(tmp_path_factory):
    """The word/ renderings saved again as DOCX by LibreOffice ("MS Word 2007 XML"), by file name."""
    import subprocess

    if not HAVE_SOFFICE:
        pytest.skip(f"LibreOffice (soffice) is not installed: the word/ renderings cannot be saved by it (apt-get install {PACKAGE})")
    tmp = tmp_path_factory.mktemp("libreoffice")
    subprocess.run(
        [find_converter(), "--headless", "--norestore", f"-env:UserInstallation={(tmp / 'profile').as_uri()}",
         "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(tmp / "out"), *map(str, WORD)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return {p.name: tmp / "out" / p.name for p in WORD}


@pytest.mark.parametrize("path", WORD, ids=[_name(p) for p in WORD])
def test_libreoffice_saved_docx_reads_as_word_docx(libreoffice_docx, path):
    """A word/ rendering saved by LibreOffice reads as the one Word wrote: the same lines, in order."""
    from pipeline.ingest.readers import read_path

    saved = libreoffice_docx[path.name]
    assert _lines(read_path(saved).text) == _lines(read_path(path).text)
    assert not [phrase for phrase in NEVER_READ if phrase in read_path(saved).text]


def test_libreoffice_saved_docx_uses_libreoffice_constructs(libreoffice_docx):
    """The saved files hold what LibreOffice writes differently (else the test above proves nothing)."""
    bodies = {name: _parts(path) for name, path in libreoffice_docx.items()}
    assert all("<Application>LibreOffice" in parts["docProps/app.xml"] for parts in bodies.values())
    documents = "".join(parts["word/document.xml"] for parts in bodies.values())
    # the placeholder out of its emptied control, and a control cut into copies of its text
    assert re.search(r"<w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:r><w:rPr></w:rPr></w:r></w:sdtContent></w:sdt>"
                     r"<w:r><w:rPr></w:rPr><w:t>单击或点击此处输入文字。", documents)
    assert re.search(r'(<w:sdt><w:sdtPr><w:id w:val="\d+"/><w:alias w:val="标题"/>.*?</w:sdt>){3}', documents)


def test_rendered_word_docx_cover_lists_and_merged_cells():
    """Across word/: Word lists ``%1、`` and ``（%1）`` in chineseCounting, and a 牵头单位 merged down a task table."""
    bodies = {p.name: _parts(p) for p in WORD}
    numbered = [n for n, parts in bodies.items() if "<w:numPr>" in parts["word/document.xml"]]
    lists = "".join(bodies[n]["word/numbering.xml"] for n in numbered)
    assert len(numbered) >= 2
    assert '<w:numFmt w:val="chineseCounting"/><w:suff w:val="nothing"/><w:lvlText w:val="%1、"/>' in lists
    assert '<w:numFmt w:val="chineseCounting"/><w:suff w:val="nothing"/><w:lvlText w:val="（%1）"/>' in lists
    assert any('<w:vMerge w:val="restart"/>' in parts["word/document.xml"] for parts in bodies.values())


# -- GB18030 text and web pages --------------------------------------------------------------


@pytest.mark.parametrize("path", TXTS, ids=[_name(p) for p in TXTS])
def test_rendered_gb18030_txt_is_the_txt(path):
    from pipeline.ingest.readers import read_path

    source = read_path(path)
    assert source.encoding == "gb18030" and source.warnings == ()
    assert source.text.replace("\r\n", "\n") == _txt_of(path.stem).read_text(encoding="utf-8-sig")


#: Site furniture of the HTML renderings: navigation, breadcrumb, article tools, related links, footer.
SITE_TEXT = ("当前位置", "无障碍", "手机版", "请输入关键字", "浏览次数", "打印本页", "相关链接", "主办单位", "ICP备", "网站标识码")


@pytest.mark.parametrize("path", HTMLS, ids=[_name(p) for p in HTMLS])
def test_rendered_html_is_the_article_only(corpus_run, path):
    """Only the article: no navigation, breadcrumb, related links or footer, and the TXT's lines in order."""
    _, clean, _ = corpus_run
    text = clean[path.resolve()]
    assert not [word for word in SITE_TEXT if word in text]
    assert _lines(text) == _lines(clean[_txt_of(path.stem).resolve()])


def test_rendered_scan_only_is_one_needs_ocr_failure():
    result = run([RENDERED / "scan_only.pdf"])
    assert not result.documents
    assert [f.code for f in result.failures] == ["E_NEEDS_OCR"]


def test_rendered_cid_page_is_skipped_with_warning():
    from pipeline.ingest.readers import read_path

    from pipeline.ingest.readers import ReadOptions

    source = read_path(RENDERED / "cid_garbage.pdf", limits=ReadOptions(ocr="off"))  # OCR: tests/pipeline/ingest/readers/test_ocr.py
    assert source.warnings == (("W_PAGE_NEEDS_OCR", "pages without usable text: [2]"),)
    assert "(cid:" not in source.text and source.text.startswith("Annex 3: list of contacts\n")
    assert {page for _, _, page, _ in source.blocks} == {1}


def test_pdf_line_spacing_rule():
    """A wide gap is a space between Latin/digits (ISO 9001), never between Chinese characters."""
    from pipeline.ingest.readers._pdf_layout import _line_text

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
