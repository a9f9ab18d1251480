"""The command line, invoked as a user would (sqlite-utils' CliRunner style)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pandas as pd
from click.testing import CliRunner

import schemas
from pipeline.cli import cli

from tests import ROOT


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)




def test_cli_run_writes_every_table(seeds_out):
    for name in schemas.TABLES:
        assert (seeds_out / f"{name}.parquet").exists()
        assert (seeds_out / f"{name}.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # BOM for Excel
    con = duckdb.connect(str(seeds_out / "gongwen.duckdb"), read_only=True)
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == len(list((ROOT / "corpus" / "gold").glob("*.json")))
    manifest = json.loads((seeds_out / "manifest.json").read_text(encoding="utf-8"))
    assert {"settings", "extractors", "inputs"} <= set(manifest)
    # dates.v3+quotas.v3: an extractor names the versions of the extractors whose rules it uses
    assert all(re.fullmatch(r"[a-z]+\.v\d+(?:\+[a-z]+\.v\d+)*", name) for name in manifest["extractors"])


def test_cli_run_offsets_index_the_saved_text(seeds_out):
    """text[char_start:char_end] equals the row's text, for every row with both."""
    for name in ("tasks", "departments", "quotas", "dates"):
        frame = pd.read_parquet(seeds_out / f"{name}.parquet")
        for row in frame.itertuples():
            clean = (seeds_out / "text" / f"{row.doc_id}.txt").read_text(encoding="utf-8")
            assert clean[row.char_start : row.char_end] == row.text, (name, row)


def test_cli_run_bad_inputs_reported_and_batch_lands(tmp_path):
    good = tmp_path / "in" / "good.txt"
    good.parent.mkdir()
    good.write_text("一、工作任务\n1.加强组织领导。\n2.完善制度。", encoding="utf-8")
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "in" / "noise.txt").write_bytes(bytes(range(256)) * 20)
    odd = tmp_path / "notes.xyz"
    odd.write_text("x", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["run", str(tmp_path / "in"), str(odd), "-o", str(out)])
    assert result.exit_code == 1  # some inputs failed
    lines = [line for line in result.output.splitlines() if line.startswith("gongwen:")]
    assert len(lines) == 3
    assert any("empty.txt: E_EMPTY" in line for line in lines)
    assert any("noise.txt: E_DECODE" in line for line in lines)
    assert any("notes.xyz: E_FORMAT unsupported file type '.xyz'" in line for line in lines)
    assert "Traceback" not in result.output
    tasks = pd.read_parquet(out / "tasks.parquet")
    assert list(tasks["number"]) == ["1", "2"]
    failures = pd.read_parquet(out / "failures.parquet")
    assert sorted(failures["code"]) == ["E_DECODE", "E_EMPTY", "E_FORMAT"]


def test_cli_check_passes_and_fails_on_floors(seeds_out):
    ok = invoke("check", seeds_out, "--gold", ROOT / "corpus" / "gold", "--min-f1", "tasks=0.95", "--no-diff")
    assert ok.exit_code == 0 and "TOTAL" in ok.output
    impossible = CliRunner().invoke(cli, ["check", str(seeds_out), "--gold", str(ROOT / "corpus" / "gold"),
                                          "--min-f1", "tasks=1.01"])
    assert impossible.exit_code == 1
    assert "FAIL tasks F1" in impossible.output


def test_cli_check_json(seeds_out):
    result = invoke("check", seeds_out, "--gold", ROOT / "corpus" / "gold", "--json")
    data = json.loads(result.output)
    assert data["tasks"]["f1"] >= 0.95


def test_cli_show(seeds_out):
    result = invoke("show", seeds_out, "002_7a1c", "--table", "tasks", "--csv")
    assert result.exit_code == 0
    assert result.output.count("\n") == 39  # header + 38 tasks


def test_cli_every_command_has_help_and_is_in_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, command in cli.commands.items():
        assert command.help and "Example:" in command.help, name
        assert f"gongwen {name}" in readme, name


