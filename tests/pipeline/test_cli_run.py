"""``gongwen run`` under faults: a full disk, a busy output folder, links out of the input folder, limits."""

from __future__ import annotations

import errno
import os
import shutil
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from pipeline.cli import EXIT_OUTPUT_FAILED, cli
from pipeline.run.storage import lock_output

from tests import ROOT
SEED = ROOT / "corpus" / "seeds" / "002_7a1c7de3253825f7.txt"
OTHER = ROOT / "corpus" / "seeds" / "003_54c8743819056970.txt"


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_run_disk_full_reports_and_keeps_previous_output(tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert invoke("run", SEED, "-o", out, "-q").exit_code == 0
    before = pd.read_parquet(out / "tasks.parquet")

    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("pipeline.run.storage._table_to_parquet", no_space)
    result = invoke("run", OTHER, "-o", out)
    assert result.exit_code == EXIT_OUTPUT_FAILED
    assert "No space left on device" in result.output and "previous output is unchanged" in result.output
    assert "Traceback" not in result.output
    pd.testing.assert_frame_equal(pd.read_parquet(out / "tasks.parquet"), before)


def test_run_refuses_an_output_folder_another_run_is_writing(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with lock_output(out):
        result = invoke("run", SEED, "-o", out)
    assert result.exit_code == EXIT_OUTPUT_FAILED
    assert "another gongwen run is writing" in result.output


def test_run_does_not_follow_links_out_of_an_input_folder(tmp_path):
    """A link inside the folder to a file elsewhere is a failure row; a link within the folder is read."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    outside = tmp_path / "secret"
    outside.mkdir()
    shutil.copy(OTHER, outside / "secret.txt")
    shutil.copy(SEED, inputs / "real.txt")
    os.symlink(outside / "secret.txt", inputs / "leak.txt")
    os.symlink(inputs / "real.txt", inputs / "alias.txt")  # same file, inside: read once (as alias.txt, first by name)
    out = tmp_path / "out"
    result = invoke("run", inputs, "-o", out)
    assert result.exit_code == 1
    failures = pd.read_parquet(out / "failures.parquet")
    assert failures["code"].tolist() == ["E_OUTSIDE"]
    assert Path(failures["source_path"][0]).name == "leak.txt"
    assert len(pd.read_parquet(out / "documents.parquet")) == 1
    # named directly on the command line, the same link is the user's choice and is read
    assert invoke("run", inputs / "leak.txt", "-o", tmp_path / "direct", "-q").exit_code == 0


@pytest.mark.parametrize("args, code", [
    (["--max-input-mb", "0.001"], "E_TOO_LARGE"),  # a seed is several kB
    (["--time-limit", "0.000001", "-w", "1"], "E_TIMEOUT"),  # no document finishes in a microsecond
])
def test_run_limits_from_the_command_line(tmp_path, args, code):
    result = invoke("run", SEED, "-o", tmp_path / "out", *args)
    assert result.exit_code == 1
    assert pd.read_parquet(tmp_path / "out" / "failures.parquet")["code"].tolist() == [code]


@pytest.mark.parametrize("args, message", [
    (["--engine", "threads"], "Invalid value for '--engine'"),
    (["--time-limit", "-1"], "Invalid value for '--time-limit'"),
])
def test_run_bad_flags_are_usage_errors(tmp_path, args, message):
    result = invoke("run", SEED, "-o", tmp_path / "out", *args)
    assert result.exit_code == 2 and message in result.output


def test_run_one_line_summary(tmp_path):
    result = invoke("run", SEED, OTHER, "-o", tmp_path / "out")
    assert result.exit_code == 0
    assert "2 documents (0 unchanged)" in result.output and "documents/s" in result.output


@pytest.mark.parametrize("path, args, code", [
    ("corpus/rendered/dev04_zhijiao_2023.pdf", ["--max-pages", "1"], "E_TOO_LARGE"),  # a three-page PDF
    ("corpus/rendered/word/dev01_yingshang_2026.docx", ["--max-unzipped-mb", "0.001"], "E_UNSAFE"),  # inflates to kBs
])
def test_run_reader_limits_from_the_command_line(tmp_path, path, args, code):
    result = invoke("run", ROOT / path, "-o", tmp_path / "out", *args)
    assert result.exit_code == 1, result.output
    failures = pd.read_parquet(tmp_path / "out" / "failures.parquet")
    assert failures["code"].tolist() == [code]
    assert args[0].lstrip("-").replace("-", "_").replace("_mb", "_bytes") in failures["reason"][0]


# --- a mistaken run never replaces the previous output (issue #13) ------------------------------

def _seeded_out(tmp_path: Path) -> tuple[Path, pd.DataFrame]:
    out = tmp_path / "out"
    assert invoke("run", SEED, OTHER, "-o", out, "-q").exit_code == 0
    return out, pd.read_parquet(out / "tasks.parquet")


@pytest.mark.issue(13)
def test_typo_path_is_usage_error_and_keeps_previous_output(tmp_path):
    """``gongwen run corpus/seedz -o outputs/`` replaced 113 tasks with 0."""
    out, before = _seeded_out(tmp_path)
    result = invoke("run", tmp_path / "seedz", "-o", out)
    assert result.exit_code == 2 and "no such file or folder" in result.output and "seedz" in result.output
    pd.testing.assert_frame_equal(pd.read_parquet(out / "tasks.parquet"), before)


@pytest.mark.issue(13)
def test_empty_folder_is_usage_error_and_keeps_previous_output(tmp_path):
    out, before = _seeded_out(tmp_path)
    (tmp_path / "empty").mkdir()
    result = invoke("run", tmp_path / "empty", "-o", out)
    assert result.exit_code == 2 and "no document files in" in result.output
    pd.testing.assert_frame_equal(pd.read_parquet(out / "tasks.parquet"), before)
    assert not (tmp_path / "fresh").exists() and invoke("run", tmp_path / "empty", "-o", tmp_path / "fresh").exit_code == 2
    assert not (tmp_path / "fresh").exists()


@pytest.mark.issue(13)
def test_all_inputs_failed_keeps_previous_output_and_cache(tmp_path):
    out, before = _seeded_out(tmp_path)
    cached = sorted((out / ".gongwen" / "cache").rglob("*.json.gz"))
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "empty.txt").write_bytes(b"")
    result = invoke("run", tmp_path / "bad", "-o", out)
    assert result.exit_code == 1, result.output
    assert "E_EMPTY" in result.output and "every input failed" in result.output and "previous output" in result.output
    pd.testing.assert_frame_equal(pd.read_parquet(out / "tasks.parquet"), before)
    assert sorted((out / ".gongwen" / "cache").rglob("*.json.gz")) == cached
    assert len(list((out / ".gongwen" / "snapshots").iterdir())) == 1
    # into a new folder the failures are the output: there is nothing earlier to keep
    fresh = invoke("run", tmp_path / "bad", "-o", tmp_path / "fresh")
    assert fresh.exit_code == 1 and pd.read_parquet(tmp_path / "fresh" / "failures.parquet")["code"].tolist() == ["E_EMPTY"]


@pytest.mark.parametrize("args, message", [
    (["--extractors", "tasks,foo"], "\"extractors\": unknown 'foo'; choose from "),  # was a ModuleNotFoundError traceback
    (["--extractors", "fields"], "\"extractors\": unknown 'fields'; choose from "),  # a stage's module, no extractor
    (["--extractors", "ids,tasks"], "\"extractors\": unknown 'ids'; choose from "),  # a helper module of extractors/
    (["--opencc-config", "xx"], "\"opencc_config\": unknown 'xx'; choose from "),  # was E_INTERNAL for every document
])
@pytest.mark.issue(13)
def test_unknown_extractor_or_opencc_config_is_one_usage_line(tmp_path, args, message):
    result = invoke("run", SEED, OTHER, "-o", tmp_path / "out", *args)
    assert result.exit_code == 2, result.output
    (line,) = [line for line in result.output.splitlines() if message in line]
    assert ("tasks" if "extractors" in message else "tw2s") in line and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.issue(13)
def test_out_inside_input_folder_is_not_read_back(tmp_path):
    """An OUT inside the input folder was read back as input on the next run (its texts, snapshots and
    report pages): 5 → 10 → 21 documents. OUT, any .gongwen folder and report sites are skipped."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SEED, inputs / "a.txt")
    shutil.copy(OTHER, inputs / "b.txt")
    for _ in range(2):
        assert invoke("run", inputs, "-o", inputs / "out", "--force", "-q").exit_code == 0
        assert invoke("report", inputs / "out", "-o", inputs / "site").exit_code == 0
        assert len(pd.read_parquet(inputs / "out" / "documents.parquet")) == 2
    # another output folder in the inputs (an earlier OUT) is skipped too
    assert invoke("run", inputs, "-o", tmp_path / "elsewhere", "-q").exit_code == 0
    assert sorted(pd.read_parquet(tmp_path / "elsewhere" / "documents.parquet")["source_path"]) == [
        str(inputs / "a.txt"), str(inputs / "b.txt")]


@pytest.mark.issue(13)
def test_duplicate_inputs_are_read_once_and_are_not_failures(tmp_path):
    """620 files with repeats gave "589 failed", exit 1: every copy was processed in full, then failed as
    E_DUPLICATE. Copies are found before processing and recorded as W_DUPLICATE issues naming the original."""
    import json

    inputs = tmp_path / "in"
    (inputs / "copies").mkdir(parents=True)
    shutil.copy(SEED, inputs / "a.txt")
    shutil.copy(OTHER, inputs / "b.txt")
    for name in ("a1.txt", "a2.txt"):
        shutil.copy(SEED, inputs / "copies" / name)
    out = tmp_path / "out"
    result = invoke("run", inputs, "-o", out)
    assert result.exit_code == 0, result.output
    assert "2 documents (0 unchanged, 2 duplicates)" in result.output and "0 failed" in result.output
    assert pd.read_parquet(out / "failures.parquet").empty
    assert len(pd.read_parquet(out / "documents.parquet")) == 2
    issues = pd.read_parquet(out / "issues.parquet").query("code == 'W_DUPLICATE'")
    assert [m.split(" has the same bytes as ") for m in issues["message"]] == [
        [str(inputs / "copies" / name), f"{inputs / 'a.txt'}; read once"] for name in ("a1.txt", "a2.txt")]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(e["status"] for e in manifest["inputs"]) == ["duplicate", "duplicate", "processed", "processed"]
    assert invoke("run", inputs, "-o", out).output.startswith("2 documents unchanged")


@pytest.mark.issue(13)
def test_duplicate_inputs_are_not_processed(tmp_path, monkeypatch):
    from pipeline.run import batch, worker
    from pipeline.settings import Settings

    for name in ("a.txt", "b.txt", "c.txt"):
        shutil.copy(SEED, tmp_path / name)
    calls = []
    process_path = worker.process_path
    monkeypatch.setattr(worker, "process_path", lambda path, *a, **k: calls.append(path) or process_path(path, *a, **k))
    result = batch.run([tmp_path], settings=Settings(engine="serial"))
    assert calls == [tmp_path / "a.txt"]
    assert (len(result.documents), result.failures, len(result.duplicates)) == (1, [], 2)


def test_a_row_that_breaks_its_contract_fails_its_document_not_the_run(tmp_path, monkeypatch):
    """Rows are checked where the document is made (the worker): an extractor that makes a bad row
    (a year that is no number) fails that document with E_SCHEMA, and the other documents land."""
    from pipeline.run import worker
    from pipeline.run.batch import run_into
    from pipeline.settings import Settings

    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SEED, inputs / "a.txt")
    shutil.copy(OTHER, inputs / "b.txt")
    real = worker.circular_to_rows

    def rows(circular, infos):
        tables = real(circular, infos)
        if "b.txt" in circular.source.path:
            tables["documents"] = [replace(row, year="二〇一九") for row in tables["documents"]]
        return tables

    monkeypatch.setattr(worker, "circular_to_rows", rows)
    summary = run_into(tmp_path / "out", [inputs], Settings(engine="serial"), version="test")
    assert [(f.source_path.rpartition("/")[2], f.code) for f in summary.failures] == [("b.txt", "E_SCHEMA")]
    assert "year" in summary.failures[0].reason
    assert pd.read_parquet(tmp_path / "out" / "documents.parquet")["source_path"].str.endswith("a.txt").tolist() == [True]
