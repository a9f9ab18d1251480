"""Hostile and broken inputs: the batch always lands, each bad file is one failure row with a stable code.

The inputs are made at test time by :mod:`tests.badinput.make_bad_inputs`
under pytest's ``tmp_path``; no binary fixture is committed.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.run.batch import run
from pipeline.run.inputs import path_from_printable, printable_path
from pipeline.run.results import DocumentResult
from pipeline.ingest.readers import content_format, read_path
from tests.badinput import make_bad_inputs as bad

#: Whether gongwen[ocr] is installed: pages without usable text are then read by OCR, not skipped.
OCR = importlib.util.find_spec("rapidocr_onnxruntime") is not None

from tests import ROOT
GOOD = ROOT / "corpus" / "seeds" / "002_7a1c7de3253825f7.txt"
GOOD_NAME = "good_circular.txt"

#: kind -> (code, or "OK" when the file is read; a warning its issues must carry, or None)
# fmt: off
EXPECTED = {
    "empty_txt":                    ("E_EMPTY", None),
    "empty_pdf":                    ("E_EMPTY", None),
    "whitespace_txt":               ("E_EMPTY", None),
    "pdf_truncated":                ("E_READ", None),
    "pdf_header_only":              ("E_READ", None),
    "pdf_broken_xref":              ("OK", None),          # pdfminer rebuilds the xref by scanning objects
    "pdf_encrypted_user_password":  ("E_ENCRYPTED", None),
    "pdf_encrypted_empty_password": ("OK", None),          # permissions-only encryption opens without a password
    "pdf_image_only":               ("E_NEEDS_OCR", None),
    "pdf_cid_text":                 ("OK", None if OCR else "W_PAGE_NEEDS_OCR"),  # page 2 is (cid:…): OCRed with gongwen[ocr]
    "pdf_really_docx":              ("OK", "W_FORMAT_MISMATCH"),
    "pdf_random_bytes":             ("E_FORMAT", None),
    "docx_really_pdf":              ("OK", "W_FORMAT_MISMATCH"),
    "docx_not_zip":                 ("E_FORMAT", None),
    "docx_legacy_doc":              ("E_READ", None),      # OLE2 signature, damaged header: refused before LibreOffice runs
    "doc_word_html":                ("OK", "W_FORMAT_MISMATCH"),  # Word's "save as web page" named .doc: read as HTML
    "wps_damaged_ole":              ("E_READ", None),      # same for .wps, with or without LibreOffice installed
    "docx_truncated_zip":           ("E_READ", None),
    "docx_zip_without_document":    ("E_READ", None),
    "docx_zip_bomb":                ("E_UNSAFE", None),
    "docx_zip_ratio":               ("E_UNSAFE", None),
    "docx_xxe":                     ("E_UNSAFE", None),
    "docx_billion_laughs":          ("E_UNSAFE", None),
    "docx_deep_nesting":            ("E_READ", None),      # lxml's 256-level limit (python-docx has no huge_tree)
    "txt_gb18030":                  ("OK", None),
    "txt_utf16_no_bom":             ("OK", None),
    "txt_random_bytes":             ("E_DECODE", None),
    "txt_nul_bytes":                ("E_DECODE", None),
    "txt_deep_numbering":           ("OK", None),
    "txt_leading_dash_name":        ("OK", None),
    "txt_newline_in_name":          ("E_EMPTY", None),     # made only where file names may hold a newline
    "txt_non_utf8_name":            ("OK", None),          # recorded escaped: \xd6\xd0\xce\xc4.txt
    "txt_formula_and_escape":       ("OK", None),          # text, never a formula or a terminal escape
    "html_script":                  ("OK", None),
    "html_deep_nesting":            ("OK", "W_HTML_DEEP"),
    "html_entities":                ("OK", None),
    "html_embed":                   ("OK", None),          # the tasks after an <embed> are read
    "html_fragment":                ("OK", None),          # a bare <p>a</p>
    "html_hidden_body":             ("OK", None),          # <body style="visibility: hidden">, shown by script
    "docx_huge_gridspan":           ("OK", None),          # the span ends at the grid
    "ofd_image_only":               ("E_NEEDS_OCR", None),
    "ofd_xxe":                      ("E_UNSAFE", None),
}
# fmt: on
#: Kinds that are folders or links, not inputs: they must yield no row at all.
NOT_INPUTS = {"symlink_loop", "dir_named_txt", "fifo_named_txt"}
#: Kinds the generator makes only where the system allows them.
OPTIONAL = {"txt_newline_in_name", "txt_non_utf8_name", "fifo_named_txt"}


def _one_line_reason(reason: str) -> None:
    assert reason and "\n" not in reason and "\r" not in reason, repr(reason)
    assert "Traceback" not in reason and 'File "' not in reason, reason
    assert len(reason) <= 400, reason


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """Every bad kind plus one good circular, in one folder."""
    folder = tmp_path_factory.mktemp("badinput")
    kinds = bad.make(folder)
    shutil.copyfile(GOOD, folder / GOOD_NAME)
    return folder, kinds


@pytest.fixture(scope="module")
def batch(folder):
    path, _ = folder
    started = time.perf_counter()
    result = run([path])
    return result, time.perf_counter() - started


def _outcomes(result) -> dict[str, list[tuple[str, str]]]:
    """source_path -> [(code or "OK", reason or "")], one entry per row the run produced."""
    seen: dict[str, list[tuple[str, str]]] = {}
    for doc in result.documents:
        seen.setdefault(doc.source_path, []).append(("OK", ""))
    for failure in result.failures:
        seen.setdefault(failure.source_path, []).append((failure.code, failure.reason))
    return seen


def test_generator_makes_at_least_twenty_kinds(folder):
    _, kinds = folder
    assert len(kinds) >= 20
    assert set(kinds) <= set(EXPECTED) | NOT_INPUTS
    assert (set(EXPECTED) | NOT_INPUTS) - set(kinds) <= OPTIONAL


def test_bomb_is_small_on_disk(folder):
    path, kinds = folder
    assert (path / kinds["docx_zip_bomb"]).stat().st_size < 4 * 1024 * 1024


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_bad_input_outcome(kind, folder, batch):
    path, kinds = folder
    if kind not in kinds:
        pytest.skip(f"{kind} cannot be made on this system")
    result, _ = batch
    outcomes = _outcomes(result)
    key = printable_path(path / kinds[kind])
    assert len(outcomes.get(key, [])) == 1, (key, outcomes.get(key))
    code, reason = outcomes[key][0]
    expected, warning = EXPECTED[kind]
    assert code == expected, (kind, code, reason)
    if code != "OK":
        _one_line_reason(reason)
    if warning:
        doc = next(d for d in result.documents if d.source_path == key)
        assert warning in {row.code for row in doc.tables["issues"]}, kind


def _loop_links(path: Path, kinds: dict) -> list[str]:
    """The looping links with document names (a.txt ↔ b.txt): reported as E_READ failures."""
    loop = path / kinds["symlink_loop"]
    return sorted(str(p) for p in (loop / "a.txt", loop / "b.txt") if p.is_symlink())


def test_batch_has_no_internal_errors_and_nothing_else(folder, batch):
    path, kinds = folder
    result, _ = batch
    assert not [f for f in result.failures if f.code in ("E_INTERNAL", "E_DUPLICATE")]
    expected_paths = {printable_path(path / kinds[k]) for k in EXPECTED if k in kinds} | {str(path / GOOD_NAME)}
    expected_paths |= set(_loop_links(path, kinds))
    assert set(_outcomes(result)) == expected_paths


def test_good_circular_rows_unchanged_by_bad_neighbours(folder, batch):
    path, _ = folder
    result, _ = batch
    good = path / GOOD_NAME
    alone = run([good])
    assert not alone.failures and len(alone.documents) == 1
    together = [d for d in result.documents if d.source_path == str(good)]
    assert len(together) == 1
    assert together[0].tables == alone.documents[0].tables
    assert len(together[0].tables["tasks"]) > 0


def test_symlink_loop_does_not_hang_or_duplicate(folder, batch):
    """The folder walk never follows symlinked folders, so ``loop/self -> ..`` adds nothing;
    only the two looping file links are there, once each."""
    path, kinds = folder
    result, seconds = batch
    if not (path / kinds["symlink_loop"] / "self").is_symlink():
        pytest.skip("no symlinks on this system")
    assert seconds < 30
    assert sorted(p for p in _outcomes(result) if "/loop/" in p.replace(os.sep, "/")) == _loop_links(path, kinds)


def test_symlink_loop_with_document_name_is_reported(folder, batch):
    path, kinds = folder
    result, _ = batch
    if not (path / kinds["symlink_loop"] / "a.txt").is_symlink():
        pytest.skip("no symlinks on this system")
    assert str(path / kinds["symlink_loop"] / "a.txt") in {f.source_path for f in result.failures}


def test_cli_run_over_bad_folder(folder, tmp_path):
    path, kinds = folder
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["run", str(path), "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = [line for line in result.output.splitlines() if line.startswith("gongwen: ")]
    failing = {k: v for k, v in EXPECTED.items() if v[0] != "OK" and k in kinds}
    loop_links = _loop_links(path, kinds)
    assert len(lines) == len(failing) + len(loop_links)
    for kind, (code, _) in failing.items():
        if "\n" in kinds[kind]:
            continue  # see test_cli_failure_lines_stay_one_line_for_any_name
        prefix = f"gongwen: {path / kinds[kind]}: {code} "
        assert sum(line.startswith(prefix) for line in lines) == 1, (kind, lines)
    import pandas as pd

    failures = pd.read_parquet(out / "failures.parquet")
    assert sorted(failures["code"]) == sorted([code for code, _ in failing.values()] + ["E_READ"] * len(loop_links))
    documents = pd.read_parquet(out / "documents.parquet")
    assert len(documents) == len(EXPECTED) - len(failing) + 1


def test_cli_failure_lines_stay_one_line_for_any_name(folder, tmp_path):
    path, kinds = folder
    if "txt_newline_in_name" not in kinds:
        pytest.skip("file names cannot hold a newline here")
    result = CliRunner().invoke(cli, ["run", str(path / kinds["txt_newline_in_name"]), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    report = [line for line in result.output.splitlines() if "E_EMPTY" in line or line.startswith("gongwen: ")]
    assert len(report) == 1 and report[0].startswith("gongwen: ") and "E_EMPTY" in report[0], report


GBK_NAME = b"\xd6\xd0\xce\xc4.txt"  # 中文.txt in GBK


def _gbk_named(folder: Path, data: bytes) -> Path:
    """A file whose name is not valid UTF-8, or a skip where the file system refuses such names."""
    path = folder / os.fsdecode(GBK_NAME)
    try:
        path.write_bytes(data)
    except (OSError, UnicodeError):
        pytest.skip("this file system takes UTF-8 names only")
    return path


@pytest.mark.issue(13)
def test_non_utf8_file_name_is_processed_and_recorded_escaped(tmp_path):
    """A GBK file name used to raise UnicodeEncodeError in the cache and the spool: no tables at all.
    It is processed like any file, recorded as ``\\xd6\\xd0\\xce\\xc4.txt`` in the tables, the manifest
    and the failure lines, and the escaped form gives the name back."""
    import json

    import pandas as pd

    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copyfile(GOOD, inputs / GOOD_NAME)
    named = _gbk_named(inputs, bad.PLAN.encode("utf-8"))
    (inputs / os.fsdecode(b"\xd6\xd0.txt")).write_bytes(b"")  # a failure with such a name, too
    recorded = str(inputs) + "/\\xd6\\xd0\\xce\\xc4.txt"
    assert printable_path(named) == recorded and path_from_printable(recorded) == str(named)
    out = tmp_path / "out"
    for _ in range(2):  # the second run finds both documents in the manifest and cache
        result = CliRunner().invoke(cli, ["run", str(inputs), "-o", str(out)])
        assert result.exit_code == 1, result.output
        assert f"gongwen: {inputs}/\\xd6\\xd0.txt: E_EMPTY" in result.output
    documents = pd.read_parquet(out / "documents.parquet")
    assert sorted(documents["source_path"]) == sorted([str(inputs / GOOD_NAME), recorded])
    assert pd.read_parquet(out / "failures.parquet")["source_path"].tolist() == [f"{inputs}/\\xd6\\xd0.txt"]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert recorded in {entry["path"] for entry in manifest["inputs"]}
    alone = CliRunner().invoke(cli, ["run", str(named), "-o", str(tmp_path / "one")])  # the serial engine
    assert alone.exit_code == 0, alone.output
    assert pd.read_parquet(tmp_path / "one" / "documents.parquet")["source_path"].tolist() == [recorded]


@pytest.mark.issue(13)
def test_non_utf8_output_folder_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(cli, ["run", str(GOOD), "-o", str(tmp_path / os.fsdecode(b"o\xd6ut"))])
    assert result.exit_code == 2 and "must be valid UTF-8" in result.output, result.output


@pytest.mark.issue(13)
def test_row_over_arrow_json_block_lands_and_reruns_from_cache(tmp_path):
    """A 3 MB task row made Arrow's JSON reader fail at the commit ("straddling object straddles two
    block boundaries"), and every re-run failed the same way with the row from the cache."""
    import pandas as pd

    inputs = tmp_path / "in"
    inputs.mkdir()
    bad.write_long_item(inputs / "long_item.txt")
    shutil.copyfile(GOOD, inputs / GOOD_NAME)
    out = tmp_path / "out"
    first = CliRunner().invoke(cli, ["run", str(inputs), "-o", str(out)])
    assert first.exit_code == 0, first.output
    (inputs / GOOD_NAME).unlink()  # the next run has work to do; the long document comes from the cache
    second = CliRunner().invoke(cli, ["run", str(inputs), "-o", str(out)])
    assert second.exit_code == 0 and "(1 unchanged)" in second.output, second.output
    tasks = pd.read_parquet(out / "tasks.parquet")
    assert len(tasks) == 2 and len(tasks["text"][0].encode("utf-8")) > bad.LONG_ITEM_BYTES
    assert len(pd.read_csv(out / "tasks.csv", encoding="utf-8-sig")) == 2