def test_cli_run_options_are_the_settings_fields():
    """Every Settings field but ``max_chars`` (project file and API only) has its ``gongwen run`` option;
    no option has a default of its own, the default its help states is Settings', and the choices are
    those Settings checks against."""
    from dataclasses import fields

    from extractors import DEFAULT_EXTRACTORS
    from pipeline.cli import RUN_SETTINGS, run_command
    from pipeline.ingest.readers import PDF_ENGINES, ocr
    from pipeline.settings import ENGINES, Settings

    params = {param.name: param for param in run_command.params}
    assert {f.name for f in fields(Settings)} - {s.field for s in RUN_SETTINGS} == {"max_chars"}
    given = run_command.make_context("run", ["a.txt", "-o", "out"]).params
    for setting in RUN_SETTINGS:
        assert given[setting.field] is None, setting.field  # left out: the project file or Settings decides
        if "{default}" in setting.help:
            assert f"default {setting.default()}" in params[setting.field].help, setting.field
    in_words = {s.field for s in RUN_SETTINGS if "{default}" not in s.help}
    assert in_words == {"extractors", "workers", "scheduler"}
    assert (Settings().extractors, Settings().workers, Settings().scheduler) == (DEFAULT_EXTRACTORS, 0, "")
    assert params["max_input_bytes"].help.endswith("(default 100).")  # bytes shown as MB
    for name, allowed in (("engine", ENGINES), ("pdf_engine", PDF_ENGINES), ("ocr", ocr.MODES)):
        assert tuple(params[name].type.choices) == tuple(allowed), name


def test_cli_run_parallel_equals_serial(tmp_path):
    """Two worker processes land exactly the tables one process lands."""
    outs = {}
    for workers in ("1", "2"):
        out = tmp_path / f"w{workers}"
        assert invoke("run", ROOT / "corpus" / "seeds", ROOT / "corpus" / "dev", "-o", out, "-q", "--workers", workers).exit_code == 0
        outs[workers] = out
    for name in ("documents", "sections", "tasks", "departments", "quotas", "dates"):
        pd.testing.assert_frame_equal(pd.read_parquet(outs["1"] / f"{name}.parquet"), pd.read_parquet(outs["2"] / f"{name}.parquet"))


TABLE_NAMES = ("documents", "sections", "tasks", "departments", "quotas", "dates", "issues", "failures")


def _frames(out):
    return {name: pd.read_parquet(out / f"{name}.parquet") for name in TABLE_NAMES}


def test_cli_incremental_run_equals_fresh_run(tmp_path):
    """Unchanged inputs are reused; changed, added and removed ones are handled; tables equal a fresh run."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    seeds = sorted((ROOT / "corpus" / "seeds").glob("*.txt"))
    for seed in seeds[:4]:
        (inputs / seed.name).write_bytes(seed.read_bytes())
    out = tmp_path / "out"
    assert invoke("run", inputs, "-o", out, "-q", "-w", "1").exit_code == 0

    (inputs / seeds[0].name).unlink()  # removed
    changed = inputs / seeds[1].name
    changed.write_text(changed.read_text(encoding="utf-8") + "\n补充说明。", encoding="utf-8")  # changed
    (inputs / seeds[4].name).write_bytes(seeds[4].read_bytes())  # added
    result = invoke("run", inputs, "-o", out, "-w", "1")
    assert "4 documents (2 unchanged)" in result.output

    fresh = tmp_path / "fresh"
    assert invoke("run", inputs, "-o", fresh, "-q", "-w", "1").exit_code == 0
    for name, frame in _frames(out).items():
        pd.testing.assert_frame_equal(frame, _frames(fresh)[name], obj=name)
    assert sorted(p.name for p in (out / "text").iterdir()) == sorted(p.name for p in (fresh / "text").iterdir())
    statuses = {Path(e["path"]).name: e["status"] for e in json.loads((out / "manifest.json").read_text())["inputs"]}
    assert statuses == {seeds[1].name: "processed", seeds[2].name: "unchanged", seeds[3].name: "unchanged",
                        seeds[4].name: "processed"}


def test_cli_force_and_changed_settings_process_again(tmp_path):
    out = tmp_path / "out"
    seed = ROOT / "corpus" / "seeds" / "002_7a1c7de3253825f7.txt"
    assert invoke("run", seed, "-o", out, "-q").exit_code == 0
    before = (out / "tasks.parquet").stat().st_mtime_ns
    assert "1 documents unchanged" in invoke("run", seed, "-o", out).output
    assert (out / "tasks.parquet").stat().st_mtime_ns == before  # nothing changed: nothing rewritten
    assert "(0 unchanged)" in invoke("run", seed, "-o", out, "--force").output
    assert "(0 unchanged)" in invoke("run", seed, "-o", out, "--opencc-config", "tw2s").output  # new fingerprint
