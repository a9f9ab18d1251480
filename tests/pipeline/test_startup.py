"""What ``gongwen run`` imports: each library only where its stage runs (issue #16).

Every check runs the command line in a fresh interpreter, which then prints the
modules it loaded; no timing is asserted (``benchmarks/throughput.py`` measures).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from tests import ROOT
SMALL = ROOT / "corpus" / "seeds" / "002_7a1c7de3253825f7.txt"


def modules_after_run(*args: str, whole: bool = False) -> set[str]:
    """The top-level packages (every module with ``whole``) in ``sys.modules`` after ``gongwen run ARGS``
    in a new process."""
    script = textwrap.dedent(f"""
        import json, sys
        from pipeline.cli import cli
        try:
            cli({list(args)!r})
        except SystemExit as exc:
            assert not exc.code, exc.code
        print(json.dumps(sorted({{name if {whole!r} else name.split(".")[0] for name in sys.modules}})))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True)
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_a_run_writes_through_duckdb_alone(tmp_path):
    """DuckDB writes the Parquet and CSV files too: pyarrow and numpy (about 0.3 s CPU to import)
    and pandas are never loaded, nor the export's libraries."""
    out = str(tmp_path / "out")
    loaded = modules_after_run("run", str(SMALL), "-o", out, "-q")
    assert "duckdb" in loaded  # the commit did run
    assert not loaded & {"pyarrow", "numpy", "pandas"}
    assert not loaded & {"spacy", "jieba", "icalendar", "thinc"}


def test_a_run_with_every_table_empty_but_one_loads_no_arrow(tmp_path):
    """An empty table (no failures, here) is written by DuckDB too."""
    out = str(tmp_path / "out")
    loaded = modules_after_run("run", str(SMALL), "-o", out, "-q", "--extractors", "documents")
    assert not loaded & {"pyarrow", "numpy", "pandas"}


def test_an_unchanged_rerun_loads_no_writer(tmp_path):
    """A re-run with nothing to do stops after hashing: neither Arrow nor DuckDB nor the pool is loaded,
    nor catalogue (the extractor registry is a dict: importing catalogue cost 0.07 s CPU)."""
    out = str(tmp_path / "out")
    modules_after_run("run", str(SMALL), "-o", out, "-q")
    loaded = modules_after_run("run", str(SMALL), "-o", out, "-q")
    assert not loaded & {"pyarrow", "duckdb", "pandas", "numpy", "pebble", "catalogue"}


def test_an_unchanged_rerun_loads_no_step_of_a_document(tmp_path):
    """Nor the chain of one document: normalisation, segmentation, the worker, an extractor's rules
    (about 0.04 s of a 0.15 s re-run, when the run's module imported the chain at its top)."""
    out = str(tmp_path / "out")
    modules_after_run("run", str(SMALL), "-o", out, "-q")
    loaded = modules_after_run("run", str(SMALL), "-o", out, "-q", whole=True)
    steps = {"pipeline.chain", "pipeline.ingest.normalise", "pipeline.ingest.segment", "pipeline.run.worker"}
    assert not loaded & steps
    assert not {name for name in loaded if name.startswith("extractors.") and name != "extractors.registry"}


def modules_after_api_run(out) -> tuple[bool, set[str]]:
    """Whether ``run_into`` found nothing to do for SMALL into ``out``, and the modules loaded, in a new process."""
    script = textwrap.dedent(f"""
        import json, sys
        from pathlib import Path
        from pipeline.cli import _version
        from pipeline.run.batch import run_into
        from pipeline.settings import Settings
        summary = run_into(Path({str(out)!r}), [Path({str(SMALL)!r})], Settings(), version=_version())
        print(json.dumps([summary.unchanged, sorted(sys.modules)]))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True)
    unchanged, loaded = json.loads(done.stdout.strip().splitlines()[-1])
    return unchanged, set(loaded)


def test_an_unchanged_rerun_imports_no_extractor(tmp_path):
    """The last run recorded the digest of what its fingerprint is made of (the extractors' sources, the
    settings, the version): the same digest, the same fingerprint, so no extractor module is imported
    to remake it (their rules compile as they load). A digest that differs (an edited comment) costs the
    imports, and the fingerprint decides."""
    out = tmp_path / "out"
    assert modules_after_api_run(out)[0] is False
    unchanged, loaded = modules_after_api_run(out)
    assert unchanged and not {name for name in loaded if name.startswith("extractors.")} - {"extractors.registry"}

    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    manifest["fingerprint_sources"] = "an older source"
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    unchanged, loaded = modules_after_api_run(out)
    assert unchanged and "extractors.dates" in loaded