@pytest.mark.issue(13)
def test_formula_and_escape_text_is_text_in_xlsx_csv_and_terminal(folder, tmp_path):
    """``export --xlsx`` wrote ``=HYPERLINK(…)`` task text as a live formula and the CSVs carried it; an
    ESC sequence in the text reached the terminal through ``show`` and ``query``."""
    import duckdb
    import pandas as pd

    openpyxl = pytest.importorskip("openpyxl")
    path, kinds = folder
    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["run", str(path / kinds["txt_formula_and_escape"]), "-o", str(out)]).exit_code == 0
    original = pd.read_parquet(out / "tasks.parquet")["title"].tolist()  # Parquet keeps the text as it was
    assert original[0].startswith('=HYPERLINK("http') and "\x1b[2J" in original[0]
    assert [t[0] for t in original] == ["=", "@", "+", "-"]
    with duckdb.connect(str(out / "gongwen.duckdb"), read_only=True) as con:
        assert [r[0] for r in con.execute("SELECT title FROM tasks ORDER BY seq").fetchall()] == original
    csv = pd.read_csv(out / "tasks.csv", encoding="utf-8-sig")
    assert csv["title"].tolist() == ["'" + t for t in original]  # OWASP: a quote before a formula trigger
    assert CliRunner().invoke(cli, ["export", str(out), "--xlsx", str(tmp_path / "t.xlsx")]).exit_code == 0
    sheet = openpyxl.load_workbook(tmp_path / "t.xlsx")["tasks"]
    column = [c.value for c in sheet[1]].index("title") + 1
    cells = [sheet.cell(row, column) for row in range(2, 6)]
    assert [c.value for c in cells] == [t.replace("\x1b", "") for t in original]  # xlsx cannot hold ESC
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    for args in (["show", str(out), "formula"], ["show", str(out), "formula", "--csv"],
                 ["query", str(out), "SELECT title FROM tasks", "--format", "table"], ["query", str(out), "SELECT title FROM tasks", "--format", "csv"],
                 ["query", str(out), "SELECT title, char_start FROM tasks", "--format", "json"]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, (args, result.output)
        assert "\x1b" not in result.output, args
        assert "table" in args or "\\x1b" in result.output or "\\u001b" in result.output, args  # shown, not run


def test_folder_tree_deeper_than_recursion_limit(tmp_path):
    root = tmp_path / "deep"
    deep_file = bad.write_deep_folders(root)
    try:
        result = run([root])
        assert [d.source_path for d in result.documents] + [f.source_path for f in result.failures] == [str(deep_file)]
    finally:
        bad.remove_deep_folders(root)
    assert not root.exists() or not any(root.iterdir())


def test_fifo_named_directly_is_refused_not_read(folder):
    """Reading a FIFO would block for ever; inside a folder walk it is skipped (not a regular file)."""
    path, kinds = folder
    if "fifo_named_txt" not in kinds:
        pytest.skip("no FIFOs on this system")
    result = run([path / kinds["fifo_named_txt"]])
    assert [(f.code, f.reason) for f in result.failures] == [("E_READ", "not a regular file (a folder, FIFO or device)")]


def test_cli_path_with_leading_dash(folder, tmp_path, monkeypatch):
    """A file named ``-通知 草稿.txt`` is an argument after ``--``, and reads fine."""
    path, kinds = folder
    out = tmp_path / "out"
    name = kinds["txt_leading_dash_name"]
    monkeypatch.chdir(path)
    result = CliRunner().invoke(cli, ["run", "-o", str(out), "--", name])
    assert result.exit_code == 0, result.output
    assert "1 documents" in result.output


# ------------------------------------------------------------------ readers directly


def test_mislabeled_files_name_both_formats(tmp_path):
    pdf = tmp_path / "x.docx"
    pdf.write_bytes(bad.minimal_pdf(["1. Do the work."]))
    assert content_format(pdf, pdf.read_bytes())[0] == "pdf"
    html = tmp_path / "download.pdf"
    html.write_bytes(b"<!DOCTYPE html><html><body>404 Not Found</body></html>")
    from pipeline.errors import UnsupportedFormat

    with pytest.raises(UnsupportedFormat, match=r"named '\.pdf' but is not a PDF: an HTML page"):
        read_path(html)


@pytest.mark.parametrize("limits, message", [
    ({"max_unzipped_bytes": 100}, "max_unzipped_bytes=100"),  # a real package inflates to a few kB
    ({"max_chars": 5}, "max_chars=5"),                        # the text is longer than five characters
])
def test_docx_limits_come_from_the_run(tmp_path, limits, message):
    from pipeline.errors import ReadError
    from pipeline.ingest.readers import ReadOptions

    path = tmp_path / "plain.docx"
    path.write_bytes(bad.minimal_docx(bad.document_xml(["一、工作任务", "1.加强组织领导。"])))
    assert "加强组织领导" in read_path(path).text
    with pytest.raises(ReadError, match=message):
        read_path(path, limits=ReadOptions(**limits))


def test_docx_dtd_in_utf16_part_is_found(tmp_path):
    from pipeline.errors import UnsafeInput

    xml = bad.document_xml(["x"], doctype='<!DOCTYPE w:document [<!ENTITY a "b">]>\n')
    xml = xml.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    path = tmp_path / "utf16.docx"
    path.write_bytes(bad.minimal_docx(xml))
    with pytest.raises(UnsafeInput):
        read_path(path)


def test_html_xml_declaration_with_encoding(tmp_path):
    path = tmp_path / "x.html"
    path.write_bytes('<?xml version="1.0" encoding="utf-8"?><html><body><p>一、工作任务</p></body></html>'.encode())
    assert read_path(path).text == "一、工作任务"


def test_html_entities_not_resolved(folder):
    path, kinds = folder
    source = read_path(path / kinds["html_entities"])
    assert "root:" not in source.text and "lollollol" not in source.text
    assert "]>" not in source.text


def test_html_script_text_dropped(folder):
    path, kinds = folder
    source = read_path(path / kinds["html_script"])
    assert "脚本" not in source.text and "不该出现" not in source.text and "alert" not in source.text


def test_html_deep_nesting_keeps_the_text(folder):
    path, kinds = folder
    assert read_path(path / kinds["html_deep_nesting"]).text == "一、工作任务\n1.深层嵌套的任务。"


def test_deep_numbering_segments(folder):
    path, kinds = folder
    result = run([path / kinds["txt_deep_numbering"]])
    assert not result.failures
    assert len(result.documents[0].tables["tasks"]) + len(result.documents[0].tables["sections"]) > 0


# ------------------------------------------------------------------ big inputs


@pytest.mark.slow
def test_big_inputs_finish_quickly(tmp_path):
    bad.write_big_txt(tmp_path / "big_50mb.txt")
    bad.write_long_line(tmp_path / "long_line.txt")
    shutil.copyfile(GOOD, tmp_path / GOOD_NAME)
    assert (tmp_path / "big_50mb.txt").stat().st_size >= bad.BIG_TXT_BYTES
    started = time.perf_counter()
    result = run([tmp_path])
    seconds = time.perf_counter() - started
    assert seconds < 20, seconds
    outcomes = _outcomes(result)
    assert outcomes[str(tmp_path / "big_50mb.txt")][0][0] == "E_TOO_LARGE"
    _one_line_reason(outcomes[str(tmp_path / "big_50mb.txt")][0][1])
    assert outcomes[str(tmp_path / "long_line.txt")] == [("OK", "")]
    assert outcomes[str(tmp_path / GOOD_NAME)] == [("OK", "")]
    assert all(isinstance(d, DocumentResult) for d in result.documents)


def test_pdf_decompression_bomb_is_stopped_by_the_worker_memory_cap(tmp_path):
    """A 600 kB PDF whose page inflates to 600 MB: the worker's heap cap (RLIMIT_DATA) stops it;
    the good circular beside it lands (the cap, 200 MB, counts from what a forked worker inherits)."""
    from pipeline.settings import Settings

    (tmp_path / "bomb.pdf").write_bytes(bad.pdf_flate_bomb(600 << 20))
    shutil.copyfile(GOOD, tmp_path / GOOD_NAME)
    settings = Settings(engine="processes", workers=2, max_memory_bytes=200 << 20)
    result = run([tmp_path], settings=settings)
    assert [Path(d.source_path).name for d in result.documents] == [GOOD_NAME]
    (failure,) = result.failures
    assert failure.code in ("E_TOO_LARGE", "E_WORKER_DIED"), failure  # MemoryError in Python, abort() in pdfium
    _one_line_reason(failure.reason)


def _tree(root: Path) -> dict[str, tuple[int, int]]:
    """path -> (size, mtime) of every file and link under ``root``, links not followed."""
    found = {}
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in [*files, *dirs]:
            path = Path(folder) / name
            info = path.lstat()
            found[str(path.relative_to(root))] = (info.st_size if not path.is_dir() else 0, info.st_mtime_ns)
    return found


def test_nothing_is_written_outside_out(folder, tmp_path):
    """Inputs with hostile names and contents (``-`` names, ``..``-looking names, zip entries, DTDs)
    never make the run write anywhere but OUT: the input folder is left byte for byte, and the
    only new entries beside it are OUT's."""
    path, _ = folder
    hostile = tmp_path / "inputs"
    shutil.copytree(path, hostile, symlinks=True, ignore=lambda d, names: [n for n in names if n.startswith("pipe")])
    (hostile / "..%2f..%2fescape.txt").write_bytes(GOOD.read_bytes() + b"\n")
    before_inputs, before_parent = _tree(hostile), set(os.listdir(tmp_path))
    out = tmp_path / "out"
    CliRunner().invoke(cli, ["run", str(hostile), "-o", str(out), "-q"])
    assert _tree(hostile) == before_inputs
    assert set(os.listdir(tmp_path)) - before_parent == {"out"}
    assert (out / "documents.parquet").exists()
    for entry in (out / ".gongwen" / "current" / "text").iterdir():  # texts are named by doc_id only
        assert len(entry.name.split(".")[0]) == 16 and all(c in "0123456789abcdef" for c in entry.name.split(".")[0])
